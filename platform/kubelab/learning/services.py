"""Writes for learning."""
from __future__ import annotations

from django.db import transaction

from kubelab.hosting import services as hosting_services
from kubelab.learning import catalogue
from kubelab.learning.models import Attempt


class UnknownLab(Exception):
    pass


@transaction.atomic
def attempt_start(*, user, lab_slug: str) -> Attempt:
    """Start an attempt at a lab: the attempt row and its cluster record, together."""
    lab = catalogue.entry(lab_slug)
    if lab is None:
        raise UnknownLab(lab_slug)
    attempt = Attempt.objects.create(user=user, lab_slug=lab.slug, title=lab.title)
    hosting_services.cluster_create(attempt=attempt, spec={"nodes": lab.nodes}, seed=lab.seed)
    return attempt
