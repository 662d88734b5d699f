"""An Indexed Job's successPolicy, after pkg/controller/job/success_policy.go (JobSuccessPolicy, beta and on in 1.32).

Rules are tried in order and the first that holds decides: one with
``succeededIndexes`` holds when all those indexes succeeded, or (with
``succeededCount``) when that many of them did; one with only
``succeededCount`` when that many indexes succeeded at all. A rule whose
indexes do not parse is skipped. The answer is the condition's message,
"Matched rules at index N", or None.
"""
from __future__ import annotations

from clusters.controllers.job import indexed_job_utils as ix


def match(policy: dict | None, completions: int, succeeded: list) -> str | None:
    """matchSuccessPolicy: ``succeeded`` is the Job's succeeded indexes as ordered intervals."""
    if not policy or not succeeded:
        return None
    for index, rule in enumerate(policy.get("rules") or ()):
        count = rule.get("succeededCount")
        if rule.get("succeededIndexes") is not None:
            required = ix.parse(rule["succeededIndexes"], completions)
            if not required:
                continue
            contains = ix.total(_overlap(required, succeeded))
            if contains == ix.total(required) or (count is not None and contains >= count):
                return f"Matched rules at index {index}"
        elif count is not None and ix.total(succeeded) >= count:
            return f"Matched rules at index {index}"
    return None


def _overlap(a: list, b: list) -> list:
    """The intervals in both ascending interval lists (matchSucceededIndexesRule's walk)."""
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        first, last = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if first <= last:
            out.append([first, last])
        if b[j][1] < a[i][1]:
            j += 1
        elif b[j][1] > a[i][1]:
            i += 1
        else:
            i, j = i + 1, j + 1
    return out
