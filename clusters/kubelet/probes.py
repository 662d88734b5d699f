"""Liveness, readiness and startup probes (pkg/kubelet/prober/{worker,prober}.go).

One worker per container and probe kind ticks every periodSeconds from its
creation, when the kubelet first syncs the pod (prober_manager.go AddPod), and
keeps that cadence across the container's restarts; a tick before the
container has run initialDelaySeconds is skipped (worker.go doProbe), so the
first probe lands up to a period after the delay, as on a real node. A result
flips after successThreshold successes or failureThreshold failures in a row.
Readiness starts as Failure, liveness as Success; while a startup probe has
not succeeded the other two do not run. Each failure records a Warning
``Unhealthy`` event ("Liveness probe failed: …"); a liveness or startup
failure at the threshold kills the container ("Container x failed liveness
probe, will be restarted").

Outcomes come from the image's behaviour (images.py): a port that is not
listening refuses the connection, HTTP answers come from the program, exec
probes run in the simulated shell against the container's files. A worker
whose probe succeeds and cannot change by itself parks instead of ticking
forever; anything that may change the answer (a file written through exec or
by the program, a port starting to listen) wakes it on its next tick.
"""
from __future__ import annotations

import math

from clusters.kubelet import images, shell
from clusters.strings import isdigits

KINDS = (("startup", "startupProbe", "Startup"), ("liveness", "livenessProbe", "Liveness"),
         ("readiness", "readinessProbe", "Readiness"))


class ProbeState:
    __slots__ = ("kind", "spec", "successes", "failures", "result", "timer", "parked", "base", "started")

    def __init__(self, kind: str, spec: dict, base: float, started: float | None = None):
        self.kind = kind
        self.spec = spec
        self.successes = 0
        self.failures = 0
        # worker.go: readiness starts Failure, liveness Success, startup Unknown.
        self.result = {"readiness": False, "liveness": True, "startup": None}[kind]
        self.timer = None
        self.parked = False
        self.base = base  # the worker's creation: its ticks are base + k * period
        self.started = base if started is None else started  # the container's start

    @property
    def period(self) -> float:
        return float(self.spec.get("periodSeconds") or 10)

    def first_tick(self) -> float:
        """The first tick at which the container has run initialDelaySeconds (a tick at the
        instant it starts comes before the runtime reports it running)."""
        due = self.started + float(self.spec.get("initialDelaySeconds") or 0)
        k = max(0, math.ceil((due - self.base) / self.period))
        while self.base + k * self.period < due or self.base + k * self.period <= self.started:
            k += 1
        while k > 0 and self.base + (k - 1) * self.period >= due and self.base + (k - 1) * self.period > self.started:
            k -= 1  # ceil of a quotient that rounded up a whole period
        return self.base + k * self.period

    def next_tick_after(self, now: float) -> float:
        first = self.first_tick()
        if now < first:
            return first
        k = math.floor((now - self.base) / self.period) + 1
        # (now - base) / period can round down a whole period, which would
        # schedule the next probe at `now` again, forever.
        while self.base + k * self.period <= now:
            k += 1
        return self.base + k * self.period


def _port(container: dict, port) -> int | None:
    if isinstance(port, int):
        return port
    if isinstance(port, str):
        if isdigits(port):
            return int(port)
        for p in container.get("ports") or ():
            if p.get("name") == port:
                return p.get("containerPort")
    return None


def listening(c, port: int, now: float) -> bool:
    p = c.program
    if p is None or c.state != "running":
        return False
    start = p.ports.get(port)
    return start is not None and now >= c.started_at + start


def evaluate(kubelet, rt, c, probe: dict, now: float) -> tuple[bool, str]:
    """(success, output) of running a probe now (prober.go runProbe)."""
    cspec = rt.container_spec(c.name) or {}
    ip = rt.ip or kubelet.ip
    if probe.get("exec") is not None:
        argv = list(probe["exec"].get("command") or [])
        if not argv:
            return False, ""
        env = kubelet.shell_env(rt, c)
        missing = kubelet.missing_program(c, argv[0], env.shells, env.files)
        if missing:
            return False, missing  # the runtime's ExecSync error is the probe's output
        code, out = shell.run(argv, env)
        return code == 0, out
    if probe.get("httpGet") is not None:
        hg = probe["httpGet"]
        port = _port(cspec, hg.get("port"))
        path = hg.get("path") or "/"
        host = hg.get("host") or ip
        scheme = (hg.get("scheme") or "HTTP").lower()
        url = f"{scheme}://{host}:{port}{path}"
        if port is None or not listening(c, port, now):
            return False, f'Get "{url}": dial tcp {host}:{port}: connect: connection refused'
        status, _ = images.http_get(c.program, path, kubelet.files(rt, c), now - c.started_at)
        if 200 <= status < 400:
            return True, ""
        return False, f"HTTP probe failed with statuscode: {status}"
    if probe.get("tcpSocket") is not None:
        port = _port(cspec, probe["tcpSocket"].get("port"))
        host = probe["tcpSocket"].get("host") or ip
        if port is None or not listening(c, port, now):
            return False, f"dial tcp {host}:{port}: connect: connection refused"
        return True, ""
    if probe.get("grpc") is not None:
        port = probe["grpc"].get("port")
        if not listening(c, port, now):
            return False, f'timeout: failed to connect service "{ip}:{port}" within 1s: context deadline exceeded'
        return True, ""
    return True, ""


def can_change(c, now: float) -> bool:
    """Whether a container's probe answers may still change on their own (a port yet to listen)."""
    p = c.program
    if p is None:
        return False
    if c.started_at + p.steady_after > now:
        return True
    for off in p.ports.values():
        if c.started_at + off > now:
            return True
    for off, *_ in p.file_ops:
        if c.started_at + off > now:
            return True
    return False
