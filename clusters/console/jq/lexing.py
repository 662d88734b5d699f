"""jq 1.6's tokens (src/lexer.l): identifiers with ``::``, ``.field``, numbers, ``@format``, keywords,
operators, and strings whose ``\\(...)`` interpolations are lexed recursively. Token kinds carry the
names bison prints in "syntax error, unexpected X" (src/parser.y's %token aliases)."""
from __future__ import annotations

import re


class CompileError(Exception):
    """A compile error: jq's message and the byte offset its location starts at."""

    def __init__(self, message: str, pos: int):
        super().__init__(message)
        self.message = message
        self.pos = pos
        self.also: list[tuple[str, int]] = []  # errors bison's recovery rules report after this one


KEYWORDS = {"def", "module", "import", "include", "if", "then", "elif", "else", "end", "as", "reduce",
            "foreach", "try", "catch", "label", "and", "or", "__loc__", "break"}
_OPS = ["?//", "!=", "==", "//=", "//", "|=", "+=", "-=", "*=", "/=", "%=", "<=", ">=", ".."]
_SINGLE = ".[]{}(),:;|+-*/%=<>$?"
_IDENT = re.compile(r"[a-zA-Z_][a-zA-Z_0-9]*(?:::[a-zA-Z_][a-zA-Z_0-9]*)*")
_NUM = re.compile(r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


class Token:
    __slots__ = ("kind", "value", "pos")

    def __init__(self, kind: str, value, pos: int):
        self.kind, self.value, self.pos = kind, value, pos

    def name(self) -> str:
        """How bison names the token in its messages."""
        if self.kind == "END":
            return "$end"
        if self.kind == "OP":
            return f"'{self.value}'" if len(self.value) == 1 else self.value
        if self.kind == "KW":
            return self.value
        return {"NUM": "LITERAL", "STR": "QQSTRING_START", "IDENT": "IDENT", "FIELD": "FIELD",
                "FORMAT": "FORMAT", "LOC": "'$'", "BAD": "INVALID_CHARACTER"}[self.kind]


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "\\": "\\", "/": "/", '"': '"'}


def tokenize(src: str, pos: int = 0, in_interp: bool = False) -> tuple[list[Token], int]:
    """Tokens from ``pos``; inside an interpolation stop at the ``)`` that closes it (returning its offset)."""
    toks: list[Token] = []
    opened: list[str] = []
    n = len(src)
    while True:
        while pos < n and (src[pos] in " \t\r\n" or src[pos] == "#"):
            if src[pos] == "#":
                while pos < n and src[pos] != "\n":
                    pos += 1
            else:
                pos += 1
        if pos >= n:
            if in_interp:
                raise CompileError("syntax error, unexpected $end, expecting QQSTRING_TEXT or "
                                   "QQSTRING_INTERP_START or QQSTRING_END", toks[-1].pos if toks else pos)
            toks.append(Token("END", None, toks[-1].pos if toks else 0))
            return toks, pos
        c = src[pos]
        if c == '"':
            tok, pos = _string(src, pos)
            toks.append(tok)
            continue
        if c == "$" and src.startswith("$__loc__", pos):
            toks.append(Token("LOC", None, pos))
            pos += 8
            continue
        if c == "@":
            m = _IDENT.match(src, pos + 1)
            if m:
                toks.append(Token("FORMAT", m.group(0), pos))
                pos = m.end()
                continue
        if c == "." and pos + 1 < n and (src[pos + 1].isalpha() or src[pos + 1] == "_"):
            m = re.compile(r"[a-zA-Z_][a-zA-Z_0-9]*").match(src, pos + 1)
            toks.append(Token("FIELD", m.group(0), pos))
            pos = m.end()
            continue
        m = _NUM.match(src, pos)
        if m and (c.isdigit() or (c == "." and pos + 1 < n and src[pos + 1].isdigit())):
            toks.append(Token("NUM", float(m.group(0)), pos))
            pos = m.end()
            continue
        m = _IDENT.match(src, pos)
        if m:
            word = m.group(0)
            toks.append(Token("KW" if word in KEYWORDS else "IDENT", word, pos))
            pos = m.end()
            continue
        for op in _OPS:
            if src.startswith(op, pos):
                toks.append(Token("OP", op, pos))
                pos += len(op)
                break
        else:
            if c in _SINGLE:
                if in_interp and c == ")" and not opened:
                    toks.append(Token("END", None, pos))
                    return toks, pos + 1
                if c in "([{":
                    opened.append(c)
                elif c in ")]}":
                    # lexer.l's try_exit: a closer that does not match the open bracket is no token
                    if not opened or "([{"[")]}".index(c)] != opened[-1]:
                        toks.append(Token("BAD", c, pos))
                        pos += 1
                        continue
                    opened.pop()
                toks.append(Token("OP", c, pos))
            else:
                toks.append(Token("BAD", c, pos))
            pos += 1


def _string(src: str, start: int) -> tuple[Token, int]:
    """A string literal: ("STR", [text | (tokens, offset)]), interpolations already tokenized."""
    parts: list = []
    buf: list[str] = []
    pos = start + 1
    n = len(src)
    while True:
        if pos >= n:
            raise CompileError("syntax error, unexpected $end, expecting QQSTRING_TEXT or "
                               "QQSTRING_INTERP_START or QQSTRING_END", start + 1)
        c = src[pos]
        if c == '"':
            if buf or not parts:
                parts.append("".join(buf))
            return Token("STR", parts, start), pos + 1
        if c == "\\":
            e = src[pos + 1:pos + 2]
            if e == "(":
                if buf:
                    parts.append("".join(buf))
                    buf = []
                toks, pos = tokenize(src, pos + 2, in_interp=True)
                parts.append(toks)
                continue
            if e in _ESCAPES:
                buf.append(_ESCAPES[e])
                pos += 2
                continue
            if e == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", src[pos + 2:pos + 6]):
                cp = int(src[pos + 2:pos + 6], 16)
                pos += 6
                if 0xD800 <= cp <= 0xDBFF and re.fullmatch(r"\\u[dD][c-fC-F][0-9a-fA-F]{2}", src[pos:pos + 6]):
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (int(src[pos + 2:pos + 6], 16) - 0xDC00)
                    pos += 6
                buf.append(chr(cp))
                continue
            # lexer.l hands each escape to jv_parse, whose message names it ("while parsing")
            raise CompileError(f"Invalid escape at line 1, column 4 (while parsing '\"\\{e}\"')", pos)
        buf.append(c)
        pos += 1
