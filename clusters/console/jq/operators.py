"""jq 1.6's arithmetic and comparison (src/builtin.c f_plus, f_minus, f_multiply, f_divide, f_mod,
order_cmp; jv.c's jv_object_merge_recursive for ``*`` on objects)."""
from __future__ import annotations

import math

from clusters.console.jq import values as V
from clusters.console.jq.values import JqError

MAX_ITEMS = 4_000_000  # characters of a string or items of an array one operation may build here


def _type_error2(a, b, msg: str):
    return JqError(f"{V.kind(a)} ({V.truncated(a)}) and {V.kind(b)} ({V.truncated(b)}) {msg}")


def merge_deep(a: dict, b: dict) -> dict:
    out = dict(a)
    for k, v in b.items():
        if isinstance(out.get(k), dict) and isinstance(v, dict):
            out[k] = merge_deep(out[k], v)
        else:
            out[k] = v
    return out


def _too_large(a, b, verb: str) -> JqError:
    return _type_error2(a, b, f"cannot be {verb}: the result would be larger than this console holds")


def binop(op: str, a, b):
    if op == "+":
        if a is None:
            return b
        if b is None:
            return a
        if isinstance(a, float) and isinstance(b, float):
            return a + b
        if isinstance(a, (str, list)) and type(a) is type(b) and len(a) + len(b) > MAX_ITEMS:
            raise _too_large(a, b, "added")
        if isinstance(a, str) and isinstance(b, str):
            return a + b
        if isinstance(a, list) and isinstance(b, list):
            return a + b
        if isinstance(a, dict) and isinstance(b, dict):
            return {**a, **b}
        raise _type_error2(a, b, "cannot be added")
    if op == "-":
        if isinstance(a, float) and isinstance(b, float):
            return a - b
        if isinstance(a, list) and isinstance(b, list):
            return [x for x in a if not any(V.equal(x, y) for y in b)]
        raise _type_error2(a, b, "cannot be subtracted")
    if op == "*":
        if isinstance(a, float) and isinstance(b, float):
            return a * b
        if isinstance(a, str) and isinstance(b, float) or isinstance(a, float) and isinstance(b, str):
            s, n = (a, b) if isinstance(a, str) else (b, a)
            if n <= 0:
                return None
            if len(s) * n > MAX_ITEMS:
                raise _too_large(a, b, "multiplied")
            return s * max(1, int(n))
        if isinstance(a, dict) and isinstance(b, dict):
            return merge_deep(a, b)
        raise _type_error2(a, b, "cannot be multiplied")
    if op == "/":
        if isinstance(a, float) and isinstance(b, float):
            if b == 0.0:
                raise _type_error2(a, b, "cannot be divided because the divisor is zero")
            return a / b
        if isinstance(a, str) and isinstance(b, str):
            return split(a, b)
        raise _type_error2(a, b, "cannot be divided")
    if op == "%":
        if isinstance(a, float) and isinstance(b, float):
            ia, ib = _intmax(a), _intmax(b)
            if ib == 0:
                raise _type_error2(a, b, "cannot be divided (remainder) because the divisor is zero")
            r = abs(ia) % abs(ib)
            return float(-r if ia < 0 else r)
        raise _type_error2(a, b, "cannot be divided (remainder)")
    c = V.compare(a, b)
    return {"==": c == 0, "!=": c != 0, "<": c < 0, "<=": c <= 0, ">": c > 0, ">=": c >= 0}[op]


def _intmax(d: float) -> int:
    if d != d:
        return 0
    if math.isinf(d):
        return (2 ** 63 - 1) if d > 0 else -(2 ** 63)
    return max(-(2 ** 63), min(2 ** 63 - 1, int(d)))


def split(s: str, sep: str) -> list:
    """jv_string_split: an empty string splits to []; an empty separator into characters."""
    if s == "":
        return []
    if sep == "":
        return list(s)
    return s.split(sep)
