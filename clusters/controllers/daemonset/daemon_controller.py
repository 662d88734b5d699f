"""The DaemonSet controller, after kubernetes/kubernetes:pkg/controller/daemon/daemon_controller.go.

Each sync (syncDaemonSet):

1. builds the DaemonSet's history (update.construct_history) and takes the
   current revision's hash, computed once for the whole sync;
2. decides per node whether a daemon pod should run there and whether one
   already there may stay (util.node_should_run), remembering the answer per
   node until the node or the template changes, so a sync on 1,000 nodes
   does not re-test every node's taints;
3. manage: creates a pod on each node that should run one and has none
   (not even one still terminating), deletes Failed and Succeeded pods,
   extra pods, and pods on nodes they should leave; at most
   ``BURST_REPLICAS`` creates per sync, in slow-start batches;
4. RollingUpdate (once earlier creations are observed): update.rolling_update
   picks old pods by their ``controller-revision-hash``; OnDelete does nothing;
5. cleans up history beyond ``revisionHistoryLimit``;
6. writes status from the oldest pod on each node (updateDaemonSetStatus):
   ``updatedNumberScheduled`` counts nodes whose pod carries the current hash.

Orphan pods and revisions the selector matches are adopted first (ClaimPods,
ClaimControllerRevisions), from an index of orphans this controller keeps per
namespace, so that ``kubectl delete ds --cascade=orphan`` and re-creating it
takes the old pods and history back.

A Failed daemon pod is deleted (and its node given a new one) at most once
per back-off per node and DaemonSet generation: 1 s doubling to 15 min
(kube-controller-manager's failedPodsBackoff, flowcontrol.NewBackOff), because
a DaemonSet often fights a kubelet that rejects its pod. While backing off
the pod stays and the DaemonSet syncs again when the back-off ends, in
virtual time. Upstream also logs each kill at V(2) and each wait at V(4);
kind runs the controller manager at the default verbosity, so neither shows.
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import errors
from clusters.controllers import controller_utils as cu
from clusters.controllers import history
from clusters.controllers.base import Controller, key_of, split_key
from clusters.controllers.daemonset import update, util
from clusters.controllers.daemonset.daemon_pods import DaemonPods
from clusters.flowcontrol import Backoff

BURST_REPLICAS = 250  # daemon_controller.go BurstReplicas
FAILED_DAEMON_POD = "FailedDaemonPod"  # daemon_controller.go FailedDaemonPodReason
SUCCEEDED_DAEMON_POD = "SucceededDaemonPod"  # daemon_controller.go SucceededDaemonPodReason
# cmd/kube-controller-manager/app/apps.go startDaemonSetController: flowcontrol.NewBackOff(1s, 15m)
FAILED_PODS_BACKOFF_INITIAL = 1.0
FAILED_PODS_BACKOFF_MAX = 15 * 60.0
BACKOFF_GC_INTERVAL = 60.0  # daemon_controller.go BackoffGCInterval
_FINISHED = ("Failed", "Succeeded")
KIND = "DaemonSet"


# How long pod updates gather before their DaemonSet syncs (see _pod_updated).
UPDATE_COALESCE = 0.1

class DaemonSetsController(Controller):
    name = "daemonset-controller"

    def __init__(self, cluster):
        super().__init__(cluster)
        self.expectations = cu.Expectations(cluster.clock)
        self.failed_pods_backoff = Backoff(FAILED_PODS_BACKOFF_INITIAL, FAILED_PODS_BACKOFF_MAX)
        self._backoff_gc_at = 0.0
        # DaemonSet uid -> (template hash, scheduling spec,
        #                  {node: (resourceVersion, node, shouldRun, shouldContinueRunning)})
        self._fits: dict[str, tuple] = {}
        # DaemonSet uid -> ((hash, generation), {node: (pods' resourceVersions, ready, updated)}):
        # what each node counted in the last status, kept until its pods change
        self._counted: dict[str, tuple] = {}
        # DaemonSet uid -> its pods by node, kept from pod events (daemon_pods.py)
        self._daemon_pods: dict[str, DaemonPods] = {}
        # keys whose pod updates are gathering for one sync (_enqueue_owner)
        self._gathering: set[str] = set()
        self._node_dir = self.api.resource("nodes").directory()
        self._node_names: list[str] = []
        # "pods" / "controllerrevisions" -> namespace -> {name: object} with no controller, to adopt
        self._orphans: dict[str, dict[str, dict[str, dict]]] = {"pods": {}, "controllerrevisions": {}}

    def start(self) -> None:
        inf = self.cluster.informers
        inf.on("daemonsets", add=self._ds, update=self._ds_updated, delete=self._ds_deleted, group="apps")
        inf.on("pods", add=self._pod_added, update=self._pod_updated, delete=self._pod_deleted)
        inf.on("nodes", add=self._node, update=self._node_updated)
        inf.on("controllerrevisions", add=self._history_added, update=self._history_updated,
               delete=self._history_deleted, group="apps")
        for plural in self._orphans:
            for obj in self.api.list(plural):
                self._index_orphan(plural, None, obj)
        for ds in self.api.list("daemonsets"):
            self._ds(ds)

    # -- handlers ------------------------------------------------------------------
    def _ds(self, ds: dict) -> None:
        self.enqueue(key_of(ds))

    def _ds_updated(self, old: dict, ds: dict) -> None:
        self.enqueue(key_of(ds))

    def _ds_deleted(self, ds: dict) -> None:
        self.expectations.delete(key_of(ds))
        self._fits.pop(ds["metadata"]["uid"], None)
        self._counted.pop(ds["metadata"]["uid"], None)
        self.failed_pods_backoff.forget(ds["metadata"]["uid"] + "/")
        self._daemon_pods.pop(ds["metadata"]["uid"], None)

    def _node(self, node: dict) -> None:
        for ds in self.api.list("daemonsets"):
            self.enqueue(key_of(ds))

    def _node_updated(self, old: dict, node: dict) -> None:
        if (old.get("metadata") or {}).get("labels") != node["metadata"].get("labels") or \
                (old.get("spec") or {}).get("taints") != (node.get("spec") or {}).get("taints"):
            self._node(node)

    def _pod_added(self, pod: dict) -> None:
        if _other_controllers(None, pod):
            return
        self._track(None, pod)
        key = self._changed("pods", None, pod)
        if key is not None:
            self.expectations.creation_observed(key)

    def _pod_updated(self, old: dict, pod: dict) -> None:
        if _other_controllers(old, pod):
            return
        self._track(old, pod)
        if _daemon_view(old) == _daemon_view(pod):
            # updatePod enqueues on every change; one this controller reads nothing of (the
            # kubelet's container statuses, say) would make a sync see what the last one saw
            return
        # A pod that was scheduled, started or became ready changes only the DaemonSet's
        # counts: its sync comes within UPDATE_COALESCE, not at once, since on 1,000 nodes
        # each kubelet's update would cost a sync over every node, where upstream's busy
        # worker batches them in its queue. A pod that finished or is going is acted on at once.
        finished = (pod.get("status") or {}).get("phase") in _FINISHED or pod["metadata"].get("deletionTimestamp")
        self._changed("pods", old, pod, 0.0 if finished else UPDATE_COALESCE)

    def _pod_deleted(self, pod: dict) -> None:
        if _other_controllers(pod, None):
            return
        self._track(pod, None)
        self._changed("pods", pod, None)

    def _track(self, old: dict | None, new: dict | None) -> None:
        """Hand a pod write to the DaemonPods of the DaemonSet that controls it (or did)."""
        indexes = self._daemon_pods
        if not indexes:
            return
        before, after = _daemon_set_uid(old), _daemon_set_uid(new)
        if before is not None and before != after:
            index = indexes.get(before)
            if index is not None and index.namespace == old["metadata"]["namespace"]:
                index.remove(old)
        if after is not None:
            index = indexes.get(after)
            if index is not None and index.namespace == new["metadata"]["namespace"]:
                index.put(new)

    def _daemon_pods_of(self, ds: dict) -> DaemonPods:
        uid = ds["metadata"]["uid"]
        index = self._daemon_pods.get(uid)
        if index is None:
            ns = ds["metadata"]["namespace"]
            index = self._daemon_pods[uid] = DaemonPods(ns, ds["spec"].get("selector"), self.cluster.informers.owned_by(
                uid, f"/registry/pods/{ns}/"))
        return index

    def _history_added(self, rev: dict) -> None:
        self._changed("controllerrevisions", None, rev)

    def _history_updated(self, old: dict, rev: dict) -> None:
        self._changed("controllerrevisions", old, rev)

    def _history_deleted(self, rev: dict) -> None:
        self._changed("controllerrevisions", rev, None)

    def _changed(self, plural: str, old: dict | None, obj: dict | None, delay: float = 0.0) -> str | None:
        """addPod/updatePod/deletePod and addHistory/updateHistory/deleteHistory: the owning
        DaemonSet syncs again (and the one it had before, if that changed); a new or relabelled
        orphan makes the DaemonSets that select it sync, to adopt it."""
        self._index_orphan(plural, old, obj)
        if obj is None:
            return self._enqueue_owner(old)
        if old is not None and objects.controller_of(old) != objects.controller_of(obj):
            self._enqueue_owner(old, delay)
        if objects.controller_of(obj) is None:
            if old is None or objects.labels_of(old) != objects.labels_of(obj) or objects.controller_of(old):
                for ds in self._selecting(obj):
                    self.enqueue(key_of(ds))
            return None
        return self._enqueue_owner(obj, delay)

    def _index_orphan(self, plural: str, old: dict | None, obj: dict | None) -> None:
        index = self._orphans[plural]
        if old is not None and objects.controller_of(old) is None:
            bucket = index.get(old["metadata"]["namespace"])
            if bucket is not None:
                bucket.pop(old["metadata"]["name"], None)
        if obj is not None and objects.controller_of(obj) is None:
            index.setdefault(obj["metadata"]["namespace"], {})[obj["metadata"]["name"]] = obj

    def _selecting(self, obj: dict) -> list[dict]:
        """getDaemonSetsForPod / getDaemonSetsForHistory: the namespace's DaemonSets selecting it."""
        labels = objects.labels_of(obj)
        return [ds for ds in self.api.list("daemonsets", obj["metadata"]["namespace"])
                if objects.selector_from_label_selector(ds["spec"].get("selector")).matches(labels)]

    def _enqueue_owner(self, obj: dict, delay: float = 0.0) -> str | None:
        ref = objects.controller_of(obj)
        if ref is None or ref.get("kind") != KIND:
            return None
        ds = self.api.try_get("daemonsets", ref.get("name", ""), obj["metadata"]["namespace"])
        if ds is None or ds["metadata"]["uid"] != ref.get("uid"):
            return None
        key = key_of(ds)
        if not delay:
            self.enqueue(key)
        elif key not in self._gathering:
            # Its own timer, not the queue's AddAfter, which keeps only the earliest time
            # per key and would swallow a back-off's requeue.
            self._gathering.add(key)
            self.cluster.clock.schedule(delay, self._gathered, key, self.cluster.cause)
        return key

    def _gathered(self, key: str, cause) -> None:
        self._gathering.discard(key)
        self.queue.add(key, cause)

    def _adopt_orphans(self, ds: dict) -> None:
        """ClaimControllerRevisions and ClaimPods, adoption side (controller_ref_manager.go): orphans
        the selector matches, not being deleted, get this DaemonSet as their controller."""
        ns = ds["metadata"]["namespace"]
        selector = None
        for plural in ("controllerrevisions", "pods"):
            bucket = self._orphans[plural].get(ns)
            if not bucket:
                continue
            if selector is None:
                selector = objects.selector_from_label_selector(ds["spec"].get("selector"))
            for name in sorted(bucket):
                obj = bucket.get(name)
                if obj is None or obj["metadata"].get("deletionTimestamp") or \
                        not selector.matches(objects.labels_of(obj)):
                    continue
                new = objects.clone(obj)
                new["metadata"]["ownerReferences"] = cu.adopt_patch(ds, obj)
                try:
                    self.client.update(plural, new)
                except errors.StatusError as e:
                    if e.code not in (404, 409):
                        raise

    # -- sync ----------------------------------------------------------------------
    def sync(self, key: str):
        ns, name = split_key(key)
        ds = self.api.try_get("daemonsets", name, ns)
        if ds is None:
            self.expectations.delete(key)
            return None
        if ds["metadata"].get("deletionTimestamp"):
            # its revisions may already be gone, so its status cannot be trusted (syncDaemonSet)
            return None
        self._adopt_orphans(ds)
        pods = _PodView(self, ds, self._daemon_pods_of(ds))
        cur, old = update.construct_history(self, ds, pods.claimed)
        h = history.labels(cur).get(history.REVISION_HASH_LABEL, "")
        pods.revision(h, util.template_generation(ds))
        fits = self._node_fits(ds, h)
        if not self.expectations.satisfied(key):
            # only status, and observedGeneration stays: this generation was not acted on
            return self._update_status(ds, fits, pods.by_node(), h, False)
        self._manage(ds, key, fits, pods.by_node(), h)
        strategy = (ds["spec"].get("updateStrategy") or {}).get("type", "RollingUpdate")
        if strategy == "RollingUpdate" and self.expectations.satisfied(key) and pods.any_old():
            node_pods = dict(pods.by_node())
            should_run = {name for _, name, run, _ in fits if run}
            for n in should_run:
                node_pods.setdefault(n, [])
            delete, create = update.rolling_update(ds, node_pods, should_run, h, cu.now_epoch(self.cluster))
            if delete or create:
                self._sync_nodes(ds, key, delete, create, h)
        update.cleanup_history(self, ds, old, pods.claimed)
        return self._update_status(ds, fits, pods.by_node(), h, True)

    def _node_fits(self, ds: dict, h: str) -> list[tuple[int, str, bool, bool]]:
        """NodeShouldRunDaemonPod for every node, as (resourceVersion, name, shouldRun,
        shouldContinueRunning) in name order (nodeLister.List).

        The answer per node is kept until the node's resourceVersion or the
        template moves, and the sorted names until a node comes or goes, so a
        sync on 1,000 unchanged nodes neither sorts nor re-tests them.
        """
        bucket = self.cluster.store.bucket(self._node_dir)
        names = self._node_names
        if len(names) != len(bucket) or not all(n in bucket for n in names):
            names = self._node_names = sorted(bucket)
        uid = ds["metadata"]["uid"]
        cached = self._fits.get(uid)
        if cached is None or cached[0] != h:
            cached = self._fits[uid] = (h, util.scheduling_spec(ds["spec"]["template"].get("spec") or {}), {})
        _, spec, per_node = cached
        out = []
        for name in names:
            kv = bucket[name]
            e = per_node.get(name)
            if e is None or e[0] != kv.mod_revision:
                e = per_node[name] = (kv.mod_revision, name, *util.node_should_run(spec, kv.value))
            out.append(e)
        if len(per_node) > len(out):
            for name in [n for n in per_node if n not in bucket]:
                del per_node[name]
        return out

    def _manage(self, ds: dict, key: str, fits: list, node_pods: dict, h: str) -> None:
        """manage + podsShouldBeOnNode."""
        surge = _allows_surge(ds)
        mrs = ds["spec"].get("minReadySeconds") or 0
        now = cu.now_epoch(self.cluster)
        create: list[str] = []
        delete: list[dict] = []
        for _, name, run, keep in fits:
            pods = node_pods.get(name)
            if not pods:
                if run:
                    create.append(name)
                continue
            if not keep:
                delete.extend(p for p in pods if not p["metadata"].get("deletionTimestamp"))
                continue
            if len(pods) == 1 and not pods[0]["metadata"].get("deletionTimestamp") and \
                    (pods[0].get("status") or {}).get("phase") not in _FINISHED:
                continue  # the common case: one live pod, nothing to do
            running = []
            for pod in pods:
                if pod["metadata"].get("deletionTimestamp"):
                    continue
                phase = (pod.get("status") or {}).get("phase")
                if phase == "Failed":
                    if self._failed_pod_backing_off(ds, key, name):
                        continue
                    self.recorder.event(ds, "Warning", FAILED_DAEMON_POD,
                                        f"Found failed daemon pod {pod['metadata']['namespace']}/"
                                        f"{pod['metadata']['name']} on node {name}, will try to kill it")
                    delete.append(pod)
                elif phase == "Succeeded":
                    self.recorder.event(ds, "Normal", SUCCEEDED_DAEMON_POD,
                                        f"Found succeeded daemon pod {pod['metadata']['namespace']}/"
                                        f"{pod['metadata']['name']} on node {name}, will try to delete it")
                    delete.append(pod)
                else:
                    running.append(pod)
            running.sort(key=util.creation_order)
            if not surge:
                delete.extend(running[1:])  # more than one: all but the oldest go
            elif not running:
                if run:
                    create.append(name)
            else:
                delete.extend(_surge_excess(running, h, mrs, now))
        # getUnscheduledPodsWithoutNode: pods pinned to a node that no longer exists
        existing = self.cluster.store.bucket(self._node_dir)
        for name, pods in node_pods.items():
            if name not in existing:
                delete.extend(p for p in pods if not p["spec"].get("nodeName"))
        if create or delete:
            self._sync_nodes(ds, key, delete, create, h)

    def _failed_pod_backing_off(self, ds: dict, key: str, node: str) -> bool:
        """podsShouldBeOnNode, a Failed pod: whether its (DaemonSet, generation, node) is still
        backing off, in which case the DaemonSet syncs again after the whole current delay
        (enqueueDaemonSetAfter with Backoff.Get); if not, the back-off grows and the pod goes."""
        backoff = self.failed_pods_backoff
        now = self.cluster.clock.now
        if backoff.entries and now - self._backoff_gc_at >= BACKOFF_GC_INTERVAL:
            backoff.gc(now)  # Run's wait.Until(failedPodsBackoff.GC, BackoffGCInterval)
            self._backoff_gc_at = now
        # failedPodsBackoffKey
        bkey = f"{ds['metadata']['uid']}/{(ds.get('status') or {}).get('observedGeneration', 0)}/{node}"
        if backoff.in_backoff_since_update(bkey, now):
            self.enqueue_after(key, backoff.get(bkey))
            return True
        backoff.next(bkey, now)
        return False

    def _sync_nodes(self, ds: dict, key: str, delete: list[dict], create: list[str], h: str) -> None:
        """syncNodes: creates (slow start, at most BURST_REPLICAS) then deletes."""
        create = create[:BURST_REPLICAS]
        self.expectations.expect_creations(key, len(create))
        if create:
            template = util.pod_template(ds, util.template_generation(ds), h)
            ok, _ = cu.slow_start_batch(len(create), cu.SLOW_START_INITIAL_BATCH_SIZE, self._create, ds,
                                        iter(create), template)
            for _ in range(len(create) - ok):
                self.expectations.creation_observed(key)
        for pod in delete[:BURST_REPLICAS]:
            self._delete(ds, pod)

    def _create(self, ds: dict, nodes, template: dict) -> None:
        pod = cu.pod_from_template(template, ds, cu.controller_ref(ds))
        util.pin_to_node(pod["spec"], next(nodes))
        try:
            cu.create_pod(self, ds, pod)
        except errors.StatusError as e:
            if cu.namespace_terminating(e):
                return
            raise

    def _delete(self, ds: dict, pod: dict) -> None:
        try:
            cu.delete_pod(self, ds, pod)
        except errors.StatusError as e:
            if e.code != 404:
                raise

    def _release(self, ds: dict, pod: dict) -> None:
        cu.release(self, "pods", ds["metadata"]["uid"], pod)

    def _update_status(self, ds: dict, fits: list, node_pods: dict, h: str, observed: bool):
        """updateDaemonSetStatus: each node counts once, by its oldest pod."""
        mrs = ds["spec"].get("minReadySeconds") or 0
        now = cu.now_epoch(self.cluster)
        generation = util.template_generation(ds)
        desired = current = misscheduled = ready = available = updated = 0
        # A node's ready and updated counts depend only on its pods (stored objects change
        # resourceVersion whenever they change) and the revision: a sync on 1,000 nodes
        # whose pods did not move re-reads none of them. Availability with minReadySeconds
        # also depends on the clock, so it is always worked out.
        uid = ds["metadata"]["uid"]
        memo = self._counted.get(uid)
        if memo is None or memo[0] != (h, generation):
            memo = self._counted[uid] = ((h, generation), {})
        counted = memo[1]
        for _, name, run, _ in fits:
            pods = node_pods.get(name)
            if not run:
                misscheduled += bool(pods)
                continue
            desired += 1
            if not pods:
                continue
            current += 1
            versions = pods[0]["metadata"].get("resourceVersion") if len(pods) == 1 else \
                tuple(p["metadata"].get("resourceVersion") for p in pods)
            hit = counted.get(name)
            if hit is None or hit[0] != versions:
                pod = min(pods, key=util.creation_order) if len(pods) > 1 else pods[0]
                cond = cu.ready_condition(pod)
                labels = pod["metadata"].get("labels") or {}
                hit = counted[name] = (versions, cond is not None and cond.get("status") == "True", (
                    # IsPodUpdated
                    labels.get(history.REVISION_HASH_LABEL) == h or
                    generation is not None and labels.get(util.TEMPLATE_GENERATION_LABEL) == generation), pod)
            if hit[1]:
                ready += 1
                available += not mrs or cu.is_pod_available(hit[3], mrs, now)
            updated += hit[2]
        if len(counted) > len(fits):
            live = {name for _, name, _, _ in fits}
            for name in [n for n in counted if n not in live]:
                del counted[name]
        fresh = self.api.try_get("daemonsets", ds["metadata"]["name"], ds["metadata"]["namespace"])
        if fresh is None or fresh["metadata"]["uid"] != ds["metadata"]["uid"]:
            return None
        old = fresh.get("status") or {}
        st = dict(old)  # collisionCount and conditions stay as they are
        st.update(currentNumberScheduled=current, numberMisscheduled=misscheduled, desiredNumberScheduled=desired,
                  numberReady=ready, updatedNumberScheduled=updated, numberAvailable=available,
                  numberUnavailable=desired - available)
        if observed:
            st["observedGeneration"] = ds["metadata"].get("generation", 1)
        # DaemonSetStatus JSON: these four are omitempty
        for k in ("observedGeneration", "updatedNumberScheduled", "numberAvailable", "numberUnavailable"):
            if not st.get(k):
                st.pop(k, None)
        if st != old:
            new = objects.clone(fresh)
            new["status"] = st
            self.client.update_status("daemonsets", new)
        if mrs and ready != available:
            return mrs + 1  # availability needs the ready time strictly before now
        return None


class _PodView:
    """getDaemonPods (``claimed``), getNodesToDaemonPods (``by_node``) and whether any live pod
    is not at the current revision (``any_old``) for one sync, from the DaemonSet's DaemonPods,
    refreshed with whatever was written since it last answered (the sync's own writes too)."""

    def __init__(self, controller: DaemonSetsController, ds: dict, index: DaemonPods):
        self._controller = controller
        self._ds = ds
        self._index = index
        self._revision: tuple | None = None

    def revision(self, h: str, generation: str | None) -> None:
        self._revision = (h, generation)

    def _read(self) -> DaemonPods:
        index = self._index
        if index.dirty or index.to_release or (self._revision is not None and self._revision != index.revision_key):
            index.refresh(self._controller, self._ds, self._revision)
        return index

    def claimed(self) -> list[dict]:
        return list(self._read().claimed.values())

    def by_node(self) -> dict[str, list[dict]]:
        return self._read().by_node

    def any_old(self) -> bool:
        return bool(self._read().old)


def _daemon_set_uid(pod: dict | None) -> str | None:
    ref = objects.controller_of(pod) if pod is not None else None
    return ref.get("uid") if ref is not None and ref.get("kind") == KIND else None


def _other_controllers(old: dict | None, new: dict | None) -> bool:
    """Whether a pod event only concerns another kind of controller's pod (a ReplicaSet's,
    say): no DaemonSet owns it or adopts it, before or after. Most of a big cluster's pod
    events stop here."""
    for pod in (old, new):
        if pod is not None:
            ref = objects.controller_of(pod)
            if ref is None or ref.get("kind") == KIND:
                return False
    return True


def _daemon_view(pod: dict) -> tuple:
    """What a sync reads of a pod: labels, owner, deletion, node, phase and Ready condition."""
    m, st = pod["metadata"], pod.get("status") or {}
    return (m.get("labels"), m.get("ownerReferences"), m.get("deletionTimestamp"), pod["spec"].get("nodeName"),
            st.get("phase"), cu.ready_condition(pod))


def _allows_surge(ds: dict) -> bool:
    """util.AllowsSurge: a RollingUpdate whose maxSurge is not 0."""
    strategy = ds["spec"].get("updateStrategy") or {}
    if strategy.get("type", "RollingUpdate") != "RollingUpdate":
        return False
    surge, _ = update.surge_and_unavailable(ds, 1)
    return surge != 0


def _surge_excess(running: list[dict], h: str, mrs: int, now: float) -> list[dict]:
    """podsShouldBeOnNode with surge: keep the oldest new and the oldest old pod, and the old one
    only while it is ready and the new one not yet available."""
    oldest_new = oldest_old = None
    excess = []
    for pod in running:  # oldest first
        if objects.labels_of(pod).get(history.REVISION_HASH_LABEL) == h:
            if oldest_new is None:
                oldest_new = pod
                continue
        elif oldest_old is None:
            oldest_old = pod
            continue
        excess.append(pod)
    if oldest_new is not None and oldest_old is not None and (
            not cu.is_pod_ready(oldest_old) or cu.is_pod_available(oldest_new, mrs, now)):
        excess.append(oldest_old)
    return excess
