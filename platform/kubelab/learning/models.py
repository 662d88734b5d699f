import uuid

from django.conf import settings
from django.db import models


class Attempt(models.Model):
    """One learner working through one lab (or the sandbox) on their own cluster."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts")
    lab_slug = models.SlugField(max_length=100)
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["user", "-updated_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.user})"


class Progress(models.Model):
    """The last `labs.evaluate` of an attempt, as `Progress.to_dict()`, with its score pulled out.

    Written only by the worker holding the attempt's cluster, after each
    command and whenever time moves the cluster; read by the pages. `data` is
    also what the next evaluation gets back as `previous` (passed steps stay
    passed, hints unlock by commands typed on a step).
    """

    attempt = models.OneToOneField(Attempt, on_delete=models.CASCADE, primary_key=True, related_name="progress")
    data = models.JSONField()
    score = models.FloatField(default=0.0, help_text="earned / total, 0..1")
    earned = models.FloatField(default=0.0)
    total = models.PositiveIntegerField(default=0)
    complete = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)


class Answer(models.Model):
    """A learner's answer to one reflection question; checked by the worker against the cluster."""

    MAX_LENGTH = 2000

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question_id = models.CharField(max_length=100)
    text = models.TextField(max_length=MAX_LENGTH)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["attempt", "question_id"], name="answer_once_per_question")]
