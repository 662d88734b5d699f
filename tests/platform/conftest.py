"""Platform test fixtures: personas, and the real stack (Daphne, Celery workers) as subprocesses.

Services (PostgreSQL or SQLite, Redis or the embedded one) are chosen by
scripts/run_tests.py before Django starts; here we only start our own parts
against the test database, never stand-ins for them.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.conf import settings

from platform_factories import PASSWORD, make_attempt, make_user

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
FAULT_PREFIX = "echo fault-pause"


@pytest.fixture(scope="session", autouse=True)
def _fresh_redis():
    """The test Redis database starts empty: no stale leases, queues or groups."""
    from kubelab.hosting import redis_client

    r = redis_client.get()
    if r.connection_pool.connection_kwargs.get("db", 0) != 0 or "127.0.0.1:6379" not in settings.REDIS_URL:
        r.flushdb()
    yield


@pytest.fixture(scope="session", autouse=True)
def _close_stray_connections(request):
    """Connections opened in asgiref's threads would stop the test database from being dropped."""
    if "django_db_setup" not in request.fixturenames:
        request.getfixturevalue("django_db_setup")
    yield
    from django.db import connection

    if connection.vendor == "postgresql":
        with request.getfixturevalue("django_db_blocker").unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture
def learner(db):
    return make_user(username="ada")


@pytest.fixture
def second_learner(db):
    return make_user(username="grace")


@pytest.fixture
def instructor(db):
    return make_user(username="barbara", role="instructor")


@pytest.fixture
def attempt(learner):
    return make_attempt(user=learner)


# --- the real stack --------------------------------------------------------


def _database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "root"
    return f"postgres://{user}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def _free_port() -> int:
    from kubelab.ops.embedded_redis import free_port

    return free_port()


def _wait(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


class Stack:
    """Daphne and Celery workers running our code against the test database."""

    def __init__(self, logdir: Path) -> None:
        self.logdir = logdir
        self.port = _free_port()
        self.env = dict(os.environ)
        self.env.update(
            DATABASE_URL=_database_url(),
            PYTHONPATH=os.pathsep.join([str(ROOT / "platform"), str(ROOT)]),
            KUBELAB_FAULT_PAUSE_PREFIX=FAULT_PREFIX,
            KUBELAB_FAULT_PAUSE_S="30",
            KUBELAB_LEASE_TTL_MS="3000",
            KUBELAB_CONSOLE_RESEND_AFTER_S="1.0",
            KUBELAB_SNAPSHOT_EVERY="5",
            KUBELAB_SNAPSHOT_INLINE_EVERY="5",
        )
        self.env.pop("KUBELAB_SQLITE_TEST_NAME", None)
        self.daphne: subprocess.Popen | None = None
        self.workers: dict[str, subprocess.Popen] = {}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def _spawn(self, name: str, args: list[str]) -> subprocess.Popen:
        log = open(self.logdir / f"{name}.log", "ab")
        return subprocess.Popen(args, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def start_daphne(self) -> None:
        self.daphne = self._spawn(
            "daphne", [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port), "kubelab.asgi:application"]
        )

        def up():
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1) as r:
                    return r.status == 200
            except OSError:
                return False

        _wait(up, 30, "daphne to answer /healthz")

    def stop_daphne(self) -> None:
        _stop(self.daphne)
        self.daphne = None

    def start_worker(self, name: str) -> str:
        node = f"{name}@kubelab-test"
        self.workers[node] = self._spawn(
            name,
            [sys.executable, "-m", "celery", "-A", "kubelab", "worker", "--pool=solo", "-n", node,
             "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"],
        )
        from kubelab.hosting import leases

        _wait(lambda: node in leases.live_workers(), 30, f"worker {node} to report in")
        time.sleep(0.5)  # let it declare and start consuming its queues
        return node

    def kill_worker(self, node: str) -> None:
        proc = self.workers.pop(node)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        from kubelab.hosting import redis_client

        redis_client.get().delete(f"kubelab:worker:{node}")

    def stop_worker(self, node: str) -> None:
        _stop(self.workers.pop(node))

    def ensure_worker(self) -> str:
        """A running worker for the next test (fault tests kill and stop them)."""
        if not self.workers:
            self._generation = getattr(self, "_generation", 0) + 1
            return self.start_worker(f"w{self._generation}x")
        return next(iter(self.workers))

    def stop(self) -> None:
        for node in list(self.workers):
            self.stop_worker(node)
        if self.daphne:
            self.stop_daphne()


def _stop(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@pytest.fixture(scope="session")
def stack(django_db_setup, django_db_blocker, tmp_path_factory):
    logdir = ARTIFACTS / "logs"
    logdir.mkdir(parents=True, exist_ok=True)
    running = Stack(logdir)
    running.start_daphne()
    running.start_worker("w1")
    yield running
    running.stop()


@pytest.fixture
def live(stack):
    """The stack with at least one worker, however the last test left it."""
    stack.ensure_worker()
    if stack.daphne is None or stack.daphne.poll() is not None:
        stack.start_daphne()
    yield stack
    _wait_for_quiet_database()


def _wait_for_quiet_database(timeout: float = 10.0) -> None:
    """Let the worker and Daphne finish what the test set going before the database is flushed.

    pytest-django flushes with TRUNCATE after each transactional test; a
    worker still writing a snapshot or progress row at that moment makes
    PostgreSQL abort one of the two with "deadlock detected".
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    deadline = time.monotonic() + timeout
    with connection.cursor() as cur:
        while time.monotonic() < deadline:
            cur.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND state IN ('active', 'idle in transaction')"
            )
            if cur.fetchone()[0] == 0:
                return
            time.sleep(0.05)


# --- talking to the stack as a browser would ---------------------------------


class HttpSession:
    """Cookies and CSRF like a browser: GET the form, POST it back."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)

    def get(self, path: str):
        return self.opener.open(self.base + path, timeout=10)

    def post(self, path: str, data: dict):
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.cookie("csrftoken") or ""}).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        return self.opener.open(request, timeout=10)

    def login(self, username: str, password: str = PASSWORD) -> None:
        self.get("/accounts/login/").read()
        response = self.post("/accounts/login/", {"username": username, "password": password})
        assert self.cookie("sessionid"), f"login failed: {response.geturl()}"

    def start_sandbox(self) -> str:
        return self.start("free-cluster")

    def start(self, lab: str) -> str:
        self.get("/").read()
        response = self.post("/attempts/new/", {"lab": lab})
        return response.geturl().rstrip("/").rsplit("/", 1)[-1]


class Console:
    """A websocket console client, recording every message it receives."""

    def __init__(self, stack: Stack, session: HttpSession, attempt_id: str, last_seq: int = 0) -> None:
        from websockets.sync.client import connect

        self.ws = connect(
            f"{stack.ws_url}/ws/attempts/{attempt_id}/?last_seq={last_seq}",
            additional_headers={"Cookie": f"sessionid={session.cookie('sessionid')}", "Origin": stack.url},
            open_timeout=10,
        )
        self.messages: list[dict] = []
        self.last_seq = last_seq

    def send(self, message: dict) -> None:
        self.ws.send(json.dumps(message))

    def command(self, line: str, command_id: str | None = None) -> str:
        import uuid

        command_id = command_id or uuid.uuid4().hex
        self.send({"type": "command", "id": command_id, "line": line})
        return command_id

    def receive_until(self, predicate, timeout: float = 30.0) -> dict:
        deadline = time.monotonic() + timeout
        for message in self.messages:
            if predicate(message):
                return message
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no matching message in {timeout}s; got {[m.get('type') for m in self.messages][-20:]}")
            try:
                message = json.loads(self.ws.recv(timeout=remaining))
            except TimeoutError:
                continue
            self.messages.append(message)
            if isinstance(message.get("seq"), int):
                self.last_seq = max(self.last_seq, message["seq"])
            if predicate(message):
                return message

    def output_of(self, command_id: str, timeout: float = 30.0) -> dict:
        return self.receive_until(lambda m: m.get("type") == "output" and m.get("command_id") == command_id, timeout)

    def close(self) -> None:
        self.ws.close()


@pytest.fixture
def http(live):
    return HttpSession(live.url)


def cluster_supports(line: str) -> bool:
    """Whether the cluster core already runs a deployment to three Running pods (it grows in parallel)."""
    from clusters import Cluster, ClusterSpec

    try:
        cluster = Cluster(ClusterSpec(nodes=3), seed=1)
        out = cluster.run(line)
        if out.exit_code != 0:
            return False
        cluster.advance_to(cluster.now + 120)
        pods = [p for n in cluster.map()["nodes"] for p in n["pods"] if p["name"].startswith("web-")]
        components = {e.get("component", "") for e in cluster.trace_since(0)[0]}
        return (
            len(pods) == 3
            and all(p["status"] == "Running" for p in pods)
            and any("scheduler" in c for c in components)
            and any("kubelet" in c for c in components)
        )
    except Exception:
        return False
