"""The kubelet: one per node, registering the Node, renewing its Lease, running pods.

``cluster.kubelets`` maps node name → Kubelet. One informer handler for pods
routes each event to the kubelet of the pod's node (upstream each kubelet
watches only its own pods with a spec.nodeName field selector), so a cluster
of 5,000 nodes pays one dictionary lookup per pod event, not 5,000 handlers.
A ConfigMap or Secret change reaches the volumes of the pods that mount it at each pod's next
periodic sync (Kubelet.source_changed).

``add_node(cluster, NodeSpec)`` registers a new node at runtime (``sim node
add``); it reports Ready a few seconds later, as a joining node does.
"""
from __future__ import annotations

from clusters.kubelet import config
from clusters.kubelet.kubelet import ExecResult, Kubelet

# How long a node added at runtime reports NotReady before the runtime is up.
JOIN_READY_AFTER = 3.0


class Kubelets(dict):
    """node name → Kubelet, plus the shared informer routing."""

    def __init__(self, cluster):
        super().__init__()
        self.cluster = cluster
        self.next_index = 0

    def route_add(self, pod: dict) -> None:
        k = self.get(pod["spec"].get("nodeName") or "")
        if k is not None:
            k.pod_event(pod)

    def route_update(self, old: dict, new: dict) -> None:
        node = new["spec"].get("nodeName")
        if node:
            k = self.get(node)
            if k is not None:
                # The kubelet's own status writes come back here: only changes others made matter
                # (labels and annotations too: downwardAPI volumes show them).
                om, nm = old["metadata"], new["metadata"]
                if (old["spec"] is new["spec"] or old["spec"] == new["spec"]) and \
                        om.get("deletionTimestamp") == nm.get("deletionTimestamp") and \
                        om.get("labels") == nm.get("labels") and om.get("annotations") == nm.get("annotations") and \
                        old["spec"].get("nodeName") == node and k.by_key.get(_key(new)) == new["metadata"].get("uid"):
                    return
                k.pod_event(new)

    def route_delete(self, pod: dict) -> None:
        k = self.get(pod["spec"].get("nodeName") or "")
        if k is not None:
            k.pod_event(pod)

    def config_changed(self, obj: dict, kind: str) -> None:
        ns = obj["metadata"].get("namespace")
        name = obj["metadata"]["name"]
        for k in self.values():
            for rt in k.pods.values():
                if rt.namespace == ns and config.uses(rt.pod, kind, name):
                    k.source_changed(rt)

    def configmap_added(self, obj: dict) -> None:
        self.config_changed(obj, "configmap")

    def secret_added(self, obj: dict) -> None:
        self.config_changed(obj, "secret")

    def configmap_updated(self, old: dict, new: dict) -> None:
        self.config_changed(new, "configmap")

    def secret_updated(self, old: dict, new: dict) -> None:
        self.config_changed(new, "secret")

    def configmap_deleted(self, obj: dict) -> None:
        self.config_changed(obj, "configmap")

    def secret_deleted(self, obj: dict) -> None:
        self.config_changed(obj, "secret")


def _key(pod: dict) -> str:
    m = pod["metadata"]
    return f"{m['namespace']}/{m['name']}"


def start_kubelets(cluster) -> Kubelets:
    out = Kubelets(cluster)
    cluster.kubelets = out
    inf = cluster.informers
    inf.on("pods", add=out.route_add, update=out.route_update, delete=out.route_delete)
    inf.on("configmaps", add=out.configmap_added, update=out.configmap_updated, delete=out.configmap_deleted)
    inf.on("secrets", add=out.secret_added, update=out.secret_updated, delete=out.secret_deleted)
    for ns in cluster.spec.node_specs():
        _start(cluster, out, ns, 0.0)
    return out


def _start(cluster, kubelets: Kubelets, node_spec, ready_after: float) -> Kubelet:
    k = Kubelet(cluster, node_spec, kubelets.next_index)
    kubelets.next_index += 1
    kubelets[node_spec.name] = k
    k.start(ready_after)
    return k


def add_node(cluster, node_spec) -> Kubelet:
    """Join a node to a running cluster (``sim node add``). Raises StatusError if the name is taken."""
    from clusters.apiserver import errors

    if node_spec.name in cluster.kubelets or cluster.api.try_get("nodes", node_spec.name) is not None:
        raise errors.already_exists("nodes", node_spec.name)
    if len(cluster.kubelets) >= cluster.spec.max_nodes:
        raise errors.too_many(f"this cluster holds its maximum of {cluster.spec.max_nodes} nodes")
    return _start(cluster, cluster.kubelets, node_spec, JOIN_READY_AFTER)


__all__ = ["ExecResult", "Kubelet", "Kubelets", "add_node", "start_kubelets"]
