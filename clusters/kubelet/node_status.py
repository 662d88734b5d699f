"""Node registration, status updates and the node Lease.

kubelet_node_status.go: the kubelet registers its Node with capacity,
allocatable, addresses, nodeInfo and the four conditions (setters in
pkg/kubelet/nodestatus/setters.go with their reasons and messages). Every
nodeStatusUpdateFrequency (10 s) it computes the status and writes it only if
something changed, or when nodeStatusReportFrequency (5 min) has passed since
the last report (lastHeartbeatTime moves only then). The Lease in
kube-node-lease is renewed every 10 s (nodeLeaseRenewIntervalFraction 0.25 ×
leaseDurationSeconds 40) and is what the node lifecycle controller watches.
"""
from __future__ import annotations

from clusters import objects, quantity, timeutil
from clusters.kubelet import images

STATUS_UPDATE_FREQUENCY = 10.0
STATUS_REPORT_FREQUENCY = 300.0
LEASE_DURATION = 40
LEASE_RENEW_INTERVAL = LEASE_DURATION * 0.25
MAX_IMAGES = 50  # nodeStatusMaxImages
KUBELET_VERSION = "v1.32.0"
CONTAINER_RUNTIME_VERSION = "containerd://1.7.24"
KERNEL_VERSION = "6.8.0-51-generic"
OS_IMAGE = "Debian GNU/Linux 12 (bookworm)"

_CONDITIONS = (
    ("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
    ("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
    ("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
)
READY = ("Ready", "True", "KubeletReady", "kubelet is posting ready status")
NOT_READY = ("Ready", "False", "KubeletNotReady", "container runtime status check may not have completed yet")


def node_ref(name: str) -> dict:
    """The object reference kubelet events about its node use (UID is the node name, as upstream)."""
    return {"kind": "Node", "apiVersion": "v1", "metadata": {"name": name, "uid": name}}


def capacity(k) -> dict:
    """As the API server stores it: Quantities in canonical form (a spec's 16384Mi is 16Gi)."""
    ns = k.node_spec
    return {"cpu": quantity.written(str(ns.cpu)), "ephemeral-storage": "100Gi", "hugepages-1Gi": "0",
            "hugepages-2Mi": "0", "memory": quantity.written(str(ns.memory)), "pods": str(ns.pods)}


def kept_capacity(cap: dict, old: dict | None) -> dict:
    """setters.go MachineInfo: the kubelet sets the resources it measures and keeps the rest of the
    stored capacity (extended resources an administrator patched in, as on kubernetes.io's "Advertise
    Extended Resources for a Node"); allocatable is then capacity less reservations (none here), so
    an extended resource appears there at the next status update and leaves when capacity loses it."""
    if not old or len(old) == len(cap) and old.keys() == cap.keys():
        return cap
    return dict(sorted({**old, **cap}.items()))


def images_status(k) -> list[dict]:
    out = []
    for full, size in sorted(k.images.items(), key=lambda kv: (-kv[1], kv[0])):
        ref = images.parse(full)
        names = [f"{ref.repo}@{images.digest_of(ref)}", full] if not isinstance(ref, str) else [full]
        out.append({"names": names, "sizeBytes": size})
    return out[:MAX_IMAGES]


def conditions(k, old: list | None, now_ts: str, heartbeat: bool) -> list[dict]:
    olds = {c.get("type"): c for c in old or ()}
    out = []
    for type_, status, reason, message in _CONDITIONS + ((READY if k.ready else NOT_READY),):
        prev = olds.get(type_)
        same = prev is not None and prev.get("status") == status
        out.append({
            "type": type_, "status": status,
            "lastHeartbeatTime": now_ts if heartbeat or prev is None or not same else prev.get("lastHeartbeatTime"),
            "lastTransitionTime": prev.get("lastTransitionTime") if same else now_ts,
            "reason": reason, "message": message,
        })
    return out


def node_object(k) -> dict:
    ns = k.node_spec
    labels = {"beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
              "kubernetes.io/hostname": ns.name, "kubernetes.io/os": "linux"}
    labels.update(ns.labels)
    now_ts = k.api.timestamp()
    cap = capacity(k)
    spec: dict = {"podCIDR": k.pod_cidr, "podCIDRs": [k.pod_cidr], "providerID": f"kind://docker/kind/{ns.name}"}
    if ns.taints:
        spec["taints"] = [dict(t) for t in ns.taints]
    return {
        "apiVersion": "v1", "kind": "Node",
        "metadata": {"name": ns.name, "labels": labels,
                     "annotations": {"kubeadm.alpha.kubernetes.io/cri-socket": "unix:///run/containerd/containerd.sock",
                                     "node.alpha.kubernetes.io/ttl": "0",
                                     "volumes.kubernetes.io/controller-managed-attach-detach": "true"}},
        "spec": spec,
        "status": {
            "capacity": cap, "allocatable": dict(cap),
            "conditions": conditions(k, None, now_ts, True),
            "addresses": [{"type": "InternalIP", "address": k.ip}, {"type": "Hostname", "address": ns.name}],
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
            "nodeInfo": {"architecture": "amd64", "bootID": k.cluster.rand.uid(), "containerRuntimeVersion": CONTAINER_RUNTIME_VERSION,
                         "kernelVersion": KERNEL_VERSION, "kubeProxyVersion": "", "kubeletVersion": KUBELET_VERSION,
                         "machineID": k.cluster.rand.uid().replace("-", ""), "operatingSystem": "linux", "osImage": OS_IMAGE,
                         "systemUUID": k.cluster.rand.uid()},
            "images": images_status(k),
        },
    }


def lease_object(k, node_uid: str) -> dict:
    return {
        "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
        "metadata": {"name": k.node_name, "namespace": "kube-node-lease",
                     "ownerReferences": [{"apiVersion": "v1", "kind": "Node", "name": k.node_name, "uid": node_uid}]},
        "spec": {"holderIdentity": k.node_name, "leaseDurationSeconds": LEASE_DURATION,
                 "renewTime": timeutil.rfc3339_micro(k.cluster.epoch + k.cluster.clock.now)},
    }


def renew_lease(k) -> None:
    lease = k.api.try_get("leases", k.node_name, "kube-node-lease")
    if lease is None:
        node = k.api.try_get("nodes", k.node_name)
        if node is None:
            return
        k.client.create("leases", lease_object(k, node["metadata"]["uid"]))
        return
    new = objects.clone(lease)
    new["spec"]["renewTime"] = timeutil.rfc3339_micro(k.cluster.epoch + k.cluster.clock.now)
    new["spec"]["holderIdentity"] = k.node_name
    k.client.update("leases", new)


def update_status(k, force: bool = False) -> None:
    """tryUpdateNodeStatus: write only when changed or when the report is due."""
    node = k.api.try_get("nodes", k.node_name)
    if node is None:
        return
    now = k.cluster.clock.now
    due = force or now - k.last_report >= STATUS_REPORT_FREQUENCY
    old = node.get("status") or {}
    now_ts = k.api.timestamp()
    conds = conditions(k, old.get("conditions"), now_ts, due)
    imgs = images_status(k) if k.images_changed or due else old.get("images")
    new_status = dict(old)
    new_status["conditions"] = conds
    new_status["images"] = imgs
    new_status["capacity"] = cap = kept_capacity(capacity(k), old.get("capacity"))
    new_status["allocatable"] = dict(cap)
    if not due and new_status == old:
        return
    k.images_changed = False
    k.last_report = now
    k.client.update_status("nodes", {"metadata": {"name": k.node_name}, "status": new_status})
