"""What the PV controller, the scheduler's VolumeBinding plugin, the provisioner and the
kubelet agree on about claims and volumes.

A port of kubernetes/kubernetes:staging/src/k8s.io/component-helpers/storage/volume
(helpers.go, pv_helpers.go): the binding annotations, a claim's class and binding
mode, whether a volume is bound to a claim, FindMatchingVolume (the smallest
Available volume that fits, unless one is pre-bound to the claim), and
CheckNodeAffinity.
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import errors, storage

# component-helpers/storage/volume/helpers.go
ANN_BIND_COMPLETED = "pv.kubernetes.io/bind-completed"
ANN_BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller"
ANN_SELECTED_NODE = "volume.kubernetes.io/selected-node"
ANN_STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner"
ANN_BETA_STORAGE_PROVISIONER = "volume.beta.kubernetes.io/storage-provisioner"
ANN_DYNAMICALLY_PROVISIONED = "pv.kubernetes.io/provisioned-by"
NOT_SUPPORTED_PROVISIONER = "kubernetes.io/no-provisioner"

# Access modes from least to most permissive, as GetAccessModesAsString orders them.
ACCESS_MODES = ("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod")


def annotations(obj: dict) -> dict:
    return (obj.get("metadata") or {}).get("annotations") or {}


def claim_class(claim: dict) -> str:
    """GetPersistentVolumeClaimClass: the beta annotation wins, then spec.storageClassName."""
    ann = annotations(claim)
    if storage.BETA_STORAGE_CLASS in ann:
        return ann[storage.BETA_STORAGE_CLASS]
    return (claim.get("spec") or {}).get("storageClassName") or ""


def volume_class(pv: dict) -> str:
    """GetPersistentVolumeClass."""
    ann = annotations(pv)
    if storage.BETA_STORAGE_CLASS in ann:
        return ann[storage.BETA_STORAGE_CLASS]
    return (pv.get("spec") or {}).get("storageClassName") or ""


def is_delay_binding_mode(api, claim: dict) -> bool:
    """IsDelayBindingMode: the claim's class exists and waits for its first consumer."""
    name = claim_class(claim)
    if not name:
        return False
    sc = api.try_get("storageclasses", name)
    return sc is not None and sc.get("volumeBindingMode") == "WaitForFirstConsumer"


def is_delay_binding_provisioning(claim: dict) -> bool:
    """IsDelayBindingProvisioning: the scheduler has picked a node for this claim."""
    return ANN_SELECTED_NODE in annotations(claim)


def is_fully_bound(claim: dict) -> bool:
    """isPVCFullyBound (binder.go): a volume name and the bind-completed annotation."""
    return bool((claim.get("spec") or {}).get("volumeName")) and ANN_BIND_COMPLETED in annotations(claim)


def is_volume_bound_to_claim(pv: dict, claim: dict) -> bool:
    ref = (pv.get("spec") or {}).get("claimRef")
    if not ref:
        return False
    m = claim["metadata"]
    if ref.get("name") != m["name"] or ref.get("namespace") != m.get("namespace"):
        return False
    return not ref.get("uid") or ref.get("uid") == m.get("uid")


def claim_ref(claim: dict) -> dict:
    """reference.GetReference for a claim (the fields an ObjectReference carries, as the API prints them)."""
    m = claim["metadata"]
    return {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "name": m["name"], "namespace": m.get("namespace"),
            "resourceVersion": m.get("resourceVersion", ""), "uid": m.get("uid")}


def bind_volume_to_claim(pv: dict, claim: dict) -> tuple[dict, bool]:
    """GetBindVolumeToClaim: the volume with its claimRef set (and bound-by-controller when the
    controller made the link), and whether anything changed."""
    should_annotate = not is_volume_bound_to_claim(pv, claim)
    new = objects.clone(pv)
    dirty = False
    ref = (pv.get("spec") or {}).get("claimRef") or {}
    m = claim["metadata"]
    if not ref or ref.get("name") != m["name"] or ref.get("namespace") != m.get("namespace") or ref.get("uid") != m.get("uid"):
        new.setdefault("spec", {})["claimRef"] = claim_ref(claim)
        dirty = True
    ann = new["metadata"].get("annotations") or {}
    if should_annotate and ANN_BOUND_BY_CONTROLLER not in ann:
        new["metadata"]["annotations"] = {**ann, ANN_BOUND_BY_CONTROLLER: "yes"}
        dirty = True
    return new, dirty


def storage_request(claim: dict) -> int:
    req = (((claim.get("spec") or {}).get("resources") or {}).get("requests") or {}).get("storage")
    try:
        return objects.bytes_of(req) if req is not None else 0
    except (objects.QuantityError, ValueError):
        return 0


def capacity(pv: dict) -> int:
    cap = ((pv.get("spec") or {}).get("capacity") or {}).get("storage")
    try:
        return objects.bytes_of(cap) if cap is not None else 0
    except (objects.QuantityError, ValueError):
        return 0


def access_modes_fit(claim: dict, pv: dict) -> bool:
    """CheckAccessModes: the volume offers every mode the claim asks for."""
    offered = set((pv.get("spec") or {}).get("accessModes") or ())
    return all(m in offered for m in (claim.get("spec") or {}).get("accessModes") or ())


def volume_mode_mismatch(claim: dict, pv: dict) -> bool:
    """CheckVolumeModeMismatches: both default to Filesystem."""
    return ((claim.get("spec") or {}).get("volumeMode") or "Filesystem") != ((pv.get("spec") or {}).get("volumeMode") or "Filesystem")


def node_affinity_matches(pv: dict, node_labels: dict) -> bool:
    """CheckNodeAffinity: any required term matches the node's labels (matchFields see no node name here)."""
    from clusters.scheduler.plugins.helpers import term_matches

    required = (((pv.get("spec") or {}).get("nodeAffinity") or {}).get("required"))
    if required is None:
        return True
    return any(term_matches(t, node_labels, "") for t in required.get("nodeSelectorTerms") or ())


def find_matching_volume(claim: dict, volumes: list[dict], node_labels: dict | None, excluded: set,
                         delay_binding: bool) -> dict | None:
    """FindMatchingVolume: a volume pre-bound to the claim wins; otherwise the smallest Available
    one of the claim's class whose labels match its selector (and, for the scheduler, whose node
    affinity fits the node and whose access modes cover the claim's)."""
    requested = storage_request(claim)
    klass = claim_class(claim)
    sel = (claim.get("spec") or {}).get("selector")
    selector = objects.selector_from_label_selector(sel) if sel is not None else None
    smallest = None
    smallest_size = 0
    for pv in volumes:
        name = pv["metadata"]["name"]
        if name in excluded:
            continue
        bound_here = is_volume_bound_to_claim(pv, claim)
        if (pv.get("spec") or {}).get("claimRef") and not bound_here:
            continue
        size = capacity(pv)
        if size < requested or volume_mode_mismatch(claim, pv) or pv["metadata"].get("deletionTimestamp"):
            continue
        affinity_ok = node_labels is None or node_affinity_matches(pv, node_labels)
        if bound_here:
            return pv if affinity_ok else None
        if node_labels is None and delay_binding:
            continue  # the scheduler binds these
        if (pv.get("status") or {}).get("phase") != "Available":
            continue
        if selector is not None and not selector.matches(objects.labels_of(pv)):
            continue
        if volume_class(pv) != klass or not affinity_ok:
            continue
        if node_labels is not None and not access_modes_fit(claim, pv):
            continue
        if smallest is None or size < smallest_size:
            smallest, smallest_size = pv, size
    return smallest


def volumes_by_access_modes(claim: dict, volumes: list[dict]) -> list[list[dict]]:
    """persistentVolumeOrderedIndex.findByClaim's search order: the volumes indexed under each
    access-mode set that contains every mode the claim asks for, fewest modes first, each list
    smallest first."""
    wanted = set((claim.get("spec") or {}).get("accessModes") or ())
    groups: dict[tuple, list[dict]] = {}
    for pv in volumes:
        modes = tuple(m for m in ACCESS_MODES if m in ((pv.get("spec") or {}).get("accessModes") or ()))
        groups.setdefault(modes, []).append(pv)
    out = []
    for modes in sorted(groups, key=lambda ms: (len(ms), ms)):
        if wanted <= set(modes):
            out.append(sorted(groups[modes], key=capacity))
    return out


def claim_names(pod_spec: dict) -> list[str]:
    """The claims a pod's volumes reference (persistentVolumeClaim sources)."""
    out = []
    for v in pod_spec.get("volumes") or ():
        src = v.get("persistentVolumeClaim") if isinstance(v, dict) else None
        if src is not None:
            out.append(src.get("claimName", ""))
    return out


def access_modes_string(modes) -> str:
    """GetAccessModesAsString: RWO,ROX,RWX,RWOP in that order."""
    short = {"ReadWriteOnce": "RWO", "ReadOnlyMany": "ROX", "ReadWriteMany": "RWX", "ReadWriteOncePod": "RWOP"}
    return ",".join(short[m] for m in ACCESS_MODES if m in (modes or ()))


def volume_files(cluster, pv_name: str) -> dict:
    """The files on a network volume (NFS, a cloud disk: any but hostPath and local), shared by every
    pod that mounts it wherever it runs: {relative path: content}. A hostPath or local volume's files
    are a directory of one node's disk (kubelet/host_files.py)."""
    data = cluster.__dict__.setdefault("volume_data", {})
    files = data.get(pv_name)
    if files is None:
        files = data[pv_name] = {}
    return files


def node_path(pv: dict) -> str | None:
    """The directory on a node a hostPath or local volume is, or None for a network volume."""
    spec = pv.get("spec") or {}
    src = spec.get("hostPath") or spec.get("local")
    return src.get("path", "") if isinstance(src, dict) else None


def affinity_nodes(api, pv: dict) -> list[str]:
    """The nodes a volume's node affinity allows (every node when it has none), by name."""
    return [n["metadata"]["name"] for n in api.list("nodes") if node_affinity_matches(pv, objects.labels_of(n))]


def control_plane_nodes(api) -> list[str]:
    """Where kube-controller-manager runs, and so where the in-tree hostPath deleter removes files."""
    return [n["metadata"]["name"] for n in api.list("nodes")
            if "node-role.kubernetes.io/control-plane" in objects.labels_of(n)]


def wipe(cluster, pv: dict, nodes: list[str] = (), keep_top: bool = False) -> None:
    """The volume's files are gone: a hostPath or local volume's directory on ``nodes`` (removed, or
    emptied when ``keep_top``, as a recycler's ``rm -rf DIR/*`` leaves it), a network volume's data."""
    from clusters.kubelet import host_files

    path = node_path(pv)
    if path is None:
        data = cluster.__dict__.get("volume_data")
        if data is not None:
            data.pop(pv["metadata"]["name"], None)
        return
    for node in nodes:
        disk = host_files.peek(cluster, node)
        if disk is not None:
            disk.remove_all(host_files.normalize(path), keep_top=keep_top)


def delete_volume(controller, pv: dict, nodes: list[str] = ()) -> None:
    """The storage is gone (its directory removed from ``nodes``); then the PersistentVolume object
    goes (already gone is fine)."""
    wipe(controller.cluster, pv, nodes)
    try:
        controller.client.delete("persistentvolumes", pv["metadata"]["name"])
    except errors.StatusError as e:
        if e.code != 404:
            raise


def claim_volume(api, namespace: str, claim_name: str) -> tuple[dict | None, str | None]:
    """The PersistentVolume the kubelet mounts for a claim, or why it cannot
    (desired_state_of_world_populator.go getPVCExtractPV / getPVSpec)."""
    claim = api.try_get("persistentvolumeclaims", claim_name, namespace)
    if claim is None:
        err = f'failed to fetch PVC from API server: persistentvolumeclaims "{claim_name}" not found'
    elif claim["metadata"].get("deletionTimestamp"):
        err = "PVC is being deleted"
    elif (claim.get("status") or {}).get("phase") != "Bound" or not (claim.get("spec") or {}).get("volumeName"):
        err = "PVC is not bound"
    else:
        pv_name = claim["spec"]["volumeName"]
        pv = api.try_get("persistentvolumes", pv_name)
        if pv is not None:
            return pv, None
        err = f'failed to fetch PV "{pv_name}" from API server: persistentvolumes "{pv_name}" not found'
    return None, f"error processing PVC {namespace}/{claim_name}: {err}"


# pkg/volume/util/util.go VolumeGidAnnotationKey: the kubelet adds this group to the processes of every
# container of a pod that mounts the volume (volumemanager GetExtraSupplementalGroupsForPod).
ANN_VOLUME_GID = "pv.beta.kubernetes.io/gid"


def extra_supplemental_groups(api, pod: dict) -> list[int]:
    """The GIDs the volumes a pod's claims are bound to carry in their annotation, each once, in the
    order of the pod's volumes; a value that is not a number is skipped (getExtraSupplementalGid:
    strconv.ParseInt fails, and the kubelet logs it)."""
    out: list[int] = []
    ns = pod["metadata"].get("namespace", "")
    for name in claim_names(pod.get("spec") or {}):
        pv, _ = claim_volume(api, ns, name)
        value = annotations(pv).get(ANN_VOLUME_GID) if pv is not None else None
        try:
            gid = int(value) if value is not None else None
        except ValueError:
            gid = None
        if gid is not None and gid not in out:
            out.append(gid)
    return out


def mount_failure(volume_name: str, err: str) -> str:
    """The kubelet's FailedMount event when a claim cannot be mounted (kubelet.go syncPod after
    volumemanager WaitForAttachAndMount gives up on a volume it could not process)."""
    return (f"Unable to attach or mount volumes: unmounted volumes=[{volume_name}], unattached volumes=[], "
            f"failed to process volumes=[{volume_name}]: {err}")
