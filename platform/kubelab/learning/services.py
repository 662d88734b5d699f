"""Writes for learning: attempts, reflection answers, progress."""
from __future__ import annotations

from django.db import transaction

from kubelab.hosting import services as hosting_services
from kubelab.learning import catalogue
from kubelab.learning.models import Answer, Attempt, Progress


class UnknownLab(Exception):
    pass


class InvalidAnswer(ValueError):
    pass


@transaction.atomic
def attempt_start(*, user, lab_slug: str) -> Attempt:
    """Start an attempt at a lab: the attempt row and its cluster record (the lab's spec and seed), together."""
    lab = catalogue.entry(lab_slug)
    if lab is None:
        raise UnknownLab(lab_slug)
    attempt = Attempt.objects.create(user=user, lab_slug=lab.slug, title=lab.title)
    hosting_services.cluster_create(attempt=attempt, spec=lab.spec, seed=lab.seed)
    return attempt


def answer_save(*, attempt: Attempt, question_id: str, text: str) -> Answer:
    """Keep a reflection answer; the worker holding the cluster checks it (see grading)."""
    entry = catalogue.entry(attempt.lab_slug)
    questions = {q.id: q for q in (entry.lab.questions if entry is not None and entry.is_lab else [])}
    question = questions.get(question_id)
    if question is None:
        raise InvalidAnswer(f"this lab has no question {question_id!r}")
    text = (text or "").strip()
    if not text:
        raise InvalidAnswer("the answer is empty")
    if len(text) > Answer.MAX_LENGTH:
        raise InvalidAnswer(f"the answer is {len(text)} characters long; the limit is {Answer.MAX_LENGTH}")
    if "\x00" in text:
        raise InvalidAnswer("the answer contains a NUL character")
    if question.choices and text not in [str(c) for c in question.choices]:
        raise InvalidAnswer("pick one of the choices offered")
    answer, _ = Answer.objects.update_or_create(attempt=attempt, question_id=question_id, defaults={"text": text})
    Attempt.objects.filter(pk=attempt.pk).update(updated_at=answer.updated_at)
    return answer


def progress_store(*, attempt_id, data: dict) -> None:
    """The worker's latest evaluation (single writer: the holder of the cluster)."""
    Progress.objects.update_or_create(
        attempt_id=attempt_id,
        defaults={
            "data": data,
            "score": float(data.get("score", 0.0)),
            "earned": float(data.get("earned", 0.0)),
            "total": int(data.get("total", 0)),
            "complete": bool(data.get("complete", False)),
        },
    )
