"""Placeholder kubelet: registers its Node and marks bound pods Running.

Being replaced by the full node agent (image pulls, container states,
probes, back-off, heartbeats and Lease renewal, graceful termination).
"""
from __future__ import annotations

from clusters import objects
from clusters.controllers.base import Controller, key_of, split_key


class Kubelet(Controller):
    name = "kubelet"

    def __init__(self, cluster, node_spec):
        super().__init__(cluster)
        self.node_spec = node_spec
        self.node_name = node_spec.name

    def start(self) -> None:
        ns = self.node_spec
        api = self.api
        now = api.timestamp()
        labels = {"beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux",
                  "kubernetes.io/arch": "amd64", "kubernetes.io/hostname": ns.name, "kubernetes.io/os": "linux"}
        labels.update(ns.labels)
        self.client.create("nodes", {
            "metadata": {"name": ns.name, "labels": labels},
            "spec": {"taints": list(ns.taints)} if ns.taints else {},
            "status": {
                "capacity": {"cpu": ns.cpu, "memory": ns.memory, "pods": str(ns.pods), "ephemeral-storage": "100Gi"},
                "allocatable": {"cpu": ns.cpu, "memory": ns.memory, "pods": str(ns.pods), "ephemeral-storage": "100Gi"},
                "conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady",
                                "message": "kubelet is posting ready status", "lastHeartbeatTime": now,
                                "lastTransitionTime": now}],
            },
        })
        self.cluster.informers.on("pods", add=self._pod_event, update=self._pod_updated)

    def _pod_updated(self, old: dict, pod: dict) -> None:
        self._pod_event(pod)

    def _pod_event(self, pod: dict) -> None:
        if pod["spec"].get("nodeName") == self.node_name:
            self.enqueue(key_of(pod))

    def sync(self, key: str):
        ns, name = split_key(key)
        pod = self.api.try_get("pods", name, ns)
        if pod is None:
            return None
        if pod["metadata"].get("deletionTimestamp"):
            self.client.delete("pods", name, ns, grace_period=0)
            return None
        if pod["status"].get("phase") != "Running":
            new = objects.clone(pod)
            new["status"]["phase"] = "Running"
            new["status"]["containerStatuses"] = [
                {"name": c["name"], "image": c["image"], "ready": True, "restartCount": 0, "started": True,
                 "state": {"running": {"startedAt": self.api.timestamp()}}} for c in pod["spec"]["containers"]]
            self.client.update_status("pods", new)
        return None
