"""The console protocol: what a browser may send, checked before anything runs.

Client to server:
    {"type": "command",  "id": str, "line": str}      ("\x04" is Ctrl-D: end of input to an attached shell)
    {"type": "complete", "id": str, "line": str}
    {"type": "resize",   "cols": int, "rows": int}
    {"type": "ping",     "id": str?}
    {"type": "files",    "id": str}                        list the scratch directory
    {"type": "open",     "id": str, "path": str}           read one file
    {"type": "save",     "id": str, "path": str, "content": str, "apply": bool?, "origin": str?}
        write a file (and `kubectl apply -f` it, for `kubectl edit`): a
        console command like any other, journaled, answered by an "output"
        with `command_id` = id

Server to client, numbered by `seq` so a reconnecting console
(`?last_seq=N`) receives exactly what it missed:
    {"type": "output",   "seq", "command_id", "line", "text", "exit_code", "prompt"}
                          (prompt: the next prompt while the terminal is attached to a shell in a
                          pod, `kubectl exec -ti`; null for the console's own)
    {"type": "events",   "seq", "now", "entries": [trace...], "map"?: {...}, "prompt"}
                          ("edit": {"path", "target", "origin"} when `kubectl edit` opened a file)
    {"type": "progress", "seq", "lab": labs.Progress.to_dict()}   the lab's steps, questions and score
    {"type": "error",    "seq", "code", "message"}
Replies that only concern one connection carry `"seq": null` and are not
replayed: "ready" (after the replay, with the last seq), "completions",
"files", "pong", and errors about the connection's own malformed messages.
So does "working" ({"label", "done", "total"} in virtual seconds): the
progress bar of a long operation, sent to whoever watches at the time.
"""
from __future__ import annotations

from dataclasses import dataclass

from kubelab.hosting import editing

MAX_LINE = 4096
MAX_ID = 64
MAX_ORIGIN = 300


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
    path: str = ""
    content: str = ""
    apply: bool = False
    origin: str = ""


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
    if kind == "files":
        return Message(type=kind, id=_text(content, "id", MAX_ID))
    if kind in ("open", "save"):
        try:
            path = editing.check_path(content.get("path", ""))
        except editing.BadFile as exc:
            raise Invalid("bad_path", str(exc)) from None
        if kind == "open":
            return Message(type=kind, id=_text(content, "id", MAX_ID), path=path)
        text = content.get("content")
        if not isinstance(text, str):
            raise Invalid("bad_message", "'content' must be a string")
        apply = content.get("apply", False)
        if not isinstance(apply, bool):
            raise Invalid("bad_message", "'apply' must be true or false")
        origin = _text(content, "origin", MAX_ORIGIN, required=False)
        if "\n" in origin or "\x00" in origin:
            raise Invalid("bad_message", "'origin' must be one line")
        try:
            line = editing.save_command(path, text, apply=apply, origin=origin)
        except editing.BadFile as exc:
            raise Invalid("too_long" if "bytes" in str(exc) else "bad_message", str(exc)) from None
        return Message(type=kind, id=_text(content, "id", MAX_ID), path=path, line=line, apply=apply, origin=origin)
    if kind == "ping":
        return Message(type=kind, id=_text(content, "id", MAX_ID, required=False))
    raise Invalid("unknown_type", f"unknown message type {kind!r}")
