r"""``type: command``: what the learner typed, read from the cluster's journal.

    - type: command
      matches: 'kubectl\s+scale\b.*\bweb\b'   # a line you typed matches (re.search)
      min: 1                                  # at least this many such lines
      absent: 'kubectl\s+(edit|patch|apply)\b.*\bweb\b'   # and no line matches this
      before: 'kubectl\s+drain\b'             # the first match comes before the first line matching this
      example: kubectl scale deployment web --replicas=5

A line may hold several commands (``a && b``, pipes): patterns search the
whole line. Only the learner's lines count; a lab's setup commands are not
in the journal. ``example`` is what the hint suggests when nothing matches.
"""
from __future__ import annotations

import re

from labs.checks import base


class CommandCheck(base.Check):
    type = "command"

    def __init__(self, spec: dict):
        super().__init__(spec)
        self.matches = spec.get("matches")
        self.absent = spec.get("absent")
        self.before = spec.get("before")
        self.min = int(spec.get("min", 1))
        self.example = spec.get("example") or ""

    def problems(self):
        out = []
        for key in ("matches", "absent", "before"):
            if self.spec.get(key) is not None:
                out += base.regex_problems((key,), self.spec[key])
        if not self.matches and not self.absent:
            out.append(((), "a command check needs matches or absent"))
        if self.before and not self.matches:
            out.append((("before",), "before needs matches (what must come first)"))
        return out

    def summary(self) -> str:
        if self.example:
            return f"you typed a command like `{self.example}`"
        if self.matches:
            return f"you typed a command matching /{self.matches}/"
        return f"you typed no command matching /{self.absent}/"

    def evaluate(self, ctx):
        lines = ctx.commands
        hits = [c for c in lines if self.matches and re.search(self.matches, c["cmd"])]
        if self.absent:
            bad = [c for c in lines if re.search(self.absent, c["cmd"])]
            if bad:
                return base.Outcome(False, f"you typed `{bad[0]['cmd']}`; this step asks you not to do it that way", bad[0]["cmd"])
            if not self.matches:
                return base.Outcome(True, "you avoided what this step warned about", None)
        if len(hits) < self.min:
            like = f" such as `{self.example}`" if self.example else ""
            if hits:
                return base.Outcome(False, f"you typed {len(hits)} such command(s){like}; the task asks for at least {self.min}", len(hits))
            return base.Outcome(False, f"you have not typed a command{like} yet", 0)
        if self.before:
            later = [c for c in lines if re.search(self.before, c["cmd"])]
            if not later:
                return base.Outcome(False, f"you typed `{hits[0]['cmd']}`, but not yet the command it must come before", hits[0]["cmd"])
            if hits[0]["i"] > later[0]["i"]:
                return base.Outcome(False, f"you typed `{later[0]['cmd']}` before `{hits[0]['cmd']}`; the order matters here", later[0]["cmd"])
            return base.Outcome(True, f"you typed `{hits[0]['cmd']}` before `{later[0]['cmd']}`", hits[0]["cmd"])
        return base.Outcome(True, f"you typed `{hits[0]['cmd']}`", hits[0]["cmd"])
