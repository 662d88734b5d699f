"""bash's tokens (bash(1) "DEFINITIONS", "QUOTING"): words as lists of parts, operators,
redirections, heredocs with their bodies, and ``((...))``.

A word's parts: ("lit", text, quoted), ("var", name-or-expr, quoted), ("cmd", source, quoted),
("arith", source, quoted), ("proc", source, False). Quoting follows bash: nothing expands inside
single quotes, ``$'...'`` takes backslash escapes, and inside double quotes only ``$``, backquote
and ``\\`` are special. Input that ends inside a quote or ``$(`` raises ``Incomplete``.
"""
from __future__ import annotations

from clusters.strings import isdigits


class ShellSyntaxError(Exception):
    pass


class Incomplete(ShellSyntaxError):
    """The input ended where bash would have asked for more (PS2)."""


def is_name(s: str) -> bool:
    return bool(s) and (s[0].isalpha() or s[0] == "_") and all(c.isalnum() or c == "_" for c in s)


_META = set(" \t\n|&;<>()")
_ANSI_C = {"n": "\n", "t": "\t", "\\": "\\", "r": "\r", "a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b", "v": "\v",
           "f": "\f", "'": "'", '"': '"', "?": "?"}


class Lexer:
    """Tokens: ("word", parts), ("op", text), ("redir", op, fd), ("arith", source) for ``((...))``, and
    heredocs as ["heredoc", op, fd, delimiter, quoted, body]. ``spans`` holds each token's (start, end)."""

    def __init__(self, text: str):
        self.s = text
        self.i = 0
        self.tokens: list = []
        self.spans: list[tuple[int, int]] = []
        self.pending_heredocs: list[list] = []
        self.open_heredoc = False  # a heredoc's body ran to the end of the input without its delimiter
        self.open_delimiters: list[str] = []  # the delimiters such heredocs wanted

    def error_eof(self, wanted: str) -> Incomplete:
        return Incomplete(f"bash: unexpected EOF while looking for matching `{wanted}'\n"
                          "bash: syntax error: unexpected end of file\n")

    def run(self) -> list:
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
            start, count = self.i, len(self.tokens)
            self._token()
            self.spans.extend([(start, self.i)] * (len(self.tokens) - count))
        if self.pending_heredocs:
            self._read_heredoc_bodies()
        return self.tokens

    def _token(self) -> None:
        s = self.s
        n = len(s)
        c = s[self.i]
        if c == "\n":
            self.i += 1
            self.tokens.append(("op", "\n"))
            self._read_heredoc_bodies()
            return
        if isdigits(c) and self.i + 1 < n and s[self.i + 1] in "<>":
            # "2>", "2>>", "2>&1", "1>"
            j = self.i
            while j < n and isdigits(s[j]):
                j += 1
            fd = int(s[self.i:j])
            self.i = j
            self._redirect(fd)
            return
        if c in "<>":
            self._redirect(None)
            return
        if c == "&" and s.startswith("&>", self.i):
            self.i += 2
            append = s.startswith(">", self.i)
            if append:
                self.i += 1
            self.tokens.append(("redir", "&>>" if append else "&>", None))
            return
        if s.startswith("((", self.i):
            end = _arith_end(s, self.i + 2)
            if end >= 0:  # (( arithmetic )); else two subshells' parentheses
                self.tokens.append(("arith", s[self.i + 2:end]))
                self.i = end + 2
                return
        for op in ("&&", "||", ";;", "|&", "|", ";", "&", "(", ")"):
            if s.startswith(op, self.i):
                self.i += len(op)
                self.tokens.append(("op", op))
                return
        self.tokens.append(("word", self._word()))

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
                    self.tokens.append(tok)
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
                    self.open_heredoc = True
                    self.open_delimiters.append(delim)
                    break
                j = s.find("\n", self.i)
                line = s[self.i:] if j < 0 else s[self.i:j]
                self.i = len(s) if j < 0 else j + 1
                check = line.lstrip("\t") if strip_tabs else line
                if check == delim:
                    break
                lines.append(check)
            tok[5] = "".join(line + "\n" for line in lines)
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
                    self.i += 1  # a backslash ending the input: bash would read on (incomplete())
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
            if c == "$" and s.startswith("$'", self.i):
                flush()
                parts.append(("lit", self._ansi_c(), True))
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

    def _ansi_c(self) -> str:
        """``$'...'``: a single-quoted string with backslash escapes (bash "QUOTING")."""
        s = self.s
        i = self.i + 2
        out: list[str] = []
        while i < len(s) and s[i] != "'":
            if s[i] == "\\" and i + 1 < len(s):
                e = s[i + 1]
                if e in _ANSI_C:
                    out.append(_ANSI_C[e])
                    i += 2
                    continue
                if e in "01234567":
                    j = i + 1
                    while j < len(s) and j < i + 4 and s[j] in "01234567":
                        j += 1
                    out.append(chr(int(s[i + 1:j], 8)))
                    i = j
                    continue
                out.append("\\" + e)
                i += 2
                continue
            out.append(s[i])
            i += 1
        if i >= len(s):
            raise self.error_eof("'")
        self.i = i + 1
        return "".join(out)

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
                end = _arith_end(s, i + 3)
                if end < 0:
                    raise self.error_eof(")")
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


def _arith_end(s: str, start: int) -> int:
    """Index of the '))' closing an arithmetic expression that starts at ``start``, or -1."""
    depth = 0
    i = start
    while i < len(s):
        c = s[i]
        if c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                return i if s.startswith("))", i) else -1
            depth -= 1
        i += 1
    return -1
