"""Sending work for a cluster to the worker that holds it.

With `worker_direct` every worker consumes a queue of its own; the lease
names the holder, so its commands go straight there. An unheld cluster's work
goes to the shared queue, where whichever worker takes it claims the lease.
"""
from __future__ import annotations

from celery.utils.nodenames import worker_direct
from django.conf import settings

from kubelab.hosting import leases


def queue_for(attempt_id):
    node = leases.holder(attempt_id)
    if node:
        return worker_direct(node)
    return settings.CELERY_TASK_DEFAULT_QUEUE


def run_command(*, attempt_id, command_id: str, line: str) -> None:
    from kubelab.hosting import tasks

    tasks.run_command.apply_async(
        kwargs={"attempt_id": str(attempt_id), "command_id": command_id, "line": line}, queue=queue_for(attempt_id)
    )


def complete(*, attempt_id, request_id: str, line: str, reply_channel: str) -> None:
    from kubelab.hosting import tasks

    tasks.complete.apply_async(
        kwargs={"attempt_id": str(attempt_id), "request_id": request_id, "line": line, "reply_channel": reply_channel},
        queue=queue_for(attempt_id),
        expires=10,
    )


def wake(*, attempt_id, force_map: bool = False) -> None:
    from kubelab.hosting import tasks

    tasks.wake.apply_async(
        kwargs={"attempt_id": str(attempt_id), "force_map": force_map}, queue=queue_for(attempt_id), expires=30
    )


def grade(*, attempt_id) -> None:
    from kubelab.hosting import tasks

    tasks.grade.apply_async(kwargs={"attempt_id": str(attempt_id)}, queue=queue_for(attempt_id), expires=60)


def read_files(*, attempt_id, request_id: str, path: str | None, reply_channel: str) -> None:
    from kubelab.hosting import tasks

    tasks.read_files.apply_async(
        kwargs={"attempt_id": str(attempt_id), "request_id": request_id, "path": path, "reply_channel": reply_channel},
        queue=queue_for(attempt_id),
        expires=10,
    )
