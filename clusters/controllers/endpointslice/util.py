"""Helpers the Endpoints and EndpointSlice controllers share.

The counterpart of staging/src/k8s.io/endpointslice/util/controller_utils.go
and trigger_time_tracker.go, plus FindPort from staging/src/k8s.io/endpointslice/utils.go
and IsPodReady from pkg/api/v1/pod/util.go. Upstream's endpoints controller
imports these from the endpointslice module too, so they live here.
"""
from __future__ import annotations

import functools

from clusters import objects, timeutil
from clusters.strings import isdigits

# k8s.io/api/core/v1 annotation_key_constants.go
LAST_CHANGE_TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time"
OVER_CAPACITY = "endpoints.kubernetes.io/over-capacity"
# k8s.io/api/core/v1 well_known_labels.go IsHeadlessService
HEADLESS_LABEL = "service.kubernetes.io/headless"


def is_pod_ready(pod: dict) -> bool:
    """podutil.IsPodReady: the Ready condition is True."""
    for c in (pod.get("status") or {}).get("conditions") or ():
        if c.get("type") == "Ready":
            return c.get("status") == "True"
    return False


def ready_condition(pod: dict) -> dict | None:
    for c in (pod.get("status") or {}).get("conditions") or ():
        if c.get("type") == "Ready":
            return c
    return None


def pod_ips(pod: dict) -> list[str]:
    """status.podIPs, falling back to status.podIP (kubelets write both)."""
    status = pod.get("status") or {}
    ips = [p.get("ip") for p in status.get("podIPs") or () if p.get("ip")]
    if not ips and status.get("podIP"):
        ips = [status["podIP"]]
    return ips


def should_pod_be_in_endpoints(pod: dict, include_terminating: bool) -> bool:
    """controller_utils.go ShouldPodBeInEndpoints."""
    if (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed"):
        return False
    if not pod_ips(pod):
        return False
    if not include_terminating and pod["metadata"].get("deletionTimestamp"):
        return False
    return True


def should_set_hostname(pod: dict, service: dict) -> bool:
    """controller_utils.go ShouldSetHostname."""
    spec = pod.get("spec") or {}
    return bool(spec.get("hostname")) and spec.get("subdomain") == service["metadata"]["name"] \
        and pod["metadata"].get("namespace") == service["metadata"].get("namespace")


def is_service_ip_set(service: dict) -> bool:
    ip = (service.get("spec") or {}).get("clusterIP")
    return ip not in (None, "", "None")


def find_port(pod: dict, service_port: dict) -> int | None:
    """utils.go FindPort: a number is used as is; a name is looked up in the
    pod's container ports (and restartable init containers) with the same protocol."""
    target = service_port.get("targetPort", service_port.get("port"))
    if isinstance(target, int):
        return target
    if isinstance(target, str) and isdigits(target):
        return int(target)
    proto = service_port.get("protocol", "TCP")
    spec = pod.get("spec") or {}
    for c in spec.get("containers") or ():
        for p in c.get("ports") or ():
            if p.get("name") == target and p.get("protocol", "TCP") == proto:
                return p.get("containerPort")
    for c in spec.get("initContainers") or ():
        if c.get("restartPolicy") != "Always":
            continue
        for p in c.get("ports") or ():
            if p.get("name") == target and p.get("protocol", "TCP") == proto:
                return p.get("containerPort")
    return None


def service_selector(service: dict) -> objects.Selector | None:
    """The Service's selector, or None when it has none (no managed endpoints)."""
    sel = (service.get("spec") or {}).get("selector")
    if sel is None:
        return None
    return objects.selector_from_map(sel)


def services_selecting(cluster, namespace: str, labels: dict) -> list[str]:
    """GetPodServiceMemberships: keys of the Services whose selector matches ``labels``.

    Services with an empty selector {} match every pod, as labels.Set({}).AsSelector() does.
    """
    from clusters.apiserver import resources

    out = []
    bucket = cluster.store.bucket(resources.by_plural("services").directory(namespace))
    for kv in bucket.values():
        svc = kv.value
        sel = (svc.get("spec") or {}).get("selector")
        if sel is None:
            continue
        ok = True
        for k, v in sel.items():
            if labels.get(k) != v:
                ok = False
                break
        if ok:
            out.append(f"{namespace}/{svc['metadata']['name']}")
    return out


def pods_changed_for_endpoints(old: dict, new: dict) -> tuple[bool, bool]:
    """podEndpointsChanged / GetServicesToUpdateOnPodChange: (labels changed, endpoint-relevant change)."""
    om, nm = old["metadata"], new["metadata"]
    labels_changed = (om.get("labels") or {}) != (nm.get("labels") or {})
    if om.get("resourceVersion") == nm.get("resourceVersion"):
        return labels_changed, False
    if bool(om.get("deletionTimestamp")) != bool(nm.get("deletionTimestamp")):
        return labels_changed, True
    if is_pod_ready(old) != is_pod_ready(new):
        return labels_changed, True
    if pod_ips(old) != pod_ips(new):
        return labels_changed, True
    os_, ns_ = old.get("spec") or {}, new.get("spec") or {}
    if os_.get("nodeName") != ns_.get("nodeName") or os_.get("hostname") != ns_.get("hostname") \
            or os_.get("subdomain") != ns_.get("subdomain"):
        return labels_changed, True
    if (old.get("status") or {}).get("phase") != (new.get("status") or {}).get("phase"):
        return labels_changed, True
    return labels_changed, False


class TriggerTimeTracker:
    """trigger_time_tracker.go: the earliest change (a pod's Ready transition,
    or the Service's creation) not yet reflected in the endpoints object.

    Times are epoch seconds; ``format`` renders them as time.RFC3339Nano in UTC
    (which, for metav1 second-precision times, is the plain RFC 3339 form)."""

    def __init__(self):
        self.states: dict[str, tuple[dict, float]] = {}

    def compute(self, key: str, service: dict, pods: list[dict]) -> float | None:
        state = self.states.get(key)
        last_pods, last_service = state if state is not None else ({}, 0.0)
        min_changed: float | None = None
        pod_times: dict[str, float] = {}
        for pod in pods:
            cond = ready_condition(pod)
            if cond is None or not cond.get("lastTransitionTime"):
                continue
            t = parse_time(cond["lastTransitionTime"])
            name = pod["metadata"]["name"]
            pod_times[name] = t
            if t > last_pods.get(name, float("-inf")):
                min_changed = t if min_changed is None else min(min_changed, t)
        svc_time = parse_time(service["metadata"]["creationTimestamp"])
        if svc_time > last_service:
            min_changed = svc_time if min_changed is None else min(min_changed, svc_time)
        self.states[key] = (pod_times, svc_time)
        if state is None:
            return svc_time
        return min_changed

    def delete(self, key: str) -> None:
        self.states.pop(key, None)


def services_to_update_on_pod_change(cluster, old: dict, new: dict) -> list[str]:
    """Keys of the Services an updated pod matters to (endpointslice util GetServicesToUpdateOnPodChange).

    Empty when nothing a Service sees changed; with changed labels, the
    Services that selected the old labels count too.
    """
    labels_changed, changed = pods_changed_for_endpoints(old, new)
    if not labels_changed and not changed:
        return []
    ns = new["metadata"]["namespace"]
    keys = services_selecting(cluster, ns, new["metadata"].get("labels") or {})
    if labels_changed:
        for k in services_selecting(cluster, ns, old["metadata"].get("labels") or {}):
            if k not in keys:
                keys.append(k)
    return keys


@functools.lru_cache(maxsize=4096)
def parse_time(ts: str) -> float:
    """timeutil.parse_rfc3339, memoised: the same few timestamps recur on every pod."""
    return timeutil.parse_rfc3339(ts)


def format_trigger_time(t: float) -> str:
    return timeutil.rfc3339(t)
