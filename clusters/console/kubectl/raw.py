"""``kubectl get --raw PATH``: the API server's own answer to a GET on PATH.

- ``/healthz``, ``/livez``, ``/readyz``: ``ok``, or with ``?verbose`` one
  ``[+]<check> ok`` line per check and ``<endpoint> check passed``
  (k8s.io/apiserver/pkg/server/healthz/healthz.go handleRootHealth);
  ``?exclude=<check>`` prints ``[+]<check> excluded: ok``; ``/livez/<check>``
  answers one check.
- ``/version``, ``/api``, ``/apis``, ``/api/v1``, ``/apis/<group>/<version>``:
  discovery, each resource followed by its subresources (``pods/log``,
  ``deployments/scale``) as the API server lists them.
- Resource paths answer the object or a ``<Kind>List`` whose items carry no
  kind or apiVersion, in Go struct field order as the server encodes them;
  subresources ``/status`` (the object), ``/scale`` (an autoscaling/v1
  Scale) and ``pods/NAME/log`` (the log text, ``?container=``,
  ``?tailLines=``, ``?previous=true``).
- ``/apis/metrics.k8s.io/v1beta1/...`` reads the simulated metrics-server.

Anything else (``/metrics``, ``/openapi/v2``: not modelled) is the server's
404, which kubectl prints as ``Error from server (NotFound): the server could
not find the requested resource``.
"""
from __future__ import annotations

import json
from urllib.parse import parse_qs

from clusters import objects
from clusters.apiserver import errors as api_errors, resources
from clusters.console.kubectl import discovery
from clusters.console.printers import gostructs, jsonout

# The checks kube-apiserver 1.32 registers, in registration order (genericapiserver ping and log,
# the etcd storage check, then each PostStartHook as it is added, then autoregister-completion);
# readyz adds etcd-readiness and informer-sync after etcd, and shutdown last.
_HOOKS = ["start-apiserver-admission-initializer", "generic-apiserver-start-informers",
          "priority-and-fairness-config-consumer", "priority-and-fairness-filter", "storage-object-count-tracker-hook",
          "start-apiextensions-informers", "start-apiextensions-controllers", "crd-informer-synced",
          "start-system-namespaces-controller", "start-cluster-authentication-info-controller",
          "start-kube-apiserver-identity-lease-controller", "start-kube-apiserver-identity-lease-garbage-collector",
          "start-legacy-token-tracking-controller", "start-service-ip-repair-controllers", "rbac/bootstrap-roles",
          "scheduling/bootstrap-system-priority-classes", "priority-and-fairness-config-producer",
          "bootstrap-controller", "aggregator-reload-proxy-client-cert", "start-kube-aggregator-informers",
          "apiservice-status-local-available-controller", "apiservice-status-remote-available-controller",
          "apiservice-registration-controller", "apiservice-discovery-controller",
          "kube-apiserver-autoregistration"]
_AFTER = ["autoregister-completion", "poststarthook/apiservice-openapi-controller",
          "poststarthook/apiservice-openapiv3-controller"]


def checks(endpoint: str) -> list[str]:
    early = ["ping", "log", "etcd"] + (["etcd-readiness", "informer-sync"] if endpoint == "readyz" else [])
    late = ["shutdown"] if endpoint == "readyz" else []
    return early + [f"poststarthook/{h}" for h in _HOOKS] + _AFTER + late


def _not_found() -> api_errors.StatusError:
    return api_errors.StatusError(404, "NotFound", "the server could not find the requested resource")


def _encode(obj) -> str:
    """encoding/json of a struct the server built: its field order, compact, HTML-escaped."""
    return jsonout._go_escape(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))


def _typed(obj: dict) -> dict:
    return gostructs.ordered(obj)


def _health(endpoint: str, sub: str, query: dict) -> str:
    """healthz.go handleRootHealth / adaptCheckToHandler."""
    names = checks(endpoint)
    if sub:
        if sub not in names:
            raise _not_found()
        return "ok"
    excluded = set(query.get("exclude", []))
    if "verbose" not in query:
        return "ok"
    lines = []
    for n in names:
        lines.append(f"[+]{n} excluded: ok\n" if n in excluded else f"[+]{n} ok\n")
    unknown = sorted(x for x in excluded if x not in names)
    if unknown:
        lines.append("warn: some health checks cannot be excluded: no matches for "
                     + ",".join(f'"{x}"' for x in unknown) + "\n")
    lines.append(f"{endpoint} check passed\n")
    return "".join(lines)


# subresource -> (group, version, kind, verbs) where it differs from the resource's own
_SUBRESOURCES = {
    "scale": ("autoscaling", "v1", "Scale", ["get", "patch", "update"]),
    "log": (None, None, None, ["get"]),
    "binding": (None, None, "Binding", ["create"]),
    "eviction": ("policy", "v1", "Eviction", ["create"]),
    "token": ("authentication.k8s.io", "v1", "TokenRequest", ["create"]),
    "exec": (None, None, "PodExecOptions", ["create", "get"]),
    "finalize": (None, None, None, ["update"]),
}


def _resource_list(gv: str) -> dict:
    """The group version's APIResourceList: each resource, then its subresources."""
    out = []
    for r in resources.RESOURCES:
        if r.group_version != gv:
            continue
        entry = {"name": r.plural, "singularName": r.singular, "namespaced": r.namespaced, "kind": r.kind,
                 "verbs": sorted(r.verbs)}
        if r.short_names:
            entry["shortNames"] = list(r.short_names)
        if r.categories:
            entry["categories"] = list(r.categories)
        out.append(entry)
        for sub in sorted(r.subresources):
            group, version, kind, verbs = _SUBRESOURCES.get(sub, (None, None, r.kind, ["get", "patch", "update"]))
            s = {"name": f"{r.plural}/{sub}", "singularName": "", "namespaced": r.namespaced}
            if group is not None:  # metav1.APIResource field order: group and version come before kind
                s.update(group=group, version=version)
            s.update(kind=kind or r.kind, verbs=verbs)
            out.append(s)
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": out}


def fetch(kc, path: str) -> str:
    cluster = kc.cluster
    p, _, q = path.partition("?")
    query = parse_qs(q, keep_blank_values=True)
    p = p.rstrip("/") or "/"
    parts = p.strip("/").split("/")
    if parts[0] in ("healthz", "livez", "readyz") and len(parts) <= 3:
        return _health(parts[0], "/".join(parts[1:]), query)
    if p == "/version":
        from clusters.console.kubectl import version

        # version.go: responsewriters.WriteRawJSON, json.MarshalIndent of version.Info (field order, no newline)
        return json.dumps(version.info(cluster.spec.version), indent=2)
    gvs, _ = discovery.group_versions(cluster)
    if p == "/api":
        return _encode({"kind": "APIVersions", "versions": ["v1"],
                        "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "172.18.0.2:6443"}]}) + "\n"
    if p == "/apis":
        groups = []
        for gv in gvs:
            if "/" not in gv:
                continue
            g, v = gv.split("/")
            groups.append({"name": g, "versions": [{"groupVersion": gv, "version": v}],
                           "preferredVersion": {"groupVersion": gv, "version": v}})
        return _encode({"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}) + "\n"
    if parts[0] == "api" and len(parts) >= 2:
        group, version, rest = "", parts[1], parts[2:]
    elif parts[0] == "apis" and len(parts) >= 3:
        group, version, rest = parts[1], parts[2], parts[3:]
    elif parts[0] == "apis" and len(parts) == 2:
        versions = [gv for gv in gvs if gv.split("/")[0] == parts[1] and "/" in gv]
        if not versions:
            raise _not_found()
        vs = [{"groupVersion": gv, "version": gv.split("/")[1]} for gv in versions]
        return _encode({"kind": "APIGroup", "apiVersion": "v1", "name": parts[1], "versions": vs,
                        "preferredVersion": vs[0]}) + "\n"
    else:
        raise _not_found()
    gv = f"{group}/{version}" if group else version
    if not rest:
        listed = _resource_list(gv)
        if not listed["resources"]:
            raise _not_found()
        return _encode(listed) + "\n"
    r, ns, name, sub = _resource_path(group, version, rest)
    plural = r.plural
    if r.aggregated:
        return _metrics(cluster, r, plural, ns, name, gv)
    if name is None:
        items = [_item(o) for o in kc.api.list(r, ns, _selector(query))]
        return _encode({"kind": f"{r.kind}List", "apiVersion": gv,
                        "metadata": {"resourceVersion": str(cluster.store.revision)}, "items": items}) + "\n"
    if sub and sub not in r.subresources:
        raise _not_found()
    obj = kc.api.get(r, name, ns)
    if sub == "log":
        return _log(kc, obj, query)
    if sub == "scale":
        return _encode(scale_of(obj, r)) + "\n"
    if sub and sub != "status":
        raise _not_found()  # exec, attach, eviction...: not a GET
    return _encode(_typed(obj)) + "\n"


def resource_path(path: str):
    """A resource path (``/api/v1/namespaces/NS/PLURAL/NAME/SUB``, ``/apis/GROUP/VERSION/...``) as
    (resource, namespace, name, subresource); None for a path that names no resource (discovery,
    health); the server's 404 for a resource it does not serve."""
    parts = path.partition("?")[0].strip("/").split("/")
    if parts[0] == "api" and len(parts) >= 3:
        return _resource_path("", parts[1], parts[2:])
    if parts[0] == "apis" and len(parts) >= 4:
        return _resource_path(parts[1], parts[2], parts[3:])
    return None


def _resource_path(group: str, version: str, rest: list[str]):
    ns = None
    if rest[0] == "namespaces" and len(rest) >= 3:
        ns, rest = rest[1], rest[2:]
    r = resources.by_plural(rest[0], group)
    if r is None or r.version != version or (ns is not None and not r.namespaced):
        raise _not_found()
    return r, ns, (rest[1] if len(rest) > 1 else None), "/".join(rest[2:])


def encode(obj: dict) -> str:
    """An object as the API server's JSON encoder writes it: its type's field order, compact."""
    return _encode(_typed(obj))


def _item(obj: dict) -> dict:
    """A list's item: typed items of a List carry no TypeMeta."""
    out = _typed(obj)
    out.pop("kind", None)
    out.pop("apiVersion", None)
    return out


def _selector(query: dict):
    text = (query.get("labelSelector") or [""])[0]
    return objects.parse_selector(text) if text else None


def scale_of(obj: dict, r) -> dict:
    """The scale subresource: autoscaling/v1 Scale (registry/apps/deployment/storage ScaleREST)."""
    meta = obj["metadata"]
    scale_meta = {k: meta[k] for k in ("name", "namespace", "uid", "resourceVersion", "creationTimestamp") if k in meta}
    status = {"replicas": (obj.get("status") or {}).get("replicas", 0)}
    text = _selector_text(obj)
    if text:
        status["selector"] = text
    return {"kind": "Scale", "apiVersion": "autoscaling/v1", "metadata": scale_meta,
            "spec": {"replicas": (obj.get("spec") or {}).get("replicas", 0)}, "status": status}


def _selector_text(obj: dict) -> str:
    """metav1.LabelSelectorAsSelector(...).String(): requirements sorted by key."""
    sel = (obj.get("spec") or {}).get("selector") or {}
    reqs = [(k, f"{k}={v}") for k, v in (sel.get("matchLabels") or {}).items()]
    for e in sel.get("matchExpressions") or ():
        k, op, vals = e.get("key", ""), e.get("operator", ""), sorted(e.get("values") or [])
        text = {"In": f"{k} in ({','.join(vals)})", "NotIn": f"{k} notin ({','.join(vals)})",
                "Exists": k, "DoesNotExist": f"!{k}"}.get(op, k)
        reqs.append((k, text))
    return ",".join(t for _, t in sorted(reqs))


def _log(kc, pod: dict, query: dict) -> str:
    """pods/NAME/log: the kubelet's log text (registry/core/pod/rest/log.go)."""
    from clusters.console.kubectl import logs

    container = (query.get("container") or [""])[0] or None
    previous = (query.get("previous") or ["false"])[0] == "true"
    node = (pod.get("spec") or {}).get("nodeName")
    kubelet = (getattr(kc.cluster, "kubelets", None) or {}).get(node) if node else None
    if kubelet is None or not hasattr(kubelet, "logs"):
        return ""
    lines = list(kubelet.logs(pod["metadata"]["namespace"], pod["metadata"]["name"], container, previous))
    tail = (query.get("tailLines") or [""])[0]
    if tail.isdigit():
        lines = lines[-int(tail):] if int(tail) else []
    stamps = (query.get("timestamps") or ["false"])[0] == "true"
    epoch = kc.cluster.epoch
    return "".join(f"{logs.rfc3339_nano(epoch + t) + ' ' if stamps else ''}{line}\n" for t, line in lines)


def _metrics(cluster, r, plural: str, ns, name, gv: str) -> str:
    from clusters import metrics

    if plural == "nodes":
        obj = metrics.get_node_metrics(cluster, name) if name else {
            "kind": "NodeMetricsList", "apiVersion": gv, "metadata": {}, "items": metrics.node_metrics(cluster)}
    else:
        obj = metrics.get_pod_metrics(cluster, ns or "default", name) if name else {
            "kind": "PodMetricsList", "apiVersion": gv, "metadata": {}, "items": metrics.pod_metrics(cluster, ns)}
    return jsonout.compact(obj) + "\n"
