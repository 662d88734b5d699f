"""``kubectl get --raw PATH``: the API server's own answer to a GET on PATH.

Health endpoints answer ``ok``; ``/api`` and ``/apis`` answer discovery;
resource paths (``/api/v1/namespaces/default/pods``,
``/apis/apps/v1/deployments``, ``.../NAME``) answer the object or a
``<Kind>List``; ``/apis/metrics.k8s.io/v1beta1/...`` reads the simulated
metrics-server. Bodies are compact JSON as the API server writes them
(encoding/json, one trailing newline).
"""
from __future__ import annotations

from clusters.apiserver import errors as api_errors, resources
from clusters.console.kubectl import base, discovery
from clusters.console.printers import jsonout


def _ordered(obj) -> str:
    """Structs the API server builds itself (discovery) keep their field order."""
    import json

    return jsonout._go_escape(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))


def fetch(kc, path: str) -> str:
    cluster = kc.cluster
    p, _, query = path.partition("?")
    p = p.rstrip("/") or "/"
    if p in ("/healthz", "/livez", "/readyz"):
        if "verbose" in query:
            checks = ["ping", "log", "etcd", "poststarthook/start-apiserver-admission-initializer"]
            return "".join(f"[+]{c} ok\n" for c in checks) + f"{p[1:]} check passed\n"
        return "ok"
    if p == "/version":
        from clusters.console.kubectl import version

        return jsonout.dumps(version.info(cluster.spec.version), indent="  ")
    gvs, _ = discovery.group_versions(cluster)
    if p == "/api":
        return _ordered({"kind": "APIVersions", "versions": ["v1"],
                                "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "172.18.0.2:6443"}]}) + "\n"
    if p == "/apis":
        groups = []
        for gv in gvs:
            if "/" not in gv:
                continue
            g, v = gv.split("/")
            groups.append({"name": g, "versions": [{"groupVersion": gv, "version": v}],
                           "preferredVersion": {"groupVersion": gv, "version": v}})
        return _ordered({"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}) + "\n"
    parts = p.strip("/").split("/")
    if parts[0] == "api" and len(parts) >= 2:
        group, version, rest = "", parts[1], parts[2:]
    elif parts[0] == "apis" and len(parts) >= 3:
        group, version, rest = parts[1], parts[2], parts[3:]
    else:
        raise api_errors.StatusError(404, "NotFound", "the server could not find the requested resource")
    gv = f"{group}/{version}" if group else version
    if not rest:
        res = [r for r in resources.RESOURCES if r.group_version == gv]
        if not res:
            raise api_errors.StatusError(404, "NotFound", "the server could not find the requested resource")
        return _ordered({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": [
            {"name": r.plural, "singularName": r.singular, "namespaced": r.namespaced, "kind": r.kind,
             "verbs": sorted(r.verbs), **({"shortNames": list(r.short_names)} if r.short_names else {})} for r in res]}) + "\n"
    ns = None
    if rest[0] == "namespaces" and len(rest) >= 3:
        ns, rest = rest[1], rest[2:]
    plural, name = rest[0], (rest[1] if len(rest) > 1 else None)
    r = resources.by_plural(plural, group)
    if r is None or r.version != version:
        raise api_errors.StatusError(404, "NotFound", "the server could not find the requested resource")
    if r.aggregated:
        from clusters import metrics

        if plural == "nodes":
            obj = metrics.get_node_metrics(cluster, name) if name else {
                "kind": "NodeMetricsList", "apiVersion": gv, "metadata": {}, "items": metrics.node_metrics(cluster)}
        else:
            obj = metrics.get_pod_metrics(cluster, ns or "default", name) if name else {
                "kind": "PodMetricsList", "apiVersion": gv, "metadata": {}, "items": metrics.pod_metrics(cluster, ns)}
        return jsonout.compact(obj) + "\n"
    if name:
        return jsonout.compact(kc.api.get(r, name, ns)) + "\n"
    items = kc.api.list(r, ns)
    return jsonout.compact({"kind": f"{r.kind}List", "apiVersion": gv,
                            "metadata": {"resourceVersion": str(cluster.store.revision)}, "items": items}) + "\n"
