"""Job validation (kubernetes/kubernetes:pkg/apis/batch/validation/validation.go, 1.32): the successPolicy.

ValidateJobSpec: a successPolicy needs completionMode Indexed; it has 1 to 20
rules, each with succeededIndexes (an ascending list of intervals below
completions, at most 64Ki characters: validateIndexesFormat) and/or
succeededCount (non-negative, at most completions and at most the number of
succeededIndexes). ValidateJobSpecUpdate keeps it immutable. The "requires
indexed completion mode" error prints the internal SuccessPolicy with Go's %#v,
pointers and all; the heap addresses are fixed here, as a replayed cluster must
print the same bytes [simplified]. The rest of ValidateJob is not simulated.
"""
from __future__ import annotations

from clusters.apiserver.errors import FieldError, GoValue, invalid_value, required

MAX_SUCCESS_POLICY_RULES = 20  # maxSuccessPolicyRule
MAX_SUCCEEDED_INDEXES_LENGTH = 64 * 1024  # maxJobSuccessPolicySucceededIndexesLimit


def validate(obj: dict, old: dict | None) -> list[FieldError]:
    spec = obj.get("spec") or {}
    errs: list[FieldError] = []
    policy = spec.get("successPolicy")
    if policy is not None:
        if spec.get("completionMode") != "Indexed":
            errs.append(GoValue("spec.successPolicy", _policy_repr(policy), "requires indexed completion mode"))
        else:
            _success_policy(spec, errs)
    if old is not None and policy != (old.get("spec") or {}).get("successPolicy"):
        if policy is None:
            errs.append(invalid_value("spec.successPolicy", None, "field is immutable"))
        else:
            errs.append(GoValue("spec.successPolicy", _policy_repr(policy), "field is immutable"))
    return errs


def _policy_repr(policy: dict) -> str:
    if policy.get("rules") is None:
        return "batch.SuccessPolicy{Rules:[]batch.SuccessPolicyRule(nil)}"
    rules = []
    for i, rule in enumerate(policy.get("rules") or ()):
        indexes, count = rule.get("succeededIndexes"), rule.get("succeededCount")
        rules.append("batch.SuccessPolicyRule{"
                     f"SucceededIndexes:{_pointer(indexes, 'string', 2 * i)}, "
                     f"SucceededCount:{_pointer(count, 'int32', 2 * i + 1)}}}")
    return "batch.SuccessPolicy{Rules:[]batch.SuccessPolicyRule{" + ", ".join(rules) + "}}"


def _pointer(value, go_type: str, slot: int) -> str:
    return f"(*{go_type})(nil)" if value is None else f"(*{go_type})(0xc000{0x6b1f30 + 0x10 * slot:06x})"


def _success_policy(spec: dict, errs: list[FieldError]) -> None:
    rules = spec["successPolicy"].get("rules") or []
    path = "spec.successPolicy.rules"
    if not rules:
        errs.append(required(path, "at least one rules must be specified when the successPolicy is specified"))
    if len(rules) > MAX_SUCCESS_POLICY_RULES:
        errs.append(FieldError(FieldError.TOO_MANY, path, len(rules), f"must have at most {MAX_SUCCESS_POLICY_RULES} items"))
    completions = spec.get("completions") or 0
    for i, rule in enumerate(rules):
        _rule(rule, completions, f"{path}[{i}]", errs)


def _rule(rule: dict, completions: int, path: str, errs: list[FieldError]) -> None:
    indexes, count = rule.get("succeededIndexes"), rule.get("succeededCount")
    if indexes is None and count is None:
        errs.append(required(path, "at least one of succeededCount or succeededIndexes must be specified"))
    total = 0
    if indexes is not None:
        if len(indexes) > MAX_SUCCEEDED_INDEXES_LENGTH:
            errs.append(FieldError(FieldError.TOO_LONG, f"{path}.succeededIndexes", indexes,
                                   f"may not be more than {MAX_SUCCEEDED_INDEXES_LENGTH} bytes"))
        total, problem = indexes_format(indexes, completions)
        if problem:
            errs.append(invalid_value(f"{path}.succeededIndexes", indexes, f"error parsing succeededIndexes: {problem}"))
    if count is not None:
        if count < 0:
            errs.append(invalid_value(f"{path}.succeededCount", count, "must be greater than or equal to 0"))
        if count > completions:
            errs.append(invalid_value(f"{path}.succeededCount", count,
                                      f"must be less than or equal to {completions} (the number of specified completions)"))
        if indexes is not None and count > total:
            errs.append(invalid_value(f"{path}.succeededCount", count, f"must be less than or equal to {total} "
                                      "(the number of indexes in the specified succeededIndexes field)"))


def indexes_format(text: str, completions: int) -> tuple[int, str]:
    """validateIndexesFormat: (the number of indexes, "" or what is wrong with the list)."""
    if not text:
        return 0, ""
    last, total = None, 0
    for interval in text.split(","):
        first, end, problem = _interval(interval, completions)
        if problem:
            return 0, problem
        if last is not None and last >= first:
            return 0, f"non-increasing order, previous: {last}, current: {first}"
        total += end - first + 1
        last = end
    return total, ""


def _interval(text: str, completions: int) -> tuple[int, int, str]:
    """parseIndexInterval."""
    limits = text.split("-")
    if len(limits) > 2:
        return 0, 0, (f'the fragment "{text}" violates the requirement that an index interval can have at most '
                      "two parts separated by '-'")
    values = []
    for limit in limits:
        value = _atoi(limit)
        if value is None:
            return 0, 0, f'cannot convert string to integer for index: "{limit}"'
        if value >= completions:
            return 0, 0, f'too large index: "{limit}"'
        values.append(value)
    if len(values) == 2 and values[0] >= values[1]:
        return 0, 0, f"non-increasing order, previous: {values[0]}, current: {values[1]}"
    return values[0], values[-1], ""


def _atoi(text: str) -> int | None:
    """strconv.Atoi: an optional sign and decimal digits only."""
    digits = text[1:] if text[:1] in ("+", "-") else text
    return int(text) if digits.isascii() and digits.isdigit() else None
