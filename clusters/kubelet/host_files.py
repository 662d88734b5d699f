"""A node's own files: what hostPath volumes mount, and what ``kubectl debug node/NAME`` shows under /host.

Each node has one disk, kept on the cluster by node name (a kind node is a container whose files
outlive its kubelet), holding only the paths something wrote there: ``{absolute path: (content,
mode, mtime)}``, content None for a directory. A write makes the missing parent directories too
(the shells here have no ``mkdir -p`` that could fail). The directories kind's node image has at its
root (a Debian bookworm base plus /kind) are there unwritten. A cluster of 30,000 pods whose
containers never touch a hostPath keeps nothing here.

Writers: containers mounting a hostPath (a pod's own, or a PersistentVolume's: the page's
``task-pv-volume``, the local-path provisioner's), the provisioner's helper pods (their directory
under /var/local-path-provisioner, made 0777 and removed again), the in-tree hostPath deleter
(paths under /tmp on the control-plane node, where kube-controller-manager runs).

``check_type`` is the kubelet's hostPath type check (pkg/volume/hostpath/host_path.go
checkTypeInternal, 1.32): DirectoryOrCreate and FileOrCreate make what is missing, the others
fail the mount with ``hostPath type check failed: PATH is not a directory`` and the like.
``HostDir`` is the view a pod's volume mounts: the keys Files (containers.py) reads and writes,
relative to the mounted path, with ``name/`` for a directory as emptyDir volumes keep them.
"""
from __future__ import annotations

from clusters.kubelet.containers import Stat, _dir_stat, _file_stat

# The top of kind's node image (kindest/node, Debian bookworm): its root and what is directly in it.
_BASE_DIRS = frozenset({"/", "/bin", "/boot", "/dev", "/etc", "/home", "/kind", "/lib", "/lib64", "/media",
                        "/mnt", "/opt", "/proc", "/root", "/run", "/sbin", "/srv", "/sys", "/tmp", "/usr", "/var"})
KERNEL_PROFILES = "/sys/kernel/security/apparmor/profiles"  # its text: apparmor.profiles_text
DIR_MODE = 0o755  # MkdirAll's 0755 (hostPath makeDir) and a shell's mkdir under umask 022
FILE_MODE = 0o644


def normalize(path: str) -> str:
    """An absolute path without ``.``, empty or trailing parts (``..`` is refused before this)."""
    parts = [p for p in path.split("/") if p and p != "."]
    return "/" + "/".join(parts)


def _parent(path: str) -> str:
    return path.rsplit("/", 1)[0] or "/"


class HostFiles:
    """One node's disk: only the paths written to it."""

    __slots__ = ("entries", "booted")

    def __init__(self, booted: float):
        self.entries: dict[str, tuple] = {}  # path -> (content or None for a directory, mode, mtime)
        self.booted = booted  # epoch seconds: the image's own directories date from then

    def is_dir(self, path: str) -> bool:
        e = self.entries.get(path)
        return e[0] is None if e is not None else path in _BASE_DIRS

    def is_file(self, path: str) -> bool:
        e = self.entries.get(path)
        return e is not None and e[0] is not None

    def exists(self, path: str) -> bool:
        return path in self.entries or path in _BASE_DIRS

    def read(self, path: str):
        e = self.entries.get(path)
        return e[0] if e is not None else None

    def mkdir(self, path: str, now: float, mode: int = DIR_MODE) -> bool:
        """MkdirAll: False when a file is in the way."""
        if self.is_dir(path):
            return True
        if self.is_file(path) or (path != "/" and not self.mkdir(_parent(path), now)):
            return False
        self.entries[path] = (None, mode, now)
        return True

    def write(self, path: str, content, now: float) -> bool:
        if self.is_dir(path) or not self.mkdir(_parent(path), now):
            return False
        old = self.entries.get(path)
        self.entries[path] = (content, old[1] if old is not None else FILE_MODE, now)
        return True

    def remove(self, path: str) -> bool:
        """unlink(2) of a file."""
        if not self.is_file(path):
            return False
        del self.entries[path]
        return True

    def rmdir(self, path: str) -> bool:
        """rmdir(2) of an empty directory written to this disk."""
        if not self.is_dir(path) or path not in self.entries or self.names(path):
            return False
        del self.entries[path]
        return True

    def chmod(self, path: str, mode: int) -> bool:
        e = self.entries.get(path)
        if e is None:
            if path not in _BASE_DIRS:
                return False
            e = (None, DIR_MODE, self.booted)
        self.entries[path] = (e[0], mode, e[2])
        return True

    def remove_all(self, path: str, keep_top: bool = False) -> None:
        """os.RemoveAll (or, keeping the directory itself, what a recycler's ``rm -rf DIR/*`` leaves)."""
        prefix = path.rstrip("/") + "/"
        for p in [p for p in self.entries if p.startswith(prefix) or (p == path and not keep_top)]:
            del self.entries[p]

    def names(self, path: str) -> list[str] | None:
        """The names in a directory, sorted; None when it is none."""
        if not self.is_dir(path):
            return None
        prefix = path.rstrip("/") + "/"
        names = {p[len(prefix):].split("/", 1)[0] for p in self.entries if p.startswith(prefix)}
        if path == "/":
            names |= {p[1:] for p in _BASE_DIRS if p != "/"}
        return sorted(n for n in names if n)

    def lstat(self, path: str) -> Stat | None:
        e = self.entries.get(path)
        if e is not None and e[0] is not None:
            content = e[0]() if callable(e[0]) else e[0]
            return _file_stat(content if isinstance(content, str) else "", e[1], e[2])
        names = self.names(path)
        if names is None:
            return None
        subdirs = sum(1 for n in names if self.is_dir(path.rstrip("/") + "/" + n))
        mode, mtime = (e[1], e[2]) if e is not None else (DIR_MODE, self.booted)
        return _dir_stat(mode, len(names), subdirs, mtime, False)


def of(cluster, node: str) -> HostFiles:
    """The node's disk, made when first written."""
    disks = cluster.__dict__.setdefault("host_files", {})
    disk = disks.get(node)
    if disk is None:
        disk = disks[node] = HostFiles(cluster.epoch)
    return disk


def peek(cluster, node: str) -> HostFiles | None:
    return cluster.__dict__.get("host_files", {}).get(node)


def _now(cluster) -> float:
    return cluster.epoch + cluster.clock.now


def check_type(cluster, node: str, path: str, type_: str | None) -> str | None:
    """The kubelet's hostPath SetUp: the path's type checked (and made, for the OrCreate types), or
    why not (host_path.go SetUp, ValidatePathNoBacksteps, checkTypeInternal). An unset type checks
    nothing, and the container runtime then makes a missing path a directory when it binds it
    (containerd's CRI WithMounts: MkdirAll of a missing source)."""
    if ".." in path.split("/"):
        return f"invalid HostPath `{path}`: must not contain '..'"
    p = normalize(path)
    disk = peek(cluster, node)
    exists = disk.exists(p) if disk is not None else p in _BASE_DIRS
    if not type_:
        if not exists:
            of(cluster, node).mkdir(p, _now(cluster))
        return None
    if type_ in ("DirectoryOrCreate", "FileOrCreate") and not exists:
        disk = of(cluster, node)
        if type_ == "DirectoryOrCreate":
            if not disk.mkdir(p, _now(cluster)):
                return f"mkdir {p}: not a directory"
        elif not disk.is_dir(_parent(p)):
            return f"open {p}: no such file or directory"  # os.OpenFile(O_CREATE) needs the parent
        else:
            disk.write(p, "", _now(cluster))
        return None
    is_dir = disk.is_dir(p) if disk is not None else p in _BASE_DIRS
    is_file = disk is not None and disk.is_file(p)
    if type_ in ("Directory", "DirectoryOrCreate"):
        return None if is_dir else f"hostPath type check failed: {p} is not a directory"
    if type_ in ("File", "FileOrCreate"):
        return None if is_file else f"hostPath type check failed: {p} is not a file"
    # No sockets or devices are modelled on a node.
    what = {"Socket": "socket file", "CharDevice": "character device", "BlockDevice": "block device"}.get(type_)
    if what is not None:
        return f"hostPath type check failed: {p} is not a {what}"
    return f"{type_} is an invalid volume type"


class HostDir:
    """A directory of a node's disk as a pod volume: keys relative to it (``a/b`` a file, ``a/`` a
    directory), as Files reads an emptyDir's dict. The disk itself is looked up when used, so
    mounting writes nothing."""

    __slots__ = ("cluster", "node", "path")

    def __init__(self, cluster, node: str, path: str):
        self.cluster = cluster
        self.node = node
        self.path = normalize(path)

    def _abs(self, rel: str) -> str:
        return normalize(self.path + "/" + rel)

    def _disk(self) -> HostFiles | None:
        return peek(self.cluster, self.node)

    def get(self, rel: str, default=None):
        path = self._abs(rel)
        if path == KERNEL_PROFILES:
            # securityfs, which a bind of the node's / carries: the kernel's list, not a file on the disk
            from clusters.kubelet import apparmor

            return apparmor.profiles_text(self.cluster, self.node)
        disk = self._disk()
        v = disk.read(path) if disk is not None else None
        return default if v is None else v

    def __contains__(self, rel: str) -> bool:
        disk = self._disk()
        return disk is not None and disk.is_file(self._abs(rel))

    def __setitem__(self, rel: str, content) -> None:
        disk = of(self.cluster, self.node)
        if rel.endswith("/") or rel == "":
            disk.mkdir(self._abs(rel), _now(self.cluster))
        else:
            disk.write(self._abs(rel), content, _now(self.cluster))

    def __delitem__(self, rel: str) -> None:
        """Unlink the file ``a/b``, or remove the empty directory ``a/``."""
        disk = self._disk()
        gone = disk is not None and (disk.rmdir(self._abs(rel)) if rel.endswith("/") else disk.remove(self._abs(rel)))
        if not gone:
            raise KeyError(rel)

    def __iter__(self):
        """Every path below, files as ``a/b`` and directories as ``a/``."""
        disk = self._disk()
        top = self.path.rstrip("/") + "/"
        if disk is not None:
            for p, (content, _, _) in list(disk.entries.items()):
                if p.startswith(top):
                    yield p[len(top):] + ("/" if content is None else "")
        if self.path == "/":
            for p in sorted(_BASE_DIRS - {"/"}):
                if disk is None or p not in disk.entries:
                    yield p[1:] + "/"

    def chmod(self, rel: str, mode: int) -> bool:
        return of(self.cluster, self.node).chmod(self._abs(rel), mode)

    def lstat(self, rel: str) -> Stat | None:
        disk = self._disk() or HostFiles(self.cluster.epoch)
        return disk.lstat(self._abs(rel))
