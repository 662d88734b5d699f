"""Pods nominated to a node by preemption, and filtering that counts them.

A preemptor waits for its victims to go with ``status.nominatedNodeName`` set.
Meanwhile upstream keeps the room it was promised: the scheduling queue's
nominator (backend/queue/nominator.go) remembers each nominated pod, and
RunFilterPluginsWithNominatedPods (framework/runtime/framework.go) filters
every other pod against a node as if the nominated pods of equal or higher
priority were already on it, then, if that passes, once more without them
(a pod may depend on them being absent, as with anti-affinity).

Here the nominated pods count towards a node's requests, pod count and host
ports (NodeResourcesFit, NodePorts); PodTopologySpread and InterPodAffinity
do not see them (upstream's PreFilter AddPod extensions).
"""
from __future__ import annotations

from clusters.scheduler.cache import TERMINAL_PHASES, NodeInfo, PodRec


class Nominator:
    def __init__(self, scheduler_name: str):
        self.scheduler_name = scheduler_name
        self.pods: dict[str, tuple[str, dict]] = {}  # pod key -> (node, pod)
        self.by_node: dict[str, set[str]] = {}

    def update(self, pod: dict | None, key: str) -> None:
        """Add, move or forget the nomination of the pod at ``key`` (None: deleted)."""
        node = None
        if pod is not None and not pod["spec"].get("nodeName") and not pod["metadata"].get("deletionTimestamp") \
                and (pod["spec"].get("schedulerName") or self.scheduler_name) == self.scheduler_name \
                and (pod.get("status") or {}).get("phase") not in TERMINAL_PHASES:
            node = (pod.get("status") or {}).get("nominatedNodeName") or None
        old = self.pods.get(key)
        if old is not None and old[0] != node:
            keys = self.by_node.get(old[0])
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del self.by_node[old[0]]
        if node is None:
            self.pods.pop(key, None)
            return
        self.pods[key] = (node, pod)
        self.by_node.setdefault(node, set()).add(key)

    def with_nominated(self, ni: NodeInfo, pi) -> NodeInfo | None:
        """addGENominatedPods: a copy of ``ni`` holding the nominated pods of priority ≥ the pod's, or None."""
        keys = self.by_node.get(ni.name)
        if not keys:
            return None
        added = None
        for key in sorted(keys):
            if key == pi.key:
                continue
            pod = self.pods[key][1]
            if (pod["spec"].get("priority") or 0) < pi.priority:
                continue
            if added is None:
                added = ni.copy()
            added.add_pod(PodRec(pod, ni.name))
        return added
