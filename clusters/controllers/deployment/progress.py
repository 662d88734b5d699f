"""Progress and pause conditions, after kubernetes/kubernetes:pkg/controller/deployment/progress.go
(syncRolloutStatus, requeueStuckDeployment) and sync.go (checkPausedConditions).
"""
from __future__ import annotations

from clusters import timeutil
from clusters.controllers.deployment import sync as dsync
from clusters.controllers.deployment import util


def check_paused_conditions(dc, d: dict) -> dict:
    """checkPausedConditions: Progressing Unknown "Deployment is paused" / "Deployment is resumed"."""
    if not util.has_progress_deadline(d):
        return d
    st = d.setdefault("status", {})
    cond = util.get_condition(st, "Progressing")
    if cond is not None and cond.get("reason") == util.TIMED_OUT:
        # Lack of progress already reported: a paused condition must not hide it.
        return d
    paused_exists = cond is not None and cond.get("reason") == util.PAUSED
    if d["spec"].get("paused") and not paused_exists:
        util.set_condition(st, util.new_condition("Progressing", "Unknown", util.PAUSED, "Deployment is paused", dc.now_ts()))
    elif not d["spec"].get("paused") and paused_exists:
        util.set_condition(st, util.new_condition("Progressing", "Unknown", util.RESUMED, "Deployment is resumed", dc.now_ts()))
    else:
        return d
    return dsync.write_status(dc, d)


def sync_rollout_status(dc, all_rss: list, new_rs: dict | None, d: dict):
    """syncRolloutStatus: status counts plus the Progressing condition; returns a requeue delay when stuck."""
    rss = [rs for rs in all_rss if rs is not None]
    new_status = dsync.calculate_status(dc, rss, new_rs, d)
    if not util.has_progress_deadline(d):
        util.remove_condition(new_status, "Progressing")
    cur = util.get_condition(d.get("status") or {}, "Progressing")
    complete = (new_status.get("replicas", 0) == new_status.get("updatedReplicas", 0)
                and cur is not None and cur.get("reason") == util.NEW_RS_AVAILABLE)
    if util.has_progress_deadline(d) and not complete:
        now = dc.now_ts()
        rs_name = new_rs["metadata"]["name"] if new_rs is not None else None
        dname = d["metadata"]["name"]
        if util.deployment_complete(d, new_status):
            msg = f'ReplicaSet "{rs_name}" has successfully progressed.' if rs_name else f'Deployment "{dname}" has successfully progressed.'
            c = util.new_condition("Progressing", "True", util.NEW_RS_AVAILABLE, msg, now)
            util.set_condition(new_status, c)
        elif util.deployment_progressing(d, new_status):
            msg = f'ReplicaSet "{rs_name}" is progressing.' if rs_name else f'Deployment "{dname}" is progressing.'
            c = util.new_condition("Progressing", "True", util.REPLICASET_UPDATED, msg, now)
            # Progress refreshes lastUpdateTime even with the same reason (progress.go special case).
            if cur is not None:
                if cur.get("status") == "True":
                    c["lastTransitionTime"] = cur.get("lastTransitionTime")
                util.remove_condition(new_status, "Progressing")
            util.set_condition(new_status, c)
        elif util.deployment_timed_out(d, new_status, dc.now()):
            msg = f'ReplicaSet "{rs_name}" has timed out progressing.' if rs_name else f'Deployment "{dname}" has timed out progressing.'
            c = util.new_condition("Progressing", "False", util.TIMED_OUT, msg, now)
            util.set_condition(new_status, c)
    failure = _replica_failure(rss, new_rs)
    if failure is not None:
        util.set_condition(new_status, failure)
    else:
        util.remove_condition(new_status, "ReplicaFailure")
    if not new_status.get("conditions"):
        new_status.pop("conditions", None)
    new_status = dsync._ordered(new_status)
    if (d.get("status") or {}) == new_status:
        return requeue_stuck(dc, d, new_status)
    d["status"] = new_status
    dsync.write_status(dc, d)
    return None


def _replica_failure(rss: list[dict], new_rs: dict | None) -> dict | None:
    """getReplicaFailures: the new ReplicaSet's ReplicaFailure condition first, then any old one's."""
    ordered = ([new_rs] if new_rs is not None else []) + [rs for rs in rss if rs is not new_rs]
    for rs in ordered:
        for c in (rs.get("status") or {}).get("conditions") or ():
            if c.get("type") == "ReplicaFailure":
                return {"type": "ReplicaFailure", "status": c.get("status"), "lastUpdateTime": c.get("lastTransitionTime"),
                        "lastTransitionTime": c.get("lastTransitionTime"), "reason": c.get("reason"), "message": c.get("message")}
    return None


def requeue_stuck(dc, d: dict, status: dict):
    """requeueStuckDeployment: check again when the progress deadline would pass."""
    cur = util.get_condition(status, "Progressing")
    if not util.has_progress_deadline(d) or cur is None or cur.get("reason") == util.TIMED_OUT:
        return None
    if util.deployment_complete(d, status) or cur.get("status") != "True" or cur.get("reason") == util.NEW_RS_AVAILABLE:
        return None
    after = timeutil.parse_rfc3339(cur["lastUpdateTime"]) + d["spec"]["progressDeadlineSeconds"] - dc.now()
    if after < 1:
        # Upstream re-adds at once and lets wall time pass; in virtual time that would
        # spin, so wait until just past the deadline (timed out means strictly after it).
        return max(after, 0.0) + 0.001
    return after + 1
