"""The learner's scratch directory: ``cluster.files``, a dict path -> text.

Paths are relative to the home directory (``/root``, which is also the
working directory: ``cd`` does not move). ``./web.yaml``, ``~/web.yaml`` and
``/root/web.yaml`` name the same file. A directory is a key ending in ``/``
(made by ``mkdir``) or any prefix of a file's path. The dict lives on the
cluster, so files survive snapshots and replay like everything else.

Each write also stamps the path with virtual now in nanoseconds
(``cluster.file_times``), the mtime ``diff -u`` prints in its headers.
"""
from __future__ import annotations

import fnmatch

HOME = "/root"
# Bounds per cluster, so a learner cannot fill the host's memory with files.
MAX_FILES = 2000
MAX_FILE_BYTES = 4_000_000


def _files(cluster) -> dict:
    f = getattr(cluster, "files", None)
    if f is None:
        f = cluster.files = {}
    return f


def _stamp(cluster, path: str) -> None:
    """Record virtual now as ``path``'s mtime (ns since the epoch); a cluster without a clock keeps none."""
    clock = getattr(cluster, "clock", None)
    if clock is None:
        return
    stamps = getattr(cluster, "file_times", None)
    if stamps is None:
        stamps = cluster.file_times = {}
    epoch = getattr(cluster, "epoch", 0)
    whole = int(epoch)  # ns of a float near 2e9 s would lose digits: whole seconds apart
    stamps[path] = whole * 1_000_000_000 + round((epoch - whole + clock.now) * 1e9)


def mtime_ns(cluster, path: str) -> int | None:
    """When ``path`` was last written, in ns since the epoch (None: never stamped)."""
    return (getattr(cluster, "file_times", None) or {}).get(norm(path))


def _unstamp(cluster, prefix: str, exact: str = "") -> None:
    stamps = getattr(cluster, "file_times", None)
    if stamps:
        for k in [k for k in stamps if k == exact or (prefix and k.startswith(prefix))]:
            del stamps[k]


def norm(path: str) -> str:
    p = path.strip()
    if p.startswith("~/"):
        p = p[2:]
    elif p == "~":
        p = ""
    elif p.startswith(HOME + "/"):
        p = p[len(HOME) + 1:]
    elif p == HOME:
        p = ""
    parts: list[str] = []
    absolute = p.startswith("/")
    for seg in p.split("/"):
        if seg in ("", "."):
            continue
        if seg == "..":
            if parts:
                parts.pop()
            continue
        parts.append(seg)
    joined = "/".join(parts)
    return ("/" + joined) if absolute else joined


def read(cluster, path: str) -> str | None:
    if path in ("/dev/stdin", "-"):
        return None
    return _files(cluster).get(norm(path))


def exists(cluster, path: str) -> bool:
    p = norm(path)
    return p in _files(cluster) or is_dir(cluster, path)


def is_dir(cluster, path: str) -> bool:
    p = norm(path)
    if p in ("", "/root"):
        return True
    f = _files(cluster)
    if p + "/" in f:
        return True
    prefix = p + "/"
    return any(k.startswith(prefix) for k in f)


def check_writable(cluster, path: str) -> str | None:
    """bash's complaint about writing ``path``, or None."""
    p = norm(path)
    if not p or is_dir(cluster, path):
        return "Is a directory"
    if p.startswith("/") and not p.startswith("/tmp/"):
        return "Permission denied"
    parent = p.rpartition("/")[0]
    if parent and not p.startswith("/") and not is_dir(cluster, parent):
        return "No such file or directory"
    f = _files(cluster)
    if p not in f and len(f) >= MAX_FILES:
        return "No space left on device"
    return None


def write(cluster, path: str, text: str) -> None:
    p = norm(path)
    _files(cluster)[p] = text[:MAX_FILE_BYTES]
    _stamp(cluster, p)


def append(cluster, path: str, text: str) -> None:
    f = _files(cluster)
    p = norm(path)
    f[p] = (f.get(p, "") + text)[:MAX_FILE_BYTES]
    _stamp(cluster, p)


def remove(cluster, path: str) -> bool:
    f = _files(cluster)
    p = norm(path)
    if p in f:
        del f[p]
        _unstamp(cluster, "", p)
        return True
    return False


def mkdir(cluster, path: str) -> None:
    p = norm(path)
    _files(cluster)[p + "/"] = ""
    _stamp(cluster, p)


def rmdir(cluster, path: str) -> None:
    f = _files(cluster)
    prefix = norm(path) + "/"
    for k in [k for k in f if k.startswith(prefix)]:
        del f[k]
    _unstamp(cluster, prefix, norm(path))


def listdir(cluster, path: str = "") -> list[str]:
    """Entries directly under ``path`` (directories end with '/'), sorted as ls sorts them."""
    p = norm(path)
    prefix = p + "/" if p else ""
    seen: set[str] = set()
    for k in _files(cluster):
        if not k.startswith(prefix) or k == prefix:
            continue
        rest = k[len(prefix):]
        if not rest:
            continue
        head, sep, _ = rest.partition("/")
        if not p and k.startswith("/"):
            continue
        seen.add(head + ("/" if sep else ""))
    return sorted(seen, key=lambda s: s.rstrip("/").lower())


def walk(cluster, path: str) -> list[str]:
    """Every file under directory ``path``, sorted (for ``kubectl apply -f dir/``)."""
    prefix = norm(path) + "/"
    if prefix == "/":
        prefix = ""
    return sorted(k for k in _files(cluster) if k.startswith(prefix) and not k.endswith("/"))


def glob(cluster, pattern: str) -> list[str]:
    p = norm(pattern)
    names = [k for k in _files(cluster) if not k.endswith("/")]
    dirs = {k.rstrip("/") for k in _files(cluster) if k.endswith("/")}
    out = sorted(n for n in set(names) | dirs if fnmatch.fnmatchcase(n, p) and ("/" in p or "/" not in n))
    return out
