"""A small bash: the part of it that Kubernetes tutorials type.

One line in (the web console sends a multi-line command as one string), one
``Output`` back. ``grammar.py`` parses it as bash does (lists, pipelines,
``for``/``while``/``until``/``if``/``case``, ``{ }``, ``( )``, ``(( ))``,
``[[ ]]``); this module runs the tree.

Words undergo bash's expansions in bash's order: parameters (``$NS``,
``${NS}``, ``${NS:-dev}``, ``$?``), command substitution (``$(...)``,
backquotes), arithmetic (``arithmetic.py``), field splitting of unquoted
results, then globbing against the scratch directory. Quoting follows bash:
nothing expands inside single quotes; inside double quotes only ``$``,
backquote and ``\\`` are special. An expansion error (``$((1/0))``) ends
the whole line, as it does at an interactive bash prompt.

Programs run one after another, each stage's stdout becoming the next
stage's stdin (the data is small and time is virtual, so there is nothing to
gain from concurrency); the stages of a pipeline of several commands run in
subshells, so their assignments do not outlive it. Standard error always
goes straight to the terminal, in the order written, unless redirected.
Variables live in ``cluster.env``, files in ``cluster.files`` and the
history in ``cluster.history``, so all three survive snapshots and replay.

Time: ``sleep`` moves the virtual clock through the line's session
(``timing.host_session``, the kubelet's exec ``Session``), so a ``while``
loop, ``sleep infinity``, ``fg`` or ``wait`` that would run until Ctrl-C
stops ``timing.FOLLOW_WINDOW`` seconds after it began (a loop spinning with
no time passing at once): the terminal shows ``^C``, a note says why, and
the line's status is 130. Jobs started with ``&`` are ``jobs.py``'s.
"""
from __future__ import annotations

import fnmatch
from typing import Callable

from clusters.console import arithmetic, conditions, files, grammar, jobs, programs
from clusters.kubelet import shell as pod_shell
from clusters.console.grammar import ShellSyntaxError, parse_words, split_words  # noqa: F401 (re-exported)
from clusters.console.grammar import quote_words as _quote_words  # noqa: F401 (re-exported)
from clusters.strings import isdigits

# Bounds that keep a hostile line from exhausting the host.
MAX_DEPTH = 16          # nested $(...) and watch/xargs
MAX_LINE = 1_000_000    # characters
MAX_OUTPUT = 8_000_000  # characters of terminal output per command line
MAX_ITERATIONS = 1000   # for-loop passes per loop

_is_name = grammar.is_name
# Programs that are bash builtins: they run in the shell, with no process of their own (no PID).
_BUILTINS = {"echo", "printf", "export", "unset", "cd", "pwd", "true", "false", ":", "test", "[", "read", "break",
             "continue", "let", "jobs", "kill", "fg", "bg", "wait", "alias", "source", ".", "exit", "history",
             "complete"}


# Filters that write nothing until their input ends: Ctrl-C kills them with nothing printed.
_AT_END = {"sort", "tail", "wc", "tac", "column", "xargs", "base64"}


def _prints_at_end(cmd) -> bool:
    if not isinstance(cmd, grammar.Command) or not cmd.words:
        return False
    first = cmd.words[0]
    return len(first) == 1 and first[0][0] == "lit" and first[0][1] in _AT_END


class _Terminal:
    """What the learner's terminal receives, in order, bounded."""

    def __init__(self):
        self.chunks: list[str] = []
        self.size = 0
        self.truncated = False

    def write(self, text: str) -> None:
        if self.size >= MAX_OUTPUT:
            self.truncated = True
            return
        self.chunks.append(text)
        self.size += len(text)

    def text(self) -> str:
        t = "".join(self.chunks)
        if self.truncated:
            t += "\n[output truncated]\n"
        return t


class Input:
    """A command's standard input: text consumed from the front (``read`` takes a line at a time, so
    the passes of a ``while read`` loop share one input), and whether it is the learner's terminal."""
    __slots__ = ("text", "pos", "terminal")

    def __init__(self, text: str = "", terminal: bool = False):
        self.text = text
        self.pos = 0
        self.terminal = terminal

    def rest(self) -> str:
        return self.text[self.pos:]

    def readline(self) -> str | None:
        """The next line with its newline (the last may lack one), or None at the end."""
        if self.pos >= len(self.text):
            return None
        j = self.text.find("\n", self.pos)
        end = len(self.text) if j < 0 else j + 1
        line = self.text[self.pos:end]
        self.pos = end
        return line


class LoopControl(Exception):
    """``break N`` / ``continue N``: unwinds to the loop N levels out."""

    def __init__(self, kind: str, levels: int):
        super().__init__(kind)
        self.kind = kind
        self.levels = levels


class _Abort(Exception):
    """An expansion error: bash abandons the rest of the line (status 1)."""


class _ExpansionError(Exception):
    pass


class Console:
    def __init__(self, cluster):
        self.cluster = cluster
        self.status = 0
        self.aliases: dict[str, str] = {}
        self._depth = 0
        self.terminal = None
        self._tail = False  # running the line's last command (its stdin is the terminal)
        # The shell in a pod the terminal is attached to (kubectl/attaching.py), or None.
        self.attached = None
        # Job control (jobs.py): the table, lines run so far, the next PID, $!.
        self.jobs: list = []
        self.lines = 0
        self.next_pid = jobs.FIRST_PID
        self.last_background: int | None = None
        # While a line runs: its hold on virtual time, the job being started with &, the text
        # of the command running (what `jobs` shows), enclosing loops. None/0 between lines.
        self.session = None
        self.background = None
        self.job_text = ""
        self.loops = 0
        self._subst_status: int | None = None  # the last $(...)'s status (an assignment's own)

    # -- public ------------------------------------------------------------
    def cluster_map(self) -> dict:
        """The cluster map a host draws: nodes with their pods and each pod's
        STATUS column as ``kubectl get pods`` prints it, pods not yet placed, the time."""
        from clusters.console.printers import pod_status

        cluster = self.cluster
        api = cluster.api
        now = api.timestamp()
        nodes = []
        by_node: dict[str, list] = {}
        pending = []
        for pod in api.list("pods"):
            entry = {"namespace": pod["metadata"]["namespace"], "name": pod["metadata"]["name"],
                     "status": pod_status.status(pod, now)}
            node = (pod.get("spec") or {}).get("nodeName")
            if node:
                by_node.setdefault(node, []).append(entry)
            else:
                pending.append(entry)
        for node in api.list("nodes"):
            ready = False
            for c in (node.get("status") or {}).get("conditions") or ():
                if c.get("type") == "Ready":
                    ready = c.get("status") == "True"
            name = node["metadata"]["name"]
            nodes.append({"name": name, "ready": ready,
                          "unschedulable": bool((node.get("spec") or {}).get("unschedulable")),
                          "pods": by_node.get(name, [])})
        return {"nodes": nodes, "pending": pending, "time": cluster.clock.now}

    def execute(self, line: str):
        """Run one line typed at the terminal: at the console's prompt, or, while the terminal is
        attached to a shell in a pod, by that shell. ``Output.prompt`` is the prompt to show next."""
        from clusters.console import timing
        from clusters.console.kubectl import attaching
        from clusters.output import Output

        cluster = self.cluster
        if not hasattr(cluster, "files"):
            cluster.files = {}
        if not hasattr(cluster, "env"):
            cluster.env = {}
        if self.attached is not None or line == attaching.EOF:
            return self._attached(line)
        if line.strip() and isinstance(getattr(cluster, "cause", None), str) and cluster.cause.startswith("cmd:"):
            cluster.history.append(line)
        term = _Terminal()
        if len(line) > MAX_LINE:
            return Output("bash: line too long\n", 2)
        self._depth = 0
        self.lines = getattr(self, "lines", 0) + 1
        self.terminal = term.write  # where background jobs write (programs.Context.tty)
        self.session = timing.host_session(cluster)
        try:
            try:
                code = self.run_line(line, "", term.write, term.write)
            except pod_shell.Interrupted as e:
                # Ctrl-C, where a learner at a real terminal would have pressed it: the terminal echoes ^C
                self.session.interrupted = str(e) or "window"
                term.write("^C\n" + timing.stopped_note(self.session, "the command"))
                code = 130
            if self.attached is None:
                jobs.notify(self, term.write)
        finally:
            self.terminal = None
            self.session = None
            self.background = None
            self.job_text = ""
            self.loops = 0
        if self.attached is None:
            self.status = code
        return Output(term.text(), code, self.prompt())

    def _attached(self, line: str):
        """A line for the shell the terminal is attached to (Ctrl-D's EOF at the console's own
        prompt does nothing: this terminal stays open)."""
        from clusters.console.kubectl import attaching
        from clusters.output import Output

        if self.attached is None:
            return Output("", self.status)
        term = _Terminal()
        self._depth = 0
        code = attaching.feed(self, line[:MAX_LINE], term.write)
        return Output(term.text(), code, self.prompt())

    def prompt(self) -> str | None:
        """The prompt the terminal shows: the attached shell's, or None for the console's own."""
        a = getattr(self, "attached", None)
        return a.prompt(self.cluster) if a is not None else None

    def incomplete(self, text: str) -> bool:
        """Whether ``text`` stops where bash would print its PS2 (``> ``) and read another line before
        running it: an open ``for``/``while``/``if``/``case``/``{``/``(``, quote or heredoc, or a last
        line ending in ``|``, ``&&``, ``||`` or ``\\``. A shell in a pod reads each line as it comes."""
        if self.attached is not None:
            return False
        return grammar.incomplete(text)

    def capture(self, line: str, stdin: str = "", err: Callable[[str], None] | None = None) -> tuple[str, int]:
        """Run ``line`` with its stdout captured (command substitution, watch, xargs)."""
        buf: list[str] = []
        code = self.run_line(line, stdin, buf.append, err or (lambda s: None))
        return "".join(buf), code

    def complete(self, line: str) -> list[str]:
        from clusters.console import completion

        if self.attached is not None:
            return self.attached.complete(self.cluster, line)
        return completion.complete(self, line)

    def time_effect(self, line: str) -> float | None:
        """The most virtual seconds ``line`` may advance the clock (for the web console's progress bar)."""
        from clusters.console import timing

        return timing.time_effect(line, self.cluster.spec.max_advance)

    def sleep(self, seconds: float) -> None:
        """Let ``seconds`` of virtual time pass, through the line's session (which may stop the line
        as Ctrl-C would: kubelet shell.Interrupted)."""
        from clusters.console import timing

        if seconds > 0:
            (self.session or timing.host_session(self.cluster)).sleep(seconds)

    # -- the interpreter ---------------------------------------------------------
    def run_line(self, line: str, stdin, out: Callable[[str], None], err: Callable[[str], None]) -> int:
        if self._depth >= MAX_DEPTH:
            err("bash: maximum nesting level exceeded\n")
            return 1
        self._depth += 1
        if self._depth == 1:
            self._tail = False
        try:
            try:
                lst, unended = grammar.parse_to_end(line)
            except ShellSyntaxError as e:
                err(str(e))
                self.status = 2
                return 2
            if self._depth == 1:
                for delimiter in unended:  # Ctrl-D at the heredoc's > (bash 5.2 make_cmd.c)
                    err(f"bash: warning: here-document at line {getattr(self, 'lines', 1)} delimited by "
                        f"end-of-file (wanted `{delimiter}')\n")
            inp = stdin if isinstance(stdin, Input) else Input(stdin, terminal=not stdin)
            try:
                return self._run_list(lst, inp, out, err, top=self._depth == 1)
            except _Abort:
                self.status = 1
                return 1
        finally:
            self._depth -= 1

    def _run_list(self, lst: list, inp: Input, out, err, top: bool = False) -> int:
        code = 0
        for i, ao in enumerate(lst):
            if i:
                self._settle()
            if ao.background:
                code = jobs.start(self, ao, inp, out, err)
                self.status = code
                continue
            if top:
                self.job_text = ao.text
            code = self.run_and_or(ao, inp, out, err, last=(i == len(lst) - 1) if top else None)
        return code

    def run_and_or(self, ao, inp: Input, out, err, last: bool | None = None) -> int:
        """Pipelines joined by && and ||; ``last`` (at the line's top level) when this ends the line."""
        code = self.status
        for j, (connector, pipeline) in enumerate(ao.items):
            if connector == "&&" and code != 0:
                continue
            if connector == "||" and code == 0:
                continue
            if j:
                self._settle()
            if last is not None:
                self._tail = last and j == len(ao.items) - 1 and len(pipeline.commands) == 1
            code = self._run_pipeline(pipeline, inp, out, err)
            self.status = code
        return code

    def _settle(self) -> None:
        """Let the cluster react before the next command of a list runs.

        Two commands typed on one line (``kubectl scale --replicas=0; kubectl scale --replicas=2``)
        are two processes, each a round trip or more: the controllers see the first one's write
        before the second is sent. Settling costs no virtual time."""
        settle = getattr(self.cluster, "settle", None)
        if settle is not None:
            settle()

    def _run_pipeline(self, pipeline, inp: Input, out, err) -> int:
        commands = pipeline.commands
        if len(commands) == 1:
            code = self._run_cmd(commands[0], inp, out, err, piped_in=False)
        else:
            env = self.cluster.env
            data = ""
            for idx, cmd in enumerate(commands):
                last = idx == len(commands) - 1
                buf: list[str] = []
                saved = dict(env)  # each stage runs in a subshell
                try:
                    code = self._run_cmd(cmd, inp if idx == 0 else Input(data), out if last else buf.append, err,
                                         piped_in=idx > 0)
                except pod_shell.Interrupted:
                    # Ctrl-C stops every stage; what this one wrote before had gone through those that
                    # print as they read (grep, sed), not those that print at the end of their input (sort)
                    rest = commands[idx + 1:]
                    streaming = next((k for k, c in enumerate(rest) if _prints_at_end(c)), len(rest))
                    if rest[:streaming] and not last:
                        self._run_pipeline(grammar.Pipeline(rest[:streaming]), Input("".join(buf)),
                                           out if streaming == len(rest) else (lambda text: None), err)
                    raise
                finally:
                    env.clear()
                    env.update(saved)
                data = "".join(buf)
        if pipeline.bang:
            code = 0 if code else 1
        return code

    def _run_cmd(self, cmd, inp: Input, out, err, piped_in: bool) -> int:
        if isinstance(cmd, grammar.Command):
            return self._run_simple(cmd, inp, out, err, piped_in)
        self._tail = False
        opened = self._redirect(cmd.redirs, inp, out, err)
        if isinstance(opened, int):
            return opened
        inp, out, err, close = opened
        try:
            return self._run_compound(cmd, inp, out, err)
        finally:
            close()

    def _run_compound(self, node, inp: Input, out, err) -> int:
        kind = node.kind
        if kind == "group":
            return self._run_list(node.body, inp, out, err)
        if kind == "subshell":
            env = self.cluster.env
            saved = dict(env)
            try:
                return self._run_list(node.body, inp, out, err)
            finally:
                env.clear()
                env.update(saved)
        if kind == "if":
            for cond, body in node.clauses:
                if self._run_list(cond, inp, out, err) == 0:
                    return self._run_list(body, inp, out, err)
            return self._run_list(node.otherwise, inp, out, err) if node.otherwise is not None else 0
        if kind == "case":
            word = self._expand_one_checked(node.word, err)
            for patterns, body in node.clauses:
                if any(fnmatch.fnmatchcase(word, self.pattern(p)) for p in patterns):
                    return self._run_list(body, inp, out, err)
            return 0
        if kind == "arith":
            try:
                return 0 if self.arith(node.cond[0], err) else 1
            except _ExpansionError as e:
                err(str(e).replace("bash: ", "bash: ((: ", 1))
                return 1
        if kind == "cond":
            return conditions.cond(self, node.cond, node.word[0], err)
        if kind == "for":
            return self._run_for(node, inp, out, err)
        return self._run_loop(node, inp, out, err)  # while, until, for ((...))

    def _pass(self, body: list, inp: Input, out, err) -> tuple[int, str]:
        """One pass of a loop's body: (status, "break" | "continue" | "")."""
        try:
            return self._run_list(body, inp, out, err), ""
        except LoopControl as c:
            if c.levels > 1:
                c.levels -= 1
                raise
            return 0, c.kind

    def _run_for(self, node, inp: Input, out, err) -> int:
        """``for NAME in WORDS; do LIST; done`` (bash "Compound Commands"), at most MAX_ITERATIONS passes."""
        items: list[str] = []
        for w in node.items or ():
            items.extend(self._expand_checked(w, err))
        code = 0
        self.loops += 1
        try:
            for i, item in enumerate(items[:MAX_ITERATIONS]):
                if i:
                    self._settle()
                self.cluster.env[node.name] = item
                code, action = self._pass(node.body, inp, out, err)
                if action == "break":
                    break
        finally:
            self.loops -= 1
        return code

    def _run_loop(self, node, inp: Input, out, err) -> int:
        """while/until and for ((...)): each pass evaluated as time moves, bounded by the session as
        kubectl exec bounds a loop in a pod (kubelet shell.Session.loop)."""
        from clusters.console import timing

        session = self.session or timing.host_session(self.cluster)
        code = 0
        cfor = node.kind == "cfor"
        if cfor and node.items[0]:
            self._arith_checked(node.items[0], err)
        self.loops += 1
        try:
            with session.loop() as passes:
                for n in passes:
                    if n:
                        self._settle()
                    if cfor:
                        go = not node.items[1] or self._arith_checked(node.items[1], err) != 0
                    else:
                        go = (self._run_list(node.cond, inp, out, err) == 0) == (node.kind == "while")
                    if not go:
                        break
                    code, action = self._pass(node.body, inp, out, err)
                    if action == "break":
                        break
                    if cfor and node.items[2]:
                        self._arith_checked(node.items[2], err)
        finally:
            self.loops -= 1
        return code

    def _redirect(self, redirs: list, inp: Input, out, err):
        """A command's redirections, applied left to right before it runs (bash "REDIRECTION"):
        (stdin, stdout, stderr, close) with close() writing what went to files, or an exit status."""
        out_target: tuple[str, str] | None = None   # (mode, path)
        err_target: tuple[str, str] | None = None
        err_to_out = False
        out_to_err = False
        for op, fd, target, expand in redirs:
            if op == "<<":
                try:
                    inp = Input(self._expand_heredoc(target, err) if expand else target)
                except _ExpansionError as e:  # bash: the command does not run, status 1
                    err(str(e))
                    return 1
                continue
            if op in (">&", "<&"):
                if (fd in (None, 1)) and target == "2":
                    out_to_err = True
                elif fd == 2 and target == "1":
                    err_to_out = True
                    err_target = out_target
                continue
            path = self._expand_one_checked(target, err) if expand else target
            if op == "<<<":
                inp = Input(path + "\n")
            elif op in ("<", "<&"):
                if path == "/dev/null":
                    inp = Input("")
                    continue
                content = files.read(self.cluster, path)
                if content is None:
                    err(f"bash: {path}: {'Is a directory' if files.is_dir(self.cluster, path) else 'No such file or directory'}\n")
                    return 1
                inp = Input(content)
            elif op in (">", ">>"):
                if fd == 2:
                    err_target = ("w" if op == ">" else "a", path)
                else:
                    out_target = ("w" if op == ">" else "a", path)
            elif op in ("&>", "&>>"):
                out_target = ("w" if op == "&>" else "a", path)
                err_to_out = True
        # create/truncate targets first, as bash does before running the command
        for target in (out_target, err_target):
            if target and target[1] != "/dev/null":
                problem = files.check_writable(self.cluster, target[1])
                if problem:
                    err(f"bash: {target[1]}: {problem}\n")
                    return 1
                if target[0] == "w":
                    files.write(self.cluster, target[1], "")
        out_buf: list[str] = []
        err_buf: list[str] = []
        stdout, stderr = out, err
        if out_target:
            stdout = out_buf.append
        if err_target and not err_to_out:
            stderr = err_buf.append
        if err_to_out:
            stderr = stdout
        if out_to_err:
            stdout = stderr

        def close() -> None:
            if out_target and out_target[1] != "/dev/null":
                files.append(self.cluster, out_target[1], "".join(out_buf))
            if err_target and not err_to_out and err_target[1] != "/dev/null":
                files.append(self.cluster, err_target[1], "".join(err_buf))
        return inp, stdout, stderr, close

    def _run_simple(self, cmd, inp: Input, out, err, piped_in: bool) -> int:
        env = self.cluster.env
        self._subst_status = None
        argv: list[str] = []
        for w in cmd.words:
            argv.extend(self._expand_checked(w, err))
        assigns = [(name, self._expand_one_checked(value, err)) for name, value in cmd.assigns]
        if not argv:
            for name, value in assigns:
                env[name] = value
            if not cmd.redirs:
                # bash: an assignment's status is its last command substitution's
                return self._subst_status if self._subst_status is not None else 0
        # aliases (first word only, not recursive)
        if argv and argv[0] in self.aliases:
            try:
                words: list[str] = []
                for w in parse_words(self.aliases[argv[0]]):
                    words.extend(self.expand(w, err))
            except (ShellSyntaxError, _ExpansionError):
                words = [argv[0]]
            argv = words + argv[1:]
        opened = self._redirect(cmd.redirs, inp, out, err)
        if isinstance(opened, int):
            return opened
        inp, stdout, stderr, close = opened
        try:
            if not argv:
                return 0
            prog = programs.find(argv[0])
            saved = {}
            for name, value in assigns:
                saved[name] = env.get(name)
                env[name] = value
            try:
                if prog is None:
                    stderr(f"bash: {argv[0]}: command not found\n")
                    return 127
                if argv[0] not in _BUILTINS:
                    jobs.fork(self)
                ctx = programs.Context(self, inp.rest(), stdout, stderr)
                ctx.input = inp
                ctx.stdin_terminal = inp.terminal and not piped_in
                ctx.keeps_terminal = ctx.stdin_terminal and self._tail and self._depth == 1
                code = prog(ctx, argv[1:])
                return 0 if code is None else int(code)
            finally:
                for name, old in saved.items():
                    if old is None:
                        env.pop(name, None)
                    else:
                        env[name] = old
        finally:
            close()

    def _expand_checked(self, word: list, err) -> list[str]:
        return self._checked(self.expand, word, err)

    def _expand_one_checked(self, word: list, err) -> str:
        return self._checked(self.expand_one, word, err)

    def _arith_checked(self, expr: str, err) -> int:
        return self._checked(self.arith, expr, err)

    @staticmethod
    def _checked(expansion, what, err):
        """An expansion whose error ends the line, as at bash's interactive prompt."""
        try:
            return expansion(what, err)
        except _ExpansionError as e:
            err(str(e))
            raise _Abort() from None

    def arith(self, expr: str, err) -> int:
        """An arithmetic expression's value, after the parameter and command expansions bash does first."""
        text = self._expand_heredoc(expr, err).replace('"', "")
        env = self.cluster.env
        try:
            return arithmetic.evaluate(text, lambda name: env.get(name, ""), env.__setitem__)
        except arithmetic.ArithError as e:
            raise _ExpansionError(f"bash: {e}\n") from None

    def pattern(self, word: list) -> str:
        """A word as a glob pattern for ``case`` and ``[[ == ]]``: expanded, its quoted parts literal."""
        out: list[str] = []
        for part in word:
            text = part[1] if part[0] == "lit" else self._part_value(part, lambda s: None)
            if part[2]:
                text = "".join(f"[{c}]" if c in "*?[" else c for c in text)
            out.append(text)
        return "".join(out)

    # -- expansions ---------------------------------------------------------------
    def _param(self, expr: str) -> str:
        env = self.cluster.env
        if expr == "?":
            return str(self.status)
        if expr == "$":
            return "1"
        if expr == "!":
            last = getattr(self, "last_background", None)
            return "" if last is None else str(last)
        if expr == "#":
            return "0"
        if expr in ("0",):
            return "bash"
        if expr in ("@", "*", "-") or isdigits(expr):
            return ""
        if expr == "HOME":
            return env.get("HOME", "/root")
        for op in (":-", ":=", ":+", "-", "="):
            if op in expr:
                name, _, default = expr.partition(op)
                if not _is_name(name):
                    raise _ExpansionError(f"bash: ${{{expr}}}: bad substitution\n")
                val = env.get(name)
                if op in (":-", "-"):
                    return val if (val if op == ":-" else val is not None) else default
                if op in (":=", "="):
                    if (not val) if op == ":=" else val is None:
                        env[name] = default
                        return default
                    return val or ""
                return default if val else ""
        if expr.startswith("#") and _is_name(expr[1:]):
            return str(len(env.get(expr[1:], "")))
        if expr.endswith("]") and "[" in expr and _is_name(expr.split("[", 1)[0]):
            # NAME[N]: the one array bash fills here is BASH_REMATCH ([[ =~ ]]); element 0 is $NAME
            name, _, index = expr[:-1].partition("[")
            return env.get(expr, env.get(name, "") if index in ("0", "@", "*") else "")
        if not _is_name(expr):
            raise _ExpansionError(f"bash: ${{{expr}}}: bad substitution\n")
        return env.get(expr, _DEFAULT_ENV.get(expr, ""))

    def _part_value(self, part, err) -> str:
        kind, value, _ = part
        if kind == "var":
            return self._param(value)
        if kind == "cmd":
            text, code = self.capture(value, "", err)
            self._subst_status = code
            return text.rstrip("\n")
        if kind == "arith":
            return str(self.arith(value, err))
        if kind == "proc":
            return "/dev/fd/63"
        return value

    def expand(self, word: list, err) -> list[str]:
        """A word to its fields (bash: expansion, word splitting, pathname expansion)."""
        fields: list[str] = []
        cur: list[str] = []
        has = False
        glob = False
        if word and word[0][0] == "lit" and not word[0][2] and (word[0][1] == "~" or word[0][1].startswith("~/")):
            word = [("lit", self._param("HOME") + word[0][1][1:], True)] + list(word[1:])
        for part in word:
            kind, value, quoted = part
            if kind == "lit":
                cur.append(value)
                has = True
                if not quoted and any(c in value for c in "*?["):
                    glob = True
                continue
            text = self._part_value(part, err)
            if quoted:
                cur.append(text)
                has = True
                continue
            pieces = text.split()
            if not pieces:
                if text and cur:
                    fields.append("".join(cur))
                    cur, has = [], False
                continue
            if text[0].isspace() and has:
                fields.append("".join(cur))
                cur, has = [], False
            for k, piece in enumerate(pieces):
                if k > 0:
                    fields.append("".join(cur))
                    cur = []
                cur.append(piece)
                has = True
            if text[-1].isspace():
                fields.append("".join(cur))
                cur, has = [], False
        if has:
            fields.append("".join(cur))
        if glob:
            out: list[str] = []
            for f in fields:
                if any(c in f for c in "*?["):
                    matches = files.glob(self.cluster, f)
                    out.extend(matches or [f])
                else:
                    out.append(f)
            return out
        return fields

    def expand_one(self, word: list, err) -> str:
        """A word in a place where bash does no splitting (assignments, redirect targets)."""
        return "".join(self._part_value(p, err) if p[0] != "lit" else p[1] for p in word)

    def _expand_heredoc(self, body: str, err) -> str:
        lx = grammar.Lexer(body)
        out: list[str] = []
        buf: list[str] = []
        s = body
        while lx.i < len(s):
            c = s[lx.i]
            if c == "\\" and lx.i + 1 < len(s) and s[lx.i + 1] in "$`\\\n":
                if s[lx.i + 1] != "\n":
                    buf.append(s[lx.i + 1])
                lx.i += 2
                continue
            if c in "$`":
                try:
                    part = lx._dollar(quoted=True)
                except ShellSyntaxError:
                    part = None
                    lx.i += 1
                    buf.append(c)
                    continue
                if part is not None:
                    out.append("".join(buf))
                    buf = []
                    out.append(self._part_value(part, err))
                    continue
            buf.append(c)
            lx.i += 1
        out.append("".join(buf))
        return "".join(out)


_DEFAULT_ENV = {"HOME": "/root", "USER": "root", "SHELL": "/bin/bash", "PWD": "/root", "KUBECONFIG": "/root/.kube/config"}
