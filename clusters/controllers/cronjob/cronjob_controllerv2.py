"""The CronJob controller, after kubernetes/kubernetes:pkg/controller/cronjob/cronjob_controllerv2.go.

No polling: each sync returns the seconds until 100 ms past the next schedule
time (nextScheduleTimeDuration), and the work queue wakes the key then in
virtual time. A sync (``sync``):

1. finds the CronJob's Jobs through the controller-owner index;
2. deletes the oldest finished Jobs beyond ``successfulJobsHistoryLimit``
   (default 3) and ``failedJobsHistoryLimit`` (default 1), by start time
   (cleanupFinishedJobs, event SuccessfulDelete "Deleted job <name>");
3. moves finished Jobs out of ``status.active`` (SawCompletedJob) and
   records ``lastSuccessfulTime``; drops Jobs gone missing (MissingJob);
4. unless deleted, suspended or unparseable, takes the most recent unmet
   schedule time; skips it past ``startingDeadlineSeconds`` (MissSchedule),
   when already handled, or under ``concurrencyPolicy: Forbid`` while a Job
   runs (JobAlreadyActive); under ``Replace`` deletes the running Jobs first;
5. creates Job ``<cronjob>-<scheduled minutes since the epoch>``
   (SuccessfulCreate "Created job <name>") and records it in ``status.active``
   and ``status.lastScheduleTime``.

A Job made by ``kubectl create job --from=cronjob/x`` (annotation
``cronjob.kubernetes.io/instantiate: manual``, controller ref to the CronJob)
is not in ``status.active``, so the controller reports it as UnexpectedJob,
as upstream does, and still prunes it with the history once it finishes.

``spec.timeZone`` takes any IANA zone known to Python's ``zoneinfo``; unset
means UTC (kube-controller-manager's zone in kubeadm and kind clusters).
"""
from __future__ import annotations

from clusters import objects, timeutil
from clusters.apiserver import cron, errors
from clusters.controllers import controller_utils as cu
from clusters.controllers.base import Controller, key_of, split_key
from clusters.controllers.cronjob import utils

KIND = "CronJob"


class CronJobController(Controller):
    name = "cronjob-controller"

    def start(self) -> None:
        inf = self.cluster.informers
        inf.on("cronjobs", add=self._cj_added, update=self._cj_updated, delete=self._cj_added, group="batch")
        inf.on("jobs", add=self._job_added, update=self._job_updated, delete=self._job, group="batch")
        for cj in self.api.list("cronjobs"):
            self.enqueue(key_of(cj))

    # -- handlers: map events to keys -------------------------------------------
    def _cj_added(self, cj: dict) -> None:
        self.enqueue(key_of(cj))

    def _cj_updated(self, old: dict, cj: dict) -> None:
        """updateCronJob: a new schedule or zone requeues for its next time, anything else now."""
        spec, old_spec = cj.get("spec") or {}, old.get("spec") or {}
        if spec.get("schedule") != old_spec.get("schedule") or spec.get("timeZone") != old_spec.get("timeZone"):
            try:
                sched = self._parse(cj, warn=False)
            except cron.CronError:
                self.recorder.event(cj, "Warning", "UnParseableCronJobSchedule",
                                    f"unparseable schedule for cronjob: {spec.get('schedule')}")
                return
            delay = utils.next_schedule_time_duration(cj, self._now(), sched)
            if delay is not None:
                self.enqueue_after(key_of(cj), delay)
            return
        self.enqueue(key_of(cj))

    def _resolve(self, namespace: str, ref: dict | None) -> dict | None:
        if ref is None or ref.get("kind") != KIND:
            return None
        cj = self.api.try_get("cronjobs", ref.get("name", ""), namespace)
        if cj is None or cj["metadata"]["uid"] != ref.get("uid"):
            return None
        return cj

    def _job_added(self, job: dict) -> None:
        self._job(job)

    def _job_updated(self, old: dict, job: dict) -> None:
        if old["metadata"].get("resourceVersion") == job["metadata"].get("resourceVersion"):
            return
        old_ref, ref = objects.controller_of(old), objects.controller_of(job)
        if old_ref != ref and old_ref is not None:
            cj = self._resolve(old["metadata"]["namespace"], old_ref)
            if cj is not None:
                self.enqueue(key_of(cj))
        self._job(job)

    def _job(self, job: dict) -> None:
        cj = self._resolve(job["metadata"]["namespace"], objects.controller_of(job))
        if cj is not None:
            self.enqueue(key_of(cj))

    def _now(self) -> float:
        return cu.now_epoch(self.cluster)

    # -- sync ------------------------------------------------------------------
    def sync(self, key: str):
        ns, name = split_key(key)
        cj = self.api.try_get("cronjobs", name, ns)
        if cj is None:
            return None
        jobs = sorted(self.cluster.informers.owned_by(cj["metadata"]["uid"], f"/registry/jobs/{ns}/"),
                      key=lambda j: j["metadata"]["name"])
        copy = objects.clone(cj)
        copy.setdefault("status", {})
        cleaned = self._cleanup_finished_jobs(copy, jobs)
        requeue, synced, err = self._sync_cronjob(copy, jobs)
        if cleaned or synced:
            self._update_status(copy)
        if requeue is not None:
            return max(requeue, 0.001)
        if err is not None:
            raise err
        return None

    def _update_status(self, cj: dict) -> None:
        fresh = self.api.try_get("cronjobs", cj["metadata"]["name"], cj["metadata"]["namespace"])
        if fresh is None or fresh["metadata"]["uid"] != cj["metadata"]["uid"]:
            return
        st = {k: v for k, v in cj["status"].items() if v not in (None, [], "")}  # omitempty
        if (fresh.get("status") or {}) == st:
            return
        new = objects.clone(fresh)
        new["status"] = st
        self.client.update_status("cronjobs", new)

    def _parse(self, cj: dict, warn: bool = True):
        """formatSchedule + cron.ParseStandard: TZ= in the schedule wins (with a warning), else spec.timeZone."""
        schedule = cj["spec"].get("schedule") or ""
        if "TZ" in schedule:
            if warn:
                self.recorder.event(cj, "Warning", "UnsupportedSchedule",
                                    f"CRON_TZ or TZ used in schedule {_q(schedule)} is not officially supported, "
                                    "see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details")
            return cron.parse_standard(schedule)
        tz = cj["spec"].get("timeZone")
        try:
            cron.zone(tz)
        except cron.CronError:
            tz = None
        return cron.parse_standard(schedule, tz)

    def _sync_cronjob(self, cj: dict, jobs: list[dict]):
        """syncCronJob: returns (requeue seconds or None, status changed, error or None)."""
        now = self._now()
        update = False
        st = cj["status"]
        children = set()
        for j in jobs:
            uid = j["metadata"]["uid"]
            children.add(uid)
            found = utils.in_active_list(cj, uid)
            finished = utils.finished_status(j)
            if not found and finished is None:
                fresh = self.api.try_get("cronjobs", cj["metadata"]["name"], cj["metadata"]["namespace"])
                if fresh is not None and utils.in_active_list(fresh, uid):
                    continue
                self.recorder.event(cj, "Warning", "UnexpectedJob",
                                    f"Saw a job that the controller did not create or forgot: {j['metadata']['name']}")
            elif finished is not None:
                if found:
                    utils.delete_from_active_list(cj, uid)
                    self.recorder.event(cj, "Normal", "SawCompletedJob",
                                        f"Saw completed job: {j['metadata']['name']}, condition: {finished}")
                    update = True
                if finished == "Complete":
                    ct = (j.get("status") or {}).get("completionTime")
                    last = st.get("lastSuccessfulTime")
                    if ct and (last is None or timeutil.parse_rfc3339(ct) > timeutil.parse_rfc3339(last)):
                        st["lastSuccessfulTime"] = ct
                        update = True
        for ref in list(st.get("active") or ()):
            if ref.get("uid") in children:
                continue
            if self.api.try_get("jobs", ref.get("name", ""), ref.get("namespace")) is None:
                self.recorder.event(cj, "Normal", "MissingJob", f"Active job went missing: {ref.get('name')}")
                utils.delete_from_active_list(cj, ref.get("uid"))
                update = True

        if cj["metadata"].get("deletionTimestamp"):
            return None, update, None
        tz = cj["spec"].get("timeZone")
        if tz is not None:
            try:
                cron.zone(tz)
            except cron.CronError as e:
                self.recorder.event(cj, "Warning", "UnknownTimeZone", f"invalid timeZone: {_q(tz)}: {e}")
                return None, update, None
        if cj["spec"].get("suspend"):
            return None, update, None
        try:
            sched = self._parse(cj)
        except cron.CronError as e:
            self.recorder.event(cj, "Warning", "UnparseableSchedule",
                                f"unparseable schedule: {_q(cj['spec'].get('schedule') or '')} : {e}")
            return None, update, None
        try:
            scheduled = utils.next_schedule_time(cj, now, sched, lambda: self.recorder.event(
                cj, "Warning", "TooManyMissedTimes",
                "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew"))
        except utils.ScheduleError as e:
            self.recorder.event(cj, "Warning", "InvalidSchedule", f"invalid schedule: {cj['spec'].get('schedule')} : {e}")
            return None, update, None
        if scheduled is None:
            return utils.next_schedule_time_duration(cj, now, sched), update, None
        sds = cj["spec"].get("startingDeadlineSeconds")
        if sds is not None and scheduled + sds < now:
            self.recorder.event(cj, "Warning", "MissSchedule",
                                f"Missed scheduled time to start a job: {utils.rfc1123z(scheduled)}")
            return utils.next_schedule_time_duration(cj, now, sched), update, None
        ns = cj["metadata"]["namespace"]
        name = utils.job_name(cj, scheduled)
        last = st.get("lastScheduleTime")
        if utils.in_active_list_by_name(cj, name, ns) or (last and timeutil.parse_rfc3339(last) == scheduled):
            return utils.next_schedule_time_duration(cj, now, sched), update, None
        policy = cj["spec"].get("concurrencyPolicy") or "Allow"
        if policy == "Forbid" and st.get("active"):
            self.recorder.event(cj, "Normal", "JobAlreadyActive",
                                "Not starting job because prior execution is running and concurrency policy is Forbid")
            return utils.next_schedule_time_duration(cj, now, sched), update, None
        if policy == "Replace":
            for ref in list(st.get("active") or ()):
                job = self.api.try_get("jobs", ref.get("name", ""), ref.get("namespace"))
                if job is None:
                    err = errors.not_found("jobs.batch", ref.get("name", ""), "batch", "jobs")
                    self.recorder.event(cj, "Warning", "FailedGet", f"Get job: {err.message}")
                    return None, update, err
                if not self._delete_job(cj, job):
                    return None, update, errors.internal(
                        f"could not replace job {job['metadata']['namespace']}/{job['metadata']['name']}")
                update = True

        req = utils.job_from_template(cj, scheduled)
        created = True
        try:
            job = self.client.create("jobs", req, ns)
        except errors.StatusError as e:
            if cu.namespace_terminating(e):
                return None, update, e
            if e.code == 409 and e.reason == "AlreadyExists":
                created = False
                job = self.api.try_get("jobs", name, ns)
                if job is None:
                    return None, update, e
                ref = objects.controller_of(job)
                if ref is None or ref.get("uid") != cj["metadata"]["uid"]:
                    return None, update, None
                if utils.in_active_list(cj, job["metadata"]["uid"]):
                    return None, update, None
            else:
                self.recorder.event(cj, "Warning", "FailedCreate", f"Error creating job: {e.message}")
                return None, update, e
        if created:
            self.recorder.event(cj, "Normal", "SuccessfulCreate", f"Created job {job['metadata']['name']}")
        else:
            self.cluster.log(self.name, f'"Job already exists" cronjob="{key_of(cj)}" job="{ns}/{name}"')
        st.setdefault("active", [])
        st["active"] = list(st["active"]) + [utils.job_ref(job)]
        st["lastScheduleTime"] = timeutil.rfc3339(scheduled)
        return utils.next_schedule_time_duration(cj, now, sched), True, None

    # -- history ---------------------------------------------------------------
    def _cleanup_finished_jobs(self, cj: dict, jobs: list[dict]) -> bool:
        """cleanupFinishedJobs: keep the newest successfulJobsHistoryLimit / failedJobsHistoryLimit finished Jobs."""
        spec = cj["spec"]
        if spec.get("successfulJobsHistoryLimit") is None and spec.get("failedJobsHistoryLimit") is None:
            return False
        succeeded = [j for j in jobs if utils.finished_status(j) == "Complete"]
        failed = [j for j in jobs if utils.finished_status(j) == "Failed"]
        update = False
        if spec.get("successfulJobsHistoryLimit") is not None and \
                self._remove_oldest(cj, succeeded, spec["successfulJobsHistoryLimit"]):
            update = True
        if spec.get("failedJobsHistoryLimit") is not None and \
                self._remove_oldest(cj, failed, spec["failedJobsHistoryLimit"]):
            update = True
        return update

    def _remove_oldest(self, cj: dict, jobs: list[dict], keep: int) -> bool:
        n = len(jobs) - keep
        if n <= 0:
            return False
        update = False
        for job in sorted(jobs, key=utils.by_job_start_time)[:n]:
            if job["metadata"].get("deletionTimestamp"):
                continue
            if self._delete_job(cj, job):
                update = True
        return update

    def _delete_job(self, cj: dict, job: dict) -> bool:
        """deleteJob: the Job with background propagation, then its entry in status.active."""
        m = job["metadata"]
        try:
            self.client.delete("jobs", m["name"], m["namespace"], propagation="Background")
        except errors.StatusError as e:
            self.recorder.event(cj, "Warning", "FailedDelete", f"Deleted job: {e.message}")
            return False
        utils.delete_from_active_list(cj, m["uid"])
        self.recorder.event(cj, "Normal", "SuccessfulDelete", f"Deleted job {m['name']}")
        return True


def _q(s: str) -> str:
    """Go's %q for the plain strings these messages quote."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
