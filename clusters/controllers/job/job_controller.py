"""The Job controller, after kubernetes/kubernetes:pkg/controller/job/job_controller.go (NonIndexed jobs).

Pods come from the controller-owner index. Terminal pods are counted once
into status.succeeded / status.failed (upstream tracks them with the
``batch.kubernetes.io/job-tracking`` finalizer; here the counted UIDs are
remembered by the controller). Then:

- more failures than ``backoffLimit`` → condition Failed, reason
  ``BackoffLimitExceeded`` "Job has reached the specified backoff limit";
- running longer than ``activeDeadlineSeconds`` → Failed, ``DeadlineExceeded``
  "Job was active longer than specified deadline";
- ``completions`` successes → Complete, event Completed "Job completed";
- otherwise keep ``min(parallelism, completions − succeeded)`` pods active,
  new pods after failures delayed 10 s doubling up to 6 min
  (DefaultJobPodFailureBackOff, MaxJobPodFailureBackOff).
"""
from __future__ import annotations

from clusters import objects, timeutil
from clusters.apiserver import errors
from clusters.controllers import controller_utils as cu
from clusters.controllers.base import Controller, key_of, split_key

POD_FAILURE_BACKOFF = 10.0
MAX_POD_FAILURE_BACKOFF = 360.0


def _cond(job: dict, type_: str) -> dict | None:
    for c in (job.get("status") or {}).get("conditions") or ():
        if c.get("type") == type_ and c.get("status") == "True":
            return c
    return None


def finished(job: dict) -> bool:
    return _cond(job, "Complete") is not None or _cond(job, "Failed") is not None


class JobController(Controller):
    name = "job-controller"

    def __init__(self, cluster):
        super().__init__(cluster)
        self.expectations = cu.Expectations(cluster.clock)
        # job uid -> {pod uid: "s" | "f"} already counted
        self._counted: dict[str, dict[str, str]] = {}

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

    def _job_deleted(self, job: dict) -> None:
        self._counted.pop(job["metadata"]["uid"], None)
        self.expectations.delete(key_of(job))

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
        return None

    def _now(self) -> float:
        return cu.now_epoch(self.cluster)

    def sync(self, key: str):
        ns, name = split_key(key)
        job = self.api.try_get("jobs", name, ns)
        if job is None or finished(job):
            return None
        job = objects.clone(job)
        spec = job["spec"]
        st = job.setdefault("status", {})
        uid = job["metadata"]["uid"]
        pods = self.cluster.informers.owned_by(uid, f"/registry/pods/{ns}/")
        counted = self._counted.setdefault(uid, {})
        active = []
        for pod in pods:
            phase = (pod.get("status") or {}).get("phase")
            puid = pod["metadata"]["uid"]
            if phase == "Succeeded" and puid not in counted:
                counted[puid] = "s"
                st["succeeded"] = st.get("succeeded", 0) + 1
            elif phase == "Failed" and puid not in counted:
                counted[puid] = "f"
                st["failed"] = st.get("failed", 0) + 1
            elif phase not in ("Succeeded", "Failed") and not pod["metadata"].get("deletionTimestamp"):
                active.append(pod)
        if "startTime" not in st and not spec.get("suspend"):
            st["startTime"] = self.api.timestamp()
        succeeded, failed = st.get("succeeded", 0), st.get("failed", 0)
        completions = spec.get("completions")
        parallelism = spec.get("parallelism", 1)
        backoff_limit = spec.get("backoffLimit", 6)
        requeue = None
        failure = None
        if failed > backoff_limit:
            failure = ("BackoffLimitExceeded", "Job has reached the specified backoff limit")
        elif spec.get("activeDeadlineSeconds") is not None and st.get("startTime"):
            left = timeutil.parse_rfc3339(st["startTime"]) + spec["activeDeadlineSeconds"] - self._now()
            if left <= 0:
                failure = ("DeadlineExceeded", "Job was active longer than specified deadline")
            else:
                requeue = left
        complete = False
        if failure is None:
            complete = (succeeded >= completions) if completions is not None else (succeeded > 0 and not active)
        if failure is not None:
            for pod in active:
                self._delete(job, pod)
            active = []
            self._finish(st, "Failed", failure[0], failure[1])
            self.recorder.event(job, "Warning", failure[0], failure[1])
        elif complete:
            for pod in active:
                self._delete(job, pod)
            active = []
            self._finish(st, "Complete", None, None)
            self.recorder.event(job, "Normal", "Completed", "Job completed")
        elif not spec.get("suspend") and self.expectations.satisfied(key):
            if completions is None:
                want = parallelism if succeeded == 0 else 0
            else:
                want = min(parallelism, completions - succeeded)
            diff = want - len(active)
            if diff > 0:
                delay = self._failure_backoff(failed, pods)
                if delay > 0:
                    requeue = delay if requeue is None else min(requeue, delay)
                else:
                    self.expectations.expect_creations(key, diff)
                    ok, err = cu.slow_start_batch(diff, cu.SLOW_START_INITIAL_BATCH_SIZE, self._create, job)
                    for _ in range(diff - ok):
                        self.expectations.creation_observed(key)
                    active = [p for p in self.cluster.informers.owned_by(uid, f"/registry/pods/{ns}/")
                              if cu.is_pod_active(p)]
            elif diff < 0:
                for pod in cu.rank_for_deletion(active, [], self._now())[:-diff]:
                    self._delete(job, pod)
                active = [p for p in active if not p["metadata"].get("deletionTimestamp")][: want]
        st["active"] = len(active)
        st["ready"] = sum(1 for p in active if cu.is_pod_ready(p))
        st["terminating"] = sum(1 for p in pods if p["metadata"].get("deletionTimestamp") and
                                (p.get("status") or {}).get("phase") not in ("Succeeded", "Failed"))
        st.setdefault("uncountedTerminatedPods", {})
        for k in ("active", "succeeded", "failed", "terminating"):
            if not st.get(k):
                st.pop(k, None)
        fresh = self.api.try_get("jobs", name, ns)
        if fresh is not None and (fresh.get("status") or {}) != st:
            job["metadata"] = objects.clone(fresh["metadata"])
            self.client.update_status("jobs", job)
        return requeue

    def _failure_backoff(self, failed: int, pods: list[dict]) -> float:
        """getNewFinishedPods back-off: 10 s × 2^(failures−1), capped at 6 min, from the last failure."""
        if failed == 0:
            return 0.0
        last = None
        for p in pods:
            if (p.get("status") or {}).get("phase") != "Failed":
                continue
            for cs in (p.get("status") or {}).get("containerStatuses") or ():
                t = ((cs.get("state") or {}).get("terminated") or {}).get("finishedAt")
                if t:
                    v = timeutil.parse_rfc3339(t)
                    last = v if last is None else max(last, v)
        if last is None:
            return 0.0
        delay = min(POD_FAILURE_BACKOFF * 2 ** (failed - 1), MAX_POD_FAILURE_BACKOFF)
        left = last + delay - self._now()
        return left if left > 0 else 0.0

    def _finish(self, st: dict, type_: str, reason: str | None, message: str | None) -> None:
        now = self.api.timestamp()
        c = {"type": type_, "status": "True", "lastProbeTime": now, "lastTransitionTime": now}
        if reason:
            c["reason"] = reason
            c["message"] = message
        st["conditions"] = [x for x in st.get("conditions") or () if x.get("type") != type_] + [c]
        if type_ == "Complete":
            st["completionTime"] = now

    def _create(self, job: dict) -> None:
        ref = cu.controller_ref(job)
        # The template carries the job-name and controller-uid labels the API server generated.
        pod = cu.pod_from_template(job["spec"]["template"], job, ref)
        try:
            cu.create_pod(self, job, pod)
        except errors.StatusError as e:
            if cu.namespace_terminating(e):
                return
            raise

    def _delete(self, job: dict, pod: dict) -> None:
        try:
            cu.delete_pod(self, job, pod)
        except errors.StatusError as e:
            if e.code != 404:
                raise
