"""The utilities a simulated image's shell runs, in the words of the shell that ships with it.

Three shells, as images carry them:

- ``ash``: busybox's sh (busybox, alpine and the images built on them). ``echo`` takes
  ``-n``/``-e``/``-E`` and prints backslashes as typed unless ``-e``; ``[[ … ]]`` works
  (ASH_BASH_COMPAT); an unknown command is ``sh: NAME: not found``.
- ``dash``: Debian's /bin/sh (debian, ubuntu, nginx and most official images). ``echo``
  knows only ``-n`` and always interprets ``\\n``, ``\\t``, ``\\c`` (dash src/bltin/printf.c
  echocmd); ``[[`` is not a command; ``sh: 1: NAME: not found``.
- ``bash``: ``echo`` as ash's; ``bash: line 1: NAME: command not found``.

A command returns what it writes as text (lines end in "\\n"; ``echo -n`` and ``cat`` of a
file with no final newline leave a line open, as on a terminal or in a container log).

The environment a shell hands a child (``sh -c env``) is not the order the shell was given:
ash and dash keep their variables in a 39-bucket hash table (var.c ``hashvar``: first
character << 4 plus the sum of the name's characters) and ``env`` lists the exported ones
bucket by bucket, each bucket in the order its variables were set; bash uses its own hash
(hashlib.c FNV-1 over 1024 buckets, newest first in a bucket) and adds ``_`` last.
"""
from __future__ import annotations

import base64
import binascii
import re

ASH, DASH, BASH = "ash", "dash", "bash"


def where(flavour: str, shell: str, lineno: int = 1, interactive: bool = False) -> str:
    """How a shell starts an error message: dash names the input line (``sh: 3: ``), bash too
    unless interactive (``bash: line 3: ``, but ``bash: `` at a prompt), busybox ash never."""
    if flavour == DASH:
        return f"{shell}: {lineno}: "
    if flavour == BASH and not interactive:
        return f"{shell}: line {lineno}: "
    return f"{shell}: "


def not_found(flavour: str, shell: str, name: str, lineno: int = 1, interactive: bool = False) -> str:
    prefix = where(flavour, shell, lineno, interactive)
    return f"{prefix}{name}: command not found\n" if flavour == BASH else f"{prefix}{name}: not found\n"


def expand_prompt(ps1: str, *, host: str, cwd: str, home: str, shell: str, version: str, uid: int = 0) -> str:
    """The prompt a shell prints for PS1: the backslash escapes bash and busybox's fancy prompt share
    (``\\u`` user, ``\\h`` host to its first dot, ``\\w`` the directory with the home directory as
    ``~``, ``\\W`` its last part, ``\\s`` the shell, ``\\v`` its version, ``\\$`` ``#`` for uid 0 and
    ``$`` for any other: busybox lineedit.c parse_and_put_prompt, bash's decode_prompt_string).
    dash expands none of them; its PS1 is plain text."""
    w = cwd
    if home and len(home) > 1 and (cwd == home or cwd.startswith(home.rstrip("/") + "/")):
        w = "~" + cwd[len(home.rstrip("/")):]
    last = w if w in ("/", "~") else w.rsplit("/", 1)[-1]
    table = {"u": user_name(uid), "h": host.split(".", 1)[0], "H": host, "w": w, "W": last, "s": shell,
             "v": version, "$": "#" if uid == 0 else "$", "\\": "\\", "n": "\n", "[": "", "]": ""}
    return re.sub(r"\\(.)", lambda m: table.get(m.group(1), m.group(0)), ps1)


# -- echo and printf ----------------------------------------------------------------------------

_ESCAPES = {"a": "\a", "b": "\b", "e": "\x1b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\"}


def unescape(text: str, octal_zero: bool) -> tuple[str, bool]:
    """Backslash escapes as echo -e (``\\0nnn``) or printf (``\\nnn``) read them; True when ``\\c`` stops output."""
    out = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch != "\\" or i + 1 >= n:
            out.append(ch)
            i += 1
            continue
        nxt = text[i + 1]
        if nxt == "c":
            return "".join(out), True
        if nxt in _ESCAPES:
            out.append(_ESCAPES[nxt])
            i += 2
            continue
        if nxt.isdigit() and nxt < "8" and (nxt == "0" or not octal_zero):
            j = i + 2 if octal_zero else i + 1
            digits = ""
            while j < n and len(digits) < 3 and "0" <= text[j] <= "7":
                digits += text[j]
                j += 1
            out.append(chr(int(digits or "0", 8) & 0xFF))
            i = j
            continue
        out.append(ch)
        i += 1
    return "".join(out), False


def echo(args: list, flavour: str) -> str:
    newline, escapes = True, flavour == DASH
    if flavour == DASH:
        if args and args[0] == "-n":
            newline, args = False, args[1:]
    else:
        while args and re.fullmatch(r"-[neE]+", args[0]):
            for flag in args[0][1:]:
                if flag == "n":
                    newline = False
                else:
                    escapes = flag == "e"
            args = args[1:]
    text = " ".join(args)
    if escapes:
        text, stop = unescape(text, octal_zero=True)
        if stop:
            return text
    return text + ("\n" if newline else "")


def printf(args: list) -> tuple[int, str]:
    if not args:
        return 2, "printf: usage: printf FORMAT [ARGUMENT]...\n"
    fmt, values = args[0], list(args[1:])
    out = []
    while True:
        used = 0

        def conv(m):
            nonlocal used
            spec = m.group(0)
            if spec == "%%":
                return "%"
            value = values[used] if used < len(values) else ""
            used += 1
            kind = spec[-1]
            if kind in "di":
                try:
                    return (spec[:-1] + "d") % int(value or 0)
                except ValueError:
                    return "0"
            if kind == "b":
                return unescape(value, octal_zero=True)[0]
            return (spec[:-1] + "s") % value
        text = re.sub(r"%%|%-?\d*(\.\d+)?[sdibc]", conv, fmt)
        text, stop = unescape(text, octal_zero=False)
        out.append(text)
        values = values[used:]
        if stop or not used or not values:
            break
    return 0, "".join(out)


# -- the environment ----------------------------------------------------------------------------

def _ash_bucket(name: str) -> int:
    h = ord(name[0]) << 4 if name else 0
    for ch in name:
        h += ord(ch)
    return h % 39


def _bash_bucket(name: str) -> int:
    h = 2166136261
    for ch in name.encode():
        h = (h * 16777619) & 0xFFFFFFFF
        h ^= ch
    return h & 1023


def exported_order(env: dict, flavour: str) -> list[str]:
    """The names in ``env`` (in the order they were set) as the shell lists them to a child."""
    names = list(env)
    if flavour == BASH:
        last = [n for n in names if n == "_"]
        rest = [n for n in names if n != "_"]
        # Newest first in a bucket: a later insert goes to the head of its chain.
        order = sorted(range(len(rest)), key=lambda i: (_bash_bucket(rest[i]), -i))
        return [rest[i] for i in order] + last
    order = sorted(range(len(names)), key=lambda i: (_ash_bucket(names[i]), i))
    return [names[i] for i in order]


def env_text(env: dict, order: list[str]) -> str:
    return "".join(f"{k}={env[k]}\n" for k in order)


def printenv(args: list, env: dict, order: list[str]) -> tuple[int, str]:
    """coreutils/busybox printenv: every named variable that is set, one value a line; 1 if one was not."""
    if not args:
        return 0, env_text(env, order)
    values = [env[a] + "\n" for a in args if a in env]
    return (0 if len(values) == len(args) else 1), "".join(values)


# -- text filters ------------------------------------------------------------------------------

def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _ended(line: str) -> str:
    return line if line.endswith("\n") else line + "\n"


def grep(args: list, stdin: str, read, shell: str) -> tuple[int, str]:
    """grep [-ivcqnEFx] PATTERN [FILE...] (basic and extended patterns read as Python's)."""
    flags, rest = set(), []
    it = iter(args)
    for a in it:
        if a == "-e":
            rest.insert(0, next(it, ""))
            flags.add("pattern-given")
        elif a.startswith("-") and len(a) > 1 and not rest:
            flags.update(a[1:])
        else:
            rest.append(a)
    if not rest:
        return 2, "Usage: grep [-HhnlLoqvsriwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n"
    pattern, files = rest[0], rest[1:]
    try:
        rx = re.compile(re.escape(pattern) if "F" in flags else
                        pattern if "E" in flags else pattern.replace(r"\|", "|").replace(r"\(", "(").replace(r"\)", ")"),
                        re.I if "i" in flags else 0)
    except re.error:
        return 2, f"grep: bad regex '{pattern}'\n"
    sources = [(None, stdin)] if not files else [(f, read(f)) for f in files]
    out, found, status = [], 0, 0
    for name, text in sources:
        if text is None:
            out.append(f"grep: {name}: No such file or directory\n")
            status = 2
            continue
        count = 0
        for n, line in enumerate(_lines(text), 1):
            body = line.rstrip("\n")
            hit = bool(rx.fullmatch(body) if "x" in flags else rx.search(body))
            if hit == ("v" not in flags):
                count += 1
                if "c" not in flags and "q" not in flags:
                    prefix = (f"{name}:" if len(files) > 1 else "") + (f"{n}:" if "n" in flags else "")
                    out.append(prefix + _ended(line))
        found += count
        if "c" in flags:
            out.append((f"{name}:" if len(files) > 1 else "") + f"{count}\n")
    if "q" in flags:
        return (0 if found else 1), ""
    return (status or (0 if found else 1)), "".join(out)


def _count(args: list, default: int) -> tuple[int, list]:
    n, rest = default, []
    it = iter(args)
    for a in it:
        if a == "-n":
            a = next(it, str(default))
            n = int(a) if a.lstrip("-").isdigit() else default
        elif re.fullmatch(r"-n?\d+", a):
            n = int(a.lstrip("-n"))
        else:
            rest.append(a)
    return n, rest


def tail_args(args: list) -> tuple[int | None, int, list]:
    """tail's -n (busybox tail.c): (the first line to print, for ``-n +N``, else None; the last N
    lines otherwise; the other arguments). The follow flags (-f, -F) are left among the others."""
    start, rest = None, []
    it = iter(args)
    for a in it:
        spec = next(it, "10") if a == "-n" else a[2:] if a.startswith("-n") else None
        if spec is not None and spec.startswith("+") and spec[1:].isdigit():
            start = int(spec[1:])
        else:
            rest.append(a)
    n, rest = _count(rest, 10)
    return start, n, rest


def tail_text(text: str, start: int | None, n: int) -> str:
    lines = _lines(text)
    return "".join(lines[max(0, start - 1):] if start is not None else lines[-n:] if n else [])


def head_tail(cmd: str, args: list, stdin: str, read) -> tuple[int, str]:
    if cmd == "tail":
        start, n, files = tail_args(args)
        files = [f for f in files if f not in ("-f", "-F")]
        return 0, tail_text(stdin if not files else (read(files[0]) or ""), start, n)
    n, files = _count(args, 10)
    text = stdin if not files else (read(files[0]) or "")
    lines = _lines(text)
    return 0, "".join(lines[:n])


def wc(args: list, stdin: str) -> tuple[int, str]:
    lines = stdin.count("\n")
    if "-l" in args:
        return 0, f"{lines}\n"
    if "-w" in args:
        return 0, f"{len(stdin.split())}\n"
    if "-c" in args:
        return 0, f"{len(stdin.encode())}\n"
    return 0, f"{lines:>7} {len(stdin.split()):>7} {len(stdin.encode()):>7}\n"


def sort(args: list, stdin: str) -> tuple[int, str]:
    lines = [l.rstrip("\n") for l in _lines(stdin)]
    lines.sort(reverse="-r" in args)
    return 0, "".join(l + "\n" for l in lines)


def base64_(args: list, stdin: str) -> tuple[int, str]:
    if "-d" in args or "--decode" in args:
        try:
            return 0, base64.b64decode("".join(stdin.split())).decode("utf-8", "replace")
        except (binascii.Error, ValueError):
            return 1, "base64: invalid input\n"
    return 0, base64.b64encode(stdin.encode()).decode() + "\n"


# -- test, [ and [[ ------------------------------------------------------------------------------

def test(args: list, exists, closing: str = "") -> int:
    """test / [ / [[ (busybox): file tests, strings, integers, ! in front, && and || inside [[ ]]."""
    a = list(args)
    if closing and a and a[-1] == closing:
        a = a[:-1]
    if closing == "]]" and ("&&" in a or "||" in a):
        for op in ("||", "&&"):
            if op in a:
                i = a.index(op)
                left, right = test(a[:i], exists) == 0, test(a[i + 1:], exists) == 0
                return 0 if ((left or right) if op == "||" else (left and right)) else 1
    if a and a[0] == "!":
        return 1 - test(a[1:], exists)
    if len(a) == 2 and a[0] in ("-f", "-e", "-d", "-s", "-r", "-L", "-h"):
        return 0 if exists(a[1]) else 1
    if len(a) == 2 and a[0] in ("-z", "-n"):
        return 0 if (a[1] == "") == (a[0] == "-z") else 1
    if len(a) == 3 and a[1] in ("=", "==", "!=") and closing == "]]":
        # [[ ]] matches the right side as a pattern (bash's cond_node; its quotes are gone by now, so a
        # quoted * matches as a pattern too [simplified]).
        import fnmatch

        matched = fnmatch.fnmatchcase(a[0], a[2])
        return 0 if matched != (a[1] == "!=") else 1
    if len(a) == 3 and a[1] in ("=", "=="):
        return 0 if a[0] == a[2] else 1
    if len(a) == 3 and a[1] == "!=":
        return 0 if a[0] != a[2] else 1
    if len(a) == 3 and a[1] in ("-eq", "-ne", "-lt", "-le", "-gt", "-ge"):
        try:
            x, y = int(a[0]), int(a[2])
        except ValueError:
            return 2
        ok = {"-eq": x == y, "-ne": x != y, "-lt": x < y, "-le": x <= y, "-gt": x > y, "-ge": x >= y}[a[1]]
        return 0 if ok else 1
    return 0 if a and a[0] else 1


# The names busybox's /etc/group and /etc/passwd give the ids a security context may pick.
_GROUP_NAMES = {0: "root", 10: "wheel"}
_USER_NAMES = {0: "root"}
ROOT = (0, 0, (0, 10))  # busybox's root: uid=0(root) gid=0(root) groups=0(root),10(wheel)


def process_ids(pod_spec: dict, container: dict, volume_groups=()) -> tuple[int, int, tuple]:
    """(uid, gid, groups) of a container's processes: runAsUser/runAsGroup (the container's over the
    pod's), and as supplementary groups the gid, fsGroup, supplementalGroups and the GIDs of the
    persistent volumes it mounts (``volume_groups``) the kubelet hands the runtime (kuberuntime
    security_context.go determineEffectiveSecurityContext), which the kernel keeps sorted
    (groups_sort), so id lists them in numeric order."""
    pod_sc = pod_spec.get("securityContext") or {}
    sc = container.get("securityContext") or {}
    uid = sc.get("runAsUser", pod_sc.get("runAsUser"))
    gid = sc.get("runAsGroup", pod_sc.get("runAsGroup"))
    extra = [pod_sc["fsGroup"]] if pod_sc.get("fsGroup") is not None else []
    extra += list(pod_sc.get("supplementalGroups") or ()) + list(volume_groups)
    if uid is None and gid is None and not extra:
        return ROOT
    uid = int(uid or 0)
    gid = int(gid or 0)
    base = set(ROOT[2]) if uid == 0 else {gid}  # root is in wheel too (/etc/group)
    return uid, gid, tuple(sorted(base | {gid} | {int(g) for g in extra}))


def user_name(uid: int) -> str:
    """The name /etc/passwd gives a uid, else the number (busybox get_cached_username)."""
    return _USER_NAMES.get(uid, str(uid))


def group_name(gid: int) -> str:
    """The name /etc/group gives a gid, else the number."""
    return _GROUP_NAMES.get(gid, str(gid))


def _named(n: int, names: dict) -> str:
    return f"{n}({names[n]})" if n in names else str(n)


def id_(ids: tuple) -> str:
    """busybox id: uid=…, gid=…, groups=…, each with its name where /etc/passwd or /etc/group has one."""
    uid, gid, groups = ids
    return (f"uid={_named(uid, _USER_NAMES)} gid={_named(gid, _GROUP_NAMES)} "
            f"groups={','.join(_named(g, _GROUP_NAMES) for g in groups)}\n")


def rev(args: list, stdin: str, read) -> tuple[int, str]:
    """busybox rev (util-linux/rev.c): each line of the files (or stdin) backwards, its newline kept;
    a file that cannot be opened is warned about (fopen_or_warn) and the status is 1."""
    status = 0
    out = []
    for name in [a for a in args if a != "-"] or ["-"]:
        text = stdin if name == "-" else read(name)
        if text is None:
            out.append(f"rev: {name}: No such file or directory\n")
            status = 1
            continue
        for line in text.splitlines(keepends=True):
            body = line.rstrip("\n")
            out.append(body[::-1] + line[len(body):])
    return status, "".join(out)


def hostname_(args: list, name: str, hosts: str) -> tuple[int, str]:
    """hostname(1) (net-tools' hostname, and busybox's alike): the name, or with -f the canonical name the
    resolver gives it (the first name of its /etc/hosts line: the kubelet's ``IP FQDN NAME`` for a pod with
    a subdomain), -d what follows that name's first dot, -s the name up to its first dot."""
    fqdn = name
    for line in hosts.splitlines():
        words = line.split("#", 1)[0].split()
        if len(words) >= 2 and name in words[1:]:
            fqdn = words[1]
            break
    flags = "".join(a[1:] for a in args if a.startswith("-") and not a.startswith("--"))
    if "f" in flags or "--fqdn" in args or "--long" in args:
        return 0, fqdn + "\n"
    if "d" in flags or "--domain" in args:
        return 0, fqdn.partition(".")[2] + "\n"
    if "s" in flags or "--short" in args:
        return 0, name.split(".", 1)[0] + "\n"
    return 0, name + "\n"
