"""POST pods/{name}/eviction: a DELETE that asks the pod's PodDisruptionBudget first.

A port of kubernetes/kubernetes:pkg/registry/core/pod/storage/eviction.go (1.32):

- a pod that is Pending, Succeeded, Failed or already being deleted is
  deleted without looking at budgets (canIgnorePDB);
- a pod selected by more than one budget is refused with a 500;
- an unready pod is deleted without spending the budget when the budget's
  unhealthyPodEvictionPolicy is AlwaysAllow, or (IfHealthyBudget, the
  default) when the budget is currently met;
- otherwise checkAndDecrement: a budget the disruption controller has not yet
  seen at its generation, or one with no disruption left, answers 429 Too Many
  Requests; a granted eviction spends one disruption and records the pod in
  status.disruptedPods, so the controller does not count it as healthy while
  it terminates.

A granted eviction gives the pod the DisruptionTarget condition
(EvictionByEvictionAPI) and deletes it with the eviction's grace period
(addConditionAndDeletePod).
"""
from __future__ import annotations

from typing import Any

from clusters import objects
from clusters.apiserver import disruption_budgets as budgets, errors

# MaxDisruptedPodSize: too many granted evictions the controller has not confirmed yet.
MAX_DISRUPTED_POD_SIZE = 2000
VIOLATES = "Cannot evict pod as it would violate the pod's disruption budget."
MULTIPLE = "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support."


def _ready(pod: dict) -> bool:
    """podutil.IsPodReady."""
    return any(c.get("type") == "Ready" and c.get("status") == "True"
               for c in (pod.get("status") or {}).get("conditions") or ())


def _can_ignore_pdb(pod: dict) -> bool:
    phase = (pod.get("status") or {}).get("phase")
    return phase in ("Succeeded", "Failed", "Pending") or bool(pod["metadata"].get("deletionTimestamp"))


def _too_many_requests(cause: str) -> errors.StatusError:
    # errors.NewTooManyRequests(message, retryAfterSeconds) with a DisruptionBudget cause.
    return errors.StatusError(429, "TooManyRequests", VIOLATES,
                              {"causes": [{"reason": budgets.DISRUPTION_BUDGET_CAUSE, "message": cause}]})


def evict(api, name: str, namespace: str, *, grace_period: int | None = None, dry_run: bool = False,
          actor: str = "kubectl", cause: Any = None) -> dict:
    """EvictionREST.Create; returns the metav1.Status of a granted eviction, raises a StatusError otherwise."""
    pod = api.get("pods", name, namespace)
    if not _can_ignore_pdb(pod):
        pdbs = [p for p in api.list("poddisruptionbudgets", namespace) if budgets.selects(p, pod)]
        if len(pdbs) > 1:
            # Returned as a metav1.Status with code 500 and no reason.
            raise errors.StatusError(500, "", MULTIPLE)
        if pdbs and not _spare_unhealthy(pdbs[0], pod):
            _check_and_decrement(api, pdbs[0], name, dry_run, actor, cause)
    if not dry_run:
        _add_condition_and_delete(api, pod, grace_period, actor, cause)
    return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success"}


def _spare_unhealthy(pdb: dict, pod: dict) -> bool:
    """An unready pod does not count towards currentHealthy: evicting it spends nothing when the policy allows."""
    if _ready(pod):
        return False
    spec, status = pdb.get("spec") or {}, pdb.get("status") or {}
    if spec.get("unhealthyPodEvictionPolicy") == "AlwaysAllow":
        return True
    desired = status.get("desiredHealthy", 0)
    return status.get("currentHealthy", 0) >= desired and desired > 0


def _check_and_decrement(api, shared: dict, pod_name: str, dry_run: bool, actor: str, cause: Any) -> None:
    name = shared["metadata"]["name"]
    status = shared.get("status") or {}
    if status.get("observedGeneration", 0) < shared["metadata"].get("generation", 0):
        raise _too_many_requests(f"The disruption budget {name} is still being processed by the server.")
    allowed = status.get("disruptionsAllowed", 0)
    if allowed < 0:
        raise errors.forbidden("poddisruptionbudget.policy", name, "pdb disruptions allowed is negative")
    if len(status.get("disruptedPods") or {}) > MAX_DISRUPTED_POD_SIZE:
        raise errors.forbidden("poddisruptionbudget.policy", name,
                               "DisruptedPods map too big - too many evictions not confirmed by PDB controller")
    if allowed == 0:
        raise _too_many_requests(f"The disruption budget {name} needs {status.get('desiredHealthy', 0)} healthy pods "
                                 f"and has {status.get('currentHealthy', 0)} currently")
    if dry_run:
        return
    pdb = objects.clone(shared)
    st = pdb["status"]
    st["disruptionsAllowed"] = allowed - 1
    now = api.timestamp()
    if st["disruptionsAllowed"] == 0:
        budgets.update_disruption_allowed_condition(st, now)
    st.setdefault("disruptedPods", {})[pod_name] = now
    api.update("poddisruptionbudgets", pdb, subresource="status", actor=actor, cause=cause)


def _add_condition_and_delete(api, pod: dict, grace_period: int | None, actor: str, cause: Any) -> None:
    m = pod["metadata"]
    if not m.get("deletionTimestamp"):
        status = objects.clone(pod.get("status") or {})
        conds = [c for c in status.get("conditions") or [] if c.get("type") != "DisruptionTarget"]
        conds.append({"type": "DisruptionTarget", "status": "True", "lastProbeTime": None,
                      "lastTransitionTime": api.timestamp(), "reason": "EvictionByEvictionAPI",
                      "message": "Eviction API: evicting"})
        status["conditions"] = conds
        api.update("pods", {"metadata": {"name": m["name"], "namespace": m["namespace"]}, "status": status},
                   subresource="status", actor=actor, cause=cause, owned=True)
    api.delete("pods", m["name"], m["namespace"], grace_period=grace_period, actor=actor, cause=cause)
