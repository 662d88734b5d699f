"""Reads for learning. An attempt is only ever visible to its owner."""
from __future__ import annotations

import uuid

from kubelab.learning.models import Attempt


def attempt_for_user(*, user, attempt_id) -> Attempt | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        attempt_id = uuid.UUID(str(attempt_id))
    except ValueError:
        return None
    return Attempt.objects.filter(id=attempt_id, user=user).first()


def attempts_of(*, user) -> list[Attempt]:
    return list(Attempt.objects.filter(user=user)[:20])
