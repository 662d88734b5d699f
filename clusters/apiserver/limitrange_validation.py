"""LimitRange validation (kubernetes/kubernetes:pkg/apis/core/validation/validation.go ValidateLimitRange, 1.32).

Each item's type is Pod, Container, PersistentVolumeClaim or a qualified
name with a prefix, once per LimitRange; a Pod item has no default or
defaultRequest; a PersistentVolumeClaim item bounds storage; and per
resource min <= defaultRequest <= default <= max, 1 <= maxLimitRequestRatio
<= max/min, and a resource that may not be overcommitted (hugepages, an
extended resource) has default == defaultRequest. Resource names are not
checked [simplified].

The bad value is a resource.Quantity, which field.Error prints with %#v (its
String method has a pointer receiver): the int64Amount ParseQuantity built from
the text as written, and the string String() cached while the message was
formatted (quantity.go ParseQuantity).
"""
from __future__ import annotations

import math
import re

from clusters import quantity
from clusters.apiserver.errors import FieldError, GoValue, duplicate, forbidden_field, invalid_value, required
from clusters.apiserver import validation as v

_STANDARD_TYPES = ("Pod", "Container", "PersistentVolumeClaim")  # helper.IsStandardLimitRangeType
_TEXT = re.compile(r"^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$")
_DECIMAL_EXP = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_BINARY_EXP = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}
_MAX_INT64 = 2 ** 63 - 1
_MAX_MILLI = _MAX_INT64 // 1000  # resource.MaxMilliValue


def _int64_amount(text: str, fmt: str) -> tuple[int, int] | None:
    """ParseQuantity's fast path: (value, scale), or None where it keeps an inf.Dec."""
    if text == "0":
        return 0, 0
    m = _TEXT.match(text)
    sign, num, denom, suffix = m.group(1), m.group(2), m.group(3) or "", m.group(4)
    if suffix in _BINARY_EXP:
        exp = _BINARY_EXP[suffix]
        if denom or 15 - len(num) - int(exp * 3 / 10) - 1 < 0:
            return None
        value, scale = int(num or "0") << exp, 0
    else:
        exp = int(suffix[1:]) if suffix[:1] in ("e", "E") and suffix[1:] else _DECIMAL_EXP.get(suffix, 0)
        if 18 - (len(num) + len(denom)) < 0:
            return None
        value, scale = int((num + denom) or "0"), exp - len(denom)
    if scale < -9 or value > _MAX_INT64:
        return None
    return (-value if sign == "-" else value), scale


def _go_quantity(text: str) -> str:
    q = quantity.parse(text)
    amount = _int64_amount(text, q.format)
    if amount is None:  # the inf.Dec form; the heap address is fixed so a replay prints the same bytes
        i, d = "resource.int64Amount{value:0, scale:0}", "resource.infDecAmount{Dec:(*inf.Dec)(0xc0009a3c20)}"
    else:
        i, d = f"resource.int64Amount{{value:{amount[0]}, scale:{amount[1]}}}", "resource.infDecAmount{Dec:(*inf.Dec)(nil)}"
    return f'resource.Quantity{{i:{i}, d:{d}, s:"{q}", Format:"{q.format}"}}'


def _overcommit_allowed(name: str) -> bool:
    """helper.IsOvercommitAllowed: native resources other than hugepages."""
    native = "/" not in name or "kubernetes.io/" in name
    return native and not name.startswith("hugepages-")


def _value(q: quantity.Quantity) -> int:
    return math.ceil(q.value)  # Quantity.Value rounds up


def _milli(q: quantity.Quantity) -> int:
    return math.ceil(q.value * 1000)


def _type_errors(t: str, path: str, errs: list[FieldError]) -> None:
    """validateLimitRangeTypeName."""
    msgs = v.qualified_name(t)
    errs.extend(invalid_value(path, t, m) for m in msgs)
    if not msgs and "/" not in t and t not in _STANDARD_TYPES:
        errs.append(invalid_value(path, t, "must be a standard limit type or fully qualified"))


def _item(item: dict, path: str, errs: list[FieldError]) -> None:
    t = item.get("type") or ""
    kinds = {}
    for key in ("max", "min", "default", "defaultRequest", "maxLimitRequestRatio"):
        if key in ("default", "defaultRequest") and t == "Pod":
            if item.get(key):
                errs.append(forbidden_field(f"{path}.{key}", "may not be specified when `type` is 'Pod'"))
            continue
        kinds[key] = {k: str(v) for k, v in (item.get(key) or {}).items()}
    if t == "PersistentVolumeClaim" and "storage" not in kinds["min"] and "storage" not in kinds["max"]:
        errs.append(required(f"{path}.limits", "either minimum or maximum storage value is required, but neither was provided"))
    keys = sorted({k for m in kinds.values() for k in m})  # upstream ranges over a set: its order is random
    for k in keys:
        _resource(k, {key: m.get(k) for key, m in kinds.items()}, path, errs)


def _resource(k: str, texts: dict, path: str, errs: list[FieldError]) -> None:
    q = {key: quantity.parse(text) for key, text in texts.items() if text is not None}
    lo, hi, dflt, req, ratio = (q.get(n) for n in ("min", "max", "default", "defaultRequest", "maxLimitRequestRatio"))

    def bad(key: str, shown: str, msg: str) -> None:
        errs.append(GoValue(f"{path}.{key}[{k}]", _go_quantity(texts[shown]), msg))

    if lo and hi and lo.value > hi.value:
        bad("min", "min", f"min value {lo} is greater than max value {hi}")
    if req and lo and lo.value > req.value:
        bad("defaultRequest", "defaultRequest", f"min value {lo} is greater than default request value {req}")
    if req and hi and req.value > hi.value:
        bad("defaultRequest", "defaultRequest", f"default request value {req} is greater than max value {hi}")
    if req and dflt and req.value > dflt.value:
        bad("defaultRequest", "defaultRequest", f"default request value {req} is greater than default limit value {dflt}")
    if dflt and lo and lo.value > dflt.value:
        bad("default", "min", f"min value {lo} is greater than default value {dflt}")
    if dflt and hi and dflt.value > hi.value:
        bad("default", "max", f"default value {dflt} is greater than max value {hi}")
    if ratio and ratio.value < 1:
        bad("maxLimitRequestRatio", "maxLimitRequestRatio", f"ratio {ratio} is less than 1")
    if ratio and lo and hi:
        ratio_value, lo_value, hi_value = float(_value(ratio)), _value(lo), _value(hi)
        if _value(ratio) < _MAX_MILLI and lo_value < _MAX_MILLI and hi_value < _MAX_MILLI:
            ratio_value, lo_value, hi_value = _milli(ratio) / 1000, _milli(lo), _milli(hi)
        limit = float(hi_value) / float(lo_value) if lo_value else math.inf
        if ratio_value > limit:
            shown = "+Inf" if limit == math.inf else f"{limit:f}"
            bad("maxLimitRequestRatio", "maxLimitRequestRatio", f"ratio {ratio} is greater than max/min = {shown}")
    if not _overcommit_allowed(k) and dflt and req and dflt.value != req.value:
        bad("defaultRequest", "defaultRequest", f"default value {dflt} must equal to defaultRequest value {req} in {k}")


def validate(obj: dict, old: dict | None) -> list[FieldError]:
    errs: list[FieldError] = []
    seen: set[str] = set()
    for i, item in enumerate(((obj.get("spec") or {}).get("limits")) or []):
        item = item or {}
        path, t = f"spec.limits[{i}]", item.get("type") or ""
        _type_errors(t, f"{path}.type", errs)
        if t in seen:
            errs.append(duplicate(f"{path}.type", t))
        seen.add(t)
        _item(item, path, errs)
    return errs
