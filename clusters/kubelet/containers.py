"""The node's container runtime, as data: pods (sandboxes), containers, files and logs.

Each pod the kubelet runs is a PodRuntime (its sandbox, IP, volumes and
containers); each container a ContainerRuntime with its state (waiting,
running, terminated), restart count, last state, the Program its image runs
(images.py) and its logs. Logs are computed when read: a Program's lines and
its periodic loop are data with offsets, so a container that logs every 10 s
costs no timer; only lines that happen at unforeseen times (requests,
shutdown) are stored. A container's logs are bounded to MAX_LOG_LINES, the
previous run's (``kubectl logs --previous``) are kept when it restarts.
"""
from __future__ import annotations

from collections import deque

from clusters.kubelet import shell

MAX_LOG_LINES = 2000


class ContainerRuntime:
    __slots__ = ("name", "init", "index", "image", "state", "reason", "message", "started_at", "finished_at",
                 "exit_code", "term_reason", "term_message", "container_id", "image_id", "image_name", "restart_count",
                 "last_state", "ready", "started", "program", "run", "dynamic", "previous", "files",
                 "probes", "cpu_override", "killing", "timers", "pull_error", "env_list", "hold_until", "restarting")

    def __init__(self, name: str, init: bool, index: int, image: str, reason: str):
        self.name = name
        self.init = init
        self.index = index
        self.image = image
        self.state = "waiting"
        self.reason = reason
        self.message = ""
        self.started_at = 0.0
        self.finished_at = 0.0
        self.exit_code = 0
        self.term_reason = ""
        self.term_message = ""  # what it left at its terminationMessagePath when it exited
        self.container_id = ""
        self.image_id = ""
        self.image_name = image
        self.restart_count = 0
        self.last_state: dict | None = None
        self.ready = False
        self.started = False
        self.program = None
        self.run = 0  # increments per start, so a stale timer can tell it is stale
        self.dynamic: deque = deque(maxlen=MAX_LOG_LINES)  # (time, line) of the current run
        self.previous: list = []  # lines of the previous run
        self.files: dict[str, str] = {}  # the writable layer
        self.probes: dict = {}  # kind -> ProbeState
        self.cpu_override: float | None = None
        self.killing = False
        self.timers: list = []
        self.pull_error = ""
        self.env_list: list[tuple[str, str]] = []
        self.hold_until = 0.0  # not to be started again before this time (a back-off or retry)
        self.restarting = False  # the next start is a restart (restartCount + 1)

    def cancel_timers(self) -> None:
        for t in self.timers:
            t.cancel()
        self.timers = []
        for ps in self.probes.values():
            if ps.timer is not None:
                ps.timer.cancel()
                ps.timer = None

    def lines_until(self, now: float, epoch: float, date_fn) -> list[tuple[float, str]]:
        """The current run's log lines up to ``now`` (virtual seconds), oldest first, bounded."""
        p = self.program
        if p is None or self.state == "waiting" and not self.started_at:
            return []
        end = self.finished_at if self.state == "terminated" else now
        start = self.started_at
        out = [(start + o, l) for o, l in p.lines if start + o <= end]
        if p.loop is not None:
            lstart, period, body = p.loop
            if start + lstart <= end and period > 0:
                n = int((end - start - lstart) // period) + 1
                first = max(0, n - MAX_LOG_LINES // max(1, len(body)) - 1)
                for k in range(first, n):
                    base = start + lstart + k * period
                    for o, l in body:
                        t = base + o
                        if t <= end:
                            if shell.DATE_MARK in l:
                                l = l.replace(shell.DATE_MARK, date_fn(epoch + t))
                            out.append((t, l))
        if self.dynamic:
            out.extend(self.dynamic)
            out.sort(key=lambda x: x[0])
        if len(out) > MAX_LOG_LINES:
            out = out[-MAX_LOG_LINES:]
        return out


class PodRuntime:
    __slots__ = ("uid", "key", "namespace", "name", "pod", "admitted_at", "start_time", "sandbox", "ip",
                 "containers", "init_names", "main_names", "init_done", "volumes", "volumes_ready",
                 "volume_retry", "deleting", "terminal", "phase", "reason", "message", "dirty", "busy",
                 "timers", "cond_times", "host_network", "finished")

    def __init__(self, pod: dict, now: float, start_time: str):
        m = pod["metadata"]
        spec = pod["spec"]
        self.uid = m["uid"]
        self.namespace = m["namespace"]
        self.name = m["name"]
        self.key = f"{self.namespace}/{self.name}"
        self.pod = pod
        self.admitted_at = now
        self.start_time = start_time
        self.sandbox = False
        self.ip = ""
        self.containers: dict[str, ContainerRuntime] = {}
        self.init_names = []
        self.main_names = []
        inits = spec.get("initContainers") or []
        for i, c in enumerate(inits):
            self.containers[c["name"]] = ContainerRuntime(c["name"], True, i, c.get("image", ""), "PodInitializing")
            self.init_names.append(c["name"])
        for i, c in enumerate(spec.get("containers") or []):
            reason = "PodInitializing" if inits else "ContainerCreating"
            self.containers[c["name"]] = ContainerRuntime(c["name"], False, i, c.get("image", ""), reason)
            self.main_names.append(c["name"])
        self.init_done = 0
        self.volumes: dict[str, dict] = {}
        self.volumes_ready = False
        self.volume_retry = 0.0
        self.deleting = False
        self.terminal = False
        self.phase = "Pending"
        self.reason = ""
        self.message = ""
        self.dirty = False
        self.busy: str | None = None
        self.timers: list = []
        self.cond_times: dict[str, tuple[str, str]] = {}
        self.host_network = bool(spec.get("hostNetwork"))
        self.finished = False

    @property
    def spec(self) -> dict:
        return self.pod["spec"]

    def container_spec(self, name: str) -> dict | None:
        for c in self.spec.get("initContainers") or ():
            if c.get("name") == name:
                return c
        for c in self.spec.get("containers") or ():
            if c.get("name") == name:
                return c
        return None

    def cancel_timers(self) -> None:
        for t in self.timers:
            t.cancel()
        self.timers = []
        for c in self.containers.values():
            c.cancel_timers()


class Files:
    """A container's file view: pod volumes at their mount paths over the writable layer and image files."""

    def __init__(self, pod: PodRuntime, c: ContainerRuntime, mounts: list, base):
        self.pod = pod
        self.c = c
        self.mounts = mounts  # [(mountPath, volume name, subPath, readOnly)], longest path first
        self.base = base  # callable(path) -> content or None

    def _resolve(self, path: str):
        path = "/" + path.strip("/") if path not in ("", "/") else "/"
        for mp, vol, sub, ro in self.mounts:
            mp_ = mp.rstrip("/") or "/"
            if path == mp_ or path.startswith(mp_ + "/"):
                rel = path[len(mp_):].lstrip("/")
                if sub:
                    rel = (sub.rstrip("/") + "/" + rel).strip("/") if rel else sub
                return self.pod.volumes.setdefault(vol, {}), rel, ro
        return None, path, False

    def read(self, path: str):
        d, rel, _ = self._resolve(path)
        if d is not None:
            v = d.get(rel)
            # A file made when read (config.ServiceAccountToken) rather than kept per pod.
            return v() if callable(v) else v
        if rel in self.c.files:
            v = self.c.files[rel]
            return None if v is None else v
        return self.base(rel)

    def exists(self, path: str) -> bool:
        if self.read(path) is not None:
            return True
        return self.listdir(path) is not None

    def write(self, path: str, content: str) -> None:
        d, rel, ro = self._resolve(path)
        if d is not None:
            if not ro:
                d[rel] = content
            return
        self.c.files[rel] = content

    def remove(self, path: str) -> bool:
        d, rel, ro = self._resolve(path)
        if d is not None:
            if ro or rel not in d:
                return False
            del d[rel]
            return True
        if rel in self.c.files and self.c.files[rel] is not None:
            self.c.files[rel] = None  # a whiteout over the image file
            return True
        if self.base(rel) is not None:
            self.c.files[rel] = None
            return True
        return False

    def listdir(self, path: str):
        p = "/" + path.strip("/") if path.strip("/") else "/"
        names = set()
        found = p == "/"
        for mp, vol, sub, ro in self.mounts:
            mp_ = mp.rstrip("/")
            if mp_ == p:
                found = True
                for rel in self.pod.volumes.get(vol, {}):
                    if rel:
                        names.add(rel.split("/", 1)[0])
            elif mp_.startswith(p.rstrip("/") + "/"):
                found = True
                names.add(mp_[len(p.rstrip("/")) + 1:].split("/", 1)[0])
        prefix = p.rstrip("/") + "/"
        for rel, v in self.c.files.items():
            if v is not None and rel.startswith(prefix):
                found = True
                names.add(rel[len(prefix):].split("/", 1)[0])
        for rel in BASE_DIRS.get(p, ()):
            found = True
            names.add(rel)
        if not found:
            return None
        return sorted(n for n in names if n)


BASE_DIRS = {
    "/": ("bin", "dev", "etc", "home", "proc", "root", "sys", "tmp", "usr", "var"),
    "/etc": ("hostname", "hosts", "resolv.conf"),
    "/tmp": (),
    "/var": ("run",),
}
