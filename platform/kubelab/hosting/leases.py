"""Ownership of clusters by workers: a Redis key per attempt holding the node name.

The holder renews its leases while it keeps the cluster in memory; a worker
that dies stops renewing and the lease lapses after its TTL, after which the
first worker to take a command from the shared queue claims it. Claiming,
renewal and release compare the holder first (Lua scripts, one round trip
each), so a worker can never extend or drop a lease that has passed to
someone else.
"""
from __future__ import annotations

import functools

from django.conf import settings

from kubelab.hosting import redis_client

PREFIX = "kubelab:lease:"
WORKER_PREFIX = "kubelab:worker:"

# Claim a free lease or extend our own; answer the holder, and whether the
# lease was ours already (1) or newly taken (0).
_CLAIM = """
local current = redis.call('get', KEYS[1])
if current == ARGV[1] then
  redis.call('pexpire', KEYS[1], ARGV[2])
  return {current, 1}
end
if not current then
  redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return {ARGV[1], 0}
end
return {current, 0}
"""
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


def claim(attempt_id, node: str) -> tuple[str, bool]:
    """Claim a free lease or extend our own: the holder afterwards, and whether we held it already.

    A lease that was ours all along means no one else can have written the
    cluster's journal since we last claimed it (only the holder writes it).
    """
    holder, kept = _script(_CLAIM)(keys=[_key(attempt_id)], args=[node, _ttl_ms()])
    return holder.decode(), bool(kept)


def renew(attempt_id, node: str) -> bool:
    return bool(_script(_RENEW)(keys=[_key(attempt_id)], args=[node, _ttl_ms()]))


def release(attempt_id, node: str) -> bool:
    return bool(_script(_RELEASE)(keys=[_key(attempt_id)], args=[node]))


@functools.lru_cache(maxsize=None)
def _script(source: str):
    """A script Redis keeps by its digest (EVALSHA), so its text is sent once."""
    return redis_client.get().register_script(source)


def heartbeat(node: str) -> None:
    """Say this worker is alive (for /readyz), for three lease periods."""
    redis_client.get().set(f"{WORKER_PREFIX}{node}", "1", px=3 * _ttl_ms())


def live_workers() -> list[str]:
    r = redis_client.get()
    return sorted(k.decode()[len(WORKER_PREFIX):] for k in r.scan_iter(match=f"{WORKER_PREFIX}*", count=100))
