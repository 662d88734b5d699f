"""The scheduling queue: activeQ, backoffQ and unschedulablePods.

pkg/scheduler/backend/queue/scheduling_queue.go (PriorityQueue, 1.32): activeQ
pops the highest priority first, then the earliest queued (PrioritySort). A pod
that fails goes to unschedulablePods with its rejecting plugins
(AddUnschedulableIfNotPresent, which refreshes its timestamp); a cluster event
that one of those plugins cares about (a node added or changed, an assigned pod
deleted …, the QueueingHint idea) moves it to activeQ, or to backoffQ until its
back-off ends: 1 s doubling per attempt up to 10 s (podInitialBackoffDuration,
podMaxBackoffDuration). An update of the pending pod that only touches its
status, as the scheduler's own PodScheduled=False write does, moves nothing
(isPodUpdated strips the status).

Run() drives the rest on tickers from the scheduler's start: every second
flushBackoffQCompleted moves pods whose back-off has ended to activeQ, and
every 30 s flushUnschedulablePodsLeftover moves pods that have sat in
unschedulablePods for more than 5 minutes (podMaxInUnschedulablePodsDuration).
"""
from __future__ import annotations

import heapq
import math

INITIAL_BACKOFF = 1.0
MAX_BACKOFF = 10.0
MAX_IN_UNSCHEDULABLE = 300.0
BACKOFF_FLUSH_PERIOD = 1.0  # Run: wait.Until(flushBackoffQCompleted, 1.0*time.Second)
FLUSH_PERIOD = 30.0  # Run: wait.Until(flushUnschedulablePodsLeftover, 30*time.Second)

# Cluster events and the plugins that may turn a rejection around on them.
NODE_EVENT = "Node"  # add or a relevant update: any plugin
ASSIGNED_POD_DELETE = "AssignedPodDelete"
ASSIGNED_POD_CHANGE = "AssignedPodChange"
VOLUME_EVENT = "Volume"  # a PersistentVolumeClaim, PersistentVolume or StorageClass added or updated
EVENT_PLUGINS = {
    VOLUME_EVENT: frozenset({"VolumeBinding"}),
    ASSIGNED_POD_DELETE: frozenset({"NodeResourcesFit", "NodePorts", "InterPodAffinity", "PodTopologySpread",
                                    "DefaultPreemption"}),
    ASSIGNED_POD_CHANGE: frozenset({"InterPodAffinity", "PodTopologySpread"}),
}


class QueuedPod:
    __slots__ = ("key", "uid", "priority", "timestamp", "initial", "attempts", "backoff_until", "plugins",
                 "cause", "since", "timer")

    def __init__(self, key: str, uid: str, priority: int, now: float, cause):
        self.key = key
        self.uid = uid
        self.priority = priority
        self.timestamp = now
        self.initial = now
        self.attempts = 0
        self.backoff_until = 0.0
        self.plugins: frozenset = frozenset()
        self.cause = cause
        self.since = now
        self.timer = None


def backoff_duration(attempts: int) -> float:
    d = INITIAL_BACKOFF
    for _ in range(1, attempts):
        d *= 2
        if d > MAX_BACKOFF:
            return MAX_BACKOFF
    return d


class SchedulingQueue:
    def __init__(self, scheduler):
        self.scheduler = scheduler
        self.clock = scheduler.cluster.clock
        self.started = self.clock.now  # the tickers' phase
        self._heap: list = []
        self._seq = 0
        self.active: dict[str, QueuedPod] = {}
        self.backoff: dict[str, QueuedPod] = {}
        self.unschedulable: dict[str, QueuedPod] = {}
        self._flush_timer = None
        self._pending_events: set = set()
        self._move_scheduled = False

    def __len__(self) -> int:
        return len(self.active) + len(self.backoff) + len(self.unschedulable)

    def known(self, key: str) -> QueuedPod | None:
        return self.active.get(key) or self.backoff.get(key) or self.unschedulable.get(key)

    def add(self, qp: QueuedPod) -> None:
        self._remove(qp.key)
        self._push(qp)

    def _push(self, qp: QueuedPod) -> None:
        self.active[qp.key] = qp
        self._seq += 1
        heapq.heappush(self._heap, (-qp.priority, qp.timestamp, self._seq, qp.key, qp))
        self.scheduler.wake()

    def pop(self) -> QueuedPod | None:
        heap = self._heap
        while heap:
            _, _, _, key, qp = heapq.heappop(heap)
            if self.active.get(key) is qp:
                del self.active[key]
                return qp
        return None

    def delete(self, key: str) -> None:
        self._remove(key)

    def _remove(self, key: str) -> None:
        self.active.pop(key, None)
        qp = self.backoff.pop(key, None)
        if qp is not None and qp.timer is not None:
            qp.timer.cancel()
            qp.timer = None
        self.unschedulable.pop(key, None)

    def next_tick(self, t: float, period: float, *, after: bool = False) -> float:
        """The first tick, at or (``after``) strictly after ``t``, of a ticker started with the scheduler."""
        x = (t - self.started) / period
        k = math.floor(x + 1e-9) + 1 if after else math.ceil(x - 1e-9)
        return self.started + k * period

    def add_unschedulable(self, qp: QueuedPod, plugins: frozenset) -> None:
        """AddUnschedulableIfNotPresent: the timestamp is refreshed, so back-off and the 5-minute flush count from now."""
        now = self.clock.now
        qp.plugins = plugins
        qp.backoff_until = now + backoff_duration(qp.attempts)
        qp.since = now
        self.unschedulable[qp.key] = qp
        if self._flush_timer is None:
            self._flush_timer = self.clock.at(self.next_tick(now, FLUSH_PERIOD, after=True), self.flush_leftover)

    def add_backoff(self, qp: QueuedPod) -> None:
        """After an error (not a fit failure): retry once the back-off ends."""
        qp.backoff_until = self.clock.now + backoff_duration(qp.attempts)
        self._to_backoff(qp)

    def _to_backoff(self, qp: QueuedPod) -> None:
        self.backoff[qp.key] = qp
        qp.timer = self.clock.at(self.next_tick(qp.backoff_until, BACKOFF_FLUSH_PERIOD), self._backoff_done, qp.key)

    def _backoff_done(self, key: str) -> None:
        qp = self.backoff.pop(key, None)
        if qp is None:
            return
        qp.timer = None
        qp.timestamp = self.clock.now
        self._push(qp)

    def _move(self, qp: QueuedPod) -> None:
        del self.unschedulable[qp.key]
        if self.clock.now >= qp.backoff_until:
            qp.timestamp = self.clock.now
            self._push(qp)
        else:
            self._to_backoff(qp)

    def on_event(self, event: str) -> None:
        """A cluster event: coalesce within the instant, then move the pods it may help."""
        if not self.unschedulable:
            return
        self._pending_events.add(event)
        if not self._move_scheduled:
            self._move_scheduled = True
            self.clock.schedule(0, self._move_for_events)

    def _move_for_events(self) -> None:
        self._move_scheduled = False
        events = self._pending_events
        self._pending_events = set()
        if NODE_EVENT in events:
            interested = None
        else:
            interested = frozenset().union(*(EVENT_PLUGINS.get(e, frozenset()) for e in events))
        for qp in list(self.unschedulable.values()):
            if interested is None or not qp.plugins or (qp.plugins & interested):
                self._move(qp)

    def move_pod(self, key: str) -> None:
        qp = self.unschedulable.get(key)
        if qp is not None:
            self._move(qp)

    def flush_leftover(self) -> None:
        """flushUnschedulablePodsLeftover: pods unschedulable for more than 5 minutes go back."""
        self._flush_timer = None
        now = self.clock.now
        for qp in list(self.unschedulable.values()):
            if now - qp.since > MAX_IN_UNSCHEDULABLE:
                self._move(qp)
        if self.unschedulable:
            self._flush_timer = self.clock.at(self.next_tick(now, FLUSH_PERIOD, after=True), self.flush_leftover)
