"""The ResourceQuota controller: keeps ``status.hard`` and ``status.used`` true.

Shaped like kubernetes/kubernetes:pkg/controller/resourcequota/resource_quota_controller.go:
a quota is synced when it is created or its spec changes, when objects it
counts change in its namespace (the quota monitor's replenishment), and on a
full resync every 5 minutes (``--resource-quota-sync-period``). ``sync``
copies spec.hard into status.hard and computes status.used for the keys in
hard with ``apiserver.quota.namespace_usage`` (the same evaluators admission
uses), writing only when something changed.
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import quota, resources
from clusters.controllers.base import Controller, key_of, split_key

RESYNC_PERIOD = 300.0
# What the quota evaluators count, and so what may change status.used.
_WATCHED = ("pods", "services", "configmaps", "secrets", "persistentvolumeclaims", "replicationcontrollers", "resourcequotas")


class ResourceQuotaController(Controller):
    name = "resourcequota-controller"

    def start(self) -> None:
        inf = self.cluster.informers
        inf.on("resourcequotas", add=self._quota_event, update=self._quota_updated)
        for plural in _WATCHED:
            if plural == "resourcequotas":
                continue
            inf.on(plural, add=self._object_event, update=self._object_updated, delete=self._object_event)
        for q in self.api.list("resourcequotas"):
            self._quota_event(q)

    def _quota_event(self, q: dict) -> None:
        self.enqueue(key_of(q))

    def _quota_updated(self, old: dict, new: dict) -> None:
        if old.get("spec") != new.get("spec"):
            self.enqueue(key_of(new))

    def _object_event(self, obj: dict) -> None:
        self._enqueue_namespace(obj["metadata"].get("namespace"))

    def _object_updated(self, old: dict, new: dict) -> None:
        # Pods matter when they turn terminal or change their resources, Services and claims
        # when their spec changes (a type, a storage request); the rest only on add/delete.
        changed = old.get("spec") != new.get("spec")
        if new.get("kind") == "Pod":
            changed = changed or (old.get("status") or {}).get("phase") != (new.get("status") or {}).get("phase")
        if changed and new.get("kind") in ("Pod", "Service", "PersistentVolumeClaim"):
            self._enqueue_namespace(new["metadata"].get("namespace"))

    def _enqueue_namespace(self, ns: str | None) -> None:
        if not ns:
            return
        d = resources.by_plural("resourcequotas").directory(ns)
        for kv in self.cluster.store.bucket(d).values():
            self.enqueue(key_of(kv.value))

    def sync(self, key: str):
        ns, name = split_key(key)
        q = self.api.try_get("resourcequotas", name, ns)
        if q is None:
            return None
        hard = dict((q.get("spec") or {}).get("hard") or {})
        usage = quota.namespace_usage(self.api, ns, list(hard))
        used = {k: quota.text(usage[k]) for k in sorted(hard)}
        status = {"hard": hard, "used": used}
        if (q.get("status") or {}) != status:
            new = objects.clone(q)
            new["status"] = status
            self.client.update_status("resourcequotas", new)
        return RESYNC_PERIOD
