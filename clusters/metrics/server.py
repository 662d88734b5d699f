"""metrics-server, modelled: the metrics.k8s.io/v1beta1 reads behind ``kubectl top`` and the HPA.

metrics-server scrapes every kubelet every 15 s (``--metric-resolution=15s``
in the add-on manifest) and needs two scrapes of a container before it can
report a CPU rate, so a new pod has no metrics for its first 15–30 s
(``kubectl top`` says "metrics not available yet"; the HPA says "did not
receive metrics for targeted pods"). Readings carry the time of the last
scrape and a 15 s window. CPU is reported in nanocores and memory in KiB, as
metrics-server prints them.

Reads fail like the aggregator fails: with 503 ServiceUnavailable "the server
is currently unable to handle the request (get pods.metrics.k8s.io)" while a
lab has broken the ``v1beta1.metrics.k8s.io`` APIService
(``cluster.api.unavailable``), and with 404 when the add-on is not installed.
"""
from __future__ import annotations

import math

from clusters import objects, timeutil
from clusters.apiserver import errors
from clusters.metrics import load as loadmodel
from clusters.metrics import usage

GROUP_VERSION = "metrics.k8s.io/v1beta1"
APISERVICE = "v1beta1.metrics.k8s.io"
RESOLUTION = 15.0
WINDOW = "15s"
# What the kubelet, container runtime and OS use on a kind node besides pods.
NODE_OVERHEAD_MCPU = 40
NODE_OVERHEAD_MEM = 350 * 1024 * 1024


def _check(cluster, plural: str) -> None:
    api = cluster.api
    if GROUP_VERSION in api.unavailable:
        raise errors.service_unavailable(f"the server is currently unable to handle the request (get {plural}.metrics.k8s.io)")
    if api.try_get("apiservices", APISERVICE) is None:
        raise errors.StatusError(404, "NotFound", f"the server could not find the requested resource (get {plural}.metrics.k8s.io)")


def last_scrape(cluster) -> float:
    return math.floor(cluster.clock.now / RESOLUTION) * RESOLUTION


def _started(pod: dict, container: str) -> float | None:
    for st in (pod.get("status") or {}).get("containerStatuses") or ():
        if st.get("name") == container:
            running = (st.get("state") or {}).get("running")
            if running is None:
                return None
            ts = running.get("startedAt")
            return timeutil.parse_rfc3339(ts) if ts else None
    ts = (pod.get("status") or {}).get("startTime")
    return timeutil.parse_rfc3339(ts) if ts else None


def _has_rate(cluster, started_epoch: float, scrape: float) -> bool:
    """Two scrapes since the container started: the first at or after the start, then one more."""
    start = started_epoch - cluster.epoch
    first = math.ceil(start / RESOLUTION) * RESOLUTION
    return scrape >= first + RESOLUTION


def _pod_usage(cluster, pod: dict, rps: float, generator: bool, scrape: float) -> list[tuple[str, int, int]] | None:
    if (pod.get("status") or {}).get("phase") != "Running":
        return None
    out = []
    # The node's kubelet, scraped for what its load generators use (/metrics/resource).
    kubelet = (getattr(cluster, "kubelets", None) or {}).get((pod.get("spec") or {}).get("nodeName") or "")
    m = pod["metadata"]
    for i, c in enumerate((pod.get("spec") or {}).get("containers") or ()):
        started = _started(pod, c["name"])
        if started is None or not _has_rate(cluster, started, scrape):
            continue
        own = kubelet.own_usage(m["namespace"], m["name"], c["name"]) if kubelet is not None else None
        n, b = usage.container_usage(pod, c, i, rps, cluster.epoch + scrape, generator, own)
        out.append((c["name"], n, b))
    return out or None


def _node_ready(node: dict) -> bool:
    for c in (node.get("status") or {}).get("conditions") or ():
        if c.get("type") == "Ready":
            return c.get("status") == "True"
    return False


def _cpu(n: int) -> str:
    return f"{n}n"


def _mem(b: int) -> str:
    return f"{b // 1024}Ki"


def pod_metrics(cluster, namespace: str | None = None, selector: objects.Selector | None = None) -> list[dict]:
    """``GET /apis/metrics.k8s.io/v1beta1/[namespaces/NS/]pods``: PodMetrics items, sorted by namespace and name."""
    _check(cluster, "pods")
    scrape = last_scrape(cluster)
    traffic = loadmodel.Traffic(cluster)
    loads, gens = traffic.by_pod, traffic.generators
    ts = timeutil.rfc3339(cluster.epoch + scrape)
    now = cluster.api.timestamp()
    out = []
    for pod in cluster.api.list("pods", namespace, selector):
        m = pod["metadata"]
        key = (m["namespace"], m["name"])
        containers = _pod_usage(cluster, pod, loads.get(key, 0.0), key in gens, scrape)
        if containers is None:
            continue
        out.append({
            "kind": "PodMetrics", "apiVersion": GROUP_VERSION,
            "metadata": {"name": m["name"], "namespace": m["namespace"], "creationTimestamp": now,
                         "labels": dict(m.get("labels") or {})},
            "timestamp": ts, "window": WINDOW,
            "containers": [{"name": n, "usage": {"cpu": _cpu(c), "memory": _mem(b)}} for n, c, b in containers],
        })
    return out


def node_metrics(cluster) -> list[dict]:
    """``GET /apis/metrics.k8s.io/v1beta1/nodes``: NodeMetrics for nodes whose kubelet answers."""
    _check(cluster, "nodes")
    scrape = last_scrape(cluster)
    traffic = loadmodel.Traffic(cluster)
    loads, gens = traffic.by_pod, traffic.generators
    by_node: dict[str, list[int]] = {}
    for pod in cluster.api.list("pods"):
        node = (pod.get("spec") or {}).get("nodeName")
        if not node:
            continue
        m = pod["metadata"]
        key = (m["namespace"], m["name"])
        containers = _pod_usage(cluster, pod, loads.get(key, 0.0), key in gens, scrape)
        if containers is None:
            continue
        acc = by_node.setdefault(node, [0, 0])
        for _, c, b in containers:
            acc[0] += c
            acc[1] += b
    ts = timeutil.rfc3339(cluster.epoch + scrape)
    now = cluster.api.timestamp()
    out = []
    for node in cluster.api.list("nodes"):
        if not _node_ready(node):
            continue
        name = node["metadata"]["name"]
        cpu, mem = by_node.get(name, [0, 0])
        cpu += NODE_OVERHEAD_MCPU * 1_000_000
        mem += NODE_OVERHEAD_MEM
        out.append({
            "kind": "NodeMetrics", "apiVersion": GROUP_VERSION,
            "metadata": {"name": name, "creationTimestamp": now, "labels": dict(node["metadata"].get("labels") or {})},
            "timestamp": ts, "window": WINDOW,
            "usage": {"cpu": _cpu(cpu), "memory": _mem(mem)},
        })
    return out


def get_pod_metrics(cluster, namespace: str, name: str) -> dict:
    _check(cluster, "pods")
    for item in pod_metrics(cluster, namespace):
        if item["metadata"]["name"] == name:
            return item
    raise errors.StatusError(404, "NotFound", f'podmetrics.metrics.k8s.io "{name}" not found',
                             {"name": name, "group": "metrics.k8s.io", "kind": "pods"})


def get_node_metrics(cluster, name: str) -> dict:
    _check(cluster, "nodes")
    for item in node_metrics(cluster):
        if item["metadata"]["name"] == name:
            return item
    raise errors.StatusError(404, "NotFound", f'nodemetrics.metrics.k8s.io "{name}" not found',
                             {"name": name, "group": "metrics.k8s.io", "kind": "nodes"})
