"""Python's cyclic garbage collector, run by the worker between tasks instead of by chance.

A cluster is a cyclic object graph (its components point back at it), so a
cluster the worker lets go is freed only by the cyclic collector, and a full
collection walks every live object: the clusters still held, and Django's and
Celery's own import-time objects. Left to its thresholds, that walk lands in
the middle of whichever command happens to allocate next (a 3-node cluster
answering its first command in 3 ms took 30-40 ms when it did).

So, as large Python services do (Instagram's "gc.freeze" write-up; the gc
module docs on freeze): at start-up everything imported is frozen out of the
collector's sight, full collections are not left to the thresholds, and the
worker collects after a task has published its reply, when it let a cluster
go or after ``EVERY_TASKS`` tasks, whichever comes first. Young generations
keep their usual thresholds.
"""
from __future__ import annotations

import gc
import threading

EVERY_TASKS = 200
_lock = threading.Lock()
_state = {"tasks": 0, "garbage": False}


def start() -> None:
    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, 1_000_000)


def garbage_made() -> None:
    """A cluster was let go: its graph is garbage for the next collection."""
    with _lock:
        _state["garbage"] = True


def after_task() -> bool:
    """Called once a task's reply is out. True when it collected."""
    with _lock:
        _state["tasks"] += 1
        due = _state["garbage"] or _state["tasks"] >= EVERY_TASKS
        if due:
            _state["tasks"] = 0
            _state["garbage"] = False
    if due:
        gc.collect()
    return due
