"""Scoring an attempt's cluster against its lab, in the worker that holds the cluster.

`labs.evaluate` is level-based and cheap (well under a millisecond for our
labs), so the holder re-evaluates after every command, after time moved the
cluster, and when an answer was saved. The result is stored (the `Progress`
row, also the `previous` of the next evaluation) and published only when it
changed, so a wake-up that changed nothing sends nothing.
"""
from __future__ import annotations

import hashlib
import json
import logging

from kubelab.learning import catalogue, selectors, services
from kubelab.learning.models import Attempt

log = logging.getLogger(__name__)


class Grader:
    """The lab of one held attempt and the last progress published for it."""

    def __init__(self, lab, previous: dict | None) -> None:
        self.lab = lab
        self.previous = previous
        self.digest = _digest(previous) if previous else None

    def evaluate(self, *, attempt_id, cluster) -> dict | None:
        """The new progress as data when it differs from the last one, else None."""
        import labs

        answers = _typed(self.lab, selectors.answers_of(attempt_id=attempt_id))
        try:
            progress = labs.evaluate(self.lab, cluster, answers, self.previous).to_dict()
        except Exception:
            log.exception("lab evaluation failed")
            return None
        digest = _digest(progress)
        if digest == self.digest:
            return None
        services.progress_store(attempt_id=attempt_id, data=progress)
        self.previous, self.digest = progress, digest
        return progress


def grader_for(attempt_id) -> Grader | None:
    """A grader when the attempt is at a lab (the sandbox has nothing to check)."""
    attempt = Attempt.objects.filter(pk=attempt_id).only("lab_slug").first()
    entry = catalogue.entry(attempt.lab_slug) if attempt is not None else None
    if entry is None or not entry.is_lab:
        return None
    return Grader(entry.lab, selectors.progress_of(attempt=attempt_id))


def _typed(lab, answers: dict[str, str]) -> dict:
    """Number questions get numbers; everything else stays text, as the learner wrote it."""
    kinds = {q.id: q.answer_type for q in lab.questions}
    out: dict = {}
    for qid, text in answers.items():
        if kinds.get(qid) == "number":
            try:
                out[qid] = int(text)
            except ValueError:
                try:
                    out[qid] = float(text)
                except ValueError:
                    out[qid] = text
        else:
            out[qid] = text
    return out


def _digest(progress: dict) -> str:
    return hashlib.sha1(json.dumps(progress, sort_keys=True, default=str).encode()).hexdigest()
