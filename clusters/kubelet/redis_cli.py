"""redis-cli as the redis image ships it (redis/redis src/redis-cli.c at 5.0.4).

Two ways it runs:
- with a command (``redis-cli CONFIG GET maxmemory``): it sends that one command and prints the
  reply, then exits;
- with none, it reads commands a line at a time (``repl``): ``kubectl exec -it redis -- redis-cli``
  attaches the terminal to it (clusters/console/kubectl/attaching.py), at its prompt
  ``127.0.0.1:6379> ``. ``quit`` or ``exit`` ends it, and so does end of input (linenoise then
  ends the prompt's line).

Replies are printed as cliFormatReplyTTY does when stdout is a terminal (``1) "maxmemory"``,
``(integer) 1``, ``(nil)``, ``(error) ERR ...``), and as cliFormatReplyRaw does otherwise (one
value a line, nothing for nil), as ``kubectl exec`` without ``-t`` gets them. The server is
reached over the modelled network from the pod (``Env.net.redis``: clients.connect, so
127.0.0.1 is the pod's own redis-server).
"""
from __future__ import annotations

PORT = 6379


class Options:
    """redis-cli's command line: -h HOST, -p PORT, --raw/--no-raw, then the command."""

    def __init__(self, args: list):
        self.host, self.port, self.raw, self.command, self.error = "127.0.0.1", PORT, None, [], ""
        i = 0
        while i < len(args):
            a = args[i]
            if a in ("-h", "-p") and i + 1 < len(args):
                if a == "-h":
                    self.host = args[i + 1]
                else:
                    self.port = int(args[i + 1]) if args[i + 1].isdigit() else 0
                i += 2
            elif a in ("--raw", "--no-raw"):
                self.raw = a == "--raw"
                i += 1
            elif a.startswith("-") and not self.command:
                self.error = f'Unrecognized option or bad number of args for: \'{a}\'\n'
                return
            else:
                self.command = list(args[i:])
                return


def split_args(line: str) -> list | None:
    """sds.c sdssplitargs: words split on spaces, "double quotes" with escapes and 'single quotes';
    None for an unbalanced quote (the repl's "Invalid argument(s)")."""
    words, i, n = [], 0, len(line)
    while True:
        while i < n and line[i].isspace():
            i += 1
        if i >= n:
            return words
        word, quote = "", ""
        while i < n:
            ch = line[i]
            if quote == '"':
                if ch == "\\" and i + 1 < n:
                    i += 1
                    word += {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "a": "\a"}.get(line[i], line[i])
                elif ch == '"':
                    if i + 1 < n and not line[i + 1].isspace():
                        return None  # a closing quote must be followed by a space
                    i += 1
                    break
                else:
                    word += ch
            elif quote == "'":
                if ch == "\\" and i + 1 < n and line[i + 1] == "'":
                    i += 1
                    word += "'"
                elif ch == "'":
                    if i + 1 < n and not line[i + 1].isspace():
                        return None
                    i += 1
                    break
                else:
                    word += ch
            elif ch.isspace():
                break
            elif ch in "\"'" and not word:
                quote = ch
            else:
                word += ch
            i += 1
        else:
            if quote:
                return None
        words.append(word)


def _repr(s: str) -> str:
    """sds.c sdscatrepr: a quoted string with C escapes."""
    out = '"'
    for ch in s:
        if ch in '\\"':
            out += "\\" + ch
        elif ch in "\n\r\t\a\b":
            out += {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\a": "\\a", "\b": "\\b"}[ch]
        elif ord(ch) < 32 or ord(ch) == 127:
            out += f"\\x{ord(ch):02x}"
        else:
            out += ch
    return out + '"'


def format_tty(reply, prefix: str = "") -> str:
    """cliFormatReplyTTY (5.0.4: an empty array is "(empty list or set)")."""
    kind, value = reply.kind, reply.value
    if kind == "error":
        return f"(error) {value}\n"
    if kind == "ok":
        return f"{value}\n"
    if kind == "integer":
        return f"(integer) {value}\n"
    if kind == "bulk":
        return _repr(value) + "\n"
    if kind == "nil":
        return "(nil)\n"
    if not value:
        return "(empty list or set)\n"
    width = len(str(len(value)))
    inner = prefix + " " * (width + 2)
    return "".join(f"{'' if i == 0 else prefix}{i + 1:>{width}}) " + format_tty(r, inner) for i, r in enumerate(value))


def format_raw(reply) -> str:
    """cliFormatReplyRaw, without the final newline cliReadReply adds."""
    if reply.kind == "nil":
        return ""
    if reply.kind == "array":
        return "\n".join(format_raw(r) for r in reply.value)
    return str(reply.value)


def _refused(host: str, port: int, outcome: str) -> str:
    why = {"dns": "Name or service not known", "timeout": "Connection timed out"}.get(outcome, "Connection refused")
    return f"Could not connect to Redis at {host}:{port}: {why}\n"


def _send(ctx, opts: Options, argv: list, tty: bool) -> tuple[bool, str]:
    """(connected, what is printed) for one command sent to the server."""
    reply = ctx.net.redis(opts.host, opts.port, argv) if ctx.net is not None else None
    if reply is None or reply.kind in ("dns", "refused", "timeout"):
        return False, _refused(opts.host, opts.port, reply.kind if reply is not None else "refused")
    raw = opts.raw if opts.raw is not None else not tty
    return True, (format_raw(reply) + "\n") if raw else format_tty(reply)


def run(args: list, ctx, tty: bool) -> tuple[int, str]:
    """``redis-cli ARGS`` run to its end: one command, or the commands its stdin holds (a pipe)."""
    opts = Options(args)
    if opts.error:
        return 1, opts.error
    if opts.command:
        ok, text = _send(ctx, opts, opts.command, tty)
        return (0 if ok else 1), text
    out = []
    for line in ctx.stdin.split("\n"):
        words = split_args(line)
        if words is None:
            out.append("Invalid argument(s)\n")
        elif words and words[0].lower() in ("quit", "exit"):
            break
        elif words:
            out.append(_send(ctx, opts, words, tty)[1])
    return 0, "".join(out)


class Repl:
    """redis-cli reading the lines a learner types (repl()): what it keeps between lines, as plain
    data that pickles with the cluster, with the surface attaching.py uses of a shell's state."""

    def __init__(self, args: list, tty: bool):
        self.opts = Options(args)
        self.interactive = tty
        self.status = 0
        self.cwd = "/"
        self.lines = 0
        self.pod: tuple = ()  # (pod uid, container, its run), as shell.Interactive keeps it
        self.connected = True

    def prompt(self) -> str:
        """cliRefreshPrompt: "host:port> " ("not connected> " before a connection succeeds)."""
        if not self.interactive:
            return ""
        return f"{self.opts.host}:{self.opts.port}> " if self.connected else "not connected> "

    def interact(self, line: str, ctx) -> tuple[int, str, bool]:
        """Run what was typed (a pipe may bring several lines): (status, output, whether it exited)."""
        out = []
        for one in line.split("\n"):
            self.lines += 1
            words = split_args(one)
            if words is None:
                out.append("Invalid argument(s)\n")
                continue
            if not words:
                continue
            if words[0].lower() in ("quit", "exit"):
                return 0, "".join(out), True
            self.connected, text = _send(ctx, self.opts, words, self.interactive)
            out.append(text)
        return 0, "".join(out), False

    def hang_up(self, eof: bool = True) -> str:
        """linenoise ends the prompt's line when the terminal sends Ctrl-D."""
        return "\n" if self.interactive and eof else ""
