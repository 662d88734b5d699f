"""Virtual time.

Time is data: a heap of ``(time, priority, seq, timer)`` (tuples, so the heap
compares them in C; ``seq`` is unique, so timers themselves are never compared), in the shape of
simpy's ``Environment`` (simpx/simpy:src/simpy/core.py). Nothing in ``clusters``
reads the wall clock; the host decides how virtual time follows real time.

Callbacks are bound methods or module functions with plain arguments, never
lambdas or closures, so that a whole cluster pickles into a checkpoint.
"""
from __future__ import annotations

import heapq
from typing import Any, Callable

# Lower runs first among timers due at the same instant. Watch deliveries and
# work-queue drains run before component ticks so that a write is seen by
# every controller before time moves on.
URGENT = 0
NORMAL = 10
LATE = 20


class Timer:
    __slots__ = ("when", "priority", "seq", "callback", "args", "cancelled")

    def __init__(self, when: float, priority: int, seq: int, callback: Callable, args: tuple):
        self.when = when
        self.priority = priority
        self.seq = seq
        self.callback = callback
        self.args = args
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class Clock:
    def __init__(self, now: float = 0.0):
        self.now = now
        self._heap: list[tuple[float, int, int, Timer]] = []
        self._seq = 0

    def schedule(self, delay: float, callback: Callable, *args: Any, priority: int = NORMAL) -> Timer:
        if delay < 0:
            delay = 0.0
        return self.at(self.now + delay, callback, *args, priority=priority)

    def at(self, when: float, callback: Callable, *args: Any, priority: int = NORMAL) -> Timer:
        self._seq = seq = self._seq + 1
        if when < self.now:
            when = self.now
        timer = Timer(when, priority, seq, callback, args)
        heapq.heappush(self._heap, (when, priority, seq, timer))
        return timer

    def timers(self) -> list[Timer]:
        """Pending timers in the order they will run."""
        return [e[3] for e in sorted(self._heap) if not e[3].cancelled]

    def next_time(self) -> float | None:
        heap = self._heap
        while heap and heap[0][3].cancelled:
            heapq.heappop(heap)
        return heap[0][0] if heap else None

    def pending(self) -> int:
        return sum(1 for e in self._heap if not e[3].cancelled)

    def step(self) -> bool:
        """Run the next timer; False when there is none."""
        heap = self._heap
        while heap:
            timer = heapq.heappop(heap)[3]
            if timer.cancelled:
                continue
            if timer.when > self.now:
                self.now = timer.when
            timer.callback(*timer.args)
            return True
        return False

    def run(self, until: float, max_steps: int | None = None) -> int:
        """Run every timer due up to ``until``, then set now to ``until``.

        Returns the number of timers run. ``max_steps`` bounds the work so a
        runaway loop surfaces as an error instead of a hung worker.
        """
        steps = 0
        heap = self._heap
        pop = heapq.heappop
        while heap:
            when, _, _, top = heap[0]
            if top.cancelled:
                pop(heap)
                continue
            if when > until:
                break
            pop(heap)
            if top.when > self.now:
                self.now = top.when
            top.callback(*top.args)
            steps += 1
            if max_steps is not None and steps >= max_steps:
                raise RuntimeError(f"more than {max_steps} timers before t={until}")
        if until > self.now:
            self.now = until
        return steps
