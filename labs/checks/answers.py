"""``type: answer``: a reflection answer, checked against the simulation.

A question in ``lab.yaml`` carries an ``expect`` block; the engine turns it
into this check with the question's id and answer type:

    questions:
      - id: chosen-node
        prompt: Which node did the scheduler pick for the pod `big`?
        answer_type: object            # choice | text | number | object
        expect:
          from: {scheduler: {pod: big, field: node}}
      - id: grace
        answer_type: number
        expect: {value: 300, tolerance: 10}

``expect`` says what a right answer is:

- ``value`` (or ``any_of``): fixed answers; for ``choice`` the choice's text;
- ``pattern`` (text): a case-insensitive regular expression the answer must
  match; ``keywords``: words that must all appear;
- ``from``: the expected answer computed from the learner's own cluster, so a
  question about *their* pod has *their* answer:
  ``{state: {resource, name, namespace, path}}`` (a value on an object),
  ``{count: {resource, namespace, selector, where}}`` (a number of objects),
  ``{scheduler: {pod, namespace, field: node|plugin|filter:NODE}}`` (the
  scheduler's own record: the node it chose, the score plugin that decided,
  or the filter plugin that ruled NODE out).

Object references are compared without their kind when the expected value
has none (``node/node-2`` and ``node-2`` are the same answer) and without case.
"""
from __future__ import annotations

import re
from typing import Any

from labs.checks import base, paths
from labs.checks.count import CountCheck

ANSWER_TYPES = ("choice", "text", "number", "object")


class Unavailable(Exception):
    """The simulation cannot (yet) say what the right answer is."""


def scheduler_value(cluster, namespace: str, pod: str, field: str) -> Any:
    """What the scheduler recorded for a pod: the node it chose, or the plugin that decided.

    ``cluster.scheduler.decision(ns, pod)`` returns the scheduler's record of its
    last decision for that pod: the chosen node and per-node, per-plugin scores.
    """
    if field == "node":
        obj = cluster.api.try_get("pods", pod, namespace)
        node = ((obj or {}).get("spec") or {}).get("nodeName")
        if node:
            return node
    decision_of = getattr(getattr(cluster, "scheduler", None), "decision", None)
    if decision_of is None:
        raise Unavailable("the scheduler does not keep its decisions in this version of the simulation")
    d = decision_of(namespace, pod)
    if d is None:
        raise Unavailable(f"the scheduler has no record of pod {pod}")
    if not isinstance(d, dict):  # clusters.scheduler.records.Decision
        if field == "plugin" and hasattr(d, "decided_by"):
            by = d.decided_by()
            if by is None:
                raise Unavailable(f"no single plugin decided where {pod} went (one feasible node, or a tie)")
            return by
        d = d.as_dict() if hasattr(d, "as_dict") else {}
    if field == "node":
        for key in ("node", "selected", "nodeName", "chosen"):
            if d.get(key):
                return d[key]
        raise Unavailable(f"pod {pod} has not been placed on a node")
    if field == "plugin":
        if d.get("decidedBy"):
            return d["decidedBy"]
        return deciding_plugin(d)
    if field.startswith("filter:"):
        node = field.split(":", 1)[1]
        rejected = (d.get("filtered") or {}).get(node)
        if not rejected:
            raise Unavailable(f"the scheduler did not filter out {node} for {pod}")
        return rejected.get("plugin") if isinstance(rejected, dict) else rejected[0]
    raise Unavailable(f"unknown scheduler field {field!r}")


def deciding_plugin(d: dict) -> str:
    """The score plugin that most separated the chosen node from the runner-up.

    Accepts the record as ``{"node": chosen, "scores": {node: {plugin: weighted score}}}``.
    """
    chosen = d.get("node") or d.get("selected")
    scores = d.get("scores") or {}
    if not chosen or chosen not in scores or len(scores) < 2:
        raise Unavailable("the scheduler's record has no scores to compare")

    def total(node):
        s = scores[node]
        return sum(v for v in s.values() if isinstance(v, (int, float))) if isinstance(s, dict) else 0

    others = sorted((n for n in scores if n != chosen), key=lambda n: (-total(n), n))
    runner = others[0]
    diffs = {p: scores[chosen].get(p, 0) - scores[runner].get(p, 0) for p in scores[chosen]
             if isinstance(scores[chosen].get(p), (int, float))}
    if not diffs:
        raise Unavailable("the scheduler's record has no per-plugin scores")
    return max(sorted(diffs), key=lambda p: diffs[p])


def _normal(value: Any, answer_type: str, expected: Any = None) -> str:
    s = str(value).strip()
    if answer_type == "object":
        s = s.lower()
        if expected is not None and "/" not in str(expected) and "/" in s:
            s = s.split("/", 1)[1]
        return s
    if answer_type in ("choice", "text"):
        return re.sub(r"\s+", " ", s).lower()
    return s


def _number(value: Any) -> float | None:
    try:
        return float(str(value).strip().rstrip("s"))  # "300s" reads as 300
    except ValueError:
        return None


class AnswerCheck(base.Check):
    type = "answer"

    def __init__(self, spec: dict):
        super().__init__(spec)
        self.question = spec.get("question", "")
        self.answer_type = spec.get("answer_type", "text")
        self.choices = list(spec.get("choices") or ())

    def problems(self):
        s = self.spec
        out = []
        keys = [k for k in ("value", "any_of", "pattern", "keywords", "from") if k in s]
        if not keys:
            out.append(((), "expect needs one of value, any_of, pattern, keywords or from"))
        if "pattern" in s:
            out += base.regex_problems(("pattern",), s["pattern"])
        if self.answer_type == "choice":
            for v in ([s["value"]] if "value" in s else []) + list(s.get("any_of") or ()):
                if str(v) not in [str(c) for c in self.choices]:
                    out.append((("value",), f"{v!r} is not one of the choices"))
        src = s.get("from")
        if isinstance(src, dict):
            kinds = [k for k in ("state", "count", "scheduler") if k in src]
            if len(kinds) != 1:
                out.append((("from",), "from needs exactly one of state, count or scheduler"))
            elif kinds[0] == "count":
                out += [(("from", "count") + w, m) for w, m in CountCheck({"type": "count", "op": "ge", "value": 0, **src["count"]}).problems()]
            elif kinds[0] == "state":
                try:
                    paths.parse(src["state"].get("path", ""))
                except paths.PathError as e:
                    out.append((("from", "state", "path"), str(e)))
            elif kinds[0] == "scheduler":
                f = str(src["scheduler"].get("field", "node"))
                if f not in ("node", "plugin") and not (f.startswith("filter:") and len(f) > 7):
                    out.append((("from", "scheduler", "field"), "field is node, plugin or filter:NODE"))
        return out

    def expected(self, ctx: base.Context) -> list[Any]:
        """Every accepted answer, computed now."""
        s = self.spec
        if "from" in s:
            src = s["from"]
            if "state" in src:
                st = src["state"]
                obj = ctx.get(st["resource"], st["name"], st.get("namespace", "default"))
                if obj is None:
                    raise Unavailable(f"{st['resource']}/{st['name']} does not exist, so this cannot be checked yet")
                found, value = paths.first(obj, st.get("path", ""))
                if not found:
                    raise Unavailable(f"{st['resource']}/{st['name']} has no {st.get('path')} yet")
                return value if isinstance(value, list) else [value]
            if "count" in src:
                return [len(CountCheck({"type": "count", "op": "ge", "value": 0, **src["count"]}).matching(ctx))]
            sc = src["scheduler"]
            return [scheduler_value(ctx.cluster, sc.get("namespace", "default"), sc["pod"], sc.get("field", "node"))]
        if "value" in s:
            return [s["value"]]
        return list(s.get("any_of") or ())

    def summary(self) -> str:
        return f"answer to {self.question}"

    def evaluate(self, ctx):
        given = ctx.answers.get(self.question)
        if given is None or str(given).strip() == "":
            return base.Outcome(False, "not answered yet", None)
        s = self.spec
        if "pattern" in s or "keywords" in s:
            text = str(given)
            if "pattern" in s and not re.search(s["pattern"], text, re.IGNORECASE):
                return base.Outcome(False, "that is not the answer we were looking for", given)
            missing = [k for k in s.get("keywords") or () if str(k).lower() not in text.lower()]
            if missing:
                return base.Outcome(False, "your answer misses part of the idea", given)
            if not any(k in s for k in ("value", "any_of", "from")):
                return base.Outcome(True, "right", given)
        try:
            expected = self.expected(ctx)
        except Unavailable as e:
            return base.Outcome(False, f"cannot check this answer yet: {e}", given)
        if self.answer_type == "number":
            g = _number(given)
            tol = float(s.get("tolerance", 0))
            ok = g is not None and any((n := _number(e)) is not None and abs(g - n) <= tol for e in expected)
        else:
            ok = any(_normal(given, self.answer_type, e) == _normal(e, self.answer_type) for e in expected)
        return base.Outcome(ok, "right" if ok else "that is not what your cluster shows", given)
