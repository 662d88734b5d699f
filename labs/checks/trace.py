"""``type: trace``: a write (or note) in the control-plane trace happened.

    - type: trace
      component: replicaset-controller   # who wrote
      verb: create                       # create update delete bind note …
      kind: Pod
      name_matches: '^web-'
      namespace: default
      message: 'Pulling'                 # regular expression on the note, for notes
      learner: true                      # only writes caused directly by a learner's command
      min: 1

The trace is what the console's control-plane panel shows: every write with
the component that made it. "The ReplicaSet controller created a pod after
you deleted one" is a trace check.
"""
from __future__ import annotations

import re

from labs.checks import base


def trace_problems(spec: dict, where: tuple = ()) -> list[tuple[tuple, str]]:
    out = []
    for key in ("name_matches", "message"):
        if key in spec:
            out += base.regex_problems(where + (key,), spec[key])
    return out


def matching_entries(ctx: base.Context, spec: dict) -> list:
    name_re = re.compile(spec["name_matches"]) if spec.get("name_matches") else None
    msg_re = re.compile(spec["message"]) if spec.get("message") else None
    out = []
    for e in ctx.cluster.trace.entries:
        if spec.get("component") and e.component != spec["component"]:
            continue
        if spec.get("verb") and e.verb != spec["verb"]:
            continue
        if spec.get("kind") and e.kind != spec["kind"]:
            continue
        if "namespace" in spec and e.namespace != spec["namespace"]:
            continue
        if spec.get("name") and e.name != spec["name"]:
            continue
        if name_re and not name_re.search(e.name or ""):
            continue
        if msg_re and not msg_re.search(e.message or ""):
            continue
        if spec.get("learner") and not (isinstance(e.cause, str) and e.cause.startswith("cmd:")):
            continue
        out.append(e)
    return out


def describe_entry(spec: dict) -> str:
    who = spec.get("component", "a component")
    verb = spec.get("verb", "write")
    obj = (spec.get("kind") or "object").lower()
    name = spec.get("name") or (f"/{spec['name_matches']}/" if spec.get("name_matches") else "")
    return f"{who} {verb}{'s' if not verb.endswith('s') else ''} {'a ' if not name else ''}{obj}{(' ' + name) if name else ''}".strip()


class TraceCheck(base.Check):
    type = "trace"

    def __init__(self, spec: dict):
        super().__init__(spec)
        self.min = int(spec.get("min", 1))

    def problems(self):
        return trace_problems(self.spec)

    def summary(self) -> str:
        return describe_entry(self.spec)

    def evaluate(self, ctx):
        n = len(matching_entries(ctx, self.spec))
        what = describe_entry(self.spec)
        if n >= self.min:
            return base.Outcome(True, f"the trace shows: {what} ({n}×)", n)
        if n:
            return base.Outcome(False, f"the trace shows {n}× \"{what}\"; the task asks for at least {self.min}", n)
        return base.Outcome(False, f"the trace does not show \"{what}\" yet", 0)
