"""The Recreate strategy, after kubernetes/kubernetes:pkg/controller/deployment/recreate.go:
scale every old ReplicaSet to zero, wait until no old pod is left running,
then create or scale up the new ReplicaSet.
"""
from __future__ import annotations

from clusters.controllers.deployment import progress, sync as dsync
from clusters.controllers.deployment import util


def rollout_recreate(dc, d: dict, rss: list[dict]):
    new_rs, old = dsync.get_all_and_sync_revision(dc, d, rss, False)
    scaled_down = False
    for i, rs in enumerate(old):
        if util.replicas_of(rs) == 0:
            continue
        scaled, old[i] = dsync.scale_replica_set_and_record_event(dc, rs, 0, d)
        scaled_down = scaled_down or scaled
    if scaled_down:
        return progress.sync_rollout_status(dc, old + [new_rs], new_rs, d)
    if old_pods_running(dc, new_rs, old, d):
        return progress.sync_rollout_status(dc, old + [new_rs], new_rs, d)
    if new_rs is None:
        new_rs, old = dsync.get_all_and_sync_revision(dc, d, dc.replica_sets_for(d), True)
    _, new_rs = dsync.scale_replica_set_and_record_event(dc, new_rs, util.replicas_of(d), d)
    if util.deployment_complete(d, d.get("status") or {}):
        dsync.cleanup(dc, old, d)
    return progress.sync_rollout_status(dc, old + [new_rs], new_rs, d)


def old_pods_running(dc, new_rs: dict | None, old: list[dict], d: dict) -> bool:
    """oldPodsRunning: any old ReplicaSet still counts pods, or an old pod is not Succeeded/Failed."""
    if util.actual_count(old) > 0:
        return True
    ns = d["metadata"]["namespace"]
    inf = dc.cluster.informers
    for rs in old:
        for pod in inf.owned_by(rs["metadata"]["uid"], f"/registry/pods/{ns}/"):
            if (pod.get("status") or {}).get("phase") not in ("Succeeded", "Failed"):
                return True
    return False
