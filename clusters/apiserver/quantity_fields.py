"""The Quantity-typed fields of each kind, written back in canonical form.

Upstream a request body is decoded into the typed object, where every
resource.Quantity is parsed (Quantity.UnmarshalJSON), and encoded again for
etcd (MarshalJSON): so ``102400Mi`` reads back ``100Gi``, ``1000m`` reads
``1`` and a YAML ``cpu: 0.5`` reads ``"500m"``
(k8s.io/apimachinery/pkg/api/resource/quantity.go). A value that is not a
quantity fails that decoding with ParseQuantity's error, as a 400:
``Pod in version "v1" cannot be handled as a Pod: quantities must match the
regular expression ...``.

The fields are those of k8s.io/api (core/v1 ResourceList and Quantity
fields, autoscaling/v2 MetricTarget and MetricValueStatus) for the kinds we
simulate. The walk only looks where the typed object has a Quantity, skips
anything of the wrong shape (validation or decoding reports those), and
writes a value back only when it changes, so re-canonicalising a stored
object (a status write shares the stored spec) changes nothing.
"""
from __future__ import annotations

from typing import Callable

from clusters import quantity
from clusters.apiserver import errors

written = quantity.written


def _list(rl) -> None:
    """A ResourceList (map of resource name to Quantity)."""
    if type(rl) is not dict:
        return
    for k, v in rl.items():
        if v is None:
            continue
        c = written(v)
        if c != v:
            rl[k] = c


def _field(holder, key: str) -> None:
    """One Quantity (or *Quantity) field."""
    if type(holder) is dict:
        v = holder.get(key)
        if v is not None:
            c = written(v)
            if c != v:
                holder[key] = c


def _requirements(res) -> None:
    """core/v1 ResourceRequirements (and VolumeResourceRequirements)."""
    if type(res) is dict:
        _list(res.get("requests"))
        _list(res.get("limits"))


def _divisor(ref_holder) -> None:
    if type(ref_holder) is dict:
        _field(ref_holder.get("resourceFieldRef"), "divisor")


def _claim_spec(spec) -> None:
    """PersistentVolumeClaimSpec."""
    if type(spec) is dict:
        _requirements(spec.get("resources"))


def _containers(containers) -> None:
    if type(containers) is not list:
        return
    for c in containers:
        if type(c) is not dict:
            continue
        res = c.get("resources")
        if res:
            _requirements(res)
        env = c.get("env")
        if env and type(env) is list:
            for e in env:
                if type(e) is dict and e.get("valueFrom"):
                    _divisor(e["valueFrom"])


def pod_spec(spec) -> None:
    """PodSpec: container resources, overhead, pod-level resources, volume sizes and divisors."""
    if type(spec) is not dict:
        return
    _containers(spec.get("containers"))
    if spec.get("initContainers"):
        _containers(spec["initContainers"])
    if spec.get("ephemeralContainers"):
        _containers(spec["ephemeralContainers"])
    if spec.get("overhead"):
        _list(spec["overhead"])
    if spec.get("resources"):
        _requirements(spec["resources"])
    vols = spec.get("volumes")
    if vols and type(vols) is list:
        for v in vols:
            if type(v) is not dict:
                continue
            if v.get("emptyDir"):
                _field(v["emptyDir"], "sizeLimit")
            elif v.get("downwardAPI"):
                for item in (v["downwardAPI"].get("items") if type(v["downwardAPI"]) is dict else None) or ():
                    _divisor(item)
            elif v.get("ephemeral"):
                tmpl = v["ephemeral"].get("volumeClaimTemplate") if type(v["ephemeral"]) is dict else None
                if type(tmpl) is dict:
                    _claim_spec(tmpl.get("spec"))
            elif v.get("projected"):
                for src in (v["projected"].get("sources") if type(v["projected"]) is dict else None) or ():
                    if type(src) is dict and src.get("downwardAPI"):
                        for item in (src["downwardAPI"].get("items") if type(src["downwardAPI"]) is dict else None) or ():
                            _divisor(item)


def _container_statuses(statuses) -> None:
    if type(statuses) is not list:
        return
    for s in statuses:
        if type(s) is dict:
            if s.get("allocatedResources"):
                _list(s["allocatedResources"])
            if s.get("resources"):
                _requirements(s["resources"])


def _pod(obj: dict) -> None:
    pod_spec(obj.get("spec"))
    st = obj.get("status")
    if st and type(st) is dict:
        for key in ("containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses"):
            if st.get(key):
                _container_statuses(st[key])


def _template(tmpl) -> None:
    if type(tmpl) is dict:
        pod_spec(tmpl.get("spec"))


def _template_holder(obj: dict) -> None:
    spec = obj.get("spec")
    if type(spec) is dict:
        _template(spec.get("template"))


def _statefulset(obj: dict) -> None:
    _template_holder(obj)
    spec = obj.get("spec")
    if type(spec) is dict and type(spec.get("volumeClaimTemplates")) is list:
        for claim in spec["volumeClaimTemplates"]:
            if type(claim) is dict:
                _pvc(claim)


def _cronjob(obj: dict) -> None:
    spec = obj.get("spec")
    if type(spec) is dict and type(spec.get("jobTemplate")) is dict:
        _template_holder(spec["jobTemplate"])


def _pod_template(obj: dict) -> None:
    _template(obj.get("template"))


def _node(obj: dict) -> None:
    st = obj.get("status")
    if type(st) is dict:
        _list(st.get("capacity"))
        _list(st.get("allocatable"))


def _resource_quota(obj: dict) -> None:
    spec, st = obj.get("spec"), obj.get("status")
    if type(spec) is dict:
        _list(spec.get("hard"))
    if type(st) is dict:
        _list(st.get("hard"))
        _list(st.get("used"))


def _limit_range(obj: dict) -> None:
    spec = obj.get("spec")
    limits = spec.get("limits") if type(spec) is dict else None
    if type(limits) is list:
        for item in limits:
            if type(item) is dict:
                for key in ("max", "min", "default", "defaultRequest", "maxLimitRequestRatio"):
                    _list(item.get(key))


def _pvc(obj: dict) -> None:
    _claim_spec(obj.get("spec"))
    st = obj.get("status")
    if type(st) is dict:
        _list(st.get("capacity"))
        _list(st.get("allocatedResources"))


def _pv(obj: dict) -> None:
    spec = obj.get("spec")
    if type(spec) is dict:
        _list(spec.get("capacity"))


_METRIC_SOURCES = ("resource", "containerResource", "pods", "object", "external")


def _metrics(metrics, key: str) -> None:
    """autoscaling/v2 MetricSpec.target / MetricStatus.current: value and averageValue."""
    if type(metrics) is not list:
        return
    for m in metrics:
        if type(m) is not dict:
            continue
        for src in _METRIC_SOURCES:
            s = m.get(src)
            if type(s) is dict:
                t = s.get(key)
                if type(t) is dict:
                    _field(t, "value")
                    _field(t, "averageValue")


def _hpa(obj: dict) -> None:
    spec, st = obj.get("spec"), obj.get("status")
    if type(spec) is dict:
        _metrics(spec.get("metrics"), "target")
    if type(st) is dict:
        _metrics(st.get("currentMetrics"), "current")


CANONICALISERS: dict[str, Callable[[dict], None]] = {
    "Pod": _pod,
    "PodTemplate": _pod_template,
    "ReplicationController": _template_holder,
    "Deployment": _template_holder,
    "ReplicaSet": _template_holder,
    "DaemonSet": _template_holder,
    "StatefulSet": _statefulset,
    "Job": _template_holder,
    "CronJob": _cronjob,
    "Node": _node,
    "ResourceQuota": _resource_quota,
    "LimitRange": _limit_range,
    "PersistentVolumeClaim": _pvc,
    "PersistentVolume": _pv,
    "HorizontalPodAutoscaler": _hpa,
}


def canonicalise(kind: str, obj: dict) -> None:
    """Every Quantity of ``obj`` in canonical form; a 400 as decoding gives when one is not a quantity."""
    fn = CANONICALISERS.get(kind)
    if fn is None:
        return
    try:
        fn(obj)
    except quantity.QuantityError as e:
        version = str(obj.get("apiVersion") or "").rpartition("/")[2]
        raise errors.bad_request(f'{kind} in version "{version}" cannot be handled as a {kind}: {e}') from None
