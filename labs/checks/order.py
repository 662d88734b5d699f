"""``type: order``: one thing happened before another.

    - type: order
      first: {event: {reason: NodeNotReady, kind: Node, name: node-2}}
      then:  {event: {reason: TaintManagerEviction, kind: Pod, name_matches: '^web-'}}

Each side is an ``event`` (as in ``type: event``), a ``trace`` entry (as in
``type: trace``) or a ``command`` (a regular expression on the lines the
learner typed). Both must have happened; the earliest occurrence of each is
compared in virtual time. Within one kind the sequence decides ties (two
commands typed in the same instant); across kinds a tie counts as in order,
because a command and the writes it causes share their instant.
"""
from __future__ import annotations

import re

from clusters import timeutil

from labs.checks import base
from labs.checks.events import describe_event, event_problems, matching_events
from labs.checks.trace import describe_entry, matching_entries, trace_problems

_SIDES = ("event", "trace", "command")


def _side_problems(side: dict, where: tuple) -> list[tuple[tuple, str]]:
    kinds = [k for k in _SIDES if k in (side or {})]
    if len(kinds) != 1:
        return [(where, "give exactly one of event, trace or command")]
    k = kinds[0]
    if k == "event":
        return event_problems(side["event"], where + ("event",))
    if k == "trace":
        return trace_problems(side["trace"], where + ("trace",))
    return base.regex_problems(where + ("command",), side["command"])


def _describe(side: dict) -> str:
    if "event" in side:
        return describe_event(side["event"])
    if "trace" in side:
        return describe_entry(side["trace"])
    return f"a command matching /{side['command']}/"


def _occurrences(ctx: base.Context, side: dict, epoch: float) -> list[tuple]:
    """(virtual time, kind, sequence) of every occurrence, oldest first."""
    if "event" in side:
        out = []
        for e in matching_events(ctx, side["event"]):
            first = timeutil.parse_rfc3339(e.get("firstTimestamp") or e["metadata"]["creationTimestamp"]) - epoch
            last = timeutil.parse_rfc3339(e.get("lastTimestamp") or e.get("firstTimestamp") or e["metadata"]["creationTimestamp"]) - epoch
            out += [(first, "event", 0), (last, "event", 0)]
        return sorted(out)
    if "trace" in side:
        return [(e.t, "trace", e.seq) for e in matching_entries(ctx, side["trace"])]
    return [(c["t"], "command", c["i"]) for c in ctx.commands if re.search(side["command"], c["cmd"])]


class OrderCheck(base.Check):
    type = "order"

    def __init__(self, spec: dict):
        super().__init__(spec)
        self.first = spec.get("first") or {}
        self.then = spec.get("then") or {}

    def problems(self):
        return _side_problems(self.first, ("first",)) + _side_problems(self.then, ("then",))

    def summary(self) -> str:
        return f"{_describe(self.first)}, then {_describe(self.then)}"

    def evaluate(self, ctx):
        epoch = ctx.cluster.epoch
        firsts = _occurrences(ctx, self.first, epoch)
        thens = _occurrences(ctx, self.then, epoch)
        a = firsts[0] if firsts else None
        b = thens[-1] if thens else None
        if a is None:
            return base.Outcome(False, f"{_describe(self.first)} has not happened yet", None)
        if b is None:
            return base.Outcome(False, f"{_describe(self.first)} happened; {_describe(self.then)} has not happened yet", None)
        if a[0] < b[0] or (a[0] == b[0] and (a[1] != b[1] or a[2] < b[2])):
            return base.Outcome(True, f"{_describe(self.first)}, then {_describe(self.then)}", None)
        return base.Outcome(False, f"{_describe(self.then)} happened only before {_describe(self.first)}; the task asks for it afterwards", None)
