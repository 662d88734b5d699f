"""Validation with upstream field paths and messages.

Name rules: k8s.io/apimachinery/pkg/util/validation/validation.go
(IsDNS1123Subdomain, IsDNS1123Label, IsDNS1035Label). Object rules:
kubernetes/kubernetes:pkg/apis/core/validation/validation.go and
pkg/apis/apps/validation/validation.go. Each validator returns a list of
FieldErrors; the API server turns them into one 422 Invalid.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from clusters import objects
from clusters.apiserver import (cron, disruption_budget_validation, ingress_validation, job_validation,
                                limitrange_validation, networkpolicy_validation, rbac, sysctls)
from clusters.apiserver.errors import FieldError, duplicate, forbidden_field, invalid_value, not_supported, required

_DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
_DNS1123_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
_DNS1035_LABEL = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
_QUALIFIED_NAME = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")
_LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")

DNS1123_LABEL_MSG = ("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
                     "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
                     "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")
DNS1123_SUBDOMAIN_MSG = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
                         "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
                         "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
DNS1035_LABEL_MSG = ("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
                     "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', "
                     "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')")


def dns1123_label(value: str) -> list[str]:
    msgs = []
    if len(value) > 63:
        msgs.append("must be no more than 63 characters")
    if not _DNS1123_LABEL.match(value):
        msgs.append(DNS1123_LABEL_MSG)
    return msgs


def dns1123_subdomain(value: str) -> list[str]:
    msgs = []
    if len(value) > 253:
        msgs.append("must be no more than 253 characters")
    if not _DNS1123_SUBDOMAIN.match(value):
        msgs.append(DNS1123_SUBDOMAIN_MSG)
    return msgs


def dns1035_label(value: str) -> list[str]:
    msgs = []
    if len(value) > 63:
        msgs.append("must be no more than 63 characters")
    if not _DNS1035_LABEL.match(value):
        msgs.append(DNS1035_LABEL_MSG)
    return msgs


@lru_cache(maxsize=4096)  # label keys and values repeat on every object of a kind
def qualified_name(value: str) -> tuple[str, ...]:
    """IsQualifiedName, for label and annotation keys."""
    msgs = []
    prefix, _, name = value.rpartition("/")
    if prefix:
        msgs += ["prefix part " + m for m in dns1123_subdomain(prefix)]
    if not name:
        msgs.append("name part must be non-empty")
    elif len(name) > 63:
        msgs.append("name part must be no more than 63 characters")
    elif not _QUALIFIED_NAME.match(name):
        msgs.append("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
                    "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
                    "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")
    return tuple(msgs)


@lru_cache(maxsize=4096)  # label keys and values repeat on every object of a kind
def label_value(value: str) -> tuple[str, ...]:
    msgs = []
    if len(value) > 63:
        msgs.append("must be no more than 63 characters")
    if not _LABEL_VALUE.match(value):
        msgs.append("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
                    "and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or "
                    "'12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")
    return tuple(msgs)


def path_segment_name(value: str) -> list[str]:
    """k8s.io/apimachinery/pkg/api/validation/path/name.go IsValidPathSegmentName."""
    if value in (".", ".."):
        return [f"may not be '{value}'"]
    return [f"may not contain '{c}'" for c in ("/", "%") if c in value]


# Name rule per kind (ValidateObjectMeta's nameFn in each type's validation).
_NAME_RULES: dict[str, Callable[[str], list[str]]] = {
    "Namespace": dns1123_label,
    "Service": dns1035_label,
    "APIService": path_segment_name,
    # rbac validation.go ValidateRBACName = path.IsValidPathSegmentName ("system:node" is a valid name)
    **{kind: path_segment_name for kind in rbac.VALIDATORS},
}


def _meta(obj: dict, kind: str, namespaced: bool, errs: list[FieldError]) -> None:
    m = obj.get("metadata") or {}
    name = m.get("name", "")
    for msg in _NAME_RULES.get(kind, dns1123_subdomain)(name):
        errs.append(invalid_value("metadata.name", name, msg))
    labels = m.get("labels") or {}
    if not isinstance(labels, dict):
        errs.append(invalid_value("metadata.labels", labels, "must be a map"))
        labels = {}
    for k, v in labels.items():
        for msg in qualified_name(str(k)):
            errs.append(invalid_value("metadata.labels", k, msg))
        if not isinstance(v, str):
            errs.append(invalid_value(f"metadata.labels", v, "label values must be strings"))
            continue
        for msg in label_value(v):
            errs.append(invalid_value("metadata.labels", v, msg))
    ann = m.get("annotations") or {}
    if isinstance(ann, dict):
        for k in ann:
            for msg in qualified_name(str(k)):
                errs.append(invalid_value("metadata.annotations", k, msg))
        total = sum(len(str(k)) + len(str(v)) for k, v in ann.items())
        if total > 256 * 1024:
            errs.append(FieldError(FieldError.TOO_LONG, "metadata.annotations", None, "may not be more than 262144 bytes"))


def _name_and_image(p: str, c: dict, seen: set, errs: list) -> None:
    """validateContainerCommon's name (a DNS-1123 label, unique among the pod's containers, ephemeral
    ones included) and image checks, which every kind of container shares."""
    name = c.get("name", "")
    if not name:
        errs.append(required(f"{p}.name", ""))
    else:
        errs.extend(invalid_value(f"{p}.name", name, msg) for msg in dns1123_label(name))
        if name in seen:
            errs.append(duplicate(f"{p}.name", name))
        seen.add(name)
    if not c.get("image"):
        errs.append(required(f"{p}.image", ""))


def _containers(containers, path: str, errs: list[FieldError], require: bool = True) -> None:
    if not containers:
        if require:
            errs.append(required(path, ""))
        return
    if not isinstance(containers, list):
        errs.append(invalid_value(path, containers, "must be a list"))
        return
    seen = set()
    for i, c in enumerate(containers):
        p = f"{path}[{i}]"
        if not isinstance(c, dict):
            errs.append(invalid_value(p, c, "must be an object"))
            continue
        _name_and_image(p, c, seen, errs)
        pol = c.get("imagePullPolicy")
        if pol not in (None, "Always", "IfNotPresent", "Never"):
            errs.append(not_supported(f"{p}.imagePullPolicy", pol, ["Always", "IfNotPresent", "Never"]))
        res = c.get("resources") or {}
        for kind_ in ("requests", "limits"):
            for rname, q in (res.get(kind_) or {}).items():
                try:
                    v = objects.parse_quantity(q)
                except objects.QuantityError as e:
                    errs.append(invalid_value(f"{p}.resources.{kind_}[{rname}]", q, str(e)))
                    continue
                if v < 0:
                    errs.append(invalid_value(f"{p}.resources.{kind_}[{rname}]", q, "must be greater than or equal to 0"))
        req, lim = res.get("requests") or {}, res.get("limits") or {}
        for rname in req:
            if rname in lim:
                try:
                    if objects.parse_quantity(req[rname]) > objects.parse_quantity(lim[rname]):
                        errs.append(invalid_value(f"{p}.resources.requests", req[rname], f"must be less than or equal to {rname} limit of {lim[rname]}"))
                except objects.QuantityError:
                    pass
        for j, port in enumerate(c.get("ports") or ()):
            cp = port.get("containerPort") if isinstance(port, dict) else None
            if not isinstance(cp, int) or not (0 < cp < 65536):
                errs.append(invalid_value(f"{p}.ports[{j}].containerPort", cp, "must be between 1 and 65535, inclusive"))


def validate_pod_spec(spec, path: str, errs: list[FieldError], claim_volumes: tuple = ()) -> None:
    """``claim_volumes``: a StatefulSet's volumeClaimTemplates names, which its pods get as volumes."""
    if not isinstance(spec, dict):
        errs.append(required(path, ""))
        return
    _containers(spec.get("containers"), f"{path}.containers", errs)
    _containers(spec.get("initContainers"), f"{path}.initContainers", errs, require=False)
    rp = spec.get("restartPolicy")
    if rp not in ("Always", "OnFailure", "Never"):
        errs.append(not_supported(f"{path}.restartPolicy", rp, ["Always", "OnFailure", "Never"]))
    dp = spec.get("dnsPolicy")
    if dp not in ("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"):
        errs.append(not_supported(f"{path}.dnsPolicy", dp, ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"]))
    tgp = spec.get("terminationGracePeriodSeconds")
    if isinstance(tgp, int) and tgp < 0:
        errs.append(invalid_value(f"{path}.terminationGracePeriodSeconds", tgp, "must be greater than or equal to 0"))
    sysctls.validate(spec, path, errs)
    _host_aliases(spec.get("hostAliases"), f"{path}.hostAliases", errs)
    vols = set(claim_volumes)
    for i, v in enumerate(spec.get("volumes") or ()):
        n = v.get("name", "") if isinstance(v, dict) else ""
        if not n:
            errs.append(required(f"{path}.volumes[{i}].name", ""))
        vols.add(n)
    for ci, c in enumerate(spec.get("containers") or ()):
        if not isinstance(c, dict):
            continue
        for j, vm in enumerate(c.get("volumeMounts") or ()):
            if isinstance(vm, dict) and vm.get("name") not in vols:
                errs.append(FieldError(FieldError.NOT_FOUND, f"{path}.containers[{ci}].volumeMounts[{j}].name", vm.get("name"), ""))


IP_MSG = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"


def is_ip(value) -> bool:
    """netutils.ParseIPSloppy: an IPv4 octet may have leading zeros (read as decimal)."""
    import ipaddress

    text = str(value)
    parts = text.split(".")
    if len(parts) == 4 and all(p.isdigit() and p.isascii() for p in parts):
        text = ".".join(str(int(p)) for p in parts)
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _host_aliases(aliases, path: str, errs: list[FieldError]) -> None:
    """ValidateHostAliases: each ip is an IP address, each hostname a DNS-1123 subdomain."""
    for i, alias in enumerate(aliases or ()):
        alias = alias if isinstance(alias, dict) else {}
        ip = alias.get("ip", "")
        if not is_ip(ip):
            errs.append(invalid_value(f"{path}[{i}].ip", ip, IP_MSG))
        for j, host in enumerate(alias.get("hostnames") or ()):
            for msg in dns1123_subdomain(str(host)):
                errs.append(invalid_value(f"{path}[{i}].hostnames[{j}]", host, msg))


def _immutable(new, old, path: str, errs: list[FieldError]) -> None:
    if new != old:
        errs.append(invalid_value(path, new, "field is immutable"))


def _pod(obj: dict, old: dict | None) -> list[FieldError]:
    errs: list[FieldError] = []
    validate_pod_spec(obj.get("spec"), "spec", errs)
    if old is not None and not errs and obj.get("spec") is not old.get("spec") and obj.get("spec") != old.get("spec"):
        # ValidatePodUpdate: only image, activeDeadlineSeconds, tolerations additions and a few more may change.
        new_spec = objects.clone(obj.get("spec") or {})
        old_spec = objects.clone(old.get("spec") or {})
        for s in (new_spec, old_spec):
            for c in s.get("containers") or ():
                c.pop("image", None)
            for c in s.get("initContainers") or ():
                c.pop("image", None)
            s.pop("activeDeadlineSeconds", None)
            s.pop("tolerations", None)
            s.pop("terminationGracePeriodSeconds", None)
        if not old_spec.get("nodeName"):
            new_spec.pop("nodeName", None)
            old_spec.pop("nodeName", None)
        if new_spec != old_spec:
            errs.append(forbidden_field("spec", "pod updates may not change fields other than `spec.containers[*].image`,"
                                        "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` "
                                        "(only additions to existing tolerations),`spec.terminationGracePeriodSeconds` "
                                        "(allow it to be set to 1 if it was previously negative)"))
    return errs


# validateEphemeralContainers (pkg/apis/core/validation/validation.go): what an ephemeral container may not set.
_EPHEMERAL_FORBIDDEN = ("ports", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle", "resources")


def ephemeral_containers_update(new: dict, old: dict) -> list[FieldError]:
    """ValidatePodEphemeralContainersUpdate: the pods/ephemeralcontainers subresource only adds
    containers; the ones already there may be neither changed nor removed."""
    errs: list[FieldError] = []
    spec, old_spec = new.get("spec") or {}, old.get("spec") or {}
    ecs = spec.get("ephemeralContainers") or []
    by_name = {c.get("name"): c for c in ecs if isinstance(c, dict)}
    for i, o in enumerate(old_spec.get("ephemeralContainers") or ()):
        n = by_name.get(o.get("name"))
        if n is None:
            errs.append(forbidden_field("spec", f"existing ephemeral containers \"{o.get('name')}\" may not be removed\n"))
        elif n != o:
            errs.append(forbidden_field(f"spec.ephemeralContainers[{i}]",
                                        f"existing ephemeral containers \"{o.get('name')}\" may not be changed\n"))
    regular = [c.get("name") for c in (spec.get("containers") or []) + (spec.get("initContainers") or [])]
    seen = set(regular)
    for i, c in enumerate(ecs):
        p = f"spec.ephemeralContainers[{i}]"
        if not isinstance(c, dict):
            errs.append(invalid_value(p, c, "must be an object"))
            continue
        _name_and_image(p, c, seen, errs)
        for f in _EPHEMERAL_FORBIDDEN:
            if c.get(f) and (f != "resources" or any(c[f].values())):
                errs.append(forbidden_field(f"{p}.{f}", "cannot be set for an Ephemeral Container"))
        target = c.get("targetContainerName")
        if target and target not in regular:
            errs.append(FieldError(FieldError.NOT_FOUND, f"{p}.targetContainerName", target, ""))
    return errs


def _selector_template(obj: dict, errs: list[FieldError], required_selector: bool = True) -> None:
    spec = obj.get("spec") or {}
    sel = spec.get("selector")
    tmpl = spec.get("template") or {}
    if sel is None:
        if required_selector:
            errs.append(required("spec.selector", ""))
    elif isinstance(sel, dict):
        if not sel.get("matchLabels") and not sel.get("matchExpressions"):
            errs.append(invalid_value("spec.selector", sel, "empty selector is invalid for deployment"))
        else:
            labels = (tmpl.get("metadata") or {}).get("labels") or {}
            if not objects.selector_from_label_selector(sel).matches(labels):
                errs.append(invalid_value("spec.template.metadata.labels", labels, "`selector` does not match template `labels`"))
    # apps/validation ValidateStatefulSetSpec: a container may mount a volumeClaimTemplate by its name.
    claims = tuple((t.get("metadata") or {}).get("name") for t in spec.get("volumeClaimTemplates") or ()
                   if isinstance(t, dict) and isinstance(t.get("metadata"), dict)) if obj.get("kind") == "StatefulSet" else ()
    validate_pod_spec(tmpl.get("spec"), "spec.template.spec", errs, claims)


def _replicas(obj: dict, errs: list[FieldError]) -> None:
    r = (obj.get("spec") or {}).get("replicas")
    if r is not None and (not isinstance(r, int) or isinstance(r, bool)):
        errs.append(invalid_value("spec.replicas", r, "must be an integer"))
    elif isinstance(r, int) and r < 0:
        errs.append(invalid_value("spec.replicas", r, "must be greater than or equal to 0"))


def _deployment(obj: dict, old: dict | None) -> list[FieldError]:
    errs: list[FieldError] = []
    _replicas(obj, errs)
    _selector_template(obj, errs)
    spec = obj.get("spec") or {}
    st = (spec.get("strategy") or {}).get("type")
    if st not in ("RollingUpdate", "Recreate"):
        errs.append(not_supported("spec.strategy.type", st, ["Recreate", "RollingUpdate"]))
    if st == "Recreate" and (spec.get("strategy") or {}).get("rollingUpdate"):
        errs.append(forbidden_field("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'"))
    if st == "RollingUpdate":
        ru = (spec.get("strategy") or {}).get("rollingUpdate") or {}
        surge, unav = ru.get("maxSurge"), ru.get("maxUnavailable")
        if _is_zero(surge) and _is_zero(unav):
            errs.append(invalid_value("spec.strategy.rollingUpdate.maxUnavailable", unav, "may not be 0 when `maxSurge` is 0"))
    if old is not None:
        _immutable(spec.get("selector"), (old.get("spec") or {}).get("selector"), "spec.selector", errs)
    return errs


def _is_zero(v) -> bool:
    return v in (0, "0", "0%")


def _replicaset(obj: dict, old: dict | None) -> list[FieldError]:
    errs: list[FieldError] = []
    _replicas(obj, errs)
    _selector_template(obj, errs)
    if old is not None:
        _immutable((obj.get("spec") or {}).get("selector"), (old.get("spec") or {}).get("selector"), "spec.selector", errs)
    return errs


def _workload(obj: dict, old: dict | None) -> list[FieldError]:
    errs: list[FieldError] = []
    _replicas(obj, errs)
    _selector_template(obj, errs)
    if old is not None and obj.get("kind") == "StatefulSet":
        _statefulset_update(obj, old, errs)
    elif old is not None:
        _immutable((obj.get("spec") or {}).get("selector"), (old.get("spec") or {}).get("selector"), "spec.selector", errs)
    return errs


# pkg/apis/apps/validation/validation.go ValidateStatefulSetUpdate (1.32): the spec fields an update may
# change; any other difference (volumeClaimTemplates, serviceName, selector, podManagementPolicy) is one error.
_STATEFULSET_MUTABLE = ("replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy",
                        "minReadySeconds")


def _statefulset_update(obj: dict, old: dict, errs: list[FieldError]) -> None:
    def fixed(o: dict) -> dict:
        return {k: v for k, v in (o.get("spec") or {}).items() if k not in _STATEFULSET_MUTABLE}
    if fixed(obj) != fixed(old):
        errs.append(forbidden_field("spec", "updates to statefulset spec for fields other than 'replicas', 'ordinals', "
                                            "'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and "
                                            "'minReadySeconds' are forbidden"))


def _service(obj: dict, old: dict | None) -> list[FieldError]:
    """pkg/apis/core/validation/validation.go ValidateService / ValidateServiceUpdate, in its order."""
    errs: list[FieldError] = []
    spec = obj.get("spec") or {}
    t = spec.get("type")
    ports = spec.get("ports") or []
    if not ports and t != "ExternalName" and spec.get("clusterIP") != "None":
        errs.append(required("spec.ports", ""))
    if t == "ExternalName":
        # The strategy keeps clusterIPs in step with clusterIP, so either one set is clusterIPs set.
        if spec.get("clusterIPs") or spec.get("clusterIP"):
            errs.append(forbidden_field("spec.clusterIPs", "may not be set for ExternalName services"))
        if spec.get("ipFamilies"):
            errs.append(forbidden_field("spec.ipFamilies", "may not be set for ExternalName services"))
        if spec.get("ipFamilyPolicy") is not None:
            errs.append(forbidden_field("spec.ipFamilyPolicy", "may not be set for ExternalName services"))
        # The value (a CNAME) may have a trailing dot to denote it as fully qualified.
        cname = str(spec.get("externalName") or "").removesuffix(".")
        if cname:
            errs.extend(invalid_value("spec.externalName", cname, m) for m in dns1123_subdomain(cname))
        else:
            errs.append(required("spec.externalName", ""))
    names = set()
    for i, p in enumerate(ports):
        if not isinstance(p, dict):
            errs.append(invalid_value(f"spec.ports[{i}]", p, "must be an object"))
            continue
        port = p.get("port")
        if not isinstance(port, int) or not (0 < port < 65536):
            errs.append(invalid_value(f"spec.ports[{i}].port", port, "must be between 1 and 65535, inclusive"))
        if len(ports) > 1 and not p.get("name"):
            errs.append(required(f"spec.ports[{i}].name", ""))
        if p.get("name") in names:
            errs.append(FieldError(FieldError.DUPLICATE, f"spec.ports[{i}].name", p.get("name"), ""))
        names.add(p.get("name"))
        proto = p.get("protocol")
        if proto not in ("TCP", "UDP", "SCTP"):
            errs.append(not_supported(f"spec.ports[{i}].protocol", proto, ["SCTP", "TCP", "UDP"]))
    if t not in ("ClusterIP", "NodePort", "LoadBalancer", "ExternalName"):
        errs.append(not_supported("spec.type", t, ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]))
    dicts = [(i, p) for i, p in enumerate(ports) if isinstance(p, dict)]
    if t == "ClusterIP":
        errs.extend(forbidden_field(f"spec.ports[{i}].nodePort", "may not be used when `type` is 'ClusterIP'")
                    for i, p in dicts if p.get("nodePort"))
    seen = set()  # duplicate NodePorts, considering (protocol, nodePort) pairs
    for i, p in dicts:
        if p.get("nodePort"):
            key = (p.get("protocol"), p["nodePort"])
            if key in seen:
                errs.append(duplicate(f"spec.ports[{i}].nodePort", p["nodePort"]))
            seen.add(key)
    if old is not None:
        oc = (old.get("spec") or {}).get("clusterIP")
        nc = spec.get("clusterIP")
        if nc not in (None, "") and oc and nc != oc and t != "ExternalName" and (old.get("spec") or {}).get("type") != "ExternalName":
            errs.append(invalid_value("spec.clusterIPs[0]", nc, "may not change once set"))
    return errs


def _configmap(obj: dict, old: dict | None) -> list[FieldError]:
    errs: list[FieldError] = []
    for field in ("data", "binaryData"):
        d = obj.get(field) or {}
        if not isinstance(d, dict):
            errs.append(invalid_value(field, d, "must be a map"))
            continue
        for k in d:
            if not re.match(r"^[-._a-zA-Z0-9]+$", str(k)) or len(str(k)) > 253:
                errs.append(invalid_value(f"{field}", k, "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"))
    if old is not None and old.get("immutable"):
        if obj.get("data") != old.get("data") or obj.get("binaryData") != old.get("binaryData"):
            errs.append(forbidden_field("data", "field is immutable when `immutable` is set"))
    return errs


# v1.ServiceAccountNameKey: the account a service-account-token Secret belongs to.
SERVICE_ACCOUNT_NAME_KEY = "kubernetes.io/service-account.name"


def _secret(obj: dict, old: dict | None) -> list[FieldError]:
    """pkg/apis/core/validation ValidateSecret: a ConfigMap's key rules, and a
    service-account-token Secret must name its account (the tokens controller fills the rest)."""
    errs = _configmap(obj, old)
    if obj.get("type") == "kubernetes.io/service-account-token":
        if not ((obj.get("metadata") or {}).get("annotations") or {}).get(SERVICE_ACCOUNT_NAME_KEY):
            errs.append(required(f"metadata.annotations[{SERVICE_ACCOUNT_NAME_KEY}]"))
    return errs


def _namespace(obj: dict, old: dict | None) -> list[FieldError]:
    return []


def _apiservice(obj: dict, old: dict | None) -> list[FieldError]:
    """kube-aggregator pkg/apis/apiregistration/validation ValidateAPIService.

    The name is ``<version>.<group>``: the core group's APIService is ``v1.``.
    """
    errs: list[FieldError] = []
    spec = obj.get("spec") or {}
    group, version = spec.get("group") or "", spec.get("version") or ""
    name = (obj.get("metadata") or {}).get("name", "")
    required_name = f"{version}.{group}"
    if not path_segment_name(name) and name != required_name:
        errs.append(invalid_value("metadata.name", name, f'must be `spec.version+"."+spec.group`: "{required_name}"'))
    if not group and version != "v1":
        errs.append(required("spec.group", "only v1 may have an empty group and it better be legacy kube"))
    if group:
        for msg in dns1123_subdomain(group):
            errs.append(invalid_value("spec.group", group, msg))
    for msg in dns1035_label(version):
        errs.append(invalid_value("spec.version", version, msg))
    gpm, vp = spec.get("groupPriorityMinimum") or 0, spec.get("versionPriority") or 0
    if not 0 < gpm <= 20000:
        errs.append(invalid_value("spec.groupPriorityMinimum", gpm, "must be positive and less than 20000"))
    if not 0 < vp <= 1000:
        errs.append(invalid_value("spec.versionPriority", vp, "must be positive and less than 1000"))
    service, ca, skip = spec.get("service"), spec.get("caBundle") or "", bool(spec.get("insecureSkipTLSVerify"))
    if service is None:
        if ca:
            errs.append(invalid_value("spec.caBundle", f"{_decoded_len(ca)} bytes", "local APIServices may not have a caBundle"))
        if skip:
            errs.append(invalid_value("spec.insecureSkipTLSVerify", skip, "local APIServices may not have insecureSkipTLSVerify"))
        return errs
    if not (service.get("namespace") if isinstance(service, dict) else ""):
        errs.append(required("spec.service.namespace"))
    if not (service.get("name") if isinstance(service, dict) else ""):
        errs.append(required("spec.service.name"))
    if skip and ca:
        errs.append(invalid_value("spec.insecureSkipTLSVerify", skip, "may not be true if caBundle is present"))
    return errs


def _decoded_len(b64: str) -> int:
    """caBundle is []byte, sent as base64: its length is what decodes."""
    import base64
    import binascii

    try:
        return len(base64.b64decode(b64, validate=True))
    except (binascii.Error, ValueError):
        return len(b64)


VALIDATORS: dict[str, Callable[[dict, dict | None], list[FieldError]]] = {
    "Pod": _pod,
    "Deployment": _deployment,
    "ReplicaSet": _replicaset,
    "StatefulSet": _workload,
    "DaemonSet": lambda o, old: _selector_template_only(o, old),
    "Service": _service,
    "ConfigMap": _configmap,
    "Secret": _secret,
    "Namespace": _namespace,
    "CronJob": cron.validate_cronjob,
    "Job": job_validation.validate,
    "APIService": _apiservice,
    "NetworkPolicy": networkpolicy_validation.validate,
    "Ingress": ingress_validation.validate,
    "PodDisruptionBudget": disruption_budget_validation.validate,
    "LimitRange": limitrange_validation.validate,
    **rbac.VALIDATORS,
}


def _selector_template_only(obj: dict, old: dict | None) -> list[FieldError]:
    errs: list[FieldError] = []
    _selector_template(obj, errs)
    if old is not None:
        _immutable((obj.get("spec") or {}).get("selector"), (old.get("spec") or {}).get("selector"), "spec.selector", errs)
    return errs


def validate(kind: str, obj: dict, old: dict | None, status_only: bool = False) -> list[FieldError]:
    from clusters.apiserver import resources

    if status_only:
        # A status write carries the stored metadata unchanged (APIServer.update copies it),
        # which was valid when it was stored: the status strategies' ValidateObjectMetaUpdate
        # and status checks find nothing to say about a simulated component's status.
        return []
    r = resources.by_kind(kind)
    errs: list[FieldError] = []
    _meta(obj, kind, bool(r and r.namespaced), errs)
    fn = VALIDATORS.get(kind)
    if fn is not None:
        errs.extend(fn(obj, old))
    return errs
