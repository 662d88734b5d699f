"""The Job controller, after kubernetes/kubernetes:pkg/controller/job/job_controller.go (1.32).

Pods are created with the ``batch.kubernetes.io/job-tracking`` finalizer; a
finished pod is counted into ``.status.succeeded`` / ``.status.failed`` (for
Indexed Jobs ``.status.completedIndexes`` and, with backoffLimitPerIndex,
``.status.failedIndexes``) when the controller takes the finalizer off, so a
pod deleted before it was seen finished is still counted once. Pods whose Job
is gone lose the finalizer as orphans (syncOrphanPod).

Finishing is two steps, as in 1.32 where JobPodReplacementPolicy and
JobManagedBy are on (delayTerminalCondition): the Job first gets the interim
``FailureTarget`` (reasons PodFailurePolicy, BackoffLimitExceeded,
DeadlineExceeded, MaxFailedIndexesExceeded, FailedIndexes) or
``SuccessCriteriaMet`` condition (reason SuccessPolicy when an Indexed Job's
successPolicy matched, success_policy.py) and its active pods are deleted; ``Failed`` or
``Complete`` (and the Warning event of that reason, or Normal Completed "Job
completed") follow once none of its pods is terminating.
"""
from __future__ import annotations

from clusters import objects, timeutil
from clusters.apiserver import errors
from clusters.controllers import controller_utils as cu
from clusters.controllers.base import Controller, key_of, split_key
from clusters.controllers.job import backoff_utils as backoff
from clusters.controllers.job import indexed_job_utils as ix
from clusters.controllers.job import pod_failure_policy, success_policy

TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking"
MAX_POD_CREATE_DELETE_PER_SYNC = 500
ORPHAN = "orphan-pod:"  # keys of the orphan queue (orphanQueue), kept in the one work queue


def _cond(job: dict, type_: str) -> dict | None:
    for c in (job.get("status") or {}).get("conditions") or ():
        if c.get("type") == type_ and c.get("status") == "True":
            return c
    return None


def finished(job: dict) -> bool:
    return _cond(job, "Complete") is not None or _cond(job, "Failed") is not None


def _tracked(pod: dict) -> bool:
    return TRACKING_FINALIZER in (pod["metadata"].get("finalizers") or ())


def _phase(pod: dict) -> str | None:
    return (pod.get("status") or {}).get("phase")


def _only_replace_failed(job: dict) -> bool:
    spec = job["spec"]
    return spec.get("podReplacementPolicy") == "Failed" or spec.get("podFailurePolicy") is not None


def is_pod_failed(pod: dict, job: dict) -> bool:
    """isPodFailed: Failed, or (unless only failed pods are replaced) being deleted and not Succeeded."""
    if _phase(pod) == "Failed":
        return True
    if _only_replace_failed(job):
        return False
    return bool(pod["metadata"].get("deletionTimestamp")) and _phase(pod) != "Succeeded"


def _terminating(pod: dict) -> bool:
    return bool(pod["metadata"].get("deletionTimestamp")) and _phase(pod) not in ("Succeeded", "Failed")


class _Ctx:
    """syncJobCtx: what one sync learns about a Job and its pods."""

    def __init__(self, job: dict, pods: list[dict]):
        self.job = job
        self.pods = pods
        self.active = [p for p in pods if cu.is_pod_active(p)]
        self.ready = sum(1 for p in self.active if cu.is_pod_ready(p))
        self.terminating = sum(1 for p in pods if _terminating(p))
        self.succeeded = 0
        self.finished: dict | None = None
        self.prev_succeeded: list = []
        self.succeeded_indexes: list = []
        self.failed_indexes: list | None = None
        self.delayed: dict[int, dict] = {}


class JobController(Controller):
    name = "job-controller"

    def __init__(self, cluster):
        super().__init__(cluster)
        self.expectations = cu.Expectations(cluster.clock)
        # job key -> (failures after the last success, time of the last failure): backoffStore
        self._backoff: dict[str, tuple] = {}

    def start(self) -> None:
        inf = self.cluster.informers
        inf.on("jobs", add=self._job, update=self._job_updated, delete=self._job_deleted, group="batch")
        inf.on("pods", add=self._pod_added, update=self._pod_updated, delete=self._pod)
        for job in self.api.list("jobs"):
            self._job(job)

    def _job(self, job: dict) -> None:
        self.enqueue(key_of(job))

    def _job_updated(self, old: dict, job: dict) -> None:
        self.enqueue(key_of(job))
        if finished(job):
            self._cleanup_pod_finalizers(job)  # a backup: finishing already freed them

    def _job_deleted(self, job: dict) -> None:
        key = key_of(job)
        self.expectations.delete(key)
        self._backoff.pop(key, None)
        self._cleanup_pod_finalizers(job)

    def _cleanup_pod_finalizers(self, job: dict) -> None:
        """cleanupPodFinalizers: the pods of a deleted (or finished) Job go to the orphan queue."""
        uid = job["metadata"]["uid"]
        for pod in self.cluster.informers.owned_by(uid, f"/registry/pods/{job['metadata'].get('namespace')}/"):
            if _tracked(pod):
                self.enqueue(ORPHAN + key_of(pod))

    def _pod_updated(self, old: dict, pod: dict) -> None:
        self._pod(pod)

    def _pod_added(self, pod: dict) -> None:
        key = self._pod(pod)
        if key is not None:
            self.expectations.creation_observed(key)

    def _pod(self, pod: dict) -> str | None:
        ref = objects.controller_of(pod)
        if ref is None or ref.get("kind") != "Job":
            return None
        job = self.api.try_get("jobs", ref.get("name", ""), pod["metadata"]["namespace"])
        if job is not None and job["metadata"]["uid"] == ref.get("uid"):
            key = key_of(job)
            self.enqueue(key)
            return key
        if _tracked(pod):
            self.enqueue(ORPHAN + key_of(pod))
        return None

    def _sync_orphan_pod(self, key: str) -> None:
        """syncOrphanPod: take the tracking finalizer off a pod whose Job is gone or finished."""
        ns, name = split_key(key)
        pod = self.api.try_get("pods", name, ns)
        if pod is None or not _tracked(pod):
            return
        ref = objects.controller_of(pod)
        if ref is not None and ref.get("kind") == "Job":
            job = self.api.try_get("jobs", ref.get("name", ""), ns)
            if job is not None and job["metadata"]["uid"] == ref.get("uid") and not finished(job):
                return  # still its Job's to count
        self._remove_finalizer(pod)

    def _now(self) -> float:
        return cu.now_epoch(self.cluster)

    def _condition(self, type_: str, reason: str = "", message: str = "") -> dict:
        now = self.api.timestamp()
        c = {"type": type_, "status": "True", "lastProbeTime": now, "lastTransitionTime": now}
        if reason:
            c["reason"] = reason
        if message:
            c["message"] = message
        return c

    def sync(self, key: str):
        if key.startswith(ORPHAN):
            return self._sync_orphan_pod(key[len(ORPHAN):])
        ns, name = split_key(key)
        job = self.api.try_get("jobs", name, ns)
        if job is None or finished(job):
            self._backoff.pop(key, None)
            return None
        job = objects.clone(job)
        spec = job["spec"]
        st = job.setdefault("status", {})
        st.setdefault("uncountedTerminatedPods", {})
        satisfied = self.expectations.satisfied(key)
        pods = self.cluster.informers.owned_by(job["metadata"]["uid"], f"/registry/pods/{ns}/")
        ctx = _Ctx(job, pods)
        indexed = ix.is_indexed(job)
        completions = spec.get("completions")
        policy = spec.get("podFailurePolicy")

        def valid(p: dict) -> bool:
            return _tracked(p) and (not indexed or ix.valid_index(p, completions) != ix.UNKNOWN)
        new_succeeded = [p for p in pods if valid(p) and _phase(p) == "Succeeded"]
        new_failed = [p for p in pods if valid(p) and is_pod_failed(p, job)]
        ctx.succeeded = st.get("succeeded", 0) + len(new_succeeded)
        failed = st.get("failed", 0) + sum(1 for p in new_failed if pod_failure_policy.match(policy, p)[1])
        if "startTime" not in st and not spec.get("suspend"):
            st["startTime"] = self.api.timestamp()
        record = backoff.new_record(self._backoff.get(key), new_succeeded, new_failed)
        requeue = None

        ctx.finished = _cond(job, "SuccessCriteriaMet")
        if ctx.finished is None:
            target = _cond(job, "FailureTarget")
            if target is not None:
                ctx.finished = self._condition("Failed", target.get("reason", ""), target.get("message", ""))
            else:
                message = self._fail_job_message(job, pods)
                if message is not None:
                    ctx.finished = self._condition("FailureTarget", "PodFailurePolicy", message)
        if ctx.finished is None:
            if failed > spec.get("backoffLimit", 6) or self._past_backoff_limit_on_failure(job, pods):
                ctx.finished = self._condition("FailureTarget", "BackoffLimitExceeded",
                                               "Job has reached the specified backoff limit")
            elif spec.get("activeDeadlineSeconds") is not None and st.get("startTime") and not spec.get("suspend"):
                left = timeutil.parse_rfc3339(st["startTime"]) + spec["activeDeadlineSeconds"] - self._now()
                if left <= 0:
                    ctx.finished = self._condition("FailureTarget", "DeadlineExceeded",
                                                   "Job was active longer than specified deadline")
                else:
                    requeue = left
        if indexed:
            ctx.prev_succeeded = ix.parse(st.get("completedIndexes"), completions)
            ctx.succeeded_indexes = ix.with_indexes(ctx.prev_succeeded, sorted({
                ix.valid_index(p, completions) for p in new_succeeded}))
            ctx.succeeded = ix.total(ctx.succeeded_indexes)
            if ix.has_backoff_limit_per_index(job):
                ctx.failed_indexes = self._failed_indexes(job, pods)
                nfailed = ix.total(ctx.failed_indexes)
                if ctx.finished is None:
                    if spec.get("maxFailedIndexes") is not None and nfailed > spec["maxFailedIndexes"]:
                        ctx.finished = self._condition("FailureTarget", "MaxFailedIndexesExceeded",
                                                       "Job has exceeded the specified maximal number of failed indexes")
                    elif nfailed > 0 and nfailed + ctx.succeeded >= completions:
                        ctx.finished = self._condition("FailureTarget", "FailedIndexes", "Job has failed indexes")
                ctx.delayed = self._delayed_deletion_per_index(ctx)
            if ctx.finished is None:  # a failure decided above wins over the success policy
                message = success_policy.match(spec.get("successPolicy"), completions, ctx.succeeded_indexes)
                if message is not None:
                    ctx.finished = self._condition("SuccessCriteriaMet", "SuccessPolicy", message)

        active = len(ctx.active)
        if ctx.finished is not None:
            deleted, deleted_ready = self._delete_all(job, ctx.active)
            if deleted != active or not satisfied:
                ctx.finished = None  # wait for pods still to come into the cache
            active -= deleted
            ctx.terminating += deleted
            ctx.ready -= deleted_ready
        else:
            if satisfied and not job["metadata"].get("deletionTimestamp"):
                active, wait = self._manage(key, job, ctx, record)
                if wait:
                    requeue = wait if requeue is None else min(requeue, wait)
            if completions is None:
                complete = ctx.succeeded > 0 and active == 0
            else:
                complete = ctx.succeeded >= completions and active == 0
            if complete:
                ctx.finished = self._condition("SuccessCriteriaMet")
        st["active"] = active
        st["ready"] = ctx.ready
        st["terminating"] = ctx.terminating
        self._track_and_write(key, ctx, record)
        return requeue

    # -- the failure checks -----------------------------------------------------------------------
    def _fail_job_message(self, job: dict, pods: list[dict]) -> str | None:
        """getFailJobMessage: the first failed pod that matches a FailJob rule."""
        policy = job["spec"].get("podFailurePolicy")
        if not policy:
            return None
        for p in pods:
            if is_pod_failed(p, job):
                message = pod_failure_policy.match(policy, p)[0]
                if message is not None:
                    return message
        return None

    @staticmethod
    def _past_backoff_limit_on_failure(job: dict, pods: list[dict]) -> bool:
        """pastBackoffLimitOnFailure: container restarts of running pods under restartPolicy OnFailure."""
        if (job["spec"].get("template") or {}).get("spec", {}).get("restartPolicy") != "OnFailure":
            return False
        restarts = 0
        for p in pods:
            if _phase(p) in ("Running", "Pending"):
                st = p.get("status") or {}
                for cs in list(st.get("initContainerStatuses") or ()) + list(st.get("containerStatuses") or ()):
                    restarts += cs.get("restartCount", 0)
        limit = job["spec"].get("backoffLimit", 6)
        return restarts > 0 if limit == 0 else restarts >= limit

    def _is_index_failed(self, job: dict, pod: dict) -> bool:
        """isIndexFailed: a FailIndex match, or a counted failure with the index's retries used up."""
        if not is_pod_failed(pod, job):
            return False
        counts = True
        policy = job["spec"].get("podFailurePolicy")
        if policy:
            _, counts, action = pod_failure_policy.match(policy, pod)
            if action == "FailIndex":
                return True
        return counts and ix.failure_counts(pod)[0] >= job["spec"]["backoffLimitPerIndex"]

    def _failed_indexes(self, job: dict, pods: list[dict]) -> list:
        completions = job["spec"]["completions"]
        prev = ix.parse(job["status"].get("failedIndexes"), completions)
        new = sorted({ix.valid_index(p, completions) for p in pods
                      if _tracked(p) and ix.valid_index(p, completions) != ix.UNKNOWN and self._is_index_failed(job, p)})
        return ix.with_indexes(prev, new)

    def _delayed_deletion_per_index(self, ctx: _Ctx) -> dict[int, dict]:
        """getPodsWithDelayedDeletionPerIndex: an index's last failed pod keeps its finalizer until a
        replacement carries its failure count on."""
        job, completions = ctx.job, ctx.job["spec"]["completions"]
        active = {ix.completion_index(p) for p in ctx.active}
        delayed: dict[int, dict] = {}
        for p in ctx.pods:
            if not _tracked(p) or not is_pod_failed(p, job):
                continue
            i = ix.valid_index(p, completions)
            if i == ix.UNKNOWN or ix.has(ctx.succeeded_indexes, i) or ix.has(ctx.failed_indexes, i) or i in active:
                continue
            last = delayed.get(i)
            if last is None or (sum(ix.failure_counts(last)) <= sum(ix.failure_counts(p))
                                and backoff.finished_time(p) >= backoff.finished_time(last)):
                delayed[i] = p
        return delayed

    # -- manageJob --------------------------------------------------------------------------------
    def _manage(self, key: str, job: dict, ctx: _Ctx, record: tuple) -> tuple[int, float | None]:
        """manageJob: the number of active pods after this sync, and how long a back-off holds it."""
        spec = job["spec"]
        active = len(ctx.active)
        if spec.get("suspend"):
            removed, removed_ready = self._delete_all(job, ctx.active)
            ctx.terminating += removed
            ctx.ready -= removed_ready
            return active - removed, None
        parallelism = spec.get("parallelism", 1)
        completions = spec.get("completions")
        if completions is None:
            want = active if ctx.succeeded > 0 else parallelism
        else:
            want = max(0, min(completions - ctx.succeeded, parallelism))
        to_delete = self._for_removal(job, ctx.active, max(0, active - want))[:MAX_POD_CREATE_DELETE_PER_SYNC]
        if to_delete:
            removed, removed_ready = self._delete_all(job, to_delete)
            ctx.terminating += removed
            ctx.ready -= removed_ready
            return active - removed, None
        terminating = ctx.terminating if _only_replace_failed(job) else 0
        diff = want - terminating - active
        if diff <= 0:
            return active, None
        now = self._now()
        if not ix.has_backoff_limit_per_index(job):
            wait = backoff.remaining(now, *record)
            if wait > 0:
                return active, wait
        diff = min(diff, MAX_POD_CREATE_DELETE_PER_SYNC)
        template = objects.clone(spec["template"])
        indexes: list[int] = []
        if ix.is_indexed(job):
            non_pending = ix.with_indexes(ctx.succeeded_indexes, sorted({ix.completion_index(p) for p in ctx.active
                                                                         if ix.completion_index(p) != ix.UNKNOWN}))
            if _only_replace_failed(job):
                non_pending = ix.with_indexes(non_pending, sorted({
                    ix.completion_index(p) for p in ctx.pods if _terminating(p) and ix.completion_index(p) != ix.UNKNOWN}))
            if ctx.failed_indexes:
                non_pending = ix.merge(non_pending, ctx.failed_indexes)
            indexes = ix.first_pending_indexes(diff, completions, non_pending)
            if ix.has_backoff_limit_per_index(job):
                ready_now = [i for i in indexes if backoff.remaining_per_index(now, ctx.delayed.get(i)) == 0]
                if not ready_now:
                    waits = [backoff.remaining_per_index(now, ctx.delayed.get(i)) for i in indexes]
                    return active, min(waits) if waits else None
                indexes = ready_now
            diff = len(indexes)
            ix.add_completion_index_env(template)
        template.setdefault("metadata", {})
        finalizers = list(template["metadata"].get("finalizers") or ())
        if TRACKING_FINALIZER not in finalizers:
            template["metadata"]["finalizers"] = finalizers + [TRACKING_FINALIZER]
        self.expectations.expect_creations(key, diff)
        queue = list(indexes)
        ok, _ = cu.slow_start_batch(diff, cu.SLOW_START_INITIAL_BATCH_SIZE, self._create, job, template, queue, ctx)
        for _ in range(diff - ok):
            self.expectations.creation_observed(key)
        return active + ok, None

    def _for_removal(self, job: dict, pods: list[dict], at_least: int) -> list[dict]:
        """activePodsForRemoval: for Indexed Jobs first the pods of repeated, unknown or too high indexes."""
        rm: list[dict] = []
        left = pods
        if ix.is_indexed(job):
            completions = job["spec"]["completions"]
            by_index: dict[int, list] = {}
            left = []
            for p in pods:
                i = ix.completion_index(p)
                if i == ix.UNKNOWN or i >= completions:
                    rm.append(p)
                else:
                    by_index.setdefault(i, []).append(p)
            for i in sorted(by_index):
                group = cu.rank_for_deletion(by_index[i], [], self._now())
                rm.extend(group[:-1])
                left.append(group[-1])
        if len(rm) < at_least:
            rm.extend(cu.rank_for_deletion(left, [], self._now())[:at_least - len(rm)])
        return rm

    def _create(self, job: dict, template: dict, queue: list, ctx: _Ctx) -> None:
        ref = cu.controller_ref(job)
        generate = None
        if queue:
            index = queue.pop(0)
            template, generate = ix.for_index(template, job["metadata"]["name"], index)
            if ix.has_backoff_limit_per_index(job):
                self._add_failure_counts(job, template, ctx.delayed.get(index))
        # The template carries the job-name and controller-uid labels the API server generated.
        pod = cu.pod_from_template(template, job, ref)
        if generate:
            pod["metadata"]["generateName"] = generate
        try:
            cu.create_pod(self, job, pod, owned=True)
        except errors.StatusError as e:
            if cu.namespace_terminating(e):
                return
            raise

    @staticmethod
    def _add_failure_counts(job: dict, template: dict, replaced: dict | None) -> None:
        """addIndexFailureCountAnnotation: the replaced pod's counts, plus its own failure."""
        counted = ignored = 0
        if replaced is not None:
            counted, ignored = ix.failure_counts(replaced)
            if pod_failure_policy.match(job["spec"].get("podFailurePolicy"), replaced)[1]:
                counted += 1
            else:
                ignored += 1
        ann = template["metadata"].setdefault("annotations", {})
        ann[ix.INDEX_FAILURE_COUNT] = str(counted)
        if ignored > 0:
            ann[ix.INDEX_IGNORED_FAILURE_COUNT] = str(ignored)

    def _delete_all(self, job: dict, pods: list[dict]) -> tuple[int, int]:
        deleted = ready = 0
        for pod in pods:
            try:
                cu.delete_pod(self, job, pod)
            except errors.StatusError as e:
                if e.code != 404:
                    continue
            deleted += 1
            if cu.is_pod_ready(pod):
                ready += 1
        return deleted, ready

    # -- trackJobStatusAndRemoveFinalizers -------------------------------------------------------
    def _track_and_write(self, key: str, ctx: _Ctx, record: tuple) -> None:
        job, st = ctx.job, ctx.job["status"]
        spec = job["spec"]
        indexed = ix.is_indexed(job)
        completions = spec.get("completions")
        policy = spec.get("podFailurePolicy")
        pods = sorted(ctx.pods, key=ix.completion_index) if indexed else ctx.pods
        release: list[dict] = []
        succeeded = failed = 0
        new_indexes: list[int] = []
        failing = ctx.finished is not None and ctx.finished["type"] != "SuccessCriteriaMet"
        for pod in pods:
            if not _tracked(pod):
                continue
            pod_failed = is_pod_failed(pod, job)
            if not (job["metadata"].get("deletionTimestamp") or ctx.finished is not None
                    or _phase(pod) == "Succeeded" or pod_failed):
                continue
            if not ctx.finished and pod_failed and ix.has_backoff_limit_per_index(job):
                i = ix.completion_index(pod)
                if ctx.delayed.get(i) is pod:
                    continue  # its failure count goes to the replacement first
            release.append(pod)
            if _phase(pod) == "Succeeded":
                if indexed:
                    i = ix.valid_index(pod, completions)
                    if i != ix.UNKNOWN and not ix.has(ctx.prev_succeeded, i):
                        new_indexes.append(i)
                else:
                    succeeded += 1
            elif pod_failed or failing:
                if indexed and ix.valid_index(pod, completions) == ix.UNKNOWN:
                    continue
                if pod_failure_policy.match(policy, pod)[1]:
                    failed += 1
        for pod in release:
            self._remove_finalizer(pod)
        if release:
            self._backoff[key] = record
        if indexed:
            merged = ix.with_indexes(ctx.succeeded_indexes, sorted(set(new_indexes)))
            st["completedIndexes"] = ix.to_string(merged)
            st["succeeded"] = ix.total(merged)
            if ctx.failed_indexes is not None:
                st["failedIndexes"] = ix.to_string(ctx.failed_indexes)
        else:
            st["succeeded"] = st.get("succeeded", 0) + succeeded
        st["failed"] = st.get("failed", 0) + failed
        done = ctx.finished
        conditions = st.setdefault("conditions", [])
        if done is not None and done["type"] == "FailureTarget":
            conditions.append(done)
            done = self._condition("Failed", done.get("reason", ""), done.get("message", ""))
        if done is not None and done["type"] == "SuccessCriteriaMet":
            if _cond(job, "SuccessCriteriaMet") is None:
                conditions.append(done)
            done = self._condition("Complete", done.get("reason", ""), done.get("message", ""))
        finishing = done is not None and ctx.terminating == 0
        if finishing:
            conditions.append(done)
            if done["type"] == "Complete":
                st["completionTime"] = done["lastTransitionTime"]
        if not conditions:
            del st["conditions"]
        for k in ("active", "succeeded", "failed"):
            if not st.get(k):
                st.pop(k, None)
        if indexed and not st.get("completedIndexes"):
            st.pop("completedIndexes", None)
        ns, name = split_key(key)
        fresh = self.api.try_get("jobs", name, ns)
        if fresh is not None and (fresh.get("status") or {}) != st:
            job["metadata"] = objects.clone(fresh["metadata"])
            self.client.update_status("jobs", job)
        if finishing:
            self._backoff.pop(key, None)
            if done["type"] == "Complete":
                if completions is not None and st.get("succeeded", 0) > completions:
                    self.recorder.event(job, "Warning", "TooManySucceededPods",
                                        "Too many succeeded pods running after completion count reached")
                self.recorder.event(job, "Normal", "Completed", "Job completed")
            else:
                self.recorder.event(job, "Warning", done.get("reason", ""), done.get("message", ""))

    def _remove_finalizer(self, pod: dict) -> None:
        m = pod["metadata"]
        rest = [f for f in m.get("finalizers") or () if f != TRACKING_FINALIZER]
        try:
            self.client.patch("pods", m["name"], {"metadata": {"finalizers": rest or None}}, m["namespace"],
                              patch_type="merge")
        except errors.StatusError as e:
            if e.code != 404:
                raise
