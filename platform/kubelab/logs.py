"""Structured logs: one JSON object a line, with the attempt id on every line.

The attempt being worked on lives in a context variable, set by the consumer
and by Celery tasks (`bind_attempt`), so every log call below them carries it
without threading it through arguments.
"""
from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import time

current_attempt: contextvars.ContextVar[str | None] = contextvars.ContextVar("current_attempt", default=None)


@contextlib.contextmanager
def bind_attempt(attempt_id):
    token = current_attempt.set(str(attempt_id) if attempt_id is not None else None)
    try:
        yield
    finally:
        current_attempt.reset(token)


class ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "attempt_id"):
            record.attempt_id = current_attempt.get()
        return True


_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "attempt_id"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "attempt_id": getattr(record, "attempt_id", None),
            "msg": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)
