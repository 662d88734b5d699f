"""A rate-limited work queue in virtual time.

The semantics of k8s.io/client-go/util/workqueue: a key added while queued
is queued once (dirty set); a key added while being processed is processed
again afterwards, never twice at once; ``add_rate_limited`` waits
5 ms × 2^failures up to 1000 s (DefaultTypedControllerRateLimiter's
per-item exponential limiter); ``forget`` resets the failures.

Processing happens on the cluster clock: the first add schedules a drain at
the current instant, so every controller reacts to a write before virtual
time moves on.

A drain runs at one virtual instant, so a controller whose sync keeps
re-dirtying its own key would spin forever without time moving (real
controllers would at least burn wall-clock time and rate-limit). Ours: past
``MAX_SYNCS_PER_DRAIN`` syncs of one key in one drain, the key is deferred
``RUNAWAY_DEFER`` seconds and reported through ``on_runaway`` (the
controller records it in ``cluster.bugs``): a simulation bug, never a hang.
"""
from __future__ import annotations

from collections import deque
from typing import Any, Callable

from clusters.clock import URGENT

BASE_DELAY = 0.005
MAX_DELAY = 1000.0
MAX_SYNCS_PER_DRAIN = 100
RUNAWAY_DEFER = 1.0


class RunawayKey(RuntimeError):
    """A key synced more than MAX_SYNCS_PER_DRAIN times at one virtual instant."""


class WorkQueue:
    on_runaway: Callable[[str, int], None] | None = None  # for queues pickled before it existed

    def __init__(self, clock, process: Callable[[str], None], name: str = "",
                 on_runaway: Callable[[str, int], None] | None = None):
        self.clock = clock
        self.process = process
        self.name = name
        # Called with (key, syncs) when a key is deferred as a runaway; must be
        # picklable (a bound method), like every callback in the cluster.
        self.on_runaway = on_runaway
        self._queue: deque[str] = deque()
        self._dirty: set[str] = set()
        self._processing: set[str] = set()
        self._failures: dict[str, int] = {}
        self._causes: dict[str, Any] = {}
        self._delayed: dict[str, Any] = {}
        self._drain_scheduled = False

    def __len__(self) -> int:
        return len(self._queue)

    def add(self, key: str, cause: Any = None) -> None:
        if cause is not None:
            self._causes[key] = cause
        if key in self._dirty:
            return
        self._dirty.add(key)
        if key in self._processing:
            return
        self._queue.append(key)
        if not self._drain_scheduled:
            self._drain_scheduled = True
            self.clock.schedule(0, self.drain, priority=URGENT + 1)

    def add_after(self, key: str, delay: float, cause: Any = None) -> None:
        if delay <= 0:
            self.add(key, cause)
            return
        when = self.clock.now + delay
        prev = self._delayed.get(key)
        # waitingForQueue keeps only the earliest ready time per key.
        if prev is not None and not prev.cancelled and prev.when <= when:
            return
        if prev is not None:
            prev.cancel()
        self._delayed[key] = self.clock.at(when, self._ready, key, cause)

    def _ready(self, key: str, cause: Any) -> None:
        self._delayed.pop(key, None)
        self.add(key, cause)

    def add_rate_limited(self, key: str, cause: Any = None) -> None:
        n = self._failures.get(key, 0)
        self._failures[key] = n + 1
        self.add_after(key, min(BASE_DELAY * (2 ** min(n, 40)), MAX_DELAY), cause)

    def forget(self, key: str) -> None:
        self._failures.pop(key, None)

    def failures(self, key: str) -> int:
        return self._failures.get(key, 0)

    def cause(self, key: str) -> Any:
        return self._causes.get(key)

    def drain(self) -> None:
        self._drain_scheduled = False
        queue = self._queue
        syncs: dict[str, int] = {}
        while queue:
            key = queue.popleft()
            self._dirty.discard(key)
            n = syncs.get(key, 0)
            if n >= MAX_SYNCS_PER_DRAIN:
                # Whether it re-dirtied itself or another key keeps adding it back:
                # no 101st sync now; once a virtual second has passed, it runs again.
                self.add_after(key, RUNAWAY_DEFER, self._causes.get(key))
                if n == MAX_SYNCS_PER_DRAIN:
                    syncs[key] = n + 1
                    if self.on_runaway is not None:
                        self.on_runaway(key, n)
                continue
            syncs[key] = n + 1
            self._processing.add(key)
            try:
                self.process(key)
            finally:
                self._processing.discard(key)
                if key in self._dirty:
                    queue.append(key)
