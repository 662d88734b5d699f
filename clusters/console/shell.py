"""A small bash: the part of it that Kubernetes tutorials type.

One line in (the web console sends a multi-line heredoc as one string), one
``Output`` back. The grammar is bash's, trimmed (bash(1) "SHELL GRAMMAR"):

    list      := pipeline ( ('&&' | '||' | ';' | '&' | newline) pipeline )*
    pipeline  := command ( '|' command )*
    command   := (NAME=value)* word* redirection*

Words undergo bash's expansions in bash's order: parameters (``$NS``,
``${NS}``, ``${NS:-dev}``, ``$?``), command substitution (``$(...)``,
backquotes), field splitting of unquoted results, then globbing against the
scratch directory. Quoting follows bash: nothing expands inside single
quotes; inside double quotes only ``$``, backquote and ``\\`` are special.

Programs run one after another, each stage's stdout becoming the next
stage's stdin (the data is small and time is virtual, so there is nothing to
gain from concurrency). Standard error always goes straight to the
terminal, in the order written, unless redirected. Variables live in
``cluster.env``, files in ``cluster.files`` and the history in
``cluster.history``, so all three survive snapshots and replay.
"""
from __future__ import annotations

import fnmatch
from typing import Callable

from clusters.console import files, programs
from clusters.strings import isdigits

# Bounds that keep a hostile line from exhausting the host.
MAX_DEPTH = 16          # nested $(...) and watch/xargs
MAX_LINE = 1_000_000    # characters
MAX_OUTPUT = 8_000_000  # characters of terminal output per command line


MAX_ITERATIONS = 1000  # for-loop bodies per line

_FOR_RE = r"^\s*for\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\s+(.*?)\s*(?:;|\n)\s*do\s+(.*?)\s*;?\s*\n?\s*done\b(.*)$"


class ShellSyntaxError(Exception):
    pass


# -- words -------------------------------------------------------------------
# A word is a list of parts: ("lit", text, quoted), ("var", name-or-expr, quoted),
# ("cmd", source, quoted), ("proc", source, False).

def _is_name(s: str) -> bool:
    return bool(s) and (s[0].isalpha() or s[0] == "_") and all(c.isalnum() or c == "_" for c in s)


_META = set(" \t\n|&;<>()")


class Lexer:
    def __init__(self, text: str):
        self.s = text
        self.i = 0
        self.tokens: list[tuple] = []
        self.pending_heredocs: list[list] = []

    def error_eof(self, wanted: str) -> ShellSyntaxError:
        return ShellSyntaxError(f"bash: unexpected EOF while looking for matching `{wanted}'\n"
                                "bash: syntax error: unexpected end of file\n")

    def run(self) -> list[tuple]:
        s = self.s
        n = len(s)
        while self.i < n:
            c = s[self.i]
            if c in " \t":
                self.i += 1
                continue
            if c == "\\" and s.startswith("\\\n", self.i):
                self.i += 2
                continue
            if c == "#":
                j = s.find("\n", self.i)
                self.i = n if j < 0 else j
                continue
            if c == "\n":
                self.i += 1
                self.tokens.append(("op", "\n"))
                self._read_heredoc_bodies()
                continue
            if isdigits(c) and self.i + 1 < n and s[self.i + 1] in "<>" :
                # "2>", "2>>", "2>&1", "1>"
                j = self.i
                while j < n and isdigits(s[j]):
                    j += 1
                fd = int(s[self.i:j])
                self.i = j
                self._redirect(fd)
                continue
            if c in "<>":
                self._redirect(None)
                continue
            if c == "&" and s.startswith("&>", self.i):
                self.i += 2
                append = s.startswith(">", self.i)
                if append:
                    self.i += 1
                self.tokens.append(("redir", "&>>" if append else "&>", None))
                continue
            for op in ("&&", "||", ";;", "|&", "|", ";", "&", "(", ")"):
                if s.startswith(op, self.i):
                    self.i += len(op)
                    self.tokens.append(("op", op))
                    break
            else:
                self.tokens.append(("word", self._word()))
        if self.pending_heredocs:
            self._read_heredoc_bodies()
        return self.tokens

    def _redirect(self, fd: int | None) -> None:
        s = self.s
        for op in ("<<<", "<<-", "<<", ">>", ">&", "<&", ">|", ">", "<"):
            if s.startswith(op, self.i):
                self.i += len(op)
                if op == "<" and s.startswith("(", self.i):
                    # process substitution <(cmd): a word of its own
                    self.i -= 1
                    self.tokens.append(("word", self._word()))
                    return
                if op in ("<<", "<<-"):
                    while self.i < len(s) and s[self.i] in " \t":
                        self.i += 1
                    if self.i >= len(s) or s[self.i] in _META:
                        raise ShellSyntaxError("bash: syntax error near unexpected token `newline'\n")
                    word = self._word()
                    delim = "".join(p[1] for p in word)
                    quoted = any(p[2] for p in word)
                    tok = ["heredoc", op, fd, delim, quoted, None]
                    self.tokens.append(tok)  # type: ignore[arg-type]
                    self.pending_heredocs.append(tok)
                    return
                self.tokens.append(("redir", op if op != ">|" else ">", fd))
                return

    def _read_heredoc_bodies(self) -> None:
        s = self.s
        for tok in self.pending_heredocs:
            strip_tabs = tok[1] == "<<-"
            delim = tok[3]
            lines = []
            while True:
                if self.i >= len(s):
                    break
                j = s.find("\n", self.i)
                line = s[self.i:] if j < 0 else s[self.i:j]
                self.i = len(s) if j < 0 else j + 1
                check = line.lstrip("\t") if strip_tabs else line
                if check == delim:
                    break
                lines.append(check)
            tok[5] = "".join(l + "\n" for l in lines)
        self.pending_heredocs = []

    def _word(self) -> list:
        s = self.s
        n = len(s)
        parts: list = []
        buf: list[str] = []

        def flush(quoted: bool = False) -> None:
            if buf:
                parts.append(("lit", "".join(buf), quoted))
                buf.clear()

        while self.i < n:
            c = s[self.i]
            if c in _META:
                if c == "<" and s.startswith("<(", self.i) and not buf and not parts:
                    end = _matching_paren(s, self.i + 2)
                    if end < 0:
                        raise self.error_eof(")")
                    parts.append(("proc", s[self.i + 2:end], False))
                    self.i = end + 1
                    continue
                break
            if c == "\\":
                if self.i + 1 < n:
                    if s[self.i + 1] == "\n":
                        self.i += 2
                        continue
                    flush()
                    parts.append(("lit", s[self.i + 1], True))
                    self.i += 2
                else:
                    self.i += 1
                continue
            if c == "'":
                j = s.find("'", self.i + 1)
                if j < 0:
                    raise self.error_eof("'")
                flush()
                parts.append(("lit", s[self.i + 1:j], True))
                self.i = j + 1
                continue
            if c == '"':
                flush()
                self.i += 1
                parts.extend(self._double_quoted())
                continue
            if c == "$" or c == "`":
                part = self._dollar(quoted=False)
                if part is not None:
                    flush()
                    parts.append(part)
                    continue
                buf.append(c)
                self.i += 1
                continue
            buf.append(c)
            self.i += 1
        flush()
        return parts

    def _double_quoted(self) -> list:
        s = self.s
        n = len(s)
        parts: list = [("lit", "", True)]
        buf: list[str] = []
        while True:
            if self.i >= n:
                raise self.error_eof('"')
            c = s[self.i]
            if c == '"':
                self.i += 1
                break
            if c == "\\" and self.i + 1 < n and s[self.i + 1] in '$`"\\\n':
                if s[self.i + 1] != "\n":
                    buf.append(s[self.i + 1])
                self.i += 2
                continue
            if c in "$`":
                part = self._dollar(quoted=True)
                if part is not None:
                    if buf:
                        parts.append(("lit", "".join(buf), True))
                        buf = []
                    parts.append(part)
                    continue
            buf.append(c)
            self.i += 1
        if buf:
            parts.append(("lit", "".join(buf), True))
        return parts

    def _dollar(self, quoted: bool):
        """Parse ``$NAME``, ``${...}``, ``$(...)``, ``$((...))`` or a backquote at self.i."""
        s = self.s
        i = self.i
        if s[i] == "`":
            j = i + 1
            while j < len(s) and s[j] != "`":
                j += 2 if s[j] == "\\" else 1
            if j >= len(s):
                raise self.error_eof("`")
            self.i = j + 1
            return ("cmd", s[i + 1:j], quoted)
        nxt = s[i + 1] if i + 1 < len(s) else ""
        if nxt == "(":
            if s.startswith("$((", i):
                end = s.find("))", i + 3)
                if end < 0:
                    raise self.error_eof("((")
                self.i = end + 2
                return ("arith", s[i + 3:end], quoted)
            end = _matching_paren(s, i + 2)
            if end < 0:
                raise self.error_eof(")")
            self.i = end + 1
            return ("cmd", s[i + 2:end], quoted)
        if nxt == "{":
            end = s.find("}", i + 2)
            if end < 0:
                raise self.error_eof("}")
            self.i = end + 1
            return ("var", s[i + 2:end], quoted)
        if nxt and (nxt.isalpha() or nxt == "_"):
            j = i + 1
            while j < len(s) and (s[j].isalnum() or s[j] == "_"):
                j += 1
            self.i = j
            return ("var", s[i + 1:j], quoted)
        if nxt and nxt in "?$#0123456789!@*-":
            self.i = i + 2
            return ("var", nxt, quoted)
        return None


def _matching_paren(s: str, start: int) -> int:
    """Index of the ')' closing a '$(' whose body starts at ``start``, honouring quotes."""
    depth = 1
    i = start
    n = len(s)
    while i < n:
        c = s[i]
        if c == "\\":
            i += 2
            continue
        if c == "'":
            j = s.find("'", i + 1)
            if j < 0:
                return -1
            i = j + 1
            continue
        if c == '"':
            i += 1
            while i < n and s[i] != '"':
                i += 2 if s[i] == "\\" else 1
            i += 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


# -- parsing -------------------------------------------------------------------

class Command:
    __slots__ = ("assigns", "words", "redirs")

    def __init__(self):
        self.assigns: list[tuple[str, list]] = []
        self.words: list[list] = []
        self.redirs: list[tuple] = []  # (op, fd, word-or-heredoc-body, expand)


def parse(text: str) -> list[tuple[str, list[Command]]]:
    """[(connector, pipeline)], connector being '', '&&', '||' or ';'."""
    tokens = Lexer(text).run()
    out: list[tuple[str, list[Command]]] = []
    connector = ""
    pipeline: list[Command] = []
    cmd: Command | None = None
    i = 0

    def unexpected(tok: str) -> ShellSyntaxError:
        return ShellSyntaxError(f"bash: syntax error near unexpected token `{tok}'\n")

    while i < len(tokens):
        tok = tokens[i]
        kind = tok[0]
        if kind == "word":
            if cmd is None:
                cmd = Command()
            word = tok[1]
            if not cmd.words and word and word[0][0] == "lit" and not word[0][2] and "=" in word[0][1] \
                    and _is_name(word[0][1].split("=", 1)[0]):
                name, _, rest = word[0][1].partition("=")
                value = ([("lit", rest, False)] if rest else []) + list(word[1:])
                cmd.assigns.append((name, value))
            else:
                cmd.words.append(word)
            i += 1
            continue
        if kind == "redir":
            op, fd = tok[1], tok[2]
            if cmd is None:
                cmd = Command()
            if op in (">&", "<&"):
                nxt = tokens[i + 1] if i + 1 < len(tokens) else None
                if nxt is None or nxt[0] != "word":
                    raise unexpected("newline")
                target = "".join(p[1] for p in nxt[1])
                cmd.redirs.append((op, fd, target, False))
                i += 2
                continue
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if nxt is None or nxt[0] != "word":
                raise unexpected("newline" if nxt is None or nxt == ("op", ";") else (nxt[1] if nxt[0] == "op" else "newline"))
            cmd.redirs.append((op, fd, nxt[1], True))
            i += 2
            continue
        if kind == "heredoc":
            if cmd is None:
                cmd = Command()
            cmd.redirs.append(("<<", tok[2], tok[5] or "", not tok[4]))
            i += 1
            continue
        # operators
        op = tok[1]
        if op in ("(", ")", ";;"):
            raise unexpected(op)
        if op in ("|", "|&"):
            if cmd is None:
                raise unexpected(op)
            if op == "|&":
                cmd.redirs.append((">&", 2, "1", False))
            pipeline.append(cmd)
            cmd = None
            i += 1
            while i < len(tokens) and tokens[i] == ("op", "\n"):
                i += 1
            if i >= len(tokens):
                raise ShellSyntaxError("bash: syntax error: unexpected end of file\n")
            continue
        # list separators
        if cmd is None:
            if op == "\n" and not pipeline:
                i += 1
                continue
            raise unexpected(op)
        pipeline.append(cmd)
        out.append((connector, pipeline))
        pipeline, cmd = [], None
        connector = ";" if op in (";", "&", "\n") else op
        i += 1
        if op in ("&&", "||"):
            # bash lets newlines follow && and ||
            while i < len(tokens) and tokens[i] == ("op", "\n"):
                i += 1
            if i >= len(tokens):
                raise ShellSyntaxError("bash: syntax error: unexpected end of file\n")
    if cmd is not None:
        pipeline.append(cmd)
    if pipeline:
        out.append((connector, pipeline))
    return out


# -- running ---------------------------------------------------------------------

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
        self.terminal = term.write  # where background jobs write (programs.Context.tty)
        try:
            code = self.run_line(line, "", term.write, term.write)
        finally:
            self.terminal = None
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

    # -- the interpreter ---------------------------------------------------------
    def run_line(self, line: str, stdin: str, out: Callable[[str], None], err: Callable[[str], None]) -> int:
        if self._depth >= MAX_DEPTH:
            err("bash: maximum nesting level exceeded\n")
            return 1
        self._depth += 1
        if self._depth == 1:
            self._tail = False
        try:
            m = _FOR.match(line)
            if m:
                return self._run_for(m, stdin, out, err)
            try:
                lst = parse(line)
            except ShellSyntaxError as e:
                err(str(e))
                self.status = 2
                return 2
            code = self.status if self._depth > 1 else 0
            for i, (connector, pipeline) in enumerate(lst):
                if connector == "&&" and code != 0:
                    continue
                if connector == "||" and code == 0:
                    continue
                if i:
                    self._settle()
                if self._depth == 1:
                    self._tail = i == len(lst) - 1 and len(pipeline) == 1
                code = self._run_pipeline(pipeline, stdin, out, err)
                self.status = code
            return code
        finally:
            self._depth -= 1

    def _settle(self) -> None:
        """Let the cluster react before the next command of a list runs.

        Two commands typed on one line (``kubectl scale --replicas=0; kubectl scale --replicas=2``)
        are two processes, each a round trip or more: the controllers see the first one's write
        before the second is sent. Settling costs no virtual time."""
        settle = getattr(self.cluster, "settle", None)
        if settle is not None:
            settle()

    def _run_for(self, m, stdin: str, out, err) -> int:
        """``for NAME in WORDS; do LIST; done`` (bash "Compound Commands"), bounded to MAX_ITERATIONS."""
        name, words_src, body, rest = m.group(1), m.group(2), m.group(3), m.group(4)
        try:
            items: list[str] = []
            for w in parse_words(words_src):
                items.extend(self.expand(w, err))
        except (ShellSyntaxError, _ExpansionError) as e:
            err(str(e))
            return 2
        rest = (rest or "").strip()
        piped = rest.startswith("|") and not rest.startswith("||")
        buf: list[str] = []
        code = 0
        for i, item in enumerate(items[:MAX_ITERATIONS]):
            if i:
                self._settle()
            self.cluster.env[name] = item
            code = self.run_line(body, stdin, buf.append if piped else out, err)
        if rest:
            self._settle()
        if not rest:
            return code
        if piped:
            return self.run_line(rest[1:], "".join(buf), out, err)
        if rest.startswith("&&"):
            return self.run_line(rest[2:], stdin, out, err) if code == 0 else code
        if rest.startswith("||"):
            return self.run_line(rest[2:], stdin, out, err) if code != 0 else code
        if rest.startswith(";") or rest.startswith("&"):
            return self.run_line(rest[1:], stdin, out, err)
        err(f"bash: syntax error near unexpected token `{rest.split()[0]}'\n")
        return 2

    def _run_pipeline(self, pipeline: list[Command], stdin: str, out, err) -> int:
        data = stdin
        code = 0
        for idx, cmd in enumerate(pipeline):
            last = idx == len(pipeline) - 1
            buf: list[str] = []
            stage_out = out if last else buf.append
            code = self._run_command(cmd, data if idx > 0 else stdin, stage_out, err, piped_in=idx > 0)
            data = "".join(buf)
        return code

    def _run_command(self, cmd: Command, stdin: str, out, err, piped_in: bool) -> int:
        env = self.cluster.env
        try:
            argv: list[str] = []
            for w in cmd.words:
                argv.extend(self.expand(w, err))
            assigns = [(name, self.expand_one(value, err)) for name, value in cmd.assigns]
        except _ExpansionError as e:
            err(str(e))
            return 1
        if not argv:
            for name, value in assigns:
                env[name] = value
            if not cmd.redirs:
                return 0
        # aliases (first word only, not recursive)
        if argv and argv[0] in self.aliases:
            try:
                words: list[str] = []
                for w in parse_words(self.aliases[argv[0]]):
                    words.extend(self.expand(w, err))
            except (ShellSyntaxError, _ExpansionError):
                words = [argv[0]]
            argv = words + argv[1:]

        # redirections
        out_target: tuple[str, str] | None = None   # (mode, path)
        err_target: tuple[str, str] | None = None
        redirected_in = any(op in ("<<", "<<<", "<", "<&") for op, _, _, _ in cmd.redirs)
        err_to_out = False
        out_to_err = False
        for op, fd, target, expand in cmd.redirs:
            if op == "<<":
                try:
                    stdin = self._expand_heredoc(target, err) if expand else target
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
            try:
                path = self.expand_one(target, err) if expand else target
            except _ExpansionError as e:
                err(str(e))
                return 1
            if op == "<<<":
                stdin = path + "\n"
            elif op in ("<", "<&"):
                if path == "/dev/null":
                    stdin = ""
                    continue
                content = files.read(self.cluster, path)
                if content is None:
                    err(f"bash: {path}: {'Is a directory' if files.is_dir(self.cluster, path) else 'No such file or directory'}\n")
                    return 1
                stdin = content
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
        stdout = out
        stderr = err
        if out_target:
            stdout = out_buf.append
        if err_target and not err_to_out:
            stderr = err_buf.append
        if err_to_out:
            stderr = stdout
        if out_to_err:
            stdout = stderr

        if not argv:
            code = 0
        else:
            prog = programs.find(argv[0])
            saved = {}
            for name, value in assigns:
                saved[name] = env.get(name)
                env[name] = value
            try:
                if prog is None:
                    stderr(f"bash: {argv[0]}: command not found\n")
                    code = 127
                else:
                    ctx = programs.Context(self, stdin, stdout, stderr)
                    ctx.stdin_terminal = not piped_in and not redirected_in and not stdin
                    ctx.keeps_terminal = ctx.stdin_terminal and self._tail and self._depth == 1
                    code = prog(ctx, argv[1:])
                    code = 0 if code is None else int(code)
            finally:
                for name, old in saved.items():
                    if old is None:
                        env.pop(name, None)
                    else:
                        env[name] = old
        if out_target and out_target[1] != "/dev/null":
            files.append(self.cluster, out_target[1], "".join(out_buf))
        if err_target and not err_to_out and err_target[1] != "/dev/null":
            files.append(self.cluster, err_target[1], "".join(err_buf))
        return code

    # -- expansions ---------------------------------------------------------------
    def _param(self, expr: str) -> str:
        env = self.cluster.env
        if expr == "?":
            return str(self.status)
        if expr == "$":
            return "1"
        if expr == "#":
            return "0"
        if expr in ("0",):
            return "bash"
        if expr in ("@", "*", "!", "-") or isdigits(expr):
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
        if not _is_name(expr):
            raise _ExpansionError(f"bash: ${{{expr}}}: bad substitution\n")
        return env.get(expr, _DEFAULT_ENV.get(expr, ""))

    def _part_value(self, part, err) -> str:
        kind, value, _ = part
        if kind == "var":
            return self._param(value)
        if kind == "cmd":
            text, _code = self.capture(value, "", err)
            return text.rstrip("\n")
        if kind == "arith":
            return _arith(self, value)
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
        lx = Lexer(body)
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


class _ExpansionError(Exception):
    pass


import re as _re

_FOR = _re.compile(_FOR_RE, _re.S)

_DEFAULT_ENV = {"HOME": "/root", "USER": "root", "SHELL": "/bin/bash", "PWD": "/root", "KUBECONFIG": "/root/.kube/config"}


def parse_words(text: str) -> list[list]:
    """The words of a simple command line (for aliases and xargs)."""
    return [t[1] for t in Lexer(text).run() if t[0] == "word"]


def _quote_words(words: list[str]) -> str:
    """Words back into a line that parses to the same words."""
    out = []
    for w in words:
        if w and all(c.isalnum() or c in "-_./=:,@%+" for c in w):
            out.append(w)
        else:
            out.append("'" + w.replace("'", "'\\''") + "'")
    return " ".join(out)


def split_words(text: str) -> list[str]:
    """shlex-like split with bash quoting and no expansion."""
    return ["".join(p[1] for p in w) for w in parse_words(text)]


def _arith(console: Console, expr: str) -> str:
    """$(( )) over integers: + - * / % ( ) and variables."""
    import re

    env = console.cluster.env

    def var(m) -> str:
        v = env.get(m.group(1), "0")
        return v if re.fullmatch(r"-?\d{1,18}", v or "") else "0"

    text = re.sub(r"\$?([A-Za-z_][A-Za-z0-9_]*)", var, expr)
    if not re.fullmatch(r"[\d\s+\-*/%()]*", text) or "**" in text or len(text) > 200 or re.search(r"\d{19,}", text):
        raise _ExpansionError(f"bash: {expr}: syntax error: invalid arithmetic operator\n")
    if not text.strip():
        return "0"
    text = text.replace("/", "//")
    try:
        return str(int(eval(text, {"__builtins__": {}}, {})))  # noqa: S307 (digits and + - * / % only)
    except ZeroDivisionError:
        raise _ExpansionError(f"bash: {expr}: division by 0\n")
    except Exception:
        raise _ExpansionError(f"bash: {expr}: syntax error in expression\n")
