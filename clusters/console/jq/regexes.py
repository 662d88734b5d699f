"""test, match, capture, scan, split/2, splits, sub, gsub: src/builtin.c's f_match over Python's ``re``
where jq uses Oniguruma. The same for the patterns learners write (classes, groups, named groups
``(?<name>...)``, anchors, flags g i x s n); different in Oniguruma-only syntax."""

from __future__ import annotations

import re

from clusters.console.jq import values as V
from clusters.console.jq.evaluating import JqError
from clusters.console.jq.registry import NATIVES, generator, type_error


def _regex(re_, flags):
    if not isinstance(re_, str):
        raise type_error(re_, "is not a string")
    if flags is not None and not isinstance(flags, str):
        raise type_error(flags, "is not a string")
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
        raise type_error(inp, "cannot be matched, as it is not a string")
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
                    yield interp.checked(v, path, inp)
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
            yield interp.checked(_split_re(inp, r, f), path, inp)


@generator("splits", 1)
def _splits1(interp, env, inp, path, args):
    for r in interp.values(args[0], env, inp):
        if not isinstance(inp, str):
            raise type_error(inp, "cannot be matched, as it is not a string")
        for piece in _split_re(inp, r, None):
            yield interp.checked(piece, path, inp)


@generator("splits", 2)
def _splits2(interp, env, inp, path, args):
    for f in interp.values(args[1], env, inp):
        for r in interp.values(args[0], env, inp):
            for piece in _split_re(inp, r, f):
                yield interp.checked(piece, path, inp)


def _substitute(interp, env, inp, path, re_node, repl, flags_node, global_: bool):
    flag_values = [""] if flags_node is None else list(interp.values(flags_node, env, inp))
    for flags in flag_values:
        for r in interp.values(re_node, env, inp):
            ms = _matches(inp, r, (flags or "") + ("g" if global_ else ""))
            if not ms:
                yield interp.checked(inp, path, inp)
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
                yield interp.checked(acc + inp[prev:], path, inp)


NATIVES["sub/2"] = lambda i, e, inp, p, a: _substitute(i, e, inp, p, a[0], a[1], None, False)
NATIVES["sub/3"] = lambda i, e, inp, p, a: _substitute(i, e, inp, p, a[0], a[1], a[2], False)
NATIVES["gsub/2"] = lambda i, e, inp, p, a: _substitute(i, e, inp, p, a[0], a[1], None, True)
NATIVES["gsub/3"] = lambda i, e, inp, p, a: _substitute(i, e, inp, p, a[0], a[1], a[2], True)
