"""The table of jq builtins written in Python, and the two ways a module registers one: ``cfunc``
(a C function of src/builtin.c: arguments evaluated to values, the last varying slowest, no path)
and ``generator`` (full control of the stream and of paths)."""

from __future__ import annotations

import itertools

from clusters.console.jq import values as V
from clusters.console.jq.values import JqError


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
            yield interp.checked(fn(interp, inp, *reversed(combo)), path, inp)
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


def type_error(v, msg: str) -> JqError:
    return JqError(f"{V.kind(v)} ({V.truncated(v)}) {msg}")
