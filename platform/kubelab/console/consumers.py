"""The console websocket: authorise, route, relay.

A connection is for one attempt, and only its owner's session may open it
(anyone else gets the socket closed with 4404 before it is accepted). Origin
is checked against ALLOWED_HOSTS by the ASGI stack in front of us.

Commands go to the worker holding the cluster (kubelab.hosting.dispatch).
Until a command's output comes back the consumer keeps it and sends it again
every few seconds: if the holder died with the command in its queue, the
lease lapses and the resend reaches a worker that rebuilds the cluster. The
journal makes resends harmless: a command id runs at most once.
"""
from __future__ import annotations

import asyncio
import json
import logging
from urllib.parse import parse_qs

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings

from kubelab.console import protocol
from kubelab.hosting import dispatch, presence, publishing, selectors as hosting_selectors, services as hosting_services
from kubelab.learning import selectors as learning_selectors
from kubelab.logs import bind_attempt

log = logging.getLogger(__name__)

CLOSE_NOT_FOUND = 4404
MAX_RESENDS = 30


class ConsoleConsumer(AsyncJsonWebsocketConsumer):
    attempt_id: str | None = None

    async def connect(self):
        self.attempt_id = None
        self.pending: dict[str, dict] = {}
        self.last_seq = 0
        self.resender = None
        attempt_id = str(self.scope["url_route"]["kwargs"]["attempt_id"])
        attempt = await database_sync_to_async(learning_selectors.attempt_for_user)(
            user=self.scope.get("user"), attempt_id=attempt_id
        )
        if attempt is None:
            await self.close(code=CLOSE_NOT_FOUND)
            return
        self.attempt_id = attempt_id
        with bind_attempt(attempt_id):
            await self.channel_layer.group_add(publishing.group_name(attempt_id), self.channel_name)
            await self.accept()
            self.last_seq = _last_seq_from(self.scope)
            await _off_loop(presence.join)(attempt_id, self.channel_name)
            missed, server_seq = await database_sync_to_async(_resume)(attempt_id=attempt_id, seq=self.last_seq)
            for message in missed:
                await self._relay(message)
            await self.send_json({"type": "ready", "seq": None, "attempt": attempt_id, "last_seq": server_seq})
            await _off_loop(dispatch.wake)(attempt_id=attempt_id, force_map=True)
            self.resender = asyncio.ensure_future(self._resend_loop())
            log.info("console connected", extra={"replayed": len(missed)})

    async def disconnect(self, code):
        if self.resender is not None:
            self.resender.cancel()
        if self.attempt_id is None:
            return
        with bind_attempt(self.attempt_id):
            await self.channel_layer.group_discard(publishing.group_name(self.attempt_id), self.channel_name)
            remaining = await _off_loop(presence.leave)(self.attempt_id, self.channel_name)
            if remaining == 0:
                await database_sync_to_async(hosting_services.clock_pause)(attempt_id=self.attempt_id)
            log.info("console disconnected", extra={"code": code, "pending": len(self.pending)})

    # --- from the browser --------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None):
        limit = settings.CONSOLE["MAX_MESSAGE_BYTES"]
        save_limit = settings.CONSOLE["MAX_SAVE_MESSAGE_BYTES"]
        size = len(text_data.encode()) if text_data is not None else len(bytes_data or b"")
        if size > max(limit, save_limit):
            await self._error(
                "message_too_large",
                f"message of {size} bytes refused: the limit is {limit} bytes ({save_limit} for an editor save)",
            )
            return
        if text_data is None:
            await self._error("bad_message", "send JSON text frames, not binary")
            return
        try:
            content = json.loads(text_data)
        except ValueError:
            await self._error("bad_message", "message is not valid JSON")
            return
        if size > limit and not (isinstance(content, dict) and content.get("type") == "save"):
            await self._error(
                "message_too_large",
                f"message of {size} bytes refused: the limit is {limit} bytes ({save_limit} for an editor save)",
            )
            return
        await self.receive_json(content)

    async def receive_json(self, content, **kwargs):
        try:
            message = protocol.parse(content)
        except protocol.Invalid as exc:
            await self._error(exc.code, exc.message)
            return
        with bind_attempt(self.attempt_id):
            if message.type in ("command", "save"):
                # An editor save is a console command (a heredoc), journaled and answered like one.
                if message.id in self.pending:
                    return
                self.pending[message.id] = {"line": message.line, "sent": _now(), "tries": 1}
                await _off_loop(dispatch.run_command)(
                    attempt_id=self.attempt_id, command_id=message.id, line=message.line
                )
            elif message.type == "complete":
                await _off_loop(dispatch.complete)(
                    attempt_id=self.attempt_id, request_id=message.id, line=message.line, reply_channel=self.channel_name
                )
            elif message.type in ("files", "open"):
                await _off_loop(dispatch.read_files)(
                    attempt_id=self.attempt_id,
                    request_id=message.id,
                    path=message.path if message.type == "open" else None,
                    reply_channel=self.channel_name,
                )
            elif message.type == "resize":
                self.size = (message.cols, message.rows)
            elif message.type == "ping":
                await _off_loop(presence.join)(self.attempt_id, self.channel_name)
                await self.send_json({"type": "pong", "seq": None, "id": message.id})

    # --- from workers ------------------------------------------------------

    async def console_message(self, event):
        await self._relay(event["message"])

    async def _relay(self, message: dict) -> None:
        seq = message.get("seq")
        if seq is not None:
            if seq <= self.last_seq:
                return  # already sent (replay and live stream overlap)
            self.last_seq = seq
        if message.get("type") == "output":
            self.pending.pop(message.get("command_id"), None)
        await self.send_json(message)

    async def _error(self, code: str, text: str) -> None:
        await self.send_json({"type": "error", "seq": None, "code": code, "message": text})

    async def _resend_loop(self) -> None:
        base = settings.CONSOLE["RESEND_AFTER_S"]
        try:
            while True:
                await asyncio.sleep(min(0.5, base / 2))
                for command_id, item in list(self.pending.items()):
                    wait = base * min(2 ** (item["tries"] - 1), 4)
                    if _now() - item["sent"] < wait:
                        continue
                    if item["tries"] >= MAX_RESENDS:
                        self.pending.pop(command_id, None)
                        await self._error("unavailable", "the cluster did not answer; try the command again")
                        continue
                    item["tries"] += 1
                    item["sent"] = _now()
                    with bind_attempt(self.attempt_id):
                        log.info("resending command", extra={"command_id": command_id, "tries": item["tries"]})
                        await _off_loop(dispatch.run_command)(
                            attempt_id=self.attempt_id, command_id=command_id, line=item["line"]
                        )
        except asyncio.CancelledError:
            pass


def _off_loop(func):
    """Redis and Celery calls (no database): any executor thread will do.

    Not the one thread that `sync_to_async` keeps for thread-sensitive code
    (and that every consumer's database calls share), so a command is not
    queued behind other consoles' queries on its way to the worker.
    """
    return sync_to_async(func, thread_sensitive=False)


def _resume(*, attempt_id, seq: int) -> tuple[list[dict], int]:
    """Start the clock, and read what the console missed and the last seq: one trip to the database thread."""
    hosting_services.clock_resume(attempt_id=attempt_id)
    return hosting_selectors.replay(attempt_id=attempt_id, seq=seq, limit=settings.HOSTING["REPLAY_LIMIT"])


def _now() -> float:
    return asyncio.get_running_loop().time()


def _last_seq_from(scope) -> int:
    query = parse_qs(scope.get("query_string", b"").decode())
    try:
        return max(0, int(query.get("last_seq", ["0"])[0]))
    except ValueError:
        return 0
