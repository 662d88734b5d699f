"""Celery adapters: take ids, hold the cluster, call the engine.

A task that lands on a worker not holding the cluster forwards itself to the
holder's own queue (or back to the shared one), a bounded number of hops.
"""
from __future__ import annotations

import logging

from celery import shared_task
from celery.signals import celeryd_after_setup, task_postrun, task_prerun, worker_shutdown
from celery.utils.nodenames import worker_direct
from django.conf import settings

from kubelab.hosting import leases
from kubelab.logs import bind_attempt

log = logging.getLogger(__name__)
MAX_HOPS = 5


def _node(task) -> str:
    from kubelab.hosting import runtime

    node = task.request.hostname
    if runtime.state.node != node:
        runtime.start(node)
    return node


def _hold_or_forward(task, attempt_id, kwargs: dict):
    from kubelab.hosting import engine

    from kubelab.hosting.models import ClusterRecord

    node = _node(task)
    try:
        return engine.hold(attempt_id, node)
    except ClusterRecord.DoesNotExist:
        log.warning("no such cluster; dropping the task")
        leases.release(attempt_id, node)
        return None
    except engine.NotHeld as exc:
        hops = kwargs.get("hops", 0)
        if hops >= MAX_HOPS:
            log.error("gave up forwarding", extra={"holder": exc.holder})
            return None
        queue = worker_direct(exc.holder) if exc.holder else settings.CELERY_TASK_DEFAULT_QUEUE
        task.apply_async(kwargs={**kwargs, "hops": hops + 1}, queue=queue)
        log.info("forwarded", extra={"holder": exc.holder, "hops": hops + 1})
        return None


@shared_task(bind=True, name="hosting.run_command")
def run_command(self, *, attempt_id: str, command_id: str, line: str, hops: int = 0) -> None:
    from kubelab.hosting import engine

    kwargs = {"attempt_id": attempt_id, "command_id": command_id, "line": line, "hops": hops}
    with bind_attempt(attempt_id):
        hosted = _hold_or_forward(self, attempt_id, kwargs)
        if hosted is None:
            return
        try:
            engine.run_command(hosted, command_id=command_id, line=line)
        except engine.NotHeld:
            _hold_or_forward(self, attempt_id, kwargs)  # the journal says someone else took over


@shared_task(bind=True, name="hosting.wake")
def wake(self, *, attempt_id: str, force_map: bool = False, hops: int = 0) -> None:
    from kubelab.hosting import engine

    kwargs = {"attempt_id": attempt_id, "force_map": force_map, "hops": hops}
    with bind_attempt(attempt_id):
        hosted = _hold_or_forward(self, attempt_id, kwargs)
        if hosted is not None:
            try:
                engine.wake(hosted, force_map=force_map)
            except engine.NotHeld:
                pass  # the new holder streams from now on


@shared_task(bind=True, name="hosting.complete")
def complete(self, *, attempt_id: str, request_id: str, line: str, reply_channel: str, hops: int = 0) -> None:
    from kubelab.hosting import engine, publishing

    kwargs = {"attempt_id": attempt_id, "request_id": request_id, "line": line, "reply_channel": reply_channel}
    with bind_attempt(attempt_id):
        hosted = _hold_or_forward(self, attempt_id, {**kwargs, "hops": hops})
        if hosted is None:
            return
        items = engine.complete(hosted, line=line)
        publishing.channel_send(reply_channel, {"type": "completions", "id": request_id, "line": line, "items": items})


@shared_task(bind=True, name="hosting.grade")
def grade(self, *, attempt_id: str, hops: int = 0) -> None:
    """Re-check the lab after an answer was saved (answers need the cluster to be checked)."""
    from kubelab.hosting import engine

    with bind_attempt(attempt_id):
        hosted = _hold_or_forward(self, attempt_id, {"attempt_id": attempt_id, "hops": hops})
        if hosted is not None:
            engine.grade(hosted)


@shared_task(bind=True, name="hosting.read_files")
def read_files(self, *, attempt_id: str, request_id: str, path: str | None, reply_channel: str, hops: int = 0) -> None:
    """The editor's reads: the scratch directory, or one file. Read-only, so never journaled."""
    from kubelab.hosting import editing, engine, publishing

    kwargs = {"attempt_id": attempt_id, "request_id": request_id, "path": path, "reply_channel": reply_channel}
    with bind_attempt(attempt_id):
        hosted = _hold_or_forward(self, attempt_id, {**kwargs, "hops": hops})
        if hosted is None:
            return
        try:
            body = engine.read_files(hosted, path=path)
        except editing.BadFile as exc:
            body = {"path": path, "error": str(exc)}
        publishing.channel_send(reply_channel, {"type": "files", "seq": None, "id": request_id, **body})


@celeryd_after_setup.connect
def _worker_started(sender, instance, conf, **kwargs):
    from kubelab.hosting import collector, runtime

    _keep_database_connections()
    _warm_up()
    runtime.start(sender)
    collector.start()


def _warm_up() -> None:
    """Do once at start what the first task would otherwise do inside a learner's wait.

    That first task imported most of the simulation, booted a cluster and
    parsed every lab's YAML for its grader: close to a second, paid by whoever
    came first, and by every console a dead worker's successor took over.
    Done before the collector freezes what is loaded.
    """
    from clusters import Cluster
    from kubelab.learning import catalogue, grading  # noqa: F401  (graders are built from the catalogue)

    catalogue.entries()
    Cluster(seed=0).snapshot()


def _keep_database_connections() -> None:
    """A worker keeps its database connection between tasks.

    Opening a PostgreSQL connection (a backend forked, authentication) cost
    every command several milliseconds while Celery closed it after each
    task. A solo worker runs one task at a time on one thread, so one
    connection serves it (CELERY_DB_REUSE_MAX stops Celery closing it, and
    CONN_MAX_AGE=None here stops Django calling it obsolete); one that broke
    is dropped before the next task. Daphne pools its connections instead
    (kubelab.asgi): under ASGI every request has its own context, so kept
    connections would pile up.
    """
    from django.db import connections

    for alias in connections:
        conn = connections[alias]
        # A pool keeps them already; SQLite's are a file opened, and cheap.
        if conn.vendor == "postgresql" and not conn.settings_dict.get("OPTIONS", {}).get("pool"):
            conn.settings_dict["CONN_MAX_AGE"] = None


@task_prerun.connect
def _task_starting(**kwargs):
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close_if_unusable_or_obsolete()


@task_postrun.connect
def _task_finished(**kwargs):
    from kubelab.hosting import collector

    collector.after_task()


@worker_shutdown.connect
def _worker_stopping(**kwargs):
    """A clean stop checkpoints and releases everything, so others take over at once."""
    from kubelab.hosting import engine, runtime

    node = runtime.state.node
    runtime.stop()
    if node is None:
        return
    for hosted in runtime.registry.clear():
        try:
            engine.let_go(hosted, node)
        except Exception:
            log.exception("letting go failed", extra={"attempt_id": hosted.attempt_id})
