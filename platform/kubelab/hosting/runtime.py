"""The clusters a worker holds in memory: an LRU under a byte budget.

Size is estimated from the cluster's snapshot (taken at load and every N
journal entries) times a factor for the live object graph. When the budget is
exceeded the least recently used clusters are checkpointed and let go: their
lease is released and the next command rebuilds them wherever it lands.

A daemon thread renews the leases of everything held and writes this worker's
heartbeat; a lease found lost means another worker took over, and the stale
copy is dropped.
"""
from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from kubelab.hosting import collector, leases

log = logging.getLogger(__name__)

LIVE_SIZE_FACTOR = 4  # live objects vs their pickled snapshot, measured roughly


@dataclass
class Hosted:
    attempt_id: str
    cluster: Any  # clusters.Cluster
    journal_index: int
    snapshot_index: int
    publisher: Any  # publishing.Publisher
    trace_cursor: Any
    size: int
    map_digest: str | None = None
    wakeup_due: float | None = None
    extra: dict = field(default_factory=dict)


class Registry:
    def __init__(self) -> None:
        self._items: OrderedDict[str, Hosted] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, attempt_id) -> Hosted | None:
        key = str(attempt_id)
        with self._lock:
            hosted = self._items.get(key)
            if hosted is not None:
                self._items.move_to_end(key)
            return hosted

    def put(self, hosted: Hosted) -> None:
        with self._lock:
            self._items[str(hosted.attempt_id)] = hosted
            self._items.move_to_end(str(hosted.attempt_id))

    def drop(self, attempt_id) -> Hosted | None:
        with self._lock:
            hosted = self._items.pop(str(attempt_id), None)
        if hosted is not None:
            collector.garbage_made()
        return hosted

    def ids(self) -> list[str]:
        with self._lock:
            return list(self._items)

    def total_size(self) -> int:
        with self._lock:
            return sum(h.size for h in self._items.values())

    def over_budget(self, *, keep) -> list[Hosted]:
        """Least recently used clusters to let go so the rest fit the budget."""
        budget = settings.HOSTING["MEMORY_BUDGET_BYTES"]
        with self._lock:
            total = sum(h.size for h in self._items.values())
            victims = []
            for key, hosted in self._items.items():
                if total <= budget:
                    break
                if key == str(keep):
                    continue
                victims.append(hosted)
                total -= hosted.size
            return victims

    def clear(self) -> list[Hosted]:
        with self._lock:
            items = list(self._items.values())
            self._items.clear()
        if items:
            collector.garbage_made()
        return items


registry = Registry()


class _State:
    node: str | None = None


state = _State()


class LeaseKeeper(threading.Thread):
    """Renews this worker's leases and heartbeat every third of the lease TTL."""

    def __init__(self, node: str) -> None:
        super().__init__(name="kubelab-lease-keeper", daemon=True)
        self.node = node
        self.stopped = threading.Event()

    def run(self) -> None:
        period = settings.HOSTING["LEASE_TTL_MS"] / 3000.0
        while not self.stopped.wait(period):
            try:
                leases.heartbeat(self.node)
                for attempt_id in registry.ids():
                    if not leases.renew(attempt_id, self.node):
                        log.warning("lease lost; dropping our copy", extra={"attempt_id": attempt_id})
                        registry.drop(attempt_id)
            except Exception:  # Redis restarting: keep trying, leases lapse if it lasts
                log.exception("lease renewal failed")


_keeper: LeaseKeeper | None = None


def start(node: str) -> None:
    global _keeper
    state.node = node
    leases.heartbeat(node)
    if _keeper is None:
        _keeper = LeaseKeeper(node)
        _keeper.start()


def stop() -> None:
    if _keeper is not None:
        _keeper.stopped.set()
