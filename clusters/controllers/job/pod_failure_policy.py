"""A failed pod against the Job's podFailurePolicy, after pkg/controller/job/pod_failure_policy.go.

Rules are tried in order; the first that matches decides. ``onExitCodes``
matches the first terminated container (main containers, then init ones) with
a non-zero exit code that the operator accepts; ``onPodConditions`` the first
pod condition with the pattern's type and status. The answer is (message of a
FailJob rule or None, whether the failure counts towards the backoff limits,
the action matched or None).
"""
from __future__ import annotations


def match(policy: dict | None, pod: dict) -> tuple[str | None, bool, str | None]:
    if not policy:
        return None, True, None
    status = pod.get("status") or {}
    meta = pod.get("metadata") or {}
    for index, rule in enumerate(policy.get("rules") or ()):
        action = rule.get("action")
        if rule.get("onExitCodes") is not None:
            cs = _exit_code_match(status, rule["onExitCodes"])
            if cs is None:
                continue
            code = cs["state"]["terminated"].get("exitCode", 0)
            message = (f"Container {cs.get('name')} for pod {meta.get('namespace')}/{meta.get('name')} failed with "
                       f"exit code {code} matching {action} rule at index {index}")
        elif rule.get("onPodConditions") is not None:
            cond = _condition_match(status, rule["onPodConditions"])
            if cond is None:
                continue
            message = (f"Pod {meta.get('namespace')}/{meta.get('name')} has condition {cond.get('type')} "
                       f"matching {action} rule at index {index}")
        else:
            continue
        if action == "Ignore":
            return None, False, action
        if action in ("FailIndex", "Count"):
            return None, True, action
        if action == "FailJob":
            return message, True, action
    return None, True, None


def _exit_code_match(status: dict, req: dict) -> dict | None:
    for statuses in (status.get("containerStatuses"), status.get("initContainerStatuses")):
        for cs in statuses or ():
            term = (cs.get("state") or {}).get("terminated")
            if term is None:
                continue  # still terminating: no exit code to match
            if req.get("containerName") not in (None, cs.get("name")):
                continue
            code = term.get("exitCode", 0)
            if code == 0:
                continue
            values = req.get("values") or ()
            if (req.get("operator") == "In" and code in values) or (req.get("operator") == "NotIn" and code not in values):
                return cs
    return None


def _condition_match(status: dict, patterns: list) -> dict | None:
    for cond in status.get("conditions") or ():
        for p in patterns:
            if cond.get("type") == p.get("type") and cond.get("status") == p.get("status", "True"):
                return cond
    return None
