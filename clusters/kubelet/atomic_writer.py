"""A configMap, secret, downwardAPI or projected volume as the kubelet's atomic writer leaves it.

pkg/volume/util/atomic_writer.go writes each payload into a new hidden directory named for the
time (``os.MkdirTemp(dir, "..2006_01_02_15_04_05.")``, which appends a random uint32 in
decimal), points the ``..data`` symlink at it with one rename, and makes each top-level name a
symlink ``key -> ..data/key`` (created once, when first missing; removed when the key goes), then
deletes the old directory. A payload equal to what is on disk writes nothing. So a reader that
opens ``/etc/config/key`` sees the old file or the new one, never half of either, and an update
shows as a new ``..data`` target.

``Projection`` is the payload itself (a dict of path -> content, so reading a file is a dict
lookup as for any volume) plus what the layout needs for ``ls -la``: the timestamped
directory's name, when it and the links were written, the file modes, and the medium
(configMap volumes sit on the node's disk; secret, downwardAPI and projected volumes on tmpfs,
each plugin's wrappedVolumeSpec). The random part of the directory name is derived from the
pod, the volume and the write, not drawn, so a remount shifts no later name.
"""
from __future__ import annotations

import datetime
import hashlib

DATA_DIR = "..data"
# Each plugin's wrappedVolumeSpec: configMap's emptyDir on disk, the others on tmpfs (StorageMediumMemory).
ON_TMPFS = ("secret", "downwardAPI", "projected")
KINDS = ("configMap",) + ON_TMPFS
DEFAULT_MODE = 0o644  # the API's default defaultMode (420)


def kind_of(vol: dict) -> str | None:
    """Which atomic-writer plugin serves a pod volume, or None (emptyDir, claims, hostPath)."""
    return next((k for k in KINDS if vol.get(k) is not None), None)


def modes_of(vol: dict, kind: str) -> tuple[int, dict]:
    """(defaultMode, {path: mode}) from the volume source and its items."""
    src = vol.get(kind) or {}
    default = src.get("defaultMode")
    default = DEFAULT_MODE if default is None else int(default)
    modes = {}
    item_lists = [src.get("items") or ()]
    if kind == "projected":
        item_lists = [(s.get(k) or {}).get("items") or () for s in src.get("sources") or () for k in s]
    for items in item_lists:
        for it in items:
            if it.get("mode") is not None:
                modes[it.get("path", "")] = int(it["mode"])
    return default, modes


class Projection(dict):
    """The payload (path -> content) of an atomic-writer volume, with its on-disk layout."""

    __slots__ = ("ts_dir", "written", "created", "links", "tmpfs", "default_mode", "modes", "writes")

    def __init__(self, tmpfs: bool, default_mode: int = DEFAULT_MODE, modes: dict | None = None):
        super().__init__()
        self.ts_dir = ""
        self.written = 0.0  # epoch seconds of the last write (the timestamped directory and ..data)
        self.created = 0.0  # when the volume directory was set up
        self.links: dict[str, float] = {}  # top-level name -> when its symlink was made
        self.tmpfs = tmpfs
        self.default_mode = default_mode
        self.modes = modes or {}
        self.writes = 0

    def __reduce__(self):
        return (_restore, (dict(self), self.ts_dir, self.written, self.created, self.links, self.tmpfs,
                           self.default_mode, self.modes, self.writes))

    def write(self, payload: dict, now: float, salt: str) -> bool:
        """AtomicWriter.Write: a new timestamped directory when anything differs; False when nothing did."""
        if self.ts_dir and dict(self) == payload:
            return False
        if not self.ts_dir:
            self.created = now
        self.writes += 1
        stamp = datetime.datetime.fromtimestamp(now, datetime.timezone.utc).strftime("..%Y_%m_%d_%H_%M_%S.")
        random = int.from_bytes(hashlib.sha256(f"{salt}/{self.writes}".encode()).digest()[:4], "big")
        self.ts_dir = f"{stamp}{random}"  # os.MkdirTemp's nextRandom: a uint32 in decimal
        self.written = now
        tops = {p.split("/", 1)[0] for p in payload}
        for name in sorted(tops - set(self.links)):
            self.links[name] = now
        for name in [n for n in self.links if n not in tops]:
            del self.links[name]
        self.clear()
        self.update(payload)
        return True

    def mode(self, path: str) -> int:
        return self.modes.get(path, self.default_mode)

    def resolve(self, rel: str) -> str | None:
        """A path inside the volume as the payload's key: ``key``, ``..data/key`` or ``<ts dir>/key``
        all name the same file; None for the layout's own names (``..data`` itself, the directory)."""
        first, _, rest = rel.partition("/")
        if first in (DATA_DIR, self.ts_dir):
            return rest or None
        return rel


def _restore(payload, ts_dir, written, created, links, tmpfs, default_mode, modes, writes):
    p = Projection(tmpfs, default_mode, modes)
    dict.update(p, payload)
    p.ts_dir, p.written, p.created, p.links, p.writes = ts_dir, written, created, links, writes
    return p
