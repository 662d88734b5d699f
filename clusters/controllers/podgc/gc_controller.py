"""The pod garbage collector: deletes pods nothing else will (pkg/controller/podgc/gc_controller.go, 1.32).

Every gcCheckPeriod (20 s) it looks at every pod:

- gcTerminated: beyond --terminated-pod-gc-threshold (12,500) Succeeded or
  Failed pods, the oldest are deleted;
- gcOrphaned: a pod bound to a node that does not exist (deleted, or a
  nodeName no node has, as in `spec.nodeName: foo-node`) puts that node in
  quarantine for 40 s; if the node still does not exist at a check after
  that, the pod is marked Failed with the DisruptionTarget condition
  (DeletionByPodGC, "PodGC: node no longer exists") and force-deleted;
- gcUnscheduledTerminating: a terminating pod that was never scheduled is
  force-deleted;
- gcTerminating: a terminating pod on a node that is not Ready and carries
  the node.kubernetes.io/out-of-service taint is marked Failed and
  force-deleted (non-graceful node shutdown).

It records no events, as upstream's does not.
"""
from __future__ import annotations

from clusters import timeutil
from clusters.apiserver import errors
from clusters.controllers.base import Controller

GC_CHECK_PERIOD = 20.0
QUARANTINE_TIME = 40.0
TERMINATED_POD_GC_THRESHOLD = 12500
OUT_OF_SERVICE = "node.kubernetes.io/out-of-service"
NODE_GONE = ("DeletionByPodGC", "PodGC: node no longer exists")


class PodGCController(Controller):
    name = "pod-garbage-collector"

    def __init__(self, cluster):
        super().__init__(cluster)
        # nodeQueue: a missing node's name -> when its quarantine ends (AddAfter keeps the earliest).
        self.quarantine: dict[str, float] = {}

    def start(self) -> None:
        # wait.UntilWithContext(ctx, gcc.gc, gcCheckPeriod): the first pass runs at once.
        self.until(GC_CHECK_PERIOD, "gc", first=0.0)

    def gc(self) -> None:
        pods = self.api.list("pods")
        nodes = {n["metadata"]["name"]: n for n in self.api.list("nodes")}
        self._gc_terminated(pods)
        self._gc_terminating(pods, nodes)
        self._gc_orphaned(pods, nodes)
        self._gc_unscheduled_terminating(pods)

    def _gc_terminated(self, pods: list[dict]) -> None:
        done = [p for p in pods if (p.get("status") or {}).get("phase") in ("Succeeded", "Failed")]
        excess = len(done) - TERMINATED_POD_GC_THRESHOLD
        if excess <= 0:
            return
        # byEvictionAndCreationTimestamp: evicted pods first, then the oldest.
        done.sort(key=lambda p: ((p.get("status") or {}).get("reason") != "Evicted",
                                 p["metadata"].get("creationTimestamp") or "", p["metadata"]["name"]))
        for pod in done[:excess]:
            self._mark_failed_and_delete(pod, None)

    def _gc_terminating(self, pods: list[dict], nodes: dict) -> None:
        for pod in pods:
            node = nodes.get((pod.get("spec") or {}).get("nodeName") or "")
            if node is None or not pod["metadata"].get("deletionTimestamp"):
                continue
            ready = any(c.get("type") == "Ready" and c.get("status") == "True"
                        for c in (node.get("status") or {}).get("conditions") or ())
            out = any(t.get("key") == OUT_OF_SERVICE and t.get("effect") == "NoExecute"
                      for t in (node.get("spec") or {}).get("taints") or ())
            if not ready and out:
                self._mark_failed_and_delete(pod, None)

    def _gc_orphaned(self, pods: list[dict], nodes: dict) -> None:
        now = self.cluster.clock.now
        for pod in pods:
            name = (pod.get("spec") or {}).get("nodeName")
            if name and name not in nodes and name not in self.quarantine:
                self.quarantine[name] = now + QUARANTINE_TIME
        deleted = set()
        for name in sorted(self.quarantine):  # discoverDeletedNodes: what has waited long enough
            if self.quarantine[name] > now:
                continue
            del self.quarantine[name]
            if name not in nodes and self.api.try_get("nodes", name) is None:
                deleted.add(name)
        for pod in pods:
            if (pod.get("spec") or {}).get("nodeName") in deleted:
                self._mark_failed_and_delete(pod, NODE_GONE)

    def _gc_unscheduled_terminating(self, pods: list[dict]) -> None:
        for pod in pods:
            if pod["metadata"].get("deletionTimestamp") and not (pod.get("spec") or {}).get("nodeName"):
                self._mark_failed_and_delete(pod, None)

    def _mark_failed_and_delete(self, pod: dict, condition: tuple[str, str] | None) -> None:
        """markFailedAndDeletePodWithCondition: phase Failed (and the condition) by apply, then delete with grace 0."""
        m = pod["metadata"]
        try:
            status = dict(pod.get("status") or {})
            if status.get("phase") not in ("Succeeded", "Failed"):
                status["phase"] = "Failed"
                if condition is not None:
                    conds = [c for c in status.get("conditions") or [] if c.get("type") != "DisruptionTarget"]
                    conds.append({"type": "DisruptionTarget", "status": "True", "lastProbeTime": None,
                                  "lastTransitionTime": timeutil.rfc3339(self.cluster.epoch + self.cluster.clock.now),
                                  "reason": condition[0], "message": condition[1]})
                    status["conditions"] = conds
                self.client.update_status("pods", {"metadata": {"name": m["name"], "namespace": m["namespace"]},
                                                   "status": status})
            self.client.delete("pods", m["name"], m["namespace"], grace_period=0)
        except errors.StatusError as e:
            if e.code != 404:
                raise
