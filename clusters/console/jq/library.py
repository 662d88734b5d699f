"""jq 1.6's builtins: the C functions of src/builtin.c in Python, and the jq-defined ones of
src/builtin.jq written here in jq (PRELUDE) with the same behaviour.

Regular expressions (test, match, capture, scan, split/2, splits, sub, gsub) use Python's ``re`` where
jq uses Oniguruma: the same for the patterns learners write (classes, groups, named groups
``(?<name>...)``, anchors, flags g i x s n), different in Oniguruma-only syntax. Time builtins read
the cluster's virtual clock (``now``), never the wall clock.
"""
from __future__ import annotations

import calendar
import itertools
import math
import re
import time

from clusters.console.jq import assigning, formats, operators, reading
from clusters.console.jq import values as V
from clusters.console.jq.evaluating import Budget, Env, JqError, index_value, indexes

NATIVES: dict = {}


class Halt(Exception):
    def __init__(self, code, message):
        super().__init__(code)
        self.code, self.message = code, message


def _values_only(fn):
    """A cfunction: arguments evaluated to values (the last varies slowest), no path."""
    def native(interp, env, inp, path, args):
        arg_values = [list(interp.values(a, env, inp)) for a in args]
        for combo in itertools.product(*reversed(arg_values)):
            v = fn(interp, inp, *reversed(combo))
            if path is not None:
                interp.invalid_path(v)
            yield v, None
    return native


def cfunc(name: str, arity: int = 0):
    def register(fn):
        NATIVES[f"{name}/{arity}"] = _values_only(fn)
        return fn
    return register


def generator(name: str, arity: int = 0):
    def register(fn):
        NATIVES[f"{name}/{arity}"] = fn
        return fn
    return register


def _type_error(v, msg: str) -> JqError:
    return JqError(f"{V.kind(v)} ({V.truncated(v)}) {msg}")


# -- control ------------------------------------------------------------------------------------

@generator("empty")
def _empty(interp, env, inp, path, args):
    return
    yield


@generator("not")
def _not(interp, env, inp, path, args):
    yield interp.checked(not V.truthy(inp), path)


@generator("error", 1)
def _error1(interp, env, inp, path, args):
    for msg in interp.values(args[0], env, inp):
        raise JqError(msg)
    return
    yield


@generator("path", 1)
def _path(interp, env, inp, path, args):
    for _, p in interp.run(args[0], env, inp, []):
        yield interp.checked(p, path)


@generator("getpath", 1)
def _getpath(interp, env, inp, path, args):
    for p in interp.values(args[0], env, inp):
        v = assigning.getpath(inp, p)
        yield v, (path + p if path is not None else None)


@generator("recurse")
def _recurse(interp, env, inp, path, args):
    """``..``: every value, depth first, with its path (recurse(.[]?))."""
    stack = [(inp, path)]
    while stack:
        v, p = stack.pop()
        interp.tick()
        yield v, p
        if isinstance(v, list):
            stack.extend(reversed([(x, p + [float(i)] if p is not None else None) for i, x in enumerate(v)]))
        elif isinstance(v, dict):
            stack.extend(reversed([(x, p + [k] if p is not None else None) for k, x in v.items()]))


@generator("range", 2)
def _range2(interp, env, inp, path, args):
    for lo in interp.values(args[0], env, inp):
        for hi in interp.values(args[1], env, inp):
            if not isinstance(lo, float) or not isinstance(hi, float):
                raise JqError("Range bounds must be numeric")
            x = lo
            while x < hi:
                interp.tick()
                yield interp.checked(x, path)
                x += 1


@generator("range", 1)
def _range1(interp, env, inp, path, args):
    for hi in interp.values(args[0], env, inp):
        yield from _range2(interp, env, inp, path, [("lit", 0.0), ("lit", hi)])


@generator("range", 3)
def _range3(interp, env, inp, path, args):
    for lo in interp.values(args[0], env, inp):
        for hi in interp.values(args[1], env, inp):
            for by in interp.values(args[2], env, inp):
                if by == 0:
                    if lo < hi:
                        while True:
                            interp.tick()
                            yield interp.checked(lo, path)
                    continue
                x = lo
                while (by > 0 and x < hi) or (by < 0 and x > hi):
                    interp.tick()
                    yield interp.checked(x, path)
                    x += by


@generator("repeat", 1)
def _repeat(interp, env, inp, path, args):
    """jq 1.6's ``def repeat(f): def _repeat: f, _repeat; _repeat;``: f's outputs on the same input,
    again and again (1.7 changed it to feed each output back)."""
    while True:
        interp.tick()
        yield from interp.run(args[0], env, inp, path)


@generator("while", 2)
def _while(interp, env, inp, path, args):
    v = inp
    while True:
        interp.tick()
        if not any(V.truthy(c) for c in interp.values(args[0], env, v)):
            return
        yield interp.checked(v, path)
        nxt = list(interp.values(args[1], env, v))
        if not nxt:
            return
        v = nxt[0]


@generator("until", 2)
def _until(interp, env, inp, path, args):
    v = inp
    while True:
        interp.tick()
        if any(V.truthy(c) for c in interp.values(args[0], env, v)):
            yield interp.checked(v, path)
            return
        nxt = list(interp.values(args[1], env, v))
        if not nxt:
            return
        v = nxt[0]


@generator("limit", 2)
def _limit(interp, env, inp, path, args):
    for n in interp.values(args[0], env, inp):
        if not isinstance(n, float) or n < 0:
            yield from interp.run(args[1], env, inp, path)
            continue
        # builtin.jq 1.6: foreach counts down and breaks once the count is <= 0 after an output,
        # so limit(0; f) still gives f's first output
        left = n
        for item in interp.run(args[1], env, inp, path):
            yield item
            left -= 1
            if left <= 0:
                break


@generator("first", 1)
def _first(interp, env, inp, path, args):
    for item in interp.run(args[0], env, inp, path):
        yield item
        return


@generator("last", 1)
def _last(interp, env, inp, path, args):
    last = None
    for item in interp.run(args[0], env, inp, path):
        last = item
    yield last if last is not None else interp.checked(None, path)


@generator("isempty", 1)
def _isempty(interp, env, inp, path, args):
    for _ in interp.values(args[0], env, inp):
        yield interp.checked(False, path)
        return
    yield interp.checked(True, path)


@generator("input")
def _input(interp, env, inp, path, args):
    yield interp.checked(interp.next_input(), path)


@generator("inputs")
def _inputs(interp, env, inp, path, args):
    """``try repeat(input) catch if . == "break" then empty else error end``."""
    while True:
        try:
            nxt = interp.next_input()
        except JqError as e:
            if e.value == "break":
                return
            raise
        yield interp.checked(nxt, path)


@generator("debug")
def _debug(interp, env, inp, path, args):
    interp.err(V.dump(["DEBUG:", inp]) + "\n")
    yield inp, path


@generator("stderr")
def _stderr(interp, env, inp, path, args):
    interp.err(V.dump(inp))
    yield inp, path


@generator("halt")
def _halt(interp, env, inp, path, args):
    raise Halt(0, None)
    yield


@generator("halt_error", 1)
def _halt_error(interp, env, inp, path, args):
    for code in interp.values(args[0], env, inp):
        if not isinstance(code, float):
            raise _type_error(inp, "halt_error/1: number required")
        raise Halt(int(code), inp)
    yield


@generator("sort_by", 1)
def _sort_by(interp, env, inp, path, args):
    yield interp.checked([x for _, x in _keyed(interp, env, inp, args[0])], path)


@generator("group_by", 1)
def _group_by(interp, env, inp, path, args):
    groups: list = []
    last = object()
    for k, x in _keyed(interp, env, inp, args[0]):
        if groups and V.equal(k, last):
            groups[-1].append(x)
        else:
            groups.append([x])
            last = k
    yield interp.checked(groups, path)


@generator("unique_by", 1)
def _unique_by(interp, env, inp, path, args):
    for groups, _ in _group_by(interp, env, inp, None, args):
        yield interp.checked([g[0] for g in groups], path)


def _extreme(interp, env, inp, path, arg, pick_max: bool):
    keyed = _keyed(interp, env, inp, arg, sort=False)
    if not keyed:
        yield interp.checked(None, path)
        return
    best = keyed[0]
    for k, x in keyed[1:]:
        c = V.compare(k, best[0])
        if (pick_max and c >= 0) or (not pick_max and c < 0):
            best = (k, x)
    yield interp.checked(best[1], path)


@generator("min_by", 1)
def _min_by(interp, env, inp, path, args):
    yield from _extreme(interp, env, inp, path, args[0], False)


@generator("max_by", 1)
def _max_by(interp, env, inp, path, args):
    yield from _extreme(interp, env, inp, path, args[0], True)


def _keyed(interp, env, inp, f, sort: bool = True):
    """builtin.jq's ``_sort_by_impl(map([f]))``: the keys are [f] of each element."""
    if isinstance(inp, dict):
        keys = [list(interp.values(f, env, x)) for x in inp.values()]
        raise JqError(f"object ({V.truncated(inp)}) and array ({V.truncated(keys)}) "
                      + ("cannot be sorted, as they are not both arrays" if sort else "cannot be iterated over"))
    if not isinstance(inp, list):
        raise JqError(f"Cannot iterate over {V.kind(inp)} ({V.truncated(inp)})")
    keyed = [(list(interp.values(f, env, x)), x) for x in inp]
    if sort:
        keyed.sort(key=lambda kx: V.Key(kx[0]))
    return keyed


# -- cfunctions ---------------------------------------------------------------------------------

@cfunc("error")
def _error0(interp, inp):
    raise JqError(inp)


@cfunc("length")
def _length(interp, inp):
    if inp is None:
        return 0.0
    if isinstance(inp, bool):
        raise _type_error(inp, "has no length")
    if isinstance(inp, float):
        return abs(inp)
    return float(len(inp))


@cfunc("utf8bytelength")
def _utf8bytelength(interp, inp):
    if not isinstance(inp, str):
        raise _type_error(inp, "only strings have UTF-8 byte length")
    return float(len(inp.encode()))


@cfunc("keys")
def _keys(interp, inp):
    if isinstance(inp, dict):
        return V.sorted_keys(inp)
    if isinstance(inp, list):
        return [float(i) for i in range(len(inp))]
    raise _type_error(inp, "has no keys")


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
        raise _type_error(inp, "only strings can be parsed")
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
    raise _type_error(inp, "cannot be parsed as a number")


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


@cfunc("sort")
def _sort(interp, inp):
    if not isinstance(inp, list):
        raise _type_error(inp, "cannot be sorted, as it is not an array")
    return sorted(inp, key=V.Key)


@cfunc("unique")
def _unique(interp, inp):
    out = []
    for x in _sort(interp, inp):
        if not out or not V.equal(out[-1], x):
            out.append(x)
    return out


def _not_iterable_twice(v) -> JqError:
    """f_min/f_max run min_by(.) on the input as both values and keys."""
    return JqError(f"{V.kind(v)} ({V.truncated(v)}) and {V.kind(v)} ({V.truncated(v)}) cannot be iterated over")


@cfunc("min")
def _min(interp, inp):
    if not isinstance(inp, list):
        raise _not_iterable_twice(inp)
    return min(inp, key=V.Key) if inp else None


@cfunc("max")
def _max(interp, inp):
    if not isinstance(inp, list):
        raise _not_iterable_twice(inp)
    best = None
    for x in inp:
        if best is None or V.compare(x, best[0]) >= 0:
            best = (x,)
    return best[0] if best else None


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


def _stream_events(v, path):
    """builtin.jq's tostream: [path, leaf] for each leaf (an empty container is a leaf), then
    [path-to-last-key] closing each container."""
    if not isinstance(v, (list, dict)) or not v:
        yield [path, v]
        return
    keys = [float(i) for i in range(len(v))] if isinstance(v, list) else list(v)
    for k in keys:
        yield from _stream_events(index_value(v, k), path + [k])
    yield [path + [keys[-1]]]


@generator("tostream")
def _tostream(interp, env, inp, path, args):
    for event in _stream_events(inp, []):
        interp.tick()
        yield interp.checked(event, path)


@cfunc("infinite")
def _infinite(interp, inp):
    return math.inf


@cfunc("nan")
def _nan(interp, inp):
    return math.nan


@cfunc("isinfinite")
def _isinfinite(interp, inp):
    if not isinstance(inp, float):
        raise _type_error(inp, "number required")
    return math.isinf(inp)


@cfunc("isnan")
def _isnan(interp, inp):
    if not isinstance(inp, float):
        raise _type_error(inp, "number required")
    return inp != inp


@cfunc("isnormal")
def _isnormal(interp, inp):
    if not isinstance(inp, float):
        raise _type_error(inp, "number required")
    return inp == inp and not math.isinf(inp) and inp != 0 and abs(inp) >= 2.2250738585072014e-308


@cfunc("builtins")
def _builtins(interp, inp):
    return sorted(set(NATIVES) | set(_prelude_names()))


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
        raise _type_error(fmt, "is not a valid format")
    return formats.apply(fmt, inp)


def _math(name, fn):
    @cfunc(name)
    def f(interp, inp):
        if not isinstance(inp, float):
            raise _type_error(inp, "number required")
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




# -- regular expressions ------------------------------------------------------------------------

def _regex(re_, flags):
    if not isinstance(re_, str):
        raise _type_error(re_, "is not a string")
    if flags is not None and not isinstance(flags, str):
        raise _type_error(flags, "is not a string")
    pyflags = 0
    global_ = False
    no_empty = False
    for c in flags or "":
        if c == "g":
            global_ = True
        elif c == "i":
            pyflags |= re.I
        elif c == "x":
            pyflags |= re.X
        elif c == "s":
            pyflags |= re.S
        elif c == "n":
            no_empty = True
        elif c in "lp":
            pyflags |= re.S if c == "p" else 0
        else:
            raise JqError(f"{flags} is not a valid modifier string")
    try:
        return re.compile(re_.replace("(?<", "(?P<").replace("(?P<=", "(?<=").replace("(?P<!", "(?<!"), pyflags), global_, no_empty
    except re.error as e:
        raise JqError(f"{re_} (at offset {e.pos or 0}) is not a valid regex: {e.msg}") from None


def _matches(inp, re_, flags, test=False):
    if not isinstance(inp, str):
        raise _type_error(inp, "cannot be matched, as it is not a string")
    rx, global_, no_empty = _regex(re_, flags)
    names = {i: n for n, i in rx.groupindex.items()}
    out = []
    for m in _search_all(rx, inp, global_):
        if no_empty and m.end() == m.start():
            continue
        if test:
            return True
        caps = []
        for g in range(1, rx.groups + 1):
            s = m.group(g)
            if s is None:  # f_match builds an unmatched group's object in this key order
                caps.append({"offset": -1.0, "string": None, "length": 0.0, "name": names.get(g)})
            else:
                caps.append({"offset": float(m.start(g)), "length": float(len(s)), "string": s, "name": names.get(g)})
        out.append({"offset": float(m.start()), "length": float(m.end() - m.start()), "string": m.group(0),
                    "captures": caps})
        if not global_:
            break
    return False if test else out


def _search_all(rx, s: str, global_: bool):
    """f_match's loop: after an empty match the next search starts one further on, and none starts
    at the very end of the string (except the first, so "" matches an empty string)."""
    start = 0
    while True:
        m = rx.search(s, start)
        if m is None:
            return
        yield m
        start = m.start() + 1 if m.end() == m.start() else m.end()
        if not global_ or start >= len(s):
            return


def _regex_args(interp, env, inp, args):
    """(re, flags) pairs from test/match's argument forms: (re), ([re, flags]), (re; flags)."""
    if len(args) == 2:
        for flags in interp.values(args[1], env, inp):
            for re_ in interp.values(args[0], env, inp):
                yield re_, flags
        return
    for val in interp.values(args[0], env, inp):
        if isinstance(val, str):
            yield val, None
        elif isinstance(val, list) and val:
            yield val[0], (val[1] if len(val) > 1 else None)
        else:
            raise JqError(f"{V.kind(val)} not a string or array")


def _regex_native(name, arities, produce):
    for arity in arities:
        def native(interp, env, inp, path, args, _p=produce):
            for re_, flags in _regex_args(interp, env, inp, args):
                for v in _p(interp, env, inp, re_, flags):
                    yield interp.checked(v, path)
        NATIVES[f"{name}/{arity}"] = native


_regex_native("test", (1, 2), lambda i, e, inp, r, f: [_matches(inp, r, f, test=True)])
_regex_native("match", (1, 2), lambda i, e, inp, r, f: _matches(inp, r, f))
_regex_native("capture", (1, 2), lambda i, e, inp, r, f: [
    {c["name"]: c["string"] for c in m["captures"] if c["name"] is not None} for m in _matches(inp, r, f)])
_regex_native("scan", (1,), lambda i, e, inp, r, f: [
    [c["string"] for c in m["captures"]] if m["captures"] else m["string"] for m in _matches(inp, r, "g")])


def _split_re(inp, r, f):
    pieces, prev = [], 0
    for m in _matches(inp, r, "g" + (f or "")):
        start = int(m["offset"])
        pieces.append(inp[prev:start])
        prev = start + int(m["length"])
    pieces.append(inp[prev:])
    return pieces


@generator("split", 2)
def _split2(interp, env, inp, path, args):
    for f in interp.values(args[1], env, inp):
        for r in interp.values(args[0], env, inp):
            yield interp.checked(_split_re(inp, r, f), path)


@generator("splits", 1)
def _splits1(interp, env, inp, path, args):
    for r in interp.values(args[0], env, inp):
        if not isinstance(inp, str):
            raise _type_error(inp, "cannot be matched, as it is not a string")
        for piece in _split_re(inp, r, None):
            yield interp.checked(piece, path)


@generator("splits", 2)
def _splits2(interp, env, inp, path, args):
    for f in interp.values(args[1], env, inp):
        for r in interp.values(args[0], env, inp):
            for piece in _split_re(inp, r, f):
                yield interp.checked(piece, path)


def _substitute(interp, env, inp, path, re_node, repl, flags_node, global_: bool):
    flag_values = [""] if flags_node is None else list(interp.values(flags_node, env, inp))
    for flags in flag_values:
        for r in interp.values(re_node, env, inp):
            ms = _matches(inp, r, (flags or "") + ("g" if global_ else ""))
            if not ms:
                yield interp.checked(inp, path)
                continue
            results = [""]
            prev = 0
            for m in ms:
                caps = {c["name"]: c["string"] for c in m["captures"] if c["name"] is not None}
                start = int(m["offset"])
                reps = list(interp.values(repl, env, caps))
                for x in reps:
                    if not isinstance(x, str):
                        raise JqError(f"string ({V.truncated(inp[prev:start])}) and {V.kind(x)} ({V.truncated(x)}) cannot be added")
                results = [acc + inp[prev:start] + x for x in reps for acc in results]
                prev = start + int(m["length"])
            for acc in results:
                yield interp.checked(acc + inp[prev:], path)


NATIVES["sub/2"] = lambda i, e, inp, p, a: _substitute(i, e, inp, p, a[0], a[1], None, False)
NATIVES["sub/3"] = lambda i, e, inp, p, a: _substitute(i, e, inp, p, a[0], a[1], a[2], False)
NATIVES["gsub/2"] = lambda i, e, inp, p, a: _substitute(i, e, inp, p, a[0], a[1], None, True)
NATIVES["gsub/3"] = lambda i, e, inp, p, a: _substitute(i, e, inp, p, a[0], a[1], a[2], True)


# -- time (virtual) -----------------------------------------------------------------------------

def _broken_down(t: float) -> list:
    tm = time.gmtime(math.floor(t))
    return [float(tm.tm_year), float(tm.tm_mon - 1), float(tm.tm_mday), float(tm.tm_hour), float(tm.tm_min),
            float(tm.tm_sec) + (t - math.floor(t)), float((tm.tm_wday + 1) % 7), float(tm.tm_yday - 1)]


def _struct(bt) -> time.struct_time:
    if not isinstance(bt, list) or len(bt) < 6 or not all(isinstance(x, float) for x in bt[:6]):
        raise JqError("mktime requires array of 6 numbers")
    y, mo, d, h, mi, s = (int(x) for x in bt[:6])
    wday = int(bt[6]) if len(bt) > 6 and isinstance(bt[6], float) else 0
    yday = int(bt[7]) if len(bt) > 7 and isinstance(bt[7], float) else 0
    return time.struct_time((y, mo + 1, d, h, mi, s, (wday - 1) % 7, yday + 1, 0))


@cfunc("gmtime")
def _gmtime(interp, inp):
    if not isinstance(inp, float):
        raise JqError("gmtime() requires a number")
    return _broken_down(inp)


NATIVES["localtime/0"] = NATIVES["gmtime/0"]  # the console host runs in UTC


@cfunc("mktime")
def _mktime(interp, inp):
    if not isinstance(inp, list):
        raise JqError("mktime requires array of 6 numbers")
    return float(calendar.timegm(_struct(inp)))


@cfunc("strftime", 1)
def _strftime(interp, inp, fmt):
    if isinstance(inp, float):
        inp = _broken_down(inp)
    elif not isinstance(inp, list):
        raise JqError("strftime/1 requires parsed datetime inputs")
    if not isinstance(fmt, str):
        raise JqError("strftime/1 requires a string format")
    return time.strftime(fmt, _struct(inp))


NATIVES["strflocaltime/1"] = NATIVES["strftime/1"]


@cfunc("strptime", 1)
def _strptime(interp, inp, fmt):
    if not isinstance(inp, str):
        raise JqError(f"strptime/1 requires string inputs and arguments")
    try:
        tm = time.strptime(inp, fmt)
    except ValueError:
        raise JqError(f'date "{inp}" does not match format "{fmt}"') from None
    t = calendar.timegm(tm)
    return _broken_down(float(t))


# -- defined in jq --------------------------------------------------------------------------------

PRELUDE = r"""
def values: select(. != null);
def nulls: select(. == null);
def booleans: select(type == "boolean");
def numbers: select(type == "number");
def strings: select(type == "string");
def arrays: select(type == "array");
def objects: select(type == "object");
def iterables: select(type == "array" or type == "object");
def scalars: select(type != "array" and type != "object");
def finites: select(type == "number" and (isinfinite or isnan | not));
def normals: select(isnormal);
def map(f): [.[] | f];
def select(f): if f then . else empty end;
def recurse(f): def r: ., (f | r); r;
def recurse(f; cond): def r: ., (f | select(cond) | r); r;
def recurse_down: recurse;
def map_values(f): .[] |= f;
def from_entries: map({(.key // .Key // .name // .Name): (if has("value") then .value else .Value end)})
  | add | . // {};
def with_entries(f): to_entries | map(f) | from_entries;
def del(f): delpaths([path(f)]);
def paths: path(..) | select(length > 0);
def paths(node_filter): . as $dot | paths | select(. as $p | $dot | getpath($p) | node_filter);
def leaf_paths: paths(scalars);
def any: reduce .[] as $x (false; . or $x);
def all: reduce .[] as $x (true; . and $x);
def any(f): reduce (.[] | f) as $x (false; . or $x);
def all(f): reduce (.[] | f) as $x (true; . and $x);
def any(g; cond): isempty(first(g | cond | select(.))) | not;
def all(g; cond): isempty(first(g | cond | select(. | not)));
def in(xs): . as $x | xs | has($x);
def inside(xs): . as $x | xs | contains($x);
def IN(s): any(s == .; .);
def IN(src; s): any(src == s; .);
def unique_by(f): [group_by(f)[] | .[0]];
def first: .[0];
def last: .[-1];
def nth($n): .[$n];
def nth($n; g): if $n < 0 then error("nth doesn't support negative indices") else last(limit($n + 1; g)) end;
def todate: strftime("%Y-%m-%dT%H:%M:%SZ");
def todateiso8601: todate;
def fromdateiso8601: strptime("%Y-%m-%dT%H:%M:%SZ") | mktime;
def fromdate: fromdateiso8601;
def date: todate;
def dateadd(u; n): . + n;
def datesub(u; n): . - n;
def halt_error: halt_error(5);
def error(msg; ignored): error(msg);
def walk(f): . as $in | if type == "object" then reduce keys_unsorted[] as $k ({}; . + {($k): ($in[$k] | walk(f))}) | f
  elif type == "array" then map(walk(f)) | f else f end;
def transpose: if . == [] then [] else . as $in | (map(length) | max) as $max
  | [range(0; $max) as $j | [range(0; $in | length) as $i | $in[$i][$j]]] end;
def combinations: if length == 0 then [] else .[0][] as $x | (.[1:] | combinations) as $y | [$x] + $y end;
def combinations(n): . as $dot | [range(n) | $dot] | combinations;
def INDEX(stream; idx_expr): reduce stream as $row ({}; .[$row | idx_expr | if type != "string" then tojson else . end] |= $row);
def INDEX(idx_expr): INDEX(.[]; idx_expr);
"""

_prelude_cache: list = []


def _prelude_names() -> list[str]:
    return [f"{m.group(1)}/{len(m.group(2).split(';')) if m.group(2) else 0}"
            for m in re.finditer(r"^def (\w+)(?:\(([^)]*)\))?:", PRELUDE, re.M)]


def root_env() -> Env:
    """The scope every program starts in: the jq-defined builtins, parsed once per process."""
    from clusters.console.jq import parsing
    from clusters.console.jq.evaluating import Closure
    if not _prelude_cache:
        node = parsing.parse(PRELUDE + " .")
        env = Env()
        while node[0] == "def":
            env.funcs[f"{node[1]}/{len(node[2])}"] = Closure(node[2], node[3], env)
            node = node[4]
        _prelude_cache.append(env)
    return _prelude_cache[0]


__all__ = ["NATIVES", "PRELUDE", "Halt", "root_env", "Budget"]
