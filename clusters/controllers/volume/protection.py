"""Storage object in-use protection: a claim a pod still uses, or a volume still bound,
is not removed when deleted; it stays Terminating until nothing uses it.

Ports of kubernetes/kubernetes:pkg/controller/volume/pvcprotection/pvc_protection_controller.go
and pvprotection/pv_protection_controller.go. The StorageObjectInUseProtection admission
plugin adds the finalizers on create; these controllers add them to objects that lack
them and remove them from deleted objects nothing uses any more. A claim is in use
while a pod scheduled to a node mounts it (the kubelet refuses to start a pod whose
claim is being deleted, so unscheduled pods do not count); a volume while it is Bound.
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import storage
from clusters.controllers.base import Controller, split_key
from clusters.controllers.volume import helpers as vh


def _with_finalizer(obj: dict, finalizer: str, present: bool) -> dict:
    new = objects.clone(obj)
    fins = [f for f in new["metadata"].get("finalizers") or () if f != finalizer]
    if present:
        fins.append(finalizer)
    if fins:
        new["metadata"]["finalizers"] = fins
    else:
        new["metadata"].pop("finalizers", None)
    return new


class PVCProtectionController(Controller):
    name = "pvc-protection-controller"

    def start(self) -> None:
        inf = self.cluster.informers
        inf.on("persistentvolumeclaims", add=self._claim_event, update=self._claim_updated)
        inf.on("pods", update=self._pod_updated, delete=self._pod_deleted)

    def _claim_event(self, claim: dict) -> None:
        m = claim["metadata"]
        if m.get("deletionTimestamp") or storage.PVC_PROTECTION not in (m.get("finalizers") or ()):
            self.enqueue(f"{m['namespace']}/{m['name']}")

    def _claim_updated(self, old: dict, new: dict) -> None:
        self._claim_event(new)

    def _pod_updated(self, old: dict, new: dict) -> None:
        # podAddedDeletedUpdated: a pod leaving a node or ending may free the claims it used.
        if (old.get("spec") or {}).get("nodeName") != (new.get("spec") or {}).get("nodeName") or \
                (old.get("status") or {}).get("phase") != (new.get("status") or {}).get("phase"):
            self._pod_deleted(new)

    def _pod_deleted(self, pod: dict) -> None:
        ns = pod["metadata"]["namespace"]
        for name in vh.claim_names(pod.get("spec") or {}):
            claim = self.api.try_get("persistentvolumeclaims", name, ns)
            if claim is not None and claim["metadata"].get("deletionTimestamp"):
                self.enqueue(f"{ns}/{name}")

    def sync(self, key: str):
        ns, name = split_key(key)
        claim = self.api.try_get("persistentvolumeclaims", name, ns)
        if claim is None:
            return None
        fins = claim["metadata"].get("finalizers") or ()
        if claim["metadata"].get("deletionTimestamp"):
            if storage.PVC_PROTECTION in fins and not self.in_use(claim):
                self.client.update("persistentvolumeclaims", _with_finalizer(claim, storage.PVC_PROTECTION, False))
            return None
        if storage.PVC_PROTECTION not in fins:
            self.client.update("persistentvolumeclaims", _with_finalizer(claim, storage.PVC_PROTECTION, True))
        return None

    def in_use(self, claim: dict) -> bool:
        """isBeingUsed / podUsesPVC: a pod on a node mounts it."""
        m = claim["metadata"]
        for pod in self.api.list("pods", m["namespace"]):
            if (pod.get("spec") or {}).get("nodeName") and m["name"] in vh.claim_names(pod.get("spec") or {}):
                return True
        return False


class PVProtectionController(Controller):
    name = "pv-protection-controller"

    def start(self) -> None:
        self.cluster.informers.on("persistentvolumes", add=self._volume_event, update=self._volume_updated)

    def _volume_event(self, pv: dict) -> None:
        m = pv["metadata"]
        if m.get("deletionTimestamp") or storage.PV_PROTECTION not in (m.get("finalizers") or ()):
            self.enqueue(m["name"])

    def _volume_updated(self, old: dict, new: dict) -> None:
        self._volume_event(new)

    def sync(self, key: str):
        pv = self.api.try_get("persistentvolumes", key)
        if pv is None:
            return None
        fins = pv["metadata"].get("finalizers") or ()
        if pv["metadata"].get("deletionTimestamp"):
            # isBeingUsed: the PV controller keeps the phase; Bound means a claim still holds it.
            if storage.PV_PROTECTION in fins and (pv.get("status") or {}).get("phase") != "Bound":
                self.client.update("persistentvolumes", _with_finalizer(pv, storage.PV_PROTECTION, False))
            return None
        if storage.PV_PROTECTION not in fins:
            self.client.update("persistentvolumes", _with_finalizer(pv, storage.PV_PROTECTION, True))
        return None
