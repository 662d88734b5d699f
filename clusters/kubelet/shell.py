"""A tiny POSIX-ish shell for the simulated images: enough for container commands and exec.

Two uses:
- ``timeline(argv, ...)`` turns a container's command into what the process
  will do over virtual time, statically: log lines at offsets, file changes,
  a periodic loop, and its exit (``sleep 3600``, ``sh -c 'echo hi; sleep 5;
  exit 3'``, ``while true; do date; sleep 10; done``, the docs' liveness
  example ``touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600``).
  A loop's body is evaluated once and repeats with that output.
- ``run(argv, ...)`` runs a command now, for ``kubectl exec`` and exec probes.
  With a ``Session`` on the Env (kubectl exec) it runs in virtual time:
  ``sleep`` moves the cluster's clock, so each pass of a loop sees the
  cluster as it is then (a Service's endpoints, files, ``date``). Without one
  (exec probes) it runs at one instant and a loop makes one pass.
- ``interact(line, ...)`` runs a line a learner typed to a shell they are
  attached to (``kubectl exec -ti POD -- sh``): ``Interactive`` keeps what a
  shell keeps between lines (its directory, variables, ``$?``, the lines read)
  and prints its prompt as the image's shell does.

Output is a byte stream: a command writes text, and lines are what its newlines make of it
(``echo -n``, ``echo -en '\\n'`` and ``cat`` of a file with no final newline leave a line open for
the next command to finish, as in a container log). Which shell runs (busybox ash, Debian's
dash, bash: ``Env.shells``) decides ``echo``'s escapes, ``[[``, the "not found" wording and the
order ``env`` lists variables in (utilities.py).

Supported: ``;`` ``&&`` ``||`` ``|``, ``VAR=value``, ``while|until COMMAND; do …; done``,
``for x in …; do …; done``, ``if …; then …; elif …; else …; fi``, ``break``,
``continue``, ``>``/``>>`` redirection, ``$VAR``/``${VAR}``/``$?``/``$(cmd)``/
``$((arithmetic))`` expansion, and the commands echo, printf, sleep, exit,
true, false, cat, ls, env, printenv, hostname, date, touch, rm, mkdir, cd, export, unset,
test/[/[[ (-f -e -d -s -z -n, = != -eq -ne -lt -le -gt -ge, !), seq, whoami, id,
pwd, uname, tail -f/-n, head, grep, wc, sort, base64, kill, mv, cp, rmdir, chmod (moving.py; not in a
container's own command, whose file changes are a timeline), and the network tools the image ships (busybox:
wget, nslookup; curlimages/curl: curl too) over clusters.network. Anything
else is "not found" (127), as busybox sh says it.
"""
from __future__ import annotations

import contextlib
import re
import shlex

from clusters.kubelet import heredocs, listing, moving, mysql_client, nodetool, redis_cli, utilities
from clusters.kubelet import sed
from clusters.kubelet import processes, zookeeper_cli
from clusters.kubelet import sysctls
from clusters.kubelet import xtrabackup

FOREVER = float("inf")
NET_TOOLS = ("wget", "curl", "nslookup", "ping")
# A container's loop that asks a server is run pass by pass when its passes are this far apart or more
# (a faster one keeps the static timeline: one pass evaluated at its start, repeated).
LIVE_PERIOD = 1.0
# An exec'd loop that makes this many passes without time passing is stopped as Ctrl-C would stop it.
SPIN_LIMIT = 100
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ASSIGN = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$", re.S)
# $((arithmetic)), $(command), ${VAR}, $VAR, $?
_EXPANSION = re.compile(r"\$\(\((.*?)\)\)|\$\(([^()]*)\)|\$\{(\w+)\}|\$(\w+|\?)", re.S)
# bash arrays: NAME=(…) and ${NAME[expr]} (_assign_array, _index_arrays).
_ARRAY_ASSIGN = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=\((.*)$", re.S)
_ARRAY_INDEX = re.compile(r"\$\{(\w+)\[([^]}]+)\]\}")
_SPACE, _SEMI = "\x01", "\x02"  # a space and a ';' inside $(...), kept from the word splitter


class Session:
    """kubectl exec's hold on virtual time: each ``sleep`` (and each network wait) moves the cluster's
    clock through ``advance(seconds)``, which answers False once the container is gone.

    A real ``kubectl exec`` runs until its command ends or the learner presses Ctrl-C; a journaled
    console cannot wait for the keypress, so a ``while``/``until`` loop, ``sleep infinity`` or
    ``tail -f`` stops ``window`` virtual seconds after it began, and no command runs longer than
    ``limit`` seconds: the session then marks itself ``interrupted``.
    """

    def __init__(self, advance, window: float, limit: float = FOREVER):
        self.advance = advance
        self.window = window
        self.limit = limit
        self.elapsed = 0.0
        self.deadline = FOREVER
        self.interrupted = ""  # why it stopped the command: "window", "limit" or "spin"
        self.killed = False  # the container went away under it

    def sleep(self, seconds: float) -> None:
        stop = min(self.deadline, self.limit)
        if seconds == FOREVER:
            stop = min(stop, self.elapsed + self.window)
        if self.elapsed + seconds > stop:
            self._advance(stop - self.elapsed)
            raise Interrupted("limit" if stop == self.limit else "window")
        self._advance(seconds)

    def _advance(self, seconds: float) -> None:
        if seconds > 0:
            self.elapsed += seconds
            if not self.advance(seconds):
                self.killed = True
                raise _Exit(137, 0.0)  # the container was killed under the session

    @contextlib.contextmanager
    def loop(self):
        """The passes of a ``while`` loop under this session (the pass number each time): it stops
        ``window`` seconds after the loop began, or once SPIN_LIMIT passes went by with no time
        passing (Interrupted); the console host's shell bounds its loops with it too."""
        saved = self.deadline
        self.deadline = min(saved, self.elapsed + self.window)
        try:
            yield self._passes()
        finally:
            self.deadline = saved

    def _passes(self):
        spins, n = 0, 0
        while True:
            if self.elapsed >= self.deadline:
                raise Interrupted("window")
            before = self.elapsed
            yield n
            n += 1
            spins = spins + 1 if self.elapsed == before else 0
            if spins >= SPIN_LIMIT:
                raise Interrupted("spin")


class Interrupted(Exception):
    """The session ended the command where a learner would have pressed Ctrl-C."""


class Env:
    """What a command sees: environment, files and a few facts, with a clock for date."""

    def __init__(self, env: dict, files, hostname: str, now_text, shell: str = "sh", net=None, tools: tuple = (),
                 shells: dict | None = None):
        self.env = env
        self.files = files  # object with exists/read/write/remove/listdir/isdir
        self.hostname = hostname
        self.now_text = now_text  # callable(offset) -> date output
        self.shell = shell
        # The network tools the image ships (images.Image.tools), run by net(argv) ->
        # (exit code, stdout, stderr, seconds taken) over clusters.network, from the pod.
        self.net = net
        self.tools = tools
        self.session: Session | None = None  # set by kubectl exec: run in virtual time
        self.status = 0  # $?
        # The shells the image has, by name, and which one each is (utilities.ASH/DASH/BASH).
        self.shells = shells if shells is not None else {"sh": utilities.ASH, "ash": utilities.ASH}
        self.flavour = self.shells.get(shell, utilities.ASH)
        self.in_shell = False  # a shell runs the commands (so `env` lists its exports, not the process's)
        self.cwd = "/"
        self.stdin = ""
        # signal(name) delivers a signal to the container's main process, PID 1 (set by the kubelet).
        self.signal = None
        self.local: set = set()  # shell variables set but not exported: $NAME sees them, env does not
        # Where errors say they happened: the input line (dash, and bash unless it is at a prompt).
        self.lineno = 1
        self.interactive = False
        self.tty = False  # stdout is a terminal (kubectl exec -t): redis-cli formats its replies for it
        self.ids = utilities.ROOT  # (uid, gid, groups) the security context runs it as
        # The container's process table (processes.Processes, set by the kubelet), the shells this
        # command runs under as (pid, args), and the PID kept for the exec'd program itself.
        self.procs = None
        self.lineage: tuple = ()
        self.reserved_pid = 0
        self.pid = 0  # the running program's PID
        self.follow: tuple | None = None  # (path, tail's +N or None, last N): a main process's ``tail -f``
        self.arrays: dict = {}  # bash arrays (NAME=(…)), by name
        self.replay: Replay | None = None  # a container's script waiting on the network (Replay)
        # ``set -e``: a failing command ends the script; ``conditions`` counts the if/while tests being
        # run, where a failure is an answer and not an error (bash's errexit rules).
        self.errexit = False
        self.conditions = 0
        self.talked = False  # a client asked a server something (mysql, redis-cli): a loop doing it is live
        # The script's own output (what is not piped or redirected), and, under set -x, where the trace goes.
        self.stream: list | None = None
        self.trace: list | None = None
        self.subshells = 0  # how deep in $(...) a command runs: xtrace prints one more + for each

    def path(self, p: str) -> str:
        """An absolute path for ``p`` as the shell's working directory resolves it."""
        if not p.startswith("/"):
            p = (self.cwd.rstrip("/") + "/" + p) if p not in ("", ".") else self.cwd
        parts: list = []
        for part in p.split("/"):
            if part in ("", "."):
                continue
            if part == "..":
                if parts:
                    parts.pop()
                continue
            parts.append(part)
        return "/" + "/".join(parts)

    def enter(self, name: str) -> None:
        """Start the shell ``name``: its own exports join the environment it was given."""
        self.shell = name.rsplit("/", 1)[-1]
        self.flavour = self.shells.get(self.shell, utilities.ASH)
        self.in_shell = True
        if self.flavour == utilities.BASH:
            try:
                level = int(self.env.get("SHLVL", "0")) + 1
            except ValueError:
                level = 1
            self.env.pop("SHLVL", None)
            self.env["SHLVL"] = str(level)
        self.env.setdefault("PWD", self.cwd)

    def listed_env(self, program: str) -> list[str]:
        """The order a program sees its environment in: the shell's exports, or the process's own."""
        if not self.in_shell:
            return list(self.env)
        if self.flavour == utilities.BASH:
            self.env.pop("_", None)
            self.env["_"] = "/usr/bin/" + program  # bash puts the command's path in $_ for it
        return [n for n in utilities.exported_order(self.env, self.flavour) if n not in self.local]

    def exported(self) -> dict:
        return {k: v for k, v in self.env.items() if k not in self.local} if self.local else self.env

    def assign(self, name: str, value: str) -> None:
        """``NAME=value`` on its own: a new name is a shell variable, not exported."""
        if name not in self.env:
            self.local.add(name)
        self.env[name] = value

    def fork(self) -> int:
        """The PID of a program this shell starts (the exec'd program's own, the first time)."""
        pid, self.reserved_pid = self.reserved_pid, 0
        if not pid and self.procs is not None:
            pid = self.procs.spawn()
        return pid

    def where(self) -> str:
        """How this shell starts an error message (utilities.where)."""
        return utilities.where(self.flavour, self.shell, self.lineno, self.interactive)


class _ShellError(Exception):
    """An expansion error: busybox prints ``sh: <message>`` and the command fails with 2."""


def _arith(expr: str, ctx: Env) -> str:
    """$((expr)): integers, variables by name or $name, + - * / % and comparisons (busybox ash)."""
    text = expr.replace(_SPACE, " ").replace(_SEMI, ";")
    text = re.sub(r"\$\{?(\w+)\}?", lambda m: ctx.env.get(m.group(1), "") or "0", text)

    def value(m):
        raw = (ctx.env.get(m.group(0), "") or "0").strip()
        if not re.fullmatch(r"-?[0-9]+", raw):
            raise _ShellError("arithmetic syntax error")
        return raw
    text = re.sub(r"[A-Za-z_]\w*", value, text)
    if not re.fullmatch(r"[0-9\s+\-*/%()<>=!]*", text) or re.search(r"(?<![=!<>])=(?!=)", text):
        raise _ShellError("arithmetic syntax error")  # no assignment inside $((...)) here
    py = text.replace("/", "//").replace("!", " not ").replace(" not =", "!=")
    try:
        result = eval(py, {"__builtins__": {}}, {})  # noqa: S307 - digits and operators only
    except ZeroDivisionError:
        raise _ShellError("divide by zero") from None
    except Exception:
        raise _ShellError("arithmetic syntax error") from None
    return str(int(result))


def _substitute(cmd: str, ctx: Env, offset: float) -> str:
    """$(command): what the command prints, trailing newlines removed."""
    script = cmd.replace(_SPACE, " ").replace(_SEMI, ";").replace(_PIPE, "|").strip()
    if script.startswith("<") and ctx.flavour == utilities.BASH:
        # bash's $(<FILE): the file's contents, without running cat (no trace line either)
        content = ctx.files.read(ctx.path(_expand(script[1:].strip(), ctx, offset)))
        return (content if isinstance(content, str) else "").rstrip("\n")
    if script in ("date", "hostname"):
        if ctx.trace is not None:
            ctx.trace.append((offset, "+" * (ctx.subshells + 2) + f" {script}\n"))
        return ctx.now_text(offset) if script == "date" else ctx.hostname
    out: list = []
    saved, tty = ctx.status, ctx.tty
    ctx.tty = False  # the shell reads what the command writes through a pipe
    ctx.subshells += 1
    try:
        _run_statements(_statements(split_script(script)), ctx, offset, out, None, None)
    except _Exit:
        pass
    ctx.subshells -= 1
    ctx.status, ctx.tty = saved, tty
    return "".join(text for _, text in out).rstrip("\n")


def _expand(tok: str, ctx: Env, offset: float) -> str:
    tok = _index_arrays(tok, ctx)

    def sub(m):
        if m.group(1) is not None:
            return _arith(m.group(1), ctx)
        if m.group(2) is not None:
            return _substitute(m.group(2), ctx, offset)
        name = m.group(3) or m.group(4)
        if name == "?":
            return str(ctx.status)
        if name == "HOSTNAME" and name not in ctx.env:
            return ctx.hostname
        return ctx.env.get(name, "")
    return _EXPANSION.sub(sub, tok).replace(_SPACE, " ").replace(_SEMI, ";")


_PIPE = "\x03"  # a '|' inside $(...): the pipeline is the substituted command's, not the word's


def _protect(script: str) -> str:
    """Keep the spaces, semicolons and pipes of ``$(...)`` and ``$((...))`` inside one word."""
    out = []
    i = 0
    n = len(script)
    while i < n:
        if script.startswith("$(", i):
            depth = 0
            j = i + 1
            while j < n:
                if script[j] == "(":
                    depth += 1
                elif script[j] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            inner = script[i:j + 1]
            out.append(inner.replace(" ", _SPACE).replace(";", _SEMI).replace("|", _PIPE))
            i = j + 1
            continue
        out.append(script[i])
        i += 1
    return "".join(out)


def split_script(script: str) -> list:
    """Tokens of a script: words and the operators ; && || | > >> and newlines as ;. A
    here-document is one word carrying its body (heredocs.take), taken out before the lines go."""
    script, _ = heredocs.take(script)
    script = "\n".join(_normalised(line) for line in _continued(script).split("\n"))
    lex = shlex.shlex(_protect(script).replace("\n", " ; "), posix=True, punctuation_chars=";&|>")
    lex.whitespace_split = True
    lex.commenters = ""
    try:
        return list(lex)
    except ValueError:
        return script.split()


def _continued(script: str) -> str:
    """The script with each backslash-newline removed, outside single quotes: the line goes on
    (POSIX XCU 2.2.1; inside double quotes too, 2.2.3)."""
    if "\\\n" not in script:
        return script
    out: list = []
    quote = ""
    i = 0
    while i < len(script):
        c = script[i]
        if c == "\\" and quote != "'":
            if script[i + 1:i + 2] == "\n":
                i += 2
                continue
            out.append(script[i:i + 2])
            i += 2
            continue
        if quote:
            quote = "" if c == quote else quote
        elif c in "'\"":
            quote = c
        elif c == "#" and (i == 0 or script[i - 1] in " \t\n;&|("):
            end = script.find("\n", i)
            end = len(script) if end < 0 else end
            out.append(script[i:end])  # a comment: its quotes are words (``we're``), not quoting
            i = end
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _normalised(line: str) -> str:
    """A line as the word splitter reads it: without its comment (``#`` where a word begins, outside
    quotes: POSIX XCU 2.3 rule 9), and with `` `cmd` `` written ``$(cmd)``, the same substitution
    (XCU 2.6.3), outside single quotes."""
    if "#" not in line and "`" not in line:
        return line  # most lines: nothing to do, and every container's command passes here
    out: list = []
    quote = ""
    i = 0
    while i < len(line):
        c = line[i]
        if c == "`" and quote != "'":
            end = line.find("`", i + 1)
            if end > i:
                out.append("$(" + line[i + 1:end] + ")")
                i = end + 1
                continue
        if c == "\\" and quote != "'" and i + 1 < len(line):
            out.append(line[i:i + 2])  # an escaped character is itself, whatever it is
            i += 2
            continue
        if quote:
            quote = "" if c == quote else quote
        elif c in "'\"":
            quote = c
        elif c == "#" and (i == 0 or line[i - 1] in " \t;&|("):
            break
        out.append(c)
        i += 1
    return "".join(out)


_SEPARATORS = (";", "&&", "||", "|", ";;")
# Commands a shell runs itself, without a process of their own (ps counts the others).
_BUILTINS = frozenset(("echo", "printf", "true", ":", "false", "exit", "break", "continue", "cd", "export", "unset",
                       "readonly", "test", "[", "[[", "kill", "pwd", "set", "exec"))
_OPENERS = ("do", "then", "else", "elif", "if", "while", "until", "!")


def _keyword_at(tokens: list, j: int, word: str) -> bool:
    """``word`` at ``j`` is a reserved word only where a command starts (so ``echo done`` is not)."""
    return tokens[j] == word and (j == 0 or tokens[j - 1] in _SEPARATORS or tokens[j - 1] in _OPENERS)


def _matching(tokens: list, i: int, opener: tuple, closer: str) -> int:
    """Index of the reserved word that closes the compound command starting at ``i``."""
    depth = 0
    j = i
    while j < len(tokens):
        if any(_keyword_at(tokens, j, o) for o in opener):
            depth += 1
        elif _keyword_at(tokens, j, closer):
            depth -= 1
            if depth == 0:
                return j
        j += 1
    return len(tokens)


def _inside_test(words: list, token: str) -> bool:
    """``&&`` and ``||`` between ``[[`` and ``]]`` join the test's own expressions (bash's cond
    command), not commands."""
    return token in ("&&", "||") and bool(words) and words[0] == "[[" and "]]" not in words


def statements(script: str) -> list:
    """A script's statements: (connector, words or a block, redirect) each."""
    return _statements(split_script(script))


def _statements(tokens: list) -> list:
    """Group tokens into (connector, words, redirect), loop blocks and if blocks."""
    out: list = []
    i = 0
    n = len(tokens)
    conn = ";"
    while i < n:
        t = tokens[i]
        if t in _SEPARATORS:
            conn = t if t in ("&&", "||", "|") else ";"
            i += 1
            continue
        if t in ("while", "until", "for") and _keyword_at(tokens, i, t):
            j = _matching(tokens, i, ("while", "until", "for"), "done")
            do_at = next((k for k in range(i + 1, j) if _keyword_at(tokens, k, "do")), None)
            head = [x for x in tokens[i + 1:do_at if do_at is not None else j] if x != ";"]
            body = tokens[(do_at + 1) if do_at is not None else j:j]
            out.append((conn, ("loop", t, head, _statements(body)), None))
            i = j + 1
            conn = ";"
            continue
        if t == "if" and _keyword_at(tokens, i, "if"):
            j = _matching(tokens, i, ("if",), "fi")
            clauses, otherwise = [], None
            k, depth, start, part = i + 1, 0, i + 1, "cond"
            cond: list = []
            while k < j:
                if _keyword_at(tokens, k, "if"):
                    depth += 1
                elif _keyword_at(tokens, k, "fi"):
                    depth -= 1
                elif depth == 0 and tokens[k] in ("then", "elif", "else") and _keyword_at(tokens, k, tokens[k]):
                    if tokens[k] == "then":
                        cond = tokens[start:k]
                    elif part == "then":
                        clauses.append((_statements(cond), _statements(tokens[start:k])))
                    part = tokens[k] if tokens[k] != "elif" else "cond"
                    start = k + 1
                k += 1
            if part == "else":
                otherwise = _statements(tokens[start:j])
            elif part == "then":
                clauses.append((_statements(cond), _statements(tokens[start:j])))
            out.append((conn, ("if", clauses, otherwise), None))
            i = j + 1
            conn = ";"
            continue
        words = []
        redirect = None
        while i < n and (tokens[i] not in _SEPARATORS or _inside_test(words, tokens[i])):
            if tokens[i] in (">", ">>") and i + 1 < n:
                redirect = (tokens[i], tokens[i + 1])
                i += 2
                continue
            if tokens[i] == ">&" and i + 1 < n and tokens[i + 1].isdigit():
                # N>&M: what a command writes is one stream here, so joining its descriptors changes nothing.
                if words and words[-1].isdigit():
                    words.pop()
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
        # A loop whose body reads files: (condition time, body, Env) to read it again (reread_loop).
        self.loop_src: tuple | None = None
        # The loop's body asks a server each pass (mysql, redis-cli): the kubelet runs each pass at its
        # time (live_pass), so each sees the Service's endpoints and the data as they are then.
        self.live = False
        self.exit_at: float | None = None
        self.exit_code = 0
        self.follow: tuple | None = None  # Env.follow: the file ``tail -f`` goes on printing
        self.resume_at: float | None = None  # a replayed script's next network call (Replay)
        self.serve: tuple | None = None  # (port, what serves, offset): the command went on as a server


# sleep's suffixes, as coreutils and busybox (FEATURE_FANCY_SLEEP, on in Docker's busybox) read them: `sleep 1d`.
_SLEEP_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _sleep_seconds(args: list) -> float | None:
    if args and args[0] in ("infinity", "inf"):
        return FOREVER
    word = (args or ["0"])[0]
    unit = _SLEEP_UNITS.get(word[-1:], 0)
    try:
        return float(word[:-1] if unit else word) * (unit or 1)
    except ValueError:
        return None


def _run_words(words: list, ctx: Env, t: float, out: list, ops: list | None) -> tuple[int, float]:
    """Run one simple command. Appends (offset, text) to out; returns (status, new offset)."""
    docs = [w for w in words if w.startswith(heredocs.MARK)]
    if docs:
        # The command reads its (last) here-document as its stdin.
        text, expand = heredocs.body(docs[-1])
        saved = ctx.stdin
        try:
            ctx.stdin = _expand(text, ctx, t) if expand else text
        except _ShellError as e:
            out.append((t, f"{ctx.shell}: {e}\n"))
            return 2, t
        try:
            return _run_words([w for w in words if not w.startswith(heredocs.MARK)], ctx, t, out, ops)
        finally:
            ctx.stdin = saved
    if ctx.flavour == utilities.BASH and words and _ARRAY_ASSIGN.match(words[0]):
        return _assign_array(words, ctx, t, out)
    try:
        words = [_expand(w, ctx, t) for w in words]
    except _ShellError as e:
        out.append((t, f"{ctx.shell}: {e}\n"))
        return 2, t
    assigns = []
    while words and _ASSIGN.match(words[0]) and _NAME.match(words[0].split("=", 1)[0]):
        assigns.append(words.pop(0).split("=", 1))
    if ctx.trace is not None:
        _trace(ctx, t, assigns, words)
    if not words:
        for k, v in assigns:
            ctx.assign(k, v)
        return 0, t
    saved = {k: ctx.env.get(k) for k, _ in assigns}
    for k, v in assigns:  # VAR=value cmd: for that command only
        ctx.env[k] = v
    try:
        return _command(words, ctx, t, out, ops)
    finally:
        for k, v in saved.items():
            if v is None:
                ctx.env.pop(k, None)
            else:
                ctx.env[k] = v


def _assign_array(words: list, ctx: Env, t: float, out: list) -> tuple[int, float]:
    """bash's ``NAME=(a b c)``: the elements expanded and split as a command's words are; ``$NAME``
    is then the first (variables.c: an array's value is its element 0)."""
    m = _ARRAY_ASSIGN.match(words[0])
    name, items = m.group(1), [m.group(2)] + list(words[1:])
    if not items[-1].endswith(")"):
        out.append((t, f"{ctx.where()}syntax error near unexpected token `newline'\n"))
        return 2, t
    items[-1] = items[-1][:-1]
    try:
        values = [v for item in items if item for v in _expand(item, ctx, t).split()]
    except _ShellError as e:
        out.append((t, f"{ctx.shell}: {e}\n"))
        return 1, t
    ctx.arrays[name] = values
    ctx.assign(name, values[0] if values else "")
    return 0, t


def _index_arrays(tok: str, ctx: Env) -> str:
    """``${NAME[expr]}``, ``${NAME[@]}`` and ``${NAME[*]}`` of the bash arrays the shell set (BASH_REMATCH
    too); the index is bash's arithmetic (``${items[$JOB_COMPLETION_INDEX]}``)."""
    def element(m):
        name, index = m.group(1), m.group(2)
        items = ctx.arrays.get(name)
        if items is None:
            items = [ctx.env[name]] if name in ctx.env else []
        if index in ("@", "*"):
            return " ".join(items)
        k = int(_arith(index, ctx))
        return items[k] if 0 <= k < len(items) else ""
    return _ARRAY_INDEX.sub(element, tok) if "[" in tok else tok


def _say(out: list, t: float, text: str) -> None:
    if text:
        out.append((t, text))


def _command(words: list, ctx: Env, t: float, out: list, ops: list | None) -> tuple[int, float]:
    cmd, args = words[0], words[1:]
    base = cmd.rsplit("/", 1)[-1]
    files = ctx.files
    if base in ctx.tools and not on_path(ctx.files, base):
        _say(out, t, utilities.not_found(ctx.flavour, ctx.shell, cmd, ctx.lineno, ctx.interactive))
        return 127, t
    session = ctx.session
    flavour = ctx.flavour
    if base not in _BUILTINS:
        ctx.pid = ctx.fork()
    if base == "echo":
        _say(out, t, utilities.echo(args, flavour))
        return 0, t
    if base == "printf":
        code, text = utilities.printf(args)
        _say(out, t, text)
        return code, t
    if base == "sleep":
        s = _sleep_seconds(args)
        if s is None:
            _say(out, t, f"sleep: invalid number '{args[0]}'\n")
            return 1, t
        if session is not None:
            session.sleep(s)
            return 0, t
        return 0, t + s
    if base in ("true", ":"):
        return 0, t
    if base == "false":
        return 1, t
    if base == "exit":
        try:
            code = int(args[0]) if args else ctx.status
        except ValueError:
            code = 2
        raise _Exit(code & 0xFF, t)
    if base in ("break", "continue"):
        raise _Break() if base == "break" else _Continue()
    if base == "cd":
        named = args[0] if args else ctx.env.get("HOME", "/")
        target = ctx.path(named)
        if files.listdir(target) is None:
            why = "Not a directory" if files.exists(target) else "No such file or directory"
            _say(out, t, f"{ctx.where()}cd: can't cd to {named}: {why}\n" if flavour == utilities.ASH else
                 f"{ctx.where()}cd: can't cd to {named}\n" if flavour == utilities.DASH else
                 f"{ctx.where()}cd: {named}: {why}\n")
            return (2 if flavour == utilities.DASH else 1), t
        if ctx.in_shell and target != ctx.cwd:
            ctx.env["OLDPWD"] = ctx.cwd
        ctx.cwd = target
        ctx.env["PWD"] = target
        return 0, t
    if base in ("export", "unset", "readonly"):
        return _export(base, args, ctx, t, out), t
    if base == "tail" and ("-f" in args or "-F" in args):
        if session is not None:
            session.sleep(FOREVER)
        else:
            # A container's main process following a file: its lines reach the log as the file grows
            # (the kubelet reads them with the logs, Kubelet.followed).
            start, n, rest = utilities.tail_args(args)
            paths = [a for a in rest if a not in ("-f", "-F")]
            if paths:
                ctx.follow = (ctx.path(paths[0]), start, n)
        return 0, FOREVER
    if base in ("head", "tail"):
        refused = _refused_reads(args, ctx)
        if refused:  # busybox bb_perror_msg: the file's name, then strerror
            _say(out, t, "".join(f"{base}: {p}: {why}\n" for p, why in refused))
            return 1, t
        code, text = utilities.head_tail(base, args, ctx.stdin, lambda p: files.read(ctx.path(p)))
        _say(out, t, text)
        return code, t
    if base == "grep":
        code, text = utilities.grep(args, ctx.stdin, lambda p: files.read(ctx.path(p)), ctx.shell)
        _say(out, t, text)
        return code, t
    if base in ("wc", "sort", "base64"):
        text = ctx.stdin
        paths = [a for a in args if not a.startswith("-")]
        if paths:
            text = files.read(ctx.path(paths[0])) or ""
        code, text = (utilities.wc(args, text) if base == "wc" else utilities.sort(args, text) if base == "sort"
                      else utilities.base64_(args, text))
        _say(out, t, text)
        return code, t
    if base == "date":
        _say(out, t, ctx.now_text(t) + "\n")
        return 0, t
    if base == "hostname":
        code, text = utilities.hostname_(args, ctx.hostname, files.read("/etc/hosts") or "")
        _say(out, t, text)
        return code, t
    if base in ("env", "printenv"):
        order = ctx.listed_env(base)
        code, text = utilities.printenv([] if base == "env" else args, ctx.exported(), order)
        _say(out, t, text)
        return code, t
    if base == "whoami":
        uid = ctx.ids[0]
        _say(out, t, "root\n" if uid == 0 else f"whoami: unknown uid {uid}\n")
        return (0 if uid == 0 else 1), t
    if base == "id":
        _say(out, t, utilities.id_(ctx.ids))
        return 0, t
    if base == "pwd":
        _say(out, t, ctx.cwd + "\n")
        return 0, t
    if base == "uname":
        _say(out, t, ("Linux" if not args else f"Linux {ctx.hostname} 6.8.0-51-generic #52-Ubuntu SMP x86_64 GNU/Linux") + "\n")
        return 0, t
    if base == "seq":
        try:
            nums = [int(a) for a in args]
        except ValueError:
            _say(out, t, f"seq: invalid number '{next(a for a in args if not re.fullmatch(r'-?[0-9]+', a))}'\n")
            return 1, t
        first, step, last = (1, 1, nums[0]) if len(nums) == 1 else (nums[0], 1, nums[1]) if len(nums) == 2 else \
            (nums[0], nums[1], nums[2]) if len(nums) == 3 else (None, None, None)
        if first is None or step == 0:
            _say(out, t, "Usage: seq [-w] [-s SEP] [FIRST [INC]] LAST\n")
            return 1, t
        v = first
        while (step > 0 and v <= last) or (step < 0 and v >= last):
            _say(out, t, f"{v}\n")
            v += step
        return 0, t
    if base == "rev":
        code, text = utilities.rev(args, ctx.stdin, lambda p: files.read(ctx.path(p)))
        _say(out, t, text)
        return code, t
    if base == "cat":
        status = 0
        if not [p for p in args if p != "-"]:
            _say(out, t, ctx.stdin)
        for p in args:
            if p == "-":
                continue
            content = files.read(ctx.path(p))
            if content is None:
                what = "Is a directory" if files.listdir(ctx.path(p)) is not None else "No such file or directory"
                what = _refused_read(ctx, p) or what
                _say(out, t, f"cat: can't open '{p}': {what}\n" if flavour == utilities.ASH else f"cat: {p}: {what}\n")
                status = 1
            else:
                _say(out, t, content)
        return status, t
    if base == "ls":
        # The image's ls: busybox's beside ash, GNU coreutils' in the Debian family (listing.py).
        code, text = listing.ls(args, files, ctx.path, ctx.shells.get("sh") != utilities.ASH,
                                listing.TERMINAL_WIDTH if ctx.tty else None)
        _say(out, t, text)
        return code, t
    if base in ("touch", "rm", "mkdir"):
        status = 0
        mode = ""
        if base == "mkdir" and "-m" in args[:-1]:
            # mkdir -m MODE (the local-path setup script's ``mkdir -m 0777 -p``): MODE is no path.
            at = args.index("-m")
            mode, args = args[at + 1], args[:at] + args[at + 2:]
        flags = "".join(a[1:] for a in args if a.startswith("-"))
        recursive = base == "rm" and ("r" in flags or "R" in flags)
        for named in args:
            if named.startswith("-"):
                continue
            p = ctx.path(named)
            refused = _refused(ctx, p) if ops is None and (base != "touch" or not files.exists(p)) else None
            if refused:
                _say(out, t, _refusal(base, named, refused, ctx.shells.get("sh") != utilities.ASH))
                status = 1
                continue
            if ops is not None:
                ops.append((t, base, p, "-r" if recursive else mode))
            else:
                if base == "touch" and not files.exists(p):
                    files.write(p, "")
                elif base == "rm":
                    if not (files.remove_tree(p) if recursive else files.remove(p)) and "f" not in flags:
                        _say(out, t, f"rm: can't remove '{p}': No such file or directory\n")
                        return 1, t
                elif base == "mkdir":
                    files.write(p.rstrip("/") + "/", "")
                    if mode:
                        files.chmod(p, int(mode, 8))
        return status, t
    if base in _MOVING:
        # In a container's own command the changes are the timeline's, at this offset (_Recorded).
        code, text = _MOVING[base](args, files if ops is None else _Recorded(files, ops, t), ctx.path,
                                   ctx.shells.get("sh") != utilities.ASH, lambda p: _refused(ctx, p))
        _say(out, t, text)
        return code, t
    if base == "[[" and flavour == utilities.BASH and len(args) == 4 and args[1] == "=~" and args[3] == "]]":
        return _matches(args[0], args[2], ctx), t
    if base == "set":
        return _set(args, ctx), t
    if base == "exec" and args:
        return _command(args, ctx, t, out, ops)  # the program replaces the shell [simplified: it returns]
    if base in ("test", "[") or (base == "[[" and flavour != utilities.DASH):
        exists = lambda p: files.exists(ctx.path(p))  # noqa: E731
        return utilities.test(args, exists, {"[": "]", "[[": "]]"}.get(base, "")), t
    if base == "kill":
        return _kill(args, ctx, t, out), t
    if base == "sysctl" and ctx.shells.get("sh") == utilities.ASH:
        code, text = sysctls.command(args, files.read)  # a busybox applet
        _say(out, t, text)
        return code, t
    if base == "ps" and ctx.procs is not None and ctx.shells.get("sh") == utilities.ASH:
        # busybox ps (procps/ps.c): its arguments (ps aux) change nothing without -o.
        _say(out, t, ctx.procs.ps(ctx.lineage, (ctx.pid, " ".join(words))))
        return 0, t
    if base in ctx.shells and len(args) >= 2 and script_flag(args[0]):
        saved = (ctx.shell, ctx.flavour, ctx.in_shell)
        ctx.enter(base)
        try:
            return _run_script(args[1], ctx, t, out, ops)
        finally:
            ctx.shell, ctx.flavour, ctx.in_shell = saved
    if base in ("redis-cli", "mysql") and base in ctx.tools:
        ctx.talked = True
    if base in ("zkCli.sh", "zookeeper-ready") and base in ctx.tools and files.exists("/usr/bin/" + base):
        if base == "zookeeper-ready":
            return zookeeper_cli.ready(args, ctx), t
        code, text, trying = zookeeper_cli.zkcli(args, ctx, ctx.net.now() if ctx.net is not None else 0.0)
        _say(out, t, text)
        if trying and session is not None:
            session.sleep(FOREVER)  # it retries until Ctrl-C
        return code, t
    if base in ("ps", "pkill") and base in ctx.tools and ctx.procs is not None:
        # procps-ng, in the images that ship it (the ZooKeeper image's Ubuntu): ps -ef's full format, pkill
        # matching PID 1's name.
        if base == "ps":
            flags = "".join(a[1:] for a in args if a.startswith("-"))
            _say(out, t, ctx.procs.ps_full((ctx.pid, " ".join(words)), zookeeper_cli.USERS, "l" in flags))
            return 0, t
        code, text = processes.pkill(args, ctx.procs.main_args, ctx.signal)
        _say(out, t, text)
        return code, t
    if base == "redis-cli" and base in ctx.tools:
        code, text = redis_cli.run(args, ctx, ctx.tty)
        _say(out, t, text)
        return code, t
    if base == "mysql" and base in ctx.tools:
        if ctx.replay is not None:  # a script waiting on a server: its answers are kept (Replay)
            code, text, _, _ = ctx.replay.call(_Asking(ctx), [base] + args, t)
        else:
            code, text = mysql_client.run(args, ctx, ctx.tty)
        _say(out, t, text)
        return code, t
    if base == "mysqladmin" and base in ctx.tools:
        code, text = mysql_client.admin(args, ctx)
        _say(out, t, text)
        return code, t
    if base == "sed":
        code, text = sed.run(args, ctx.stdin, lambda p: files.read(ctx.path(p)))
        _say(out, t, text)
        return code, t
    if base in xtrabackup.TOOLS and base in ctx.tools:
        try:
            code, text = xtrabackup.run(base, args, ctx, files if ops is None else _Recorded(files, ops, t))
        except xtrabackup.Serving as serving:
            serving.t = t  # ncat --listen: the command serves from here on, until the container stops
            raise
        _say(out, t, text)
        return code, t
    if base == "cqlsh" and base in ctx.tools:
        _say(out, t, nodetool.CQLSH_NO_PYTHON)
        return 1, t
    if base == "nodetool" and base in ctx.tools:
        code, text, elapsed = nodetool.run(args, ctx)
        _say(out, t, text)
        if session is not None:
            session.sleep(elapsed)
            return code, t
        return code, t + elapsed
    if "/" in cmd and (files.read(ctx.path(cmd)) or "").startswith("#!"):
        return _run_file(cmd, args, ctx, t, out, ops)
    if base in NET_TOOLS and base in ctx.tools and ctx.net is not None:
        code, stdout, stderr, elapsed = (ctx.net([base] + args) if ctx.replay is None
                                          else ctx.replay.call(ctx.net, [base] + args, t))
        _say(out, t, stdout + stderr if code == 0 else stderr + stdout)
        if session is not None:
            session.sleep(elapsed)
            return code, t
        return code, t + elapsed
    _say(out, t, utilities.not_found(flavour, ctx.shell, cmd, ctx.lineno, ctx.interactive))
    return 127, t


# Commands that change files: now (exec, an attached shell), or as a container's timeline (_Recorded).
_MOVING = {"mv": moving.mv, "cp": moving.cp, "rmdir": moving.rmdir, "chmod": moving.chmod}


class _Recorded:
    """A container's files as its own command changes them: reads see the files as they are at its
    start, writes and removals become the timeline's file operations at offset ``t``."""

    def __init__(self, files, ops: list, t: float):
        self.files, self.ops, self.t = files, ops, t

    def write(self, path: str, content) -> None:
        self.ops.append((self.t, "mkdir" if path.endswith("/") else "write", path, content))

    def remove(self, path: str) -> bool:
        self.ops.append((self.t, "rm", path, ""))
        return self.files.exists(path)

    def remove_dir(self, path: str) -> bool:
        return self.remove(path)

    def chmod(self, path: str, mode: int) -> None:
        pass  # [approximate] a container command's chmod is not replayed on its files

    def __getattr__(self, name):
        return getattr(self.files, name)


def on_path(files, tool: str) -> bool:
    """Whether the image's ``tool`` is still where $PATH finds it (``mv /usr/bin/mysql /usr/bin/mysql.off``
    takes it away: the file is whited out over the image's)."""
    removed = getattr(files, "removed", None)
    return not (removed is not None and removed(TOOL_DIR + tool))


TOOL_DIR = "/usr/bin/"  # where the images' tools are installed


# POSIX bracket expressions' classes, as Python's re writes them inside [...] (regcomp's [[:space:]]).
_CLASSES = {"space": r"\s", "blank": r" \t", "digit": "0-9", "alpha": "A-Za-z", "alnum": "A-Za-z0-9",
            "upper": "A-Z", "lower": "a-z", "xdigit": "0-9A-Fa-f"}


def _matches(text: str, pattern: str, ctx: Env) -> int:
    """bash's ``[[ STRING =~ REGEX ]]``: 0 when the extended regular expression matches anywhere, and
    BASH_REMATCH holds the match and its groups (bash cond.c sh_regmatch); 2 for a bad pattern."""
    for name, chars in _CLASSES.items():
        pattern = pattern.replace(f"[:{name}:]", chars)
    try:
        m = re.search(pattern, text)
    except re.error:
        return 2
    if m is None:
        ctx.arrays["BASH_REMATCH"] = []
        return 1
    ctx.arrays["BASH_REMATCH"] = [m.group(0)] + [g or "" for g in m.groups()]
    return 0


def _set(args: list, ctx: Env) -> int:
    """``set -e`` / ``set -x`` (and their ``+``): errexit, and xtrace's ``+ command`` lines on stderr,
    which go to the script's own output stream (``Env.stream``), not into a pipe."""
    for a in args:
        if a[:1] in "-+" and len(a) > 1:
            if "e" in a[1:]:
                ctx.errexit = a[0] == "-"
            if "x" in a[1:]:
                ctx.trace = ctx.stream if a[0] == "-" else None
    return 0


# The characters that make bash quote a word it traces (general.c sh_contains_shell_metas).
_METAS = set(" \t\n'\"\\|&;()<>!{}*[?]^$`")


def _traced(word: str) -> str:
    if word == "":
        return "''"
    if any(ch in _METAS for ch in word) or word[0] in "~#":
        return "'" + word.replace("'", "'\\''") + "'"  # sh_single_quote
    return word


def _trace(ctx: Env, t: float, assigns: list, words: list) -> None:
    """bash's xtrace of a simple command (print_cmd.c xtrace_print_word_list): ``+ `` then the
    assignments and the expanded words, quoted where the shell would need it; a ``[[ ]]`` test
    shows its operands as they are (xtrace_print_cond_term)."""
    shown = [f"{k}={_traced(v)}" for k, v in assigns]
    if words and words[0] == "[[":
        shown += words
    else:
        shown += [_traced(w) for w in words]
    ctx.trace.append((t, "+" * (ctx.subshells + 1) + " " + " ".join(shown) + "\n"))


def _run_file(cmd: str, args: list, ctx: Env, t: float, out: list, ops: list | None) -> tuple[int, float]:
    """An executable script named by its path: the kernel runs its #! interpreter on it (a shell the
    image has; any other interpreter is not found, as exec reports a missing one)."""
    text = ctx.files.read(ctx.path(cmd)) or ""
    name = text[2:].split("\n", 1)[0].strip().split(" ")[0].rsplit("/", 1)[-1]
    if name not in ctx.shells:
        _say(out, t, utilities.not_found(ctx.flavour, ctx.shell, cmd, ctx.lineno, ctx.interactive))
        return 127, t
    saved = (ctx.shell, ctx.flavour, ctx.in_shell)
    ctx.enter(name)
    try:
        return _run_script(text.split("\n", 1)[1] if "\n" in text else "", ctx, t, out, ops)
    except _Exit as e:
        return e.code, e.t
    finally:
        ctx.shell, ctx.flavour, ctx.in_shell = saved


def _refused(ctx: Env, path: str) -> str | None:
    """Why the container's files refuse a write to ``path`` (Files.write_error), or None."""
    check = getattr(ctx.files, "write_error", None)
    return check(path) if check is not None else None


def _refusal(program: str, named: str, why: str, gnu: bool) -> str:
    """touch, mkdir and rm refused by the file system: busybox's words (touch.c bb_simple_perror_msg,
    mkdir.c, remove_file.c), or GNU coreutils' in the Debian family."""
    verb = {"touch": "touch", "mkdir": "create directory", "rm": "remove"}[program]
    if gnu:
        return f"{program}: cannot {verb} '{named}': {why}\n"
    if program == "touch":
        return f"touch: {named}: {why}\n"
    return f"{program}: can't {verb} '{named}': {why}\n"


def _export(builtin: str, args: list, ctx: Env, t: float, out: list) -> int:
    """export NAME[=value]... (no names: the exports as the shell prints them), unset NAME..."""
    if builtin == "unset":
        for name in args:
            ctx.env.pop(name, None)
            ctx.local.discard(name)
        return 0
    names = [a for a in args if not a.startswith("-")]
    if not names:
        listed = sorted(ctx.exported())
        _say(out, t, "".join(f'declare -x {k}="{ctx.env[k]}"\n' for k in listed) if ctx.flavour == utilities.BASH else
             "".join(f"{builtin} {k}='{ctx.env[k]}'\n" for k in listed))
        return 0
    for a in names:
        name, eq, value = a.partition("=")
        if not _NAME.match(name):
            _say(out, t, f"{ctx.where()}{builtin}: `{a}': not a valid identifier\n" if ctx.flavour == utilities.BASH
                 else f"{ctx.where()}{builtin}: {name}: bad variable name\n")
            return 1 if ctx.flavour == utilities.BASH else 2
        if eq:
            ctx.env[name] = value
        if builtin == "export":
            ctx.local.discard(name)  # (an unset name stays out of the environment until it is set)
    return 0


def _refused_read(ctx: Env, p: str) -> str | None:
    """Why a file of another process's /proc/PID/root cannot be opened (processes.Processes.root_error)."""
    return ctx.procs.root_error(ctx.path(p)) if ctx.procs is not None and ctx.procs.ns is not None else None


def _refused_reads(args: list, ctx: Env) -> list:
    return [(a, why) for a in args if not a.startswith("-") and (why := _refused_read(ctx, a))]


_SIGNALS = {"1": "HUP", "2": "INT", "9": "KILL", "15": "TERM"}


def _kill(args: list, ctx: Env, t: float, out: list) -> int:
    """kill [-SIG | -s SIG] PID...: PID 1 is the container's main process (the only one the simulation
    knows besides the shell); a signal to it goes to the kubelet's runtime, others find no process. In a
    shared PID namespace the pod's processes are the ones Env.procs lists."""
    sig, pids = "TERM", []
    i = 0
    while i < len(args):
        a = args[i]
        if a == "-s" and i + 1 < len(args):
            sig, i = args[i + 1], i + 2
            continue
        if a.startswith("-") and len(a) > 1 and not pids:
            sig = a[1:]
        else:
            pids.append(a)
        i += 1
    sig = _SIGNALS.get(sig, sig.upper().removeprefix("SIG"))
    status = 0
    procs = ctx.procs
    for pid in pids:
        if procs is not None and procs.ns is not None:
            # A shared namespace (processes.PidNamespace): PID 1 is /pause, whose handlers
            # (pause.c: SIGINT, SIGTERM, SIGCHLD) this kill does not reach [approximate].
            sender = ctx.lineage[-1][0] if ctx.lineage else ctx.pid
            if pid.isdigit() and procs.kill(int(pid), sig, sender, ctx.lineage):
                continue
        elif pid == "1" and ctx.signal is not None:
            ctx.signal(sig)
            continue
        status = 1
        _say(out, t, f"{ctx.shell}: line 1: kill: ({pid}) - No such process\n" if ctx.flavour == utilities.BASH else
             f"{ctx.shell}: 1: kill: No such process\n" if ctx.flavour == utilities.DASH else
             f"{ctx.shell}: can't kill pid {pid}: No such process\n")
    return status


DATE_MARK = "\x00date\x00"
# A number a container's loop prints that grows by the same step on every pass (``echo "$i: $(date)";
# i=$((i+1))``): "\x00n<first>,<step>\x00", filled in with the pass's own value when its lines are read.
PASS_MARK = "\x00n"
_PASS_MARK = re.compile(r"\x00n(-?\d+),(-?\d+)\x00")
_NUMBER = re.compile(r"-?\d+")


def _date_mark(offset: float) -> str:
    return DATE_MARK


def fill_pass(text: str, k: int) -> str:
    """``text`` of a loop's pass ``k`` (0 first): each progression mark becomes its value then."""
    return _PASS_MARK.sub(lambda m: str(int(m.group(1)) + k * int(m.group(2))), text)


def _progression(first: str, second: str) -> str | None:
    """The text of every pass from two passes that differ only in numbers, each changed number
    marked with its first value and step; None when they differ otherwise."""
    if first == second:
        return first
    a_parts, b_parts = _NUMBER.split(first), _NUMBER.split(second)
    if a_parts != b_parts:
        return None
    out = [a_parts[0]]
    for a, b, rest in zip(_NUMBER.findall(first), _NUMBER.findall(second), a_parts[1:]):
        out.append(a if a == b else f"{PASS_MARK}{int(a)},{int(b) - int(a)}\x00")
        out.append(rest)
    return "".join(out)


def _passes(body_out: list, body_ops: list, again_out: list, again_ops: list) -> tuple[list, list] | None:
    """Pass 0's output and file writes made good for every pass, given what pass 1 did: numbers that
    moved between them become progressions. None when the passes differ in anything else."""
    if [o for o, _ in body_out] != [o for o, _ in again_out] or \
            [(o, op, path) for o, op, path, _ in body_ops] != [(o, op, path) for o, op, path, _ in again_ops]:
        return None
    out = [(o, _progression(a, b)) for (o, a), (_, b) in zip(body_out, again_out)]
    ops = [(o, op, path, _progression(a, b) if isinstance(a, str) and isinstance(b, str) else (a if a == b else None))
           for (o, op, path, a), (*_, b) in zip(body_ops, again_ops)]
    if any(text is None for _, text in out) or any(op[3] is None for op in ops):
        return None
    return out, ops


class _Exit(Exception):
    def __init__(self, code: int, t: float):
        self.code = code
        self.t = t


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


def _run_statements(stmts: list, ctx: Env, t: float, out: list, ops: list | None, tl: Timeline | None) -> tuple[int, float]:
    status = ctx.status
    i = 0
    while i < len(stmts):
        conn = stmts[i][0]
        j = i + 1
        while j < len(stmts) and stmts[j][0] == "|":
            j += 1
        pipeline, i = stmts[i:j], j
        if conn == "&&" and status != 0:
            continue
        if conn == "||" and status == 0:
            continue
        last_of_list = i >= len(stmts) or stmts[i][0] not in ("&&", "||")
        if len(pipeline) == 1:
            _, words, redirect = pipeline[0]
            status, t = _run_one(words, redirect, ctx, t, out, ops, tl)
        else:
            # cmd1 | cmd2: each reads what the one before it wrote (stdin is "" unless piped).
            saved, data, tty = ctx.stdin, ctx.stdin, ctx.tty
            try:
                for k, (_, words, redirect) in enumerate(pipeline):
                    last = k == len(pipeline) - 1
                    sub: list = out if last else []
                    ctx.stdin = data
                    ctx.tty = tty and last  # only the last command writes to the terminal
                    status, t = _run_one(words, redirect, ctx, t, sub, ops, None)
                    if t == FOREVER:
                        break
                    data = "".join(text for _, text in sub)
            finally:
                ctx.stdin, ctx.tty = saved, tty
        ctx.status = status
        if t == FOREVER:
            return status, t
        if status != 0 and ctx.errexit and not ctx.conditions and last_of_list:
            raise _Exit(status, t)  # set -e
    return status, t


def _run_one(words, redirect, ctx: Env, t: float, out: list, ops: list | None, tl: Timeline | None) -> tuple[int, float]:
    """One command of a pipeline: a loop, an if, or a simple command (with its > or >>)."""
    if isinstance(words, tuple) and words[0] == "if":
        return _run_if(words, ctx, t, out, ops, tl)
    if isinstance(words, tuple):
        return _run_loop(words, ctx, t, out, ops, tl)
    if redirect is None:
        return _run_words(words, ctx, t, out, ops)
    sub: list = []
    tty, ctx.tty = ctx.tty, False  # its output goes to the file
    try:
        status, t = _run_words(words, ctx, t, sub, ops)
    finally:
        ctx.tty = tty
    path = ctx.path(_expand(redirect[1], ctx, t))
    text = "".join(text for _, text in sub)
    refused = _refused(ctx, path) if ops is None and path != "/dev/null" else None
    if refused:
        # The shell cannot open the file: the command's output goes nowhere (ash.c openredirect: status 1;
        # dash's redirection error is 2).
        named = _expand(redirect[1], ctx, t)
        out.append((t, f"{ctx.where()}can't create {named}: {refused}\n" if ctx.flavour == utilities.ASH else
                    f"{ctx.where()}cannot create {named}: {refused}\n" if ctx.flavour == utilities.DASH else
                    f"{ctx.where()}{named}: {refused}\n"))
        return (2 if ctx.flavour == utilities.DASH else 1), t
    if path == "/dev/null":
        pass
    elif ops is not None:
        ops.append((t, "append" if redirect[0] == ">>" else "write", path, text))
    else:
        if redirect[0] == ">>":
            text = (ctx.files.read(path) or "") + text
        ctx.files.write(path, text)
    return status, t


def _run_if(block: tuple, ctx: Env, t: float, out: list, ops: list | None, tl: Timeline | None) -> tuple[int, float]:
    _, clauses, otherwise = block
    for cond, body in clauses:
        ctx.conditions += 1
        try:
            code, t = _run_statements(cond, ctx, t, out, ops, None)
        finally:
            ctx.conditions -= 1
        if t == FOREVER:
            return code, t
        if code == 0:
            return _run_statements(body, ctx, t, out, ops, tl)
    if otherwise is not None:
        return _run_statements(otherwise, ctx, t, out, ops, tl)
    return 0, t


def _dated(chunks: list, start: float, now_text) -> list:
    return [(start + o, text.replace(DATE_MARK, now_text(start + o))) for o, text in chunks]


def _run_loop(block: tuple, ctx: Env, t: float, out: list, ops: list | None, tl: Timeline | None) -> tuple[int, float]:
    _, kind, head, body = block
    if kind == "for":
        items = []
        for item in (head[2:] if len(head) >= 2 and head[1] == "in" else []):
            items.extend(_expand(item, ctx, t).split())  # unquoted: the words the expansion gives
        var = head[0] if head else "i"
        status = 0
        for item in items:
            ctx.assign(var, item)
            try:
                status, t = _run_statements(body, ctx, t, out, ops, tl)
            except _Continue:
                continue
            except _Break:
                break
            if t == FOREVER:
                return status, t
        return status, t
    if ctx.session is not None:
        return _run_loop_in_time(kind, head, body, ctx, t, out, ops)
    if ctx.replay is not None:
        return _run_loop_replayed(kind, head, body, ctx, t, out, ops)
    # while/until, statically: one pass (the condition, then the body) gives the period. A condition
    # that holds the first time (``while true``, ``while sleep 0.01``: sleep exits 0) is taken to
    # hold every time, so the loop runs forever; one that fails ends it at once.
    endless = (kind == "while" and head in (["true"], [":"])) or (kind == "until" and head == ["false"])
    start = t
    body_out: list = []
    body_ops: list = []
    saved, files = ctx.now_text, ctx.files
    ctx.now_text = _date_mark  # each iteration prints its own time: filled in when logs are read
    ctx.files = reads = _Reads(files)
    broke = False
    try:
        t1 = 0.0
        if not endless:
            ctx.conditions += 1
            try:
                cond, t1 = _run_statements(_statements(head), ctx, 0.0, body_out, None, None)
            finally:
                ctx.conditions -= 1
            if (cond == 0) != (kind == "while") or t1 == FOREVER:
                ctx.now_text, ctx.files = saved, files
                out.extend(_dated(body_out, start, saved))
                t = FOREVER if t1 == FOREVER else start + t1
                return 0, t  # a loop whose body never ran exits 0
        talked, ctx.talked = ctx.talked, False
        try:
            status, t2 = _run_statements(body, ctx, t1, body_out, body_ops, None)
        except _Continue:
            status, t2 = 0, t1
        except _Break:
            status, t2, broke = 0, t1, True
        live, ctx.talked = ctx.talked, talked or ctx.talked
        if tl is not None and not broke and not live and t2 not in (0.0, FOREVER):
            # A second pass shows what changes from pass to pass: a counter's numbers go on growing.
            again_out: list = []
            again_ops: list = []
            try:
                _run_statements(body, ctx, t1, again_out, again_ops, None)
            except (_Continue, _Break, _Exit):
                again_out = None
            made = _passes(body_out, body_ops, again_out, again_ops) if again_out is not None else None
            if made is not None:
                body_out, body_ops = made
    finally:
        ctx.now_text, ctx.files = saved, files
    period = t2 if t2 > 0 else 1.0
    _loop_writes(body_ops, start, None if broke else period, ctx, ops, saved)
    if broke:  # the first pass left the loop: it ran once
        out.extend(_dated(body_out, start, saved))
        return status, start + t2
    if tl is not None and period != FOREVER:
        tl.loop = (start, period, body_out)  # raw text; timeline() makes lines of it
        if reads.paths or live:
            tl.loop_src = (t1, body, ctx)
        tl.live = live and period >= LIVE_PERIOD and not body_ops
        return status, FOREVER
    out.extend(_dated(body_out, start, saved))
    return status, FOREVER if t2 in (0.0, FOREVER) else start + t2


def live_pass(src: tuple, files, now_text) -> list:
    """One pass of a live loop's body (Timeline.live), run now: its lines, offsets from now."""
    _, body, ctx = src
    out: list = []
    saved_text, saved_files, saved_status = ctx.now_text, ctx.files, ctx.status
    ctx.now_text, ctx.files = now_text, files
    try:
        _run_statements(body, ctx, 0.0, out, [], None)
    except (_Continue, _Break, _Exit):
        pass
    finally:
        ctx.now_text, ctx.files, ctx.status = saved_text, saved_files, saved_status
    return lines_of(out)[0]


class _Pending:
    """A container's files as its own command reads them while its timeline is built: the files at
    its start with what the command changed so far (its file operations, applied later at their
    offsets), so ``echo hi > /tmp/f; cat /tmp/f`` reads what it wrote."""

    def __init__(self, files, ops: list):
        self.files = files
        self.ops = ops

    def read(self, path: str):
        content = self.files.read(path)
        for _, op, p, text in self.ops:
            if p != path:
                continue
            text = getattr(text, "text", text)  # a Periodic write: its text as the loop wrote it
            if op == "write":
                content = text
            elif op == "append":
                content = (content if isinstance(content, str) else "") + text
            elif op == "rm":
                content = None
            elif op == "touch" and content is None:
                content = ""
        return content

    def listdir(self, path: str):
        lister = getattr(self.files, "listdir", None)
        names = lister(path) if lister is not None else None
        prefix = path.rstrip("/") + "/"
        found = set(names or ())
        for _, op, p, _ in self.ops:
            if p.startswith(prefix) and len(p) > len(prefix):
                name = p[len(prefix):].split("/", 1)[0]
                if op == "rm" and "/" not in p[len(prefix):]:
                    found.discard(name)
                elif op != "rm":
                    found.add(name)
        return sorted(found) if names is not None or found else None

    def exists(self, path: str) -> bool:
        return self.read(path) is not None or self.listdir(path) is not None

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)  # (unpickling looks for __setstate__ before files is set)
        return getattr(self.files, name)


class _Reads:
    """A container's files, noting which paths a loop's body reads (so the kubelet knows to read
    the body again when a volume under them changes)."""

    def __init__(self, files):
        self.files = files
        self.paths: set = set()

    def read(self, path: str):
        self.paths.add(path)
        return self.files.read(path)

    def __getattr__(self, name):
        return getattr(self.files, name)


# A growing file keeps at most this many passes (a week of a one-second loop would be 600,000).
MAX_PASSES = 10_000


class Periodic:
    """A file a container's loop writes on every pass with the time in it (``echo "$(date) …" >
    /pod-data/index.html`` every 10 s): read at a moment, it holds what the last pass before it
    wrote. ``first`` and ``period`` are seconds from the container's start until the kubelet
    places it in time (``based``); then ``base`` is the epoch of that start."""

    __slots__ = ("text", "first", "period", "base", "prefix")

    def __init__(self, text: str, first: float, period: float | None, base: float | None = None,
                 prefix: str | None = None):
        self.text = text
        self.first = first
        self.period = period
        self.base = base
        # A file the loop appends to (``>> /var/log/1.log``) grows by one pass's text every period after
        # what it held before (``prefix``); None for a file each pass writes afresh.
        self.prefix = prefix

    def based(self, base: float) -> "Periodic":
        return Periodic(self.text, self.first, self.period, base, self.prefix)

    def after(self, prefix: str) -> "Periodic":
        """This loop's appends, to a file that held ``prefix`` before the first."""
        return Periodic(self.text, self.first, self.period, self.base, prefix)

    def passes(self, now: float) -> int:
        """How many passes have written by ``now`` (epoch seconds)."""
        t = (self.base or 0.0) + self.first
        if now < t:
            return 0
        return int((now - t) // self.period) + 1 if self.period else 1

    def written(self, k: int) -> tuple[float, str]:
        """When pass ``k`` wrote, and what."""
        t = (self.base or 0.0) + self.first + k * (self.period or 0.0)
        return t, fill_pass(self.text.replace(DATE_MARK, _utc_date(t)), k)

    def at(self, now: float) -> str:
        n = self.passes(now)
        if self.prefix is not None:
            return self.prefix + "".join(self.written(k)[1] for k in range(max(0, n - MAX_PASSES), n))
        return self.written(max(0, n - 1))[1]

    def __eq__(self, other):
        return isinstance(other, Periodic) and (self.text, self.first, self.period, self.base, self.prefix) == \
            (other.text, other.first, other.period, other.base, other.prefix)


def _utc_date(epoch: float) -> str:
    import datetime

    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%a %b %e %H:%M:%S UTC %Y")


def _loop_writes(body_ops: list, start: float, period: float | None, ctx: Env, ops: list | None, date_fn) -> None:
    """What a loop's first pass did to files, for every pass: an append grows the file by a pass a
    period, a write that holds the time or the pass's numbers becomes a Periodic file; the rest happen
    once. Into the timeline's ops when there is one, else at once."""
    for o, op, path, text in body_ops:
        if op == "append" and ops is not None and period and isinstance(text, str):
            text = Periodic(text, start + o, period, prefix="")  # the kubelet puts what was there first
        elif op in ("write", "append") and (DATE_MARK in text or PASS_MARK in text):
            if ops is None:
                text = fill_pass(text.replace(DATE_MARK, date_fn(start + o)), 0)
            else:
                op, text = "write", Periodic(text, start + o, period)
        if ops is not None:
            ops.append((start + o, op, path, text))
        elif op in ("write", "append"):
            ctx.files.write(path, ((ctx.files.read(path) or "") if op == "append" else "") + text)
        elif op == "touch":
            if not ctx.files.exists(path):
                ctx.files.write(path, "")
        elif op == "rm":
            ctx.files.remove(path)
        elif op == "mkdir":
            ctx.files.write(path.rstrip("/") + "/", "")


def reread_loop(src: tuple, files) -> tuple[list, list] | None:
    """A container loop's body evaluated again over ``files`` as they are now (a ConfigMap volume
    it reads changed): (lines of one pass, its file ops with offsets in the pass), or None when a
    pass leaves a line open (its lines cross passes; the body is then kept as it was)."""
    t1, body, ctx = src
    out: list = []
    body_ops: list = []
    saved_text, saved_files = ctx.now_text, ctx.files
    ctx.now_text, ctx.files = _date_mark, files
    try:
        _run_statements(body, ctx, t1, out, body_ops, None)
    except (_Continue, _Break, _Exit):
        pass
    finally:
        ctx.now_text, ctx.files = saved_text, saved_files
    lines, pending = lines_of(out)
    if pending:
        return None
    return lines, body_ops


def _run_loop_in_time(kind: str, head: list, body: list, ctx: Env, t: float, out: list, ops) -> tuple[int, float]:
    """while/until under a Session: evaluate the condition and the body on every pass, as time moves."""
    cond_stmts = _statements(head)
    status = 0
    with ctx.session.loop() as passes:
        for _ in passes:
            ctx.conditions += 1
            try:
                cond, _ = _run_statements(cond_stmts, ctx, t, out, ops, None)
            finally:
                ctx.conditions -= 1
            if (cond == 0) != (kind == "while"):
                return status, t
            try:
                status, _ = _run_statements(body, ctx, t, out, ops, None)
            except _Continue:
                pass
            except _Break:
                return 0, t
    return status, t


def _run_script(script: str, ctx: Env, t: float, out: list, ops: list | None, tl: Timeline | None = None):
    return _run_statements(_statements(split_script(script)), ctx, t, out, ops, tl)


def lines_of(chunks: list, pending: str = "") -> tuple[list, str]:
    """Complete lines of written text, each at the time its newline was written, and what is left open.

    containerd's CRI logger writes a line to the log when its newline arrives, so a line started by
    ``echo -n`` and ended later carries the later time."""
    lines = []
    for t, text in chunks:
        parts = text.split("\n")
        for part in parts[:-1]:
            lines.append((t, pending + part))
            pending = ""
        pending += parts[-1]
    return lines, pending


def script_flag(word: str) -> bool:
    """``-c``, or options ending with it (``bash -ic``): the next argument is the script."""
    return bool(re.fullmatch(r"-[a-z]*c", word))


def _is_shell(argv: list, ctx: Env) -> bool:
    return bool(argv) and argv[0].rsplit("/", 1)[-1] in ctx.shells


class _Asking:
    """The mysql client as a replayed call (Replay.call): it asks its server now and what it printed
    is the answer kept for the script's later runs."""

    def __init__(self, ctx: Env):
        self.ctx = ctx

    def __call__(self, argv: list) -> tuple[int, str, str, float]:
        code, text = mysql_client.run(argv[1:], self.ctx, self.ctx.tty)
        return code, text, "", 0.0


# The clients of servers a script may wait for, besides NET_TOOLS (``until mysql -h 127.0.0.1 -e
# "SELECT 1"; do sleep 1; done``, the replicated MySQL page's sidecar).
ASKING = ("mysql",)


class Suspended(Exception):
    """A container's script reached a network call later than the cluster's clock (Replay)."""

    def __init__(self, offset: float):
        super().__init__(offset)
        self.offset = offset


class Replay:
    """A container's script whose loops wait on the network (``until ping -c 1 peer; do sleep 1;
    done``): what the network will answer later is not known when the container starts, so the
    kubelet runs the script again each time its clock reaches the next call, from the start, with
    the answers already given (``answers``) and the one due now asked live. Plain data, so it
    pickles with the cluster; the calls are numbered in the order the script makes them."""

    def __init__(self):
        self.answers: list = []
        self.horizon = 0.0  # seconds since the start the clock has reached
        self.calls = 0

    def call(self, net, argv: list, t: float):
        i = self.calls
        self.calls += 1
        if i < len(self.answers):
            return self.answers[i]
        if t > self.horizon + 1e-9:
            raise Suspended(t)
        answer = net(argv)
        self.answers.append(answer)
        return answer


# A replayed script stops being run again after this many calls: a loop that never ends keeps what it
# printed until then [approximate] (each run starts over, so the cost grows with the calls made).
MAX_REPLAYED_CALLS = 300


def _run_loop_replayed(kind: str, head: list, body: list, ctx: Env, t: float, out: list, ops) -> tuple[int, float]:
    """while/until in a replayed container script: every pass runs, each at its own offset."""
    cond_stmts = _statements(head)
    status = 0
    idle = 0
    while True:
        cond, t1 = _condition(cond_stmts, ctx, t, out, ops)
        if (cond == 0) != (kind == "while"):
            return status, t1
        try:
            status, t2 = _run_statements(body, ctx, t1, out, ops, None)
        except _Continue:
            status, t2 = 0, t1
        except _Break:
            return 0, t1
        idle = idle + 1 if t2 == t else 0
        if idle >= SPIN_LIMIT or t2 == FOREVER or ctx.replay.calls > MAX_REPLAYED_CALLS:
            return status, FOREVER  # no time passes between passes: it spins for good
        t = t2


def _condition(stmts: list, ctx: Env, t: float, out: list, ops) -> tuple[int, float]:
    """A loop's condition: a failure there is an answer, not an error (set -e)."""
    ctx.conditions += 1
    try:
        return _run_statements(stmts, ctx, t, out, ops, None)
    finally:
        ctx.conditions -= 1


def waits_on_network(argv: list, ctx: Env) -> bool:
    """Whether a container's shell script has a while/until loop that can end and runs a network tool
    the image ships: when it ends depends on what the cluster answers as time goes on (Replay). A
    loop that never ends (``while sleep 0.01; do wget …; done``) keeps its one-pass reading."""
    if not (_is_shell(argv, ctx) and len(argv) >= 3 and script_flag(argv[1])):
        return False
    tools = (set(NET_TOOLS) | set(ASKING)) & set(ctx.tools)

    def words_of(stmts) -> set:
        found: set = set()
        for _, words, _ in stmts:
            if isinstance(words, tuple) and words[0] == "loop":
                found |= set(words[2]) | words_of(words[3])
            elif isinstance(words, tuple) and words[0] == "if":
                for cond, b in words[1]:
                    found |= words_of(cond) | words_of(b)
                found |= words_of(words[2] or [])
            else:
                found |= set(words)
        return found

    def endless(kind: str, head: list) -> bool:
        return (kind == "while" and (head in (["true"], [":"]) or head[:1] == ["sleep"])) or \
            (kind == "until" and head == ["false"])

    def look(stmts) -> bool:
        for _, words, _ in stmts:
            if isinstance(words, tuple) and words[0] == "loop":
                _, kind, head, body = words
                if kind in ("while", "until"):
                    inside = set(head) | words_of(body)
                    if tools & inside and (not endless(kind, head) or {"break", "exit"} & inside):
                        return True
                if look(body):
                    return True
            elif isinstance(words, tuple) and words[0] == "if":
                if any(look(cond) or look(b) for cond, b in words[1]) or (words[2] is not None and look(words[2])):
                    return True
        return False
    return look(_statements(split_script(argv[2])))


def timeline(argv: list, ctx: Env) -> Timeline:
    """What ``argv`` does as a container's main process, over virtual time."""
    tl = Timeline()
    out: list = []
    ctx.stream = out
    ctx.files = _Pending(ctx.files, tl.file_ops)
    try:
        if _is_shell(argv, ctx):
            ctx.enter(argv[0])
            if len(argv) >= 3 and script_flag(argv[1]):
                status, t = _run_script(argv[2], ctx, 0.0, out, tl.file_ops, tl)
            elif len(argv) >= 2 and not argv[1].startswith("-"):
                # ``sh FILE [ARG...]`` reads its commands from FILE (the local-path helper pod's
                # ``/bin/sh /script/setup``); the arguments are not read by the scripts run here.
                text = ctx.files.read(ctx.path(argv[1]))
                if isinstance(text, str):
                    status, t = _run_script(text, ctx, 0.0, out, tl.file_ops, tl)
                else:
                    _say(out, 0.0, f"{argv[0]}: can't open '{argv[1]}': No such file or directory\n")
                    status, t = 2, 0.0
            else:
                # A shell with no script and no terminal reads EOF and exits 0.
                status, t = 0, 0.0
        else:
            status, t = _run_statements([(";", list(argv), None)], ctx, 0.0, out, tl.file_ops, tl)
    except _Exit as e:
        status, t = e.code, e.t
    except (_Break, _Continue):  # outside a loop busybox ignores them
        status, t = 0, 0.0
    except Suspended as e:  # still running: the kubelet runs it again at that offset (Replay)
        status, t = 0, FOREVER
        tl.resume_at = e.offset
    except xtrabackup.Serving as serving:  # exec ncat --listen ...: it serves until the container stops
        status, t = 0, FOREVER
        tl.serve = (serving.port, serving.kind, serving.t)
    tl.lines, pending = lines_of(out)
    tl.follow = ctx.follow
    if tl.loop is not None:
        start, period, body = tl.loop
        simple = not pending and (not body or body[-1][1].endswith("\n"))
        if not simple:
            tl.loop_src = None  # lines that cross passes are not read again (reread_loop)
        if simple:
            tl.loop = (start, period, lines_of(body)[0])
        elif not any("\n" in text for _, text in body):
            # A pass that never ends a line (busybox wget -q -O- of "OK!"): containerd would write it in 16 KiB
            # partial entries; here each pass is its own line [simplified].
            tl.loop = (start, period, [(body[-1][0], pending + "".join(text for _, text in body))])
        else:
            # Lines cross passes (``echo -en '\n'; cat FILE`` with no final newline): the first pass
            # finishes what came before the loop; every later pass then finishes the one before.
            first, tail = lines_of(body, pending)
            tl.lines += [(start + o, line) for o, line in first]
            tl.loop = (start + period, period, lines_of(body, tail)[0])
    elif t != FOREVER and pending:
        tl.lines.append((t, pending))  # the open line is written when the process exits
    if t != FOREVER:
        tl.exit_at = t
        tl.exit_code = status
    return tl


def run(argv: list, ctx: Env) -> tuple[int, str]:
    """Run a command now (exec, exec probes). Returns (exit code, output).

    Under a Session a command the session stops (its window passed) ends with 130, the status a
    shell reports for Ctrl-C, and ``ctx.session.interrupted`` is set.
    """
    out: list = []
    ctx.stream = out
    try:
        if _is_shell(argv, ctx) and len(argv) >= 3 and script_flag(argv[1]):
            ctx.enter(argv[0])
            ctx.lineage = ((ctx.fork(), " ".join(argv)),)
            status, _ = _run_script(argv[2], ctx, 0.0, out, None)
        else:
            status, _ = _run_statements([(";", list(argv), None)], ctx, 0.0, out, None, None)
    except _Exit as e:
        status = e.code
    except (_Break, _Continue):
        status = 0
    except Interrupted as e:
        ctx.session.interrupted = str(e) or "window"
        status = 130
    return status, "".join(text for _, text in out)


class Interactive:
    """A shell that reads the lines a learner types (``kubectl exec -ti POD -- sh``, ``kubectl run -ti``,
    ``kubectl attach -ti``): what it keeps from one line to the next, as plain data that pickles
    with the cluster. Each line runs on an ``Env`` the kubelet builds afresh (``into``), so
    nothing here holds the container itself.

    With a terminal it is interactive (``sh -i`` too): it prints its prompt, bash says ``exit``
    when it leaves and names no line in its errors. Without one (``kubectl exec -i``) it prints
    no prompt and reads the lines as a script.
    """

    uid = 0  # who it runs as: the prompt's \\$ is # for root only
    # The lines of a command still being read: a here-document not yet ended by its delimiter.
    pending: tuple = ()
    pid = 0  # its process ID in the container (ps)
    args = "sh"  # its command line, as ps shows it

    def __init__(self, shell: str, flavour: str, env: dict, cwd: str, interactive: bool, hostname: str,
                 version: str = ""):
        self.shell = shell  # the name it was started as: its errors begin with it
        self.flavour = flavour
        self.env = env
        self.local: set = set()
        self.cwd = cwd
        self.status = 0
        self.lines = 0  # input lines read so far (dash's and non-interactive bash's error messages count them)
        self.interactive = interactive
        self.hostname = hostname
        self.version = version  # bash's \v
        self.pod: tuple = ()  # (pod uid, container, its run) the shell lives in: the kubelet checks it is still there

    def prompt(self) -> str:
        """PS1 as the shell prints it before reading a line ("" when it is not interactive)."""
        if not self.interactive:
            return ""
        if self.pending:
            # PS2, the continuation prompt, printed as it is (ash.c and dash: "> " by default)
            return self.env.get("PS2", "> ")
        ps1 = self.env.get("PS1", "")
        if self.flavour == utilities.DASH:
            return ps1  # dash gives PS1 parameter expansion only, no backslash escapes
        return utilities.expand_prompt(ps1, host=self.hostname, cwd=self.cwd, home=self.env.get("HOME", ""),
                                       shell=self.shell, version=self.version, uid=self.uid)

    def into(self, ctx: Env) -> Env:
        ctx.env, ctx.local, ctx.cwd, ctx.status = self.env, self.local, self.cwd, self.status
        ctx.shell, ctx.flavour, ctx.in_shell, ctx.interactive = self.shell, self.flavour, True, self.interactive
        ctx.tty = self.interactive
        return ctx

    def take(self, ctx: Env) -> None:
        self.env, self.local, self.cwd, self.status = ctx.env, ctx.local, ctx.cwd, ctx.status

    def interact(self, line: str, ctx: Env, eof: bool = False) -> tuple[int, str, bool]:
        return interact(line, ctx, self, eof)

    def hang_up(self, eof: bool = True) -> str:
        return hang_up(self, eof)


def start_interactive(argv: list, ctx: Env, tty: bool, ps1: str, version: str = "") -> Interactive:
    """The shell ``argv`` names, started on ``ctx`` to read its commands from a learner.

    ``ps1`` is the prompt its start-up leaves (busybox's fancy-prompt default ``\\w \\$ ``, dash's
    ``# `` for root, Debian's /etc/bash.bashrc ``\\u@\\h:\\w\\$ ``); a PS1 in the environment wins."""
    ctx.enter(argv[0])
    forced = any(a.startswith("-") and not a.startswith("--") and "i" in a[1:] for a in argv[1:])
    state = Interactive(ctx.shell, ctx.flavour, ctx.env, ctx.cwd, tty or forced, ctx.hostname, version)
    state.uid = ctx.ids[0]
    if "PS1" not in state.env:
        state.env["PS1"] = ps1
        state.local.add("PS1")
    return state


def interact(line: str, ctx: Env, state: Interactive, eof: bool = False) -> tuple[int, str, bool]:
    """Run one line typed to ``state``'s shell on ``ctx``: (its status, what it printed, whether the
    shell exited, as ``exit`` makes it). Under a Session a command the session stops ends with 130
    and ``ctx.session.interrupted`` is set, as ``run`` does. A line that leaves a here-document
    open is kept until its delimiter comes, as a shell reads on at its PS2; end of input there
    (``eof``, a terminal's Ctrl-D at ``> ``) ends the here-document instead of the shell, and bash
    says so (make_cmd.c, bash 5.2; ash and dash say nothing)."""
    warning = ""
    if eof:
        script = "\n".join(state.pending)
        if state.flavour == utilities.BASH:
            warning = "".join(f"bash: warning: here-document at line {state.lines + 1} delimited by end-of-file "
                              f"(wanted `{delim}')\n" for delim in heredocs.pending(script))
    else:
        script = "\n".join(state.pending + (line,))
        if heredocs.pending(script):
            state.pending += (line,)
            return state.status, "", False
    state.pending = ()
    line = script
    state.into(ctx)
    ctx.lineage = ((state.pid, state.args),)
    ctx.lineno = state.lines + 1
    state.lines += 1 + line.count("\n")
    out: list = []
    ctx.stream = out
    exited = False
    try:
        status, _ = _run_script(line, ctx, 0.0, out, None)
    except _Exit as e:
        status, exited = e.code, True
    except (_Break, _Continue):
        status = 0
    except Interrupted as e:
        ctx.session.interrupted = str(e) or "window"
        status = 130
    ctx.status = status
    state.take(ctx)
    text = warning + "".join(text for _, text in out)
    if exited and not (ctx.session is not None and ctx.session.killed):
        text += hang_up(state, eof=False)
    return status, text, exited


def hang_up(state: Interactive, eof: bool = True) -> str:
    """What a shell prints as it leaves: bash's ``exit`` builtin says ``exit`` when interactive (and
    end of input calls it: parse.y handle_eof_input_unit); busybox ash and dash end the prompt's
    line at end of input (ash.c and dash main.c cmdloop: a newline when interactive)."""
    if not state.interactive:
        return ""
    if state.flavour == utilities.BASH:
        return "exit\n"
    return "\n" if eof else ""
