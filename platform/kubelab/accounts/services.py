"""Writes to accounts. Keyword-only and typed, one verb each."""
from __future__ import annotations

from django.db import transaction

from kubelab.accounts.models import Role, User

DEMO_USERS = (
    ("learner", "kubelab-learner", Role.LEARNER),
    ("instructor", "kubelab-instructor", Role.INSTRUCTOR),
)


def user_create(*, username: str, password: str, email: str = "", role: str = Role.LEARNER) -> User:
    user = User(username=username, email=email, role=role)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def demo_users_ensure() -> list[tuple[str, str, str]]:
    """Create (or reset) the demo learner and instructor; return their logins."""
    logins = []
    for username, password, role in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=username, defaults={"role": role})
        user.role = role
        user.set_password(password)
        user.save()
        logins.append((username, password, role))
    return logins
