"""sort, sort_by, group_by, unique(_by), min/max(_by) as src/builtin.c orders values (jv_cmp), with
builtin.jq's ``map([f])`` keys and their error words."""

from __future__ import annotations

from clusters.console.jq import values as V
from clusters.console.jq.evaluating import JqError
from clusters.console.jq.registry import cfunc, generator, type_error


@generator("sort_by", 1)
def _sort_by(interp, env, inp, path, args):
    yield interp.checked([x for _, x in _keyed(interp, env, inp, args[0])], path, inp)


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
    yield interp.checked(groups, path, inp)


@generator("unique_by", 1)
def _unique_by(interp, env, inp, path, args):
    for groups, _ in _group_by(interp, env, inp, None, args):
        yield interp.checked([g[0] for g in groups], path, inp)


def _extreme(interp, env, inp, path, arg, pick_max: bool):
    keyed = _keyed(interp, env, inp, arg, sort=False)
    if not keyed:
        yield interp.checked(None, path, inp)
        return
    best = keyed[0]
    for k, x in keyed[1:]:
        c = V.compare(k, best[0])
        if (pick_max and c >= 0) or (not pick_max and c < 0):
            best = (k, x)
    yield interp.checked(best[1], path, inp)


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


@cfunc("sort")
def _sort(interp, inp):
    if not isinstance(inp, list):
        raise type_error(inp, "cannot be sorted, as it is not an array")
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
