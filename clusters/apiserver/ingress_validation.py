"""Ingress validation (kubernetes/kubernetes:pkg/apis/networking/validation/validation.go, 1.32).

ValidateIngressCreate / ValidateIngressUpdate: ValidateIngressSpec (either a
defaultBackend or rules, validateIngressRules with hosts as DNS-1123
subdomains or wildcards and never IPs, validateHTTPIngressPath's pathType and
path rules, validateIngressBackend's service or resource backend,
validateIngressTLS, ingressClassName) and, on create only, the
``kubernetes.io/ingress.class`` annotation agreeing with ingressClassName.
An update keeps accepting an invalid TLS secretName or an invalid rule under a
wildcard host when the stored object already had one (allowInvalidSecretName,
allowInvalidWildcardHostRule). 1.32 has no RelaxedServiceNameValidation: a
backend Service name is a DNS-1035 label.
"""
from __future__ import annotations

from clusters.apiserver import networkpolicy_validation
from clusters.apiserver import validation as v
from clusters.apiserver.errors import FieldError, GoValue, invalid_value, not_supported, required

_PATH_TYPES = ["Exact", "ImplementationSpecific", "Prefix"]  # supportedPathTypes.List(), sorted
_INVALID_SEQUENCES = ("//", "/./", "/../", "%2f", "%2F")
_INVALID_SUFFIXES = ("/..", "/.")
_WILDCARD_MSG = ("a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must "
                 "consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character "
                 "(e.g. '*.example.com', regex used for validation is "
                 "'\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")


def _wildcard_subdomain(value: str) -> list[str]:
    """apimachinery validation.IsWildcardDNS1123Subdomain."""
    msgs = []
    if len(value) > 253:
        msgs.append("must be no more than 253 characters")
    if not (value.startswith("*.") and not v.dns1123_subdomain(value[2:])):
        msgs.append(_WILDCARD_MSG)
    return msgs


def _host(host: str, path: str, errs: list[FieldError]) -> None:
    rule = _wildcard_subdomain if "*" in host else v.dns1123_subdomain
    errs.extend(invalid_value(path, host, m) for m in rule(host))


def _backend(b: dict, path: str, errs: list[FieldError]) -> None:
    svc, res = b.get("service"), b.get("resource")
    if svc is not None and res is not None:
        errs.append(invalid_value(path, "", "cannot set both resource and service backends"))
    elif res is not None:
        _typed_reference(res, f"{path}.resource", errs)
    elif svc is not None:
        name = svc.get("name") or ""
        if not name:
            errs.append(required(f"{path}.service.name"))
        errs.extend(invalid_value(f"{path}.service.name", name, m) for m in (v.dns1035_label(name) if name else ()))
        port = svc.get("port") or {}
        pname, number = port.get("name") or "", port.get("number") or 0
        if pname and number:
            errs.append(invalid_value(path, "", "cannot set both port name & port number"))
        elif pname:
            errs.extend(invalid_value(f"{path}.service.port.name", pname, m)
                        for m in networkpolicy_validation.port_name_errors(pname))
        elif number:
            if not 1 <= number <= 65535:
                errs.append(invalid_value(f"{path}.service.port.number", number, "must be between 1 and 65535, inclusive"))
        else:
            errs.append(required(path, "port name or number is required"))
    else:
        errs.append(invalid_value(path, "", "resource or service backend is required"))


def _typed_reference(ref: dict, path: str, errs: list[FieldError]) -> None:
    """validateIngressTypedLocalObjectReference."""
    group = ref.get("apiGroup")
    if group is not None:
        errs.extend(invalid_value(f"{path}.apiGroup", group, m) for m in v.dns1123_subdomain(group))
    for key in ("kind", "name"):
        val = ref.get(key) or ""
        if not val:
            errs.append(required(f"{path}.{key}"))
        errs.extend(invalid_value(f"{path}.{key}", val, m) for m in (v.path_segment_name(val) if val else ()))


def _http_path(p: dict, path: str, errs: list[FieldError]) -> None:
    """validateHTTPIngressPath: a path without pathType is reported alone."""
    ptype, value = p.get("pathType"), p.get("path") or ""
    if ptype is None:
        errs.append(required(f"{path}.pathType", "pathType must be specified"))
        return
    if ptype in ("Exact", "Prefix"):
        if not value.startswith("/"):
            errs.append(invalid_value(f"{path}.path", value, "must be an absolute path"))
        if value:
            errs.extend(invalid_value(f"{path}.path", value, f"must not contain '{s}'") for s in _INVALID_SEQUENCES if s in value)
            errs.extend(invalid_value(f"{path}.path", value, f"cannot end with '{s}'") for s in _INVALID_SUFFIXES if value.endswith(s))
    elif ptype == "ImplementationSpecific":
        if value and not value.startswith("/"):
            errs.append(invalid_value(f"{path}.path", value, "must be an absolute path"))
    else:
        errs.append(not_supported(f"{path}.pathType", ptype, _PATH_TYPES))
    _backend(p.get("backend") or {}, f"{path}.backend", errs)


def _rule_value(rule: dict, path: str, errs: list[FieldError]) -> None:
    http = rule.get("http")
    if http is not None:
        paths = http.get("paths") or []
        if not paths:
            errs.append(required(f"{path}.http.paths"))
        for i, p in enumerate(paths):
            _http_path(p or {}, f"{path}.http.paths[{i}]", errs)


def _rules(rules: list, allow_wildcard_rule: bool, errs: list[FieldError]) -> None:
    for i, rule in enumerate(rules):
        rule = rule or {}
        host, path = rule.get("host") or "", f"spec.rules[{i}]"
        if host:
            if v.is_ip(host):
                errs.append(invalid_value(f"{path}.host", host, "must be a DNS name, not an IP address"))
            _host(host, f"{path}.host", errs)
        if "*" not in host or not allow_wildcard_rule:
            _rule_value(rule, path, errs)


def _tls(tls: list, allow_invalid_secret: bool, errs: list[FieldError]) -> None:
    for t, entry in enumerate(tls):
        entry = entry or {}
        for i, host in enumerate(entry.get("hosts") or []):
            _host(host, f"spec.tls[{t}].hosts[{i}]", errs)
        secret = entry.get("secretName") or ""
        if secret and not allow_invalid_secret:
            errs.extend(invalid_value(f"spec.tls[{t}].secretName", secret, m) for m in v.dns1123_subdomain(secret))


def _allow_invalid_secret(old: dict | None) -> bool:
    tls = ((old or {}).get("spec") or {}).get("tls") or []
    return any(v.dns1123_subdomain(t.get("secretName") or "") for t in tls if (t or {}).get("secretName"))


def _allow_invalid_wildcard_rule(old: dict | None) -> bool:
    for rule in ((old or {}).get("spec") or {}).get("rules") or []:
        rule = rule or {}
        if "*" in (rule.get("host") or ""):
            errs: list[FieldError] = []
            _rule_value(rule, "", errs)
            if errs:
                return True
    return False


def validate(obj: dict, old: dict | None) -> list[FieldError]:
    errs: list[FieldError] = []
    spec = obj.get("spec") or {}
    rules, default = spec.get("rules"), spec.get("defaultBackend")
    if not rules and default is None:
        # field.Invalid(fldPath, spec.Rules, ...): the internal slice printed with %#v
        shown = "[]networking.IngressRule(nil)" if rules is None else "[]networking.IngressRule{}"
        errs.append(GoValue("spec", shown, "either `defaultBackend` or `rules` must be specified"))
    if default is not None:
        _backend(default, "spec.defaultBackend", errs)
    if rules:
        _rules(rules, _allow_invalid_wildcard_rule(old), errs)
    if spec.get("tls"):
        _tls(spec["tls"], _allow_invalid_secret(old), errs)
    cls = spec.get("ingressClassName")
    if cls is not None:
        errs.extend(invalid_value("spec.ingressClassName", cls, m) for m in v.dns1123_subdomain(cls))
    if old is None:
        annotation = ((obj.get("metadata") or {}).get("annotations") or {}).get("kubernetes.io/ingress.class")
        if annotation is not None and cls is not None and annotation != cls:
            errs.append(invalid_value("annotations.kubernetes.io/ingress.class", annotation,
                                      "must match `ingressClassName` when both are specified"))
    return errs
