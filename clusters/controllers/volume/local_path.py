"""The local-path provisioner that kind installs behind its ``standard`` StorageClass.

kind's node image (kubernetes-sigs/kind:pkg/build/nodeimage/const_storage.go) runs
rancher/local-path-provisioner with volumes under /var/local-path-provisioner; it is an
external provisioner built on sig-storage-lib-external-provisioner's ProvisionController.
Its Deployment ``local-path-provisioner`` in ``local-path-storage`` is installed with
the other add-ons (clusters.addons) and runs a pod like any other; this is the program
inside that pod, run in process. It works only while the Deployment has a Ready pod:
scale it to 0, delete the pod's node, or break its image, and claims stay Pending (the
PV controller keeps saying it waits for the external provisioner) until a pod is Ready
again, when every claim and released volume it owns is looked at afresh, as a
restarted provisioner's informers would list them.

- A claim whose storage-provisioner annotation names ``rancher.io/local-path`` (set by
  the PV controller), of a class using that provisioner, with the node the scheduler
  picked when the class waits for its first consumer: event Provisioning "External
  provisioner is provisioning volume for claim", a helper pod creates the directory on
  the node (``HELPER_SECONDS``), then a hostPath PersistentVolume ``pvc-<claim uid>``
  pinned to that node by node affinity, pre-bound to the claim, and event
  ProvisioningSucceeded. The PV controller completes the binding.
- Refusals are local-path's own (provisioner.go Provision): a selector, an access mode
  other than ReadWriteOnce, no selected node; event ProvisioningFailed "failed to
  provision volume with StorageClass ...", retried after 15 s doubling to 1000 s
  (the library's NewItemExponentialFailureRateLimiter), at most 15 times.
- A Released volume it provisioned, with reclaim policy Delete: a helper pod removes
  the directory, then the PV is deleted.

Events come from the provisioner's identity, ``rancher.io/local-path_<pod>_<uuid>``
as the library names it: the serving pod's name and a UUID drawn the first time that
pod needs one. Not modelled: the helper pods as pods (their time is), and the
provisioner's own log lines.
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import errors
from clusters.controllers import controller_utils as cu
from clusters.controllers.base import Controller, split_key
from clusters.controllers.volume import helpers as vh
from clusters.events import EventRecorder
from clusters.kubelet import host_files

PROVISIONER = "rancher.io/local-path"
NAMESPACE = "local-path-storage"  # where kind's Deployment runs it
APP_LABEL = ("app", "local-path-provisioner")  # its pods' label
BASE_PATH = "/var/local-path-provisioner"  # kind's local-path-config nodePathMap
NODE_KEY = "kubernetes.io/hostname"  # provisioner.go KeyNode
ANN_SELECTED_NODE = "local.path.provisioner/selected-node"
# A helper pod (busybox, image present) runs the setup or teardown script: "Provisioning"
# to "ProvisioningSucceeded" takes about 3 s in kind's describe output.
HELPER_SECONDS = 3.0
RETRY_BASE = 15.0
RETRY_MAX = 1000.0
FAILED_PROVISION_THRESHOLD = 15


class LocalPathProvisioner(Controller):
    name = "local-path-provisioner"

    def __init__(self, cluster):
        super().__init__(cluster)
        self.identity: str | None = None
        self.events: EventRecorder | None = None
        # key -> (object uid, virtual time its helper pod finishes)
        self._helpers: dict[str, tuple[str, float]] = {}
        self._failures: dict[str, int] = {}
        self._serving: str | None = None  # the Ready provisioner pod doing the work, if any

    def start(self) -> None:
        if not self.cluster.spec.addons:
            return  # kind's storage add-on is not installed
        inf = self.cluster.informers
        inf.on("persistentvolumeclaims", add=self._claim_event, update=self._claim_updated)
        inf.on("persistentvolumes", add=self._volume_event, update=self._volume_updated)
        inf.on("pods", add=self._pod_event, update=self._pod_updated, delete=self._pod_event)
        self._serving = self._serving_pod()

    def _pod_event(self, pod: dict) -> None:
        if pod["metadata"].get("namespace") == NAMESPACE:
            self._serving_changed()

    def _pod_updated(self, old: dict, new: dict) -> None:
        if new["metadata"].get("namespace") == NAMESPACE:
            self._serving_changed()

    def _serving_pod(self) -> str | None:
        """The provisioner pod that does the work: the oldest Ready one not being deleted
        (with more than one, leader election lets one act)."""
        key, value = APP_LABEL
        ready = [p for p in self.api.list("pods", NAMESPACE)
                 if objects.labels_of(p).get(key) == value and not p["metadata"].get("deletionTimestamp")
                 and cu.is_pod_ready(p)]
        if not ready:
            return None
        return min(ready, key=lambda p: (p["metadata"].get("creationTimestamp") or "", p["metadata"]["name"]))["metadata"]["name"]

    def _serving_changed(self) -> None:
        serving = self._serving_pod()
        if serving == self._serving:
            return
        self._serving = serving
        if serving is None:
            return
        if self.identity is not None and not self.identity.startswith(f"{PROVISIONER}_{serving}_"):
            self.identity = self.events = None  # another pod's process: its own identity when it first speaks
        # A provisioner that starts lists every claim and volume: what waited is done now.
        for claim in self.api.list("persistentvolumeclaims"):
            self._claim_event(claim)
        for pv in self.api.list("persistentvolumes"):
            self._volume_event(pv)

    def _claim_event(self, claim: dict) -> None:
        if vh.annotations(claim).get(vh.ANN_STORAGE_PROVISIONER) == PROVISIONER:
            self.enqueue(f"{claim['metadata']['namespace']}/{claim['metadata']['name']}")

    def _claim_updated(self, old: dict, new: dict) -> None:
        self._claim_event(new)

    def _volume_event(self, pv: dict) -> None:
        if vh.annotations(pv).get(vh.ANN_DYNAMICALLY_PROVISIONED) == PROVISIONER:
            self.enqueue(pv["metadata"]["name"])

    def _volume_updated(self, old: dict, new: dict) -> None:
        self._volume_event(new)

    def _event(self, obj: dict, type_: str, reason: str, message: str) -> None:
        if self.events is None:
            self.identity = f"{PROVISIONER}_{self._serving}_{self.cluster.rand.uid()}"
            self.events = EventRecorder(self.cluster, self.identity)
        self.events.event(obj, type_, reason, message)

    def sync(self, key: str):
        if self._serving is None:
            # No provisioner pod is Ready: nothing acts on the claim. What was under way is
            # started again by the next pod, which finds the claim still unprovisioned.
            self._helpers.pop(key, None)
            return None
        ns, name = split_key(key)
        if ns is None:
            return self._sync_volume(name)
        return self._sync_claim(key, ns, name)

    # -- provisioning (ProvisionController.provisionClaimOperation) ------------------------
    def _sync_claim(self, key: str, ns: str, name: str):
        claim = self.api.try_get("persistentvolumeclaims", name, ns)
        if claim is None or not self._should_provision(claim):
            self._helpers.pop(key, None)
            self._failures.pop(key, None)
            return None
        uid = claim["metadata"]["uid"]
        pv_name = f"pvc-{uid}"
        if self.api.try_get("persistentvolumes", pv_name) is not None:
            return None
        helper = self._helpers.get(key)
        if helper is not None and helper[0] == uid:
            if self.cluster.clock.now < helper[1]:
                return helper[1] - self.cluster.clock.now
            del self._helpers[key]
            return self._store_volume(claim, pv_name)
        klass = vh.claim_class(claim)
        sc = self.api.try_get("storageclasses", klass)
        if sc is None:
            return None
        node = None
        node_name = vh.annotations(claim).get(vh.ANN_SELECTED_NODE)
        if node_name:
            node = self.api.try_get("nodes", node_name)
            if node is None:
                # The node went away: hand the claim back to the scheduler (ProvisioningReschedule).
                new = objects.clone(claim)
                new["metadata"]["annotations"] = {k: v for k, v in vh.annotations(claim).items() if k != vh.ANN_SELECTED_NODE}
                self.client.update("persistentvolumeclaims", new)
                self._event(claim, "Warning", "ProvisioningFailed",
                            f'failed to provision volume with StorageClass "{klass}": node "{node_name}" not found')
                return None
        self._event(claim, "Normal", "Provisioning", f'External provisioner is provisioning volume for claim "{ns}/{name}"')
        err = _refusal(claim, node)
        if err:
            self._event(claim, "Warning", "ProvisioningFailed", f'failed to provision volume with StorageClass "{klass}": {err}')
            n = self._failures.get(key, 0) + 1
            self._failures[key] = n
            if n >= FAILED_PROVISION_THRESHOLD:
                return None
            return min(RETRY_BASE * 2 ** (n - 1), RETRY_MAX)
        self._helpers[key] = (uid, self.cluster.clock.now + HELPER_SECONDS)
        return HELPER_SECONDS

    def _should_provision(self, claim: dict) -> bool:
        """shouldProvision: unbound, ours, and (for a class that waits) placed by the scheduler."""
        if (claim.get("spec") or {}).get("volumeName") or claim["metadata"].get("deletionTimestamp"):
            return False
        ann = vh.annotations(claim)
        if ann.get(vh.ANN_STORAGE_PROVISIONER, ann.get(vh.ANN_BETA_STORAGE_PROVISIONER)) != PROVISIONER:
            return False
        sc = self.api.try_get("storageclasses", vh.claim_class(claim))
        if sc is None or sc.get("provisioner") != PROVISIONER:
            return False
        if sc.get("volumeBindingMode") == "WaitForFirstConsumer":
            return vh.ANN_SELECTED_NODE in ann
        return True

    def _store_volume(self, claim: dict, pv_name: str):
        m = claim["metadata"]
        node = self.api.try_get("nodes", vh.annotations(claim).get(vh.ANN_SELECTED_NODE, ""))
        sc = self.api.try_get("storageclasses", vh.claim_class(claim))
        if node is None or sc is None:
            return None
        host = ((node.get("metadata") or {}).get("labels") or {}).get(NODE_KEY) or node["metadata"]["name"]
        spec = claim.get("spec") or {}
        pv = {
            "apiVersion": "v1", "kind": "PersistentVolume",
            "metadata": {"name": pv_name, "annotations": {ANN_SELECTED_NODE: node["metadata"]["name"],
                                                          vh.ANN_DYNAMICALLY_PROVISIONED: PROVISIONER}},
            "spec": {
                "persistentVolumeReclaimPolicy": sc.get("reclaimPolicy") or "Delete",
                "accessModes": list(spec.get("accessModes") or []),
                "volumeMode": "Filesystem",
                "capacity": {"storage": ((spec.get("resources") or {}).get("requests") or {}).get("storage", "0")},
                "hostPath": {"path": f"{BASE_PATH}/{pv_name}_{m['namespace']}_{m['name']}", "type": "DirectoryOrCreate"},
                "nodeAffinity": {"required": {"nodeSelectorTerms": [
                    {"matchExpressions": [{"key": NODE_KEY, "operator": "In", "values": [host]}]}]}},
                "claimRef": vh.claim_ref(claim),
                "storageClassName": vh.claim_class(claim),
            },
        }
        if sc.get("mountOptions"):
            pv["spec"]["mountOptions"] = list(sc["mountOptions"])
        # The setup helper pod's ``mkdir -m 0777 -p`` (kind's local-path-config setup script).
        host_files.of(self.cluster, node["metadata"]["name"]).mkdir(
            pv["spec"]["hostPath"]["path"], self.cluster.epoch + self.cluster.clock.now, 0o777)
        try:
            self.client.create("persistentvolumes", pv)
        except errors.StatusError as e:
            if e.code != 409:
                raise
        self._failures.pop(f"{m['namespace']}/{m['name']}", None)
        self._event(claim, "Normal", "ProvisioningSucceeded", f"Successfully provisioned volume {pv_name}")
        return None

    # -- deletion (ProvisionController.deleteVolumeOperation) ---------------------------------
    def _sync_volume(self, name: str):
        pv = self.api.try_get("persistentvolumes", name)
        if pv is None or not _should_delete(pv):
            self._helpers.pop(name, None)
            return None
        uid = pv["metadata"]["uid"]
        helper = self._helpers.get(name)
        if helper is None or helper[0] != uid:
            self._helpers[name] = (uid, self.cluster.clock.now + HELPER_SECONDS)
            return HELPER_SECONDS
        if self.cluster.clock.now < helper[1]:
            return helper[1] - self.cluster.clock.now
        del self._helpers[name]
        # The teardown helper pod's ``rm -rf`` of the directory, on the node it was made on.
        vh.delete_volume(self, pv, [vh.annotations(pv).get(ANN_SELECTED_NODE, "")])
        return None


def _should_delete(pv: dict) -> bool:
    """shouldDelete: ours, Released, reclaim policy Delete, not already being deleted."""
    return (vh.annotations(pv).get(vh.ANN_DYNAMICALLY_PROVISIONED) == PROVISIONER
            and (pv.get("status") or {}).get("phase") == "Released"
            and (pv.get("spec") or {}).get("persistentVolumeReclaimPolicy") == "Delete"
            and not pv["metadata"].get("deletionTimestamp"))


def _refusal(claim: dict, node: dict | None) -> str:
    """LocalPathProvisioner.Provision's checks, in its order and words."""
    spec = claim.get("spec") or {}
    if spec.get("selector") is not None:
        return "claim.Spec.Selector is not supported"
    for mode in spec.get("accessModes") or ():
        if mode != "ReadWriteOnce":
            return "Only support ReadWriteOnce access mode"
    if node is None:
        return "configuration error, no node was specified"
    return ""
