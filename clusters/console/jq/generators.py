"""Builtins that shape the stream: empty, error, path/getpath, recurse, range, repeat, while, until,
limit, first, last, isempty, input/inputs, debug, stderr, halt, tostream (src/builtin.c and
src/builtin.jq in jq 1.6, written as Python loops so they neither recurse nor copy)."""

from __future__ import annotations

from clusters.console.jq import assigning
from clusters.console.jq import values as V
from clusters.console.jq.evaluating import JqError, index_value
from clusters.console.jq.registry import Halt, generator, type_error


@generator("empty")
def _empty(interp, env, inp, path, args):
    return
    yield


@generator("not")
def _not(interp, env, inp, path, args):
    yield interp.checked(not V.truthy(inp), path, inp)


@generator("error", 1)
def _error1(interp, env, inp, path, args):
    for msg in interp.values(args[0], env, inp):
        raise JqError(msg)
    return
    yield


@generator("path", 1)
def _path(interp, env, inp, path, args):
    for _, p in interp.paths(args[0], env, inp):
        yield interp.checked(p, path, inp)


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
                yield interp.checked(x, path, inp)
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
                            yield interp.checked(lo, path, inp)
                    continue
                x = lo
                while (by > 0 and x < hi) or (by < 0 and x > hi):
                    interp.tick()
                    yield interp.checked(x, path, inp)
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
        yield interp.checked(v, path, inp)
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
            yield interp.checked(v, path, inp)
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
    # reduce g as $x (null; $x): the value comes back from a variable, its path kept only if identical
    yield interp.checked(last[0] if last is not None else None, path, inp)


@generator("isempty", 1)
def _isempty(interp, env, inp, path, args):
    for _ in interp.values(args[0], env, inp):
        yield interp.checked(False, path, inp)
        return
    yield interp.checked(True, path, inp)


@generator("input")
def _input(interp, env, inp, path, args):
    yield interp.checked(interp.next_input(), path, inp)


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
        yield interp.checked(nxt, path, inp)


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
            raise type_error(inp, "halt_error/1: number required")
        raise Halt(int(code), inp)
    yield


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
        yield interp.checked(event, path, inp)
