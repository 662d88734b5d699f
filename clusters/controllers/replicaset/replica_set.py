"""The ReplicaSet controller, after kubernetes/kubernetes:pkg/controller/replicaset/replica_set.go.

Handlers map pod and ReplicaSet events to ReplicaSet keys (addPod/updatePod/
deletePod → enqueueRS) and feed the expectations; ``sync`` (syncReplicaSet)
claims pods (adopting orphans that match the selector, releasing owned ones
that no longer do), creates or deletes at most ``BURST_REPLICAS`` pods in
slow-start batches when the expectations are satisfied, and writes status.

For speed the owned pods come from the informers' controller-owner index
(``cluster.informers.owned_by``) and orphans from an index this controller
keeps per namespace, instead of listing every pod in the namespace.
"""
from __future__ import annotations

from clusters import objects, timeutil
from clusters.apiserver import errors
from clusters.controllers import controller_utils as cu
from clusters.controllers.base import Controller, key_of, split_key
from clusters.controllers.replicaset.tally import Tally

# replica_set.go: BurstReplicas = 500 creates or deletes per sync.
BURST_REPLICAS = 500
KIND = "ReplicaSet"
API_VERSION = "apps/v1"


class ReplicaSetController(Controller):
    name = "replicaset-controller"

    def __init__(self, cluster):
        super().__init__(cluster)
        self.expectations = cu.Expectations(cluster.clock)
        self.burst_replicas = BURST_REPLICAS
        # namespace -> {pod key: pod} for pods without a controller ownerReference
        self._orphans: dict[str, dict[str, dict]] = {}
        # ReplicaSet uid -> Tally of its pods (tally.py)
        self._tallies: dict[str, Tally] = {}

    def start(self) -> None:
        inf = self.cluster.informers
        inf.on("replicasets", add=self._rs_added, update=self._rs_updated, delete=self._rs_deleted, group="apps")
        inf.on("pods", add=self._pod_added, update=self._pod_updated, delete=self._pod_deleted)
        for pod in self.api.list("pods"):
            self._index_orphan(None, pod)
        for rs in self.api.list("replicasets"):
            self.enqueue(key_of(rs))

    # -- handlers: map events to keys -------------------------------------------
    def _rs_added(self, rs: dict) -> None:
        self.enqueue(key_of(rs))

    def _rs_updated(self, old: dict, rs: dict) -> None:
        t = self._tallies.get(rs["metadata"]["uid"])
        if t is not None and not t.still_valid_for(rs):
            del self._tallies[rs["metadata"]["uid"]]
        self.enqueue(key_of(rs))

    def _rs_deleted(self, rs: dict) -> None:
        self._tallies.pop(rs["metadata"]["uid"], None)
        key = key_of(rs)
        self.expectations.delete(key)
        self.enqueue(key)

    def _index_orphan(self, old: dict | None, pod: dict | None) -> None:
        if old is not None and objects.controller_of(old) is None:
            b = self._orphans.get(old["metadata"]["namespace"])
            if b is not None:
                b.pop(old["metadata"]["name"], None)
        if pod is not None and objects.controller_of(pod) is None:
            self._orphans.setdefault(pod["metadata"]["namespace"], {})[pod["metadata"]["name"]] = pod

    def _resolve(self, namespace: str, ref: dict | None) -> dict | None:
        """resolveControllerRef: the ReplicaSet a controller ref names, if its UID matches."""
        if ref is None or ref.get("kind") != KIND:
            return None
        rs = self.api.try_get("replicasets", ref.get("name", ""), namespace)
        if rs is None or rs["metadata"]["uid"] != ref.get("uid"):
            return None
        return rs

    def _matching(self, pod: dict) -> list[dict]:
        """getPodReplicaSets: ReplicaSets in the pod's namespace whose selector matches it."""
        labels = objects.labels_of(pod)
        if not labels:
            return []
        out = []
        for rs in self.api.list("replicasets", pod["metadata"]["namespace"]):
            sel = objects.selector_from_label_selector(rs["spec"].get("selector"))
            if not sel.empty() and sel.matches(labels):
                out.append(rs)
        return out

    def _pod_added(self, pod: dict) -> None:
        self._index_orphan(None, pod)
        if pod["metadata"].get("deletionTimestamp"):
            self._pod_deleted(pod)
            return
        ref = objects.controller_of(pod)
        if ref is not None:
            rs = self._resolve(pod["metadata"]["namespace"], ref)
            if rs is None:
                return
            self._observe(rs, pod["metadata"]["name"], pod)
            key = key_of(rs)
            self.expectations.creation_observed(key)
            self.enqueue(key)
            return
        for rs in self._matching(pod):
            self.enqueue(key_of(rs))

    def _pod_updated(self, old: dict, pod: dict) -> None:
        self._index_orphan(old, pod)
        label_changed = objects.labels_of(old) != objects.labels_of(pod)
        if pod["metadata"].get("deletionTimestamp"):
            # A graceful deletion shows up as an update: count it as the delete now.
            self._pod_deleted(pod)
            if label_changed:
                self._pod_deleted(old)
            return
        cur_ref = objects.controller_of(pod)
        old_ref = objects.controller_of(old)
        ref_changed = (cur_ref or {}).get("uid") != (old_ref or {}).get("uid")
        ns = pod["metadata"]["namespace"]
        if ref_changed and old_ref is not None:
            t = self._tallies.get(old_ref.get("uid"))
            if t is not None:
                t.observe(pod["metadata"]["name"], None)
            rs = self._resolve(ns, old_ref)
            if rs is not None:
                self.enqueue(key_of(rs))
        if cur_ref is not None:
            rs = self._resolve(ns, cur_ref)
            if rs is None:
                return
            self._observe(rs, pod["metadata"]["name"], pod)
            self.enqueue(key_of(rs))
            mrs = rs["spec"].get("minReadySeconds") or 0
            if mrs > 0 and not cu.is_pod_ready(old) and cu.is_pod_ready(pod):
                # Sync again once the pod has been ready minReadySeconds (+1 s, as upstream).
                self.enqueue_after(key_of(rs), mrs + 1)
            return
        if label_changed or ref_changed:
            for rs in self._matching(pod):
                self.enqueue(key_of(rs))

    def _pod_deleted(self, pod: dict) -> None:
        if objects.controller_of(pod) is None:
            b = self._orphans.get(pod["metadata"]["namespace"])
            if b is not None and not self.api.try_get("pods", pod["metadata"]["name"], pod["metadata"]["namespace"]):
                b.pop(pod["metadata"]["name"], None)
        rs = self._resolve(pod["metadata"]["namespace"], objects.controller_of(pod))
        if rs is None:
            return
        self._observe(rs, pod["metadata"]["name"], None)
        key = key_of(rs)
        self.expectations.deletion_observed(key, key_of(pod))
        self.enqueue(key)

    def _observe(self, rs: dict, pod_name: str, pod: dict | None) -> None:
        t = self._tallies.get(rs["metadata"]["uid"])
        if t is not None:
            t.observe(pod_name, pod)

    def tally(self, rs: dict) -> Tally:
        uid = rs["metadata"]["uid"]
        t = self._tallies.get(uid)
        if t is None or not t.still_valid_for(rs):
            t = self._tallies[uid] = Tally(rs)
            for pod in self.cluster.informers.owned_by(uid, f"/registry/pods/{rs['metadata']['namespace']}/"):
                t.observe(pod["metadata"]["name"], pod)
        return t

    # -- sync ------------------------------------------------------------------
    def sync(self, key: str):
        ns, name = split_key(key)
        rs = self.api.try_get("replicasets", name, ns)
        if rs is None:
            self.expectations.delete(key)
            return None
        needs_sync = self.expectations.satisfied(key)
        tally = self.tally(rs)
        self.claim_pods(rs, tally)
        manage_err = None
        if needs_sync and not rs["metadata"].get("deletionTimestamp"):
            manage_err = self.manage_replicas(rs, tally)
        rs = self.api.try_get("replicasets", name, ns) or rs
        status = calculate_status(rs, tally, manage_err, cu.now_epoch(self.cluster))
        updated = self.update_status(rs, status)
        if manage_err is not None:
            raise manage_err
        mrs = updated["spec"].get("minReadySeconds") or 0
        st = updated.get("status") or {}
        replicas = updated["spec"].get("replicas", 1)
        if mrs > 0 and st.get("readyReplicas", 0) == replicas and st.get("availableReplicas", 0) != replicas:
            # Upstream requeues after minReadySeconds; availability needs the ready time
            # strictly before now, so one more second lands past it at second precision.
            return mrs + 1
        return None

    def claim_pods(self, rs: dict, tally: Tally) -> None:
        """ClaimPods: release owned pods that no longer match, adopt matching orphans.

        The claimed set itself is what the tally counts; this only makes the writes.
        """
        ns = rs["metadata"]["namespace"]
        deleting = bool(rs["metadata"].get("deletionTimestamp"))
        if deleting:
            return
        if tally.nonmatching:
            for pod in self.cluster.informers.owned_by(rs["metadata"]["uid"], f"/registry/pods/{ns}/"):
                if cu.is_pod_active(pod) and not tally.selector.matches(objects.labels_of(pod)):
                    self._release(rs, pod)
        orphans = self._orphans.get(ns)
        if orphans and not tally.selector.empty():
            for pname in sorted(orphans):
                pod = orphans.get(pname)
                if pod is None or not cu.is_pod_active(pod) or not tally.selector.matches(objects.labels_of(pod)):
                    continue
                self._adopt(rs, pod)

    def active_pods(self, rs: dict, tally: Tally) -> list[dict]:
        """filteredPods: the active pods this ReplicaSet owns and whose labels match."""
        ns = rs["metadata"]["namespace"]
        return [p for p in self.cluster.informers.owned_by(rs["metadata"]["uid"], f"/registry/pods/{ns}/")
                if cu.is_pod_active(p) and tally.selector.matches(objects.labels_of(p))]

    def _adopt(self, rs: dict, pod: dict) -> dict | None:
        fresh = self.api.try_get("replicasets", rs["metadata"]["name"], rs["metadata"]["namespace"])
        if fresh is None or fresh["metadata"]["uid"] != rs["metadata"]["uid"] or fresh["metadata"].get("deletionTimestamp"):
            return None
        new = objects.clone(pod)
        new["metadata"]["ownerReferences"] = cu.adopt_patch(rs, pod)
        try:
            return self.client.update("pods", new)
        except errors.StatusError as e:
            if e.code == 404:
                return None
            raise

    def _release(self, rs: dict, pod: dict) -> None:
        cu.release(self, "pods", rs["metadata"]["uid"], pod)

    def manage_replicas(self, rs: dict, tally: Tally) -> errors.StatusError | None:
        """manageReplicas: create or delete toward spec.replicas, at most burstReplicas at a time."""
        key = key_of(rs)
        diff = tally.matching - rs["spec"].get("replicas", 1)
        if diff < 0:
            diff = min(-diff, self.burst_replicas)
            self.expectations.expect_creations(key, diff)
            self.cluster.log(self.name, f'"Too few replicas" replicaSet="{key}" need={rs["spec"].get("replicas", 1)} creating={diff}')
            template = rs["spec"]["template"]
            ref = cu.controller_ref(rs)
            ok, err = cu.slow_start_batch(diff, cu.SLOW_START_INITIAL_BATCH_SIZE, self._create_one, rs, template, ref)
            # Skipped pods will never be observed: lower the expectations for them.
            for _ in range(diff - ok):
                self.expectations.creation_observed(key)
            return err
        if diff > 0:
            diff = min(diff, self.burst_replicas)
            pods = self.active_pods(rs, tally)
            related = self._related_pods(rs)
            to_delete = pods if diff >= len(pods) else cu.rank_for_deletion(pods, related, cu.now_epoch(self.cluster))[:diff]
            to_delete = to_delete[:diff]
            self.expectations.expect_deletions(key, [key_of(p) for p in to_delete])
            self.cluster.log(self.name, f'"Too many replicas" replicaSet="{key}" need={rs["spec"].get("replicas", 1)} deleting={diff}')
            first_err = None
            for pod in to_delete:
                try:
                    cu.delete_pod(self, rs, pod)
                except errors.StatusError as e:
                    self.expectations.deletion_observed(key, key_of(pod))
                    if e.code != 404 and first_err is None:
                        first_err = e
            return first_err
        return None

    def _create_one(self, rs: dict, template: dict, ref: dict) -> None:
        try:
            cu.create_pod(self, rs, cu.pod_from_template(template, rs, ref), owned=True)
        except errors.StatusError as e:
            if cu.namespace_terminating(e):
                return  # every create would fail; nothing to do (replica_set.go)
            raise

    def _related_pods(self, rs: dict) -> list[dict]:
        """getIndirectlyRelatedPods: pods of every ReplicaSet with the same controller (the Deployment's)."""
        ns = rs["metadata"]["namespace"]
        inf = self.cluster.informers
        owner = objects.controller_of(rs)
        if owner is None:
            return inf.owned_by(rs["metadata"]["uid"], f"/registry/pods/{ns}/")
        out = []
        for sibling in inf.owned_by(owner["uid"], f"/registry/replicasets/{ns}/"):
            out.extend(inf.owned_by(sibling["metadata"]["uid"], f"/registry/pods/{ns}/"))
        return out

    def update_status(self, rs: dict, status: dict) -> dict:
        """updateReplicaSetStatus: write only when something changed; records observedGeneration."""
        cur = rs.get("status") or {}
        gen = rs["metadata"].get("generation", 1)
        if _same_counts(cur, status) and cur.get("observedGeneration") == gen and (cur.get("conditions") or []) == (status.get("conditions") or []):
            return rs
        status["observedGeneration"] = gen
        # A status write reads only the name and resourceVersion of the metadata.
        return self.client.update_status("replicasets", {"metadata": rs["metadata"], "status": _omit_empty(status)},
                                         owned=True)


_COUNTS = ("replicas", "fullyLabeledReplicas", "readyReplicas", "availableReplicas")


def _same_counts(a: dict, b: dict) -> bool:
    return all(a.get(f, 0) == b.get(f, 0) for f in _COUNTS)


def _omit_empty(status: dict) -> dict:
    """ReplicaSetStatus JSON: replicas always, the other counts omitempty."""
    out = {"replicas": status.get("replicas", 0)}
    for f in ("fullyLabeledReplicas", "readyReplicas", "availableReplicas", "observedGeneration"):
        if status.get(f):
            out[f] = status[f]
    if status.get("conditions"):
        out["conditions"] = status["conditions"]
    return out


def calculate_status(rs: dict, tally: Tally, manage_err: errors.StatusError | None, now: float) -> dict:
    """replica_set_utils.go calculateStatus, read from the tally."""
    conditions = [dict(c) for c in (rs.get("status") or {}).get("conditions") or ()]
    failure = next((c for c in conditions if c.get("type") == "ReplicaFailure"), None)
    if manage_err is not None and failure is None:
        diff = tally.matching - rs["spec"].get("replicas", 1)
        reason = "FailedCreate" if diff < 0 else ("FailedDelete" if diff > 0 else "")
        conditions.append({"type": "ReplicaFailure", "status": "True", "lastTransitionTime": _timestamp(now),
                           "reason": reason, "message": manage_err.message})
    elif manage_err is None and failure is not None:
        conditions = [c for c in conditions if c.get("type") != "ReplicaFailure"]
    return {"replicas": tally.matching, "fullyLabeledReplicas": tally.fully, "readyReplicas": tally.ready,
            "availableReplicas": tally.available(now), "conditions": conditions}


def _timestamp(epoch: float) -> str:
    return timeutil.rfc3339(epoch)
