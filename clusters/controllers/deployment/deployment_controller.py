"""The Deployment controller, after kubernetes/kubernetes:pkg/controller/deployment/deployment_controller.go.

Handlers enqueue the Deployment that owns (or would adopt) a changed
ReplicaSet, and the Deployment itself; pod deletions matter only to Recreate,
which waits for the old pods to be gone. ``sync`` is syncDeployment: claim
ReplicaSets, then pause / scale / roll out, the way the upstream files split
it (sync.go, rolling.go, recreate.go, progress.go — here in ``sync.py``,
``rolling.py``, ``recreate.py``, ``progress.py``).
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import errors
from clusters.controllers import controller_utils as cu
from clusters.controllers.base import Controller, key_of, split_key
from clusters.controllers.deployment import progress, recreate, rolling, sync as dsync
from clusters.controllers.deployment import util


class DeploymentController(Controller):
    name = "deployment-controller"

    def start(self) -> None:
        inf = self.cluster.informers
        inf.on("deployments", add=self._d_added, update=self._d_updated, delete=self._d_added, group="apps")
        inf.on("replicasets", add=self._rs_added, update=self._rs_updated, delete=self._rs_deleted, group="apps")
        inf.on("pods", delete=self._pod_deleted)
        for d in self.api.list("deployments"):
            self.enqueue(key_of(d))

    # -- handlers ---------------------------------------------------------------
    def _d_added(self, d: dict) -> None:
        self.enqueue(key_of(d))

    def _d_updated(self, old: dict, d: dict) -> None:
        self.enqueue(key_of(d))

    def _resolve(self, namespace: str, ref: dict | None) -> dict | None:
        if ref is None or ref.get("kind") != "Deployment":
            return None
        d = self.api.try_get("deployments", ref.get("name", ""), namespace)
        if d is None or d["metadata"]["uid"] != ref.get("uid"):
            return None
        return d

    def _for_orphan_rs(self, rs: dict) -> list[dict]:
        """getDeploymentsForReplicaSet: Deployments whose selector matches an orphan."""
        labels = objects.labels_of(rs)
        out = []
        if not labels:
            return out
        for d in self.api.list("deployments", rs["metadata"]["namespace"]):
            sel = objects.selector_from_label_selector(d["spec"].get("selector"))
            if not sel.empty() and sel.matches(labels):
                out.append(d)
        return out

    def _rs_added(self, rs: dict) -> None:
        if rs["metadata"].get("deletionTimestamp"):
            self._rs_deleted(rs)
            return
        ref = objects.controller_of(rs)
        if ref is not None:
            d = self._resolve(rs["metadata"]["namespace"], ref)
            if d is not None:
                self.enqueue(key_of(d))
            return
        for d in self._for_orphan_rs(rs):
            self.enqueue(key_of(d))

    def _rs_updated(self, old: dict, rs: dict) -> None:
        cur_ref = objects.controller_of(rs)
        old_ref = objects.controller_of(old)
        ns = rs["metadata"]["namespace"]
        if (cur_ref or {}).get("uid") != (old_ref or {}).get("uid") and old_ref is not None:
            d = self._resolve(ns, old_ref)
            if d is not None:
                self.enqueue(key_of(d))
        if cur_ref is not None:
            d = self._resolve(ns, cur_ref)
            if d is not None:
                self.enqueue(key_of(d))
            return
        if objects.labels_of(old) != objects.labels_of(rs) or old_ref is not None:
            for d in self._for_orphan_rs(rs):
                self.enqueue(key_of(d))

    def _rs_deleted(self, rs: dict) -> None:
        d = self._resolve(rs["metadata"]["namespace"], objects.controller_of(rs))
        if d is not None:
            self.enqueue(key_of(d))

    def _pod_deleted(self, pod: dict) -> None:
        # deletePod: only a Recreate rollout waits for pods to be gone.
        ref = objects.controller_of(pod)
        if ref is None or ref.get("kind") != "ReplicaSet":
            return
        ns = pod["metadata"]["namespace"]
        rs = self.api.try_get("replicasets", ref.get("name", ""), ns)
        if rs is None or rs["metadata"]["uid"] != ref.get("uid"):
            return
        d = self._resolve(ns, objects.controller_of(rs))
        if d is not None and not util.is_rolling(d):
            self.enqueue(key_of(d))

    # -- sync -------------------------------------------------------------------
    def now_ts(self) -> str:
        return self.api.timestamp()

    def now(self) -> float:
        return cu.now_epoch(self.cluster)

    def sync(self, key: str):
        ns, name = split_key(key)
        d = self.api.try_get("deployments", name, ns)
        if d is None:
            return None
        d = objects.clone(d)
        sel = d["spec"].get("selector")
        if sel is not None and not sel.get("matchLabels") and not sel.get("matchExpressions"):
            self.recorder.event(d, "Warning", "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.")
            st = d.setdefault("status", {})
            if st.get("observedGeneration", 0) < d["metadata"].get("generation", 1):
                st["observedGeneration"] = d["metadata"]["generation"]
                self.client.update_status("deployments", d)
            return None
        rs_list = self.replica_sets_for(d)
        if d["metadata"].get("deletionTimestamp"):
            return dsync.sync_status_only(self, d, rs_list)
        d = progress.check_paused_conditions(self, d)
        if d["spec"].get("paused"):
            return dsync.sync(self, d, rs_list)
        if dsync.is_scaling_event(self, d, rs_list):
            return dsync.sync(self, d, rs_list)
        if util.is_rolling(d):
            return rolling.rollout_rolling(self, d, rs_list)
        return recreate.rollout_recreate(self, d, rs_list)

    def replica_sets_for(self, d: dict) -> list[dict]:
        """getReplicaSetsForDeployment: ClaimReplicaSets — adopt matching orphans, release non-matching owned ones."""
        ns = d["metadata"]["namespace"]
        uid = d["metadata"]["uid"]
        selector = objects.selector_from_label_selector(d["spec"].get("selector"))
        deleting = bool(d["metadata"].get("deletionTimestamp"))
        out = []
        for rs in self.api.list("replicasets", ns):
            ref = objects.controller_of(rs)
            labels = objects.labels_of(rs)
            if ref is not None:
                if ref.get("uid") != uid:
                    continue
                if selector.matches(labels):
                    out.append(rs)
                elif not deleting:
                    cu.release(self, "replicasets", uid, rs)
                continue
            if deleting or selector.empty() or not selector.matches(labels) or rs["metadata"].get("deletionTimestamp"):
                continue
            new = objects.clone(rs)
            new["metadata"]["ownerReferences"] = cu.adopt_patch(d, rs)
            try:
                out.append(self.client.update("replicasets", new))
            except errors.StatusError as e:
                if e.code != 404:
                    raise
        return out
