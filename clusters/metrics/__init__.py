"""Simulated resource usage and the metrics.k8s.io API (metrics-server) over it.

- ``usage``: what each container uses, per image, from load or a lab's annotations;
- ``load``: requests per second per Service (``sim load``, load-generator pods);
- ``server``: NodeMetrics and PodMetrics as ``kubectl top`` and the HPA read them.
"""
from clusters.metrics.load import set_load
from clusters.metrics.server import get_node_metrics, get_pod_metrics, node_metrics, pod_metrics

__all__ = ["get_node_metrics", "get_pod_metrics", "node_metrics", "pod_metrics", "set_load"]
