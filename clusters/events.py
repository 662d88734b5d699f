"""core/v1 Events, recorded the way client-go's EventRecorder does.

Identical events (same object, reason, message, source) increment ``count``
and ``lastTimestamp`` instead of piling up
(k8s.io/client-go/tools/record/events_cache.go EventLogger). Event names are
``<object>.<hex nanoseconds>`` as upstream builds them, and like time.Now()
the nanoseconds only grow, so later events sort after earlier ones. Events expire after
one hour (kube-apiserver --event-ttl default), through etcd leases that the
API server shares between events written within a minute of each other
(k8s.io/apiserver/pkg/storage/etcd3/lease_manager.go: a lease is asked for
with TTL + min(5% of TTL, 60 s) and reused while it has at least TTL left),
so an event lives between 3,600 and 3,660 seconds.
"""
from __future__ import annotations

import sys

from clusters import objects

EVENT_TTL = 3600.0
LEASE_REUSE = min(EVENT_TTL * 0.05, 60.0)  # lease_manager.go defaults


class EventRecorder:
    def __init__(self, cluster, component: str, host: str = ""):
        self.cluster = cluster
        self.client = cluster.api.client(component)
        self.component = component
        self.host = host
        # One source a recorder: stored events are never mutated, so they share it.
        self.source = {"component": component, "host": host} if host else {"component": component}

    def event(self, obj: dict, type_: str, reason: str, message: str, field_path: str = "") -> None:
        cluster = self.cluster
        m = obj.get("metadata") or {}
        ns = m.get("namespace") or "default"
        key = (obj.get("kind"), ns, m.get("name"), m.get("uid"), field_path, reason, message, self.component, self.host, type_)
        cache = cluster.event_cache
        now_ts = cluster.api.timestamp()
        self.client.cause = cluster.current_cause()
        existing = cache.get(key)
        if existing is not None:
            name = existing
            ev = cluster.api.try_get("events", name, ns)
            if ev is not None:
                ev = objects.clone(ev)
                ev["count"] = ev.get("count", 1) + 1
                ev["lastTimestamp"] = now_ts
                self.client.update("events", ev)
                # The event registry's TTLFunc gives every write a fresh TTL: a new lease.
                cluster.event_relet[(ns, name)] = _attach_lease(cluster, ns, name, key)
                return
        involved = {
            "kind": obj.get("kind"), "namespace": ns if m.get("namespace") else None, "name": m.get("name"),
            "uid": m.get("uid"), "apiVersion": obj.get("apiVersion"), "resourceVersion": m.get("resourceVersion"),
        }
        if field_path:
            involved["fieldPath"] = sys.intern(field_path)
        involved = {k: v for k, v in involved.items() if v is not None}
        name = f"{m.get('name')}.{_name_nanos(cluster):x}"
        source = self.source
        ev = {
            "apiVersion": "v1", "kind": "Event",
            "metadata": {"name": name, "namespace": ns},
            "involvedObject": involved,
            # Most messages repeat ("Started container nginx"): one string for all.
            "reason": reason, "message": sys.intern(message), "source": source,
            "firstTimestamp": now_ts, "lastTimestamp": now_ts, "count": 1, "type": type_,
            "eventTime": None, "reportingComponent": self.component, "reportingInstance": self.host,
        }
        try:
            self.client.create("events", ev, ns, owned=True)
        except Exception:  # an event must never break the component that records it
            return
        cache[key] = name
        _attach_lease(cluster, ns, name, key)


def _name_nanos(cluster) -> int:
    """The UnixNano an event's name carries: strictly increasing, as time.Now() is for a recorder
    that makes one event after another (record/event.go makeEvent), even within one virtual instant.

    The first event of an instant lands up to 10 µs after it; each further event up to 10 µs
    after the previous one (a seeded step, so replays name events alike).
    """
    base = int((cluster.epoch + cluster.clock.now) * 1e9)
    last = getattr(cluster, "event_name_nanos", 0)
    # One draw from 0..999999 as before, so the generator's stream (pod names, UIDs) is unchanged.
    nanos = max(base, last) + 1 + cluster.rand.randint(0, 999_999) // 100
    cluster.event_name_nanos = nanos
    return nanos


def _attach_lease(cluster, ns: str, name: str, key: tuple) -> float:
    """LeaseManager.GetLease: reuse the last lease while it outlives the TTL, else grant a longer one."""
    now = cluster.clock.now
    lease = cluster.event_lease
    if lease is None or not (now + EVENT_TTL < lease[0] < now + EVENT_TTL + LEASE_REUSE):
        lease = cluster.event_lease = [now + EVENT_TTL + LEASE_REUSE, []]
        cluster.clock.at(lease[0], cluster.expire_events, lease[1])
    lease[1].append((ns, name, key))
    return lease[0]
