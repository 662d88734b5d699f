"""Ownership of clusters by workers: a Redis key per attempt holding the node name.

The holder renews its leases while it keeps the cluster in memory; a worker
that dies stops renewing and the lease lapses after its TTL, after which the
first worker to take a command from the shared queue claims it. Renewal and
release compare the holder first (a Lua script), so a worker can never
extend or drop a lease that has passed to someone else.
"""
from __future__ import annotations

from django.conf import settings

from kubelab.hosting import redis_client

PREFIX = "kubelab:lease:"
WORKER_PREFIX = "kubelab:worker:"

_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""


def _key(attempt_id) -> str:
    return f"{PREFIX}{attempt_id}"


def _ttl_ms() -> int:
    return settings.HOSTING["LEASE_TTL_MS"]


def holder(attempt_id) -> str | None:
    value = redis_client.get().get(_key(attempt_id))
    return value.decode() if value is not None else None


def acquire(attempt_id, node: str) -> bool:
    """Claim a free lease, or confirm and extend our own."""
    r = redis_client.get()
    if r.set(_key(attempt_id), node, nx=True, px=_ttl_ms()):
        return True
    return renew(attempt_id, node)


def renew(attempt_id, node: str) -> bool:
    return bool(redis_client.get().eval(_RENEW, 1, _key(attempt_id), node, _ttl_ms()))


def release(attempt_id, node: str) -> bool:
    return bool(redis_client.get().eval(_RELEASE, 1, _key(attempt_id), node))


def heartbeat(node: str) -> None:
    """Say this worker is alive (for /readyz), for three lease periods."""
    redis_client.get().set(f"{WORKER_PREFIX}{node}", "1", px=3 * _ttl_ms())


def live_workers() -> list[str]:
    r = redis_client.get()
    return sorted(k.decode()[len(WORKER_PREFIX):] for k in r.scan_iter(match=f"{WORKER_PREFIX}*", count=100))
