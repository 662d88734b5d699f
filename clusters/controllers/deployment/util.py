"""Deployment helpers, after kubernetes/kubernetes:pkg/controller/deployment/util/deployment_util.go
and pkg/controller/controller_utils.go (ComputeHash).
"""
from __future__ import annotations

import functools
import json
import math

from clusters import objects, timeutil
from clusters.randomness import ALPHANUMS
from clusters.strings import isdigits

# apps/v1 DefaultDeploymentUniqueLabelKey
POD_TEMPLATE_HASH = "pod-template-hash"
# deployment_util.go annotation keys
REVISION = "deployment.kubernetes.io/revision"
REVISION_HISTORY = "deployment.kubernetes.io/revision-history"
DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas"
MAX_REPLICAS = "deployment.kubernetes.io/max-replicas"
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
CHANGE_CAUSE = "kubernetes.io/change-cause"
# Annotations never copied from a Deployment to its ReplicaSets (annotationsToSkip).
ANNOTATIONS_TO_SKIP = frozenset({
    LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS,
    "deprecated.deployment.rollback.to",
})
# deployment_controller.go maxRevHistoryLengthInChars
MAX_REV_HISTORY_LENGTH = 2000

# Condition reasons (deployment_util.go)
REPLICASET_UPDATED = "ReplicaSetUpdated"
FAILED_RS_CREATE = "ReplicaSetCreateError"
NEW_RS_CREATED = "NewReplicaSetCreated"
FOUND_NEW_RS = "FoundNewReplicaSet"
NEW_RS_AVAILABLE = "NewReplicaSetAvailable"
TIMED_OUT = "ProgressDeadlineExceeded"
PAUSED = "DeploymentPaused"
RESUMED = "DeploymentResumed"
MIN_AVAILABLE = "MinimumReplicasAvailable"
MIN_UNAVAILABLE = "MinimumReplicasUnavailable"


# -- hashing ------------------------------------------------------------------

def _fnv32a(data: bytes) -> int:
    h = 0x811C9DC5
    for b in data:
        h ^= b
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def safe_encode(s: str) -> str:
    """k8s.io/apimachinery/pkg/util/rand SafeEncodeString: each byte mapped onto the name alphabet."""
    return "".join(ALPHANUMS[ord(ch) % len(ALPHANUMS)] for ch in s)


def compute_hash(template: dict, collision_count: int | None) -> str:
    """controller.ComputeHash: fnv32a of the template, plus the collision count, safe-encoded.

    Upstream hashes the Go struct as spew prints it; we hash canonical JSON
    instead, so the value differs from a real cluster's but has its shape
    (``7d4b9c6f5``) and its properties: same template, same hash.
    """
    data = json.dumps(template, sort_keys=True, separators=(",", ":")).encode()
    if collision_count is not None:
        data += int(collision_count).to_bytes(4, "little")
    return safe_encode(str(_fnv32a(data)))


def template_without_hash(template: dict) -> dict:
    t = objects.clone(template)
    labels = (t.get("metadata") or {}).get("labels")
    if labels:
        labels.pop(POD_TEMPLATE_HASH, None)
    return t


def _without(d: dict, key: str) -> dict:
    return {k: v for k, v in d.items() if k != key} if key in d else d


def equal_ignore_hash(a: dict, b: dict) -> bool:
    """EqualIgnoreHash: templates equal once the pod-template-hash label is dropped (no copies made)."""
    if a.get("spec") != b.get("spec"):
        return False
    am = a.get("metadata") or {}
    bm = b.get("metadata") or {}
    if _without(am.get("labels") or {}, POD_TEMPLATE_HASH) != _without(bm.get("labels") or {}, POD_TEMPLATE_HASH):
        return False
    if _without(am, "labels") != _without(bm, "labels"):
        return False
    return _without(a, "metadata") == _without(b, "metadata")


# -- int-or-percent maths ------------------------------------------------------

def scaled_value(value, total: int, round_up: bool) -> int:
    """intstr.GetScaledValueFromIntOrPercent."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    s = str(value)
    if s.endswith("%"):
        pct = int(s[:-1])
        v = pct * total / 100
        return math.ceil(v) if round_up else math.floor(v)
    return int(s)


def is_rolling(d: dict) -> bool:
    return ((d["spec"].get("strategy") or {}).get("type") or "RollingUpdate") == "RollingUpdate"


def resolve_fenceposts(max_surge, max_unavailable, desired: int) -> tuple[int, int]:
    """ResolveFenceposts: surge rounds up, unavailable down; both 0 makes unavailable 1."""
    surge = scaled_value(max_surge if max_surge is not None else 0, desired, True)
    unavailable = scaled_value(max_unavailable if max_unavailable is not None else 0, desired, False)
    if surge == 0 and unavailable == 0:
        unavailable = 1
    return surge, unavailable


def _ru(d: dict) -> dict:
    return (d["spec"].get("strategy") or {}).get("rollingUpdate") or {}


def replicas_of(obj: dict) -> int:
    r = obj["spec"].get("replicas")
    return 1 if r is None else int(r)


def max_surge(d: dict) -> int:
    if not is_rolling(d):
        return 0
    ru = _ru(d)
    return resolve_fenceposts(ru.get("maxSurge"), ru.get("maxUnavailable"), replicas_of(d))[0]


def max_unavailable(d: dict) -> int:
    replicas = replicas_of(d)
    if not is_rolling(d) or replicas == 0:
        return 0
    ru = _ru(d)
    mu = resolve_fenceposts(ru.get("maxSurge"), ru.get("maxUnavailable"), replicas)[1]
    return min(mu, replicas)


# -- replica set lists -----------------------------------------------------------

def rs_replicas(rs: dict | None) -> int:
    return 0 if rs is None else replicas_of(rs)


def replica_count(rss) -> int:
    """GetReplicaCountForReplicaSets: sum of spec.replicas."""
    return sum(replicas_of(rs) for rs in rss if rs is not None)


def actual_count(rss) -> int:
    """GetActualReplicaCountForReplicaSets: sum of status.replicas."""
    return sum((rs.get("status") or {}).get("replicas", 0) for rs in rss if rs is not None)


def ready_count(rss) -> int:
    return sum((rs.get("status") or {}).get("readyReplicas", 0) for rs in rss if rs is not None)


def available_count(rss) -> int:
    return sum((rs.get("status") or {}).get("availableReplicas", 0) for rs in rss if rs is not None)


def active(rss) -> list[dict]:
    """FilterActiveReplicaSets: those with spec.replicas > 0."""
    return [rs for rs in rss if rs is not None and replicas_of(rs) > 0]


@functools.lru_cache(maxsize=4096)
def _parse_time(ts: str) -> float:
    return timeutil.parse_rfc3339(ts)


def _created(rs: dict) -> float:
    return _parse_time(rs["metadata"]["creationTimestamp"])


def by_creation(rss) -> list[dict]:
    """ReplicaSetsByCreationTimestamp: oldest first, then by name."""
    return sorted(rss, key=lambda rs: (_created(rs), rs["metadata"]["name"]))


def by_size_newer(rss) -> list[dict]:
    """ReplicaSetsBySizeNewer: larger first; equal sizes newer first."""
    return sorted(rss, key=lambda rs: (-replicas_of(rs), -_created(rs), _neg_name(rs)))


def by_size_older(rss) -> list[dict]:
    """ReplicaSetsBySizeOlder: larger first; equal sizes older first."""
    return sorted(rss, key=lambda rs: (-replicas_of(rs), _created(rs), rs["metadata"]["name"]))


def _neg_name(rs: dict):
    return tuple(-ord(c) for c in rs["metadata"]["name"])


def revision(rs: dict) -> int:
    v = (rs["metadata"].get("annotations") or {}).get(REVISION)
    try:
        return int(v) if v else 0
    except ValueError:
        return 0


def max_revision(rss) -> int:
    return max((revision(rs) for rs in rss if rs is not None), default=0)


def last_revision(rss) -> int:
    """LastRevision: the second-highest revision."""
    mx = sec = 0
    for rs in rss:
        v = revision(rs)
        if v >= mx:
            sec, mx = mx, v
        elif v > sec:
            sec = v
    return sec


def by_revision(rss) -> list[dict]:
    """ReplicaSetsByRevision: lowest revision first, then by creation."""
    return sorted(rss, key=lambda rs: (revision(rs), _created(rs), rs["metadata"]["name"]))


def find_new(d: dict, rss) -> dict | None:
    """FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's."""
    for rs in by_creation(rss):
        if equal_ignore_hash(rs["spec"]["template"], d["spec"]["template"]):
            return rs
    return None


# -- annotations ------------------------------------------------------------------

def copy_annotations(d: dict, rs: dict) -> bool:
    """copyDeploymentAnnotationsToReplicaSet (mutates rs); True when something changed."""
    ann = rs["metadata"].setdefault("annotations", {})
    changed = False
    for k, v in ((d["metadata"].get("annotations") or {}).items()):
        if k in ANNOTATIONS_TO_SKIP or ann.get(k) == v:
            continue
        ann[k] = v
        changed = True
    return changed


def set_replicas_annotations(rs: dict, desired: int, max_replicas: int) -> bool:
    ann = rs["metadata"].setdefault("annotations", {})
    changed = False
    if ann.get(DESIRED_REPLICAS) != str(desired):
        ann[DESIRED_REPLICAS] = str(desired)
        changed = True
    if ann.get(MAX_REPLICAS) != str(max_replicas):
        ann[MAX_REPLICAS] = str(max_replicas)
        changed = True
    return changed


def replicas_annotations_need_update(rs: dict, desired: int, max_replicas: int) -> bool:
    ann = rs["metadata"].get("annotations") or {}
    return ann.get(DESIRED_REPLICAS) != str(desired) or ann.get(MAX_REPLICAS) != str(max_replicas)


def set_new_rs_annotations(d: dict, rs: dict, new_revision: str, exists: bool) -> bool:
    """SetNewReplicaSetAnnotations (mutates rs)."""
    changed = copy_annotations(d, rs)
    ann = rs["metadata"].setdefault("annotations", {})
    old = ann.get(REVISION)
    # Upstream compares the revisions as numbers (it once compared strings).
    old_n = int(old) if old and isdigits(old) else 0
    if old_n < int(new_revision):
        ann[REVISION] = new_revision
        changed = True
    if old is not None and changed and old != ann[REVISION]:
        hist = ann.get(REVISION_HISTORY, "")
        entries = [e for e in hist.split(",") if e] + [old]
        text = ",".join(entries)
        while len(text) > MAX_REV_HISTORY_LENGTH and len(entries) > 1:
            entries = entries[1:]
            text = ",".join(entries)
        ann[REVISION_HISTORY] = text
    if not exists:
        replicas = replicas_of(d)
        if set_replicas_annotations(rs, replicas, replicas + max_surge(d)):
            changed = True
    return changed


def desired_replicas_annotation(rs: dict) -> int | None:
    v = (rs["metadata"].get("annotations") or {}).get(DESIRED_REPLICAS)
    try:
        return int(v) if v is not None else None
    except ValueError:
        return None


def max_replicas_annotation(rs: dict) -> int | None:
    v = (rs["metadata"].get("annotations") or {}).get(MAX_REPLICAS)
    try:
        return int(v) if v is not None else None
    except ValueError:
        return None


# -- conditions ---------------------------------------------------------------------

def get_condition(status: dict, type_: str) -> dict | None:
    for c in status.get("conditions") or ():
        if c.get("type") == type_:
            return c
    return None


def new_condition(type_: str, status: str, reason: str, message: str, now: str) -> dict:
    return {"type": type_, "status": status, "lastUpdateTime": now, "lastTransitionTime": now,
            "reason": reason, "message": message}


def set_condition(status: dict, cond: dict) -> None:
    """SetDeploymentCondition: no-op for the same status and reason; keeps lastTransitionTime if status is unchanged."""
    cur = get_condition(status, cond["type"])
    if cur is not None and cur.get("status") == cond["status"] and cur.get("reason") == cond["reason"]:
        return
    if cur is not None and cur.get("status") == cond["status"]:
        cond["lastTransitionTime"] = cur.get("lastTransitionTime")
    status["conditions"] = [c for c in status.get("conditions") or () if c.get("type") != cond["type"]] + [cond]


def remove_condition(status: dict, type_: str) -> None:
    status["conditions"] = [c for c in status.get("conditions") or () if c.get("type") != type_]


def has_progress_deadline(d: dict) -> bool:
    # HasProgressDeadline: set and not MaxInt32
    pds = d["spec"].get("progressDeadlineSeconds")
    return pds is not None and pds != 2147483647


def deployment_complete(d: dict, status: dict) -> bool:
    r = replicas_of(d)
    return (status.get("updatedReplicas", 0) == r and status.get("replicas", 0) == r
            and status.get("availableReplicas", 0) == r
            and status.get("observedGeneration", 0) >= d["metadata"].get("generation", 1))


def deployment_progressing(d: dict, new: dict) -> bool:
    old = d.get("status") or {}
    old_old = old.get("replicas", 0) - old.get("updatedReplicas", 0)
    new_old = new.get("replicas", 0) - new.get("updatedReplicas", 0)
    return (new.get("updatedReplicas", 0) > old.get("updatedReplicas", 0)
            or new.get("readyReplicas", 0) > old.get("readyReplicas", 0)
            or new_old < old_old
            or new.get("availableReplicas", 0) > old.get("availableReplicas", 0))


def deployment_timed_out(d: dict, status: dict, now: float) -> bool:
    """DeploymentTimedOut: the Progressing condition's lastUpdateTime + progressDeadlineSeconds is past."""
    if not has_progress_deadline(d):
        return False
    c = get_condition(status, "Progressing")
    if c is None:
        return False
    if c.get("reason") == NEW_RS_AVAILABLE:
        return False
    if c.get("reason") == TIMED_OUT:
        return True
    frm = _parse_time(c["lastUpdateTime"])
    return frm + d["spec"]["progressDeadlineSeconds"] < now


def new_rs_new_replicas(d: dict, all_rss, new_rs: dict) -> int:
    """NewRSNewReplicas: how big the new ReplicaSet may be now."""
    replicas = replicas_of(d)
    if is_rolling(d):
        ru = _ru(d)
        surge = scaled_value(ru.get("maxSurge") if ru.get("maxSurge") is not None else 0, replicas, True)
        current = replica_count(all_rss)
        max_total = replicas + surge
        if current >= max_total:
            return replicas_of(new_rs)
        up = min(max_total - current, replicas - replicas_of(new_rs))
        return replicas_of(new_rs) + up
    return replicas


def is_saturated(d: dict, rs: dict | None) -> bool:
    if rs is None:
        return False
    desired = desired_replicas_annotation(rs)
    if desired is None:
        return False
    r = replicas_of(d)
    return replicas_of(rs) == r and desired == r and (rs.get("status") or {}).get("availableReplicas", 0) == r


def find_active_or_latest(new_rs: dict | None, old_rss: list[dict]) -> dict | None:
    """FindActiveOrLatest: the only active ReplicaSet, or the newest when none is active."""
    if new_rs is None and not old_rss:
        return None
    olds = sorted(old_rss, key=lambda rs: (_created(rs), rs["metadata"]["name"]), reverse=True)
    all_active = active(olds + [new_rs])
    if not all_active:
        return new_rs if new_rs is not None else olds[0]
    if len(all_active) == 1:
        return all_active[0]
    return None


def get_proportion(rs: dict, d: dict, to_add: int, added: int) -> int:
    """GetProportion: this ReplicaSet's share of a proportional scale."""
    if rs is None or replicas_of(rs) == 0 or to_add == 0 or to_add == added:
        return 0
    fraction = _rs_fraction(rs, d)
    allowed = to_add - added
    if to_add > 0:
        return min(fraction, allowed)
    return max(fraction, allowed)


def _rs_fraction(rs: dict, d: dict) -> int:
    if replicas_of(d) == 0:
        return -replicas_of(rs)
    deployment_replicas = replicas_of(d) + max_surge(d)
    annotated = max_replicas_annotation(rs)
    if annotated is None:
        annotated = (d.get("status") or {}).get("replicas", 0)
    if not annotated:
        return 0
    size = replicas_of(rs) * deployment_replicas / annotated
    # integer.RoundToInt32: math.Round, halves away from zero
    rounded = int(math.floor(size + 0.5)) if size >= 0 else -int(math.floor(-size + 0.5))
    return rounded - replicas_of(rs)
