"""``kubectl describe`` for storage: ports of kubernetes/kubectl:pkg/describe/describe.go
describePersistentVolume, describePersistentVolumeClaim (printPersistentVolumeClaim,
printPodsMultiline "Used By", getPodsForPVC) and describeStorageClass.
"""
from __future__ import annotations

from clusters.apiserver import storage
from clusters.console.printers import tables
from clusters.console.printers.describe import common as c
from clusters.controllers.volume import helpers as vh

W = c.Writer


def _finalizers(meta: dict) -> str:
    """Go's %v of a []string: [a b]."""
    return "[" + " ".join(meta.get("finalizers") or ()) + "]"


def _status(obj: dict, now: float) -> str:
    meta = obj.get("metadata") or {}
    if meta.get("deletionTimestamp"):
        return f"Terminating (lasts {c.since(meta['deletionTimestamp'], now)})"
    return (obj.get("status") or {}).get("phase", "")


def persistentvolumeclaim(api, pvc: dict, now: float) -> str:
    w = W()
    meta, spec, st = pvc.get("metadata") or {}, pvc.get("spec") or {}, pvc.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    w.write(0, f"StorageClass:\t{vh.claim_class(pvc)}\n")
    w.write(0, f"Status:\t{_status(pvc, now)}\n")
    w.write(0, f"Volume:\t{spec.get('volumeName', '')}\n")
    c.labels_multiline(w, "Labels", meta.get("labels"))
    c.annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Finalizers:\t{_finalizers(meta)}\n")
    capacity = modes = ""
    if spec.get("volumeName"):
        modes = vh.access_modes_string(st.get("accessModes"))
        capacity = str((st.get("capacity") or {}).get("storage", "0"))
    w.write(0, f"Capacity:\t{capacity}\n")
    w.write(0, f"Access Modes:\t{modes}\n")
    if spec.get("volumeMode"):
        w.write(0, f"VolumeMode:\t{spec['volumeMode']}\n")
    ds = spec.get("dataSource")
    if ds is not None:
        w.write(0, "DataSource:\n")
        if ds.get("apiGroup") is not None:
            w.write(1, f"APIGroup:\t{ds['apiGroup']}\n")
        w.write(1, f"Kind:\t{ds.get('kind', '')}\n")
        w.write(1, f"Name:\t{ds.get('name', '')}\n")
    pods = _pods_for_claim(api, pvc)
    w.write(0, "Used By:\t")
    if not pods:
        w.line("<none>")
    for i, name in enumerate(pods):
        if i:
            w.write(0, "\t")
        w.write(0, f"{name}\n")
    conds = st.get("conditions") or []
    if conds:
        w.write(0, "Conditions:\n")
        w.write(1, "Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n")
        w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
        for cond in conds:
            w.write(1, f"{cond.get('type', '')} \t{cond.get('status', '')} \t{c.rfc1123z(cond.get('lastProbeTime'))} \t"
                       f"{c.rfc1123z(cond.get('lastTransitionTime'))} \t{cond.get('reason', '')} \t{cond.get('message', '')}\n")
    c.events(w, c.find_events(api, pvc), now)
    return w.text()


def _pods_for_claim(api, pvc: dict) -> list[str]:
    """getPodsForPVC: pods whose volumes name the claim, then pods owning it; printed sorted by name."""
    meta = pvc.get("metadata") or {}
    pods = api.list("pods", meta.get("namespace"))
    names = [p["metadata"]["name"] for p in pods if meta.get("name") in vh.claim_names(p.get("spec") or {})]
    for ref in meta.get("ownerReferences") or ():
        if ref.get("kind") != "Pod":
            continue
        for p in pods:
            if p["metadata"].get("uid") == ref.get("uid") and p["metadata"]["name"] not in names:
                names.append(p["metadata"]["name"])
    return sorted(names)


def persistentvolume(api, pv: dict, now: float) -> str:
    w = W()
    meta, spec, st = pv.get("metadata") or {}, pv.get("spec") or {}, pv.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    c.labels_multiline(w, "Labels", meta.get("labels"))
    c.annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Finalizers:\t{_finalizers(meta)}\n")
    w.write(0, f"StorageClass:\t{vh.volume_class(pv)}\n")
    w.write(0, f"Status:\t{_status(pv, now)}\n")
    ref = spec.get("claimRef")
    w.write(0, f"Claim:\t{ref.get('namespace', '') + '/' + ref.get('name', '') if ref else ''}\n")
    w.write(0, f"Reclaim Policy:\t{spec.get('persistentVolumeReclaimPolicy', '')}\n")
    w.write(0, f"Access Modes:\t{vh.access_modes_string(spec.get('accessModes'))}\n")
    if spec.get("volumeMode"):
        w.write(0, f"VolumeMode:\t{spec['volumeMode']}\n")
    w.write(0, f"Capacity:\t{(spec.get('capacity') or {}).get('storage', '0')}\n")
    _node_affinity(w, spec.get("nodeAffinity"))
    w.write(0, f"Message:\t{st.get('message', '')}\n")
    w.write(0, "Source:\n")
    _source(w, spec)
    c.events(w, c.find_events(api, pv), now)
    return w.text()


def _node_affinity(w, affinity: dict | None) -> None:
    """printVolumeNodeAffinity and printNodeSelectorTermsMultilineWithIndent."""
    w.write(0, "Node Affinity:\t")
    if not affinity or affinity.get("required") is None:
        w.line("<none>")
        return
    w.line("")
    w.write(1, "Required Terms:\t")
    _terms(w, 2, [t.get("matchExpressions") or [] for t in affinity["required"].get("nodeSelectorTerms") or []])


def _terms(w, level: int, terms: list) -> None:
    """Numbered terms, one requirement a line: "key op [v1, v2]" (the operator lower-cased)."""
    if not terms:
        w.line("<none>")
        return
    w.line("")
    for i, reqs in enumerate(terms):
        w.write(level, f"Term {i}:\t")
        if not reqs:
            w.line("<none>")
            continue
        for j, req in enumerate(reqs):
            if j:
                w.write(level, "\t")
            expr = f"{req.get('key', '')} {str(req.get('operator', 'In')).lower()}"
            if req.get("values"):
                expr += f" [{', '.join(req['values'])}]"
            w.write(0, expr + "\n")


def _go_bool(v) -> str:
    return "true" if v else "false"


def _source(w, spec: dict) -> None:
    if spec.get("hostPath") is not None:
        h = spec["hostPath"]
        htype = h.get("type", "") if "type" in h else "<none>"
        w.write(2, f"Type:\tHostPath (bare host directory volume)\n    Path:\t{h.get('path', '')}\n    HostPathType:\t{htype}\n")
    elif spec.get("nfs") is not None:
        n = spec["nfs"]
        w.write(2, f"Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t{n.get('server', '')}\n"
                   f"    Path:\t{n.get('path', '')}\n    ReadOnly:\t{_go_bool(n.get('readOnly'))}\n")
    elif spec.get("local") is not None:
        w.write(2, f"Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t{spec['local'].get('path', '')}\n")
    elif spec.get("csi") is not None:
        s = spec["csi"]
        w.write(2, f"Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t{s.get('driver', '')}\n"
                   f"    FSType:\t{s.get('fsType', '')}\n    VolumeHandle:\t{s.get('volumeHandle', '')}\n"
                   f"    ReadOnly:\t{_go_bool(s.get('readOnly'))}\n")
        attrs = s.get("volumeAttributes") or {}
        w.write(2, "VolumeAttributes:\t")
        if not attrs:
            w.line("<none>")
        for i, k in enumerate(sorted(attrs)):
            if i:
                w.write(2, "\t")
            w.write(2, f"{k}={attrs[k]}\n")
    else:
        w.write(1, "<unknown>\n")


def storageclass(api, sc: dict, now: float) -> str:
    """describeStorageClass: annotations and parameters as labels.FormatLabels prints them."""
    w = W()
    meta = sc.get("metadata") or {}
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"IsDefaultClass:\t{'Yes' if storage.is_default_class(sc) else 'No'}\n")
    w.write(0, f"Annotations:\t{tables.format_labels(meta.get('annotations'))}\n")
    w.write(0, f"Provisioner:\t{sc.get('provisioner', '')}\n")
    w.write(0, f"Parameters:\t{tables.format_labels(sc.get('parameters'))}\n")
    ave = sc.get("allowVolumeExpansion")
    w.write(0, f"AllowVolumeExpansion:\t{'<unset>' if ave is None else ('True' if ave else 'False')}\n")
    opts = sc.get("mountOptions") or []
    if not opts:
        w.write(0, "MountOptions:\t<none>\n")
    else:
        w.write(0, "MountOptions:\n")
        for o in opts:
            w.write(1, f"{o}\n")
    if sc.get("reclaimPolicy") is not None:
        w.write(0, f"ReclaimPolicy:\t{sc['reclaimPolicy']}\n")
    if sc.get("volumeBindingMode") is not None:
        w.write(0, f"VolumeBindingMode:\t{sc['volumeBindingMode']}\n")
    topologies = sc.get("allowedTopologies")
    if topologies is not None:
        _allowed_topologies(w, topologies)
    c.events(w, c.find_events(api, sc), now)
    return w.text()


def _allowed_topologies(w, terms: list) -> None:
    """printAllowedTopologies (topology requirements always read "in")."""
    w.write(0, "AllowedTopologies:\t")
    _terms(w, 1, [t.get("matchLabelExpressions") or [] for t in terms])


DESCRIBERS = {"PersistentVolumeClaim": persistentvolumeclaim, "PersistentVolume": persistentvolume,
              "StorageClass": storageclass}
