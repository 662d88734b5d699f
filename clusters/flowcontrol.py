"""Per-key exponential back-off in virtual time, shared by the kubelet and the controllers.

A port of k8s.io/client-go/util/flowcontrol/backoff.go without jitter (the
kubelet's and kube-controller-manager's back-offs are made with NewBackOff,
jitter 0): ``next`` starts a key at the initial duration or doubles it up to
the cap, and stamps it with the current time; an entry whose last update is
more than 2 × cap before the event is stale and starts again (hasExpired);
``gc`` drops the stale ones, as the owner's periodic GC does upstream.
"""
from __future__ import annotations


class Backoff:
    def __init__(self, initial: float, maximum: float):
        self.initial = initial
        self.maximum = maximum
        self.entries: dict[str, list[float]] = {}  # key -> [backoff, last update]

    def _expired(self, event_time: float, last_update: float) -> bool:
        return event_time - last_update > self.maximum * 2

    def next(self, key: str, now: float) -> float:
        e = self.entries.get(key)
        if e is None or self._expired(now, e[1]):
            e = self.entries[key] = [self.initial, now]
        else:
            e[0] = min(e[0] * 2, self.maximum)
            e[1] = now
        return e[0]

    def get(self, key: str) -> float:
        e = self.entries.get(key)
        return e[0] if e else 0.0

    def in_backoff_since(self, key: str, event_time: float, now: float) -> bool:
        """IsInBackOffSince: still inside the back-off counted from event_time."""
        e = self.entries.get(key)
        if e is None or self._expired(event_time, e[1]):
            return False
        return now < event_time + e[0]

    def in_backoff_since_update(self, key: str, now: float) -> bool:
        """IsInBackOffSinceUpdate: still inside the back-off counted from the last update."""
        e = self.entries.get(key)
        if e is None or self._expired(now, e[1]):
            return False
        return now < e[1] + e[0]

    def last_update(self, key: str) -> float:
        e = self.entries.get(key)
        return e[1] if e else 0.0

    def forget(self, prefix: str) -> None:
        for k in [k for k in self.entries if k.startswith(prefix)]:
            del self.entries[k]

    def gc(self, now: float) -> None:
        """GC: entries stale at ``now`` are dropped (they would start afresh anyway)."""
        for k in [k for k, e in self.entries.items() if self._expired(now, e[1])]:
            del self.entries[k]
