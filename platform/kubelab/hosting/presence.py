"""Which attempts have a console open: a sorted set per attempt, scored by expiry.

Consoles refresh their entry on every ping; a console that vanishes without
closing drops out when its entry expires. Workers only schedule wake-ups for
attempts someone is watching.
"""
from __future__ import annotations

import time

from django.conf import settings

from kubelab.hosting import redis_client


def _key(attempt_id) -> str:
    return f"kubelab:presence:{attempt_id}"


def join(attempt_id, channel_name: str) -> None:
    key = _key(attempt_id)
    ttl = settings.HOSTING["PRESENCE_TTL_S"]
    pipe = redis_client.get().pipeline(transaction=False)  # one round trip
    pipe.zadd(key, {channel_name: time.time() + ttl})
    pipe.expire(key, ttl * 2)
    pipe.execute()


def leave(attempt_id, channel_name: str) -> int:
    """Remove a console; return how many are still watching."""
    r = redis_client.get()
    r.zrem(_key(attempt_id), channel_name)
    return watching(attempt_id)


def watching(attempt_id) -> int:
    return int(redis_client.get().zcount(_key(attempt_id), time.time(), "+inf"))
