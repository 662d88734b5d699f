"""JSON exactly as ``kubectl get -o json`` prints it.

cli-runtime's JSONPrinter: ``json.MarshalIndent(obj, "", "    ")`` plus a
newline. Unstructured objects are Go maps, so keys come out sorted (typed
ones, which kubectl built itself, in struct order: ``typed=True``); Go's
encoder escapes ``<``, ``>``, ``&``, U+2028 and U+2029 (encoding/json
HTMLEscape), prints floats with strconv's shortest form in 'f' notation
unless the exponent is below -6 or at least 21 (floatEncoder, with
``e-07`` cleaned to ``e-7``), and prints empty objects and arrays as ``{}``
and ``[]``.
"""
from __future__ import annotations

import json
from decimal import Decimal


def _go_escape(s: str) -> str:
    return (s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def go_float(f: float) -> str:
    if f != f or f in (float("inf"), float("-inf")):
        return "null"
    if f == int(f) and abs(f) < 1e21:
        return str(int(f))
    a = abs(f)
    r = repr(f)
    if a < 1e-6 or a >= 1e21:
        mant, _, exp = r.partition("e")
        if not exp:
            m, e = f"{f:e}".split("e")
            mant, exp = r, e
        sign = "-" if exp.startswith("-") else "+"
        digits = exp.lstrip("+-").lstrip("0") or "0"
        if len(digits) < 2 and sign == "+":
            digits = "0" + digits
        return f"{mant}e{sign}{digits}"
    if "e" in r or "E" in r:
        return format(Decimal(r), "f")
    return r


def _str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def _encode(v, indent: str, step: str, out: list, sort: bool = True) -> None:
    if isinstance(v, dict):
        if not v:
            out.append("{}")
            return
        inner = indent + step
        out.append("{\n")
        first = True
        for k in (sorted(v) if sort else v):
            if not first:
                out.append(",\n")
            first = False
            out.append(inner + _str(str(k)) + ": ")
            _encode(v[k], inner, step, out, sort)
        out.append("\n" + indent + "}")
    elif isinstance(v, (list, tuple)):
        if not v:
            out.append("[]")
            return
        inner = indent + step
        out.append("[\n")
        for i, x in enumerate(v):
            if i:
                out.append(",\n")
            out.append(inner)
            _encode(x, inner, step, out, sort)
        out.append("\n" + indent + "]")
    elif v is True:
        out.append("true")
    elif v is False:
        out.append("false")
    elif v is None:
        out.append("null")
    elif isinstance(v, int):
        out.append(str(v))
    elif isinstance(v, float):
        out.append(go_float(v))
    else:
        out.append(_str(str(v)))


def dumps(obj, indent: str = "    ", typed: bool = False) -> str:
    """MarshalIndent of ``obj``: sorted keys (a map), or with ``typed`` the order the
    object's Go struct declares its fields (printers/gostructs.py)."""
    out: list[str] = []
    if typed:
        from clusters.console.printers import gostructs

        _encode(gostructs.ordered(obj), "", indent, out, sort=False)
    else:
        _encode(obj, "", indent, out)
    text = "".join(out)
    if "<" in text or ">" in text or "&" in text or "\u2028" in text or "\u2029" in text:
        text = _go_escape(text)
    return text + "\n"


def _compact(v, out: list) -> None:
    if isinstance(v, dict):
        out.append("{")
        for i, k in enumerate(sorted(v)):
            if i:
                out.append(",")
            out.append(_str(str(k)) + ":")
            _compact(v[k], out)
        out.append("}")
    elif isinstance(v, (list, tuple)):
        out.append("[")
        for i, x in enumerate(v):
            if i:
                out.append(",")
            _compact(x, out)
        out.append("]")
    else:
        _encode(v, "", "", out)


def compact(obj) -> str:
    """json.Marshal: no spaces, sorted keys, HTML-escaped."""
    out: list[str] = []
    _compact(obj, out)
    return _go_escape("".join(out))
