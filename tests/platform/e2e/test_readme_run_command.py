"""The README's first command on a machine with no services: ./scripts/run.

With no DATABASE_URL or REDIS_URL it runs on SQLite and an embedded Redis;
the suite's other tests use PostgreSQL when it answers, so this is where the
embedded default is proved: two sandboxes answer commands (a worker keeps its
database connection, and must still see attempts created after it started),
and Ctrl-C stops everything it started.
"""
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

from conftest import ROOT, Console, HttpSession, _free_port


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def test_scripts_run_serves_sandboxes_on_the_embedded_defaults_and_stops_on_ctrl_c(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "KUBELAB_SQLITE_TEST_NAME")}
    env.update(KUBELAB_VAR_DIR=str(tmp_path / "var"), KUBELAB_PORT=str(port), PYTHONUNBUFFERED="1")
    log = open(tmp_path / "run.log", "wb")
    proc = subprocess.Popen(["./scripts/run"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while "Kubelab is running at" not in (tmp_path / "run.log").read_text(errors="replace"):
            assert proc.poll() is None, (tmp_path / "run.log").read_text(errors="replace")[-3000:]
            assert time.monotonic() < deadline, "scripts/run did not come up"
            time.sleep(0.2)
        text = (tmp_path / "run.log").read_text(errors="replace")
        assert "username: learner" in text and "password: kubelab-learner" in text
        assert f"http://127.0.0.1:{port}/" in text

        base = f"http://127.0.0.1:{port}"
        stack = SimpleNamespace(url=base, ws_url=f"ws://127.0.0.1:{port}")
        http = HttpSession(base)
        http.login("learner", "kubelab-learner")
        for _ in range(2):
            console = Console(stack, http, http.start_sandbox())
            console.receive_until(lambda m: m["type"] == "ready")
            output = console.output_of(console.command("kubectl get nodes"), timeout=60)
            assert output["exit_code"] == 0 and "Ready" in output["text"], output
            console.close()
    finally:
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C in the terminal reaches the foreground group
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            raise
    assert "stopped." in (tmp_path / "run.log").read_text(errors="replace")
    assert not _answers(port)
