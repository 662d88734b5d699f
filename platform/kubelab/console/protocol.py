"""The console protocol: what a browser may send, checked before anything runs.

Client to server:
    {"type": "command",  "id": str, "line": str}
    {"type": "complete", "id": str, "line": str}
    {"type": "resize",   "cols": int, "rows": int}
    {"type": "ping",     "id": str?}

Server to client, numbered by `seq` so a reconnecting console
(`?last_seq=N`) receives exactly what it missed:
    {"type": "output",   "seq", "command_id", "line", "text", "exit_code"}
    {"type": "events",   "seq", "now", "entries": [trace...], "map"?: {...}}
    {"type": "progress", "seq", "label", "done", "total"}
    {"type": "error",    "seq", "code", "message"}
Replies that only concern one connection carry `"seq": null` and are not
replayed: "ready" (after the replay, with the last seq), "completions",
"pong", and errors about the connection's own malformed messages.
"""
from __future__ import annotations

from dataclasses import dataclass

MAX_LINE = 4096
MAX_ID = 64


class Invalid(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Message:
    type: str
    id: str = ""
    line: str = ""
    cols: int = 0
    rows: int = 0


def _text(content: dict, key: str, limit: int, *, required: bool = True) -> str:
    value = content.get(key, "")
    if not isinstance(value, str):
        raise Invalid("bad_message", f"'{key}' must be a string")
    if required and not value:
        raise Invalid("bad_message", f"'{key}' is required")
    if len(value) > limit:
        raise Invalid("too_long", f"'{key}' is longer than {limit} characters")
    return value


def parse(content) -> Message:
    if not isinstance(content, dict):
        raise Invalid("bad_message", "a message is a JSON object")
    kind = content.get("type")
    if kind in ("command", "complete"):
        line = _text(content, "line", MAX_LINE, required=(kind == "command"))
        if "\x00" in line:
            raise Invalid("bad_message", "'line' contains a NUL character")
        return Message(type=kind, id=_text(content, "id", MAX_ID), line=line)
    if kind == "resize":
        cols, rows = content.get("cols"), content.get("rows")
        if not all(isinstance(v, int) and 1 <= v <= 1000 for v in (cols, rows)):
            raise Invalid("bad_message", "'cols' and 'rows' must be integers between 1 and 1000")
        return Message(type=kind, cols=cols, rows=rows)
    if kind == "ping":
        return Message(type=kind, id=_text(content, "id", MAX_ID, required=False))
    raise Invalid("unknown_type", f"unknown message type {kind!r}")
