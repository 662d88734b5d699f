"""Kubelab's simulated Kubernetes: pure Python, deterministic, in virtual time.

The public face: ``Cluster``, ``ClusterSpec`` and ``Output``. Everything else
is imported module-qualified (``from clusters import store``).
"""
from clusters.cluster import Cluster, Output
from clusters.console import Console, apiserver_port
from clusters.spec import ClusterSpec, NodeSpec

Cluster.console_class = Console
Cluster.apiserver_port = staticmethod(apiserver_port.serve)

__all__ = ["Cluster", "ClusterSpec", "NodeSpec", "Output"]
