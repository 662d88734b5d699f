"""The persistent volume binder: claims meet volumes.

A port of kubernetes/kubernetes:pkg/controller/volume/persistentvolume/pv_controller.go
(1.32). One work queue holds both kinds of key, as they cannot collide: a claim's key
is ``namespace/name``, a volume's just ``name``. ``sync`` dispatches to syncClaim or
syncVolume, which read fresh state and make the smallest change:

- An unbound claim takes the best matching volume (helpers.find_matching_volume) and
  is bound in four writes, volume first: the volume's claimRef, its phase Bound, the
  claim's volumeName with the bind-completed / bound-by-controller annotations, the
  claim's phase Bound with the volume's capacity and access modes.
- A claim of a WaitForFirstConsumer class waits for the scheduler to pick a node
  (event WaitForFirstConsumer, or WaitForPodScheduled when a pod already uses it);
  then, like an Immediate claim with no volume, it is handed to its class's external
  provisioner (annotations volume.kubernetes.io/storage-provisioner and the beta one,
  event ExternalProvisioning). A claim with no class waits for a volume (FailedBinding).
- A volume whose claim is gone is Released and reclaimed: Retain keeps it, Delete
  deletes it (by its external provisioner when it was provisioned by one; a static
  hostPath volume only under /tmp, as the in-tree hostPath deleter allows), Recycle
  empties a hostPath or NFS volume and makes it Available again.
- A bound claim whose volume is gone is Lost.

Upstream resyncs every claim and volume every 15 s (--pvclaimbinder-sync-period);
here the resync runs only while something is unsettled (a claim not Bound, a volume
Pending or Failed), so a Pending claim's event still counts up every 15 s while an
idle cluster costs nothing.
"""
from __future__ import annotations

import re

from clusters import objects
from clusters.apiserver import storage
from clusters.controllers.base import Controller, split_key
from clusters.controllers.volume import helpers as vh

RESYNC_PERIOD = 15.0  # kube-controller-manager --pvclaimbinder-sync-period

# pkg/controller/volume/events/event.go
WAIT_FOR_FIRST_CONSUMER = "WaitForFirstConsumer"
WAIT_FOR_POD_SCHEDULED = "WaitForPodScheduled"
FAILED_BINDING = "FailedBinding"
VOLUME_MISMATCH = "VolumeMismatch"
EXTERNAL_PROVISIONING = "ExternalProvisioning"
PROVISIONING_FAILED = "ProvisioningFailed"
VOLUME_FAILED_DELETE = "VolumeFailedDelete"
VOLUME_FAILED_RECYCLE = "VolumeFailedRecycle"
VOLUME_RECYCLED = "VolumeRecycled"

_TMP = re.compile(r"/tmp/.+")


class PersistentVolumeController(Controller):
    name = "persistentvolume-controller"

    def __init__(self, cluster):
        super().__init__(cluster)
        self._resync_timer = None

    def start(self) -> None:
        inf = self.cluster.informers
        inf.on("persistentvolumeclaims", add=self._claim_added, update=self._claim_updated, delete=self._claim_deleted)
        inf.on("persistentvolumes", add=self._volume_added, update=self._volume_updated, delete=self._volume_deleted)
        for pv in self.api.list("persistentvolumes"):
            self.enqueue(pv["metadata"]["name"])
        for claim in self.api.list("persistentvolumeclaims"):
            self.enqueue(_claim_key(claim))

    # -- handlers ------------------------------------------------------------------
    def _claim_added(self, claim: dict) -> None:
        self.enqueue(_claim_key(claim))

    def _claim_updated(self, old: dict, new: dict) -> None:
        self.enqueue(_claim_key(new))

    def _claim_deleted(self, claim: dict) -> None:
        # deleteClaim: sync the volume now rather than at the next resync, so it is Released at once.
        name = (claim.get("spec") or {}).get("volumeName")
        if name:
            self.enqueue(name)

    def _volume_added(self, pv: dict) -> None:
        self.enqueue(pv["metadata"]["name"])

    def _volume_updated(self, old: dict, new: dict) -> None:
        self.enqueue(new["metadata"]["name"])

    def _volume_deleted(self, pv: dict) -> None:
        # deleteVolume: the claim learns it is Lost now rather than at the next resync.
        ref = (pv.get("spec") or {}).get("claimRef")
        if ref and ref.get("namespace") and ref.get("name"):
            self.enqueue(f"{ref['namespace']}/{ref['name']}")

    # -- resync ----------------------------------------------------------------------
    def _keep_resyncing(self) -> None:
        if self._resync_timer is None:
            self._resync_timer = self.cluster.clock.schedule(RESYNC_PERIOD, self._resync)

    def _resync(self) -> None:
        self._resync_timer = None
        for claim in self.api.list("persistentvolumeclaims"):
            if (claim.get("status") or {}).get("phase") != "Bound":
                self.enqueue(_claim_key(claim))
        for pv in self.api.list("persistentvolumes"):
            st = pv.get("status") or {}
            if st.get("phase") in ("Pending", "Failed") or (
                    st.get("phase") == "Released" and pv["spec"].get("persistentVolumeReclaimPolicy") != "Retain"):
                self.enqueue(pv["metadata"]["name"])

    # -- sync --------------------------------------------------------------------------
    def sync(self, key: str):
        ns, name = split_key(key)
        if ns is None:
            pv = self.api.try_get("persistentvolumes", name)
            if pv is not None:
                self.sync_volume(pv)
            return None
        claim = self.api.try_get("persistentvolumeclaims", name, ns)
        if claim is not None:
            self.sync_claim(claim)
        return None

    def sync_claim(self, claim: dict) -> None:
        """syncClaim."""
        if vh.ANN_BIND_COMPLETED in vh.annotations(claim):
            self._sync_bound_claim(claim)
        else:
            self._sync_unbound_claim(claim)
        current = self.api.try_get("persistentvolumeclaims", claim["metadata"]["name"], claim["metadata"]["namespace"])
        if current is not None and (current.get("status") or {}).get("phase") != "Bound":
            self._keep_resyncing()

    def _sync_unbound_claim(self, claim: dict) -> None:
        spec = claim.get("spec") or {}
        if not spec.get("volumeName"):
            delay = vh.is_delay_binding_mode(self.api, claim)
            volume = self.find_best_match(claim, delay)
            if volume is not None:
                self.bind(volume, claim)
                return
            if self._assign_default_storage_class(claim):
                return
            if delay and not vh.is_delay_binding_provisioning(claim):
                self._emit_unbound_delay_binding_event(claim)
            elif vh.claim_class(claim):
                self.provision_claim(claim)
                return
            else:
                self.recorder.event(claim, "Normal", FAILED_BINDING,
                                    "no persistent volumes available for this claim and no storage class is set")
            self.update_claim_status(claim, "Pending", None)
            return
        # The user asked for a specific volume.
        volume = self.api.try_get("persistentvolumes", spec["volumeName"])
        if volume is None:
            self.update_claim_status(claim, "Pending", None)
            return
        if not (volume.get("spec") or {}).get("claimRef"):
            err = check_volume_satisfies_claim(volume, claim)
            if err:
                self.recorder.event(claim, "Warning", VOLUME_MISMATCH, f'Cannot bind to requested volume "{volume["metadata"]["name"]}": {err}')
                self.update_claim_status(claim, "Pending", None)
                return
            self.bind(volume, claim)
            return
        if vh.is_volume_bound_to_claim(volume, claim):
            self.bind(volume, claim)
            return
        self.recorder.event(claim, "Warning", FAILED_BINDING, f'volume "{volume["metadata"]["name"]}" already bound to a different claim.')
        if vh.ANN_BOUND_BY_CONTROLLER not in vh.annotations(claim):
            self.update_claim_status(claim, "Pending", None)

    def _sync_bound_claim(self, claim: dict) -> None:
        name = (claim.get("spec") or {}).get("volumeName")
        if not name:
            self._claim_lost(claim, "ClaimLost", "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!")
            return
        volume = self.api.try_get("persistentvolumes", name)
        if volume is None:
            self._claim_lost(claim, "ClaimLost", "Bound claim has lost its PersistentVolume. Data on the volume is lost!")
            return
        ref = (volume.get("spec") or {}).get("claimRef")
        if not ref or ref.get("uid") == claim["metadata"].get("uid"):
            self.bind(volume, claim)
            return
        self._claim_lost(claim, "ClaimMisbound", "Two claims are bound to the same volume, this one is bound incorrectly")

    def _claim_lost(self, claim: dict, reason: str, message: str) -> None:
        """updateClaimStatusWithEvent: the event only when the phase changes."""
        if (claim.get("status") or {}).get("phase") == "Lost":
            return
        self.update_claim_status(claim, "Lost", None)
        self.recorder.event(claim, "Warning", reason, message)

    def _emit_unbound_delay_binding_event(self, claim: dict) -> None:
        """emitEventForUnboundDelayBindingClaim: name the pods the scheduler has yet to place."""
        m = claim["metadata"]
        waiting = []
        for pod in self.api.list("pods", m["namespace"]):
            if (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed") or (pod.get("spec") or {}).get("nodeName"):
                continue
            if m["name"] in vh.claim_names(pod.get("spec") or {}):
                waiting.append(pod["metadata"]["name"])
        if not waiting:
            self.recorder.event(claim, "Normal", WAIT_FOR_FIRST_CONSUMER, "waiting for first consumer to be created before binding")
        elif len(waiting) == 1:
            self.recorder.event(claim, "Normal", WAIT_FOR_POD_SCHEDULED, f"waiting for pod {waiting[0]} to be scheduled")
        else:
            self.recorder.event(claim, "Normal", WAIT_FOR_POD_SCHEDULED, f"waiting for pods {','.join(waiting)} to be scheduled")

    def _assign_default_storage_class(self, claim: dict) -> bool:
        """assignDefaultStorageClass: a claim created before any default class existed gets it now."""
        if storage.claim_has_class(claim):
            return False
        sc = storage.default_class(self.api)
        if sc is None:
            return False
        new = objects.clone(claim)
        new.setdefault("spec", {})["storageClassName"] = sc["metadata"]["name"]
        self.client.update("persistentvolumeclaims", new)
        return True

    def find_best_match(self, claim: dict, delay_binding: bool) -> dict | None:
        """persistentVolumeOrderedIndex.findBestMatchForClaim."""
        volumes = self.api.list("persistentvolumes")
        for group in vh.volumes_by_access_modes(claim, volumes):
            pv = vh.find_matching_volume(claim, group, None, set(), delay_binding)
            if pv is not None:
                return pv
        return None

    # -- provisioning --------------------------------------------------------------------
    def provision_claim(self, claim: dict) -> None:
        """provisionClaim → provisionClaimOperationExternal: name the provisioner on the claim and wait for it."""
        name = vh.claim_class(claim)
        sc = self.api.try_get("storageclasses", name)
        if sc is None:
            self.recorder.event(claim, "Warning", PROVISIONING_FAILED, f'storageclass.storage.k8s.io "{name}" not found')
            return
        provisioner = sc.get("provisioner") or ""
        if provisioner.startswith("kubernetes.io/"):
            # No in-tree provisioner is enabled in a kind or kubeadm cluster.
            self.recorder.event(claim, "Warning", PROVISIONING_FAILED, f"no volume plugin matched name: {provisioner}")
            return
        ann = vh.annotations(claim)
        if ann.get(vh.ANN_STORAGE_PROVISIONER) != provisioner:
            new = objects.clone(claim)
            new["metadata"]["annotations"] = {**ann, vh.ANN_BETA_STORAGE_PROVISIONER: provisioner,
                                              vh.ANN_STORAGE_PROVISIONER: provisioner}
            claim = self.client.update("persistentvolumeclaims", new)
        self.recorder.event(claim, "Normal", EXTERNAL_PROVISIONING,
                            f"Waiting for a volume to be created either by the external provisioner '{provisioner}' "
                            "or manually by the system administrator. If volume creation is delayed, please verify "
                            "that the provisioner is running and correctly registered.")

    # -- binding -------------------------------------------------------------------------
    def bind(self, volume: dict, claim: dict) -> None:
        """bind: the volume first (claimRef, then phase), then the claim (volumeName, then phase)."""
        volume = self._bind_volume_to_claim(volume, claim)
        volume = self.update_volume_phase(volume, "Bound", "")
        claim = self._bind_claim_to_volume(claim, volume)
        self.update_claim_status(claim, "Bound", volume)

    def _bind_volume_to_claim(self, volume: dict, claim: dict) -> dict:
        new, dirty = vh.bind_volume_to_claim(volume, claim)
        if not dirty:
            return volume
        return self.client.update("persistentvolumes", new)

    def _bind_claim_to_volume(self, claim: dict, volume: dict) -> dict:
        new = objects.clone(claim)
        ann = dict(vh.annotations(claim))
        dirty = False
        if (claim.get("spec") or {}).get("volumeName") != volume["metadata"]["name"]:
            new.setdefault("spec", {})["volumeName"] = volume["metadata"]["name"]
            ann.setdefault(vh.ANN_BOUND_BY_CONTROLLER, "yes")
            dirty = True
        if vh.ANN_BIND_COMPLETED not in ann:
            ann[vh.ANN_BIND_COMPLETED] = "yes"
            dirty = True
        if not dirty:
            return claim
        new["metadata"]["annotations"] = ann
        return self.client.update("persistentvolumeclaims", new)

    def update_claim_status(self, claim: dict, phase: str, volume: dict | None) -> dict:
        """updateClaimStatus: phase, and the volume's access modes and (when becoming Bound) capacity."""
        st = claim.get("status") or {}
        new_st = dict(st)
        new_st["phase"] = phase
        if volume is None:
            new_st.pop("accessModes", None)
            new_st.pop("capacity", None)
        else:
            modes = (volume.get("spec") or {}).get("accessModes")
            if modes is not None:
                new_st["accessModes"] = list(modes)
            if st.get("phase") != phase:
                new_st["capacity"] = dict((volume.get("spec") or {}).get("capacity") or {})
        if new_st == st:
            return claim
        return self.client.update_status("persistentvolumeclaims", {"metadata": claim["metadata"], "status": new_st})

    def update_volume_phase(self, volume: dict, phase: str, message: str) -> dict:
        """updateVolumePhase, with lastPhaseTransitionTime as the status strategy sets it."""
        st = volume.get("status") or {}
        if st.get("phase") == phase:
            return volume
        new_st = {k: v for k, v in st.items() if k != "message"}
        new_st["phase"] = phase
        if message:
            new_st["message"] = message
        new_st["lastPhaseTransitionTime"] = self.api.timestamp()
        return self.client.update_status("persistentvolumes", {"metadata": volume["metadata"], "status": new_st})

    def _update_volume_phase_with_event(self, volume: dict, phase: str, type_: str, reason: str, message: str) -> dict:
        if (volume.get("status") or {}).get("phase") == phase:
            return volume
        volume = self.update_volume_phase(volume, phase, message)
        self.recorder.event(volume, type_, reason, message)
        return volume

    # -- volumes ---------------------------------------------------------------------------
    def sync_volume(self, volume: dict) -> None:
        """syncVolume."""
        ref = (volume.get("spec") or {}).get("claimRef")
        if not ref or not ref.get("uid"):
            self.update_volume_phase(volume, "Available", "")
            return
        claim = self.api.try_get("persistentvolumeclaims", ref.get("name", ""), ref.get("namespace") or "default")
        if claim is not None and claim["metadata"].get("uid") != ref.get("uid"):
            claim = None  # deleted, and another claim of that name created since
        phase = (volume.get("status") or {}).get("phase")
        if claim is None:
            if phase not in ("Released", "Failed"):
                volume = self.update_volume_phase(volume, "Released", "")
            self.reclaim_volume(volume)
            return
        spec = claim.get("spec") or {}
        if not spec.get("volumeName"):
            if vh.volume_mode_mismatch(claim, volume):
                self.recorder.event(volume, "Warning", VOLUME_MISMATCH,
                                    f'Cannot bind PersistentVolume to requested PersistentVolumeClaim "{claim["metadata"]["name"]}" due to incompatible volumeMode.')
                self.recorder.event(claim, "Warning", VOLUME_MISMATCH,
                                    f'Cannot bind PersistentVolume "{volume["metadata"]["name"]}" to requested PersistentVolumeClaim due to incompatible volumeMode.')
                return
            # Bound on the volume's side only (a provisioner or the scheduler made the link): the claim's sync finishes it.
            self.enqueue(_claim_key(claim))
            return
        if spec["volumeName"] == volume["metadata"]["name"]:
            self.update_volume_phase(volume, "Bound", "")
            return
        # The claim is bound to another volume.
        ann = vh.annotations(volume)
        if vh.ANN_DYNAMICALLY_PROVISIONED in ann and volume["spec"].get("persistentVolumeReclaimPolicy") == "Delete":
            if phase not in ("Released", "Failed"):
                volume = self.update_volume_phase(volume, "Released", "")
            self.reclaim_volume(volume)
            return
        self.unbind_volume(volume)

    def unbind_volume(self, volume: dict) -> None:
        """unbindVolume: drop a link the controller made; keep a user's pre-binding but forget the claim's uid."""
        new = objects.clone(volume)
        ann = dict(vh.annotations(volume))
        if vh.ANN_BOUND_BY_CONTROLLER in ann:
            new["spec"].pop("claimRef", None)
            del ann[vh.ANN_BOUND_BY_CONTROLLER]
            if ann:
                new["metadata"]["annotations"] = ann
            else:
                new["metadata"].pop("annotations", None)
        else:
            new["spec"]["claimRef"] = {k: v for k, v in new["spec"]["claimRef"].items() if k != "uid"}
        volume = self.client.update("persistentvolumes", new)
        self.update_volume_phase(volume, "Available", "")

    def reclaim_volume(self, volume: dict) -> None:
        """reclaimVolume."""
        policy = (volume.get("spec") or {}).get("persistentVolumeReclaimPolicy")
        if policy == "Retain":
            return
        if policy == "Recycle":
            self._recycle(volume)
            return
        if policy == "Delete":
            self._delete(volume)
            return
        self._update_volume_phase_with_event(volume, "Failed", "Warning", "VolumeUnknownReclaimPolicy",
                                             "Volume has unrecognized PersistentVolumeReclaimPolicy")

    def _recycle(self, volume: dict) -> None:
        spec = volume.get("spec") or {}
        if spec.get("hostPath") is None and spec.get("nfs") is None:
            self._update_volume_phase_with_event(volume, "Failed", "Warning", VOLUME_FAILED_RECYCLE, "No recycler plugin found for the volume!")
            return
        # The recycler pod (``rm -rf /scrub/..?* /scrub/.[!.]* /scrub/*``) is not modelled; where the
        # scheduler would run it, any node the volume allows, its directory is emptied.
        vh.wipe(self.cluster, volume, vh.affinity_nodes(self.api, volume), keep_top=True)
        self.recorder.event(volume, "Normal", VOLUME_RECYCLED, "Volume recycled")
        self.unbind_volume(volume)

    def _delete(self, volume: dict) -> None:
        """deleteVolumeOperation: external provisioners delete their own volumes; the in-tree
        hostPath deleter only removes paths under /tmp; nothing else can be deleted."""
        if volume["metadata"].get("deletionTimestamp"):
            return
        provisioned_by = vh.annotations(volume).get(vh.ANN_DYNAMICALLY_PROVISIONED)
        if provisioned_by and not provisioned_by.startswith("kubernetes.io/"):
            return  # the external provisioner deletes it
        name = volume["metadata"]["name"]
        host_path = (volume.get("spec") or {}).get("hostPath")
        if host_path is None:
            err = f'error getting deleter volume plugin for volume "{name}": no deletable volume plugin matched'
        elif not _TMP.search(host_path.get("path", "")):
            err = f"host_path deleter only supports /tmp/.+ but received provided {host_path.get('path', '')}"
        else:
            err = None
        if err is not None:
            self._update_volume_phase_with_event(volume, "Failed", "Warning", VOLUME_FAILED_DELETE, err)
            self._keep_resyncing()
            return
        vh.delete_volume(self, volume, vh.control_plane_nodes(self.api))  # os.RemoveAll in kube-controller-manager


def check_volume_satisfies_claim(volume: dict, claim: dict) -> str:
    """checkVolumeSatisfyClaim: why a requested volume cannot serve the claim ("" when it can)."""
    if volume["metadata"].get("deletionTimestamp"):
        return f'the volume is marked for deletion "{volume["metadata"]["name"]}"'
    if vh.capacity(volume) < vh.storage_request(claim):
        return "requested PV is too small"
    if vh.volume_class(volume) != vh.claim_class(claim):
        return "storageClassName does not match"
    if vh.volume_mode_mismatch(claim, volume):
        return "incompatible volumeMode"
    if not vh.access_modes_fit(claim, volume):
        return "incompatible accessMode"
    return ""


def _claim_key(claim: dict) -> str:
    m = claim["metadata"]
    return f"{m['namespace']}/{m['name']}"
