"""Schedule arithmetic and Job construction, after kubernetes/kubernetes:pkg/controller/cronjob/utils.go.

Times are epoch seconds (floats); the schedules come from
``clusters.apiserver.cron`` (the robfig/cron v3 port the API server validates with).
"""
from __future__ import annotations

import datetime as _dt

from clusters import objects, timeutil
from clusters.apiserver import cron
from clusters.controllers import controller_utils as cu

# cronjob_controllerv2.go: requeue 100 ms after the next schedule time (NTP skew padding).
NEXT_SCHEDULE_DELTA = 0.1
# batchv1.CronJobScheduledTimestampAnnotation (CronJobsScheduledAnnotation, beta and on in 1.32).
SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp"
NONE_MISSED, FEW_MISSED, MANY_MISSED = 0, 1, 2


class ScheduleError(Exception):
    pass


def in_active_list(cj: dict, uid: str) -> bool:
    return any(r.get("uid") == uid for r in (cj.get("status") or {}).get("active") or ())


def in_active_list_by_name(cj: dict, name: str, namespace: str) -> bool:
    return any(r.get("name") == name and r.get("namespace") == namespace
               for r in (cj.get("status") or {}).get("active") or ())


def delete_from_active_list(cj: dict, uid: str) -> None:
    st = cj.setdefault("status", {})
    st["active"] = [r for r in st.get("active") or () if r.get("uid") != uid]


def _ts(s: str | None) -> float | None:
    return timeutil.parse_rfc3339(s) if s else None


def most_recent_schedule_time(cj: dict, now: float, schedule, include_starting_deadline: bool):
    """mostRecentScheduleTime: (earliest, most recent unmet time or None, missed kind).

    Raises ScheduleError for a schedule that parses but never fires twice (``59 23 31 2 *``).
    """
    earliest = _ts(cj["metadata"].get("creationTimestamp")) or now
    missed = NONE_MISSED
    last = _ts((cj.get("status") or {}).get("lastScheduleTime"))
    if last is not None:
        earliest = last
    sds = cj["spec"].get("startingDeadlineSeconds")
    if include_starting_deadline and sds is not None:
        deadline = now - sds
        if deadline > earliest:
            earliest = deadline
    t1 = schedule.next(earliest)
    t2 = schedule.next(t1) if t1 is not None else None
    if t1 is not None and now < t1:
        return earliest, None, missed
    if t2 is not None and now < t2:
        return earliest, t1, missed
    between = int(round(t2 - t1)) if t1 is not None and t2 is not None else 0
    if between < 1:
        raise ScheduleError("time difference between two schedules is less than 1 second")
    elapsed = int(now - t1)
    n_missed = elapsed // between + 1
    most_recent = None
    # Start one interval before the estimate and let the schedule find the exact times
    # (schedules like "30 6-16/4 * * 1-5" are not evenly spaced).
    t = schedule.next(t1 + (n_missed - 2) * between)
    while t is not None and t <= now:
        most_recent = t
        t = schedule.next(t)
    if n_missed > 100:
        missed = MANY_MISSED
    elif n_missed > 0:
        missed = FEW_MISSED
    return earliest, most_recent, missed


def next_schedule_time_duration(cj: dict, now: float, schedule) -> float:
    """nextScheduleTimeDuration: seconds until 100 ms after the next schedule time."""
    try:
        earliest, most_recent, missed = most_recent_schedule_time(cj, now, schedule, False)
        if most_recent is None:
            most_recent = earliest if missed == NONE_MISSED else now
    except ScheduleError:
        most_recent = now
    nxt = schedule.next(most_recent)
    if nxt is None:
        return None
    return nxt + NEXT_SCHEDULE_DELTA - now


def next_schedule_time(cj: dict, now: float, schedule, warn) -> float | None:
    """nextScheduleTime: the unmet schedule time to run now, or None; ``warn()`` on too many missed."""
    _, most_recent, missed = most_recent_schedule_time(cj, now, schedule, True)
    if most_recent is None or most_recent > now:
        return None
    if missed == MANY_MISSED:
        warn()
    return most_recent


def job_name(cj: dict, scheduled: float) -> str:
    """getJobName: ``<cronjob>-<scheduled time in minutes since the epoch>`` (getTimeHashInMinutes)."""
    return f"{cj['metadata']['name']}-{int(scheduled) // 60}"


def _rfc3339_in(epoch: float, tz: str | None) -> str:
    z = cron.zone(tz)
    if z is None:
        return timeutil.rfc3339(epoch)
    return _dt.datetime.fromtimestamp(int(epoch), z).isoformat()


def job_from_template(cj: dict, scheduled: float) -> dict:
    """getJobFromTemplate2: labels and annotations from the template, the scheduled-time annotation, a controller ref."""
    jt = cj["spec"].get("jobTemplate") or {}
    tm = jt.get("metadata") or {}
    annotations = dict(tm.get("annotations") or {})
    annotations[SCHEDULED_TIMESTAMP] = _rfc3339_in(scheduled, cj["spec"].get("timeZone"))
    meta = {"name": job_name(cj, scheduled), "namespace": cj["metadata"]["namespace"]}
    if tm.get("labels"):
        meta["labels"] = dict(tm["labels"])
    meta["annotations"] = annotations
    meta["ownerReferences"] = [cu.controller_ref(cj)]
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": meta, "spec": objects.clone(jt.get("spec") or {})}


def job_ref(job: dict) -> dict:
    """ref.GetReference: the ObjectReference kept in status.active."""
    m = job["metadata"]
    return {"apiVersion": "batch/v1", "kind": "Job", "name": m["name"], "namespace": m["namespace"],
            "resourceVersion": m.get("resourceVersion", ""), "uid": m["uid"]}


def finished_status(job: dict) -> str | None:
    """getFinishedStatus: "Complete" or "Failed" when that condition is True."""
    for c in (job.get("status") or {}).get("conditions") or ():
        if c.get("type") in ("Complete", "Failed") and c.get("status") == "True":
            return c["type"]
    return None


def by_job_start_time(job: dict):
    """byJobStartTime: started jobs first, oldest first, then by name."""
    st = (job.get("status") or {}).get("startTime")
    return (st is None, _ts(st) or 0.0, job["metadata"]["name"])


def rfc1123z(epoch: float) -> str:
    """time.RFC1123Z in UTC: "Mon, 02 Jan 2006 15:04:05 -0700"."""
    t = _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc)
    return (f"{_DAYS[t.weekday()]}, {t.day:02d} {_MONTHS[t.month - 1]} {t.year} "
            f"{t.hour:02d}:{t.minute:02d}:{t.second:02d} +0000")


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
