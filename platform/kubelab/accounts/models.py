from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    LEARNER = "learner", "Learner"
    INSTRUCTOR = "instructor", "Instructor"


class User(AbstractUser):
    """A person using Kubelab. Everyone learns; instructors also see cohorts."""

    role = models.CharField(max_length=16, choices=Role.choices, default=Role.LEARNER)

    @property
    def is_instructor(self) -> bool:
        return self.role == Role.INSTRUCTOR
