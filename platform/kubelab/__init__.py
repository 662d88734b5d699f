"""Kubelab's Django project: settings, URLs, ASGI entry point and Celery app.

The Celery app is imported here so that `@shared_task` binds to it whenever
Django starts (the pattern from Celery's Django guide).
"""
from kubelab.celery import app as celery_app

__all__ = ["celery_app"]
