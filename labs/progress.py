"""Scoring a learner's cluster against a lab: per-step status, score, message, hints.

Level-based: every call looks at the cluster as it is now and at the journal
of what the learner typed. The caller (the platform, after each command)
passes the previous ``Progress`` back in, as data, for two things that the
present state cannot tell:

- a step that has passed stays passed (a learner who scaled to 5 and then on
  to 10 for the next step keeps the credit; events that expired after an hour
  do not take it away);
- how many commands the learner has typed since a step became their current
  one, which is what unlocks its hints.

Without ``previous`` the result is the pure level reading of the cluster.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from labs import checks
from labs.model import Lab

PASSED, PARTIAL, FAILED, PENDING = "passed", "partial", "failed", "pending"
CORRECT, INCORRECT, UNANSWERED, UNAVAILABLE = "correct", "incorrect", "unanswered", "unavailable"


@dataclass
class CheckResult:
    title: str
    ok: bool
    weight: float
    message: str


@dataclass
class StepResult:
    id: str
    title: str
    status: str
    score: float          # fraction 0..1 (the best this step has reached)
    points: int
    earned: float         # points × score
    message: str
    hints: list[str] = field(default_factory=list)
    checks: list[CheckResult] = field(default_factory=list)
    since: int = -1       # learner commands typed when this step became current (-1: not yet)
    attempts: int = 0     # learner commands typed on it since


@dataclass
class QuestionResult:
    id: str
    status: str
    points: int
    earned: float
    message: str
    explanation: str = ""


@dataclass
class Progress:
    slug: str
    steps: list[StepResult]
    questions: list[QuestionResult]
    earned: float
    total: int
    score: float          # earned / total, 0..1
    complete: bool        # every step passed and every question answered correctly
    commands: int         # learner commands seen

    @property
    def current(self) -> str | None:
        """The id of the first step not yet passed."""
        return next((s.id for s in self.steps if s.status != PASSED), None)

    def step(self, step_id: str) -> StepResult:
        return next(s for s in self.steps if s.id == step_id)

    def hints(self) -> list[str]:
        return [h for s in self.steps for h in s.hints]

    def to_dict(self) -> dict:
        d = asdict(self)
        d["current"] = self.current
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Progress":
        steps = [StepResult(**{**s, "checks": [CheckResult(**c) for c in s.get("checks", [])]}) for s in d.get("steps", [])]
        questions = [QuestionResult(**q) for q in d.get("questions", [])]
        return cls(d["slug"], steps, questions, d["earned"], d["total"], d["score"], d["complete"], d["commands"])


def evaluate(lab: Lab, cluster, answers: dict | None = None, previous: Progress | dict | None = None) -> Progress:
    """Score ``cluster`` (and its journal) and ``answers`` against ``lab``. Never raises for a check."""
    if isinstance(previous, dict):
        previous = Progress.from_dict(previous)
    prev_steps = {s.id: s for s in previous.steps} if previous else {}
    ctx = checks.Context(cluster, answers)
    typed = len(ctx.commands)

    steps: list[StepResult] = []
    reached = True  # the first step not yet passed is the learner's current one
    for step in lab.steps:
        prev = prev_steps.get(step.id)
        if prev is not None and prev.status == PASSED:
            steps.append(prev)
            continue
        results = []
        for c in step.checks:
            o = c.run(ctx)
            results.append(CheckResult(c.title(), o.ok, c.weight, o.message))
        total_w = sum(r.weight for r in results) or 1.0
        now = sum(r.weight for r in results if r.ok) / total_w
        best = max(now, prev.score if prev else 0.0)
        is_current = reached
        reached = False if now < 1.0 else reached
        since = prev.since if prev is not None else -1
        if since < 0 and (is_current or now > 0):
            since = typed if previous is not None else 0
        attempts = typed - since if since >= 0 else 0
        if now >= 1.0:
            status = PASSED
        elif now > 0:
            status = PARTIAL
        elif (is_current or best > 0) and attempts > 0:
            status = FAILED
        else:
            status = PENDING
        failing = [r.message for r in results if not r.ok]
        message = "done" if status == PASSED else (failing[0] if failing else "")
        hints: list[str] = []
        if status in (FAILED, PARTIAL) and attempts >= lab.hint_after:
            hints.extend(failing)
        if status != PASSED and (is_current or status != PENDING):
            hints.extend(h.text for h in step.hints if attempts >= h.after)
        hints = list(dict.fromkeys(hints))  # two checks may fail for the same reason
        steps.append(StepResult(step.id, step.title, status, round(best if status != PASSED else 1.0, 4), step.points,
                                round(step.points * (1.0 if status == PASSED else best), 4), message, hints, results,
                                since, attempts))

    questions: list[QuestionResult] = []
    for q in lab.questions:
        o = q.check.run(ctx)
        if o.ok:
            status = CORRECT
        elif o.actual is None and not (answers or {}).get(q.id):
            status = UNANSWERED
        elif o.message.startswith("cannot check"):
            status = UNAVAILABLE
        else:
            status = INCORRECT
        questions.append(QuestionResult(q.id, status, q.points, float(q.points if o.ok else 0), o.message,
                                        q.explanation if o.ok else ""))

    earned = round(sum(s.earned for s in steps) + sum(q.earned for q in questions), 4)
    total = lab.points
    complete = all(s.status == PASSED for s in steps) and all(q.status == CORRECT for q in questions)
    return Progress(lab.slug, steps, questions, earned, total, round(earned / total, 4) if total else 1.0,
                    complete, typed)
