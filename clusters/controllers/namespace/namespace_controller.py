"""The namespace controller, after kubernetes/kubernetes:pkg/controller/namespace/namespace_controller.go.

A namespace with a deletionTimestamp is queued; the deleter removes its
content and finally its ``kubernetes`` finalizer. While content remains it
checks again after ``estimate/2 + 1`` seconds; on any other error (such as a
discovery failure behind a broken APIService) it backs off per item from
5 ms doubling to 60 s (nsControllerRateLimiter), so a namespace stuck
behind a broken APIService finishes within a minute of the fix.
"""
from __future__ import annotations

from clusters.controllers.base import Controller
from clusters.controllers.namespace.namespaced_resources_deleter import Deleter, DeletionError

BACKOFF_BASE = 0.005
BACKOFF_MAX = 60.0


class NamespaceController(Controller):
    name = "namespace-controller"

    def __init__(self, cluster):
        super().__init__(cluster)
        self.deleter = Deleter(self)
        self.failures: dict[str, int] = {}

    def start(self) -> None:
        self.cluster.informers.on("namespaces", add=self._added, update=self._updated)
        for ns in self.api.list("namespaces"):
            self._added(ns)

    def _added(self, ns: dict) -> None:
        if ns["metadata"].get("deletionTimestamp"):
            self.enqueue(ns["metadata"]["name"])

    def _updated(self, old: dict, ns: dict) -> None:
        self._added(ns)

    def sync(self, key: str):
        try:
            self.deleter.delete(key)
        except DeletionError as e:
            if e.remaining:
                self.failures.pop(key, None)
                return e.remaining // 2 + 1
            n = self.failures.get(key, 0)
            self.failures[key] = n + 1
            self.cluster.log(self.name, f"deletion of namespace {key} failed: {e}")
            return min(BACKOFF_BASE * (2 ** n), BACKOFF_MAX)
        self.failures.pop(key, None)
        return None
