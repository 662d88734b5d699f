"""How many replicas a resource metric asks for.

A port of kubernetes/kubernetes:pkg/controller/podautoscaler/replica_calculator.go
(GetResourceReplicas, GetRawResourceReplicas, groupPods, calculatePodRequests)
and metrics/utilization.go (GetResourceUtilizationRatio), reading PodMetrics
from ``clusters.metrics`` the way rest_metrics_client.go reads metrics-server.
Errors carry upstream's words, because ``kubectl describe hpa`` shows them.
"""
from __future__ import annotations

import math

from clusters import objects, timeutil
from clusters.apiserver import errors
from clusters.metrics import server as metrics_server

# KCM defaults (pkg/controller/podautoscaler/config/v1alpha1/defaults.go).
TOLERANCE = 0.1
CPU_INITIALIZATION_PERIOD = 300.0
DELAY_OF_INITIAL_READINESS_STATUS = 30.0


class MetricError(Exception):
    pass


class PodMetric:
    __slots__ = ("value", "timestamp", "window")

    def __init__(self, value: int, timestamp: float, window: float):
        self.value = value
        self.timestamp = timestamp
        self.window = window


def _milli(resource: str, q: str) -> int:
    if resource == "cpu":
        return objects.milli_cpu(q)
    v = objects.parse_quantity(q) * 1000
    iv = int(v)
    return iv if iv == v else iv + 1


def get_resource_metric(cluster, resource: str, namespace: str, selector: objects.Selector) -> tuple[dict, float]:
    """rest_metrics_client.go GetResourceMetric: pod name -> summed container usage (milli-units)."""
    try:
        items = metrics_server.pod_metrics(cluster, namespace, selector)
    except errors.StatusError as e:
        raise MetricError(f"unable to fetch metrics from resource metrics API: {e.message}")
    if not items:
        raise MetricError("no metrics returned from resource metrics API")
    res: dict[str, PodMetric] = {}
    for m in items:
        total = 0
        missing = not m["containers"]
        for c in m["containers"]:
            q = c["usage"].get(resource)
            if q is None:
                missing = True
                break
            total += _milli(resource, q)
        if not missing:
            res[m["metadata"]["name"]] = PodMetric(total, timeutil.parse_rfc3339(m["timestamp"]),
                                                   timeutil.parse_go_duration(m["window"]))
    return res, timeutil.parse_rfc3339(items[0]["timestamp"])


def _condition(pod: dict, type_: str) -> dict | None:
    for c in (pod.get("status") or {}).get("conditions") or ():
        if c.get("type") == type_:
            return c
    return None


def group_pods(pods: list[dict], metrics: dict, resource: str, now: float):
    """replica_calculator.go groupPods: (ready count, unready, missing, ignored) names."""
    ready = 0
    unready, missing, ignored = set(), set(), set()
    for pod in pods:
        name = pod["metadata"]["name"]
        phase = (pod.get("status") or {}).get("phase")
        if pod["metadata"].get("deletionTimestamp") or phase == "Failed":
            ignored.add(name)
            continue
        if phase == "Pending":
            unready.add(name)
            continue
        metric = metrics.get(name)
        if metric is None:
            missing.add(name)
            continue
        if resource == "cpu":
            cond = _condition(pod, "Ready")
            start = (pod.get("status") or {}).get("startTime")
            if cond is None or not start:
                is_unready = True
            else:
                start_t = timeutil.parse_rfc3339(start)
                transition = timeutil.parse_rfc3339(cond["lastTransitionTime"]) if cond.get("lastTransitionTime") else start_t
                if start_t + CPU_INITIALIZATION_PERIOD > now:
                    # Still initialising: ignore the sample if unready or taken before one window after the transition.
                    is_unready = cond.get("status") == "False" or metric.timestamp < transition + metric.window
                else:
                    # Ignore a pod that is unready and has never been ready.
                    is_unready = cond.get("status") == "False" and start_t + DELAY_OF_INITIAL_READINESS_STATUS > transition
            if is_unready:
                unready.add(name)
                continue
        ready += 1
    return ready, unready, missing, ignored


def calculate_pod_requests(pods: list[dict], resource: str) -> dict[str, int]:
    out = {}
    for pod in pods:
        total = 0
        for c in (pod.get("spec") or {}).get("containers") or ():
            q = ((c.get("resources") or {}).get("requests") or {}).get(resource)
            if q is None:
                raise MetricError(f"missing request for {resource} in container {c['name']} of Pod {pod['metadata']['name']}")
            total += _milli(resource, q)
        out[pod["metadata"]["name"]] = total
    return out


def utilization_ratio(metrics: dict, requests: dict, target: int) -> tuple[float, int, int]:
    """metrics/utilization.go GetResourceUtilizationRatio (integer percent, as upstream)."""
    metrics_total = requests_total = n = 0
    for name, m in metrics.items():
        if name not in requests:
            continue
        metrics_total += m.value
        requests_total += requests[name]
        n += 1
    if requests_total == 0:
        raise MetricError("no metrics returned matched known pods")
    current = int(metrics_total * 100 / requests_total)
    return current / target, current, metrics_total // n


def get_resource_replicas(cluster, current_replicas: int, target_utilization: int, resource: str,
                          namespace: str, selector: objects.Selector, tolerance: float = TOLERANCE):
    """(replicas, utilization %, raw average milli-value, metric timestamp)."""
    try:
        metrics, timestamp = get_resource_metric(cluster, resource, namespace, selector)
    except MetricError as e:
        raise MetricError(f"unable to get metrics for resource {resource}: {e}")
    pods = cluster.api.list("pods", namespace, selector)
    if not pods:
        raise MetricError("no pods returned by selector while calculating replica count")
    now = cluster.epoch + cluster.clock.now
    ready_count, unready, missing, ignored = group_pods(pods, metrics, resource, now)
    for name in ignored | unready:
        metrics.pop(name, None)
    requests = calculate_pod_requests(pods, resource)
    if not metrics:
        raise MetricError("did not receive metrics for targeted pods (pods might be unready)")
    ratio, utilization, raw = utilization_ratio(metrics, requests, target_utilization)
    scale_up_with_unready = bool(unready) and ratio > 1.0
    if not scale_up_with_unready and not missing:
        if abs(1.0 - ratio) <= tolerance:
            return current_replicas, utilization, raw, timestamp
        return math.ceil(ratio * ready_count), utilization, raw, timestamp
    if missing:
        if ratio < 1.0:
            fallback = max(100, target_utilization)
            for name in missing:
                metrics[name] = PodMetric(requests[name] * fallback // 100, 0, 0)
        elif ratio > 1.0:
            for name in missing:
                metrics[name] = PodMetric(0, 0, 0)
    if scale_up_with_unready:
        for name in unready:
            metrics[name] = PodMetric(0, 0, 0)
    new_ratio, _, _ = utilization_ratio(metrics, requests, target_utilization)
    if abs(1.0 - new_ratio) <= tolerance or (ratio < 1.0 < new_ratio) or (ratio > 1.0 > new_ratio):
        return current_replicas, utilization, raw, timestamp
    new_replicas = math.ceil(new_ratio * len(metrics))
    if (new_ratio < 1.0 and new_replicas > current_replicas) or (new_ratio > 1.0 and new_replicas < current_replicas):
        return current_replicas, utilization, raw, timestamp
    return new_replicas, utilization, raw, timestamp


def get_raw_resource_replicas(cluster, current_replicas: int, target_usage: int, resource: str,
                              namespace: str, selector: objects.Selector, tolerance: float = TOLERANCE):
    """GetRawResourceReplicas / calcPlainMetricReplicas: an AverageValue target. (replicas, usage, timestamp)."""
    try:
        metrics, timestamp = get_resource_metric(cluster, resource, namespace, selector)
    except MetricError as e:
        raise MetricError(f"unable to get metrics for resource {resource}: {e}")
    pods = cluster.api.list("pods", namespace, selector)
    if not pods:
        raise MetricError("no pods returned by selector while calculating replica count")
    now = cluster.epoch + cluster.clock.now
    ready_count, unready, missing, ignored = group_pods(pods, metrics, resource, now)
    for name in ignored | unready:
        metrics.pop(name, None)
    if not metrics:
        raise MetricError("did not receive metrics for targeted pods (pods might be unready)")

    def ratio_of(ms):
        total = sum(m.value for m in ms.values())
        usage = total // len(ms)
        return usage / target_usage, usage

    ratio, usage = ratio_of(metrics)
    scale_up_with_unready = bool(unready) and ratio > 1.0
    if not scale_up_with_unready and not missing:
        if abs(1.0 - ratio) <= tolerance:
            return current_replicas, usage, timestamp
        return math.ceil(ratio * ready_count), usage, timestamp
    if missing:
        for name in missing:
            metrics[name] = PodMetric(target_usage if ratio < 1.0 else 0, 0, 0)
    if scale_up_with_unready:
        for name in unready:
            metrics[name] = PodMetric(0, 0, 0)
    new_ratio, _ = ratio_of(metrics)
    if abs(1.0 - new_ratio) <= tolerance or (ratio < 1.0 < new_ratio) or (ratio > 1.0 > new_ratio):
        return current_replicas, usage, timestamp
    new_replicas = math.ceil(new_ratio * len(metrics))
    if (new_ratio < 1.0 and new_replicas > current_replicas) or (new_ratio > 1.0 and new_replicas < current_replicas):
        return current_replicas, usage, timestamp
    return new_replicas, usage, timestamp
