"""jq 1.6's JSON text reader: a port of src/jv_parse.c's byte-at-a-time scanner, so a bad input is
reported with its words and its line/column counting ("Invalid numeric literal at line 2, column 0"),
and of src/util.c's line accounting for the ``(at <stdin>:N)`` of runtime errors (fgets into a
4096-byte buffer: N counts the newline-ended buffers read when the value was complete)."""
from __future__ import annotations

import re

MAX_PARSING_DEPTH = 256
_NUMBER = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_INFNAN = re.compile(rb"[+-]?(?:inf(?:inity)?|nan)", re.I)  # jvp_strtod (David Gay's) takes these too


class ParseError(Exception):
    pass


_WS = b" \t\r\n"
_STRUCT = b"[,]{:}"
_SIMPLE_ESC = {ord("\\"): "\\", ord('"'): '"', ord("/"): "/", ord("b"): "\b", ord("f"): "\f",
               ord("t"): "\t", ord("n"): "\n", ord("r"): "\r"}
_NONE = object()  # p->next invalid


class _Parser:
    def __init__(self):
        self.stack: list = []
        self.next = _NONE
        self.token = bytearray()
        self.line, self.column = 1, 0
        self.in_string = False
        self.escape = False

    def value(self, v):
        if self.next is not _NONE:
            raise ParseError("Expected separator between values")
        self.next = v

    def check_literal(self):
        if not self.token:
            return
        tok = bytes(self.token)
        pattern = {ord("t"): (b"true", True), ord("f"): (b"false", False), ord("n"): (b"null", None)}.get(tok[0])
        if pattern:
            if tok != pattern[0]:
                raise ParseError("Invalid literal")
            self.value(pattern[1])
        else:
            if not _NUMBER.fullmatch(tok) and not _INFNAN.fullmatch(tok):
                raise ParseError("Invalid numeric literal")
            else:
                self.value(float(tok))
        self.token.clear()

    def found_string(self):
        raw = bytes(self.token)
        out = bytearray()
        i = 0
        while i < len(raw):
            c = raw[i]
            i += 1
            if c == 0x5C:
                if i >= len(raw):
                    raise ParseError("Expected escape character at end of string")
                c = raw[i]
                i += 1
                if c in _SIMPLE_ESC:
                    out += _SIMPLE_ESC[c].encode()
                elif c == ord("u"):
                    if i + 4 > len(raw):
                        raise ParseError("Invalid \\uXXXX escape")
                    try:
                        cp = int(raw[i:i + 4], 16)
                    except ValueError:
                        raise ParseError("Invalid characters in \\uXXXX escape") from None
                    i += 4
                    if 0xD800 <= cp <= 0xDBFF:
                        try:
                            low = int(raw[i + 2:i + 6], 16) if raw[i:i + 2] == b"\\u" and i + 6 <= len(raw) else -1
                        except ValueError:
                            low = -1
                        if not 0xDC00 <= low <= 0xDFFF:
                            raise ParseError("Invalid \\uXXXX\\uXXXX surrogate pair escape")
                        i += 6
                        cp = 0x10000 + (((cp - 0xD800) << 10) | (low - 0xDC00))
                    out += chr(cp).encode("utf-8", "replace") if not 0xDC00 <= cp <= 0xDFFF else "\ufffd".encode()
                else:
                    raise ParseError("Invalid escape")
            else:
                if 0 < c < 0x1F:
                    raise ParseError("Invalid string: control characters from U+0000 through U+001F must be escaped")
                out.append(c)
        self.value(out.decode("utf-8", "replace"))
        self.token.clear()

    def structure(self, ch: int):
        st = self.stack
        if ch in b"[{":
            if len(st) >= MAX_PARSING_DEPTH:
                raise ParseError("Exceeds depth limit for parsing")
            if self.next is not _NONE:
                raise ParseError("Expected separator between values")
            st.append([] if ch == ord("[") else {})
        elif ch == ord(":"):
            if self.next is _NONE:
                raise ParseError("Expected string key before ':'")
            if not st or not isinstance(st[-1], dict):
                raise ParseError("':' not as part of an object")
            if not isinstance(self.next, str):
                raise ParseError("Object keys must be strings")
            st.append(_Key(self.next))
            self.next = _NONE
        elif ch == ord(","):
            if self.next is _NONE:
                raise ParseError("Expected value before ','")
            if not st:
                raise ParseError("',' not as part of an object or array")
            if isinstance(st[-1], list):
                st[-1].append(self.next)
            elif isinstance(st[-1], _Key):
                st[-2][st.pop().k] = self.next
            else:
                raise ParseError("Objects must consist of key:value pairs")
            self.next = _NONE
        elif ch == ord("]"):
            if not st or not isinstance(st[-1], list):
                raise ParseError("Unmatched ']'")
            if self.next is not _NONE:
                st[-1].append(self.next)
            elif st[-1]:
                raise ParseError("Expected another array element")
            self.next = st.pop()
        else:  # '}'
            if not st:
                raise ParseError("Unmatched '}'")
            if self.next is not _NONE:
                if not isinstance(st[-1], _Key):
                    raise ParseError("Objects must consist of key:value pairs")
                st[-2][st.pop().k] = self.next
            else:
                if not isinstance(st[-1], dict):
                    raise ParseError("Unmatched '}'")
                if st[-1]:
                    raise ParseError("Expected another key-value pair")
            self.next = st.pop()

    def done(self):
        if not self.stack and self.next is not _NONE:
            v, self.next = self.next, _NONE
            return True, v
        return False, None

    def scan(self, ch: int):
        """One byte; returns (True, value) when a value is complete."""
        self.column += 1
        if ch == 0x0A:
            self.line += 1
            self.column = 0
        answer = (False, None)
        if not self.in_string:
            if ch in _WS or ch in _STRUCT or ch == 0x22:
                self.check_literal()
                answer = self.done()
                if ch == 0x22:
                    self.in_string = True
                elif ch in _STRUCT:
                    self.structure(ch)
                if not answer[0]:
                    answer = self.done()
            else:
                self.token.append(ch)
        elif ch == 0x22 and not self.escape:
            self.found_string()
            self.in_string = False
            answer = self.done()
        else:
            self.token.append(ch)
            self.escape = ch == 0x5C and not self.escape
        return answer


class _Key:
    __slots__ = ("k",)

    def __init__(self, k):
        self.k = k


def _line_counts(data: bytes):
    """For each byte offset, how many lines util.c's fgets loop had counted once it read that byte."""
    ends = []  # (end offset exclusive, lines counted after that buffer)
    pos, lines = 0, 0
    while pos < len(data):
        nl = data.find(b"\n", pos, pos + 4095)
        end = nl + 1 if nl >= 0 else min(len(data), pos + 4095)
        if nl >= 0:
            lines += 1
        ends.append((end, lines))
        pos = end
    return ends


def values(text: str):
    """Yield (value, line) for each JSON text in ``text``; raises ParseError with jq's whole message
    (after the values before it were yielded)."""
    data = text.encode("utf-8", "surrogateescape")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    p = _Parser()
    buffers = _line_counts(data)
    b = 0
    for i, ch in enumerate(data):
        while buffers[b][0] <= i:
            b += 1
        try:
            ok, v = p.scan(ch)
        except ParseError as e:
            raise ParseError(f"{e} at line {p.line}, column {p.column}") from None
        if ok:
            yield v, buffers[b][1]
    lines = buffers[-1][1] if buffers else 0
    if p.in_string:
        raise ParseError(f"Unfinished string at EOF at line {p.line}, column {p.column}")
    try:
        p.check_literal()
    except ParseError as e:
        raise ParseError(f"{e} at EOF at line {p.line}, column {p.column}") from None
    if p.stack:
        raise ParseError(f"Unfinished JSON term at EOF at line {p.line}, column {p.column}")
    if p.next is not _NONE:
        yield p.next, lines


def parse_one(text: str):
    """jv_parse (fromjson, --argjson): exactly one value, or ParseError with jq's message."""
    out = []
    for v, _ in values(text):
        out.append(v)
        if len(out) > 1:
            raise ParseError("Unexpected extra JSON values")
    if not out:
        raise ParseError("Expected JSON value")
    return out[0]
