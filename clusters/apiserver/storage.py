"""Storage in the API server: StorageClass and PersistentVolume defaulting, and the
two storage admission plugins.

- Defaults: pkg/apis/storage/v1/defaults.go SetDefaults_StorageClass (reclaimPolicy
  Delete, volumeBindingMode Immediate) and pkg/apis/core/v1/defaults.go
  SetDefaults_PersistentVolume (phase Pending, reclaim policy Retain, volumeMode
  Filesystem; a hostPath type defaults to ""). A new PersistentVolume starts Pending
  with ``status.lastPhaseTransitionTime`` (pkg/registry/core/persistentvolume/strategy.go
  PrepareForCreate), whatever status the creator sent.
- DefaultStorageClass (plugin/pkg/admission/storage/storageclass/setdefault/admission.go):
  a new claim with no ``storageClassName`` at all gets the default class; an explicit
  ``""`` means "no class" and is kept.
- StorageObjectInUseProtection (plugin/pkg/admission/storage/storageobjectinuse/admission.go):
  new claims and volumes get the ``kubernetes.io/pvc-protection`` and
  ``kubernetes.io/pv-protection`` finalizers, which the protection controllers lift
  once nothing uses them.
"""
from __future__ import annotations

from clusters import timeutil
from clusters.apiserver.admission import Plugin

# storageutil.IsDefaultAnnotation (pkg/apis/storage/util/helpers.go)
IS_DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class"
BETA_IS_DEFAULT_CLASS = "storageclass.beta.kubernetes.io/is-default-class"
# The deprecated class annotation claims and volumes may still carry (v1.BetaStorageClassAnnotation).
BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class"
PVC_PROTECTION = "kubernetes.io/pvc-protection"
PV_PROTECTION = "kubernetes.io/pv-protection"


def is_default_class(sc: dict) -> bool:
    ann = (sc.get("metadata") or {}).get("annotations") or {}
    return ann.get(IS_DEFAULT_CLASS) == "true" or ann.get(BETA_IS_DEFAULT_CLASS) == "true"


def default_class(api) -> dict | None:
    """util.GetDefaultClass: of several default classes the newest wins, then the first by name."""
    found = [sc for sc in api.list("storageclasses") if is_default_class(sc)]
    if not found:
        return None
    found.sort(key=lambda sc: sc["metadata"]["name"])
    found.sort(key=lambda sc: timeutil.parse_rfc3339(sc["metadata"].get("creationTimestamp") or "1970-01-01T00:00:00Z"),
               reverse=True)
    return found[0]


def default_storage_class(obj: dict) -> None:
    obj.setdefault("reclaimPolicy", "Delete")
    obj.setdefault("volumeBindingMode", "Immediate")


def default_persistent_volume(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("persistentVolumeReclaimPolicy", "Retain")
    spec.setdefault("volumeMode", "Filesystem")
    if isinstance(spec.get("hostPath"), dict):
        spec["hostPath"].setdefault("type", "")
    obj.setdefault("status", {}).setdefault("phase", "Pending")


def prepare_persistent_volume(api, obj: dict) -> None:
    obj["status"] = {"phase": "Pending", "lastPhaseTransitionTime": api.timestamp()}


def claim_has_class(claim: dict) -> bool:
    """storagehelpers.PersistentVolumeClaimHasClass: the field set (even to ""), or the beta annotation."""
    return "storageClassName" in (claim.get("spec") or {}) or \
        BETA_STORAGE_CLASS in ((claim.get("metadata") or {}).get("annotations") or {})


class DefaultStorageClass(Plugin):
    name = "DefaultStorageClass"

    def admit(self, api, resource, op, obj, old):
        if resource.kind != "PersistentVolumeClaim" or op != "CREATE" or claim_has_class(obj):
            return
        sc = default_class(api)
        if sc is not None:
            obj.setdefault("spec", {})["storageClassName"] = sc["metadata"]["name"]


class StorageObjectInUseProtection(Plugin):
    name = "StorageObjectInUseProtection"

    def admit(self, api, resource, op, obj, old):
        if op != "CREATE":
            return
        if resource.kind == "PersistentVolumeClaim":
            finalizer = PVC_PROTECTION
        elif resource.kind == "PersistentVolume":
            finalizer = PV_PROTECTION
        else:
            return
        m = obj.setdefault("metadata", {})
        finalizers = list(m.get("finalizers") or [])
        if finalizer not in finalizers:
            finalizers.append(finalizer)
        m["finalizers"] = finalizers
