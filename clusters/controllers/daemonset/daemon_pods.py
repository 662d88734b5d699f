"""A DaemonSet's pods, by node, kept up to date from pod events instead of re-read.

getDaemonPods and getNodesToDaemonPods (daemon_controller.go) list the
DaemonSet's pods from the informer on every sync; on 1,000 nodes that is
1,000 pods re-read several times a sync, for a sync caused by one pod's
change. Here each DaemonSet has a ``DaemonPods`` made the first time it
syncs, from the informer's owner index, and afterwards the controller's pod
handlers hand it every write to a pod it controls (``put``/``remove``). A
sync refreshes only the pods written since, so its cost follows what
changed, not how many pods there are.

What it answers is what the listing answered:

- ``claimed``: the pods it controls whose labels its selector matches
  (ClaimPods); one it controls that no longer matches, and that is not
  being deleted, is released (ReleasePod) by the refresh, and again on the
  next one should that write fail;
- ``by_node``: node -> pods on it or pinned to it (GetTargetNodeName),
  leaving out terminal pods already being deleted;
- ``any_old``: whether a live pod is not at the current revision
  (IsPodUpdated), worked out afresh only when the revision moves.

Orders follow the informer's owner index (the order of each pod's last
write), so decisions that take pods in turn are the same as a listing's.
Everything is plain dicts and lists: it pickles with the cluster.
"""
from __future__ import annotations

from clusters import objects
from clusters.controllers import history
from clusters.controllers.daemonset import util


class DaemonPods:
    def __init__(self, namespace: str, selector: dict | None, pods):
        self.namespace = namespace
        self.selector = objects.selector_from_label_selector(selector)
        self.pods: dict[str, dict] = {}  # name -> the pod as last written, in last-write order
        self.dirty: dict[str, None] = {}  # names written since the last refresh, in write order
        self.claimed: dict[str, dict] = {}
        self.by_node: dict[str, list[dict]] = {}
        self.node_of: dict[str, str] = {}
        self.to_release: dict[str, dict] = {}
        self.revision_key: tuple | None = None
        self.old: dict[str, None] = {}
        for pod in pods:
            self.put(pod)

    # -- fed by the controller's pod handlers ------------------------------------------------
    def put(self, pod: dict) -> None:
        name = pod["metadata"]["name"]
        self.pods.pop(name, None)
        self.pods[name] = pod
        self.dirty.pop(name, None)
        self.dirty[name] = None

    def remove(self, pod: dict) -> None:
        name = pod["metadata"]["name"]
        if self.pods.pop(name, None) is not None:
            self.dirty.pop(name, None)
            self.dirty[name] = None

    # -- read by a sync ------------------------------------------------------------------------
    def refresh(self, controller, ds: dict, revision: tuple | None = None) -> None:
        """Bring the views up to date with the pods written since the last refresh, and release
        the pods the selector no longer matches. ``revision`` is (hash, template generation),
        once the sync knows it; ``old`` is kept for the last one given."""
        if revision is not None and revision != self.revision_key:
            self.revision_key = revision
            self.old = {n: None for n, p in self.claimed.items() if _is_old(p, *revision)}
        if self.dirty:
            dirty, self.dirty = self.dirty, {}
            for name in dirty:
                self._place(name, self.pods.get(name))
        if self.to_release:
            for pod in list(self.to_release.values()):
                controller._release(ds, pod)

    def _place(self, name: str, pod: dict | None) -> None:
        node = self.node_of.pop(name, None)
        if node is not None:
            bucket = self.by_node[node]
            for i, p in enumerate(bucket):
                if p["metadata"]["name"] == name:
                    del bucket[i]
                    break
            if not bucket:
                del self.by_node[node]
        self.claimed.pop(name, None)
        self.old.pop(name, None)
        self.to_release.pop(name, None)
        if pod is None:
            return
        m = pod["metadata"]
        deleting = m.get("deletionTimestamp")
        if not self.selector.matches(m.get("labels") or {}):
            if not deleting:
                self.to_release[name] = pod
            return
        self.claimed[name] = pod
        if self.revision_key is not None and _is_old(pod, *self.revision_key):
            self.old[name] = None
        if deleting and util.is_terminal(pod):
            return
        node = pod["spec"].get("nodeName") or util.target_node(pod)
        if node:
            self.node_of[name] = node
            bucket = self.by_node.get(node)
            if bucket is None:
                self.by_node[node] = [pod]
            else:
                bucket.append(pod)


def _is_old(pod: dict, h: str, generation: str | None) -> bool:
    """A live pod that is not IsPodUpdated."""
    m = pod["metadata"]
    if m.get("deletionTimestamp"):
        return False
    labels = m.get("labels") or {}
    return labels.get(history.REVISION_HASH_LABEL) != h and (
        generation is None or labels.get(util.TEMPLATE_GENERATION_LABEL) != generation)
