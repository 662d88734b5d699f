"""bash's conditional expressions: the ``test`` and ``[`` builtins (test.c) and ``[[ ... ]]``.

``test``/``[`` follow POSIX's rules by argument count first (so ``[ -n ]``
is true, a one-argument test of the string "-n"), then test.c's recursive
expression with ``!``, ``-a``, ``-o`` and parentheses, and its messages
(``[: abc: integer expression expected``, ``[: missing `]'``, status 2).
``[[ ]]`` reads its words unsplit, matches ``==``/``!=`` against a glob
pattern (quoted parts literal), ``=~`` against an extended regular
expression (``BASH_REMATCH``), compares ``-eq``... operands as arithmetic
expressions, and has ``&&``, ``||`` and ``<``/``>`` of its own.

Files are the console's scratch directory (``files.py``).
"""
from __future__ import annotations

import fnmatch
import re

from clusters.console import arithmetic, files

UNARY = {"-e", "-a", "-f", "-d", "-s", "-r", "-w", "-x", "-L", "-h", "-b", "-c", "-p", "-S", "-t", "-g", "-u", "-k",
         "-O", "-G", "-N", "-z", "-n", "-v", "-o", "-R"}
BINARY = {"=", "==", "!=", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef"}
_INTEGER = {"-eq": "__eq__", "-ne": "__ne__", "-lt": "__lt__", "-le": "__le__", "-gt": "__gt__", "-ge": "__ge__"}


class TestError(Exception):
    """What test.c's test_syntax_error prints after ``bash: [: `` (status 2)."""


def _file(cluster, op: str, path: str, env: dict) -> bool:
    if op in ("-z", "-n"):
        return (path == "") == (op == "-z")
    if op == "-v":
        return path in env
    if op in ("-o", "-t", "-L", "-h", "-b", "-c", "-p", "-S", "-g", "-u", "-k", "-N", "-R"):
        return False  # no options set, no terminal on a descriptor, no links or devices in the scratch directory
    if not path:
        return False
    is_dir = files.is_dir(cluster, path)
    exists = is_dir or files.exists(cluster, path)
    if op in ("-e", "-a", "-r", "-w", "-O", "-G"):
        return exists
    if op == "-f":
        return exists and not is_dir
    if op == "-d":
        return is_dir
    if op == "-s":
        return is_dir or bool(files.read(cluster, path))
    if op == "-x":
        return is_dir  # a directory is searchable; the files written here are not executable
    return False


def _integer(text: str) -> int:
    t = text.strip()
    if re.fullmatch(r"[-+]?\d+", t):
        return int(t)
    raise TestError(f"{text}: integer expression expected")


def _binary(cluster, left: str, op: str, right: str) -> bool:
    if op in ("=", "=="):
        return left == right
    if op == "!=":
        return left != right
    if op == "<":
        return left < right
    if op == ">":
        return left > right
    if op in _INTEGER:
        return getattr(_integer(left), _INTEGER[op])(_integer(right))
    if op == "-ef":
        return files.exists(cluster, left) and files.norm(left) == files.norm(right)
    a, b = files.mtime_ns(cluster, left), files.mtime_ns(cluster, right)
    if op == "-nt":
        return a is not None and (b is None or a > b)
    return b is not None and (a is None or a < b)  # -ot


class _Test:
    """test.c's expression grammar, for more than four arguments (or where POSIX's rules give way)."""

    def __init__(self, cluster, env: dict, args: list[str]):
        self.cluster = cluster
        self.env = env
        self.args = args
        self.pos = 0

    def run(self) -> bool:
        v = self.or_()
        if self.pos < len(self.args):
            raise TestError("too many arguments")
        return v

    def or_(self) -> bool:
        v = self.and_()
        while self.pos < len(self.args) and self.args[self.pos] == "-o":
            self.pos += 1
            w = self.and_()
            v = v or w
        return v

    def and_(self) -> bool:
        v = self.term()
        while self.pos < len(self.args) and self.args[self.pos] == "-a":
            self.pos += 1
            w = self.term()
            v = v and w
        return v

    def term(self) -> bool:
        args, n = self.args, len(self.args)
        if self.pos >= n:
            raise TestError("argument expected")
        a = args[self.pos]
        if a == "!":
            self.pos += 1
            return not self.term()
        if a == "(" and self.pos + 1 < n:
            self.pos += 1
            v = self.or_()
            if self.pos >= n or args[self.pos] != ")":
                found = args[self.pos] if self.pos < n else ""
                raise TestError(f"`)' expected, found {found}" if found else "`)' expected")
            self.pos += 1
            return v
        if self.pos + 2 < n and args[self.pos + 1] in BINARY:
            left, op, right = args[self.pos], args[self.pos + 1], args[self.pos + 2]
            self.pos += 3
            return _binary(self.cluster, left, op, right)
        if a in UNARY:
            if self.pos + 1 >= n:
                raise TestError("argument expected")
            self.pos += 2
            return _file(self.cluster, a, args[self.pos - 1], self.env)
        self.pos += 1
        return a != ""


def _posix(cluster, env: dict, args: list[str]) -> bool:
    """test.c posixtest: the answer by number of arguments."""
    n = len(args)
    if n == 0:
        return False
    if n == 1:
        return args[0] != ""
    if n == 2:
        if args[0] == "!":
            return args[1] == ""
        if args[0] in UNARY:
            return _file(cluster, args[0], args[1], env)
        raise TestError(f"{args[0]}: unary operator expected")
    if n == 3:
        if args[1] in BINARY:
            return _binary(cluster, args[0], args[1], args[2])
        if args[1] in ("-a", "-o"):
            return (args[0] != "" and args[2] != "") if args[1] == "-a" else (args[0] != "" or args[2] != "")
        if args[0] == "!":
            return not _posix(cluster, env, args[1:])
        if args[0] == "(" and args[2] == ")":
            return args[1] != ""
        raise TestError(f"{args[1]}: binary operator expected")
    if n == 4:
        if args[0] == "!":
            return not _posix(cluster, env, args[1:])
        if args[0] == "(" and args[3] == ")":
            return _posix(cluster, env, args[1:3])
    return _Test(cluster, env, args).run()


def test(ctx, argv: list[str], name: str = "test") -> int:
    args = list(argv)
    if name == "[":
        if not args or args[-1] != "]":
            ctx.err("bash: [: missing `]'\n")
            return 2
        args = args[:-1]
    try:
        return 0 if _posix(ctx.cluster, ctx.env, args) else 1
    except TestError as e:
        ctx.err(f"bash: {name}: {e}\n")
        return 2


def bracket(ctx, argv: list[str]) -> int:
    return test(ctx, argv, "[")


# -- [[ ... ]] ----------------------------------------------------------------------

class CondError(Exception):
    """A [[ ]] the parser refuses: bash's message, status 2."""


class Cond:
    """One ``[[ ]]``: tokens from grammar.parse_cond, words expanded by the console as they are reached
    (``expand(word) -> str``; ``pattern(word) -> str`` keeps its quoted parts literal for matching)."""

    def __init__(self, console, tokens: list, source: str, err):
        self.console = console
        self.tokens = tokens
        self.source = source
        self.err = err
        self.pos = 0

    def run(self) -> bool:
        if not self.tokens:
            raise CondError("")
        v = self.or_()
        if self.pos < len(self.tokens):
            raise CondError(f"syntax error in conditional expression: unexpected token `{self.text(self.pos)}'")
        return v

    def text(self, k: int) -> str:
        a, b = self.tokens[k][2]
        return self.source[a:b]

    def op(self, *ops: str) -> bool:
        return self.pos < len(self.tokens) and self.tokens[self.pos][0] == "op" and self.tokens[self.pos][1] in ops

    def word(self, k: int) -> str | None:
        """The plain text of token ``k`` if it is a word (for recognising operators)."""
        if k >= len(self.tokens) or self.tokens[k][0] != "word":
            return None
        return "".join(p[1] for p in self.tokens[k][1]) if all(p[0] == "lit" and not p[2] for p in self.tokens[k][1]) \
            else None

    def or_(self) -> bool:
        v = self.and_()
        while self.op("||"):
            self.pos += 1
            w = self.and_() if not v else (self.skip(), True)[1]
            v = v or w
        return v

    def and_(self) -> bool:
        v = self.term()
        while self.op("&&"):
            self.pos += 1
            w = self.term() if v else (self.skip(), False)[1]
            v = v and w
        return v

    def skip(self) -> None:
        """Step over a term that && or || leaves unevaluated (its words are not expanded)."""
        saved = self.console
        self.console = None
        try:
            self.term()
        finally:
            self.console = saved

    def term(self) -> bool:
        n = len(self.tokens)
        if self.pos >= n:
            raise CondError("unexpected argument `]]' to conditional binary operator")
        if self.word(self.pos) == "!":
            self.pos += 1
            return not self.term()
        if self.op("("):
            self.pos += 1
            v = self.or_()
            if not self.op(")"):
                raise CondError("expected `)'")
            self.pos += 1
            return v
        first = self.word(self.pos)
        if first in UNARY and not (self.pos + 1 < n and self.word(self.pos + 1) in BINARY | {"=~"}):
            if self.pos + 1 >= n or self.tokens[self.pos + 1][0] != "word":
                raise CondError("unexpected argument `]]' to conditional unary operator")
            arg = self.expand(self.pos + 1)
            self.pos += 2
            if self.console is None:
                return False
            return _file(self.console.cluster, first, arg, self.console.cluster.env)
        if self.tokens[self.pos][0] != "word":
            raise CondError(f"unexpected token `{self.text(self.pos)}' in conditional command")
        left_at = self.pos
        self.pos += 1
        if self.pos >= n or self.op("&&", "||", ")"):
            return self.expand(left_at) != ""
        op = self.word(self.pos) if self.tokens[self.pos][0] == "word" else self.tokens[self.pos][1]
        if op not in BINARY and op != "=~":
            raise CondError("conditional binary operator expected")
        self.pos += 1
        if self.pos >= n or self.tokens[self.pos][0] != "word":
            raise CondError("unexpected argument `]]' to conditional binary operator")
        if op == "=~":
            return self.regex(left_at)
        right_at = self.pos
        self.pos += 1
        if self.console is None:
            return False
        left = self.expand(left_at)
        if op in ("=", "==", "!="):
            matched = fnmatch.fnmatchcase(left, self.console.pattern(self.tokens[right_at][1]))
            return matched if op != "!=" else not matched
        right = self.expand(right_at)
        if op in _INTEGER:
            return getattr(self.arith(left), _INTEGER[op])(self.arith(right))
        return _binary(self.console.cluster, left, op, right)

    def expand(self, k: int) -> str:
        if self.console is None:
            return ""
        return self.console.expand_one(self.tokens[k][1], self.err)

    def arith(self, text: str) -> int:
        env = self.console.cluster.env
        try:
            return arithmetic.evaluate(text, env.get, env.__setitem__)
        except arithmetic.ArithError as e:
            raise CondArithError(f"[[: {e}") from None

    def regex(self, left_at: int) -> bool:
        """``=~``: the right side runs to the first space outside quotes; quoted parts match themselves."""
        pieces = []
        end = self.tokens[self.pos][2][0]
        while self.pos < len(self.tokens) and self.tokens[self.pos][2][0] == end and not self.op("&&", "||"):
            kind, value, (a, b) = self.tokens[self.pos]
            if kind == "op":
                pieces.append(value)
            elif self.console is not None:
                for part in value:
                    text = part[1] if part[0] == "lit" else self.console.expand_one([part], self.err)
                    pieces.append(re.escape(text) if part[2] else text)
            end = b
            self.pos += 1
        if self.console is None:
            return False
        env = self.console.cluster.env
        for k in [k for k in env if k.startswith("BASH_REMATCH")]:
            del env[k]
        try:
            m = re.search("".join(pieces), self.expand(left_at))
        except re.error:
            raise CondRegexError() from None
        if m is None:
            return False
        groups = [m.group(0)] + [g or "" for g in m.groups()]
        env["BASH_REMATCH"] = groups[0]
        for i, g in enumerate(groups):
            env[f"BASH_REMATCH[{i}]"] = g
        return True


class CondArithError(Exception):
    """An arithmetic operand of -eq... that is not one: bash prints it and the test fails (1)."""


class CondRegexError(Exception):
    """A regular expression that does not compile: [[ returns 2 without a message."""


def cond(console, tokens: list, source: str, err) -> int:
    """Run one [[ ]]: 0 true, 1 false, 2 for a malformed one."""
    try:
        return 0 if Cond(console, tokens, source, err).run() else 1
    except CondError as e:
        if str(e):
            err(f"bash: {e}\n")
        return 2
    except CondArithError as e:
        err(f"bash: {e}\n")
        return 1
    except CondRegexError:
        return 2
