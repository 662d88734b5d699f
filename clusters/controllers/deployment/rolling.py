"""The RollingUpdate strategy, after kubernetes/kubernetes:pkg/controller/deployment/rolling.go.

Each sync first scales the new ReplicaSet up as far as maxSurge allows, and
only if it could not, scales old ones down as far as maxUnavailable allows
(unhealthy old replicas first), so total pods stay within
[replicas − maxUnavailable, replicas + maxSurge].
"""
from __future__ import annotations

from clusters.controllers.deployment import progress, sync as dsync
from clusters.controllers.deployment import util


def rollout_rolling(dc, d: dict, rss: list[dict]):
    new_rs, old = dsync.get_all_and_sync_revision(dc, d, rss, True)
    all_rss = old + [new_rs]
    scaled_up, new_rs = reconcile_new(dc, all_rss, new_rs, d)
    if scaled_up:
        return progress.sync_rollout_status(dc, old + [new_rs], new_rs, d)
    scaled_down, old = reconcile_old(dc, old + [new_rs], util.active(old), old, new_rs, d)
    if scaled_down:
        return progress.sync_rollout_status(dc, old + [new_rs], new_rs, d)
    if util.deployment_complete(d, d.get("status") or {}):
        dsync.cleanup(dc, old, d)
    return progress.sync_rollout_status(dc, old + [new_rs], new_rs, d)


def reconcile_new(dc, all_rss: list, new_rs: dict, d: dict):
    """reconcileNewReplicaSet."""
    replicas = util.replicas_of(d)
    if util.replicas_of(new_rs) == replicas:
        return False, new_rs
    if util.replicas_of(new_rs) > replicas:
        return dsync.scale_replica_set_and_record_event(dc, new_rs, replicas, d)
    count = util.new_rs_new_replicas(d, all_rss, new_rs)
    return dsync.scale_replica_set_and_record_event(dc, new_rs, count, d)


def reconcile_old(dc, all_rss: list, active_old: list[dict], old: list[dict], new_rs: dict, d: dict):
    """reconcileOldReplicaSets: returns (scaled, old ReplicaSets as they now are)."""
    old_count = util.replica_count(active_old)
    if old_count == 0:
        return False, old
    all_count = util.replica_count(all_rss)
    min_available = util.replicas_of(d) - util.max_unavailable(d)
    new_unavailable = util.replicas_of(new_rs) - (new_rs.get("status") or {}).get("availableReplicas", 0)
    max_scaled_down = all_count - min_available - new_unavailable
    if max_scaled_down <= 0:
        return False, old
    active_old, cleaned = cleanup_unhealthy(dc, active_old, d, max_scaled_down)
    scaled = scale_down_old_for_rolling(dc, active_old + [new_rs], active_old, d)
    by_uid = {rs["metadata"]["uid"]: rs for rs in active_old}
    old = [by_uid.get(rs["metadata"]["uid"], rs) for rs in old]
    return cleaned + scaled > 0, old


def cleanup_unhealthy(dc, old: list[dict], d: dict, max_cleanup: int):
    """cleanupUnhealthyReplicas: scale away old replicas that are not available, oldest ReplicaSet first."""
    old = util.by_creation(old)
    total = 0
    for i, rs in enumerate(old):
        if total >= max_cleanup:
            break
        r = util.replicas_of(rs)
        avail = (rs.get("status") or {}).get("availableReplicas", 0)
        if r == 0 or r == avail:
            continue
        n = min(max_cleanup - total, r - avail)
        _, old[i] = dsync.scale_replica_set_and_record_event(dc, rs, r - n, d)
        total += n
    return old, total


def scale_down_old_for_rolling(dc, all_rss: list, old: list[dict], d: dict) -> int:
    """scaleDownOldReplicaSetsForRollingUpdate: never below replicas − maxUnavailable available."""
    min_available = util.replicas_of(d) - util.max_unavailable(d)
    available = util.available_count(all_rss)
    if available <= min_available:
        return 0
    total = 0
    to_scale = available - min_available
    for i, rs in enumerate(util.by_creation(old)):
        if total >= to_scale:
            break
        r = util.replicas_of(rs)
        if r == 0:
            continue
        n = min(r, to_scale - total)
        _, scaled = dsync.scale_replica_set_and_record_event(dc, rs, r - n, d)
        for j, o in enumerate(old):
            if o["metadata"]["uid"] == scaled["metadata"]["uid"]:
                old[j] = scaled
        total += n
    return total
