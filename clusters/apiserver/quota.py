"""LimitRanger and ResourceQuota admission.

plugin/pkg/admission/limitranger/admission.go fills in default requests and
limits and enforces min/max; plugin/pkg/admission/resourcequota (with the
evaluators in pkg/quota/v1/evaluator/core) refuses a create that would
exceed a quota. The ResourceQuota controller keeps ``status.used`` true; here
admission computes usage fresh, which is what the controller would converge to.
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import errors
from clusters.apiserver.admission import Plugin


def _cpu(v) -> int:
    return objects.milli_cpu(v)


def _mem(v) -> int:
    return objects.bytes_of(v)


class LimitRanger(Plugin):
    name = "LimitRanger"

    def admit(self, api, resource, op, obj, old):
        if resource.kind != "Pod" or op != "CREATE":
            return
        ns = obj["metadata"]["namespace"]
        for lr in api.list("limitranges", ns):
            for item in (lr.get("spec") or {}).get("limits") or ():
                if item.get("type") != "Container":
                    continue
                for c in obj["spec"].get("containers") or ():
                    res = c.setdefault("resources", {})
                    if item.get("default"):
                        lim = res.setdefault("limits", {})
                        for k, v in item["default"].items():
                            lim.setdefault(k, v)
                    if item.get("defaultRequest"):
                        req = res.setdefault("requests", {})
                        for k, v in item["defaultRequest"].items():
                            req.setdefault(k, v)
                    elif res.get("limits"):
                        req = res.setdefault("requests", {})
                        for k, v in res["limits"].items():
                            req.setdefault(k, v)
        # Annotation upstream adds so learners can see who set the defaults.

    def validate(self, api, resource, op, obj, old):
        if resource.kind != "Pod" or op != "CREATE":
            return
        ns = obj["metadata"]["namespace"]
        for lr in api.list("limitranges", ns):
            for item in (lr.get("spec") or {}).get("limits") or ():
                if item.get("type") != "Container":
                    continue
                for c in obj["spec"].get("containers") or ():
                    res = c.get("resources") or {}
                    for k, mx in (item.get("max") or {}).items():
                        parse = _cpu if k == "cpu" else _mem
                        lim = (res.get("limits") or {}).get(k)
                        if lim is None:
                            raise errors.forbidden("pods", obj["metadata"]["name"], f"maximum {k} usage per Container is {mx}.  No limit is specified")
                        if parse(lim) > parse(mx):
                            raise errors.forbidden("pods", obj["metadata"]["name"], f"maximum {k} usage per Container is {mx}, but limit is {lim}")
                    for k, mn in (item.get("min") or {}).items():
                        parse = _cpu if k == "cpu" else _mem
                        req = (res.get("requests") or {}).get(k)
                        if req is None:
                            raise errors.forbidden("pods", obj["metadata"]["name"], f"minimum {k} usage per Container is {mn}.  No request is specified")
                        if parse(req) < parse(mn):
                            raise errors.forbidden("pods", obj["metadata"]["name"], f"minimum {k} usage per Container is {mn}, but request is {req}")


# What each quota key counts, for the object kinds we simulate.
_COUNT_KEYS = {
    "pods": "Pod", "services": "Service", "configmaps": "ConfigMap", "secrets": "Secret",
    "persistentvolumeclaims": "PersistentVolumeClaim", "replicationcontrollers": "ReplicationController",
    "resourcequotas": "ResourceQuota",
}


def _pod_usage(pod: dict) -> dict[str, int]:
    u = {"pods": 1}
    u["requests.cpu"] = u["cpu"] = objects.sum_requests(pod, "cpu", _cpu)
    u["requests.memory"] = u["memory"] = objects.sum_requests(pod, "memory", _mem)
    lim_cpu = lim_mem = 0
    for c in pod.get("spec", {}).get("containers") or ():
        lim = (c.get("resources") or {}).get("limits") or {}
        if "cpu" in lim:
            lim_cpu += _cpu(lim["cpu"])
        if "memory" in lim:
            lim_mem += _mem(lim["memory"])
    u["limits.cpu"] = lim_cpu
    u["limits.memory"] = lim_mem
    return u


def _terminal(pod: dict) -> bool:
    return (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed")


def namespace_usage(api, ns: str) -> dict[str, int]:
    used: dict[str, int] = {}
    for pod in api.list("pods", ns):
        if _terminal(pod):
            continue
        for k, v in _pod_usage(pod).items():
            used[k] = used.get(k, 0) + v
    for key, kind in _COUNT_KEYS.items():
        if key == "pods":
            continue
        used[key] = len(api.list(key, ns))
        used[f"count/{key}"] = used[key]
    return used


def format_usage(key: str, v: int) -> str:
    if key.endswith("cpu") or key == "cpu":
        return objects.format_milli_cpu(v)
    if key.endswith("memory") or key == "memory":
        return objects.format_bytes(v)
    return str(v)


def parse_hard(key: str, v) -> int:
    if key.endswith("cpu") or key == "cpu":
        return _cpu(v)
    if key.endswith("memory") or key == "memory":
        return _mem(v)
    return int(objects.parse_quantity(v))


class ResourceQuota(Plugin):
    name = "ResourceQuota"

    def validate(self, api, resource, op, obj, old):
        if op != "CREATE" or not resource.namespaced:
            return
        ns = obj["metadata"]["namespace"]
        quotas = api.list("resourcequotas", ns)
        if not quotas:
            return
        key = resource.plural
        if resource.kind == "Pod":
            delta = _pod_usage(obj)
        elif key in _COUNT_KEYS:
            delta = {key: 1, f"count/{key}": 1}
        else:
            delta = {f"count/{resource.plural}.{resource.group}" if resource.group else f"count/{key}": 1}
        used = namespace_usage(api, ns)
        for q in quotas:
            hard = (q.get("spec") or {}).get("hard") or {}
            if resource.kind == "Pod":
                # A quota on compute resources requires every pod to say what it needs.
                missing = [k for k in hard if k in ("requests.cpu", "requests.memory", "cpu", "memory", "limits.cpu", "limits.memory")
                           and not _declares(obj, k)]
                if missing:
                    names = ",".join(sorted({m.split(".")[-1] if m.startswith("requests") else m for m in missing}))
                    raise errors.forbidden("pods", obj["metadata"]["name"],
                                           f"failed quota: {q['metadata']['name']}: must specify {names}")
            over = []
            for k, hv in sorted(hard.items()):
                if k not in delta:
                    continue
                limit = parse_hard(k, hv)
                cur = used.get(k, 0)
                if cur + delta[k] > limit:
                    over.append((k, delta[k], cur, limit))
            if over:
                req = ",".join(f"{k}={format_usage(k, d)}" for k, d, c, l in over)
                usedt = ",".join(f"{k}={format_usage(k, c)}" for k, d, c, l in over)
                lim = ",".join(f"{k}={format_usage(k, l)}" for k, d, c, l in over)
                raise errors.forbidden(resource.qualified, obj["metadata"]["name"],
                                       f"exceeded quota: {q['metadata']['name']}, requested: {req}, used: {usedt}, limited: {lim}")


def _declares(pod: dict, key: str) -> bool:
    res_kind = "limits" if key.startswith("limits") else "requests"
    name = key.split(".")[-1]
    for c in pod.get("spec", {}).get("containers") or ():
        if name not in ((c.get("resources") or {}).get(res_kind) or {}):
            return False
    return True
