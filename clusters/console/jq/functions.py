"""The value builtins of src/builtin.c (jq 1.6): length, keys, has, contains, add, tostring, tojson,
fromjson, tonumber, string functions, indices, setpath/delpaths, to_entries, math."""

from __future__ import annotations

import itertools
import math

from clusters.console.jq import assigning, formats, operators, reading
from clusters.console.jq import values as V
from clusters.console.jq.evaluating import JqError, index_value, indexes
from clusters.console.jq.registry import cfunc, type_error


@cfunc("error")
def _error0(interp, inp):
    raise JqError(inp)


@cfunc("length")
def _length(interp, inp):
    if inp is None:
        return 0.0
    if isinstance(inp, bool):
        raise type_error(inp, "has no length")
    if isinstance(inp, float):
        return abs(inp)
    return float(len(inp))


@cfunc("utf8bytelength")
def _utf8bytelength(interp, inp):
    if not isinstance(inp, str):
        raise type_error(inp, "only strings have UTF-8 byte length")
    return float(len(inp.encode()))


@cfunc("keys")
def _keys(interp, inp):
    if isinstance(inp, dict):
        return V.sorted_keys(inp)
    if isinstance(inp, list):
        return [float(i) for i in range(len(inp))]
    raise type_error(inp, "has no keys")


@cfunc("keys_unsorted")
def _keys_unsorted(interp, inp):
    if isinstance(inp, dict):
        return list(inp)
    return _keys(interp, inp)


@cfunc("has", 1)
def _has(interp, inp, k):
    if isinstance(inp, dict) and isinstance(k, str):
        return k in inp
    if isinstance(inp, list) and isinstance(k, float):
        return 0 <= k < len(inp)
    raise JqError(f"Cannot check whether {V.kind(inp)} has a {V.kind(k)} key")


def _contains(a, b) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return all(k in a and _contains(a[k], v) for k, v in b.items())
    if isinstance(a, list) and isinstance(b, list):
        return all(any(_contains(x, y) for x in a) for y in b)
    if isinstance(a, str) and isinstance(b, str):
        return b in a
    if V.kind(a) == V.kind(b):
        return V.equal(a, b)
    raise JqError(f"{V.kind(a)} ({V.truncated(a)}) and {V.kind(b)} ({V.truncated(b)}) cannot have their containment checked")


@cfunc("contains", 1)
def _contains_f(interp, inp, b):
    return _contains(inp, b)


@cfunc("type")
def _type(interp, inp):
    return V.kind(inp)


@cfunc("add")
def _add(interp, inp):
    if isinstance(inp, dict):
        inp = list(inp.values())
    elif not isinstance(inp, list):
        raise JqError(f"Cannot iterate over {V.kind(inp)}" + f" ({V.truncated(inp)})")
    items = [x for x in inp if x is not None]
    # the same sums as reduce .[] as $x (null; . + $x), without copying the total at every step
    if items and all(isinstance(x, str) for x in items):
        return "".join(items)
    if items and all(isinstance(x, list) for x in items):
        return list(itertools.chain.from_iterable(items))
    acc = None
    for x in inp:
        acc = operators.binop("+", acc, x)
    return acc


@cfunc("tostring")
def _tostring(interp, inp):
    return formats.tostring(inp)


@cfunc("tojson")
def _tojson(interp, inp):
    return V.dump(inp)


@cfunc("fromjson")
def _fromjson(interp, inp):
    if not isinstance(inp, str):
        raise type_error(inp, "only strings can be parsed")
    try:
        return reading.parse_one(inp)
    except reading.ParseError as e:
        raise JqError(f"{e} (while parsing '{inp}')") from None


@cfunc("tonumber")
def _tonumber(interp, inp):
    if isinstance(inp, float):
        return inp
    if isinstance(inp, str):
        try:
            v = reading.parse_one(inp)
        except reading.ParseError as e:
            raise JqError(f"{e} (while parsing '{inp}')") from None
        if isinstance(v, float):
            return v
    raise type_error(inp, "cannot be parsed as a number")


@cfunc("ascii_downcase")
def _downcase(interp, inp):
    if not isinstance(inp, str):
        raise JqError("explode input must be a string")
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in inp)


@cfunc("ascii_upcase")
def _upcase(interp, inp):
    if not isinstance(inp, str):
        raise JqError("explode input must be a string")
    return "".join(chr(ord(c) - 32) if "a" <= c <= "z" else c for c in inp)


@cfunc("explode")
def _explode(interp, inp):
    if not isinstance(inp, str):
        raise JqError("explode input must be a string")
    return [float(ord(c)) for c in inp]


@cfunc("implode")
def _implode(interp, inp):
    if not isinstance(inp, list):
        raise JqError("implode input must be an array")
    try:
        return "".join(chr(int(c)) for c in inp)
    except (TypeError, ValueError, OverflowError):
        # jq 1.6 aborts on an assertion here; this is jq 1.7's message for it
        raise JqError("Unicode codepoint must be numeric") from None


@cfunc("ltrimstr", 1)
def _ltrimstr(interp, inp, s):
    if isinstance(inp, str) and isinstance(s, str) and inp.startswith(s):
        return inp[len(s):]
    return inp


@cfunc("rtrimstr", 1)
def _rtrimstr(interp, inp, s):
    if isinstance(inp, str) and isinstance(s, str) and inp.endswith(s) and s:
        return inp[:-len(s)]
    return inp


@cfunc("startswith", 1)
def _startswith(interp, inp, s):
    if not isinstance(inp, str) or not isinstance(s, str):
        raise JqError("startswith() requires string inputs")
    return inp.startswith(s)


@cfunc("endswith", 1)
def _endswith(interp, inp, s):
    if not isinstance(inp, str) or not isinstance(s, str):
        raise JqError("endswith() requires string inputs")
    return inp.endswith(s)


@cfunc("split", 1)
def _split(interp, inp, sep):
    if not isinstance(inp, str) or not isinstance(sep, str):
        raise JqError("split input and separator must be strings")
    return operators.split(inp, sep)


@cfunc("join", 1)
def _join(interp, inp, sep):
    if not isinstance(inp, (list, dict)):
        raise JqError(f"Cannot iterate over {V.kind(inp)}" + f" ({V.truncated(inp)})")
    items = inp if isinstance(inp, list) else list(inp.values())
    if not items:
        return ""
    out = None
    for x in items:
        piece = formats.tostring(x) if isinstance(x, (bool, float)) else ("" if x is None else x)
        if not isinstance(piece, str):
            raise JqError(f"string ({V.truncated(out + sep if out is not None else '')}) and {V.kind(x)} "
                          f"({V.truncated(x)}) cannot be added")
        if out is None:
            out = piece
        else:
            if not isinstance(sep, str):
                raise JqError(f"string ({V.truncated(out)}) and {V.kind(sep)} ({V.truncated(sep)}) cannot be added")
            out = out + sep + piece
    return out


@cfunc("reverse")
def _reverse(interp, inp):
    if isinstance(inp, str):
        return inp[::-1]
    if inp is None:
        return []
    if not isinstance(inp, list):
        raise JqError(f"Cannot index {V.kind(inp)} with number")
    return inp[::-1]


@cfunc("flatten", 1)
def _flatten1(interp, inp, depth):
    if V.compare(depth, 0.0) < 0:
        raise JqError("flatten depth must not be negative")
    return _flat(inp, depth)


@cfunc("flatten")
def _flatten0(interp, inp):
    return _flat(inp, -1.0)


def _flat(v, depth):
    if not isinstance(v, list):
        raise JqError(f"Cannot iterate over {V.kind(v)}" + f" ({V.truncated(v)})")
    out = []
    for x in v:
        if isinstance(x, list) and not V.equal(depth, 0.0):
            out.extend(_flat(x, operators.binop("-", depth, 1.0)))
        else:
            out.append(x)
    return out


@cfunc("indices", 1)
def _indices(interp, inp, i):
    if inp is None:
        return None
    if isinstance(inp, str) and isinstance(i, str):
        if not i:
            return None
        # _strindices counts bytes of the UTF-8 text, overlapping matches included
        hay, needle = inp.encode(), i.encode()
        out, k = [], hay.find(needle)
        while k >= 0:
            interp.tick()
            out.append(float(k))
            k = hay.find(needle, k + 1)
        return out
    if isinstance(inp, list) and isinstance(i, list):
        return indexes(inp, i)
    if isinstance(inp, list):
        return indexes(inp, [i])
    return index_value(inp, i)


@cfunc("index", 1)
def _index(interp, inp, i):
    r = _indices(interp, inp, i)
    return r[0] if isinstance(r, list) and r else None


@cfunc("rindex", 1)
def _rindex(interp, inp, i):
    r = _indices(interp, inp, i)
    return r[-1] if isinstance(r, list) and r else None


@cfunc("setpath", 2)
def _setpath(interp, inp, p, v):
    return assigning.setpath(inp, p, v)


@cfunc("delpaths", 1)
def _delpaths(interp, inp, ps):
    return assigning.delpaths(inp, ps)


@cfunc("to_entries")
def _to_entries(interp, inp):
    if isinstance(inp, dict):
        return [{"key": k, "value": v} for k, v in inp.items()]
    return [{"key": k, "value": index_value(inp, k)} for k in _keys(interp, inp)]


@cfunc("infinite")
def _infinite(interp, inp):
    return math.inf


@cfunc("nan")
def _nan(interp, inp):
    return math.nan


@cfunc("isinfinite")
def _isinfinite(interp, inp):
    if not isinstance(inp, float):
        raise type_error(inp, "number required")
    return math.isinf(inp)


@cfunc("isnan")
def _isnan(interp, inp):
    if not isinstance(inp, float):
        raise type_error(inp, "number required")
    return inp != inp


@cfunc("isnormal")
def _isnormal(interp, inp):
    if not isinstance(inp, float):
        raise type_error(inp, "number required")
    return inp == inp and not math.isinf(inp) and inp != 0 and abs(inp) >= 2.2250738585072014e-308


@cfunc("input_filename")
def _input_filename(interp, inp):
    return interp.filename


@cfunc("input_line_number")
def _input_line_number(interp, inp):
    return float(interp.input_line())


@cfunc("now")
def _now(interp, inp):
    return float(interp.now)


@cfunc("env")
def _env(interp, inp):
    return dict(interp.env_vars)


@cfunc("tojson")
def _tojson2(interp, inp):
    return V.dump(inp)


@cfunc("format", 1)
def _format(interp, inp, fmt):
    if not isinstance(fmt, str):
        raise type_error(fmt, "is not a valid format")
    return formats.apply(fmt, inp)


def _math(name, fn):
    @cfunc(name)
    def f(interp, inp):
        if not isinstance(inp, float):
            raise type_error(inp, "number required")
        try:
            return float(fn(inp))
        except (ValueError, OverflowError):
            return math.nan
    return f


for _name, _fn in {"floor": math.floor, "ceil": math.ceil, "round": lambda x: math.floor(abs(x) + 0.5) * (1 if x >= 0 else -1),
                   "sqrt": math.sqrt, "fabs": abs, "exp": math.exp, "exp2": lambda x: 2.0 ** x, "exp10": lambda x: 10.0 ** x,
                   "log": math.log, "log2": math.log2, "log10": math.log10, "trunc": math.trunc, "sin": math.sin,
                   "cos": math.cos, "tan": math.tan, "asin": math.asin, "acos": math.acos, "atan": math.atan,
                   "significand": lambda x: math.frexp(x)[0] * 2 if x else 0.0}.items():
    _math(_name, _fn)


@cfunc("pow", 2)
def _pow(interp, inp, a, b):
    try:
        return float(math.pow(a, b))
    except (ValueError, OverflowError):
        return math.nan if a < 0 else math.inf
