"""The Job's pod-failure back-off, after pkg/controller/job/backoff_utils.go.

A record per Job holds the failures since the last success and when the last
of them happened; a new pod waits 10 s × 2^(failures−1), at most 6 min
(DefaultJobPodFailureBackOff, MaxJobPodFailureBackOff), from that failure.
With backoffLimitPerIndex each index waits on its own last failed pod instead.
"""
from __future__ import annotations

from clusters import timeutil
from clusters.controllers.job import indexed_job_utils as ix

DEFAULT_BACKOFF = 10.0
MAX_BACKOFF = 360.0


def finished_time(pod: dict) -> float:
    """getFinishedTime: the last container's finish, else Ready=False's transition, else the
    deletion time less its grace period, else the creation time."""
    st = pod.get("status") or {}
    latest = None
    statuses = st.get("containerStatuses") or ()
    for cs in statuses:
        t = ((cs.get("state") or {}).get("terminated") or {}).get("finishedAt")
        if not t:
            latest = None
            break
        v = timeutil.parse_rfc3339(t)
        latest = v if latest is None else max(latest, v)
    if latest is not None:
        return latest
    for c in st.get("conditions") or ():
        if c.get("type") == "Ready" and c.get("status") == "False" and c.get("lastTransitionTime"):
            return timeutil.parse_rfc3339(c["lastTransitionTime"])
    meta = pod.get("metadata") or {}
    if meta.get("deletionTimestamp"):
        return timeutil.parse_rfc3339(meta["deletionTimestamp"]) - (meta.get("deletionGracePeriodSeconds") or 0)
    return timeutil.parse_rfc3339(meta.get("creationTimestamp") or "1970-01-01T00:00:00Z")


def new_record(old: tuple | None, succeeded: list, failed: list) -> tuple:
    """newBackoffRecord: (failures after the last success, time of the last failure or None)."""
    failures, last = old if old is not None else (0, None)
    s = sorted(finished_time(p) for p in succeeded)
    f = sorted(finished_time(p) for p in failed)
    if not s:
        if not f:
            return failures, last
        return failures + len(f), f[-1]
    failures, last = 0, None
    for t in reversed(f):
        if t <= s[-1]:
            break
        if last is None:
            last = t
        failures += 1
    return failures, last


def remaining(now: float, failures: int, last: float | None) -> float:
    """getRemainingTimeForFailuresCount."""
    if failures == 0 or last is None:
        return 0.0
    delay = DEFAULT_BACKOFF
    for _ in range(1, failures):
        delay *= 2
        if delay >= MAX_BACKOFF:
            delay = MAX_BACKOFF
            break
    elapsed = now - last
    return 0.0 if delay < elapsed else delay - elapsed


def remaining_per_index(now: float, last_failed: dict | None) -> float:
    """getRemainingTimePerIndex: from the index's last failed pod and its failure-count annotations."""
    if last_failed is None:
        return 0.0
    counted, ignored = ix.failure_counts(last_failed)
    return remaining(now, counted + ignored + 1, finished_time(last_failed))
