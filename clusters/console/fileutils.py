"""cat, ls, rm, cp, mv, touch, mkdir, tee over the scratch directory (``files``).

Messages are GNU coreutils' (``cat: x: No such file or directory``).
"""
from __future__ import annotations

from clusters.console import files


def _split(argv: list[str]) -> tuple[set[str], list[str]]:
    flags: set[str] = set()
    args: list[str] = []
    only_args = False
    for a in argv:
        if only_args or a == "-" or not a.startswith("-"):
            args.append(a)
        elif a == "--":
            only_args = True
        elif a.startswith("--"):
            flags.add(a)
        else:
            flags.update(a[1:])
    return flags, args


def cat(ctx, argv):
    flags, args = _split(argv)
    if not args:
        args = ["-"]
    code = 0
    number = "n" in flags
    out: list[str] = []
    for a in args:
        if a == "-":
            out.append(ctx.stdin)
            continue
        text = files.read(ctx.cluster, a)
        if text is None:
            if files.is_dir(ctx.cluster, a):
                ctx.err(f"cat: {a}: Is a directory\n")
            else:
                ctx.err(f"cat: {a}: No such file or directory\n")
            code = 1
            continue
        out.append(text)
    text = "".join(out)
    if "v" in flags or "A" in flags or "e" in flags:
        text = _show_nonprinting(text, ends="A" in flags or "e" in flags, tabs="A" in flags)
    if number:
        lines = text.splitlines(keepends=True)
        text = "".join(f"{i + 1:6d}\t{l}" for i, l in enumerate(lines))
    ctx.out(text)
    return code


def _show_nonprinting(text: str, ends: bool, tabs: bool) -> str:
    """cat -v / -A: control characters as ^X, DEL as ^?, high bytes as M-x."""
    out = []
    for ch in text:
        o = ord(ch)
        if ch == "\n":
            out.append("$\n" if ends else "\n")
        elif ch == "\t" and not tabs:
            out.append(ch)
        elif o < 32:
            out.append("^" + chr(o + 64))
        elif o == 127:
            out.append("^?")
        else:
            out.append(ch)
    return "".join(out)


def ls(ctx, argv):
    flags, args = _split(argv)
    long = "l" in flags
    one = "1" in flags or long
    code = 0
    targets = args or ["."]
    blocks: list[str] = []
    plain: list[str] = []
    for t in targets:
        if not files.is_dir(ctx.cluster, t):
            if files.read(ctx.cluster, t) is None:
                ctx.err(f"ls: cannot access '{t}': No such file or directory\n")
                code = 2
                continue
            plain.append(_entry(ctx, t, t, long))
            continue
        # -R lists each directory, then its subdirectories depth first (GNU ls print_dir).
        pending = [t]
        while pending:
            d = pending.pop(0)
            entries = files.listdir(ctx.cluster, d)
            if "a" not in flags:
                entries = [e for e in entries if not e.startswith(".")]
            subdirs = [_child(d, e) for e in entries if e.endswith("/")]
            if "a" in flags:
                entries = ["./", "../"] + entries
            lines = [_entry(ctx, e, _child(d, e), long) for e in entries]
            listing = _layout(lines, one)
            if len(targets) > 1 or "R" in flags:
                blocks.append(f"{d}:\n" + listing)
            else:
                blocks.append(listing)
            if "R" in flags:
                pending = subdirs + pending
    out = _layout(plain, one) if plain else ""
    if plain and blocks:
        out += "\n"
    out += "\n".join(b for b in blocks)
    ctx.out(out)
    return code


def _child(directory: str, entry: str) -> str:
    """A directory's entry named as ls names it: ``.`` and ``./x`` give ``./x``, ``d/`` gives ``d/x``."""
    return directory.rstrip("/") + "/" + entry.rstrip("/") if directory != "/" else "/" + entry.rstrip("/")


def _entry(ctx, name: str, path: str, long: bool) -> str:
    shown = name.rstrip("/")
    if not long:
        return shown
    if name.endswith("/"):
        return f"drwxr-xr-x 2 root root 4096 {_mtime(ctx)} {shown}"
    size = len((files.read(ctx.cluster, path) or "").encode())
    return f"-rw-r--r-- 1 root root {size:>4} {_mtime(ctx)} {shown}"


def _mtime(ctx) -> str:
    from clusters.console.builtins import _fmt_date

    return _fmt_date(ctx.now, "%b %e %H:%M")


def _layout(lines: list[str], one: bool) -> str:
    if not lines:
        return ""
    if one:
        return "".join(l + "\n" for l in lines)
    # ls output to a pipe is one per line; to a terminal, columns. The console
    # cannot know the width, so use the two-space single-row form that short listings get.
    return "  ".join(lines) + "\n"


def rm(ctx, argv):
    flags, args = _split(argv)
    force = "f" in flags
    recursive = "r" in flags or "R" in flags
    if not args:
        if not force:
            ctx.err("rm: missing operand\nTry 'rm --help' for more information.\n")
            return 1
        return 0
    code = 0
    for a in args:
        if files.is_dir(ctx.cluster, a) and files.read(ctx.cluster, a) is None:
            if not recursive:
                ctx.err(f"rm: cannot remove '{a}': Is a directory\n")
                code = 1
                continue
            files.rmdir(ctx.cluster, a)
            continue
        if not files.remove(ctx.cluster, a) and not force:
            ctx.err(f"rm: cannot remove '{a}': No such file or directory\n")
            code = 1
    return code


def _copy(ctx, argv, prog: str, move: bool):
    flags, args = _split(argv)
    if len(args) < 2:
        if not args:
            ctx.err(f"{prog}: missing file operand\nTry '{prog} --help' for more information.\n")
        else:
            ctx.err(f"{prog}: missing destination file operand after '{args[0]}'\nTry '{prog} --help' for more information.\n")
        return 1
    *srcs, dest = args
    code = 0
    dest_is_dir = files.is_dir(ctx.cluster, dest)
    if len(srcs) > 1 and not dest_is_dir:
        ctx.err(f"{prog}: target '{dest}' is not a directory\n")
        return 1
    for s in srcs:
        text = files.read(ctx.cluster, s)
        if text is None:
            verb = "stat" if prog == "mv" else "stat"
            ctx.err(f"{prog}: cannot {verb} '{s}': No such file or directory\n")
            code = 1
            continue
        target = _child(dest, s.rstrip("/").rpartition("/")[2]) if dest_is_dir else dest
        files.write(ctx.cluster, target, text)
        if move and files.resolve(ctx.cluster, target) != files.resolve(ctx.cluster, s):
            files.remove(ctx.cluster, s)
    return code


def cp(ctx, argv):
    return _copy(ctx, argv, "cp", move=False)


def mv(ctx, argv):
    return _copy(ctx, argv, "mv", move=True)


def touch(ctx, argv):
    _, args = _split(argv)
    if not args:
        ctx.err("touch: missing file operand\nTry 'touch --help' for more information.\n")
        return 1
    code = 0
    for a in args:
        if files.read(ctx.cluster, a) is None and not files.is_dir(ctx.cluster, a):
            problem = files.check_writable(ctx.cluster, a)
            if problem:
                ctx.err(f"touch: cannot touch '{a}': {problem}\n")
                code = 1
                continue
            files.write(ctx.cluster, a, "")
    return code


def mkdir(ctx, argv):
    flags, args = _split(argv)
    if not args:
        ctx.err("mkdir: missing operand\nTry 'mkdir --help' for more information.\n")
        return 1
    code = 0
    for a in args:
        if files.exists(ctx.cluster, a):
            if "p" not in flags:
                ctx.err(f"mkdir: cannot create directory '{a}': File exists\n")
                code = 1
            continue
        parent = a.rstrip("/").rpartition("/")[0] or ("/" if a.startswith("/") else "")
        if parent and "p" not in flags and not files.is_dir(ctx.cluster, parent):
            ctx.err(f"mkdir: cannot create directory '{a}': No such file or directory\n")
            code = 1
            continue
        files.mkdir(ctx.cluster, a)
    return code


def tee(ctx, argv):
    flags, args = _split(argv)
    for a in args:
        if "a" in flags:
            files.append(ctx.cluster, a, ctx.stdin)
        else:
            files.write(ctx.cluster, a, ctx.stdin)
    ctx.out(ctx.stdin)
    return 0
