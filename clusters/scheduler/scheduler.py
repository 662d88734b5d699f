"""Placeholder scheduler: binds each pending pod to the first node with room.

Being replaced by the framework port (filter/score plugins, weights,
numFeasibleNodesToFind, FailedScheduling messages, recorded scores).
"""
from __future__ import annotations

from clusters import objects
from clusters.controllers.base import Controller, key_of, split_key


class Scheduler(Controller):
    name = "default-scheduler"

    def start(self) -> None:
        self.cluster.informers.on("pods", add=self._pod_added)
        for pod in self.api.list("pods"):
            self._pod_added(pod)

    def _pod_added(self, pod: dict) -> None:
        if not pod["spec"].get("nodeName"):
            self.enqueue(key_of(pod))

    def sync(self, key: str):
        ns, name = split_key(key)
        pod = self.api.try_get("pods", name, ns)
        if pod is None or pod["spec"].get("nodeName"):
            return None
        for node in self.api.list("nodes"):
            if node.get("spec", {}).get("taints"):
                continue
            self.client.bind(pod, node["metadata"]["name"])
            self.recorder.event(pod, "Normal", "Scheduled", f"Successfully assigned {ns}/{name} to {node['metadata']['name']}")
            return None
        return 1.0
