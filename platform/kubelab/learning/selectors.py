"""Reads for learning. An attempt, its progress and its answers are only ever visible to its owner."""
from __future__ import annotations

import uuid

from kubelab.learning.models import Answer, Attempt, Progress


def attempt_for_user(*, user, attempt_id) -> Attempt | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        attempt_id = uuid.UUID(str(attempt_id))
    except ValueError:
        return None
    return Attempt.objects.filter(id=attempt_id, user=user).first()


def attempts_of(*, user) -> list[Attempt]:
    return list(Attempt.objects.filter(user=user).select_related("progress")[:20])


def progress_of(*, attempt) -> dict | None:
    row = Progress.objects.filter(attempt=attempt).values("data").first()
    return row["data"] if row else None


def answers_of(*, attempt_id) -> dict[str, str]:
    return dict(Answer.objects.filter(attempt_id=attempt_id).values_list("question_id", "text"))


def lab_standing(*, user) -> dict[str, dict]:
    """Per lab slug: the learner's best score, whether any attempt is complete, and the latest attempt to resume."""
    out: dict[str, dict] = {}
    rows = (
        Attempt.objects.filter(user=user)
        .order_by("-updated_at")
        .values("id", "lab_slug", "progress__score", "progress__complete")
    )
    for row in rows:
        slot = out.setdefault(row["lab_slug"], {"latest": row["id"], "best": 0.0, "complete": False, "attempts": 0})
        slot["attempts"] += 1
        slot["best"] = max(slot["best"], row["progress__score"] or 0.0)
        slot["complete"] = slot["complete"] or bool(row["progress__complete"])
    return out
