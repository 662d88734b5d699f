"""``ls`` in a container, as the image's userland prints it: busybox's (busybox, Alpine) or GNU coreutils'
(Debian and the images built on it), one name a line as both print when stdout is not a terminal.

-l, -a, -A, -R, -d and -1, from what ``Files.lstat`` reports (containers.py): a configMap volume's
``..data`` symlink and its timestamped directory (atomic_writer.py) show as the kubelet leaves them.

busybox coreutils/ls.c display_single: ``%-10s %4lu %-8.8s %-8.8s %9llu `` then the time as ctime's
``Mmm dd hh:mm`` (``Mmm dd  yyyy`` past six months); ``total`` is (1 + 512-byte blocks) / 2.
GNU ls.c print_long_format: the same fields separated by single spaces, each column as wide as its
widest entry in the listing (links and sizes to the right, owner and group to the left).
To a terminal (``kubectl exec -t``) both print names in columns, down then across: busybox showfiles
gives every column the longest name plus two; GNU calculate_columns picks the most columns that fit,
each as wide as its own longest name plus two (the last without the two), strictly within the width.
Both sort names bytewise (the C locale), list files given on the command line before directories,
and with -R descend into each subdirectory (not . or .., not symlinks) after listing its parent.
"""
from __future__ import annotations

import datetime

from clusters.kubelet import utilities

_SIX_MONTHS = 365 * 24 * 3600 // 2
# The terminal ``kubectl exec -t`` opens is sized to the learner's; the console's is taken as 80 wide.
TERMINAL_WIDTH = 80


def _mode_string(kind: str, mode: int) -> str:
    bits = ""
    for shift, special, set_char, set_exec in ((6, 0o4000, "S", "s"), (3, 0o2000, "S", "s"), (0, 0o1000, "T", "t")):
        r = "r" if mode & (4 << shift) else "-"
        w = "w" if mode & (2 << shift) else "-"
        x = bool(mode & (1 << shift))
        if mode & special:
            e = set_exec if x else set_char
        else:
            e = "x" if x else "-"
        bits += r + w + e
    return kind + bits


def _when(mtime: float, now: float) -> str:
    t = datetime.datetime.fromtimestamp(mtime, datetime.timezone.utc)
    day = f"{t.strftime('%b')} {t.day:2d}"
    if now - mtime < _SIX_MONTHS and now - mtime > -15 * 60:
        return f"{day} {t.strftime('%H:%M')}"
    return f"{day}  {t.year}"


def _join(parent: str, name: str) -> str:
    return parent + name if parent.endswith("/") else f"{parent}/{name}"


class _Lister:
    def __init__(self, files, path_of, gnu: bool, flags: set, width: int | None = None):
        self.files = files
        self.path_of = path_of  # a name as typed -> the absolute path the shell resolves it to
        self.gnu = gnu
        self.flags = flags
        self.width = width  # the terminal's columns, or None when stdout is not a terminal
        self.out: list[str] = []
        self.status = 0

    # -- what the file system says ----------------------------------------------------------------
    def _stat(self, path: str, follow: bool):
        st = self.files.lstat(path)
        hops = 0
        while st is not None and follow and st.kind == "l" and hops < 8:
            base = path.rstrip("/").rsplit("/", 1)[0] or "/"
            path = st.target if st.target.startswith("/") else _join(base, st.target)
            st = self.files.lstat(path)
            hops += 1
        return st

    # -- printing -------------------------------------------------------------------------------------
    def _long_lines(self, rows: list) -> list[str]:
        """rows: (name, Stat)."""
        now = self.files.now
        # Owners by name where the image's /etc/passwd and /etc/group have one, else the number.
        owners = [(utilities.user_name(st.uid), utilities.group_name(st.gid)) for _, st in rows]
        if not self.gnu:
            return [f"{_mode_string(st.kind, st.mode):<10} {st.nlink:4d} {u:<8.8} {g:<8.8} {st.size:9d} "
                    f"{_when(st.mtime, now)} {name}" + (f" -> {st.target}" if st.kind == "l" else "")
                    for (name, st), (u, g) in zip(rows, owners)]
        links = max((len(str(st.nlink)) for _, st in rows), default=1)
        sizes = max((len(str(st.size)) for _, st in rows), default=1)
        users = max((len(u) for u, _ in owners), default=1)
        groups = max((len(g) for _, g in owners), default=1)
        return [f"{_mode_string(st.kind, st.mode)} {st.nlink:>{links}} {u:<{users}} {g:<{groups}} {st.size:>{sizes}} "
                f"{_when(st.mtime, now)} {name}" + (f" -> {st.target}" if st.kind == "l" else "")
                for (name, st), (u, g) in zip(rows, owners)]

    def _show(self, rows: list) -> None:
        if "l" in self.flags:
            self.out += [line + "\n" for line in self._long_lines(rows)]
        elif self.width is None or "1" in self.flags:
            self.out += [name + "\n" for name, _ in rows]
        elif rows:
            names = [name for name, _ in rows]
            widths = _gnu_columns(names, self.width) if self.gnu else _busybox_columns(names, self.width)
            self.out += _grid(names, widths)

    def _missing(self, name: str) -> None:
        self.out.append(f"ls: cannot access '{name}': No such file or directory\n" if self.gnu else
                        f"ls: {name}: No such file or directory\n")
        self.status = 2 if self.gnu else 1

    def directory(self, shown: str, path: str, header: bool, first: bool) -> None:
        if header:
            self.out.append(("" if first else "\n") + f"{shown}:\n")
        names = self.files.listdir(path) or []
        if "a" in self.flags:
            names = [".", ".."] + names
        elif "A" not in self.flags:
            names = [n for n in names if not n.startswith(".")]
        rows = []
        for n in sorted(names, key=lambda n: n.encode()):
            st = self._stat(path if n == "." else (path.rstrip("/").rsplit("/", 1)[0] or "/") if n == ".." else
                            _join(path, n), False)
            if st is not None:
                rows.append((n, st))
        if "l" in self.flags:
            self.out.append(f"total {(1 + sum(st.blocks for _, st in rows)) >> 1}\n")
        self._show(rows)
        if "R" in self.flags:
            for n, st in rows:
                if st.kind == "d" and n not in (".", ".."):
                    self.directory(_join(shown, n), _join(path, n), True, False)


def _busybox_columns(names: list, width: int) -> list:
    column = max(len(n) for n in names) + 2
    return [column] * max(1, min(width // column, len(names)))


def _gnu_columns(names: list, width: int) -> list:
    best = [max(len(n) for n in names)]
    for cols in range(2, min(width // 3, len(names)) + 1):
        rows = -(-len(names) // cols)
        if -(-len(names) // rows) < cols:
            continue  # as many rows leave a column empty
        widths = [0] * cols
        for i, n in enumerate(names):
            col = i // rows
            widths[col] = max(widths[col], len(n) + (2 if col != cols - 1 else 0))
        if sum(widths) < width:
            best = widths
    return best


def _grid(names: list, widths: list) -> list:
    """Lines of ``names`` down the columns ``widths`` wide, then across; no trailing spaces."""
    rows = -(-len(names) // len(widths))
    lines = []
    for r in range(rows):
        cells = [(names[c * rows + r], w) for c, w in enumerate(widths) if c * rows + r < len(names)]
        lines.append("".join(n.ljust(w) for n, w in cells[:-1]) + cells[-1][0] + "\n")
    return lines


def ls(args: list, files, path_of, gnu: bool, width: int | None = None) -> tuple[int, str]:
    """``ls ARGS`` over a container's ``files``: (exit status, output)."""
    flags: set = set()
    names = []
    for a in args:
        if a.startswith("-") and len(a) > 1 and not names:
            flags.update(a[1:])
        else:
            names.append(a)
    if "a" in flags:
        flags.discard("A")
    lister = _Lister(files, path_of, gnu, flags, width)
    operands = names or ["."]
    follow = not flags & {"l", "d", "F"}
    entries, dirs = [], []
    for name in operands:
        path = path_of(name)
        st = lister._stat(path, follow or name.endswith("/"))
        if st is None:
            lister._missing(name)
            continue
        if st.kind == "d" and "d" not in flags:
            dirs.append((name, path))
        else:
            entries.append((name, st))
    entries.sort(key=lambda e: e[0].encode())
    lister._show(entries)
    header = len(operands) > 1 or "R" in flags
    for i, (name, path) in enumerate(sorted(dirs, key=lambda d: d[0].encode())):
        lister.directory(name, path, header, not entries and i == 0)
    return lister.status, "".join(lister.out)
