"""The one small base every check type builds on.

A check is declarative data from ``lab.yaml`` (``type: state``, ``resource:
deployments``, ``path: status.readyReplicas``, ``op: ge``, ``value: 5``)
turned into an object with two jobs:

- ``problems()`` says what is wrong with the data itself, for ``python -m
  labs validate`` (the JSON Schema catches shapes; this catches meaning, such
  as a regular expression that does not compile or an unknown resource);
- ``evaluate(ctx)`` looks at the cluster *as it is now* (and at the journal of
  what the learner typed) and returns an ``Outcome``. Checks are level-based:
  they never wait and never remember; the caller re-evaluates after every
  command.

A failing outcome carries a message that says what is actually there and
what the task asks for ("deployment/web: status.readyReplicas is 3; the task
asks for at least 5"). That message is the generated hint, so every check
type must write one a learner can act on. An author can replace it with
``hint:``, using ``{actual}`` and ``{expected}`` placeholders.

To add a check type, copy ``state.py``: subclass ``Check``, set ``type``,
read your fields in ``__init__``, and list the module in ``checks/__init__``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from clusters import objects

OPERATORS = ("eq", "ne", "gt", "ge", "lt", "le", "exists", "contains", "matches")

# How an operator reads in a hint: "the task asks for at least 5".
_OP_WORDS = {
    "eq": "{v}", "ne": "anything but {v}", "gt": "more than {v}", "ge": "at least {v}",
    "lt": "less than {v}", "le": "at most {v}", "contains": "something containing {v}",
    "matches": "something matching /{v}/",
}


@dataclass
class Outcome:
    ok: bool
    message: str = ""      # what the check found, in a sentence
    actual: Any = None     # the value it found, for templates and tests

    def as_dict(self) -> dict:
        return {"ok": self.ok, "message": self.message}


class Context:
    """What checks may look at: the cluster now, the learner's commands and answers."""

    def __init__(self, cluster, answers: dict | None = None):
        self.cluster = cluster
        self.answers = dict(answers or {})
        self._commands: list[dict] | None = None

    @property
    def commands(self) -> list[dict]:
        """Lines the learner typed, oldest first: ``{"i": index, "t": time, "cmd": line}``."""
        if self._commands is None:
            self._commands = [{"i": i, "t": e.get("t", 0.0), "cmd": e["cmd"]}
                              for i, e in enumerate(self.cluster.journal) if "cmd" in e]
        return self._commands

    def get(self, resource: str, name: str, namespace: str | None) -> dict | None:
        try:
            return self.cluster.api.try_get(resource, name, namespace)
        except Exception:  # an unknown resource reads as "not there", never as a crash
            return None

    def list(self, resource: str, namespace: str | None, selector: str | None = None) -> list[dict]:
        sel = objects.parse_selector(selector) if selector else None
        try:
            return self.cluster.api.list(resource, namespace, sel)
        except Exception:
            return []


class CheckError(ValueError):
    """Check data that cannot be evaluated (found by ``problems()`` at validation)."""


class Check:
    type: ClassVar[str] = ""
    # Fields every check type accepts, besides its own.
    COMMON = ("type", "weight", "describe", "hint")

    def __init__(self, spec: dict):
        self.spec = spec
        self.weight = float(spec.get("weight", 1))
        self.describe = spec.get("describe") or ""
        self.hint = spec.get("hint") or ""

    def problems(self) -> list[tuple[tuple, str]]:
        """Meaning errors in the check's data: (path inside the check, message)."""
        return []

    def evaluate(self, ctx: Context) -> Outcome:
        raise NotImplementedError

    def run(self, ctx: Context) -> Outcome:
        """Evaluate, never raising: a broken check fails with a message instead of breaking a lab."""
        try:
            out = self.evaluate(ctx)
        except Exception as e:
            return Outcome(False, f"this check could not be evaluated ({type(e).__name__}: {e})")
        if not out.ok and self.hint:
            out.message = render(self.hint, actual=out.actual, expected=self.spec.get("value"))
        return out

    def title(self) -> str:
        return self.describe or self.summary()

    def summary(self) -> str:
        """A short description for the step's check list when the author gave none."""
        return self.type


def render(template: str, **values: Any) -> str:
    out = template
    for k, v in values.items():
        out = out.replace("{" + k + "}", show(v))
    return out


def show(value: Any) -> str:
    """A value as a learner would read it in a hint."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value if value else '""'
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def op_phrase(op: str, value: Any) -> str:
    if op == "exists":
        return "it to exist" if value in (None, True) else "it not to exist"
    return _OP_WORDS[op].format(v=show(value))


def _number(v: Any) -> Decimal | None:
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, float)):
        return Decimal(str(v))
    if isinstance(v, str):
        try:
            return objects.parse_quantity(v)  # "500m", "1Gi" and "3" all compare as numbers
        except Exception:
            return None
    return None


def compare(op: str, actual: Any, expected: Any, found: bool = True) -> bool:
    """Apply an operator. ``found`` is False when the path reached nothing."""
    if op == "exists":
        want = True if expected is None else bool(expected)
        return found == want
    if not found:
        return op == "ne"
    if op in ("eq", "ne"):
        a, b = _number(actual), _number(expected)
        if a is not None and b is not None and not isinstance(actual, list):
            same = a == b
        elif isinstance(expected, bool) or isinstance(actual, bool):
            same = str(actual).lower() == str(expected).lower()
        else:
            same = actual == expected or (not isinstance(actual, (list, dict)) and str(actual) == str(expected))
        return same if op == "eq" else not same
    if op in ("gt", "ge", "lt", "le"):
        a, b = _number(actual), _number(expected)
        if a is None or b is None:
            return False
        return {"gt": a > b, "ge": a >= b, "lt": a < b, "le": a <= b}[op]
    if op == "contains":
        if isinstance(actual, list):
            return any(compare("eq", item, expected) for item in actual)
        if isinstance(actual, dict):
            return str(expected) in actual
        return str(expected) in str(actual)
    if op == "matches":
        if isinstance(actual, list):
            return any(re.search(str(expected), str(item)) for item in actual)
        return re.search(str(expected), str(actual)) is not None
    raise CheckError(f"unknown operator {op!r}")


def regex_problems(where: tuple, pattern: Any) -> list[tuple[tuple, str]]:
    try:
        re.compile(str(pattern))
    except re.error as e:
        return [(where, f"not a valid regular expression: {e}")]
    return []
