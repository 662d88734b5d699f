"""The jq evaluator: each AST node run on one input yields a stream of (value, path) pairs.

One walker serves both of jq's modes (src/execute.c): with ``path`` None it computes values; with a
path (a list) it tracks where each output sits in the input, which ``path()``, ``paths``, ``del`` and
the assignment operators need, and refuses a value that did not come from the input ("Invalid path
expression with result ..."). Every step counts against a budget so a filter that never ends
(``range(1e9)``, ``repeat``) stops with an error instead of holding the console.
"""
from __future__ import annotations

import struct

from clusters.console.jq import values as V
from clusters.console.jq.values import JqError

MAX_STEPS = 1_000_000


class _Lost:
    """The path of a value computed in a path expression rather than reached from the input: jq's
    path_intact() fails for it unless the value is identical to the one at the current path."""

    def __add__(self, other):
        return self

    def __repr__(self) -> str:
        return "LOST"


LOST = _Lost()


def identical(a, b) -> bool:
    """jv_identical: containers and strings by identity, numbers bit for bit, null/true/false by kind."""
    if isinstance(a, (list, dict, str)):
        return a is b
    if isinstance(a, float):
        return isinstance(b, float) and struct.pack("d", a) == struct.pack("d", b)
    return a is b


class Budget(Exception):
    """The program ran past this console's bound."""


class Break(Exception):
    def __init__(self, label: object):
        super().__init__()
        self.label = label


class Env:
    """Variables and functions in scope, chained to the enclosing scope."""
    __slots__ = ("vars", "funcs", "parent")

    def __init__(self, parent: "Env | None" = None):
        self.vars: dict = {}
        self.funcs: dict = {}
        self.parent = parent

    def var(self, name: str):
        e = self
        while e is not None:
            if name in e.vars:
                return e.vars[name]
            e = e.parent
        raise KeyError(name)

    def func(self, key: str):
        e = self
        while e is not None:
            if key in e.funcs:
                return e.funcs[key]
            e = e.parent
        return None


class Closure:
    """A jq function value: its parameters, body and the scope it was defined (or passed) in."""
    __slots__ = ("params", "body", "env")

    def __init__(self, params, body, env):
        self.params, self.body, self.env = params, body, env


def index_value(t, k):
    """jv_get (src/jv_aux.c)."""
    if isinstance(t, dict) and isinstance(k, str):
        return t.get(k)
    if isinstance(t, list) and isinstance(k, float):
        if not V.is_integer(k):
            return None
        i = int(k)
        if i < 0:
            i += len(t)
        return t[i] if 0 <= i < len(t) else None
    if isinstance(t, (list, str)) and isinstance(k, dict) and ("start" in k or "end" in k):
        s, e = slice_bounds(t, k.get("start"), k.get("end"))
        return t[s:e]
    if isinstance(t, list) and isinstance(k, list):
        return indexes(t, k)
    if t is None and isinstance(k, (str, float, dict)):
        return None
    if isinstance(k, str) and len(k.encode()) < 30:
        raise JqError(f'Cannot index {V.kind(t)} with string "{k}"')
    raise JqError(f"Cannot index {V.kind(t)} with {V.kind(k)}")


def indexes(t: list, k: list) -> list:
    if not k:
        return None
    return [float(i) for i in range(len(t)) if t[i:i + len(k)] == k and
            all(V.equal(a, b) for a, b in zip(t[i:i + len(k)], k))]


def slice_bounds(t, start, end) -> tuple[int, int]:
    """parse_slice: null means the ends, negative counts from the end, fractions are floored."""
    n = len(t)
    if (start is not None and not isinstance(start, float)) or (end is not None and not isinstance(end, float)):
        raise JqError(f"Start and end indices of an {'array' if isinstance(t, list) else 'string'} slice must be numbers")
    s = 0.0 if start is None else start
    e = float(n) if end is None else end
    if s < 0:
        s += n
    if e < 0:
        e += n
    s = max(0, min(n, int(s // 1)))
    e = max(0, min(n, int(e) if e == int(e) else int(e // 1) + 1))
    return s, max(s, e)


class Interpreter:
    def __init__(self, natives: dict, root: Env, inputs=None, err=None, env_vars=None, now: float = 0.0):
        self.natives = natives
        self.root = root
        self.inputs = inputs  # an iterator of the remaining input values (input, inputs)
        self.err = err or (lambda s: None)
        self.env_vars = env_vars or {}
        self.now = now
        self.steps = 0

    def tick(self):
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise Budget()

    def charge(self, v) -> None:
        """Copying a value costs steps by its size (a step per 256 items of an array or string, per
        32 keys of an object, which copies slower), so a ``reduce`` that grows a value by copying
        it stops within the bound as a loop does."""
        if isinstance(v, dict):
            self.steps += len(v) >> 5
        elif isinstance(v, (list, str)):
            self.steps += len(v) >> 8
        if self.steps > MAX_STEPS:
            raise Budget()

    # -- helpers ----------------------------------------------------------------------------
    def values(self, node, env, inp):
        for v, _ in self.run(node, env, inp, None):
            yield v

    def paths(self, node, env, inp):
        """(value, path) of each output of ``node`` as a path expression from ``inp`` (PATH_END)."""
        for v, p in self.run(node, env, inp, []):
            if p is LOST:
                raise JqError(f"Invalid path expression with result {V.truncated(v, 30)}")
            yield v, p

    @staticmethod
    def lost_index(t, k):
        return JqError(f"Invalid path expression near attempt to access element {V.truncated(k)} of {V.truncated(t, 30)}")

    def bind(self, pattern, value, env: Env) -> list[Env]:
        """Destructure ``value`` by ``pattern``: the scopes it yields (one per combination of keys)."""
        kind = pattern[0]
        if kind == "pvar":
            e = Env(env)
            e.vars[pattern[1]] = value
            return [e]
        if kind == "parray":
            if value is not None and not isinstance(value, list):
                raise JqError(f"Cannot index {V.kind(value)} with number")
            envs = [env]
            for i, sub in enumerate(pattern[1]):
                item = index_value(value, float(i))
                envs = [e2 for e in envs for e2 in self.bind(sub, item, e)]
            return envs
        envs = [env]
        for key, sub in pattern[1]:
            out = []
            for e in envs:
                if key[0] == "var":
                    k = key[1]
                    item = index_value(value, k) if value is None or isinstance(value, dict) else index_value(value, k)
                    e2 = Env(e)
                    e2.vars[k] = item
                    out.extend(self.bind(sub, item, e2) if sub else [e2])
                    continue
                for k in self.values(key, e, value):
                    if not isinstance(k, str):
                        raise JqError(f"Cannot index {V.kind(value)} with {V.kind(k)}")
                    out.extend(self.bind(sub, index_value(value, k), e))
            envs = out
        return envs

    # -- the walker -------------------------------------------------------------------------
    def run(self, node, env: Env, inp, path):
        self.tick()
        kind = node[0]
        if kind == "id":
            yield inp, path
        elif kind == "lit":
            # a string literal is a new string, never the one at the path (jv_identical compares pointers)
            yield self.checked(node[1], path, LOST if isinstance(node[1], str) else inp)
        elif kind == "index":
            for t, p in self.run(node[1], env, inp, path):
                for k in self.values(node[2], env, inp):
                    if p is LOST:
                        raise self.lost_index(t, k)
                    if p is not None and t is None:
                        yield index_value(None, k) if not isinstance(k, (list, bool)) else None, p + [k]
                        continue
                    yield index_value(t, k), (p + [k] if p is not None else None)
        elif kind == "slice":
            for t, p in self.run(node[1], env, inp, path):
                for hi in ([None] if node[3] is None else self.values(node[3], env, inp)):
                    for lo in ([None] if node[2] is None else self.values(node[2], env, inp)):
                        if p is LOST:
                            raise self.lost_index(t, {"start": lo, "end": hi})
                        if t is None:
                            yield None, (p + [{"start": lo, "end": hi}] if p is not None else None)
                            continue
                        if not isinstance(t, (list, str)):
                            raise JqError(f"Cannot index {V.kind(t)} with object")
                        s, e = slice_bounds(t, lo, hi)
                        yield t[s:e], (p + [{"start": lo, "end": hi}] if p is not None else None)
        elif kind == "iter":
            for t, p in self.run(node[1], env, inp, path):
                if p is LOST:
                    raise JqError(f"Invalid path expression near attempt to iterate through {V.truncated(t, 30)}")
                if isinstance(t, list):
                    for i, v in enumerate(t):
                        self.tick()
                        yield v, (p + [float(i)] if p is not None else None)
                elif isinstance(t, dict):
                    for k, v in list(t.items()):
                        self.tick()
                        yield v, (p + [k] if p is not None else None)
                else:
                    raise JqError(f"Cannot iterate over {V.kind(t)} ({V.truncated(t)})")
        elif kind == "pipe":
            for v, p in self.run(node[1], env, inp, path):
                yield from self.run(node[2], env, v, p)
        elif kind == "comma":
            yield from self.run(node[1], env, inp, path)
            yield from self.run(node[2], env, inp, path)
        elif kind == "neg":
            for v in self.values(node[1], env, inp):
                if not isinstance(v, float):
                    raise JqError(f"{V.kind(v)} ({V.truncated(v)}) cannot be negated")
                yield self.checked(-v, path, inp)
        elif kind == "binop":
            from clusters.console.jq import operators
            for r in self.values(node[3], env, inp):
                for l in self.values(node[2], env, inp):
                    v = operators.binop(node[1], l, r)
                    self.charge(v)
                    yield self.checked(v, path, inp)
        elif kind in ("and", "or"):
            for l in self.values(node[1], env, inp):
                if kind == "and" and not V.truthy(l):
                    yield self.checked(False, path, inp)
                    continue
                if kind == "or" and V.truthy(l):
                    yield self.checked(True, path, inp)
                    continue
                for r in self.values(node[2], env, inp):
                    yield self.checked(V.truthy(r), path, inp)
        elif kind == "alt":
            any_ = False
            try:
                for v, p in self.run(node[1], env, inp, path):
                    if V.truthy(v):
                        any_ = True
                        yield v, p
            except JqError:
                pass
            if not any_:
                yield from self.run(node[2], env, inp, path)
        elif kind == "if":
            for c in self.values(node[1], env, inp):
                yield from self.run(node[2] if V.truthy(c) else node[3], env, inp, path)
        elif kind == "try":
            gen = self.run(node[1], env, inp, path)
            while True:
                try:
                    item = next(gen)
                except StopIteration:
                    break
                except JqError as e:
                    if e.value is None:
                        break
                    if node[2] is not None:
                        yield from self.run(node[2], env, e.value, None if path is None else path)
                    break
                yield item
        elif kind == "array":
            collected = [] if node[1] is None else list(self.values(node[1], env, inp))
            yield self.checked(collected, path, inp)
        elif kind == "object":
            for obj in self.objects(node[1], 0, env, inp, {}):
                yield self.checked(obj, path, inp)
        elif kind == "str":
            for s in self.interpolate(node[1], node[2], env, inp):
                yield self.checked(s, path, LOST)
        elif kind == "format":
            from clusters.console.jq import formats
            yield self.checked(formats.apply(node[1], inp), path, LOST)
        elif kind == "var":
            name = node[1]
            if name == "ENV":
                try:
                    v = env.var(name)
                except KeyError:
                    v = dict(self.env_vars)
            else:
                v = env.var(name)
            yield self.checked(v, path, inp)
        elif kind == "loc":
            yield self.checked({"file": "<top-level>", "line": node[1]}, path, inp)
        elif kind == "as":
            for src in self.values(node[1], env, inp):
                for e in self.bind(node[2][0], src, env):
                    yield from self.run(node[3], e, inp, path)
        elif kind in ("reduce", "foreach"):
            yield from self.fold(node, env, inp, path)
        elif kind == "label":
            e = Env(env)
            token = object()
            e.vars["*label*" + node[1]] = token
            try:
                yield from self.run(node[2], e, inp, path)
            except Break as b:
                if b.label is not token:
                    raise
        elif kind == "break":
            try:
                token = env.var("*label*" + node[1])
            except KeyError:
                raise JqError("$*label-" + node[1] + " is not defined") from None
            raise Break(token)
        elif kind == "def":
            e = Env(env)
            e.funcs[f"{node[1]}/{len(node[2])}"] = Closure(node[2], node[3], e)
            yield from self.run(node[4], e, inp, path)
        elif kind == "call":
            yield from self.call(node, env, inp, path)
        elif kind == "assign":
            from clusters.console.jq import assigning
            for v in assigning.assign(self, node, env, inp):
                yield self.checked(v, path, inp)
        else:  # pragma: no cover - the parser makes no other nodes
            raise JqError(f"unknown node {kind}")

    def fold(self, node, env, inp, path):
        """reduce and foreach. The state lives in a variable between passes: in a path expression
        the first pass starts from the initial value's path, a later one only from a state still
        identical to the input (jq 1.6's path_intact), so ``path(reduce ...)`` fails as jq's does."""
        is_reduce = node[0] == "reduce"
        for acc, acc_p in self.run(node[3], env, inp, path):
            first = True
            for src in self.values(node[1], env, inp):
                for e in self.bind(node[2], src, env):
                    start_p = acc_p if first or path is None else self.checked(acc, path, inp)[1]
                    first = False
                    # an update with no output leaves the state null (jq 1.6, reduce and foreach alike)
                    last = (None, None if path is None else LOST)
                    for last in self.run(node[4], e, acc, start_p):
                        if not is_reduce:
                            if node[5] is None:
                                yield last
                            else:
                                yield from self.run(node[5], e, last[0], last[1])
                    acc, acc_p = last
            if is_reduce:
                yield acc, acc_p

    def checked(self, v, path, inp=LOST):
        """A value a node computed: in a path expression it keeps the input's path only if it is
        identical to the input (path_intact); otherwise its path is lost."""
        if path is None:
            return v, None
        if path is not LOST and identical(v, inp):
            return v, path
        return v, LOST

    def objects(self, entries, i, env, inp, acc):
        if i == len(entries):
            yield dict(acc)
            return
        key_node, val_node = entries[i]
        for k in self.values(key_node, env, inp):
            if not isinstance(k, str):
                raise JqError(f"Cannot use {V.kind(k)} ({V.truncated(k)}) as object key")
            for v in self.values(val_node, env, inp):
                nxt = dict(acc)
                nxt[k] = v
                yield from self.objects(entries, i + 1, env, inp, nxt)

    def interpolate(self, parts, fmt, env, inp):
        yield from _reverse_product(self, parts, fmt, env, inp)

    def call(self, node, env: Env, inp, path):
        name, args = node[1], node[2]
        key = f"{name}/{len(args)}"
        closure = env.func(key)
        if closure is not None:
            if isinstance(closure, Closure) and not closure.params and closure.body is not None:
                yield from self.run(closure.body, closure.env, inp, path)
                return
            yield from self.call_closure(closure, args, env, inp, path, key)
            return
        native = self.natives.get(key)
        if native is None:
            raise JqError(f"{key} is not defined")
        yield from native(self, env, inp, path, args)

    def call_closure(self, closure: Closure, args, env, inp, path, key):
        fenv = Env(closure.env)
        fenv.funcs[key] = closure  # recursion sees itself
        value_params = []
        for param, arg in zip(closure.params, args):
            if param.startswith("$"):
                value_params.append((param[1:], arg))
            else:
                fenv.funcs[f"{param}/0"] = Closure([], arg, env)
        if not value_params:
            yield from self.run(closure.body, fenv, inp, path)
            return

        def bind(i, e):
            if i == len(value_params):
                yield from self.run(closure.body, e, inp, path)
                return
            pname, arg = value_params[i]
            for v in self.values(arg, env, inp):
                e2 = Env(e)
                e2.vars[pname] = v
                e2.funcs[f"{pname}/0"] = Closure([], ("lit", v), e2)
                yield from bind(i + 1, e2)
        yield from bind(0, fenv)


def _reverse_product(interp, parts, fmt, env, inp):
    """String interpolation: like jq, the last interpolated expression varies slowest."""
    from clusters.console.jq import formats
    exprs = [i for i, p in enumerate(parts) if not isinstance(p, str)]

    def go(k, chosen):
        if k < 0:
            yield "".join(p if isinstance(p, str) else chosen[i] for i, p in enumerate(parts))
            return
        i = exprs[k]
        for v in interp.values(parts[i], env, inp):
            chosen[i] = formats.apply(fmt or "text", v)
            yield from go(k - 1, chosen)
    yield from go(len(exprs) - 1, {})
