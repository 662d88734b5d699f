"""The taint eviction controller (pkg/controller/tainteviction/taint_eviction.go).

For each pod on a node with NoExecute taints: a pod that does not tolerate
them all is deleted at once; one that tolerates them for tolerationSeconds
(300 s for not-ready/unreachable, added by the DefaultTolerationSeconds
admission plugin) is deleted when the shortest of those runs out, counted
from when the taint was first seen for it (processPodOnNode keeps the first
schedule). Before deleting, the pod gets the DisruptionTarget condition
(DeletionByTaintManager) and a "TaintManagerEviction" event; a taint removed
in time cancels the eviction ("Cancelling deletion of Pod ns/name").
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import errors
from clusters.controllers.base import Controller, key_of, split_key


def min_toleration_seconds(tolerations: list, taints: list) -> float | None:
    """None: not tolerated (evict now); float('inf'): tolerated forever; else seconds."""
    best = float("inf")
    for taint in taints:
        matched = [t for t in tolerations if objects.tolerates(t, taint)]
        if not matched:
            return None
        for t in matched:
            s = t.get("tolerationSeconds")
            if s is not None:
                best = min(best, max(0.0, float(s)))
    return best


class TaintEvictionController(Controller):
    name = "taint-eviction-controller"

    def __init__(self, cluster):
        super().__init__(cluster)
        self.by_node: dict[str, set[str]] = {}
        self.scheduled: dict[str, float] = {}  # pod key -> when its eviction clock started

    def start(self) -> None:
        inf = self.cluster.informers
        inf.on("pods", add=self._pod_added, update=self._pod_updated, delete=self._pod_deleted)
        inf.on("nodes", update=self._node_updated, add=self._node_added)
        for pod in self.api.list("pods"):
            self._pod_added(pod)

    def _pod_added(self, pod: dict) -> None:
        node = pod["spec"].get("nodeName")
        if node:
            self.by_node.setdefault(node, set()).add(key_of(pod))
            if self._tainted(node):
                self.enqueue(key_of(pod))

    def _pod_updated(self, old: dict, new: dict) -> None:
        if old["spec"].get("nodeName") != new["spec"].get("nodeName") or old["spec"].get("tolerations") != new["spec"].get("tolerations"):
            self._pod_added(new)

    def _pod_deleted(self, pod: dict) -> None:
        node = pod["spec"].get("nodeName")
        key = key_of(pod)
        if node and node in self.by_node:
            self.by_node[node].discard(key)
        self.scheduled.pop(key, None)

    def _tainted(self, node_name: str) -> bool:
        node = self.api.try_get("nodes", node_name)
        return bool(node and any(t.get("effect") == "NoExecute" for t in (node.get("spec") or {}).get("taints") or ()))

    def _node_added(self, node: dict) -> None:
        self._node_updated({}, node)

    def _node_updated(self, old: dict, new: dict) -> None:
        o = [t for t in (old.get("spec") or {}).get("taints") or () if t.get("effect") == "NoExecute"]
        n = [t for t in (new.get("spec") or {}).get("taints") or () if t.get("effect") == "NoExecute"]
        if o == n:
            return
        for key in sorted(self.by_node.get(new["metadata"]["name"], ())):
            self.enqueue(key)

    def sync(self, key: str):
        ns, name = split_key(key)
        pod = self.api.try_get("pods", name, ns)
        if pod is None:
            self.scheduled.pop(key, None)
            return None
        node_name = pod["spec"].get("nodeName")
        node = self.api.try_get("nodes", node_name) if node_name else None
        taints = [t for t in ((node or {}).get("spec") or {}).get("taints") or () if t.get("effect") == "NoExecute"]
        if not taints or pod["metadata"].get("deletionTimestamp"):
            if key in self.scheduled and not pod["metadata"].get("deletionTimestamp"):
                del self.scheduled[key]
                self.recorder.event(pod, "Normal", "TaintManagerEviction", f"Cancelling deletion of Pod {key}")
            return None
        now = self.cluster.clock.now
        secs = min_toleration_seconds(pod["spec"].get("tolerations") or [], taints)
        if secs is None:
            self._evict(pod, key)
            return None
        if secs == float("inf"):
            self.scheduled.pop(key, None)
            return None
        start = self.scheduled.setdefault(key, now)
        fire = start + secs
        if now >= fire:
            self._evict(pod, key)
            return None
        return fire - now

    def _evict(self, pod: dict, key: str) -> None:
        """addConditionAndDeletePod."""
        self.scheduled.pop(key, None)
        self.recorder.event(pod, "Normal", "TaintManagerEviction", f"Marking for deletion Pod {key}")
        new = objects.clone(pod)
        st = new.setdefault("status", {})
        conds = [c for c in st.get("conditions") or [] if c.get("type") != "DisruptionTarget"]
        conds.append({"type": "DisruptionTarget", "status": "True", "lastProbeTime": None,
                      "lastTransitionTime": self.api.timestamp(), "reason": "DeletionByTaintManager",
                      "message": "Taint manager: deleting due to NoExecute taint"})
        st["conditions"] = conds
        m = pod["metadata"]
        try:
            self.client.update_status("pods", {"metadata": {"name": m["name"], "namespace": m["namespace"]}, "status": st})
            self.client.delete("pods", m["name"], m["namespace"])
        except errors.StatusError:
            pass
