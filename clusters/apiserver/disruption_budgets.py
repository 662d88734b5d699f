"""What the eviction REST handler and the disruption controller share about PodDisruptionBudgets.

A port of kubernetes/kubernetes:staging/src/k8s.io/component-helpers/apps/poddisruptionbudget/helpers.go
(UpdateDisruptionAllowedCondition, ConditionsAreUpToDate) and of the
selector rule both callers apply: a budget whose selector is empty or
invalid matches no pod, never every pod.
"""
from __future__ import annotations

from clusters import objects

DISRUPTION_ALLOWED = "DisruptionAllowed"       # policy/v1 DisruptionAllowedCondition
SUFFICIENT_PODS = "SufficientPods"
INSUFFICIENT_PODS = "InsufficientPods"
SYNC_FAILED = "SyncFailed"
DISRUPTION_BUDGET_CAUSE = "DisruptionBudget"   # policy/v1 DisruptionBudgetCause


def selects(pdb: dict, pod: dict) -> bool:
    """A budget selects a pod of its namespace when its non-empty selector matches the pod's labels."""
    if (pdb.get("metadata") or {}).get("namespace") != (pod.get("metadata") or {}).get("namespace"):
        return False
    try:
        sel = objects.selector_from_label_selector((pdb.get("spec") or {}).get("selector"))
    except (ValueError, TypeError, AttributeError):
        return False
    return not sel.empty() and sel.matches(objects.labels_of(pod))


def set_condition(status: dict, cond_type: str, cond_status: str, reason: str, message: str,
                  observed_generation: int, now: str) -> None:
    """apimeta.SetStatusCondition: the transition time moves only when the status changes."""
    conds = status.setdefault("conditions", [])
    for c in conds:
        if c.get("type") == cond_type:
            if c.get("status") != cond_status:
                c["status"] = cond_status
                c["lastTransitionTime"] = now
            c["reason"] = reason
            c["message"] = message
            c["observedGeneration"] = observed_generation
            return
    conds.append({"type": cond_type, "status": cond_status, "observedGeneration": observed_generation,
                  "lastTransitionTime": now, "reason": reason, "message": message})


def update_disruption_allowed_condition(status: dict, now: str) -> None:
    """UpdateDisruptionAllowedCondition: True/SufficientPods while a disruption is allowed, else False/InsufficientPods."""
    if status.get("disruptionsAllowed", 0) > 0:
        set_condition(status, DISRUPTION_ALLOWED, "True", SUFFICIENT_PODS, "", status.get("observedGeneration", 0), now)
    else:
        set_condition(status, DISRUPTION_ALLOWED, "False", INSUFFICIENT_PODS, "", status.get("observedGeneration", 0), now)


def conditions_up_to_date(pdb: dict) -> bool:
    """ConditionsAreUpToDate."""
    status = pdb.get("status") or {}
    cond = next((c for c in status.get("conditions") or () if c.get("type") == DISRUPTION_ALLOWED), None)
    if cond is None or status.get("observedGeneration", 0) != (pdb.get("metadata") or {}).get("generation", 0):
        return False
    if status.get("disruptionsAllowed", 0) > 0:
        return cond.get("status") == "True" and cond.get("reason") == SUFFICIENT_PODS
    return cond.get("status") == "False" and cond.get("reason") == INSUFFICIENT_PODS
