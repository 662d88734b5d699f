"""kubectl create ingress (kubernetes/kubectl:pkg/cmd/create/create_ingress.go).

``--rule=host/path=service:port[,tls[=secret]]``: rules for one host share
one ``http.paths`` list; a path ending in ``*`` is ``Prefix``, any other
``Exact``; a port that is a number is ``number``, else ``name``. A TLS
entry is made per host the first time that host is seen with ``,tls``, and
hosts with the same secret join one entry (buildTLSRules).
"""
from __future__ import annotations

import re
from typing import Any

from clusters.console.kubectl import base, create, generators

# create_ingress.go ruleRegex (Go's \w is ASCII); MatchString is anchored only at the start.
RULE = re.compile(r"^(?P<host>[\w\*\-\.]*)(?P<path>/.*)=(?P<svcname>[\w\-]+):(?P<svcport>[\w\-]+)"
                  r"(,(?P<istls>tls)=?(?P<secretname>[\w\-]+)?)?", re.ASCII)


class Panic(Exception):
    """An index out of range in create_ingress.go: Go panics, kubectl exits 2."""


def _atoi32(s: str) -> int | None:
    """intstr.Parse: strconv.ParseInt(val, 10, 32), a string when that fails."""
    if not re.fullmatch(r"[+-]?[0-9]+", s, re.ASCII):
        return None
    v = int(s)
    return v if -(1 << 31) <= v < (1 << 31) else None


def _backend(service: str) -> dict:
    """buildIngressBackendSvc + parseServiceBackendPort."""
    parts = service.split(":")
    if len(parts) < 2:  # a rule like host/a=b=svc:80 passes the regexp, then indexes past "b"
        raise Panic(f"runtime error: index out of range [1] with length {len(parts)}")
    name, port = parts[0], parts[1]
    n = _atoi32(port)
    return {"service": {"name": name, "port": {"number": n} if n is not None else ({"name": port} if port else {})}}


def _path(pathsvc: str) -> dict:
    parts = pathsvc.split("=")
    path, service = "/" + parts[0], parts[1]
    path_type = "Exact"
    if path.endswith("*"):
        path_type, path = "Prefix", path[:-1]
    return {"backend": _backend(service), "path": path, "pathType": path_type}


def _rules(rules: list[str]) -> list[dict]:
    out: list[dict] = []
    for rule in rules:
        host, _, rest = rule.split(",")[0].partition("/")
        p = _path(rest)
        hit = next((r for r in out if r.get("host", "") == host), None)
        if hit is not None:
            hit["http"]["paths"].append(p)
            continue
        r: dict[str, Any] = {}
        if host:
            r["host"] = host
        r["http"] = {"paths": [p]}
        out.append(r)
    return out


def _tls(rules: list[str]) -> list[dict]:
    out: list[dict] = []
    seen: set[str] = set()
    for rule in rules:
        parts = rule.split(",")
        if len(parts) != 2:
            continue
        host = rule.split("/", 1)[0]
        name = parts[1].split("=")
        secret = name[1] if len(name) > 1 else ""
        if host in seen:
            continue
        same = next((t for t in out if t.get("secretName", "") == secret), None)
        seen.add(host)
        if same is not None:
            same.setdefault("hosts", []).append(host)
            continue
        entry: dict[str, Any] = {}
        if host:
            entry["hosts"] = [host]
        if secret:
            entry["secretName"] = secret
        if entry:
            out.append(entry)
    return out


def ingress(name: str, rules: list[str], ingress_class: str = "", default_backend: str = "",
            annotations: list[str] = (), namespace: str | None = None) -> dict:
    """create_ingress.go Validate, then createIngress."""
    if not default_backend and not rules:
        raise generators.GeneratorError(
            "not enough information provided: every ingress has to either specify a default-backend (which catches "
            "all traffic) or a list of rules (which catch specific paths)")
    for rule in rules:
        if not RULE.match(rule):
            raise generators.GeneratorError(
                f"rule {rule} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]")
    for a in annotations:
        if "=" not in a:
            raise generators.GeneratorError(f"annotation {a} is invalid and should be in format key=[value]")
    if default_backend and len(default_backend.split(":")) != 2:
        raise generators.GeneratorError("default-backend should be in format servicename:serviceport")
    meta = generators._meta(name, namespace)
    notes = dict(a.split("=", 1) for a in annotations)
    if notes:
        meta = {"annotations": notes, **meta}
    spec: dict[str, Any] = {}
    if default_backend:
        spec["defaultBackend"] = _backend(default_backend)
    if ingress_class:
        spec["ingressClassName"] = ingress_class
    r = _rules(rules)
    if r:
        spec["rules"] = r
    t = _tls(rules)
    if t:
        spec["tls"] = t
    return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": meta, "spec": spec,
            "status": {"loadBalancer": {}}}


class Ingress(create._Generator):
    name = "create ingress"
    failed_create = "failed to create ingress: "

    def build(self, kc, name, args):
        o = kc.opts
        try:
            return self._build(kc, name, o)
        except Panic as e:  # the first lines of Go's panic; the stack is left out
            raise base.go_panic(str(e)) from None

    def _build(self, kc, name, o):
        return ingress(name, list(o.get("rule") or []), o.get("class") or "", o.get("default-backend") or "",
                       list(o.get("annotation") or []), self.ns(kc))
