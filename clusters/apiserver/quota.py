"""ResourceQuota admission and the usage it counts.

The evaluators are kubernetes/kubernetes:pkg/quota/v1/evaluator/core (pods,
services, persistentvolumeclaims) and k8s.io/apiserver/pkg/quota/v1/generic
(``count/<resource>[.<group>]`` for anything else, with the legacy names
``configmaps``, ``secrets``, ``replicationcontrollers`` and ``resourcequotas``).
Usage is a map of resource name to ``quantity.Quantity``; a sum keeps its
first term's format, as Quantity.Add does, so memory reads ``600Mi``.

Admission (plugin/pkg/admission/resourcequota/controller.go checkRequest)
charges a create, and an update by what it adds (a Service turned
LoadBalancer, a claim grown), against every quota of the namespace that
covers a resource the object uses; it refuses with
``exceeded quota: NAME, requested: ..., used: ..., limited: ...``, or, when a
quota covers cpu or memory and a container does not say what it needs,
``failed quota: NAME: must specify ...``. ``used`` is computed fresh here,
which is what the ResourceQuota controller (controllers/resourcequota)
converges ``status.used`` to.
"""
from __future__ import annotations

from fractions import Fraction

from clusters import quantity
from clusters.apiserver import errors, resources
from clusters.apiserver.admission import Plugin

Quantity = quantity.Quantity
STORAGE_CLASS_SUFFIX = ".storageclass.storage.k8s.io/"
# Legacy names that count objects like count/<plural> (generic/evaluator.go legacyObjectCountAliases).
_LEGACY_COUNTS = ("configmaps", "secrets", "replicationcontrollers", "resourcequotas")
# A quota on any of these makes every container say what it needs (pods.go validationSet).
_VALIDATION_SET = ("cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory")
_POD_RESOURCES = ("count/pods", "pods", "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory",
                  "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage")
_SERVICE_RESOURCES = ("count/services", "services", "services.loadbalancers", "services.nodeports")


def _one() -> Quantity:
    return Quantity(Fraction(1), "DecimalSI")


def _q(v) -> Quantity | None:
    try:
        return quantity.parse(quantity.written(v))
    except quantity.QuantityError:
        return None


def _add(usage: dict, key: str, q: Quantity) -> None:
    cur = usage.get(key)
    usage[key] = q if cur is None else Quantity(cur.value + q.value, cur.format)


def text(q: Quantity) -> str:
    return str(q)


# -- evaluators -----------------------------------------------------------------------------

def _pod_totals(spec: dict, field: str) -> dict[str, Quantity]:
    """component-helpers resource.PodRequests / PodLimits: containers summed, the largest init
    container if more, plus the pod's overhead."""
    total: dict[str, Quantity] = {}
    for c in spec.get("containers") or ():
        for k, v in (((c.get("resources") or {}).get(field)) or {}).items():
            q = _q(v)
            if q is not None:
                _add(total, k, q)
    for c in spec.get("initContainers") or ():
        for k, v in (((c.get("resources") or {}).get(field)) or {}).items():
            q = _q(v)
            if q is not None and (k not in total or q.value > total[k].value):
                total[k] = q
    if field == "requests" or total:
        for k, v in (spec.get("overhead") or {}).items():
            q = _q(v)
            if q is not None:
                _add(total, k, q)
    return total


def _compute(requests: dict, limits: dict) -> dict[str, Quantity]:
    """podComputeUsageHelper."""
    out = {"pods": _one()}
    for res in ("cpu", "memory", "ephemeral-storage"):
        if res in requests:
            out[res] = out[f"requests.{res}"] = requests[res]
        if res in limits:
            out[f"limits.{res}"] = limits[res]
    return out


def pod_usage(pod: dict) -> dict[str, Quantity]:
    """PodUsageFunc: every pod counts in count/pods; only one that has not finished (QuotaV1Pod)
    uses compute resources and counts in ``pods``."""
    usage = {"count/pods": _one()}
    if (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed"):
        return usage
    spec = pod.get("spec") or {}
    usage.update(_compute(_pod_totals(spec, "requests"), _pod_totals(spec, "limits")))
    return usage


def service_usage(svc: dict) -> dict[str, Quantity]:
    """serviceEvaluator.Usage: NodePort and LoadBalancer Services use a node port per port."""
    spec = svc.get("spec") or {}
    ports = spec.get("ports") or []
    usage = {"count/services": _one(), "services": _one(),
             "services.loadbalancers": Quantity(Fraction(0), "DecimalSI"),
             "services.nodeports": Quantity(Fraction(0), "DecimalSI")}
    t = spec.get("type")
    if t == "NodePort":
        usage["services.nodeports"] = Quantity(Fraction(len(ports)), "DecimalSI")
    elif t == "LoadBalancer":
        if spec.get("allocateLoadBalancerNodePorts") is False:
            n = sum(1 for p in ports if isinstance(p, dict) and p.get("nodePort"))
        else:
            n = len(ports)
        usage["services.nodeports"] = Quantity(Fraction(n), "DecimalSI")
        usage["services.loadbalancers"] = _one()
    return usage


def claim_usage(pvc: dict) -> dict[str, Quantity]:
    """pvcEvaluator.Usage: the claim, its storage request, and both again per storage class."""
    spec = pvc.get("spec") or {}
    usage = {"count/persistentvolumeclaims": _one(), "persistentvolumeclaims": _one()}
    sc = spec.get("storageClassName") or ((pvc.get("metadata") or {}).get("annotations") or {}).get(
        "volume.beta.kubernetes.io/storage-class") or ""
    if sc:
        usage[f"{sc}{STORAGE_CLASS_SUFFIX}persistentvolumeclaims"] = _one()
    used = _q((((spec.get("resources") or {}).get("requests")) or {}).get("storage", "0"))
    if used is not None and used.value != 0:
        usage["requests.storage"] = used
        if sc:
            usage[f"{sc}{STORAGE_CLASS_SUFFIX}requests.storage"] = used
    return usage


def count_name(r) -> str:
    """generic.ObjectCountQuotaResourceNameFor: count/<resource>[.<group>]."""
    return f"count/{r.plural}.{r.group}" if r.group else f"count/{r.plural}"


def usage_of(r, obj: dict) -> dict[str, Quantity]:
    if r.kind == "Pod":
        return pod_usage(obj)
    if r.kind == "Service" and not r.group:
        return service_usage(obj)
    if r.kind == "PersistentVolumeClaim":
        return claim_usage(obj)
    usage = {count_name(r): _one()}
    if not r.group and r.plural in _LEGACY_COUNTS:
        usage[r.plural] = _one()
    return usage


def _covers(r, keys) -> bool:
    """Does a quota with these hard keys track anything objects of ``r`` use (MatchingResources)?"""
    if r.kind == "Pod":
        return any(k in _POD_RESOURCES for k in keys)
    if r.kind == "Service" and not r.group:
        return any(k in _SERVICE_RESOURCES for k in keys)
    if r.kind == "PersistentVolumeClaim":
        return any(k in ("count/persistentvolumeclaims", "persistentvolumeclaims", "requests.storage")
                   or k.startswith(STORAGE_CLASS_SUFFIX) or STORAGE_CLASS_SUFFIX in k for k in keys)
    return count_name(r) in keys or (not r.group and r.plural in keys and r.plural in _LEGACY_COUNTS)


def _resource_for(key: str):
    """The resource whose objects a hard key counts, or None."""
    if key in _POD_RESOURCES:
        return resources.by_plural("pods", "")
    if key in _SERVICE_RESOURCES:
        return resources.by_plural("services", "")
    if key in ("persistentvolumeclaims", "requests.storage") or STORAGE_CLASS_SUFFIX in key:
        return resources.by_plural("persistentvolumeclaims", "")
    if key in _LEGACY_COUNTS:
        return resources.by_plural(key, "")
    if key.startswith("count/"):
        plural, _, group = key[len("count/"):].partition(".")
        return resources.by_plural(plural, group)
    return None


def namespace_usage(api, ns: str, keys) -> dict[str, Quantity]:
    """What the namespace's objects use, for the hard keys given (every key gets a value, 0 if unused)."""
    used: dict[str, Quantity] = {}
    listed: set = set()
    for key in sorted(keys):
        r = _resource_for(key)
        if r is None or (r.group, r.plural) in listed:
            continue
        listed.add((r.group, r.plural))
        try:
            objs = api.list(r, ns)
        except errors.StatusError:
            continue
        for obj in objs:
            for k, q in usage_of(r, obj).items():
                if k in keys:
                    _add(used, k, q)
    for key in keys:
        used.setdefault(key, Quantity(Fraction(0), "DecimalSI"))
    return used


# -- admission ------------------------------------------------------------------------------

def _pretty(items: list[tuple[str, Quantity]]) -> str:
    """prettyPrint: sorted key=value, joined by commas."""
    return ",".join(f"{k}={text(q)}" for k, q in sorted(items, key=lambda kv: kv[0]))


def _missing(pod: dict, required: list[str]) -> str | None:
    """podEvaluator.Constraints: each container must declare every cpu/memory resource quotaed."""
    needed = sorted(set(required) & set(_VALIDATION_SET))
    if not needed:
        return None
    spec = pod.get("spec") or {}
    missing: dict[str, set] = {}
    for c in list(spec.get("containers") or ()) + list(spec.get("initContainers") or ()):
        res = c.get("resources") or {}
        has = set(_compute(res.get("requests") or {}, res.get("limits") or {}))
        for k in needed:
            if k not in has:
                missing.setdefault(k, set()).add(c.get("name", ""))
    if not missing:
        return None
    return "must specify " + "; ".join(f"{k} for: {','.join(sorted(missing[k]))}" for k in sorted(missing))


class ResourceQuota(Plugin):
    name = "ResourceQuota"

    def validate(self, api, resource, op, obj, old):
        if op not in ("CREATE", "UPDATE") or not resource.namespaced:
            return
        if op == "UPDATE" and resource.kind not in ("Service", "PersistentVolumeClaim"):
            return  # the evaluators that charge updates: services (type changes) and claims (growing)
        ns = obj["metadata"]["namespace"]
        quotas = sorted(api.list("resourcequotas", ns), key=lambda q: q["metadata"]["name"])
        if not quotas:
            return
        usage = usage_of(resource, obj)
        if op == "UPDATE":
            before = usage_of(resource, old)
            usage = {k: Quantity(q.value - before[k].value, q.format) if k in before else q for k, q in usage.items()}
            usage = {k: q for k, q in usage.items() if q.value > 0}
            if not usage:
                return
        name = obj["metadata"].get("name") or obj["metadata"].get("generateName", "")
        for q in quotas:
            hard = (q.get("spec") or {}).get("hard") or {}
            if not _covers(resource, hard):
                continue
            if resource.kind == "Pod" and op == "CREATE":
                why = _missing(obj, list(hard))
                if why:
                    raise errors.forbidden(resource.qualified, name, f"failed quota: {q['metadata']['name']}: {why}")
            used = namespace_usage(api, ns, [k for k in hard if k in usage])
            over = []
            for k in sorted(hard):
                if k not in usage:
                    continue
                limit = _q(hard[k])
                if limit is None:
                    continue
                if used[k].value + usage[k].value > limit.value:
                    over.append(k)
            if over:
                raise errors.forbidden(
                    resource.qualified, name,
                    f"exceeded quota: {q['metadata']['name']}, "
                    f"requested: {_pretty([(k, usage[k]) for k in over])}, "
                    f"used: {_pretty([(k, used[k]) for k in over])}, "
                    f"limited: {_pretty([(k, _q(hard[k])) for k in over])}")
