"""Scaling, the new ReplicaSet, history cleanup and status, after
kubernetes/kubernetes:pkg/controller/deployment/sync.go.

``dc`` is the DeploymentController; ``d`` is a private copy of the
Deployment that these functions may change and write back.
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import errors
from clusters.controllers import controller_utils as cu
from clusters.controllers.deployment import util


def write_status(dc, d: dict) -> dict:
    """UpdateStatus, returning a private copy of what was stored."""
    return objects.clone(dc.client.update_status("deployments", d))


def write_annotations(dc, d: dict, annotations: dict) -> dict:
    """Upstream carries the revision annotation on its UpdateStatus call (the status strategy keeps
    metadata); here it goes through a metadata-only update first, then status is written."""
    fresh = dc.api.get("deployments", d["metadata"]["name"], d["metadata"]["namespace"])
    new = objects.clone(fresh)
    new["metadata"]["annotations"] = annotations
    stored = dc.client.update("deployments", new)
    d["metadata"] = objects.clone(stored["metadata"])
    return d


def sync_revision_annotation(dc, d: dict, rev: str) -> bool:
    """SetDeploymentRevision; writes the annotation when it changed."""
    ann = dict(d["metadata"].get("annotations") or {})
    if ann.get(util.REVISION) == rev:
        return False
    ann[util.REVISION] = rev
    write_annotations(dc, d, ann)
    return True


def find_old(d: dict, rss: list[dict], new_rs: dict | None) -> list[dict]:
    """FindOldReplicaSets (all of them)."""
    return [rs for rs in rss if new_rs is None or rs["metadata"]["uid"] != new_rs["metadata"]["uid"]]


def get_all_and_sync_revision(dc, d: dict, rss: list[dict], create: bool):
    new_rs = util.find_new(d, rss)
    old = find_old(d, rss, new_rs)
    new_rs = get_new_replica_set(dc, d, rss, old, new_rs, create)
    return new_rs, old


def get_new_replica_set(dc, d: dict, rss: list[dict], old_rss: list[dict], existing: dict | None, create: bool):
    """getNewReplicaSet: sync the existing new ReplicaSet's annotations, or create it."""
    new_revision = str(util.max_revision(old_rss) + 1)
    if existing is not None:
        # Copy on write: only the parts this function changes are copied; callers
        # that change more clone first (scale_replica_set), and stored objects stay
        # untouched. A full copy per sync was a fifth of a big rollout's cost.
        rs_copy = dict(existing)
        rs_copy["metadata"] = m = dict(existing["metadata"])
        if m.get("annotations") is not None:
            m["annotations"] = dict(m["annotations"])
        rs_copy["spec"] = dict(existing["spec"])
        updated = util.set_new_rs_annotations(d, rs_copy, new_revision, True)
        mrs = d["spec"].get("minReadySeconds") or 0
        if updated or (rs_copy["spec"].get("minReadySeconds") or 0) != mrs:
            if mrs:
                rs_copy["spec"]["minReadySeconds"] = mrs
            else:
                rs_copy["spec"].pop("minReadySeconds", None)
            return objects.clone(dc.client.update("replicasets", rs_copy))
        sync_revision_annotation(dc, d, rs_copy["metadata"]["annotations"].get(util.REVISION, ""))
        cond = util.get_condition(d.get("status") or {}, "Progressing")
        if util.has_progress_deadline(d) and cond is None:
            st = d.setdefault("status", {})
            util.set_condition(st, util.new_condition("Progressing", "True", util.FOUND_NEW_RS,
                                                      f'Found new replica set "{rs_copy["metadata"]["name"]}"', dc.now_ts()))
            d.update(write_status(dc, d))
        return rs_copy
    if not create:
        return None
    template = objects.clone(d["spec"]["template"])
    collision = (d.get("status") or {}).get("collisionCount")
    h = util.compute_hash(template, collision)
    labels = dict((template.get("metadata") or {}).get("labels") or {})
    labels[util.POD_TEMPLATE_HASH] = h
    template.setdefault("metadata", {})["labels"] = labels
    selector = objects.clone(d["spec"]["selector"])
    selector.setdefault("matchLabels", {})[util.POD_TEMPLATE_HASH] = h
    name = f'{d["metadata"]["name"]}-{h}'
    new_rs = {
        "apiVersion": "apps/v1", "kind": "ReplicaSet",
        "metadata": {"name": name, "namespace": d["metadata"]["namespace"],
                     "ownerReferences": [cu.controller_ref(d)], "labels": dict(labels)},
        "spec": {"replicas": 0, "selector": selector, "template": template},
    }
    if d["spec"].get("minReadySeconds"):
        new_rs["spec"]["minReadySeconds"] = d["spec"]["minReadySeconds"]
    count = util.new_rs_new_replicas(d, old_rss + [new_rs], new_rs)
    new_rs["spec"]["replicas"] = count
    util.set_new_rs_annotations(d, new_rs, new_revision, False)
    already = False
    try:
        created = objects.clone(dc.client.create("replicasets", new_rs, d["metadata"]["namespace"]))
    except errors.StatusError as e:
        if e.reason == "AlreadyExists":
            already = True
            rs = dc.api.try_get("replicasets", name, d["metadata"]["namespace"])
            ref = objects.controller_of(rs) if rs else None
            if rs is not None and ref is not None and ref.get("uid") == d["metadata"]["uid"] and \
                    util.equal_ignore_hash(d["spec"]["template"], rs["spec"]["template"]):
                created = objects.clone(rs)
            else:
                # A hash collision: bump collisionCount and try again on the next sync.
                st = d.setdefault("status", {})
                st["collisionCount"] = (st.get("collisionCount") or 0) + 1
                write_status(dc, d)
                dc.cluster.log(dc.name, f"Found a hash collision for deployment {d['metadata']['name']} - bumping collisionCount to resolve it")
                raise
        elif cu.namespace_terminating(e):
            raise
        else:
            msg = f'Failed to create new replica set "{name}": {e.message}'
            if util.has_progress_deadline(d):
                util.set_condition(d.setdefault("status", {}),
                                   util.new_condition("Progressing", "False", util.FAILED_RS_CREATE, msg, dc.now_ts()))
                try:
                    write_status(dc, d)
                except errors.StatusError:
                    pass
            dc.recorder.event(d, "Warning", util.FAILED_RS_CREATE, msg)
            raise
    if not already and count > 0:
        dc.recorder.event(d, "Normal", "ScalingReplicaSet", f"Scaled up replica set {created['metadata']['name']} from 0 to {count}")
    sync_revision_annotation(dc, d, new_revision)
    if not already and util.has_progress_deadline(d):
        util.set_condition(d.setdefault("status", {}),
                           util.new_condition("Progressing", "True", util.NEW_RS_CREATED,
                                              f'Created new replica set "{created["metadata"]["name"]}"', dc.now_ts()))
        d.update(write_status(dc, d))
    return created


def scale_replica_set_and_record_event(dc, rs: dict, new_scale: int, d: dict):
    if util.replicas_of(rs) == new_scale:
        return False, rs
    op = "up" if util.replicas_of(rs) < new_scale else "down"
    return scale_replica_set(dc, rs, new_scale, d, op)


def scale_replica_set(dc, rs: dict, new_scale: int, d: dict, op: str):
    """scaleReplicaSet: spec.replicas and the desired/max-replicas annotations, and the ScalingReplicaSet event."""
    size_changes = util.replicas_of(rs) != new_scale
    replicas = util.replicas_of(d)
    max_r = replicas + util.max_surge(d)
    if not size_changes and not util.replicas_annotations_need_update(rs, replicas, max_r):
        return False, rs
    old_scale = util.replicas_of(rs)
    rs_copy = objects.clone(rs)
    rs_copy["spec"]["replicas"] = new_scale
    util.set_replicas_annotations(rs_copy, replicas, max_r)
    stored = objects.clone(dc.client.update("replicasets", rs_copy))
    if size_changes:
        # sync.go (1.27+): "Scaled %s replica set %s from %d to %d"
        dc.recorder.event(d, "Normal", "ScalingReplicaSet", f"Scaled {op} replica set {stored['metadata']['name']} from {old_scale} to {new_scale}")
    return size_changes, stored


def scale(dc, d: dict, new_rs: dict | None, old_rss: list[dict]) -> None:
    """scale: one active ReplicaSet takes the whole count; otherwise scale proportionally."""
    target = util.find_active_or_latest(new_rs, old_rss)
    if target is not None:
        if util.replicas_of(target) == util.replicas_of(d):
            return
        scale_replica_set_and_record_event(dc, target, util.replicas_of(d), d)
        return
    if util.is_saturated(d, new_rs):
        for old in util.active(old_rss):
            scale_replica_set_and_record_event(dc, old, 0, d)
        return
    if not util.is_rolling(d):
        return
    all_rss = util.active(old_rss + [new_rs])
    total = util.replica_count(all_rss)
    allowed = util.replicas_of(d) + util.max_surge(d) if util.replicas_of(d) > 0 else 0
    to_add = allowed - total
    op = ""
    if to_add > 0:
        all_rss = util.by_size_newer(all_rss)
        op = "up"
    elif to_add < 0:
        all_rss = util.by_size_older(all_rss)
        op = "down"
    added = 0
    sizes: dict[str, int] = {}
    for rs in all_rss:
        if to_add != 0:
            p = util.get_proportion(rs, d, to_add, added)
            sizes[rs["metadata"]["name"]] = util.replicas_of(rs) + p
            added += p
        else:
            sizes[rs["metadata"]["name"]] = util.replicas_of(rs)
    for i, rs in enumerate(all_rss):
        n = rs["metadata"]["name"]
        if i == 0 and to_add != 0:
            sizes[n] = max(0, sizes[n] + to_add - added)
        scale_replica_set(dc, rs, sizes[n], d, op)


def is_scaling_event(dc, d: dict, rss: list[dict]) -> bool:
    """isScalingEvent: an active ReplicaSet's desired-replicas annotation differs from spec.replicas."""
    new_rs, old = get_all_and_sync_revision(dc, d, rss, False)
    for rs in util.active(old + [new_rs]):
        desired = util.desired_replicas_annotation(rs)
        if desired is None:
            continue
        if desired != util.replicas_of(d):
            return True
    return False


def sync(dc, d: dict, rss: list[dict]):
    """sync: reconcile scale (paused deployments and scaling events), clean up when paused, write status."""
    new_rs, old = get_all_and_sync_revision(dc, d, rss, False)
    scale(dc, d, new_rs, old)
    if d["spec"].get("paused"):
        cleanup(dc, old, d)
    rss = dc.replica_sets_for(d)
    new_rs = util.find_new(d, rss)
    old = find_old(d, rss, new_rs)
    return sync_deployment_status(dc, old + [new_rs], new_rs, d)


def sync_status_only(dc, d: dict, rss: list[dict]):
    new_rs, old = get_all_and_sync_revision(dc, d, rss, False)
    return sync_deployment_status(dc, old + [new_rs], new_rs, d)


def sync_deployment_status(dc, all_rss: list, new_rs: dict | None, d: dict):
    status = calculate_status(dc, [rs for rs in all_rss if rs is not None], new_rs, d)
    if (d.get("status") or {}) == status:
        return None
    d["status"] = status
    write_status(dc, d)
    return None


def calculate_status(dc, all_rss: list[dict], new_rs: dict | None, d: dict) -> dict:
    """calculateStatus: counts from the ReplicaSets, and the Available condition."""
    available = util.available_count(all_rss)
    total = util.replica_count(all_rss)
    unavailable = max(0, total - available)
    old = d.get("status") or {}
    status: dict = {}
    fields = (
        ("observedGeneration", d["metadata"].get("generation", 1)),
        ("replicas", util.actual_count(all_rss)),
        ("updatedReplicas", util.actual_count([new_rs]) if new_rs is not None else 0),
        ("readyReplicas", util.ready_count(all_rss)),
        ("availableReplicas", available),
        ("unavailableReplicas", unavailable),
    )
    for k, v in fields:
        if v:  # DeploymentStatus fields are all omitempty
            status[k] = v
    status["conditions"] = [dict(c) for c in old.get("conditions") or ()]
    if old.get("collisionCount") is not None:
        status["collisionCount"] = old["collisionCount"]
    if available >= util.replicas_of(d) - util.max_unavailable(d):
        util.set_condition(status, util.new_condition("Available", "True", util.MIN_AVAILABLE,
                                                      "Deployment has minimum availability.", dc.now_ts()))
    else:
        util.set_condition(status, util.new_condition("Available", "False", util.MIN_UNAVAILABLE,
                                                       "Deployment does not have minimum availability.", dc.now_ts()))
    if not status["conditions"]:
        del status["conditions"]
    return _ordered(status)


_ORDER = ("observedGeneration", "replicas", "updatedReplicas", "readyReplicas", "availableReplicas",
          "unavailableReplicas", "conditions", "collisionCount")


def _ordered(status: dict) -> dict:
    return {k: status[k] for k in _ORDER if k in status}


def cleanup(dc, old_rss: list[dict], d: dict) -> None:
    """cleanupDeployment: delete the oldest fully scaled-down ReplicaSets beyond revisionHistoryLimit."""
    limit = d["spec"].get("revisionHistoryLimit")
    if limit is None:
        return
    cleanable = [rs for rs in old_rss if rs is not None and not rs["metadata"].get("deletionTimestamp")]
    diff = len(cleanable) - limit
    if diff <= 0:
        return
    for rs in util.by_revision(cleanable)[:diff]:
        st = rs.get("status") or {}
        if st.get("replicas", 0) != 0 or util.replicas_of(rs) != 0 or \
                rs["metadata"].get("generation", 1) > st.get("observedGeneration", 0):
            continue
        try:
            dc.client.delete("replicasets", rs["metadata"]["name"], rs["metadata"]["namespace"])
        except errors.StatusError as e:
            if e.code != 404:
                raise
