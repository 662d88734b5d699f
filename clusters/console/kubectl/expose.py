"""kubectl expose (kubernetes/kubectl:pkg/cmd/expose/expose.go).

Builds a Service for a Deployment, ReplicaSet, ReplicationController, Pod or
Service: the selector from the object (polymorphichelpers
mapbasedselectorforobject.go), the ports from its containers or service
ports unless ``--port`` (portsforobject.go, protocolsforobject.go), the
object's labels, ``targetPort`` = ``--target-port`` or the port. Prints
``service/web exposed``; ``--dry-run=client -o yaml`` prints the object as
kubectl builds it (``creationTimestamp: null``, ``status.loadBalancer: {}``).
"""
from __future__ import annotations

from typing import Any

from clusters.apiserver import errors as api_errors, patching
from clusters.console.kubectl import base, generators, mutating, visiting
from clusters.strings import isdigits

EXPOSABLE = ("Pod", "Service", "ReplicationController", "Deployment", "ReplicaSet")  # canbeexposed.go


def parse_labels(spec: str) -> dict:
    """expose.go parseLabels."""
    if not spec:
        raise base.KubectlError("no label spec passed")
    out = {}
    for part in spec.split(","):
        kv = part.split("=")
        if len(kv) != 2:
            raise base.KubectlError(f"unexpected label spec: {part}")
        if not kv[0]:
            raise base.KubectlError("unexpected empty label key")
        out[kv[0]] = kv[1]
    return out


def _template_spec(obj: dict) -> dict:
    if obj.get("kind") == "Pod":
        return obj.get("spec") or {}
    return ((obj.get("spec") or {}).get("template") or {}).get("spec") or {}


def selector_for(obj: dict) -> str:
    """mapbasedselectorforobject.go: "k=v,k2=v2" (sorted, as Go's MakeLabels sorts)."""
    kind = obj.get("kind")
    spec = obj.get("spec") or {}
    if kind == "Pod":
        labels = (obj.get("metadata") or {}).get("labels") or {}
        if not labels:
            raise base.KubectlError("the pod has no labels and cannot be exposed")
        return make_labels(labels)
    if kind == "Service":
        if not spec.get("selector"):
            raise base.KubectlError("the service has no pod selector set")
        return make_labels(spec["selector"])
    if kind == "ReplicationController":
        return make_labels(spec.get("selector") or {})
    if kind in ("Deployment", "ReplicaSet"):
        sel = spec.get("selector") or {}
        if not sel:
            raise base.KubectlError(f"invalid {kind.lower()}: no selectors, therefore cannot be exposed")
        if sel.get("matchExpressions"):
            raise base.KubectlError("couldn't convert expressions - \"%s\" to map-based selector format"
                                    % sel["matchExpressions"])
        return make_labels(sel.get("matchLabels") or {})
    raise base.KubectlError(f"cannot extract pod selector from {kind}")


def make_labels(labels: dict) -> str:
    return ",".join(f"{k}={labels[k]}" for k in sorted(labels))


def ports_for(obj: dict) -> list[tuple[str, str]]:
    """portsforobject.go and protocolsforobject.go: (port, protocol) pairs."""
    if obj.get("kind") == "Service":
        return [(str(p.get("port")), p.get("protocol", "TCP")) for p in (obj.get("spec") or {}).get("ports") or ()]
    out = []
    for c in _template_spec(obj).get("containers") or ():
        for p in c.get("ports") or ():
            out.append((str(p.get("containerPort")), p.get("protocol", "TCP")))
    return out


def service(name: str, selector: str, ports: list[tuple[str, str]], *, labels: str = "", target_port: str = "",
            protocol: str = "", type_: str = "", cluster_ip: str = "", external_ip: str = "",
            load_balancer_ip: str = "", session_affinity: str = "", namespace: str | None = None) -> dict:
    """expose.go createService, marshalled as kubectl prints it."""
    sel = parse_labels(selector)
    lab = parse_labels(labels) if labels else None
    svc_ports: list[dict[str, Any]] = []
    for i, (p, proto) in enumerate(ports):
        try:
            port = int(p)
        except ValueError:
            raise base.KubectlError(f'strconv.Atoi: parsing "{p}": invalid syntax') from None
        entry: dict[str, Any] = {}
        if len(ports) > 1:
            entry["name"] = f"port-{i + 1}"
        entry["port"] = port
        entry["protocol"] = protocol or proto or "TCP"
        if target_port:
            entry["targetPort"] = int(target_port) if isdigits(target_port) else target_port
        else:
            entry["targetPort"] = port
        svc_ports.append(entry)
    meta: dict[str, Any] = {"creationTimestamp": None}
    if lab:
        meta["labels"] = lab
    meta["name"] = name
    if namespace:
        meta["namespace"] = namespace
    spec: dict[str, Any] = {}
    if cluster_ip:
        spec["clusterIP"] = cluster_ip
    if external_ip:
        spec["externalIPs"] = [external_ip]
    if type_ == "LoadBalancer" and load_balancer_ip:
        spec["loadBalancerIP"] = load_balancer_ip
    if svc_ports:
        spec["ports"] = svc_ports
    spec["selector"] = sel
    if session_affinity:
        if session_affinity not in ("None", "ClientIP"):
            raise base.KubectlError(f"unknown session affinity: {session_affinity}")
        spec["sessionAffinity"] = session_affinity
    if type_:
        spec["type"] = type_
    return {"apiVersion": "v1", "kind": "Service", "metadata": meta, "spec": spec, "status": {"loadBalancer": {}}}


def apply_overrides(kc, obj: dict, kind: str) -> dict:
    """cmdutil.Overrider: --overrides as a merge, strategic or JSON patch of the generated object."""
    text = kc.opts.get("overrides", "") or ""
    if not text:
        return obj
    import json

    try:
        patch = json.loads(text)
    except ValueError:
        raise base.KubectlError("Invalid JSON Patch") from None
    try:
        return patching.apply_patch(kind, obj, patch, str(kc.opts.get("override-type", "merge") or "merge"))
    except patching.PatchError as e:
        raise base.KubectlError(str(e)) from None


def create_or_print(kc, obj: dict, operation: str, dry: str, fmt: str) -> dict:
    """Create ``obj`` (a generator's output) unless --dry-run=client, then print as the name or -o printer."""
    if dry != "client":
        r = mutating.resolve_type(obj["kind"].lower())
        obj = kc.client().create(r, generators.for_server(obj), kc.namespace if r.namespaced else None,
                                 dry_run=(dry == "server"))
    visiting.report(kc, obj, operation, dry, fmt, typed=True)  # run.go and expose.go print Go structs
    return obj


class Verb(base.Verb):
    name = "expose"

    def run(self, kc, args):
        opts = kc.opts
        visiting.check_output(kc)  # expose.go Complete builds the printer first
        filenames = opts.get("filename", []) or []
        if not args and not filenames:
            raise base.no_resources()
        dry = mutating.dry_run_mode(kc)
        fmt = visiting.output_format(kc)
        found, errs, _ = visiting.infos(kc, args, filenames=filenames, latest=False)
        for info in found:
            try:
                self.expose(kc, info, dry, fmt)
            except (base.KubectlError, api_errors.StatusError) as e:
                errs.append(e)
        return visiting.finish(kc, errs)

    def expose(self, kc, info, dry: str, fmt: str) -> None:
        opts = kc.opts
        obj = info.obj
        if obj.get("kind") not in EXPOSABLE:
            raise base.KubectlError(f"cannot expose a {obj.get('kind')}")
        selector = opts.get("selector", "") or ""
        if not selector:
            try:
                selector = selector_for(obj)
            except base.KubectlError as e:
                raise base.KubectlError(f"couldn't retrieve selectors via --selector flag or introspection: "
                                        f"{e.message}") from None
        cluster_ip = opts.get("cluster-ip", "") or ""
        port = opts.get("port", "") or ""
        found = ports_for(obj)
        protocols = dict(found)
        if port:
            ports = [(p, protocols.get(p, "")) for p in [port]]
        else:
            if not found and cluster_ip != "None":
                raise base.KubectlError("couldn't find port via --port flag or introspection")
            ports = found
        labels = opts.get("labels", "") or make_labels((obj.get("metadata") or {}).get("labels") or {})
        name = (opts.get("name", "") or info.name[:63])
        svc = service(name, selector, ports, labels=labels, target_port=opts.get("target-port", "") or "",
                      protocol=opts.get("protocol", "") or "", type_=opts.get("type", "") or "",
                      cluster_ip=cluster_ip, external_ip=opts.get("external-ip", "") or "",
                      load_balancer_ip=opts.get("load-balancer-ip", "") or "",
                      session_affinity=opts.get("session-affinity", "") or "",
                      namespace=kc.namespace if (dry == "client" and kc.explicit_namespace) else None)
        svc = apply_overrides(kc, svc, "Service")
        create_or_print(kc, svc, "exposed", dry, fmt)
