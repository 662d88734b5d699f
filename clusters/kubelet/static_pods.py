"""Static pods: the kubelet's file source, and the mirror pods it keeps on the API server.

kind's kubelet reads ``staticPodPath: /etc/kubernetes/manifests`` (kubeadm's KubeletConfiguration).
A Pod manifest written there on a node's disk (host_files, reached with ``kubectl debug node/NAME``
under /host) becomes a pod the kubelet runs, and the kubelet mirrors it on the API server
(pkg/kubelet/config/file.go, config/common.go applyDefaults, pod/mirror_client.go):

- the name gets ``-<node name>`` (generatePodName), the namespace defaults to ``default``, the
  node name is set, a NoExecute toleration for every taint is added, and the annotations say where
  it came from: ``kubernetes.io/config.hash`` and ``config.mirror`` (its hash), ``config.seen``,
  ``config.source: file``; the mirror pod is owned by the Node;
- a mirror pod deleted through the API comes back while the manifest is there;
- a manifest removed (or renamed to start with a dot, which the file source skips) takes the pod
  away; a changed manifest replaces it.

The kubelet scans the directory on its 10-second status tick; upstream watches it with inotify and
rescans every 20 s (fileCheckFrequency), so a change is seen within seconds either way [simplified].
The kubelet runs the pod through its mirror; a mirror pod deleted through the API is deleted at
once and made again from the old one (its annotations, config.seen too), and the runtime carries
on under the new UID (``mirror_deleted``), so the containers keep running, as upstream's static
pod does. The hash is an md5 of the manifest, its node and its path, where upstream hashes the decoded Pod
(hash.DeepHashObject) [approximate].
"""
from __future__ import annotations

import hashlib

import yaml

from clusters import timeutil
from clusters.apiserver import errors
from clusters.kubelet import host_files

STATIC_POD_PATH = "/etc/kubernetes/manifests"
HASH = "kubernetes.io/config.hash"
MIRROR = "kubernetes.io/config.mirror"


def _manifests(cluster, node: str) -> dict[str, str]:
    """The files the file source reads: directly in the directory, not starting with a dot."""
    disk = host_files.peek(cluster, node)
    if disk is None or STATIC_POD_PATH not in disk.entries:
        return {}  # nothing wrote the directory: no scan of the disk on every tick
    out = {}
    for path, entry in disk.entries.items():
        parent, _, base = path.rpartition("/")
        if parent == STATIC_POD_PATH and entry[0] is not None and not base.startswith("."):
            out[path] = entry[0]
    return out


def _decode(text: str) -> dict | None:
    """config/common.go tryDecodeSinglePod: one Pod, in YAML or JSON; anything else is skipped."""
    try:
        obj = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    if not isinstance(obj, dict) or obj.get("kind") != "Pod" or obj.get("apiVersion") != "v1":
        return None
    if not isinstance(obj.get("metadata"), dict) or not obj["metadata"].get("name"):
        return None
    return obj


def _mirror(k, pod: dict, path: str, text: str) -> dict:
    """The static pod as applyDefaults makes it, copied into a mirror pod (CreateMirrorPod)."""
    node = k.node_name
    digest = hashlib.md5(f"{text}host:{node}file:{path}".encode()).hexdigest()
    meta = dict(pod.get("metadata") or {})
    spec = dict(pod.get("spec") or {})
    meta["name"] = f"{meta['name']}-{node.lower()}"
    meta["namespace"] = meta.get("namespace") or "default"
    annotations = dict(meta.get("annotations") or {})
    annotations.update({HASH: digest, MIRROR: digest, "kubernetes.io/config.source": "file",
                        "kubernetes.io/config.seen": timeutil.rfc3339_nano(k.cluster.epoch + k.cluster.clock.now)})
    meta["annotations"] = annotations
    for drop in ("uid", "resourceVersion", "creationTimestamp", "generateName"):
        meta.pop(drop, None)
    node_obj = k.client.get("nodes", node)
    meta["ownerReferences"] = [{"apiVersion": "v1", "kind": "Node", "name": node,
                                "uid": node_obj["metadata"]["uid"], "controller": True}]
    spec["nodeName"] = node
    tolerations = list(spec.get("tolerations") or [])
    if {"operator": "Exists", "effect": "NoExecute"} not in tolerations:
        tolerations.append({"operator": "Exists", "effect": "NoExecute"})
    spec["tolerations"] = tolerations
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec}


def _current(k, name: str, namespace: str, digest: str) -> dict | None:
    pod = k.cluster.api.try_get("pods", name, namespace)
    if pod is None or ((pod["metadata"].get("annotations") or {}).get(MIRROR) != digest):
        return None
    return pod


def sync(k) -> None:
    """One scan of the node's static pod directory: create, recreate and delete mirror pods."""
    files = _manifests(k.cluster, k.node_name)
    if not files and not getattr(k, "static_pods", None):
        return  # (a kubelet pickled before static pods has no table, and needs none until a manifest comes)
    if not hasattr(k, "static_pods"):
        k.static_pods = {}
    for path in sorted(set(k.static_pods) - set(files)):
        _remove(k, path)
    for path, text in sorted(files.items()):
        pod = _decode(text)
        if pod is None:
            if path in k.static_pods:
                _remove(k, path)
            continue
        mirror = _mirror(k, pod, path, text)
        digest = mirror["metadata"]["annotations"][HASH]
        had = k.static_pods.get(path)
        if had is not None and had[0] != digest:
            _remove(k, path)
            had = None
        name, ns = mirror["metadata"]["name"], mirror["metadata"]["namespace"]
        k.static_pods[path] = (digest, name, ns)
        existing = k.cluster.api.try_get("pods", name, ns)
        if existing is None:
            try:
                k.client.create("pods", mirror)
            except errors.StatusError as e:
                k.cluster.log(k.name, f"{k.node_name}: failed creating a mirror pod for {path}: {e.message}")


def _remove(k, path: str) -> None:
    """The manifest is gone: the kubelet stops the pod and deletes its mirror (DeleteMirrorPod)."""
    digest, name, ns = k.static_pods.pop(path)
    pod = _current(k, name, ns, digest)
    if pod is not None and not pod["metadata"].get("deletionTimestamp"):
        try:
            k.client.delete("pods", name, ns)
        except errors.StatusError:
            pass


def mirror_deleted(k, rt, pod: dict) -> bool:
    """A mirror pod deleted through the API while its manifest is still there: the kubelet deletes
    it for good and makes it again; the static pod runs on (kubelet.go syncPod: a mirror pod being
    deleted is replaced). False for any other pod being deleted."""
    meta = pod["metadata"]
    digest = (meta.get("annotations") or {}).get(MIRROR)
    if not digest or not any(e[0] == digest and e[1] == meta["name"] for e in getattr(k, "static_pods", {}).values()):
        return False
    if not any(p in _manifests(k.cluster, k.node_name) for p, e in k.static_pods.items() if e[0] == digest):
        return False
    fresh = {"apiVersion": "v1", "kind": "Pod", "spec": pod["spec"],
             "metadata": {key: meta[key] for key in ("name", "namespace", "labels", "annotations", "ownerReferences")
                          if key in meta}}
    try:
        k.client.delete("pods", meta["name"], meta["namespace"], grace_period=0, uid=meta["uid"])
        made = k.client.create("pods", fresh)
    except errors.StatusError as e:
        k.cluster.log(k.name, f"{k.node_name}: failed to make mirror pod {meta['name']} again: {e.message}")
        return False
    old, new = rt.uid, made["metadata"]["uid"]
    k.pods.pop(old, None)
    rt.uid, rt.pod = new, made
    k.pods[new] = rt
    k.by_key[rt.key] = new
    if not hasattr(k, "renamed"):
        k.renamed = {}
    for was, now in list(k.renamed.items()):
        if now == old:
            k.renamed[was] = new
    k.renamed[old] = new
    k._mark(rt)
    return True
