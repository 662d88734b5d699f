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
from typing import NamedTuple

from clusters.kubelet import atomic_writer, shell, utilities

MAX_LOG_LINES = 2000


class ContainerRuntime:
    __slots__ = ("name", "init", "index", "image", "state", "reason", "message", "started_at", "finished_at",
                 "exit_code", "term_reason", "term_message", "container_id", "image_id", "image_name", "restart_count",
                 "last_state", "ready", "started", "program", "run", "dynamic", "previous", "files",
                 "probes", "cpu_override", "killing", "timers", "pull_error", "env_list", "hold_until", "restarting",
                 "mtimes", "pinned", "history", "sidecar", "last_pid", "owners", "unseen")

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
        self.mtimes: dict[str, float] = {}  # path -> when this run wrote it (epoch seconds)
        self.pinned: dict[str, str] = {}  # mountPath -> the file a subPath into a configMap/secret bound at creation
        self.history: list = []  # earlier (start, period, body, end) of a loop re-read since (loop_changed)
        self.sidecar = False  # an init container with restartPolicy Always (a sidecar: runs beside the others)
        self.probes: dict = {}  # kind -> ProbeState
        self.cpu_override: float | None = None
        self.killing = False
        # Exited, and the kubelet's PLEG has not relisted since: the state still reported, "running" or "waiting".
        self.unseen: str | bool = False
        self.timers: list = []
        self.pull_error = ""
        self.env_list: list[tuple[str, str]] = []
        self.hold_until = 0.0  # not to be started again before this time (a back-off or retry)
        self.restarting = False  # the next start is a restart (restartCount + 1)
        self.last_pid = 1  # the PID its namespace gave last (processes.py)
        self.owners: dict[str, tuple] = {}  # path -> (uid, gid) of a file this run made, where not root's

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
        segments = list(self.history)
        if p.loop is not None:
            segments.append(p.loop + (float("inf"),))
        for lstart, period, body, stop in segments:
            # A loop whose body was re-read (kubelet loop_changed) ran the old body until ``stop``.
            last = min(end, start + stop - 1e-9)
            if start + lstart <= last and period > 0:
                n = int((last - start - lstart) // period) + 1
                first = max(0, n - MAX_LOG_LINES // max(1, len(body)) - 1)
                for k in range(first, n):
                    base = start + lstart + k * period
                    for o, l in body:
                        t = base + o
                        if t <= end:
                            if shell.DATE_MARK in l:
                                l = l.replace(shell.DATE_MARK, date_fn(epoch + t))
                            if shell.PASS_MARK in l:
                                l = shell.fill_pass(l, k)
                            out.append((t, l))
        if self.dynamic:
            # Lines a program logs are stamped when they happen; some are known before (another server's
            # sync with this one, a preStop hook's wait), so none shows before its time.
            out.extend(x for x in self.dynamic if x[0] <= end)
            out.sort(key=lambda x: x[0])
        if len(out) > MAX_LOG_LINES:
            out = out[-MAX_LOG_LINES:]
        return out


class PodRuntime:
    __slots__ = ("uid", "key", "namespace", "name", "pod", "admitted_at", "start_time", "sandbox", "ip",
                 "containers", "init_names", "main_names", "init_done", "volumes", "volumes_ready",
                 "volume_retry", "deleting", "terminal", "phase", "reason", "message", "dirty", "busy",
                 "timers", "cond_times", "host_network", "finished", "mtimes", "volume_times", "synced_at",
                 "stale", "resync", "ephemeral_names", "owners")

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
            self.containers[c["name"]].sidecar = c.get("restartPolicy") == "Always"
            self.init_names.append(c["name"])
        for i, c in enumerate(spec.get("containers") or []):
            reason = "PodInitializing" if inits else "ContainerCreating"
            self.containers[c["name"]] = ContainerRuntime(c["name"], False, i, c.get("image", ""), reason)
            self.main_names.append(c["name"])
        self.ephemeral_names = []  # added later through pods/ephemeralcontainers (Kubelet._add_ephemeral)
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
        self.mtimes: dict[tuple[str, str], float] = {}  # (volume, path) -> when a container wrote it
        self.owners: dict[tuple[str, str], tuple] = {}  # (volume, path) -> (uid, gid) of the process that made it
        self.volume_times: dict[str, float] = {}  # volume -> when it was set up (epoch seconds)
        self.synced_at = now  # the pod worker's last sync (kubelet.py _synced)
        self.stale = False  # a ConfigMap or Secret it mounts changed since its volumes were last written
        self.resync = None  # the timer of its next periodic sync, while one is wanted

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
        for c in self.spec.get("ephemeralContainers") or ():
            if c.get("name") == name:
                return c
        return None

    def cancel_timers(self) -> None:
        for t in self.timers:
            t.cancel()
        self.timers = []
        for c in self.containers.values():
            c.cancel_timers()


class Stat(NamedTuple):
    """What lstat(2) tells ``ls -l`` about a path: its type ("d", "-" or "l"), permission bits,
    links, size, mtime (epoch seconds), a symlink's target and 512-byte blocks."""
    kind: str
    mode: int
    nlink: int
    size: int
    mtime: float
    target: str = ""
    blocks: int = 0
    uid: int = 0
    gid: int = 0


# A directory on the node's disk (ext4 under kind's /var) or in a container's overlay root is
# 4096 bytes, 8 blocks; tmpfs counts a directory as 40 bytes plus 20 a name (BOGO_DIRENT_SIZE), no blocks.
_DISK_DIR = 4096


def _file_stat(content: str, mode: int, mtime: float) -> Stat:
    size = len(content.encode())
    return Stat("-", mode, 1, size, mtime, "", -(-size // 4096) * 8)


def _dir_stat(mode: int, names: int, subdirs: int, mtime: float, tmpfs: bool, overlay: bool = False) -> Stat:
    size = 40 + 20 * names if tmpfs else _DISK_DIR
    return Stat("d", mode, 1 if overlay else 2 + subdirs, size, mtime, "", 0 if tmpfs else 8)


class Files:
    """A container's file view: pod volumes at their mount paths over the writable layer and image files.

    ``now`` and ``since`` (epoch seconds: the present, and when the container was created) date
    what ``lstat`` reports where no write time was kept: the image's files and the directories
    runc made for the mount points."""

    def __init__(self, pod: PodRuntime, c: ContainerRuntime, mounts: list, base, now: float = 0.0,
                 since: float = 0.0):
        self.pod = pod
        self.c = c
        self.mounts = mounts  # [(mountPath, volume name, subPath, readOnly)], longest path first
        self.base = base  # callable(path) -> content or None
        self.now = now
        self.since = since
        self.ids = utilities.ROOT  # (uid, gid, groups) of the processes that write (the security context's)
        self.fs_group: int | None = None  # the pod's fsGroup, which owns the volumes that support it
        self.read_only_root = False  # readOnlyRootFilesystem: the root is mounted read-only
        self.denied_writes = None  # the paths the container's AppArmor profile denies writing (apparmor.py)

    def _mount(self, path: str):
        """(mountPath, volume name, subPath, readOnly, path inside the mount) for an absolute path, or None."""
        for mp, vol, sub, ro in self.mounts:
            mp_ = mp.rstrip("/") or "/"
            if path == mp_ or path.startswith(mp_ + "/"):
                return mp_, vol, sub, ro, path[len(mp_):].lstrip("/")
        return None

    def _resolve(self, path: str):
        path = "/" + path.strip("/") if path not in ("", "/") else "/"
        m = self._mount(path)
        if m is None:
            return None, path, False
        mp, vol, sub, ro, rel = m
        pinned = self.c.pinned.get(mp) if sub else None
        if pinned is not None:
            # A subPath into a configMap or secret volume is a bind mount of the file it named when the
            # container was created: the writer's later directories never reach it (subpath_linux.go).
            return {sub: pinned}, sub, True
        if sub:
            rel = (sub.rstrip("/") + "/" + rel).strip("/") if rel else sub
        d = self.pod.volumes.setdefault(vol, {})
        if isinstance(d, atomic_writer.Projection):
            key = d.resolve(rel)
            return d, key if key is not None else "\x00", True
        return d, rel, ro

    def entry(self, path: str):
        """What is kept for ``path``: its text, a loop's shell.Periodic (unresolved), or None."""
        d, rel, _ = self._resolve(path)
        if d is not None:
            return d.get(rel)
        if rel in self.c.files:
            return self.c.files[rel]
        return self.base(rel)

    def read(self, path: str):
        d, rel, _ = self._resolve(path)
        if d is not None:
            v = d.get(rel)
        elif rel in self.c.files:
            v = self.c.files[rel]
            if v is None:
                return None
        else:
            return self.base(rel)
        if isinstance(v, shell.Periodic):
            return v.at(self.now)
        # A file made when read (config.ServiceAccountToken) rather than kept per pod.
        return v() if callable(v) else v

    def exists(self, path: str) -> bool:
        if self.read(path) is not None:
            return True
        return self.listdir(path) is not None

    def write(self, path: str, content) -> None:
        d, rel, ro = self._resolve(path)
        if path.endswith("/") and rel:
            rel = rel.rstrip("/") + "/"  # mkdir: a directory is kept as ``dir/``, so an empty one is there too
        if d is not None:
            if not ro:
                if isinstance(d, dict):  # a node's disk (host_files.HostDir) keeps its own times
                    self._own((self._mount(path)[1], rel), rel in d)
                    self.pod.mtimes[(self._mount(path)[1], rel)] = self.now
                d[rel] = content
            return
        if rel not in self.c.files and self.ids[:2] != (0, 0):
            self.c.owners[rel] = self.ids[:2]
        self.c.files[rel] = content
        self.c.mtimes[rel] = self.now

    def _own(self, key: tuple, existed: bool) -> None:
        """Record who made a new file in a volume: its group is fsGroup where the kubelet left the
        volume's directories setgid (SetVolumeOwnership), else the process's."""
        fs = self._fs_group(key[0])
        uid, gid, _ = self.ids
        if not existed and ((uid, gid) != (0, 0) or fs is not None):
            self.pod.owners[key] = (uid, gid if fs is None else fs)

    def _fs_group(self, vol: str) -> int | None:
        """The group a volume is owned by: fsGroup, for the volume types whose mounters call
        SetVolumeOwnership (emptyDir, configMap, secret, downwardAPI, projected); kind's local-path
        claims are hostPath volumes, which do not (pkg/volume/volume_linux.go)."""
        if self.fs_group is None:
            return None
        for v in self.pod.spec.get("volumes") or ():
            if v.get("name") == vol:
                kinds = ("emptyDir", "configMap", "secret", "downwardAPI", "projected")
                return self.fs_group if any(k in v for k in kinds) else None
        return None

    def write_error(self, path: str) -> str | None:
        """Why a process may not create or change ``path`` (strerror's words), or None: a read-only
        mount or root file system (EROFS), or a directory its user may not write to (EACCES)."""
        d, _, ro = self._resolve(path)
        if d is not None and ro or d is None and self.read_only_root:
            return "Read-only file system"
        if self.denied_writes is not None and self.denied_writes.match("/" + path.strip("/")):
            return "Permission denied"  # the LSM hook refuses after the VFS's checks pass: EACCES
        uid, gid, groups = self.ids
        if uid == 0:
            return None
        parent = path.rstrip("/").rsplit("/", 1)[0] or "/"
        existing = self.lstat(path)
        st = existing if existing is not None and existing.kind == "-" else self.lstat(parent)
        if st is None:
            return None
        bit = 0o200 if st.uid == uid else 0o020 if st.gid == gid or st.gid in groups else 0o002
        return None if st.mode & bit else "Permission denied"

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

    def removed(self, path: str) -> bool:
        """Whether a file of the image at ``path`` was removed (or moved away) in this container."""
        d, rel, _ = self._resolve(path)
        return d is None and rel in self.c.files and self.c.files[rel] is None

    def chmod(self, path: str, mode: int) -> None:
        """chmod(2): kept where the files keep modes (a node's disk, host_files.HostDir)."""
        d, rel, ro = self._resolve(path)
        if d is not None and not ro and hasattr(d, "chmod"):
            d.chmod(rel, mode)

    def remove_tree(self, path: str) -> bool:
        """``rm -r``: a directory with everything below it, or a file (the local-path teardown's
        ``rm -rf "$VOL_DIR"``)."""
        names = self.listdir(path)
        if names is None:
            return self.remove(path)
        for name in names:
            self.remove_tree(path.rstrip("/") + "/" + name)
        return self.remove_dir(path)

    def remove_dir(self, path: str) -> bool:
        """rmdir(2) of a directory made in the container or a volume (the image's own stay)."""
        d, rel, ro = self._resolve(path)
        key = rel.rstrip("/") + "/"
        if d is None:
            return self.c.files.pop(key, None) is not None or self.listdir(path) == []
        if ro:
            return False
        if isinstance(d, dict):
            d.pop(key, None)
            return True
        try:
            del d[key]  # a node's disk (host_files.HostDir)
        except KeyError:
            return False
        return True

    def listdir(self, path: str):
        """Every name in a directory, dot-files too (``ls`` hides them), sorted; None when it is none."""
        p = "/" + path.strip("/") if path.strip("/") else "/"
        m = self._mount(p)
        if m is not None and not m[2]:
            d = self.pod.volumes.setdefault(m[1], {})
            if isinstance(d, atomic_writer.Projection):
                names = _projection_names(d, m[4])
                if names is None:
                    return None
                return sorted(set(names) | set(self._mounts_below(p)))
        names = set(self._mounts_below(p))
        found = bool(names) or p == "/"
        if m is not None and m[0] == p:
            found = True
            sub = m[2].strip("/") + "/" if m[2] else ""  # a subPath mount lists the directory it names
            for rel in self.pod.volumes.get(m[1], {}):
                if rel and rel.startswith(sub) and rel != sub:
                    names.add(rel[len(sub):].split("/", 1)[0])
        elif m is not None:
            d, rel, _ = self._resolve(p)
            prefix = rel.rstrip("/") + "/"
            for key in d:
                if key.startswith(prefix):
                    found = True
                    names.add(key[len(prefix):].split("/", 1)[0])
        prefix = p.rstrip("/") + "/"
        if m is None:
            for rel, v in self.c.files.items():
                if v is not None and rel.startswith(prefix):
                    found = True
                    names.add(rel[len(prefix):].split("/", 1)[0])
            if p in BASE_DIRS:  # (an empty one too: /tmp)
                found = True
                names.update(BASE_DIRS[p])
        if not found:
            return None
        return sorted(n for n in names if n)

    def _mounts_below(self, p: str) -> list[str]:
        prefix = p.rstrip("/") + "/"
        return [mp.rstrip("/")[len(prefix):].split("/", 1)[0] for mp, *_ in self.mounts
                if mp.rstrip("/").startswith(prefix)]

    def lstat(self, path: str) -> Stat | None:
        """lstat(2) of a path as the container sees it, or None when there is nothing there."""
        p = "/" + path.strip("/") if path.strip("/") else "/"
        m = self._mount(p)
        if m is not None and not self.c.pinned.get(m[0]):
            d = self.pod.volumes.setdefault(m[1], {})
            if isinstance(d, atomic_writer.Projection):
                rel = m[4] if not m[2] else (m[2].rstrip("/") + "/" + m[4]).strip("/")
                st = _projection_stat(d, rel)
                if st is not None and rel == "" and self._mounts_below(p):
                    st = st._replace(nlink=st.nlink + len(self._mounts_below(p)))
                fs = self._fs_group(m[1])
                if st is not None and fs is not None and st.kind != "l":
                    # volume_linux.go changeFilePermission on a read-only volume: group r (and x and setgid on
                    # directories), the symlinks left alone.
                    st = st._replace(gid=fs, mode=st.mode | (0o2550 if st.kind == "d" else 0o440))
                return st
            if hasattr(d, "lstat"):  # a directory of the node's disk (host_files.HostDir): its own modes and times
                return d.lstat(m[4] if not m[2] else (m[2].rstrip("/") + "/" + m[4]).strip("/"))
            if m[4] == "" and not m[2]:  # an emptyDir's or a claim's directory: emptyDir makes it 0777
                names = self.listdir(p) or []
                fs = self._fs_group(m[1])
                st = _dir_stat(0o777, len(names), sum(1 for n in names if self.listdir(p + "/" + n) is not None),
                               self.pod.volume_times.get(m[1], self.since), False)
                # SetVolumeOwnership: the group fsGroup, and setgid so what is made inside keeps it.
                return st if fs is None else st._replace(mode=st.mode | 0o2000, gid=fs)
        content = self.read(p)
        if content is not None:
            if m is not None:
                rel = self._resolve(p)[1]
                mtime = self.pod.mtimes.get((m[1], rel), self.pod.volume_times.get(m[1], self.since))
                uid, gid = self.pod.owners.get((m[1], rel), (0, 0))
            else:
                mtime = self.c.mtimes.get(p, self.since)
                uid, gid = self.c.owners.get(self._resolve(p)[1], (0, 0))
            return _file_stat(content, 0o644, mtime)._replace(uid=uid, gid=gid)
        names = self.listdir(p)
        if names is None:
            return None
        # A directory of the container's overlay root (nlink 1, as overlayfs reports a merged directory).
        # (the images' /tmp is everyone's, sticky: drwxrwxrwt)
        return _dir_stat(0o1777 if p == "/tmp" else 0o755, len(names), 0, self.since, False, overlay=m is None)


def _projection_names(d: "atomic_writer.Projection", rel: str):
    """The names in a directory of an atomic-writer volume, or None when ``rel`` is not one."""
    if rel == "":
        return [d.ts_dir, atomic_writer.DATA_DIR] + list(d.links) if d.ts_dir else []
    key = d.resolve(rel)
    prefix = "" if key is None else key.rstrip("/") + "/"
    if key is not None and key in d:
        return None
    names = {k[len(prefix):].split("/", 1)[0] for k in d if k.startswith(prefix)}
    return sorted(names) if names or key is None else None


def _projection_stat(d: "atomic_writer.Projection", rel: str) -> Stat | None:
    """lstat of a path in the atomic writer's layout (atomic_writer.py)."""
    tops = {k.split("/", 1)[0] for k in d}
    subdirs = sum(1 for t in tops if t not in d)
    if rel == "":
        # The volume's directory: emptyDir's 0777 on disk, a tmpfs root's 1777 in memory.
        names = (2 + len(d.links)) if d.ts_dir else 0
        return _dir_stat(0o1777 if d.tmpfs else 0o777, names, 1 if d.ts_dir else 0, d.written, d.tmpfs)
    if not d.ts_dir:
        return None
    if rel == atomic_writer.DATA_DIR:
        return Stat("l", 0o777, 1, len(d.ts_dir), d.written, d.ts_dir)
    if rel == d.ts_dir:
        return _dir_stat(0o755, len(tops), subdirs, d.written, d.tmpfs)
    if rel in d.links:
        return Stat("l", 0o777, 1, len(atomic_writer.DATA_DIR) + 1 + len(rel), d.links[rel],
                    f"{atomic_writer.DATA_DIR}/{rel}")
    key = d.resolve(rel)
    if key is None or rel.split("/", 1)[0] not in (atomic_writer.DATA_DIR, d.ts_dir) and \
            rel.split("/", 1)[0] not in d.links:
        return None
    if key in d:
        v = d[key]
        return _file_stat(v() if callable(v) else v, d.mode(key), d.written)
    names = _projection_names(d, rel)
    if not names:
        return None
    prefix = key + "/"
    sub = sum(1 for n in names if prefix + n not in d)
    return _dir_stat(0o755, len(names), sub, d.written, d.tmpfs)


BASE_DIRS = {
    "/": ("bin", "dev", "etc", "home", "proc", "root", "sys", "tmp", "usr", "var"),
    "/etc": ("hostname", "hosts", "resolv.conf"),
    "/home": (),
    "/proc": ("1",),  # the other processes are not listed
    "/proc/1": ("cmdline", "status"),
    "/root": (),  # root's home: an interactive shell's cd with no argument goes there
    "/tmp": (),
    "/var": ("run",),
}
