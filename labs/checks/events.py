"""``type: event``: a core/v1 Event was recorded (or, with ``absent``, never was).

    - type: event
      reason: Killing                # exact reason, as kubectl describe shows it
      kind: Pod                      # involvedObject.kind
      name: web                      # involvedObject.name, exact ...
      name_matches: '^web-'          # ... or a regular expression
      namespace: default             # or all_namespaces: true
      event_type: Warning            # Normal or Warning
      message: 'Back-off restarting' # regular expression on the message
      min: 1                         # how many matching events (counting repeats)
      absent: false                  # true: the task asks that no such event exists

Events are read from the API, so they are what ``kubectl get events`` shows;
they expire after an hour of virtual time, which is why the engine keeps a
step passed once it has passed.
"""
from __future__ import annotations

import re

from labs.checks import base


def event_problems(spec: dict, where: tuple = ()) -> list[tuple[tuple, str]]:
    out = []
    for key in ("name_matches", "message"):
        if key in spec:
            out += base.regex_problems(where + (key,), spec[key])
    return out


def matching_events(ctx: base.Context, spec: dict) -> list[dict]:
    ns = None if spec.get("all_namespaces") else spec.get("namespace", "default")
    name_re = re.compile(spec["name_matches"]) if spec.get("name_matches") else None
    msg_re = re.compile(spec["message"]) if spec.get("message") else None
    out = []
    for ev in ctx.list("events", ns):
        inv = ev.get("involvedObject") or {}
        if spec.get("reason") and ev.get("reason") != spec["reason"]:
            continue
        if spec.get("kind") and inv.get("kind") != spec["kind"]:
            continue
        if spec.get("name") and inv.get("name") != spec["name"]:
            continue
        if name_re and not name_re.search(inv.get("name") or ""):
            continue
        if spec.get("event_type") and ev.get("type") != spec["event_type"]:
            continue
        if msg_re and not msg_re.search(ev.get("message") or ""):
            continue
        if spec.get("source") and (ev.get("source") or {}).get("component") != spec["source"]:
            continue
        out.append(ev)
    out.sort(key=lambda e: (e.get("firstTimestamp") or "", e["metadata"].get("resourceVersion", "")))
    return out


def describe_event(spec: dict) -> str:
    words = [f"a {spec['reason']} event" if spec.get("reason") else "an event"]
    if spec.get("kind") or spec.get("name") or spec.get("name_matches"):
        target = spec.get("name") or (f"/{spec['name_matches']}/" if spec.get("name_matches") else "")
        words.append(f"for {spec.get('kind', 'object').lower()}{(' ' + target) if target else ''}")
    if spec.get("message"):
        words.append(f"saying /{spec['message']}/")
    return " ".join(words)


class EventCheck(base.Check):
    type = "event"

    def __init__(self, spec: dict):
        super().__init__(spec)
        self.min = int(spec.get("min", 1))
        self.absent = bool(spec.get("absent"))

    def problems(self):
        return event_problems(self.spec)

    def summary(self) -> str:
        return ("no " if self.absent else "") + describe_event(self.spec)

    def evaluate(self, ctx):
        events = matching_events(ctx, self.spec)
        total = sum(int(e.get("count") or 1) for e in events)
        what = describe_event(self.spec)
        if self.absent:
            if total:
                last = events[-1]
                return base.Outcome(False, f"there is {what}: \"{last.get('message', '')}\"; the task asks that it never happens", total)
            return base.Outcome(True, f"no {what.split(' ', 1)[1]}", 0)
        if total >= self.min:
            return base.Outcome(True, f"{what} was recorded ({total}×)", total)
        if total:
            return base.Outcome(False, f"{what} was recorded {total}×; the task asks for at least {self.min}", total)
        return base.Outcome(False, f"no {what.split(' ', 1)[1]} has been recorded yet", 0)
