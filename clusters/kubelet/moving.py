"""mv, cp, rmdir and chmod in a container, over its files (containers.Files: the writable layer,
emptyDir, hostPath and the other volumes at their mount paths).

Each speaks as the image's own does: busybox's applets beside ash (coreutils/mv.c
``can't rename '%s'``, cp.c and libbb/copy_file.c ``can't stat '%s'``, rmdir.c ``'%s'``,
chmod.c's bare path), GNU coreutils' in the Debian family (``cannot stat 'a'``,
``failed to remove 'd'``, ``cannot access 'a'``). A move across mounts is rename(2)'s EXDEV, which
both fall back to copying, so it is the same copy-then-remove here.
"""
from __future__ import annotations

import re

_ENOENT = "No such file or directory"


def _split(args: list) -> tuple[str, list]:
    flags, names, only = "", [], False
    for a in args:
        if only or a == "-" or not a.startswith("-"):
            names.append(a)
        elif a == "--":
            only = True
        else:
            flags += a.lstrip("-")
    return flags, names


def _tree(files, path: str) -> list[tuple[str, object]] | None:
    """What is at ``path``, parents first: ("", content) for a file; ("", None) and then the
    entries below (relative paths) for a directory; None when there is nothing."""
    content = files.read(path)
    if content is not None:
        return [("", content)]
    names = files.listdir(path)
    if names is None:
        return None
    out: list = [("", None)]
    for n in names:
        for rel, c in _tree(files, path.rstrip("/") + "/" + n) or ():
            out.append((n + ("/" + rel if rel else ""), c))
    return out


def _place(files, tree: list, dst: str) -> None:
    for rel, content in tree:
        p = dst + ("/" + rel if rel else "")
        files.write(p + "/" if content is None else p, "" if content is None else content)


def _unplace(files, tree: list, src: str) -> None:
    for rel, content in reversed(tree):
        p = src + ("/" + rel if rel else "")
        if content is None:
            files.remove_dir(p)
        else:
            files.remove(p)


def _target(files, path, src: str, dst: str) -> str:
    """Where ``src`` lands: inside ``dst`` when that is a directory."""
    full = path(dst)
    if files.listdir(full) is not None:
        return full.rstrip("/") + "/" + path(src).rstrip("/").rsplit("/", 1)[-1]
    return full


def _usage(synopsis: str) -> str:
    """busybox's answer to missing operands (bb_show_usage): its banner and the applet's whole help,
    shortened here to the synopsis [simplified]."""
    return f"Usage: {synopsis}\n"


def _operands(prog: str, names: list, gnu: bool) -> str | None:
    if len(names) >= 2:
        return None
    if not gnu:
        return _usage(f"{prog} [OPTIONS] SOURCE... DIRECTORY")
    what = "missing file operand" if not names else f"missing destination file operand after '{names[0]}'"
    return f"{prog}: {what}\nTry '{prog} --help' for more information.\n"


def _transfer(prog: str, args: list, files, path, gnu: bool, refused) -> tuple[int, str]:
    """mv and cp: each source's tree placed at its target; an error's words per source, status 1."""
    flags, names = _split(args)
    usage = _operands(prog, names, gnu)
    if usage:
        return 1, usage
    recursive = prog == "mv" or any(f in flags for f in "rRa") or "recursive" in flags or "archive" in flags
    status, text = 0, ""
    for src in names[:-1]:
        tree = _tree(files, path(src))
        dst = _target(files, path, src, names[-1]) if tree is not None else ""
        why = _ENOENT if tree is None else (refused(path(src)) if prog == "mv" else "") or refused(dst)
        if tree is not None and tree[0][1] is None and not recursive:
            text += f"cp: -r not specified; omitting directory '{src}'\n" if gnu else f"cp: omitting directory '{src}'\n"
        elif why:
            text += _failed(prog, src, names[-1], why, gnu, tree is not None and tree[0][1] is None)
        else:
            if dst != path(src):
                _place(files, tree, dst)
                if prog == "mv":
                    _unplace(files, tree, path(src))
            continue
        status = 1
    return status, text


def _failed(prog: str, src: str, dst: str, why: str, gnu: bool, directory: bool) -> str:
    if why == _ENOENT:
        return f"{prog}: cannot stat '{src}': {why}\n" if gnu else \
            f"mv: can't rename '{src}': {why}\n" if prog == "mv" else f"cp: can't stat '{src}': {why}\n"
    if prog == "mv":
        return f"mv: cannot move '{src}' to '{dst}': {why}\n" if gnu else f"mv: can't rename '{src}': {why}\n"
    kind = "directory" if directory else "regular file"
    return f"cp: cannot create {kind} '{dst}': {why}\n" if gnu else f"cp: can't create '{dst}': {why}\n"


def mv(args: list, files, path, gnu: bool, refused) -> tuple[int, str]:
    return _transfer("mv", args, files, path, gnu, refused)


def cp(args: list, files, path, gnu: bool, refused) -> tuple[int, str]:
    return _transfer("cp", args, files, path, gnu, refused)


def rmdir(args: list, files, path, gnu: bool, refused) -> tuple[int, str]:
    _, names = _split(args)
    if not names:
        return 1, ("rmdir: missing operand\nTry 'rmdir --help' for more information.\n" if gnu else
                   _usage("rmdir [-p] DIRECTORY..."))
    status, text = 0, ""
    for named in names:
        p = path(named)
        entries = files.listdir(p)
        why = (_ENOENT if not files.exists(p) else "Not a directory" if entries is None
               else "Directory not empty" if entries else refused(p))
        if not why and not files.remove_dir(p):
            why = "Device or resource busy"  # a mount point, or the image's own directory
        if why:
            text += f"rmdir: failed to remove '{named}': {why}\n" if gnu else f"rmdir: '{named}': {why}\n"
            status = 1
    return status, text


_SYMBOLIC = re.compile(r"^[ugoa]*[-+=][rwxXst]*(,[ugoa]*[-+=][rwxXst]*)*$")


def chmod(args: list, files, path, gnu: bool, refused) -> tuple[int, str]:
    """chmod MODE FILE...: the mode is checked and the files must be there; a node's disk keeps
    the new mode (``ls -l`` shows it), other volumes and the layer keep the modes they list."""
    names = [a for a in args if not re.fullmatch(r"-[RvcfH]+", a)]
    if len(names) < 2:
        return 1, (f"chmod: missing operand{' after ' + repr(names[0]) if names else ''}\n"
                   "Try 'chmod --help' for more information.\n" if gnu else
                   _usage("chmod [-Rcvf] MODE[,MODE]... FILE..."))
    mode = names[0]
    if not (re.fullmatch(r"[0-7]{1,4}", mode) or _SYMBOLIC.match(mode)):
        return 1, f"chmod: invalid mode: '{mode}'\nTry 'chmod --help' for more information.\n" if gnu else \
            f"chmod: invalid mode '{mode}'\n"
    status, text = 0, ""
    for named in names[1:]:
        p = path(named)
        why = _ENOENT if not files.exists(p) else refused(p)
        if why:
            text += (f"chmod: cannot access '{named}': {why}\n" if why == _ENOENT else
                     f"chmod: changing permissions of '{named}': {why}\n") if gnu else f"chmod: {named}: {why}\n"
            status = 1
        elif re.fullmatch(r"[0-7]{1,4}", mode) and hasattr(files, "chmod"):
            files.chmod(p, int(mode, 8))
    return status, text
