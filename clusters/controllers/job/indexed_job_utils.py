"""Indexed Jobs, after kubernetes/kubernetes:pkg/controller/job/indexed_job_utils.go.

Each pod of an Indexed Job carries its completion index in the
``batch.kubernetes.io/job-completion-index`` annotation (and, with PodIndexLabel,
on by default since 1.28, in a label of the same name); its hostname is
``<job>-<index>`` and its generateName ``<job>-<index>-``. Sets of indexes are
kept as ordered intervals and written as ``.status.completedIndexes`` /
``.status.failedIndexes`` in the compressed form ``1,3-5,7``.
"""
from __future__ import annotations

from clusters import objects

COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index"
INDEX_FAILURE_COUNT = "batch.kubernetes.io/job-index-failure-count"
INDEX_IGNORED_FAILURE_COUNT = "batch.kubernetes.io/job-index-ignored-failure-count"
COMPLETION_INDEX_ENV = "JOB_COMPLETION_INDEX"
UNKNOWN = -1
MAX_GENERATED_NAME_LENGTH = 58  # apiserver/pkg/storage/names: maxNameLength 63 - randomLength 5
MAX_INT32 = 2**31 - 1


def is_indexed(job: dict) -> bool:
    return (job.get("spec") or {}).get("completionMode") == "Indexed"


def has_backoff_limit_per_index(job: dict) -> bool:
    return (job.get("spec") or {}).get("backoffLimitPerIndex") is not None


def completion_index(pod: dict) -> int:
    """getCompletionIndex: the annotation as a non-negative int, else UNKNOWN."""
    v = ((pod.get("metadata") or {}).get("annotations") or {}).get(COMPLETION_INDEX)
    if v is None:
        return UNKNOWN
    try:
        i = int(v, 10)
    except ValueError:
        return UNKNOWN
    return i if i >= 0 else UNKNOWN


def valid_index(pod: dict, completions: int) -> int:
    """The pod's index when it is known and below completions, else UNKNOWN."""
    ix = completion_index(pod)
    return ix if ix != UNKNOWN and ix < completions else UNKNOWN


# -- ordered intervals: a list of [first, last] pairs, ascending and disjoint ------------------

def with_indexes(intervals: list, new: list[int]) -> list:
    """orderedIntervals.withOrderedIndexes: ``intervals`` with the ascending ``new`` merged in."""
    return merge(intervals, [[i, i] for i in new])


def merge(a: list, b: list) -> list:
    result: list = []
    for first, last in sorted([list(x) for x in a] + [list(x) for x in b]):
        if result and first <= result[-1][1] + 1:
            result[-1][1] = max(result[-1][1], last)
        else:
            result.append([first, last])
    return result


def total(intervals: list) -> int:
    return sum(last - first + 1 for first, last in intervals)


def has(intervals: list | None, ix: int) -> bool:
    return any(first <= ix <= last for first, last in intervals or ())


def to_string(intervals: list) -> str:
    """orderedIntervals.String: ``0-2`` for three or more in a row, ``0,1`` for two."""
    parts = []
    for first, last in intervals:
        if last == first:
            parts.append(str(first))
        elif last == first + 1:
            parts.append(f"{first},{last}")
        else:
            parts.append(f"{first}-{last}")
    return ",".join(parts)


def parse(text: str | None, completions: int) -> list:
    """parseIndexesFromString: intervals at or past completions are dropped; corrupt ones skipped."""
    result: list = []
    for part in (text or "").split(",") if text else ():
        limits = part.split("-")
        try:
            first = int(limits[0])
        except ValueError:
            continue
        if first >= completions:
            break
        last = first
        if len(limits) > 1:
            try:
                last = min(int(limits[1]), completions - 1)
            except ValueError:
                continue
        if result and result[-1][1] == first - 1:
            result[-1][1] = last
        else:
            result.append([first, last])
    return result


def first_pending_indexes(count: int, completions: int, non_pending: list) -> list[int]:
    """firstPendingIndexes: the ``count`` lowest indexes below completions outside ``non_pending``."""
    result: list[int] = []
    candidate = 0
    for first, last in non_pending:
        while candidate < completions and len(result) < count and candidate < first:
            result.append(candidate)
            candidate += 1
        candidate = max(candidate, last + 1)
    while candidate < completions and len(result) < count:
        result.append(candidate)
        candidate += 1
    return result


# -- the pod template of one index --------------------------------------------------------------

def add_completion_index_env(template: dict) -> None:
    """addCompletionIndexEnvVariables: JOB_COMPLETION_INDEX from the index label (PodIndexLabel)."""
    spec = template.get("spec") or {}
    for c in list(spec.get("initContainers") or ()) + list(spec.get("containers") or ()):
        env = c.setdefault("env", [])
        if any(e.get("name") == COMPLETION_INDEX_ENV for e in env):
            continue
        env.append({"name": COMPLETION_INDEX_ENV, "valueFrom": {"fieldRef": {
            "apiVersion": "v1", "fieldPath": f"metadata.labels['{COMPLETION_INDEX}']"}}})


def for_index(template: dict, job_name: str, index: int) -> tuple[dict, str]:
    """The template of one index and the generateName of its pods (podGenerateNameWithIndex)."""
    t = objects.clone(template)
    meta = t.setdefault("metadata", {})
    meta.setdefault("annotations", {})[COMPLETION_INDEX] = str(index)
    meta.setdefault("labels", {})[COMPLETION_INDEX] = str(index)
    t.setdefault("spec", {})["hostname"] = f"{job_name}-{index}"
    suffix = f"-{index}-"
    prefix = job_name + suffix
    if len(prefix) > MAX_GENERATED_NAME_LENGTH:
        prefix = prefix[:MAX_GENERATED_NAME_LENGTH - len(suffix)] + suffix
    return t, prefix


def failure_counts(pod: dict) -> tuple[int, int]:
    """(job-index-failure-count, job-index-ignored-failure-count) of a pod, 0 when absent or bad."""
    ann = (pod.get("metadata") or {}).get("annotations") or {}

    def value(key: str) -> int:
        try:
            v = int(ann.get(key, "0"))
        except ValueError:
            return 0
        return v if 0 <= v <= MAX_INT32 else 0
    return value(INDEX_FAILURE_COUNT), value(INDEX_IGNORED_FAILURE_COUNT)
