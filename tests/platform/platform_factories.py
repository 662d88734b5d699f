"""Factories and personas for platform tests: a learner, a second learner, an instructor, a stranger."""
from __future__ import annotations

import itertools

from kubelab.accounts import services as account_services
from kubelab.accounts.models import Role
from kubelab.learning import services as learning_services

PASSWORD = "correct-horse-battery"
_counter = itertools.count(1)


def make_user(*, role: str = Role.LEARNER, username: str | None = None):
    username = username or f"{role}{next(_counter)}"
    return account_services.user_create(username=username, password=PASSWORD, role=role)


def make_attempt(*, user, lab_slug: str = "free-cluster"):
    return learning_services.attempt_start(user=user, lab_slug=lab_slug)
