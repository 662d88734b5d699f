"""Paths and updates: getpath/setpath/delpaths (src/jv_aux.c) and the assignment operators as
src/builtin.jq (jq 1.6) defines them: ``=`` sets every path of the left side to each value of the
right; ``|=`` replaces each path's value with the first output of its update (none deletes it);
``+=`` and friends are ``$x`` bound to the right side, then ``lhs |= . op $x``; ``//=`` likewise."""
from __future__ import annotations

from clusters.console.jq import operators
from clusters.console.jq import values as V
from clusters.console.jq.evaluating import index_value, slice_bounds
from clusters.console.jq.values import JqError


def getpath(v, path):
    if not isinstance(path, list):
        raise JqError("Path must be specified as an array")
    for k in path:
        if v is None:
            return None
        v = index_value(v, k)
    return v


def setpath(v, path, new):
    if not isinstance(path, list):
        raise JqError("Path must be specified as an array")
    if not path:
        return new
    k, rest = path[0], path[1:]
    if isinstance(k, str):
        if v is not None and not isinstance(v, dict):
            raise _cannot_index(v, k)
        out = dict(v or {})
        out[k] = setpath(out.get(k), rest, new)
        return out
    if isinstance(k, float):
        if v is not None and not isinstance(v, list):
            raise _cannot_index(v, k)
        out = list(v or [])
        i = int(k)
        if i < 0:
            i += len(out)
            if i < 0:
                raise JqError("Out of bounds negative array index")
        if i >= len(out):
            if i >= operators.MAX_ITEMS:  # jq 1.7's words; 1.6 tries to allocate it
                raise JqError("Array index too large")
            out.extend([None] * (i + 1 - len(out)))
        out[i] = setpath(out[i], rest, new)
        return out
    if isinstance(k, dict):
        if v is not None and not isinstance(v, list):
            raise JqError(f"Cannot update field at object index of {V.kind(v)}")
        out = list(v or [])
        s, e = slice_bounds(out, k.get("start"), k.get("end"))
        repl = setpath(out[s:e], rest, new)
        if not isinstance(repl, list):
            raise JqError("A slice of an array can only be assigned another array")
        return out[:s] + repl + out[e:]
    raise _cannot_index(v, k)


def _cannot_index(v, k) -> JqError:
    """jv_set's refusal, in jv_get's words (jv_aux.c)."""
    if isinstance(k, str) and len(k.encode()) < 30:
        return JqError(f'Cannot index {V.kind(v)} with string "{k}"')
    return JqError(f"Cannot index {V.kind(v)} with {V.kind(k)}")


def delpaths(v, paths):
    if not isinstance(paths, list):
        raise JqError("Paths must be specified as an array")
    for p in sorted(paths, key=V.Key, reverse=True):
        if not isinstance(p, list):
            raise JqError(f"Path must be specified as array, not {V.kind(p)}")
        v = _delpath(v, p)
    return v


def _delpath(v, path):
    if not path:
        return None
    if v is None:
        return None
    k = path[0]
    if len(path) > 1:
        child = index_value(v, k)
        if child is None:
            return v
        return setpath(v, [k], _delpath(child, path[1:]))
    if isinstance(v, dict):
        if not isinstance(k, str):
            raise JqError(f"Cannot delete {V.kind(k)} field of object")
        return {a: b for a, b in v.items() if a != k}
    if isinstance(v, list):
        if isinstance(k, float):
            i = int(k)
            if i < 0:
                i += len(v)
                if i < 0:
                    raise JqError("Out of bounds negative array index")
            return v[:i] + v[i + 1:]
        if isinstance(k, dict):
            s, e = slice_bounds(v, k.get("start"), k.get("end"))
            return v[:s] + v[e:]
        raise JqError(f"Cannot delete {V.kind(k)} element of array")
    raise JqError(f"Cannot delete fields from {V.kind(v)}")


def paths_of(interp, node, env, inp) -> list:
    return [p for _, p in interp.paths(node, env, inp)]


def update(interp, node, env, inp, fn):
    """``lhs |= fn``: fn(value) -> list of outputs; the first is kept, none deletes the path."""
    out = inp
    for p in paths_of(interp, node, env, inp):
        results = fn(getpath(out, p))
        out = setpath(out, p, results[0]) if results else delpaths(out, [p])
        interp.charge(out)
    return out


def assign(interp, node, env, inp):
    op, lhs, rhs = node[1], node[2], node[3]
    if op == "=":
        for v in interp.values(rhs, env, inp):
            out = inp
            for p in paths_of(interp, lhs, env, inp):
                out = setpath(out, p, v)
                interp.charge(out)
            yield out
        return
    if op == "|=":
        def first(x):
            for y in interp.values(rhs, env, x):
                return [y]
            return []
        yield update(interp, lhs, env, inp, first)
        return
    for r in interp.values(rhs, env, inp):
        if op == "//=":
            yield update(interp, lhs, env, inp, lambda x: [x if V.truthy(x) else r])
        else:
            yield update(interp, lhs, env, inp, lambda x: [operators.binop(op[0], x, r)])
