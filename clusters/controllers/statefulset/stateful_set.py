"""The StatefulSet controller, after kubernetes/kubernetes:pkg/controller/statefulset/stateful_set.go and
stateful_set_control.go (updateStatefulSet).

Each sync:

1. reads the set's pods from the controller-owner index (only ``<set>-<n>``
   names count) and its ControllerRevisions; makes the update revision for
   the current template (a new ControllerRevision, or an older equal one
   bumped for a rollback) and keeps ``status.currentRevision`` as current;
2. splits pods into replicas (ordinals ``start … start+replicas-1``) and
   condemned (the rest, highest ordinal first);
3. walks the replicas in ordinal order: deletes Failed/Succeeded pods (they
   come back next sync), creates missing ones (claims first; below the
   partition at the current revision, else at the update revision). With
   ``podManagementPolicy: OrderedReady`` (monotonic) it stops at the first
   creation, and at the first pod that is terminating or not yet Running
   and Ready (and available for minReadySeconds); ``Parallel`` goes on;
4. deletes condemned pods, one at a time from the highest ordinal in
   OrderedReady, only once every other pod is healthy;
5. RollingUpdate: deletes the highest-ordinal pod at or above
   ``partition`` that is not at the update revision, one at a time, waiting
   for each replacement to be healthy; OnDelete does nothing;
6. writes status (replicas, readyReplicas, currentReplicas,
   updatedReplicas, availableReplicas, currentRevision, updateRevision,
   collisionCount, observedGeneration; currentRevision becomes the update
   revision once every pod is updated and ready) and prunes revisions
   beyond ``revisionHistoryLimit``.

Orphaned pods that match the selector and are members of the set are
adopted first (ClaimPods). Not modelled: repairing a pod's identity labels,
PVC deletion (persistentVolumeClaimRetentionPolicy Delete), maxUnavailable
(alpha). Claims stay Pending unless something binds them; the scheduler and
kubelet here run pods without waiting for their claims.
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import errors
from clusters.controllers import controller_utils as cu
from clusters.controllers import history
from clusters.controllers.base import Controller, key_of, split_key
from clusters.controllers.statefulset import stateful_pod_control as spc

KIND = "StatefulSet"


def _running_and_ready(pod: dict) -> bool:
    return (pod.get("status") or {}).get("phase") == "Running" and cu.is_pod_ready(pod)


def _available(pod: dict, mrs: int, now: float) -> bool:
    return _running_and_ready(pod) and cu.is_pod_available(pod, mrs, now)


def _terminating(pod: dict) -> bool:
    return bool(pod["metadata"].get("deletionTimestamp"))


def _healthy(pod: dict) -> bool:
    return _running_and_ready(pod) and not _terminating(pod)


def _finished(pod: dict) -> bool:
    return (pod.get("status") or {}).get("phase") in ("Failed", "Succeeded")


def new_revision(sts: dict, number: int, collision_count: int) -> dict:
    """newRevision (stateful_set_utils.go): the template patch, named and labelled by its hash."""
    data = history.template_patch(sts)
    h = history.data_hash(data, collision_count or None)
    labels = (sts["spec"]["template"].get("metadata") or {}).get("labels") or {}
    return history.new_revision(sts, history.name_for(sts["metadata"]["name"], h), labels,
                                (history.HASH_LABEL, h), data, number)


class StatefulSetController(Controller):
    name = "statefulset-controller"

    def start(self) -> None:
        inf = self.cluster.informers
        inf.on("statefulsets", add=self._sts, update=self._sts_updated, delete=self._sts, group="apps")
        inf.on("pods", add=self._pod, update=self._pod_updated, delete=self._pod)
        for sts in self.api.list("statefulsets"):
            self.enqueue(key_of(sts))

    # -- handlers ------------------------------------------------------------------
    def _sts(self, sts: dict) -> None:
        self.enqueue(key_of(sts))

    def _sts_updated(self, old: dict, sts: dict) -> None:
        self.enqueue(key_of(sts))

    def _pod_updated(self, old: dict, pod: dict) -> None:
        self._pod(pod)

    def _pod(self, pod: dict) -> None:
        ref = objects.controller_of(pod)
        if ref is None:
            # addPod/updatePod: an orphan wakes every set that could adopt it (getStatefulSetsForPod).
            if not pod["metadata"].get("deletionTimestamp"):
                for sts in self._selecting(pod):
                    self.enqueue(key_of(sts))
            return
        if ref.get("kind") != KIND:
            return
        sts = self.api.try_get("statefulsets", ref.get("name", ""), pod["metadata"]["namespace"])
        if sts is not None and sts["metadata"]["uid"] == ref.get("uid"):
            self.enqueue(key_of(sts))

    def _selecting(self, pod: dict) -> list[dict]:
        labels = objects.labels_of(pod)
        out = []
        for sts in self.api.list("statefulsets", pod["metadata"]["namespace"]):
            sel = objects.selector_from_label_selector(sts["spec"].get("selector"))
            if not sel.empty() and sel.matches(labels) and spc.is_member_of(sts, pod):
                out.append(sts)
        return out

    def _now(self) -> float:
        return cu.now_epoch(self.cluster)

    def _claim_pods(self, sts: dict) -> None:
        """getPodsForStatefulSet's ClaimPods (controller_ref_manager.go): adopt orphans that match the
        selector and are members of the set (``<set>-<ordinal>``), release owned pods that no longer do."""
        if sts["metadata"].get("deletionTimestamp"):
            return
        ns = sts["metadata"]["namespace"]
        uid = sts["metadata"]["uid"]
        sel = objects.selector_from_label_selector(sts["spec"].get("selector"))
        if sel.empty():
            return

        def match(pod: dict) -> bool:
            return sel.matches(objects.labels_of(pod)) and spc.is_member_of(sts, pod)

        for pod in self.cluster.informers.owned_by(uid, f"/registry/pods/{ns}/"):
            if not pod["metadata"].get("deletionTimestamp") and not match(pod):
                cu.release(self, "pods", uid, pod)
        # Only pods named <set>-… can be members: look at those, in name order, not every pod.
        bucket = self.cluster.store.bucket(f"/registry/pods/{ns}/")
        prefix = sts["metadata"]["name"] + "-"
        for pname in sorted(n for n in bucket if n.startswith(prefix)):
            pod = bucket[pname].value
            if objects.controller_of(pod) is None and not pod["metadata"].get("deletionTimestamp") and match(pod):
                fresh = self.api.try_get("statefulsets", sts["metadata"]["name"], ns)  # canAdoptFunc: recheck
                if fresh is None or fresh["metadata"]["uid"] != uid or fresh["metadata"].get("deletionTimestamp"):
                    return
                new = objects.clone(pod)
                new["metadata"]["ownerReferences"] = cu.adopt_patch(sts, pod)
                try:
                    self.client.update("pods", new)
                except errors.StatusError as e:
                    if e.code != 404:
                        raise

    # -- sync ----------------------------------------------------------------------
    def sync(self, key: str):
        ns, name = split_key(key)
        sts = self.api.try_get("statefulsets", name, ns)
        if sts is None:
            return None
        inf = self.cluster.informers
        self._claim_pods(sts)
        revisions = history.sort_revisions(history.controlled(inf, sts))
        current, update, collision = self._revisions(sts, revisions)
        self._update(sts, current, update)
        pods = self._pods(sts)
        status = self._status(sts, pods, current, update, collision)
        self._write_status(sts, status)
        revisions = history.sort_revisions(history.controlled(inf, sts))
        self._truncate_history(sts, pods, revisions, status)
        mrs = sts["spec"].get("minReadySeconds") or 0
        if mrs > 0 and status.get("readyReplicas", 0) != status.get("availableReplicas", 0):
            return mrs + 1  # availability needs the ready time strictly before now
        return None

    def _pods(self, sts: dict) -> list[dict]:
        ns = sts["metadata"]["namespace"]
        return [p for p in self.cluster.informers.owned_by(sts["metadata"]["uid"], f"/registry/pods/{ns}/")
                if spc.is_member_of(sts, p)]

    def _revisions(self, sts: dict, revisions: list[dict]):
        """getStatefulSetRevisions."""
        collision = (sts.get("status") or {}).get("collisionCount") or 0
        nxt = (revisions[-1].get("revision", 0) + 1) if revisions else 1
        update = new_revision(sts, nxt, collision)
        equal = [r for r in revisions if history.equal(r, update)]
        if equal and history.equal(revisions[-1], equal[-1]):
            update = revisions[-1]
        elif equal:
            update = history.renumber(self, equal[-1], nxt)
        else:
            data = update["data"]
            update, collision = history.create_with_collisions(
                self, sts, update, collision, lambda c: history.data_hash(data, c or None))
        cur_name = (sts.get("status") or {}).get("currentRevision")
        current = next((r for r in revisions if r["metadata"]["name"] == cur_name), None) or update
        return current, update, collision

    def _update(self, sts: dict, current: dict, update: dict) -> None:
        """updateStatefulSet: replicas in order, then condemned, then the rolling update."""
        if sts["metadata"].get("deletionTimestamp"):
            return
        spec = sts["spec"]
        start, end = spc.start_ordinal(sts), spc.end_ordinal(sts)
        replicas: dict[int, dict | None] = {n: None for n in range(start, end + 1)}
        condemned = []
        for pod in self._pods(sts):
            n = spc.ordinal(pod)
            if start <= n <= end:
                replicas[n] = pod
            elif n >= 0:
                condemned.append(pod)
        condemned.sort(key=spc.ordinal, reverse=True)
        monotonic = spec.get("podManagementPolicy", "OrderedReady") != "Parallel"
        mrs = spec.get("minReadySeconds") or 0
        now = self._now()
        strategy = spec.get("updateStrategy") or {}
        rolling = strategy.get("type", "RollingUpdate") == "RollingUpdate"
        partition = ((strategy.get("rollingUpdate") or {}).get("partition")) or 0
        current_tmpl, update_tmpl = history.template_of(current), history.template_of(update)

        first_unhealthy = None
        for n in sorted(replicas):
            p = replicas[n]
            if p is None or not _healthy(p):
                first_unhealthy = first_unhealthy or (p or n)
        if first_unhealthy is None:
            for p in reversed(condemned):
                if not _healthy(p):
                    first_unhealthy = p
                    break

        # processReplica, in ordinal order
        for n in sorted(replicas):
            pod = replicas[n]
            if pod is not None and _finished(pod):
                if not _terminating(pod):
                    spc.delete_pod(self, sts, pod)
                if monotonic:
                    return
                continue
            if pod is None:
                # newVersionedStatefulSetPod: below the partition, the current revision
                if rolling and n < start + partition:
                    new = spc.new_pod(sts, current_tmpl, n, current["metadata"]["name"])
                else:
                    new = spc.new_pod(sts, update_tmpl, n, update["metadata"]["name"])
                spc.create_pod(self, sts, new)
                if monotonic:
                    return
                continue
            if (pod.get("status") or {}).get("phase") == "Pending":
                spc.create_claims(self, sts, pod["metadata"]["name"], n)
            if _terminating(pod) and monotonic:
                return
            if not _available(pod, mrs, now) and monotonic:
                return

        # processCondemned, highest ordinal first
        for pod in condemned:
            if _terminating(pod):
                if monotonic:
                    return
                continue
            if monotonic and pod is not first_unhealthy and not _available(pod, mrs, now):
                return
            spc.delete_pod(self, sts, pod)
            if monotonic:
                return

        if not rolling:
            return  # OnDelete: pods change when someone deletes them
        # the highest ordinal at or above the partition not at the update revision goes first
        upd_name = update["metadata"]["name"]
        for n in sorted(replicas, reverse=True):
            if n < start + partition:
                break
            pod = replicas[n]
            if pod is None:
                return
            if spc.pod_revision(pod) != upd_name and not _terminating(pod):
                spc.delete_pod(self, sts, pod)
                return
            if not _healthy(pod):
                return

    def _status(self, sts: dict, pods: list[dict], current: dict, update: dict, collision: int) -> dict:
        """computeReplicaStatus + completeRollingUpdate."""
        mrs = sts["spec"].get("minReadySeconds") or 0
        now = self._now()
        cur_name, upd_name = current["metadata"]["name"], update["metadata"]["name"]
        replicas = ready = available = cur = upd = 0
        for p in pods:
            replicas += 1
            if _running_and_ready(p):
                ready += 1
                if _available(p, mrs, now):
                    available += 1
            if not _terminating(p):
                rev = spc.pod_revision(p)
                cur += rev == cur_name
                upd += rev == upd_name
        st = {"replicas": replicas, "readyReplicas": ready, "currentReplicas": cur, "updatedReplicas": upd,
              "currentRevision": cur_name, "updateRevision": upd_name, "collisionCount": collision,
              "availableReplicas": available, "observedGeneration": sts["metadata"].get("generation", 1)}
        strategy = sts["spec"].get("updateStrategy") or {}
        if strategy.get("type", "RollingUpdate") == "RollingUpdate" and upd == replicas and ready == replicas:
            st["currentReplicas"] = upd
            st["currentRevision"] = upd_name
        # StatefulSetStatus JSON: readyReplicas, currentReplicas, updatedReplicas omitempty
        for k in ("readyReplicas", "currentReplicas", "updatedReplicas"):
            if not st[k]:
                del st[k]
        return st

    def _write_status(self, sts: dict, status: dict) -> None:
        fresh = self.api.try_get("statefulsets", sts["metadata"]["name"], sts["metadata"]["namespace"])
        if fresh is None or fresh["metadata"]["uid"] != sts["metadata"]["uid"]:
            return
        old = fresh.get("status") or {}
        if old.get("conditions"):
            status["conditions"] = old["conditions"]
        if old == status:
            return
        new = objects.clone(fresh)
        new["status"] = status
        self.client.update_status("statefulsets", new)

    def _truncate_history(self, sts: dict, pods: list[dict], revisions: list[dict], status: dict) -> None:
        """truncateHistory: keep revisionHistoryLimit revisions that no pod or status refers to."""
        live = {status.get("currentRevision"), status.get("updateRevision")} | {spc.pod_revision(p) for p in pods}
        old = [r for r in revisions if r["metadata"]["name"] not in live]
        limit = sts["spec"].get("revisionHistoryLimit", 10)
        for r in old[:max(0, len(old) - limit)]:
            history.delete(self, r)
