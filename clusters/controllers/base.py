"""The shape every controller shares.

A controller registers informer handlers that only enqueue keys, and a
``sync(key)`` that reads fresh state and makes the smallest change, as
kubernetes/kubernetes:pkg/controller/replicaset/replica_set.go does. The
worker loop is get → sync → forget, or requeue with back-off when sync fails
(processNextWorkItem). ``sync`` may return a number of seconds to requeue after.

Tests call ``sync(key)`` directly.
"""
from __future__ import annotations

from clusters.apiserver import errors
from clusters.controllers.workqueue import RUNAWAY_DEFER, RunawayKey, WorkQueue
from clusters.events import EventRecorder


class Controller:
    name = "controller"

    def __init__(self, cluster):
        self.cluster = cluster
        self.api = cluster.api
        self.client = cluster.api.client(self.name)
        self.queue = WorkQueue(cluster.clock, self._process, self.name, on_runaway=self._runaway)
        self.recorder = EventRecorder(cluster, self.name)

    def start(self) -> None:
        """Register informer handlers; enqueue existing objects if needed."""

    def enqueue(self, key: str) -> None:
        self.queue.add(key, self.cluster.cause)

    def enqueue_after(self, key: str, delay: float) -> None:
        self.queue.add_after(key, delay, self.cluster.cause)

    def _process(self, key: str) -> None:
        cause = self.queue.cause(key)
        self.client.cause = cause
        saved = self.cluster.cause
        self.cluster.cause = cause
        try:
            requeue = self.sync(key)
        except errors.StatusError as e:
            # Conflicts and transient API errors: back off and retry, like
            # utilruntime.HandleError + AddRateLimited.
            self.cluster.log(self.name, f"error syncing {key!r}: {e.message}, requeuing")
            self.queue.add_rate_limited(key, cause)
            return
        except Exception as e:  # a simulation bug must never crash the learner's command
            self.cluster.record_bug(self.name, key, e)
            self.queue.add_rate_limited(key, cause)
            return
        finally:
            self.cluster.cause = saved
        self.queue.forget(key)
        if requeue:
            self.queue.add_after(key, float(requeue), cause)

    def until(self, period: float, method: str, first: float | None = None) -> None:
        """wait.Until: call ``self.<method>()`` after ``first`` seconds (default: one period),
        then every period. A loop with no command behind it: its writes have no cause, and a
        failing pass is logged (or recorded as a simulation bug) and the loop goes on."""
        self.cluster.clock.schedule(period if first is None else first, self._tick, period, method)

    def _tick(self, period: float, method: str) -> None:
        self.cluster.clock.schedule(period, self._tick, period, method)
        saved = self.cluster.cause
        self.cluster.cause = self.client.cause = None
        try:
            getattr(self, method)()
        except errors.StatusError as e:
            self.cluster.log(self.name, f"{method}: {e.message}")
        except Exception as e:  # never reach the learner
            self.cluster.record_bug(self.name, method, e)
        finally:
            self.cluster.cause = saved

    def _runaway(self, key: str, syncs: int) -> None:
        """The work queue deferred a key that kept re-queuing itself at one instant: a simulation bug."""
        self.cluster.record_bug(self.name, key, RunawayKey(
            f"synced {syncs} times in one drain at virtual second {self.cluster.clock.now:g}; deferred {RUNAWAY_DEFER:g}s"))

    def sync(self, key: str):
        raise NotImplementedError


def key_of(obj: dict) -> str:
    m = obj["metadata"]
    ns = m.get("namespace")
    return f"{ns}/{m['name']}" if ns else m["name"]


def split_key(key: str) -> tuple[str | None, str]:
    if "/" in key:
        ns, name = key.split("/", 1)
        return ns, name
    return None, key
