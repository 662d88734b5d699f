"""Platform benchmarks: the console path through Daphne, Channels, Celery and back.

    .venv/bin/python bench/platform_console.py [--quick]

Starts its own Daphne and Celery workers against PostgreSQL/Redis on loopback
when they answer (SQLite and an embedded Redis otherwise), in a scratch
database, and prints one JSON report (also written to bench/results/):

- console round trip for `kubectl get pods`, websocket send to output
  received, median and p99, against a bare Redis PING measured in the same run
  (goal: p99 <= 3 x floor + 20 ms);
- new attempt to first prompt (POST, page, websocket, "ready"), goal p99 <= 100 ms;
- N concurrent consoles each sending a command every 2 s: p99 and errors;
- the knee (``--knee``): N doubled from 100 while the platform keeps up (or
  halved from 100 until it does), then bisected once; keeping up means it
  answers at least 90% of the offered commands, p99 stays under 1 s and no
  console errs; the largest N that kept up is the capacity;
- worker recovery: kill -9 of the holder to the next command answered.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform as stdlib_platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]


def answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def summary(ms):
    return {"n": len(ms), "median_ms": round(statistics.median(ms), 3), "p99_ms": round(pct(ms, 99), 3)}


class Bench:
    def __init__(self, quick):
        self.quick = quick
        self.var = Path(tempfile.mkdtemp(prefix="klb-", dir="/tmp"))
        self.sessions = []
        self.env = dict(os.environ, KUBELAB_VAR_DIR=str(self.var), PYTHONPATH=f"{ROOT / 'platform'}:{ROOT}",
                        KUBELAB_LEASE_TTL_MS="3000", KUBELAB_CONSOLE_RESEND_AFTER_S="0.5", LOG_LEVEL="WARNING")
        self.embedded = None
        self.procs = {}
        self.port = None

    def setup_services(self):
        if "REDIS_URL" not in self.env:
            if answers(6379):
                self.env["REDIS_URL"] = "redis://127.0.0.1:6379/12"
            else:
                from kubelab.ops.embedded_redis import EmbeddedRedis

                self.embedded = EmbeddedRedis(self.var / "redis")
                self.env["REDIS_URL"] = self.embedded.url
        if "DATABASE_URL" not in self.env:
            if answers(5432):
                import psycopg

                name = "kubelab_bench"
                with psycopg.connect("postgresql://root@127.0.0.1:5432/postgres", autocommit=True) as conn:
                    conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
                    conn.execute(f"CREATE DATABASE {name}")
                self.env["DATABASE_URL"] = f"postgres://root@127.0.0.1:5432/{name}"
        os.environ.update(self.env)
        import redis

        redis.Redis.from_url(self.env["REDIS_URL"]).flushdb()
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=self.env, check=True)
        import django

        os.environ["DJANGO_SETTINGS_MODULE"] = "kubelab.settings"
        django.setup()

    def spawn(self, name, args):
        log = open(self.var / f"{name}.log", "ab")
        self.procs[name] = subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)

    def start(self, workers=1):
        from kubelab.ops.embedded_redis import free_port

        self.port = free_port()
        self.spawn("daphne", [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port),
                              "kubelab.asgi:application"])
        for n in range(1, workers + 1):
            self.start_worker(f"w{n}")
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)

    def start_worker(self, name):
        from kubelab.hosting import leases

        node = f"{name}@bench"
        self.spawn(node, [sys.executable, "-m", "celery", "-A", "kubelab", "worker", "--pool=solo", "-n", node,
                          "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=WARNING"])
        while node not in leases.live_workers():
            time.sleep(0.05)
        time.sleep(0.5)
        return node

    def stop(self):
        for proc in self.procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        if self.embedded:
            self.embedded.stop()

    # --- helpers ---------------------------------------------------------

    def login(self, username):
        from kubelab.accounts import services

        services.user_create(username=username, password="bench-password-1")
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        base = f"http://127.0.0.1:{self.port}"
        opener.open(base + "/accounts/login/").read()
        token = next(c.value for c in jar if c.name == "csrftoken")
        opener.open(urllib.request.Request(base + "/accounts/login/", data=urllib.parse.urlencode(
            {"username": username, "password": "bench-password-1", "csrfmiddlewaretoken": token}).encode(),
            headers={"Referer": base + "/accounts/login/"})).read()
        return opener, jar

    def new_attempt(self, opener, jar):
        base = f"http://127.0.0.1:{self.port}"
        token = next(c.value for c in jar if c.name == "csrftoken")
        response = opener.open(urllib.request.Request(base + "/attempts/new/", data=urllib.parse.urlencode(
            {"lab": "free-cluster", "csrfmiddlewaretoken": token}).encode(), headers={"Referer": base + "/"}))
        response.read()
        return response.geturl().rstrip("/").rsplit("/", 1)[-1]

    def ws(self, jar, attempt_id):
        from websockets.sync.client import connect

        session = next(c.value for c in jar if c.name == "sessionid")
        return connect(f"ws://127.0.0.1:{self.port}/ws/attempts/{attempt_id}/",
                       additional_headers={"Cookie": f"sessionid={session}", "Origin": f"http://127.0.0.1:{self.port}"})

    @staticmethod
    def until(ws, predicate, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            message = json.loads(ws.recv(timeout=max(0.01, deadline - time.monotonic())))
            if predicate(message):
                return message

    # --- benchmarks ------------------------------------------------------

    def redis_floor(self, n):
        import redis

        r = redis.Redis.from_url(self.env["REDIS_URL"])
        r.ping()
        times = []
        for _ in range(n):
            t = time.perf_counter()
            r.ping()
            times.append((time.perf_counter() - t) * 1000)
        return summary(times)

    def round_trip(self, n):
        opener, jar = self.login("rt")
        attempt_id = self.new_attempt(opener, jar)
        ws = self.ws(jar, attempt_id)
        self.until(ws, lambda m: m["type"] == "ready")
        times = []
        for i in range(n + 10):
            cid = uuid.uuid4().hex
            t = time.perf_counter()
            ws.send(json.dumps({"type": "command", "id": cid, "line": "kubectl get pods"}))
            self.until(ws, lambda m: m.get("type") == "output" and m.get("command_id") == cid)
            if i >= 10:  # warm-up: cluster load, connections
                times.append((time.perf_counter() - t) * 1000)
        ws.close()
        return summary(times)

    def first_prompt(self, n):
        opener, jar = self.login("fp")
        times = []
        for _ in range(n):
            t = time.perf_counter()
            attempt_id = self.new_attempt(opener, jar)  # POST + redirect + page
            ws = self.ws(jar, attempt_id)
            self.until(ws, lambda m: m["type"] == "ready")
            times.append((time.perf_counter() - t) * 1000)
            ws.close()
        return summary(times)

    def concurrent(self, consoles, seconds):
        from websockets.asyncio.client import connect

        sessions = self.sessions
        while len(sessions) < consoles:
            opener, jar = self.login(f"c{len(sessions)}")
            sessions.append((jar, self.new_attempt(opener, jar)))
        sessions = sessions[:consoles]
        latencies, errors = [], []

        async def one(jar, attempt_id, offset):
            session = next(c.value for c in jar if c.name == "sessionid")
            try:
                async with connect(f"ws://127.0.0.1:{self.port}/ws/attempts/{attempt_id}/",
                                   additional_headers={"Cookie": f"sessionid={session}",
                                                       "Origin": f"http://127.0.0.1:{self.port}"}) as ws:
                    while json.loads(await ws.recv())["type"] != "ready":
                        pass
                    await asyncio.sleep(offset)
                    end = time.monotonic() + seconds
                    while time.monotonic() < end:
                        cid = uuid.uuid4().hex
                        t = time.perf_counter()
                        await ws.send(json.dumps({"type": "command", "id": cid, "line": "kubectl get pods"}))
                        while True:
                            m = json.loads(await asyncio.wait_for(ws.recv(), 30))
                            if m.get("type") == "output" and m.get("command_id") == cid:
                                break
                        latencies.append((time.perf_counter() - t) * 1000)
                        await asyncio.sleep(max(0.0, 2.0 - (time.perf_counter() - t)))
            except Exception as exc:
                errors.append(repr(exc))

        async def all_consoles():
            await asyncio.gather(*(one(j, a, 2.0 * i / consoles) for i, (j, a) in enumerate(sessions)))

        asyncio.run(all_consoles())
        offered = consoles * seconds / 2.0
        return {"consoles": consoles, "seconds": seconds, **(summary(latencies) if latencies else {}),
                "answered_per_s": round(len(latencies) / seconds, 1), "offered_per_s": round(offered / seconds, 1),
                "errors": len(errors), "error_samples": errors[:3]}

    def knee(self, seconds, start=100, limit=3200):
        """Double from ``start`` while the platform keeps up; if it does not keep up at
        ``start``, halve until it does, then bisect between the last two."""
        def keeping_up(r):
            return (r["errors"] == 0 and r.get("p99_ms", 1e9) <= 1000
                    and r["answered_per_s"] >= 0.9 * r["offered_per_s"])

        steps = []

        def step(n):
            r = self.concurrent(n, seconds)
            steps.append(r)
            print(json.dumps(r), file=sys.stderr, flush=True)
            return keeping_up(r)

        good, bad = 0, None
        n = start
        if step(n):
            good = n
            while n * 2 <= limit:
                n *= 2
                if not step(n):
                    bad = n
                    break
                good = n
        else:
            bad = n
            while n > 5:
                n //= 2
                if step(n):
                    good = n
                    break
                bad = n
        if bad is not None and good and bad - good > max(5, good // 4):
            mid = (good + bad) // 2
            if step(mid):
                good = mid
        return {"steps": steps, "capacity_consoles": good,
                "rule": "answers >= 90% of offered, p99 <= 1 s, no errors"}

    def recovery(self):
        from kubelab.hosting import leases

        extra = self.start_worker("spare")
        opener, jar = self.login("rec")
        attempt_id = self.new_attempt(opener, jar)
        ws = self.ws(jar, attempt_id)
        self.until(ws, lambda m: m["type"] == "ready")
        cid = uuid.uuid4().hex
        ws.send(json.dumps({"type": "command", "id": cid, "line": "kubectl get nodes"}))
        self.until(ws, lambda m: m.get("command_id") == cid)
        holder = leases.holder(attempt_id)
        name = next(k for k in self.procs if k == holder)
        t = time.perf_counter()
        os.killpg(self.procs[name].pid, signal.SIGKILL)
        cid = uuid.uuid4().hex
        ws.send(json.dumps({"type": "command", "id": cid, "line": "kubectl get nodes"}))
        self.until(ws, lambda m: m.get("type") == "output" and m.get("command_id") == cid, timeout=60)
        elapsed = (time.perf_counter() - t) * 1000
        ws.close()
        return {"kill_to_answer_ms": round(elapsed, 1), "lease_ttl_ms": 3000, "spare": extra}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--consoles", type=int, default=100)
    parser.add_argument("--workers", type=int, default=1, help="Celery workers (processes) to start")
    parser.add_argument("--knee", action="store_true", help="double the consoles from 100 until the platform saturates")
    args = parser.parse_args()
    bench = Bench(args.quick)
    report = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0],
                          "system": stdlib_platform.platform()}}
    try:
        bench.setup_services()
        report["services"] = {"database": bench.env.get("DATABASE_URL", "sqlite"), "redis": bench.env["REDIS_URL"]}
        bench.start(workers=args.workers)
        report["workers"] = args.workers
        n = 50 if args.quick else 300
        report["redis_ping_floor"] = bench.redis_floor(n)
        report["console_round_trip"] = bench.round_trip(n)
        floor = report["redis_ping_floor"]["median_ms"]
        report["console_round_trip"]["goal_p99_ms"] = round(3 * floor + 20, 3)
        report["first_prompt"] = bench.first_prompt(10 if args.quick else 200)
        report["first_prompt"]["goal_p99_ms"] = 100
        report["concurrent"] = bench.concurrent(10 if args.quick else args.consoles, 10 if args.quick else 20)
        if args.knee:
            report["knee"] = bench.knee(20)
        report["recovery"] = bench.recovery()
    finally:
        bench.stop()
    text = json.dumps(report, indent=2)
    print(text)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "platform_console.json").write_text(text)


if __name__ == "__main__":
    main()
