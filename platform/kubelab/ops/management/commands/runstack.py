"""Run the whole stack in the foreground: embedded Redis, Daphne, a Celery worker.

This is what `./scripts/run` ends with. Children run in their own sessions so
Ctrl-C reaches only us; we then stop them in order (web, worker, Redis) and
wait, so nothing is left running.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request

from django.conf import settings
from django.core.management.base import BaseCommand

from kubelab.ops.embedded_redis import EmbeddedRedis


class Command(BaseCommand):
    help = "Run Redis (embedded unless REDIS_URL is set), Daphne and Celery workers until Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("KUBELAB_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("KUBELAB_PORT", "8000")))
        parser.add_argument("--workers", type=int, default=1)

    def handle(self, *args, host, port, workers, **options):
        env = os.environ.copy()
        env["PYTHONPATH"] = os.pathsep.join([str(settings.BASE_DIR / "platform"), str(settings.BASE_DIR)])
        embedded = None
        if not os.environ.get("REDIS_URL"):
            embedded = EmbeddedRedis(settings.VAR_DIR / "redis")
            env["REDIS_URL"] = embedded.url
            self.stdout.write(f"  embedded Redis on {embedded.url}")
        children: list[subprocess.Popen] = []
        stopping = {"flag": False}

        def on_signal(signum, frame):
            stopping["flag"] = True

        signal.signal(signal.SIGINT, on_signal)
        signal.signal(signal.SIGTERM, on_signal)
        try:
            python = sys.executable
            children.append(
                subprocess.Popen(
                    [python, "-m", "daphne", "-b", host, "-p", str(port), "kubelab.asgi:application"],
                    env=env, cwd=settings.BASE_DIR, start_new_session=True,
                )
            )
            for n in range(1, workers + 1):
                children.append(
                    subprocess.Popen(
                        [python, "-m", "celery", "-A", "kubelab", "worker", "--pool=solo", "-n", f"worker{n}@%h",
                         "--without-gossip", "--without-mingle", "--loglevel=WARNING"],
                        env=env, cwd=settings.BASE_DIR, start_new_session=True,
                    )
                )
            url = f"http://{host}:{port}/"
            if _wait_for(url + "healthz", children, stopping):
                self.stdout.write(self.style.SUCCESS(f"\n  Kubelab is running at {url}  (Ctrl-C stops everything)\n"))
            while not stopping["flag"]:
                if any(child.poll() is not None for child in children):
                    self.stderr.write("a process exited; stopping the stack")
                    break
                time.sleep(0.3)
        finally:
            self.stdout.write("  stopping...")
            for child in children:
                _stop(child)
            if embedded is not None:
                embedded.stop()
            self.stdout.write("  stopped.")


def _wait_for(url: str, children, stopping, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not stopping["flag"]:
        if any(child.poll() is not None for child in children):
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def _stop(child: subprocess.Popen) -> None:
    if child.poll() is not None:
        return
    child.send_signal(signal.SIGTERM)
    try:
        child.wait(timeout=15)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
