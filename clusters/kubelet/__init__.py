"""The kubelet: one per node, registering the Node, renewing its Lease, running pods."""
from __future__ import annotations

from clusters.kubelet.kubelet import Kubelet


def start_kubelets(cluster) -> dict:
    out = {}
    for ns in cluster.spec.node_specs():
        k = Kubelet(cluster, ns)
        k.start()
        out[ns.name] = k
    return out


__all__ = ["Kubelet", "start_kubelets"]
