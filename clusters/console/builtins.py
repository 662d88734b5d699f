"""Shell builtins and the small commands tutorials use around kubectl.

Messages follow bash 5 and GNU coreutils. ``sleep`` and ``watch`` are the
two that touch time: ``sleep N`` advances the cluster's virtual clock by N
seconds (the advance is journaled as part of the command, so replay is
exact); ``watch -n N CMD`` prints one frame, the header procps-ng's watch
prints and then CMD's output at the current virtual time. The web console
re-runs a watch line to refresh it; time moves with the host or ``sim``.
"""
from __future__ import annotations

import datetime as _dt
import re

from clusters.strings import isdigits

_HOSTNAME = "kubelab"


def _fmt_date(epoch: float, fmt: str = "%a %b %e %H:%M:%S UTC %Y") -> str:
    t = _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc)
    # %e (space-padded day) and %N are not portable in strftime; do them here.
    fmt = fmt.replace("%e", f"{t.day:2d}").replace("%N", "000000000").replace("%s", str(int(epoch))).replace("%Z", "UTC")
    return t.strftime(fmt)


def echo(ctx, argv):
    newline, escapes = True, False
    i = 0
    while i < len(argv) and re.fullmatch(r"-[neE]+", argv[i]):
        for f in argv[i][1:]:
            if f == "n":
                newline = False
            elif f == "e":
                escapes = True
            else:
                escapes = False
        i += 1
    text = " ".join(argv[i:])
    if escapes:
        text = _unescape(text)
    ctx.out(text + ("\n" if newline else ""))
    return 0


def _unescape(text: str) -> str:
    table = {"n": "\n", "t": "\t", "\\": "\\", "r": "\r", "a": "\a", "b": "\b", "e": "\x1b", "0": "\0", "v": "\v", "f": "\f"}
    return re.sub(r"\\(.)", lambda m: table.get(m.group(1), "\\" + m.group(1)), text)


def printf(ctx, argv):
    if not argv:
        ctx.err("printf: usage: printf [-v var] format [arguments]\n")
        return 2
    fmt, args = argv[0], list(argv[1:])
    out: list[str] = []
    while True:
        def conv(m):
            spec = m.group(0)
            if spec == "%%":
                return "%"
            val = args.pop(0) if args else ""
            kind = spec[-1]
            flags = spec[1:-1]
            if kind == "d":
                try:
                    return ("%" + flags + "d") % int(val or 0)
                except ValueError:
                    return "0"
            if kind == "b":
                return _unescape(val)
            return ("%" + flags + "s") % val
        consumed_before = len(args)
        out.append(_unescape(re.sub(r"%[-0-9.]*[sdbq%]", conv, fmt)))
        if not args or len(args) == consumed_before:
            break
    ctx.out("".join(out))
    return 0


def export(ctx, argv):
    env = ctx.env
    if not argv or argv == ["-p"]:
        for k in sorted(env):
            ctx.out(f'declare -x {k}="{env[k]}"\n')
        return 0
    code = 0
    for a in argv:
        if a.startswith("-"):
            continue
        name, eq, value = a.partition("=")
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            ctx.err(f"bash: export: `{a}': not a valid identifier\n")
            code = 1
            continue
        if eq:
            env[name] = value
        else:
            env.setdefault(name, "")
    return code


def unset(ctx, argv):
    for a in argv:
        if not a.startswith("-"):
            ctx.env.pop(a, None)
    return 0


def env(ctx, argv):
    if argv:
        # env VAR=x cmd ...
        assigns = {}
        i = 0
        while i < len(argv) and "=" in argv[i]:
            k, _, v = argv[i].partition("=")
            assigns[k] = v
            i += 1
        if i < len(argv):
            saved = {k: ctx.env.get(k) for k in assigns}
            ctx.env.update(assigns)
            try:
                from clusters.console.shell import _quote_words
                out, code = ctx.run(_quote_words(argv[i:]))
                ctx.out(out)
                return code
            finally:
                for k, v in saved.items():
                    if v is None:
                        ctx.env.pop(k, None)
                    else:
                        ctx.env[k] = v
    base = environment(ctx)
    for k in sorted(base):
        ctx.out(f"{k}={base[k]}\n")
    return 0


def environment(ctx) -> dict:
    """The environment a program started from the console's shell receives (env prints it, jq's $ENV)."""
    base = {"HOME": "/root", "HOSTNAME": _HOSTNAME, "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "SHELL": "/bin/bash", "USER": "root", "KUBECONFIG": "/root/.kube/config"}
    from clusters.console import files

    base["PWD"] = files.shown(files.cwd(ctx.cluster))
    base.update(ctx.env)
    return base


def clear(ctx, argv):
    # What ncurses' clear writes for xterm: home, erase screen, erase scrollback.
    ctx.out("\x1b[H\x1b[2J\x1b[3J")
    return 0


def history(ctx, argv):
    hist = list(getattr(ctx.cluster, "history", []))
    if argv and argv[0] == "-c":
        ctx.cluster.history.clear()
        return 0
    start = 0
    if argv and isdigits(argv[0]):
        start = max(0, len(hist) - int(argv[0]))
    for i in range(start, len(hist)):
        ctx.out(f"{i + 1:5d}  {hist[i]}\n")
    return 0


def parse_interval(text: str) -> float | None:
    """GNU sleep's NUMBER[SUFFIX], s/m/h/d, and ``infinity``."""
    if text in ("inf", "infinity"):
        return float("inf")
    m = re.fullmatch(r"(\d+(?:\.\d*)?|\.\d+)([smhd]?)", text)
    if not m:
        return None
    return float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]


def sleep(ctx, argv):
    """GNU sleep: virtual time passes (the console's session may stop it as Ctrl-C would: ``sleep
    infinity``, a loop's window); started with ``&``, it is a job that ends when its time comes."""
    from clusters.console import jobs

    if not argv:
        ctx.err("sleep: missing operand\nTry 'sleep --help' for more information.\n")
        return 1
    total = 0.0
    for a in argv:
        v = parse_interval(a)
        if v is None:
            ctx.err(f"sleep: invalid time interval '{a}'\nTry 'sleep --help' for more information.\n")
            return 1
        total += v
    cluster = ctx.cluster
    limit = getattr(getattr(cluster, "spec", None), "max_advance", 30 * 86400.0)
    if limit < total < float("inf"):
        ctx.err(f"sleep: this simulation advances at most {int(limit)}s at a time\n")
        return 1
    if jobs.sleeping(ctx, total):
        return 0
    ctx.console.sleep(total)
    return 0


def watch(ctx, argv):
    interval = 2.0
    title = True
    i = 0
    while i < len(argv) and argv[i].startswith("-"):
        a = argv[i]
        if a in ("-n", "--interval"):
            if i + 1 >= len(argv):
                ctx.err("watch: option requires an argument -- 'n'\n")
                return 1
            try:
                interval = float(argv[i + 1])
            except ValueError:
                ctx.err(f"watch: failed to parse argument: '{argv[i + 1]}'\n")
                return 1
            i += 2
            continue
        if a.startswith("-n") and len(a) > 2:
            try:
                interval = float(a[2:])
            except ValueError:
                ctx.err(f"watch: failed to parse argument: '{a[2:]}'\n")
                return 1
        elif a.startswith("--interval="):
            try:
                interval = float(a.split("=", 1)[1])
            except ValueError:
                ctx.err(f"watch: failed to parse argument: '{a.split('=', 1)[1]}'\n")
                return 1
        elif a in ("-t", "--no-title"):
            title = False
        elif a == "--":
            i += 1
            break
        i += 1
    if i >= len(argv):
        ctx.err("Usage:\n watch [options] command\n")
        return 1
    command = " ".join(argv[i:])
    interval = max(interval, 0.1)
    if title:
        ctx.out(f"Every {interval:.1f}s: {command}    {_HOSTNAME}: {_fmt_date(ctx.now, '%a %b %e %H:%M:%S %Y')}\n\n")
    out, _ = ctx.run(command)
    ctx.out(out)
    return 0


def date(ctx, argv):
    fmt = None
    for a in argv:
        if a.startswith("+"):
            fmt = a[1:]
        elif a in ("-u", "--utc", "-R", "--rfc-2822", "-I", "--iso-8601"):
            if a in ("-R", "--rfc-2822"):
                fmt = "%a, %d %b %Y %H:%M:%S +0000"
            elif a in ("-I", "--iso-8601"):
                fmt = "%Y-%m-%d"
        else:
            ctx.err(f"date: invalid date '{a}'\n")
            return 1
    ctx.out(_fmt_date(ctx.now, fmt) + "\n" if fmt else _fmt_date(ctx.now) + "\n")
    return 0


def true(ctx, argv):
    return 0


def false(ctx, argv):
    return 1


def pwd(ctx, argv):
    from clusters.console import files

    ctx.out(files.shown(files.cwd(ctx.cluster)) + "\n")
    return 0


def cd(ctx, argv):
    """bash's cd (builtins/cd.def): no argument or ``~`` goes home, ``-`` to $OLDPWD (printing it);
    PWD and OLDPWD follow, as bash keeps them."""
    from clusters.console import files

    args = argv[1:] if argv[:1] == ["--"] else argv
    if len(args) > 1:
        ctx.err("bash: cd: too many arguments\n")
        return 1
    env = ctx.env
    target = args[0] if args else env.get("HOME", files.HOME)
    if target == "-":
        target = env.get("OLDPWD", "")
        if not target:
            ctx.err("bash: cd: OLDPWD not set\n")
            return 1
    if target == "":
        return 0
    if not files.is_dir(ctx.cluster, target):
        why = "Not a directory" if files.exists(ctx.cluster, target) else "No such file or directory"
        ctx.err(f"bash: cd: {target}: {why}\n")
        return 1
    old = files.shown(files.cwd(ctx.cluster))
    files.chdir(ctx.cluster, target)
    env["OLDPWD"], env["PWD"] = old, files.shown(files.cwd(ctx.cluster))
    if args and args[0] == "-":
        ctx.out(env["PWD"] + "\n")
    return 0


def whoami(ctx, argv):
    ctx.out("root\n")
    return 0


def hostname(ctx, argv):
    ctx.out(_HOSTNAME + "\n")
    return 0


def alias(ctx, argv):
    aliases = ctx.console.aliases
    if not argv:
        for k in sorted(aliases):
            ctx.out(f"alias {k}='{aliases[k]}'\n")
        return 0
    code = 0
    for a in argv:
        name, eq, value = a.partition("=")
        if eq:
            aliases[name] = value
        elif name in aliases:
            ctx.out(f"alias {name}='{aliases[name]}'\n")
        else:
            ctx.err(f"bash: alias: {name}: not found\n")
            code = 1
    return code


def source(ctx, argv):
    # `source <(kubectl completion bash)`: completion is built into this console.
    if not argv:
        ctx.err("bash: source: filename argument required\nsource: usage: source filename [arguments]\n")
        return 2
    if argv[0].startswith("/dev/fd/"):
        return 0
    from clusters.console import files

    text = files.read(ctx.cluster, argv[0])
    if text is None:
        ctx.err(f"bash: {argv[0]}: No such file or directory\n")
        return 1
    out, code = ctx.run(text)
    ctx.out(out)
    return code


def complete(ctx, argv):
    return 0


def exit_(ctx, argv):
    # The console cannot be left; say so rather than pretend.
    ctx.err("exit: the simulated console stays open; close the browser tab to leave\n")
    return 0


def read(ctx, argv):
    """bash's read builtin: one line of standard input split into NAMEs (the last takes the rest;
    REPLY without names), backslashes escaping unless -r; status 1 at end of input. A terminal has
    no line waiting here (nothing runs while the learner types), so it reads end of input."""
    raw = False
    names: list[str] = []
    delim = "\n"
    i = 0
    while i < len(argv) and argv[i].startswith("-") and len(argv[i]) > 1:
        a = argv[i]
        if a == "--":
            i += 1
            break
        j = 1
        while j < len(a):
            f = a[j]
            if f == "r":
                raw = True
            elif f == "s":
                pass
            elif f in "ptnNdau":
                value = a[j + 1:] or (argv[i + 1] if i + 1 < len(argv) else None)
                if value is None:
                    ctx.err(f"bash: read: -{f}: option requires an argument\n")
                    return 2
                if not a[j + 1:]:
                    i += 1
                if f == "p" and ctx.input is not None and ctx.input.terminal:
                    ctx.err(value)
                elif f == "d":
                    delim = value[:1] or "\0"
                elif f == "a":
                    names = [value]
                break
            else:
                ctx.err(f"bash: read: -{f}: invalid option\nread: usage: read [-ers] [-a array] [-d delim] "
                        "[-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n")
                return 2
            j += 1
        i += 1
    names += argv[i:]
    for n in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", n):
            ctx.err(f"bash: read: `{n}': not a valid identifier\n")
            return 1
    source = ctx.input
    text, ended = _read_record(source, delim, raw)
    if text is None:
        for n in names or ["REPLY"]:
            ctx.env[n] = ""
        return 1
    env = ctx.env
    if not names:
        env["REPLY"] = text
        return 0 if ended else 1
    ifs = env.get("IFS", " \t\n")
    fields = _split_ifs(text, ifs, len(names))
    for k, n in enumerate(names):
        env[n] = fields[k] if k < len(fields) else ""
    return 0 if ended else 1


def _read_record(source, delim: str, raw: bool) -> tuple[str | None, bool]:
    """One record up to ``delim`` (a backslash-newline joins lines unless raw): (text, whether the
    delimiter ended it), (None, False) at the end of input."""
    if source is None or source.pos >= len(source.text):
        return None, False
    out: list[str] = []
    text = source.text
    i = source.pos
    ended = False
    while i < len(text):
        c = text[i]
        if c == "\\" and not raw and i + 1 < len(text):
            if text[i + 1] != "\n":
                out.append(text[i + 1])
            i += 2
            continue
        if c == delim:
            i += 1
            ended = True
            break
        out.append(c)
        i += 1
    source.pos = i
    return "".join(out), ended


def _split_ifs(text: str, ifs: str, count: int) -> list[str]:
    """Word splitting as read does it: IFS whitespace trimmed and runs of it one separator, other IFS
    characters each a separator; the last name gets the rest of the line, trailing IFS whitespace removed."""
    white = "".join(c for c in ifs if c in " \t\n")
    fields: list[str] = []
    rest = text.strip(white) if white else text
    while rest and len(fields) < count - 1:
        j = 0
        while j < len(rest) and rest[j] not in ifs:
            j += 1
        fields.append(rest[:j])
        rest = rest[j:]
        if rest:
            # one separator: surrounding IFS whitespace plus at most one other IFS character
            k = 0
            while k < len(rest) and rest[k] in white:
                k += 1
            if k < len(rest) and rest[k] in ifs and rest[k] not in white:
                k += 1
                while k < len(rest) and rest[k] in white:
                    k += 1
            rest = rest[k:]
    if rest or len(fields) < count:
        fields.append(rest.rstrip(white) if white else rest)
    return fields


def _loop_control(ctx, argv, kind: str) -> int:
    from clusters.console import shell

    loops = getattr(ctx.console, "loops", 0)
    if not loops:
        ctx.err(f"bash: {kind}: only meaningful in a `for', `while', or `until' loop\n")
        return 0
    levels = 1
    if argv:
        if not re.fullmatch(r"-?\d+", argv[0]):
            ctx.err(f"bash: {kind}: {argv[0]}: numeric argument required\n")
            levels = loops
        elif int(argv[0]) < 1:
            ctx.err(f"bash: {kind}: {argv[0]}: loop count out of range\n")
            return 1
        else:
            levels = int(argv[0])
    raise shell.LoopControl(kind, min(levels, loops))


def break_(ctx, argv):
    return _loop_control(ctx, argv, "break")


def continue_(ctx, argv):
    return _loop_control(ctx, argv, "continue")
