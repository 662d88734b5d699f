"""The local-path provisioner that kind installs behind its ``standard`` StorageClass.

kind's node image (kubernetes-sigs/kind:pkg/build/nodeimage/const_storage.go) runs
rancher/local-path-provisioner v0.0.30 with volumes under /var/local-path-provisioner; it is an
external provisioner built on sig-storage-lib-external-provisioner v10's ProvisionController.
Its Deployment ``local-path-provisioner`` in ``local-path-storage`` is installed with the other
add-ons (clusters.addons) and runs a pod like any other; this is the program inside that pod.
It works only while the Deployment has a Ready pod: scale it to 0, delete the pod's node, or
break its image, and claims stay Pending (the PV controller keeps saying it waits for the
external provisioner) until a pod is Ready again, when every claim and released volume it owns
is looked at afresh, as a restarted provisioner's informers would list them.

- A claim whose storage-provisioner annotation names ``rancher.io/local-path`` (set by the PV
  controller), of a class using that provisioner, with the node the scheduler picked when the
  class waits for its first consumer: event Provisioning "External provisioner is provisioning
  volume for claim", then a helper pod ``helper-pod-create-pvc-<claim uid>`` (local_path_helper)
  runs the ConfigMap's setup script on that node. The provisioner looks at it once a second
  (createHelperPod's loop); when it has Succeeded it is deleted and a hostPath PersistentVolume
  ``pvc-<claim uid>`` is made, pinned to the node by node affinity and pre-bound to the claim,
  with event ProvisioningSucceeded. The PV controller completes the binding.
- A helper pod that has not Succeeded after cmdTimeoutSeconds (120: its image cannot be pulled,
  its script failed) is deleted and provisioning fails with "create process timeout after 120
  seconds". Failures and local-path's own refusals (a selector, an access mode other than
  ReadWriteOnce or ReadWriteOncePod, no selected node) give event ProvisioningFailed "failed to
  provision volume with StorageClass ..."; the claim is retried after 15 s doubling to 1000 s
  (the library's NewItemExponentialFailureRateLimiter), at most 15 times.
- A Released volume it provisioned, with reclaim policy Delete: a helper pod
  ``helper-pod-delete-pvc-...`` runs the teardown script the same way, then the PV is deleted.

Everything it does is written to its pod's log in upstream's words (local_path_log); its events
come from the identity that log names, ``rancher.io/local-path_<pod>_<uuid>``.
"""
from __future__ import annotations

from clusters import objects, quantity
from clusters.apiserver import errors
from clusters.controllers import controller_utils as cu
from clusters.controllers.base import Controller, split_key
from clusters.controllers.volume import helpers as vh
from clusters.controllers.volume import local_path_helper as lph
from clusters.controllers.volume import local_path_log as lpl
from clusters.events import EventRecorder

PROVISIONER = lpl.PROVISIONER
NAMESPACE = lph.NAMESPACE  # where kind's Deployment runs it
APP_LABEL = ("app", "local-path-provisioner")  # its pods' label
NODE_KEY = "kubernetes.io/hostname"  # provisioner.go KeyNode
ANN_SELECTED_NODE = "local.path.provisioner/selected-node"
HELPER_CONTAINER = "helper-pod"  # saveHelperPodLogs reads this container's log
RETRY_BASE = 15.0
RETRY_MAX = 1000.0
FAILED_PROVISION_THRESHOLD = 15  # controller.go DefaultFailedProvisionThreshold
FAILED_DELETE_THRESHOLD = 15  # DefaultFailedDeleteThreshold


class _HelperRun:
    """A helper pod the provisioner waits for (createHelperPod's loop, here spread over virtual time)."""

    __slots__ = ("uid", "action", "pv", "node", "path", "pod", "started", "timeout", "next_poll")

    def __init__(self, uid: str, action: str, pv: str, node: str, path: str, pod: str, started: float, timeout: int):
        self.uid, self.action, self.pv, self.node, self.path = uid, action, pv, node, path
        self.pod, self.started, self.timeout = pod, started, timeout
        self.next_poll = started + 1.0  # the first Get, right after Create, finds it Pending


class LocalPathProvisioner(Controller):
    name = "local-path-provisioner"

    def __init__(self, cluster):
        super().__init__(cluster)
        self.identity: str | None = None
        self.events: EventRecorder | None = None
        self._runs: dict[str, _HelperRun] = {}  # claim key or PV name -> its helper pod under way
        self._failures: dict[str, int] = {}  # the work queue's NumRequeues, by key
        self._serving: str | None = None  # the Ready provisioner pod doing the work, if any
        self._processes: dict[str, int] = {}  # provisioner pod uid -> which start of its container has logged

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

    def _provisioner_pods(self) -> list[dict]:
        key, value = APP_LABEL
        return [p for p in self.api.list("pods", NAMESPACE) if objects.labels_of(p).get(key) == value]

    def _serving_pod(self) -> str | None:
        """The provisioner pod that does the work: the oldest Ready one not being deleted."""
        ready = [p for p in self._provisioner_pods() if not p["metadata"].get("deletionTimestamp") and cu.is_pod_ready(p)]
        if not ready:
            return None
        return min(ready, key=lambda p: (p["metadata"].get("creationTimestamp") or "", p["metadata"]["name"]))["metadata"]["name"]

    def _running(self, pod: dict):
        """The kubelet's view of a provisioner pod's running process: (started at, which start, log), or None."""
        kubelet = (self.cluster.kubelets or {}).get((pod.get("spec") or {}).get("nodeName") or "")
        containers = (pod.get("spec") or {}).get("containers") or ()
        if kubelet is None or not containers:
            return None
        return kubelet.running_log(NAMESPACE, pod["metadata"]["name"], containers[0]["name"])

    def _serving_changed(self) -> None:
        self._log_starts()
        serving = self._serving_pod()
        if serving == self._serving:
            return
        self._serving = serving
        self.identity = self.events = None  # the next process speaks with its own identity
        self._runs.clear()  # what the last one was waiting for, the next one starts again
        if serving is None:
            return
        # A provisioner that starts lists every claim and volume: what waited is done now.
        for claim in self.api.list("persistentvolumeclaims"):
            self._claim_event(claim)
        for pv in self.api.list("persistentvolumes"):
            self._volume_event(pv)

    def _log_starts(self) -> None:
        """Each provisioner process logs its start-up lines once (main.go startDaemon, the library's Run)."""
        seen = {}
        for pod in self._provisioner_pods():
            uid = pod["metadata"]["uid"]
            proc = self._running(pod)
            if proc is None:
                if uid in self._processes:
                    seen[uid] = self._processes[uid]
                continue
            started, run, log = proc
            seen[uid] = run
            if self._processes.get(uid) != run:
                self.identity = self.events = None  # a new process: its events carry its own identity
                epoch = self.cluster.epoch + started
                component = lpl.identity(pod["metadata"]["name"], uid, run)
                log((started + o, text) for o, text in lpl.started(epoch, component, lph.config_text(self.api)))
        self._processes = seen

    # -- the serving process's log and events ---------------------------------------------------
    def _serving_identity(self) -> str:
        if self.identity is None:
            pod = self.api.try_get("pods", self._serving or "", NAMESPACE)
            uid = pod["metadata"]["uid"] if pod is not None else ""
            self.identity = lpl.identity(self._serving or "", uid, self._processes.get(uid, 0))
            self.events = EventRecorder(self.cluster, self.identity)
        return self.identity

    def _log(self, *lines: str) -> None:
        pod = self.api.try_get("pods", self._serving, NAMESPACE) if self._serving else None
        proc = self._running(pod) if pod is not None else None
        if proc is not None:
            now = self.cluster.clock.now
            proc[2]((now, line) for line in lines)

    def _info(self, message: str, level: str = "info") -> None:
        self._log(lpl.logrus(self.cluster.epoch + self.cluster.clock.now, level, message))

    def _klog(self, severity: str, source: str, message: str) -> None:
        self._log(lpl.klog(severity, self.cluster.epoch + self.cluster.clock.now, source, message))

    def _event(self, obj: dict, type_: str, reason: str, message: str) -> None:
        self._serving_identity()
        self.events.event(obj, type_, reason, message)
        self._log(lpl.event_occurred(self.cluster.epoch + self.cluster.clock.now, obj, type_, reason, message))

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

    def sync(self, key: str):
        if self._serving is None:
            # No provisioner pod is Ready: nothing acts on the claim. What was under way is
            # started again by the next pod, which finds the claim still unprovisioned.
            self._runs.pop(key, None)
            return None
        ns, name = split_key(key)
        if ns is None:
            return self._sync_volume(name)
        return self._sync_claim(key, ns, name)

    # -- helper pods (provisioner.go createHelperPod) ------------------------------------------
    def _run_helper(self, key: str, uid: str, action: str, pv: str, node: str, path: str, mode: str, size: int):
        """Create the helper pod and start waiting for it; an error's text when it cannot be made."""
        try:
            pod = lph.helper_pod(self.api, action, pv, path, mode, size, node)
        except lph.ConfigError as e:
            return f"failed to {action} volume {pv}: {e}"
        name = pod["metadata"]["name"]
        self._info(f"create the helper pod {name} into {NAMESPACE}")
        try:
            self.client.create("pods", pod, NAMESPACE)
        except errors.StatusError as e:
            if e.code != 409:  # one left by an earlier attempt is waited for instead
                return f"failed to {action} volume {pv}: {e.message}"
        now = self.cluster.clock.now
        self._runs[key] = _HelperRun(uid, action, pv, node, path, name, now, lph.cmd_timeout(self.api))
        return None

    def _wait_helper(self, key: str, run: _HelperRun):
        """One pass of createHelperPod's loop: seconds to the next look while the pod runs, else the
        outcome (None when it Succeeded, else the error) after its logs are copied and it is deleted."""
        now = self.cluster.clock.now
        if now < run.next_poll:
            return now, run.next_poll - now
        err = None
        if now - run.started >= run.timeout:
            err = f"create process timeout after {run.timeout} seconds"
        else:
            pod = self.api.try_get("pods", run.pod, NAMESPACE)
            if pod is None:
                err = f'pods "{run.pod}" not found'
            elif (pod.get("status") or {}).get("phase") != "Succeeded":
                run.next_poll += 1.0
                return now, run.next_poll - now
        del self._runs[key]
        if err is None:
            self._info(f"Volume {run.pv} has been {run.action}d on {run.node}:{run.path}")
        self._save_helper_logs(run)
        try:
            self.client.delete("pods", run.pod, NAMESPACE)
        except errors.StatusError as e:
            self._info(f"unable to delete the helper pod: {e.message}", "error")
        return None, (f"failed to {run.action} volume {run.pv}: {err}" if err else None)

    def _save_helper_logs(self, run: _HelperRun) -> None:
        """saveHelperPodLogs: the helper's output copied into the provisioner's log."""
        kubelet = (self.cluster.kubelets or {}).get(run.node)
        try:
            if kubelet is None:
                raise errors.not_found("pods", run.pod)
            lines = [text for _, text in kubelet.logs(NAMESPACE, run.pod, HELPER_CONTAINER)]
        except errors.StatusError as e:
            self._info(f"failed to save {run.pod} logs: error in opening stream: {e.message}", "error")
            return
        self._info(f"Start of {run.pod} logs")
        for line in lines:
            self._info(line)
        self._info(f"End of {run.pod} logs")

    def _retry(self, what: str, key: str, queue_key: str, err: str, threshold: int, lines: tuple[int, int, int]):
        """processNextClaimWorkItem / processNextVolumeWorkItem after a failed sync: logged, then
        retried with the rate limiter's back-off until the threshold."""
        failures = self._failures.get(key, 0)
        retry_line, give_up_line, error_line = lines
        if failures < threshold:
            self._klog("I", f"controller.go:{retry_line}", lpl.structured(
                f"Retrying syncing {what} because failures < threshold", "key", queue_key, "failures", failures,
                "threshold", threshold))
            delay = min(RETRY_BASE * 2 ** failures, RETRY_MAX)
            self._failures[key] = failures + 1
        else:
            self._klog("E", f"controller.go:{give_up_line}", lpl.structured(
                f"Giving up syncing {what} because failures >= threshold", "key", queue_key, "failures", failures,
                "threshold", threshold))
            delay = None
        self._klog("E", f"controller.go:{error_line}", f'error syncing {what} "{queue_key}": {err}')
        return delay

    # -- provisioning (ProvisionController.provisionClaimOperation, LocalPathProvisioner.Provision) ----
    def _sync_claim(self, key: str, ns: str, name: str):
        claim = self.api.try_get("persistentvolumeclaims", name, ns)
        if claim is None or not self._should_provision(claim):
            self._runs.pop(key, None)
            self._failures.pop(key, None)
            return None
        uid = claim["metadata"]["uid"]
        pv_name = f"pvc-{uid}"
        if self.api.try_get("persistentvolumes", pv_name) is not None:
            self._runs.pop(key, None)
            return None
        klass = vh.claim_class(claim)
        run = self._runs.get(key)
        if run is not None and run.uid == uid:
            pending, err = self._wait_helper(key, run)
            if pending is not None:
                return err
            if err:
                return self._provision_failed(key, claim, klass, err)
            return self._store_volume(key, claim, run)
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
                self._event(claim, "Warning", "ProvisioningFailed", f'nodes "{node_name}" not found')
                return None
        self._event(claim, "Normal", "Provisioning", f'External provisioner is provisioning volume for claim "{ns}/{name}"')
        err = _refusal(claim, node)
        if not err:
            err = self._start_provisioning(key, claim, sc, pv_name, node)
        if err:
            return self._provision_failed(key, claim, klass, err)
        return 1.0

    def _start_provisioning(self, key: str, claim: dict, sc: dict, pv_name: str, node: dict) -> str | None:
        """provisionFor: where the volume goes, logged, and its helper pod made."""
        m, spec = claim["metadata"], claim.get("spec") or {}
        node_name = node["metadata"]["name"]
        try:
            base = lph.path_on_node(self.api, node_name, sc["metadata"]["name"],
                                    (sc.get("parameters") or {}).get("nodePath", ""), lambda t: self._info(t, "debug"))
        except lph.ConfigError as e:
            return str(e)
        path = f"{base.rstrip('/')}/{pv_name}_{m['namespace']}_{m['name']}"
        self._info(f"Creating volume {pv_name} at {node_name}:{path}")
        size = _size_bytes(((spec.get("resources") or {}).get("requests") or {}).get("storage", "0"))
        return self._run_helper(key, m["uid"], "create", pv_name, node_name, path, spec.get("volumeMode") or "Filesystem", size)

    def _provision_failed(self, key: str, claim: dict, klass: str, err: str):
        message = f'failed to provision volume with StorageClass "{klass}": {err}'
        self._event(claim, "Warning", "ProvisioningFailed", message)
        return self._retry("claim", key, claim["metadata"]["uid"], message, FAILED_PROVISION_THRESHOLD, (954, 957, 974))

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

    def _store_volume(self, key: str, claim: dict, run: _HelperRun):
        """The PersistentVolume Provision returns, saved by the library's volume store."""
        node = self.api.try_get("nodes", run.node)
        sc = self.api.try_get("storageclasses", vh.claim_class(claim))
        if node is None or sc is None:
            return None
        host = ((node.get("metadata") or {}).get("labels") or {}).get(NODE_KEY) or node["metadata"]["name"]
        spec = claim.get("spec") or {}
        pv = {
            "apiVersion": "v1", "kind": "PersistentVolume",
            "metadata": {"name": run.pv, "annotations": {ANN_SELECTED_NODE: run.node,
                                                         vh.ANN_DYNAMICALLY_PROVISIONED: PROVISIONER}},
            "spec": {
                "persistentVolumeReclaimPolicy": sc.get("reclaimPolicy") or "Delete",
                "accessModes": list(spec.get("accessModes") or []),
                "volumeMode": "Filesystem",
                "capacity": {"storage": ((spec.get("resources") or {}).get("requests") or {}).get("storage", "0")},
                "hostPath": {"path": run.path, "type": "DirectoryOrCreate"},
                "nodeAffinity": {"required": {"nodeSelectorTerms": [
                    {"matchExpressions": [{"key": NODE_KEY, "operator": "In", "values": [host]}]}]}},
                "claimRef": vh.claim_ref(claim),
                "storageClassName": vh.claim_class(claim),
            },
        }
        if sc.get("mountOptions"):
            pv["spec"]["mountOptions"] = list(sc["mountOptions"])
        try:
            self.client.create("persistentvolumes", pv)
        except errors.StatusError as e:
            if e.code != 409:
                raise
        self._failures.pop(key, None)
        self._event(claim, "Normal", "ProvisioningSucceeded", f"Successfully provisioned volume {run.pv}")
        return None

    # -- deletion (ProvisionController.deleteVolumeOperation, LocalPathProvisioner.Delete) ----------
    def _sync_volume(self, name: str):
        pv = self.api.try_get("persistentvolumes", name)
        if pv is None or not _should_delete(pv):
            self._runs.pop(name, None)
            self._failures.pop(name, None)
            return None
        uid = pv["metadata"]["uid"]
        run = self._runs.get(name)
        if run is not None and run.uid == uid:
            pending, err = self._wait_helper(name, run)
            if pending is not None:
                return err
        else:
            err = self._start_deletion(name, pv)
            if err is None:
                return 1.0
        if err:
            self._info(f"clean up volume {name} failed: {err}")
            return self._delete_failed(pv, f"failed to delete volume {name}: {err}")
        self._failures.pop(name, None)
        try:
            self.client.delete("persistentvolumes", name)
        except errors.StatusError as e:
            if e.code != 404:
                raise
        return None

    def _start_deletion(self, name: str, pv: dict) -> str | None:
        try:
            path, node = lph.node_of_volume(pv)
        except lph.ConfigError as e:
            return f"failed to delete volume {name}: {e}"
        self._info(f"Deleting volume {name} at {node}:{path}")
        spec = pv.get("spec") or {}
        size = _size_bytes((spec.get("capacity") or {}).get("storage", "0"))
        return self._run_helper(name, pv["metadata"]["uid"], "delete", name, node, path, spec.get("volumeMode") or "Filesystem", size)

    def _delete_failed(self, pv: dict, err: str):
        name = pv["metadata"]["name"]
        self._klog("E", "controller.go:1558", lpl.structured("Volume deletion failed", "err", err, "PV", name))
        self._event(pv, "Warning", "VolumeFailedDelete", err)
        return self._retry("volume", name, name, err, FAILED_DELETE_THRESHOLD, (1010, 1013, 1025))


def _should_delete(pv: dict) -> bool:
    """shouldDelete: ours, Released, reclaim policy Delete, not already being deleted."""
    return (vh.annotations(pv).get(vh.ANN_DYNAMICALLY_PROVISIONED) == PROVISIONER
            and (pv.get("status") or {}).get("phase") == "Released"
            and (pv.get("spec") or {}).get("persistentVolumeReclaimPolicy") == "Delete"
            and not pv["metadata"].get("deletionTimestamp"))


def _size_bytes(text: str) -> int:
    """resource.Quantity's Value(): whole bytes, rounded up (VOL_SIZE_BYTES)."""
    try:
        v = quantity.parse(str(text)).value
    except quantity.QuantityError:
        return 0
    return -(-v.numerator // v.denominator)


def _refusal(claim: dict, node: dict | None) -> str:
    """LocalPathProvisioner.provisionFor's checks on a node-local path, in its order and words."""
    spec = claim.get("spec") or {}
    if spec.get("selector") is not None:
        return "claim.Spec.Selector is not supported"
    for mode in spec.get("accessModes") or ():
        if mode not in ("ReadWriteOnce", "ReadWriteOncePod"):
            return "NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes"
    if node is None:
        return "configuration error, no node was specified"
    return ""
