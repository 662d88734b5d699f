"""LimitRanger admission (kubernetes/kubernetes:plugin/pkg/admission/limitranger/admission.go, 1.32).

Admit fills a new pod's missing requests and limits from each LimitRange's
``Container`` item (``defaultRequest`` and ``default``, after the API's own
defaulting copied limits into missing requests) and records what it set in
the ``kubernetes.io/limit-ranger`` annotation. Validate enforces ``min``,
``max`` and ``maxLimitRequestRatio`` per Container and per Pod, and ``min``
and ``max`` on a PersistentVolumeClaim's storage request; every broken
constraint of a LimitRange is reported at once, as an aggregate, in a 403
``<resource> "<name>" is forbidden: ...``. Pods are checked only when
created (their containers' resources cannot change); claims on update too.
The defaults a LimitRange gets when written (``default`` from ``max``,
``defaultRequest`` from ``default`` or ``min``) are ``defaults._limitrange``'s.
"""
from __future__ import annotations

from clusters import objects, quantity
from clusters.apiserver import errors
from clusters.apiserver.admission import Plugin

ANNOTATION = "kubernetes.io/limit-ranger"


def _milli(q) -> int:
    """Quantity.MilliValue (rounded up), what requestLimitEnforcedValues compares."""
    return objects.milli_cpu(q)


def _text(q) -> str:
    """Quantity.String(): stored quantities are canonical already."""
    return quantity.written(q) if isinstance(q, (str, int, float)) else str(q)


def _items(lr: dict, type_: str):
    for item in (lr.get("spec") or {}).get("limits") or ():
        if isinstance(item, dict) and item.get("type") == type_:
            yield item


def _resources(c: dict) -> dict:
    res = c.get("resources")
    return res if isinstance(res, dict) else {}


# -- defaults -------------------------------------------------------------------------------

def _merge_container(c: dict, requests: dict, limits: dict, prefix: str, notes: list[str]) -> None:
    """mergeContainerResources: add the defaults a container lacks, and say which."""
    res = c.setdefault("resources", {})
    set_limits = [k for k in limits if k not in (res.get("limits") or {})]
    set_requests = [k for k in requests if k not in (res.get("requests") or {})]
    if set_limits:
        lim = res.setdefault("limits", {})
        for k in set_limits:
            lim[k] = limits[k]
    if set_requests:
        req = res.setdefault("requests", {})
        for k in set_requests:
            req[k] = requests[k]
    if set_requests:
        notes.append(f"{', '.join(sorted(set_requests))} request for {prefix} {c.get('name', '')}")
    if set_limits:
        notes.append(f"{', '.join(sorted(set_limits))} limit for {prefix} {c.get('name', '')}")


def _mutate_pod(lr: dict, pod: dict) -> None:
    """PodMutateLimitFunc: defaultContainerResourceRequirements, then mergePodResourceRequirements."""
    requests: dict = {}
    limits: dict = {}
    for item in _items(lr, "Container"):
        requests.update(item.get("defaultRequest") or {})
        limits.update(item.get("default") or {})
    notes: list[str] = []
    spec = pod.get("spec") or {}
    for c in spec.get("containers") or ():
        _merge_container(c, requests, limits, "container", notes)
    for c in spec.get("initContainers") or ():
        _merge_container(c, requests, limits, "init container", notes)
    if notes:
        pod["metadata"].setdefault("annotations", {})[ANNOTATION] = "LimitRanger plugin set: " + "; ".join(notes)


# -- constraints ----------------------------------------------------------------------------

def _min(kind: str, res: str, enforced, requests: dict, limits: dict) -> str | None:
    """minConstraint."""
    if res not in requests:
        return f"minimum {res} usage per {kind} is {_text(enforced)}.  No request is specified"
    if _milli(requests[res]) < _milli(enforced):
        return f"minimum {res} usage per {kind} is {_text(enforced)}, but request is {_text(requests[res])}"
    if res in limits and _milli(limits[res]) < _milli(enforced):
        return f"minimum {res} usage per {kind} is {_text(enforced)}, but limit is {_text(limits[res])}"
    return None


def _max(kind: str, res: str, enforced, requests: dict, limits: dict) -> str | None:
    """maxConstraint."""
    if res not in limits:
        return f"maximum {res} usage per {kind} is {_text(enforced)}.  No limit is specified"
    if _milli(limits[res]) > _milli(enforced):
        return f"maximum {res} usage per {kind} is {_text(enforced)}, but limit is {_text(limits[res])}"
    if res in requests and _milli(requests[res]) > _milli(enforced):
        return f"maximum {res} usage per {kind} is {_text(enforced)}, but request is {_text(requests[res])}"
    return None


def _max_request(kind: str, res: str, enforced, requests: dict) -> str | None:
    """maxRequestConstraint (claims: their limits are not the user's)."""
    if res not in requests:
        return f"maximum {res} usage per {kind} is {_text(enforced)}.  No request is specified"
    if _milli(requests[res]) > _milli(enforced):
        return f"maximum {res} usage per {kind} is {_text(enforced)}, but request is {_text(requests[res])}"
    return None


def _ratio(kind: str, res: str, enforced, requests: dict, limits: dict) -> str | None:
    """limitRequestRatioConstraint."""
    req = _milli(requests[res]) if res in requests else 0
    lim = _milli(limits[res]) if res in limits else 0
    if req == 0:
        return f"{res} max limit to request ratio per {kind} is {_text(enforced)}, but no request is specified or request is 0"
    if lim == 0:
        return f"{res} max limit to request ratio per {kind} is {_text(enforced)}, but no limit is specified or limit is 0"
    observed = lim / req
    if observed * 1000 > _milli(enforced):
        return f"{res} max limit to request ratio per {kind} is {_text(enforced)}, but provided ratio is {observed:f}"
    return None


def _check(kind: str, item: dict, requests: dict, limits: dict, errs: list[str]) -> None:
    # Upstream walks each map in Go's random order; sorted keys keep the message stable.
    for k, v in sorted((item.get("min") or {}).items()):
        errs.append(_min(kind, k, v, requests, limits))
    for k, v in sorted((item.get("max") or {}).items()):
        errs.append(_max(kind, k, v, requests, limits))
    for k, v in sorted((item.get("maxLimitRequestRatio") or {}).items()):
        errs.append(_ratio(kind, k, v, requests, limits))


def _pod_totals(spec: dict, field: str) -> dict:
    """podRequests / podLimits: the containers' sum, or the largest init container if more.

    The sum keeps its first term's format (Quantity.Add), so memory stays binary (1Gi)."""
    total: dict[str, quantity.Quantity] = {}
    for c in spec.get("containers") or ():
        for k, v in (_resources(c).get(field) or {}).items():
            q = quantity.parse(_text(v))
            total[k] = quantity.Quantity(total[k].value + q.value, total[k].format) if k in total else q
    for c in spec.get("initContainers") or ():
        for k, v in (_resources(c).get(field) or {}).items():
            q = quantity.parse(_text(v))
            if k not in total or q.value > total[k].value:
                total[k] = q
    return {k: str(q) for k, q in total.items()}


def _validate_pod(lr: dict, pod: dict) -> list[str]:
    """PodValidateLimitFunc."""
    errs: list[str] = []
    spec = pod.get("spec") or {}
    for item in (lr.get("spec") or {}).get("limits") or ():
        if not isinstance(item, dict):
            continue
        if item.get("type") == "Container":
            for c in list(spec.get("containers") or ()) + list(spec.get("initContainers") or ()):
                res = _resources(c)
                _check("Container", item, res.get("requests") or {}, res.get("limits") or {}, errs)
        elif item.get("type") == "Pod":
            _check("Pod", item, _pod_totals(spec, "requests"), _pod_totals(spec, "limits"), errs)
    return [e for e in errs if e]


def _validate_claim(lr: dict, pvc: dict) -> list[str]:
    """PersistentVolumeClaimValidateLimitFunc."""
    errs: list[str | None] = []
    requests = (((pvc.get("spec") or {}).get("resources") or {}).get("requests")) or {}
    for item in _items(lr, "PersistentVolumeClaim"):
        for k, v in sorted((item.get("min") or {}).items()):
            errs.append(_min("PersistentVolumeClaim", k, v, requests, {}))
        for k, v in sorted((item.get("max") or {}).items()):
            errs.append(_max_request("PersistentVolumeClaim", k, v, requests))
    return [e for e in errs if e]


def aggregate(msgs: list[str]) -> str:
    """utilerrors.NewAggregate(...).Error(): one message alone, else "[a, b]" without repeats."""
    seen: list[str] = []
    for m in msgs:
        if m not in seen:
            seen.append(m)
    return seen[0] if len(seen) == 1 else "[" + ", ".join(seen) + "]"


class LimitRanger(Plugin):
    name = "LimitRanger"

    @staticmethod
    def _handles(resource, op: str) -> bool:
        """SupportsAttributes: pods on create, claims on create and update."""
        if resource.kind == "Pod":
            return op == "CREATE"
        return resource.kind == "PersistentVolumeClaim" and op in ("CREATE", "UPDATE")

    def _ranges(self, api, obj: dict) -> list[dict]:
        return sorted(api.list("limitranges", obj["metadata"]["namespace"]), key=objects.name_of)

    def admit(self, api, resource, op, obj, old):
        if resource.kind != "Pod" or op != "CREATE":
            return  # claims get no defaults (PersistentVolumeClaimMutateLimitFunc does nothing)
        for lr in self._ranges(api, obj):
            _mutate_pod(lr, obj)

    def validate(self, api, resource, op, obj, old):
        if not self._handles(resource, op):
            return
        check = _validate_pod if resource.kind == "Pod" else _validate_claim
        for lr in self._ranges(api, obj):
            errs = check(lr, obj)
            if errs:
                # admission.NewForbidden: the first LimitRange with broken constraints answers.
                raise errors.forbidden(resource.qualified, obj["metadata"].get("name") or
                                       obj["metadata"].get("generateName", ""), aggregate(errs))
