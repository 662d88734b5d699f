"""A tiny POSIX-ish shell for the simulated images: enough for container commands and exec.

Two uses:
- ``timeline(argv, ...)`` turns a container's command into what the process
  will do over virtual time, statically: log lines at offsets, file changes,
  a periodic loop, and its exit (``sleep 3600``, ``sh -c 'echo hi; sleep 5;
  exit 3'``, ``while true; do date; sleep 10; done``, the docs' liveness
  example ``touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600``).
- ``run(argv, ...)`` runs a command now, for ``kubectl exec`` and exec probes.

Supported: ``;`` ``&&`` ``||``, ``while|until COMMAND; do …; done``, ``for x in …; do
…; done``, ``>``/``>>`` redirection, ``$VAR``/``${VAR}``/``$(date)``/
``$(hostname)`` expansion, and the commands echo, printf, sleep, exit, true,
false, cat, ls, env, printenv, hostname, date, touch, rm, mkdir, test/[ -f|-e|-d,
whoami, id, pwd, uname, tail -f, kill, and the network tools the image ships
(busybox: wget, nslookup; curlimages/curl: curl too) over clusters.network.
Anything else is "not found" (127), as busybox sh says it.
"""
from __future__ import annotations

import re
import shlex

FOREVER = float("inf")
SHELLS = ("sh", "/bin/sh", "bash", "/bin/bash", "ash", "/bin/ash")
_VAR = re.compile(r"\$\{(\w+)\}|\$(\w+)|\$\((\w+)\)")


class Env:
    """What a command sees: environment, files and a few facts, with a clock for date."""

    def __init__(self, env: dict, files, hostname: str, now_text, shell: str = "sh", net=None, tools: tuple = ()):
        self.env = env
        self.files = files  # object with exists/read/write/remove/listdir/isdir
        self.hostname = hostname
        self.now_text = now_text  # callable(offset) -> date output
        self.shell = shell
        # The network tools the image ships (images.Image.tools), run by net(argv) ->
        # (exit code, stdout, stderr, seconds taken) over clusters.network, from the pod.
        self.net = net
        self.tools = tools


NET_TOOLS = ("wget", "curl", "nslookup")


def _expand(tok: str, ctx: Env, offset: float) -> str:
    def sub(m):
        if m.group(3):
            cmd = m.group(3)
            if cmd == "date":
                return ctx.now_text(offset)
            if cmd == "hostname":
                return ctx.hostname
            return ""
        name = m.group(1) or m.group(2)
        if name == "HOSTNAME" and name not in ctx.env:
            return ctx.hostname
        return ctx.env.get(name, "")
    return _VAR.sub(sub, tok)


def split_script(script: str) -> list:
    """Tokens of a script: words and the operators ; && || | > >> and newlines as ;."""
    lex = shlex.shlex(script.replace("\n", " ; "), posix=True, punctuation_chars=";&|>")
    lex.whitespace_split = True
    lex.commenters = ""
    try:
        return list(lex)
    except ValueError:
        return script.split()


def _statements(tokens: list) -> list:
    """Group tokens into (connector, words, redirect) and loop blocks."""
    out: list = []
    i = 0
    n = len(tokens)
    conn = ";"
    while i < n:
        t = tokens[i]
        if t in (";", "&&", "||", "|", ";;"):
            conn = "&&" if t == "&&" else "||" if t == "||" else ";"
            i += 1
            continue
        if t in ("while", "until", "for"):
            depth = 0
            j = i
            do_at = None
            while j < n:
                if tokens[j] == "do":
                    if depth == 0 and do_at is None:
                        do_at = j
                    depth += 1
                elif tokens[j] == "done":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            head = [x for x in tokens[i + 1:do_at if do_at is not None else j] if x != ";"]
            body = tokens[(do_at + 1) if do_at is not None else j:j]
            out.append((conn, ("loop", t, head, _statements(body)), None))
            i = j + 1
            conn = ";"
            continue
        words = []
        redirect = None
        while i < n and tokens[i] not in (";", "&&", "||", "|", ";;"):
            if tokens[i] in (">", ">>") and i + 1 < n:
                redirect = (tokens[i], tokens[i + 1])
                i += 2
                continue
            words.append(tokens[i])
            i += 1
        if words:
            out.append((conn, words, redirect))
        conn = ";"
    return out


class Timeline:
    """What a process does over time (offsets from its start)."""

    def __init__(self):
        self.lines: list[tuple[float, str]] = []
        self.file_ops: list[tuple[float, str, str, str]] = []  # (offset, op, path, content)
        self.loop: tuple | None = None  # (start offset, period, [(offset in period, text)])
        self.exit_at: float | None = None
        self.exit_code = 0


def _run_words(words: list, ctx: Env, t: float, out: list, ops: list | None) -> tuple[int, float]:
    """Run one simple command. Appends (offset, text) to out; returns (status, new offset)."""
    words = [_expand(w, ctx, t) for w in words]
    cmd, args = words[0], words[1:]
    base = cmd.rsplit("/", 1)[-1]
    files = ctx.files
    if base in ("echo",):
        newline = True
        if args and args[0] == "-n":
            newline = False
            args = args[1:]
        out.append((t, " ".join(args) if newline or args else ""))
        return 0, t
    if base == "printf":
        if args:
            text = args[0].replace("\\n", "\n") % tuple(args[1:]) if "%" in args[0] and len(args) > 1 else args[0].replace("\\n", "\n")
            for line in text.split("\n")[:-1] if text.endswith("\n") else text.split("\n"):
                out.append((t, line))
        return 0, t
    if base == "sleep":
        try:
            s = FOREVER if args and args[0] in ("infinity", "inf") else float((args or ["0"])[0].rstrip("s"))
        except ValueError:
            out.append((t, f"sleep: invalid number '{args[0]}'"))
            return 1, t
        return 0, t + s
    if base in ("true", ":"):
        return 0, t
    if base == "false":
        return 1, t
    if base == "exit":
        try:
            code = int(args[0]) if args else 0
        except ValueError:
            code = 2
        raise _Exit(code & 0xFF, t)
    if base == "tail" and "-f" in args:
        return 0, FOREVER
    if base == "date":
        out.append((t, ctx.now_text(t)))
        return 0, t
    if base == "hostname":
        out.append((t, ctx.hostname))
        return 0, t
    if base in ("env", "printenv"):
        if base == "printenv" and args:
            v = ctx.env.get(args[0])
            if v is None:
                return 1, t
            out.append((t, v))
            return 0, t
        for k, v in ctx.env.items():
            out.append((t, f"{k}={v}"))
        return 0, t
    if base == "whoami":
        out.append((t, "root"))
        return 0, t
    if base == "id":
        out.append((t, "uid=0(root) gid=0(root) groups=0(root),10(wheel)"))
        return 0, t
    if base == "pwd":
        out.append((t, "/"))
        return 0, t
    if base == "uname":
        out.append((t, "Linux" if not args else f"Linux {ctx.hostname} 6.8.0-51-generic #52-Ubuntu SMP x86_64 GNU/Linux"))
        return 0, t
    if base == "cat":
        status = 0
        for p in args:
            content = files.read(p)
            if content is None:
                out.append((t, f"cat: can't open '{p}': No such file or directory"))
                status = 1
            else:
                for line in content.splitlines():
                    out.append((t, line))
        return status, t
    if base == "ls":
        paths = [a for a in args if not a.startswith("-")] or ["/"]
        status = 0
        for p in paths:
            names = files.listdir(p)
            if names is None:
                if files.exists(p):
                    out.append((t, p))
                else:
                    out.append((t, f"ls: {p}: No such file or directory"))
                    status = 1
                continue
            for name in names:
                out.append((t, name))
        return status, t
    if base in ("touch", "rm", "mkdir"):
        for p in args:
            if p.startswith("-"):
                continue
            if ops is not None:
                ops.append((t, base, p, ""))
            else:
                if base == "touch" and not files.exists(p):
                    files.write(p, "")
                elif base == "rm":
                    if not files.remove(p) and "-f" not in args:
                        out.append((t, f"rm: can't remove '{p}': No such file or directory"))
                        return 1, t
                elif base == "mkdir":
                    files.write(p.rstrip("/") + "/", "")
        return 0, t
    if base in ("test", "["):
        a = [x for x in args if x != "]"]
        if len(a) == 2 and a[0] in ("-f", "-e", "-d", "-s"):
            return (0 if files.exists(a[1]) else 1), t
        if len(a) == 3 and a[1] in ("=", "=="):
            return (0 if a[0] == a[2] else 1), t
        if len(a) == 3 and a[1] == "!=":
            return (0 if a[0] != a[2] else 1), t
        return (0 if a and a[0] else 1), t
    if base == "kill":
        return 0, t
    if base in SHELLS and len(args) >= 2 and args[0] == "-c":
        return _run_script(args[1], ctx, t, out, ops)
    if base in NET_TOOLS and base in ctx.tools and ctx.net is not None:
        code, stdout, stderr, elapsed = ctx.net([base] + args)
        text = stdout + stderr if code == 0 else stderr + stdout
        for line in text.splitlines():
            out.append((t, line))
        return code, t + elapsed
    out.append((t, f"{ctx.shell}: {cmd}: not found"))
    return 127, t


DATE_MARK = "\x00date\x00"


def _date_mark(offset: float) -> str:
    return DATE_MARK


class _Exit(Exception):
    def __init__(self, code: int, t: float):
        self.code = code
        self.t = t


def _run_statements(stmts: list, ctx: Env, t: float, out: list, ops: list | None, tl: Timeline | None) -> tuple[int, float]:
    status = 0
    for conn, words, redirect in stmts:
        if conn == "&&" and status != 0:
            continue
        if conn == "||" and status == 0:
            continue
        if isinstance(words, tuple):
            _, kind, head, body = words
            if kind == "for":
                items = head[2:] if len(head) >= 2 and head[1] == "in" else []
                var = head[0] if head else "i"
                for item in items:
                    ctx.env[var] = _expand(item, ctx, t)
                    status, t = _run_statements(body, ctx, t, out, ops, tl)
                    if t == FOREVER:
                        return status, t
                continue
            # while/until: one pass (the condition, then the body) gives the period. A condition
            # that holds the first time (``while true``, ``while sleep 0.01``: sleep exits 0) is
            # taken to hold every time, so the loop runs forever; one that fails ends it at once.
            endless = (kind == "while" and head in (["true"], [":"])) or (kind == "until" and head == ["false"])
            start = t
            body_out: list = []
            saved = ctx.now_text
            ctx.now_text = _date_mark  # each iteration prints its own time: filled in when logs are read
            try:
                t1 = 0.0
                if not endless:
                    cond, t1 = _run_statements(_statements(head), ctx, 0.0, body_out, None, None)
                    if (cond == 0) != (kind == "while") or t1 == FOREVER:
                        ctx.now_text = saved
                        out.extend((start + o, line.replace(DATE_MARK, ctx.now_text(start + o))) for o, line in body_out)
                        t = FOREVER if t1 == FOREVER else start + t1
                        status = 0  # a loop whose body never ran exits 0
                        if t == FOREVER:
                            return status, t
                        continue
                status, t2 = _run_statements(body, ctx, t1, body_out, None, None)
            finally:
                ctx.now_text = saved
            period = t2 if t2 > 0 else 1.0
            if tl is not None and period != FOREVER:
                tl.loop = (start, period, body_out)
                return status, FOREVER
            out.extend((start + o, line) for o, line in body_out)
            return status, FOREVER if t2 in (0.0, FOREVER) else start + t2
        if redirect is not None:
            sub: list = []
            status, t = _run_words(words, ctx, t, sub, ops)
            path = _expand(redirect[1], ctx, t)
            text = "".join(line + "\n" for _, line in sub)
            if ops is not None:
                ops.append((t, "append" if redirect[0] == ">>" else "write", path, text))
            else:
                if redirect[0] == ">>":
                    text = (ctx.files.read(path) or "") + text
                ctx.files.write(path, text)
            continue
        status, t = _run_words(words, ctx, t, out, ops)
        if t == FOREVER:
            return status, t
    return status, t


def _run_script(script: str, ctx: Env, t: float, out: list, ops: list | None, tl: Timeline | None = None):
    return _run_statements(_statements(split_script(script)), ctx, t, out, ops, tl)


def timeline(argv: list, ctx: Env) -> Timeline:
    """What ``argv`` does as a container's main process, over virtual time."""
    tl = Timeline()
    out: list = []
    try:
        if argv and argv[0].rsplit("/", 1)[-1] in [s.rsplit("/", 1)[-1] for s in SHELLS]:
            if len(argv) >= 3 and argv[1] == "-c":
                status, t = _run_script(argv[2], ctx, 0.0, out, tl.file_ops, tl)
            else:
                # A shell with no script and no terminal reads EOF and exits 0.
                status, t = 0, 0.0
        else:
            status, t = _run_statements([(";", list(argv), None)], ctx, 0.0, out, tl.file_ops, tl)
    except _Exit as e:
        status, t = e.code, e.t
    tl.lines = out
    if t != FOREVER:
        tl.exit_at = t
        tl.exit_code = status
    return tl


def run(argv: list, ctx: Env) -> tuple[int, str]:
    """Run a command now (exec, exec probes). Returns (exit code, output)."""
    out: list = []
    try:
        if argv and argv[0].rsplit("/", 1)[-1] in [s.rsplit("/", 1)[-1] for s in SHELLS] and len(argv) >= 3 and argv[1] == "-c":
            status, _ = _run_script(argv[2], ctx, 0.0, out, None)
        else:
            status, _ = _run_statements([(";", list(argv), None)], ctx, 0.0, out, None, None)
    except _Exit as e:
        status = e.code
    return status, "".join(line + "\n" for _, line in out)
