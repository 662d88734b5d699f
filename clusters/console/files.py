"""The learner's scratch directory: ``cluster.files``, a dict path -> text.

Keys are relative to the home directory (``/root``): ``web.yaml``, ``~/web.yaml`` and
``/root/web.yaml`` name one key, ``web.yaml``; a path outside home keeps its ``/`` (``/tmp/x``).
A directory is a key ending in ``/`` (made by ``mkdir``) or any prefix of a file's path. The
working directory is ``cluster.cwd``, a key too ("" is home): ``cd`` moves it, and every function
here that takes the cluster resolves a relative path against it, so the rest of the console
names files as the learner typed them. ``norm`` alone resolves against home, ignoring ``cd``: the
editor pane names files by key, whatever directory the shell is in. The dict and the working
directory live on the cluster, so files survive snapshots and replay like everything else.

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
    return (getattr(cluster, "file_times", None) or {}).get(resolve(cluster, path))


def _unstamp(cluster, prefix: str, exact: str = "") -> None:
    stamps = getattr(cluster, "file_times", None)
    if stamps:
        for k in [k for k in stamps if k == exact or (prefix and k.startswith(prefix))]:
            del stamps[k]


def norm(path: str) -> str:
    """The key of ``path`` read from the home directory."""
    return key(absolute_from(HOME, path))


def key(abspath: str) -> str:
    """The key of an absolute, clean path: home-relative inside home, else the path itself."""
    if abspath == HOME:
        return ""
    return abspath[len(HOME) + 1:] if abspath.startswith(HOME + "/") else abspath


def shown(k: str) -> str:
    """The absolute path of key ``k``, as ``pwd`` prints it."""
    return k if k.startswith("/") else (HOME + "/" + k if k else HOME)


def absolute_from(directory: str, path: str) -> str:
    """``path`` made absolute against ``directory`` and cleaned (filepath.Abs: ``..`` at / stays at /)."""
    p = path.strip()
    if p == "~" or p.startswith("~/"):
        p = HOME + p[1:]
    elif not p.startswith("/"):
        p = directory.rstrip("/") + "/" + p
    parts: list[str] = []
    for seg in p.split("/"):
        if seg in ("", "."):
            continue
        if seg == "..":
            if parts:
                parts.pop()
            continue
        parts.append(seg)
    return "/" + "/".join(parts)


def cwd(cluster) -> str:
    """The working directory's key ("" at home)."""
    return getattr(cluster, "cwd", "") or ""


def absolute(cluster, path: str) -> str:
    """``path`` as an absolute path, read from the working directory."""
    return absolute_from(shown(cwd(cluster)), path)


def resolve(cluster, path: str) -> str:
    """The key of ``path`` read from the working directory."""
    return key(absolute(cluster, path))


def chdir(cluster, path: str) -> None:
    cluster.cwd = resolve(cluster, path)


# Files another part of the console keeps as data rather than text, by key: (present(cluster),
# render(cluster) -> text, store(cluster, text or None to remove)). kubectl keeps ~/.kube/config so
# (kubectl/kubeconfig_loading.py): cat, ls, cd and editors see the YAML kubectl would have written,
# and what is written there is what kubectl reads next.
_KEPT: dict[str, tuple] = {}


def keep(k: str, present, render, store) -> None:
    _KEPT[k] = (present, render, store)


def _kept(cluster, k: str) -> bool:
    entry = _KEPT.get(k)
    return entry is not None and entry[0](cluster)


def read(cluster, path: str) -> str | None:
    if path in ("/dev/stdin", "-"):
        return None
    p = resolve(cluster, path)
    text = _files(cluster).get(p)
    if text is None and _kept(cluster, p):
        return _KEPT[p][1](cluster)
    return text


def exists(cluster, path: str) -> bool:
    p = resolve(cluster, path)
    return p in _files(cluster) or _kept(cluster, p) or _is_dir(cluster, p)


# Directories the console host has whatever the learner made: /, home and /tmp (where
# ``kubectl edit`` leaves its copies).
SYSTEM_DIRS = ("/", "", "/tmp")


def _is_dir(cluster, k: str) -> bool:
    if k in SYSTEM_DIRS:
        return True
    f = _files(cluster)
    prefix = ("" if k == "/" else k) + "/"
    return prefix in f or any(n.startswith(prefix) for n in f) or \
        any(n.startswith(prefix) and _kept(cluster, n) for n in _KEPT)


def is_dir(cluster, path: str) -> bool:
    return _is_dir(cluster, resolve(cluster, path))


def check_writable(cluster, path: str) -> str | None:
    """bash's complaint about writing ``path``, or None."""
    p = resolve(cluster, path)
    if _is_dir(cluster, p):
        return "Is a directory"
    if p.startswith("/") and not p.startswith("/tmp/"):
        return "Permission denied"
    parent = p.rpartition("/")[0]
    if parent and not p.startswith("/") and not _is_dir(cluster, parent):
        return "No such file or directory"
    f = _files(cluster)
    if p not in f and len(f) >= MAX_FILES:
        return "No space left on device"
    return None


def write(cluster, path: str, text: str) -> None:
    p = resolve(cluster, path)
    if p in _KEPT:
        _KEPT[p][2](cluster, text[:MAX_FILE_BYTES])
    else:
        _files(cluster)[p] = text[:MAX_FILE_BYTES]
    _stamp(cluster, p)


def append(cluster, path: str, text: str) -> None:
    f = _files(cluster)
    p = resolve(cluster, path)
    if p in _KEPT:
        _KEPT[p][2](cluster, ((read(cluster, path) or "") + text)[:MAX_FILE_BYTES])
    else:
        f[p] = (f.get(p, "") + text)[:MAX_FILE_BYTES]
    _stamp(cluster, p)


def remove(cluster, path: str) -> bool:
    f = _files(cluster)
    p = resolve(cluster, path)
    if p not in f and _kept(cluster, p):
        _KEPT[p][2](cluster, None)
        _unstamp(cluster, "", p)
        return True
    if p in f:
        del f[p]
        _unstamp(cluster, "", p)
        return True
    return False


def mkdir(cluster, path: str) -> None:
    p = resolve(cluster, path)
    _files(cluster)[p + "/"] = ""
    _stamp(cluster, p)


def rmdir(cluster, path: str) -> None:
    f = _files(cluster)
    prefix = resolve(cluster, path) + "/"
    for k in [k for k in f if k.startswith(prefix)]:
        del f[k]
    for k in [k for k in _KEPT if k.startswith(prefix) and _kept(cluster, k)]:
        _KEPT[k][2](cluster, None)
    _unstamp(cluster, prefix, resolve(cluster, path))


def listdir(cluster, path: str = "") -> list[str]:
    """Entries directly under ``path`` (directories end with '/'), sorted as ls sorts them."""
    p = resolve(cluster, path)
    prefix = "" if not p else "/" if p == "/" else p + "/"
    seen: set[str] = set()
    for k in [*_files(cluster), *(k for k in _KEPT if _kept(cluster, k))]:
        if p == "/":  # the root holds home (as root/) and the absolute keys' first parts
            k = "root/" + k if not k.startswith("/") else k[1:]
        elif not p and k.startswith("/"):
            continue
        if not k.startswith(prefix) or k == prefix:
            continue
        head, sep, _ = k[len(prefix):].partition("/")
        seen.add(head + ("/" if sep else ""))
    if p == "/":
        seen.update(("root/", "tmp/"))
    return sorted(seen, key=lambda s: s.rstrip("/").lower())


def walk(cluster, path: str) -> list[str]:
    """Every file under directory ``path``, named as filepath.Walk names them (``path`` joined with the
    file's path inside it, cleaned), sorted: for ``kubectl apply -R -f dir/``."""
    p = resolve(cluster, path)
    prefix = "" if not p else "/" if p == "/" else p + "/"
    given = path.rstrip("/")
    out = []
    for k in _files(cluster):
        if k.startswith(prefix) and not k.endswith("/") and (p or not k.startswith("/")):
            out.append(_join(given, k[len(prefix):]))
    return sorted(out)


def _join(directory: str, name: str) -> str:
    """filepath.Join: cleaned, so ``./dir`` and ``x`` give ``dir/x``."""
    import posixpath

    return posixpath.normpath(posixpath.join(directory, name)) if directory else name


def glob(cluster, pattern: str) -> list[str]:
    """bash's pathname expansion of ``pattern`` against the working directory, each match spelled as
    the pattern spells its directory part (relative stays relative, ``./`` stays)."""
    import posixpath

    where, _, last = pattern.rstrip("/").rpartition("/")
    if "/" in pattern.rstrip("/") and not where:
        where = "/"
    if any(c in where for c in "*?["):  # a wildcard in a directory part: match the whole path
        p = resolve(cluster, pattern)
        names = {k.rstrip("/") for k in _files(cluster)}
        return sorted(shown(n) if pattern.startswith(("/", "~")) else posixpath.relpath(shown(n), shown(cwd(cluster)))
                      for n in names if fnmatch.fnmatchcase(n, p))
    entries = [e.rstrip("/") for e in listdir(cluster, where or ".")] if is_dir(cluster, where or ".") else []
    hidden = last.startswith(".")
    out = sorted(e for e in entries if fnmatch.fnmatchcase(e, last) and (hidden or not e.startswith(".")))
    return [(where.rstrip("/") + "/" + e if where != "/" else "/" + e) if where else e for e in out]
