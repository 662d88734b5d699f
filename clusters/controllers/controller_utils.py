"""Helpers the workload controllers share, as kubernetes/kubernetes:pkg/controller/controller_utils.go
and pkg/api/v1/pod/util.go provide them upstream.

- ``Expectations``: ControllerExpectations / UIDTrackingControllerExpectations,
  which gate a controller's next create/delete burst until it has seen the
  effects of the last one (expire after ``EXPECTATIONS_TIMEOUT``).
- ``slow_start_batch``: creates in batches of 1, 2, 4 … and stops at the
  first error (``SlowStartInitialBatchSize = 1``).
- ``create_pod`` / ``delete_pod``: RealPodControl, with its events
  (SuccessfulCreate "Created pod: %v", FailedCreate "Error creating: %v",
  SuccessfulDelete "Deleted pod: %v", FailedDelete "Error deleting: %v").
- ``active_pods_less``: the ActivePodsWithRanks ordering used to pick which
  pods a scale-down removes first.
- pod readiness and availability (podutil.IsPodReady / IsPodAvailable).
"""
from __future__ import annotations

import functools
import math

from clusters import objects, timeutil
from clusters.apiserver import errors

# controller_utils.go
SLOW_START_INITIAL_BATCH_SIZE = 1
EXPECTATIONS_TIMEOUT = 300.0  # ExpectationsTimeout = 5 * time.Minute
FAILED_CREATE = "FailedCreate"
SUCCESSFUL_CREATE = "SuccessfulCreate"
FAILED_DELETE = "FailedDelete"
SUCCESSFUL_DELETE = "SuccessfulDelete"
# Annotation read by the PodDeletionCost feature (beta, on by default since 1.22).
POD_DELETION_COST = "controller.kubernetes.io/pod-deletion-cost"


class Expectations:
    """UIDTrackingControllerExpectations: pending creates as a count, deletes as pod keys."""

    def __init__(self, clock):
        self.clock = clock
        # controller key -> [adds, set of pod keys to see deleted, timestamp]
        self._store: dict[str, list] = {}

    def satisfied(self, key: str) -> bool:
        """SatisfiedExpectations: no record, fulfilled, or expired."""
        e = self._store.get(key)
        if e is None:
            return True
        if e[0] <= 0 and not e[1]:
            return True
        return self.clock.now - e[2] > EXPECTATIONS_TIMEOUT

    def expect_creations(self, key: str, adds: int) -> None:
        self._store[key] = [adds, set(), self.clock.now]

    def expect_deletions(self, key: str, pod_keys: list[str]) -> None:
        self._store[key] = [0, set(pod_keys), self.clock.now]

    def creation_observed(self, key: str) -> None:
        e = self._store.get(key)
        if e is not None:
            e[0] -= 1

    def deletion_observed(self, key: str, pod_key: str) -> None:
        e = self._store.get(key)
        if e is not None:
            e[1].discard(pod_key)

    def delete(self, key: str) -> None:
        self._store.pop(key, None)


def slow_start_batch(count: int, initial: int, fn, *args) -> tuple[int, Exception | None]:
    """controller_utils.go slowStartBatch: 1, 2, 4 … calls of ``fn(*args)``; stop at the first error.

    Returns (successes, first error or None).
    """
    remaining = count
    successes = 0
    batch = min(remaining, initial)
    while batch > 0:
        err = None
        ok = 0
        for _ in range(batch):
            try:
                fn(*args)
                ok += 1
            except errors.StatusError as e:
                if err is None:
                    err = e
        successes += ok
        if err is not None:
            return successes, err
        remaining -= batch
        batch = min(2 * batch, remaining)
    return successes, None


def namespace_terminating(e: errors.StatusError) -> bool:
    """apierrors.HasStatusCause(err, v1.NamespaceTerminatingCause)."""
    return e.code == 403 and "because it is being terminated" in e.message


def pod_from_template(template: dict, owner: dict, controller_ref: dict) -> dict:
    """GetPodFromTemplate: labels, annotations, finalizers and spec copied; generateName ``<owner>-``."""
    tm = template.get("metadata") or {}
    meta = {
        "generateName": owner["metadata"]["name"] + "-",
        "namespace": owner["metadata"].get("namespace"),
        "labels": dict(tm.get("labels") or {}),
        "ownerReferences": [dict(controller_ref)],
    }
    if tm.get("annotations"):
        meta["annotations"] = dict(tm["annotations"])
    if tm.get("finalizers"):
        meta["finalizers"] = list(tm["finalizers"])
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": objects.clone(template.get("spec") or {})}


def create_pod(controller, owner: dict, pod: dict, owned: bool = False) -> dict:
    """RealPodControl.CreatePods, with its events on the owner.

    ``owned``: ``pod`` was built for this call (pod_from_template) and is handed
    to the API server as it is, not copied again."""
    if not (pod["metadata"].get("labels")):
        raise errors.StatusError(500, "InternalError", "unable to create pods, no labels")
    try:
        created = controller.client.create("pods", pod, owner["metadata"].get("namespace"), owned=owned)
    except errors.StatusError as e:
        if not namespace_terminating(e):
            controller.recorder.event(owner, "Warning", FAILED_CREATE, f"Error creating: {e.message}")
        raise
    controller.recorder.event(owner, "Normal", SUCCESSFUL_CREATE, f"Created pod: {created['metadata']['name']}")
    return created


def delete_pod(controller, owner: dict, pod: dict) -> None:
    """RealPodControl.DeletePod, with its events on the owner."""
    m = pod["metadata"]
    try:
        controller.client.delete("pods", m["name"], m["namespace"])
    except errors.StatusError as e:
        if e.code == 404:
            raise
        controller.recorder.event(owner, "Warning", FAILED_DELETE, f"Error deleting: {e.message}")
        raise
    controller.recorder.event(owner, "Normal", SUCCESSFUL_DELETE, f"Deleted pod: {m['name']}")


# -- pod state (pkg/api/v1/pod/util.go, controller_utils.go) ------------------

def is_pod_active(pod: dict) -> bool:
    """IsPodActive: not Succeeded, not Failed, not being deleted."""
    phase = (pod.get("status") or {}).get("phase")
    return phase != "Succeeded" and phase != "Failed" and not pod["metadata"].get("deletionTimestamp")


def ready_condition(pod: dict) -> dict | None:
    for c in (pod.get("status") or {}).get("conditions") or ():
        if c.get("type") == "Ready":
            return c
    return None


def is_pod_ready(pod: dict) -> bool:
    c = ready_condition(pod)
    return c is not None and c.get("status") == "True"


def is_pod_available(pod: dict, min_ready_seconds: int, now: float) -> bool:
    """IsPodAvailable: ready, and ready for more than minReadySeconds (``now`` in epoch seconds)."""
    c = ready_condition(pod)
    if c is None or c.get("status") != "True":
        return False
    if not min_ready_seconds:
        return True
    lt = c.get("lastTransitionTime")
    if not lt:
        return False
    return timeutil.parse_rfc3339(lt) + min_ready_seconds < now


def _ts(s: str | None) -> float | None:
    return timeutil.parse_rfc3339(s) if s else None


_PHASE_ORDINAL = {"Pending": 0, "Unknown": 1, "Running": 2}


def _deletion_cost(pod: dict) -> int:
    v = ((pod["metadata"].get("annotations") or {}).get(POD_DELETION_COST))
    try:
        return int(v) if v is not None else 0
    except ValueError:
        return 0


def _log_rank(t: float | None, now: float) -> int:
    # logarithmicRankDiff: int(log2(now - t in nanoseconds)), -1 when not positive.
    if t is None:
        return -1
    d = (now - t) * 1e9
    return int(math.log2(d)) if d > 0 else -1


def _max_restarts(pod: dict) -> int:
    return max((cs.get("restartCount", 0) for cs in (pod.get("status") or {}).get("containerStatuses") or ()), default=0)


def rank_for_deletion(pods: list[dict], related: list[dict], now: float) -> list[dict]:
    """getPodsRankedByRelatedPodsOnSameNode + sort.Sort(ActivePodsWithRanks); first is deleted first.

    ``now`` is epoch seconds (LogarithmicScaleDown is on by default since 1.22).
    """
    on_node: dict[str, int] = {}
    for p in related:
        if is_pod_active(p):
            n = p["spec"].get("nodeName") or ""
            on_node[n] = on_node.get(n, 0) + 1
    keyed = []
    for p in pods:
        st = p.get("status") or {}
        ready = is_pod_ready(p)
        rc = ready_condition(p)
        keyed.append((p, {
            "node": p["spec"].get("nodeName") or "",
            "phase": _PHASE_ORDINAL.get(st.get("phase"), 3),
            "ready": ready,
            "cost": _deletion_cost(p),
            "rank": on_node.get(p["spec"].get("nodeName") or "", 0),
            "ready_rank": _log_rank(_ts(rc.get("lastTransitionTime")) if ready and rc else None, now),
            "ready_time": _ts(rc.get("lastTransitionTime")) if ready and rc else None,
            "restarts": _max_restarts(p),
            "created": _ts(p["metadata"].get("creationTimestamp")),
            "created_rank": _log_rank(_ts(p["metadata"].get("creationTimestamp")), now),
            "uid": p["metadata"].get("uid", ""),
        }))
    keyed.sort(key=functools.cmp_to_key(_compare))
    return [p for p, _ in keyed]


def _compare(a, b) -> int:
    """ActivePodsWithRanks.Less as a three-way comparison."""
    x, y = a[1], b[1]
    # 1. unassigned < assigned
    if x["node"] != y["node"] and (not x["node"] or not y["node"]):
        return -1 if not x["node"] else 1
    # 2. Pending < Unknown < Running
    if x["phase"] != y["phase"]:
        return -1 if x["phase"] < y["phase"] else 1
    # 3. not ready < ready
    if x["ready"] != y["ready"]:
        return -1 if not x["ready"] else 1
    # 4. lower pod-deletion-cost first
    if x["cost"] != y["cost"]:
        return -1 if x["cost"] < y["cost"] else 1
    # 5. doubled up (more related pods on the same node) first
    if x["rank"] != y["rank"]:
        return -1 if x["rank"] > y["rank"] else 1
    # 6. ready for less time first (logarithmic buckets, then UID)
    if x["ready"] and y["ready"] and x["ready_time"] != y["ready_time"]:
        if x["ready_rank"] != y["ready_rank"]:
            return -1 if x["ready_rank"] < y["ready_rank"] else 1
        return -1 if x["uid"] < y["uid"] else (1 if x["uid"] > y["uid"] else 0)
    # 7. more restarts first
    if x["restarts"] != y["restarts"]:
        return -1 if x["restarts"] > y["restarts"] else 1
    # 8. newer first (logarithmic buckets, then UID)
    if x["created"] != y["created"]:
        if x["created_rank"] != y["created_rank"]:
            return -1 if x["created_rank"] < y["created_rank"] else 1
        return -1 if x["uid"] < y["uid"] else (1 if x["uid"] > y["uid"] else 0)
    return 0


# -- ownership (ControllerRefManager in controller_ref_manager.go) ------------

def controller_ref(owner: dict) -> dict:
    """metav1.NewControllerRef: controller and blockOwnerDeletion both true."""
    return objects.owner_ref(owner, controller=True)


def adopt_patch(owner: dict, obj: dict) -> dict:
    """The strategic-merge patch ControllerRefManager sends to adopt (ownerReferences merge by uid)."""
    refs = [r for r in obj["metadata"].get("ownerReferences") or () if r.get("uid") != owner["metadata"]["uid"]]
    refs.append(controller_ref(owner))
    return refs


def release(controller, plural: str, owner_uid: str, obj: dict) -> None:
    """ReleasePod / ReleaseReplicaSet (controller_ref_manager.go): drop the owner's
    reference; an object already gone or changed meanwhile is left as it is."""
    new = objects.clone(obj)
    refs = [r for r in obj["metadata"].get("ownerReferences") or () if r.get("uid") != owner_uid]
    if refs:
        new["metadata"]["ownerReferences"] = refs
    else:
        new["metadata"].pop("ownerReferences", None)
    try:
        controller.client.update(plural, new)
    except errors.StatusError as e:
        if e.code not in (404, 409):
            raise


def now_epoch(cluster) -> float:
    return cluster.epoch + cluster.clock.now
