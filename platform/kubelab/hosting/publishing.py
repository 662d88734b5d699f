"""Messages to consoles: numbered, persisted, then fanned out.

The worker holding a cluster is the only writer of its messages, so it numbers
them itself; each one is stored before it is sent, so a console that
reconnects with its last sequence number gets exactly what it missed. The
channel layer is async; a Celery worker is not, so one event-loop thread per
process carries the sends (one Redis pool, instead of a loop per call).
"""
from __future__ import annotations

import asyncio
import threading

from channels.layers import get_channel_layer

from kubelab.hosting import services


def group_name(attempt_id) -> str:
    return f"attempt.{attempt_id}"


class _Loop:
    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock = threading.Lock()

    def run(self, coro, timeout: float = 10.0):
        with self._lock:
            if self._loop is None or not self._loop.is_running():
                loop = asyncio.new_event_loop()
                thread = threading.Thread(target=loop.run_forever, name="kubelab-publisher", daemon=True)
                thread.start()
                self._loop = loop
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)


_loop = _Loop()


def group_send(attempt_id, message: dict) -> None:
    layer = get_channel_layer()
    _loop.run(layer.group_send(group_name(attempt_id), {"type": "console.message", "message": message}))


def channel_send(channel: str, message: dict) -> None:
    layer = get_channel_layer()
    _loop.run(layer.send(channel, {"type": "console.message", "message": message}))


class Publisher:
    """Numbers, stores and sends the messages of one attempt."""

    def __init__(self, attempt_id, next_seq: int) -> None:
        self.attempt_id = attempt_id
        self.next_seq = next_seq

    def publish(self, kind: str, payload: dict, *, journal_index: int | None = None) -> dict:
        seq = self.next_seq
        services.message_record(
            cluster_id=self.attempt_id, seq=seq, kind=kind, payload=payload, journal_index=journal_index
        )
        self.next_seq = seq + 1
        message = {"type": kind, "seq": seq, **payload}
        group_send(self.attempt_id, message)
        return message

    def announce(self, kind: str, payload: dict) -> dict:
        """A transient message (a progress bar's tick): sent to whoever watches now, neither numbered nor kept."""
        message = {"type": kind, "seq": None, **payload}
        group_send(self.attempt_id, message)
        return message
