"""PodDisruptionBudget validation (kubernetes/kubernetes:pkg/apis/policy/validation/validation.go, 1.32).

ValidatePodDisruptionBudgetSpec, on create and on update alike: minAvailable
and maxUnavailable are exclusive, each is a non-negative integer or a percent
of at most 100% (pkg/apis/apps/validation ValidatePositiveIntOrPercent,
IsNotMoreThan100Percent), and unhealthyPodEvictionPolicy is one of the two
policies. The both-set error prints the internal spec with Go's %#v, pointers
and all; the heap addresses are fixed here, as a replayed cluster must print
the same bytes [simplified]. The selector is not validated here.
"""
from __future__ import annotations

import re

from clusters.apiserver.errors import FieldError, GoValue, invalid_value, not_supported

_PERCENT_MSG = ("a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', "
                "regex used for validation is '[0-9]+%')")
_POLICIES = ["AlwaysAllow", "IfHealthyBudget"]


def _pointer(value, go_type: str, slot: int) -> str:
    return f"(*{go_type})(nil)" if value is None else f"(*{go_type})(0xc000{0x8d2e40 + 0x20 * slot:06x})"


def _spec_repr(spec: dict) -> str:
    return ("policy.PodDisruptionBudgetSpec{"
            f"MinAvailable:{_pointer(spec.get('minAvailable'), 'intstr.IntOrString', 0)}, "
            f"Selector:{_pointer(spec.get('selector'), 'v1.LabelSelector', 1)}, "
            f"MaxUnavailable:{_pointer(spec.get('maxUnavailable'), 'intstr.IntOrString', 2)}, "
            "UnhealthyPodEvictionPolicy:"
            f"{_pointer(spec.get('unhealthyPodEvictionPolicy'), 'policy.UnhealthyPodEvictionPolicyType', 3)}}}")


def _int_or_string_repr(value) -> str:
    """%#v of an intstr.IntOrString (its String method has a pointer receiver, so %#v prints the struct)."""
    if isinstance(value, str):
        return f'intstr.IntOrString{{Type:1, IntVal:0, StrVal:"{value}"}}'
    return f'intstr.IntOrString{{Type:0, IntVal:{value}, StrVal:""}}'


def _int_or_percent(value, path: str, errs: list[FieldError]) -> None:
    if isinstance(value, str):
        if not re.fullmatch(r"[0-9]+%", value):
            errs.append(GoValue(path, _int_or_string_repr(value), _PERCENT_MSG))
        elif int(value[:-1]) > 100:
            errs.append(GoValue(path, _int_or_string_repr(value), "must not be greater than 100%"))
    elif isinstance(value, int) and value < 0:
        errs.append(invalid_value(path, value, "must be greater than or equal to 0"))


def validate(obj: dict, old: dict | None) -> list[FieldError]:
    errs: list[FieldError] = []
    spec = obj.get("spec") or {}
    if spec.get("minAvailable") is not None and spec.get("maxUnavailable") is not None:
        errs.append(GoValue("spec", _spec_repr(spec), "minAvailable and maxUnavailable cannot be both set"))
    for key in ("minAvailable", "maxUnavailable"):
        if spec.get(key) is not None:
            _int_or_percent(spec[key], f"spec.{key}", errs)
    policy = spec.get("unhealthyPodEvictionPolicy")
    if policy is not None and policy not in _POLICIES:
        errs.append(not_supported("spec.unhealthyPodEvictionPolicy", policy, _POLICIES))
    return errs
