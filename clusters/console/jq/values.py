"""JSON values as jq 1.6 holds them: Python None/bool/float/str/list/dict, every number a double.

Printing follows src/jv_print.c (jv_dump_term, jvp_dump_string) and numbers src/jv_dtoa.c's
jvp_dtoa_fmt (shortest round-trip digits, exponent form when decpt <= -4 or decpt > digits + 15);
ordering follows jv.c's jv_cmp (null < false < true < numbers < strings < arrays < objects).
"""
from __future__ import annotations

import math
import sys

DBL_MAX = sys.float_info.max


class JqError(Exception):
    """A jq runtime error carrying its value (jv_invalid_with_msg): a string, or any JSON value."""

    def __init__(self, value):
        super().__init__(value)
        self.value = value


def kind(v) -> str:
    """jv_kind_name: the word jq's messages use."""
    if v is None:
        return "null"
    if v is True or v is False:
        return "boolean"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


def number_text(d: float) -> str:
    """jvp_dtoa_fmt after jv_dump_term's clamping of infinities (NaN prints as null)."""
    if d != d:
        return "null"
    if d > DBL_MAX:
        d = DBL_MAX
    elif d < -DBL_MAX:
        d = -DBL_MAX
    sign = "-" if math.copysign(1.0, d) < 0 else ""
    mantissa, _, exp = repr(abs(d)).partition("e")
    whole, _, frac = mantissa.partition(".")
    digits = (whole + frac).lstrip("0")
    lead = len(whole) if whole != "0" else 0
    if whole == "0":
        lead = -(len(frac) - len(frac.lstrip("0")))
    decpt = lead + (int(exp) if exp else 0)
    digits = digits.rstrip("0") or "0"
    if digits == "0":
        return sign + "0"
    if decpt <= -4 or decpt > len(digits) + 15:
        out = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        e = decpt - 1
        return f"{sign}{out}e{'-' if e < 0 else '+'}{abs(e):02d}"
    if decpt <= 0:
        return f"{sign}0.{'0' * -decpt}{digits}"
    if decpt >= len(digits):
        return sign + digits + "0" * (decpt - len(digits))
    return f"{sign}{digits[:decpt]}.{digits[decpt:]}"


_ESC = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\r": "\\r", "\n": "\\n", "\f": "\\f"}


def string_text(s: str, ascii_only: bool = False) -> str:
    out = ['"']
    for ch in s:
        c = ord(ch)
        if ch in _ESC:
            out.append(_ESC[ch])
        elif 0x20 <= c <= 0x7E:
            out.append(ch)
        elif c < 0x20 or c == 0x7F or ascii_only:
            if c <= 0xFFFF:
                out.append(f"\\u{c:04x}")
            else:
                c -= 0x10000
                out.append(f"\\u{0xD800 | (c >> 10):04x}\\u{0xDC00 | (c & 0x3FF):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


_COLORS = {"null": "\x1b[1;30m", "boolean": "\x1b[0;39m", "number": "\x1b[0;39m", "string": "\x1b[0;32m",
           "array": "\x1b[1;39m", "object": "\x1b[1;39m"}  # jv_print.c def_colors
_FIELD_COLOR = "\x1b[34;1m"
_RESET = "\x1b[0m"


def dump(v, indent: int | str = 0, sort_keys: bool = False, ascii_only: bool = False, color: bool = False) -> str:
    """jv_dump_string: ``indent`` 0 is compact, N spaces, or "\\t" for --tab; ``color`` as -C prints."""
    parts: list[str] = []
    put_str = parts.append
    unit = indent if isinstance(indent, str) else " " * indent
    pretty = bool(unit)

    def put(x, level: int) -> None:
        col = _COLORS[kind(x)] if color else ""
        put_str(col)
        if x is None:
            put_str("null")
        elif x is True:
            put_str("true")
        elif x is False:
            put_str("false")
        elif isinstance(x, float):
            put_str(number_text(x))
        elif isinstance(x, str):
            put_str(string_text(x, ascii_only))
        elif isinstance(x, list):
            if not x:
                put_str("[]")
            else:
                put_str("[")
                for i, e in enumerate(x):
                    if i:
                        put_str(",")
                    if pretty:
                        put_str("\n" + unit * (level + 1))
                    put(e, level + 1)
                    put_str(col)
                if pretty:
                    put_str("\n" + unit * level)
                put_str(col + "]")
        else:
            if not x:
                put_str("{}")
            else:
                put_str("{")
                keys = sorted_keys(x) if sort_keys else list(x)
                for i, k in enumerate(keys):
                    if i:
                        put_str(",")
                    if pretty:
                        put_str("\n" + unit * (level + 1))
                    if color:
                        put_str(_RESET + _FIELD_COLOR + string_text(k, ascii_only) + _RESET + col
                                + (": " if pretty else ":") + _RESET)
                    else:
                        put_str(string_text(k, ascii_only) + (": " if pretty else ":"))
                    put(x[k], level + 1)
                    put_str(col)
                if pretty:
                    put_str("\n" + unit * level)
                put_str(col + "}")
        if color:
            put_str(_RESET)

    put(v, 0)
    return "".join(parts)


def truncated(v, size: int = 15) -> str:
    """jv_dump_string_trunc into a ``size``-byte buffer, as type_error (15) and path errors (30) quote a value."""
    text = dump(v)
    raw = text.encode()
    if len(raw) > size - 1:
        return raw[:size - 4].decode(errors="ignore") + "..."
    return text


_ORDER = {"null": 0, "boolean": 1, "number": 3, "string": 4, "array": 5, "object": 6}


def _rank(v) -> int:
    if v is True:
        return 2
    return _ORDER[kind(v)]


def compare(a, b) -> int:
    """jv_cmp: -1, 0 or 1."""
    ra, rb = _rank(a), _rank(b)
    if ra != rb:
        return -1 if ra < rb else 1
    if isinstance(a, float):
        return -1 if a < b else (1 if a > b else 0)
    if isinstance(a, str):
        ea, eb = a.encode(), b.encode()
        return -1 if ea < eb else (1 if ea > eb else 0)
    if isinstance(a, list):
        for x, y in zip(a, b):
            c = compare(x, y)
            if c:
                return c
        return -1 if len(a) < len(b) else (1 if len(a) > len(b) else 0)
    if isinstance(a, dict):
        c = compare(sorted_keys(a), sorted_keys(b))
        if c:
            return c
        for k in sorted_keys(a):
            c = compare(a[k], b[k])
            if c:
                return c
    return 0


def sorted_keys(obj: dict) -> list:
    return sorted(obj, key=lambda k: k.encode())


class Key:
    """A sort key ordering values as jv_cmp does."""
    __slots__ = ("v",)

    def __init__(self, v):
        self.v = v

    def __lt__(self, other: "Key") -> bool:
        return compare(self.v, other.v) < 0

    def __eq__(self, other) -> bool:
        return compare(self.v, other.v) == 0


def equal(a, b) -> bool:
    return compare(a, b) == 0


def truthy(v) -> bool:
    return not (v is None or v is False)


def is_integer(d: float) -> bool:
    return d == d and not math.isinf(d) and d == int(d)


def _coding_length(b: int) -> int:
    """jv_utf8_tables.h: 1-4 for a lead byte, -1 for a continuation byte, 0 for a byte never valid."""
    if b < 0x80:
        return 1
    if b < 0xC0:
        return -1
    if b < 0xC2:
        return 0
    if b < 0xE0:
        return 2
    if b < 0xF0:
        return 3
    if b < 0xF5:
        return 4
    return 0


_FIRST_CODEPOINT = {2: 0x80, 3: 0x800, 4: 0x10000}


def from_utf8(data: bytes) -> str:
    """jvp_string_copy_replace_bad: bytes to text, each bad sequence as jvp_utf8_next measures it
    (a truncated last sequence swallows the rest) becoming U+FFFD."""
    out: list[str] = []
    i, n = 0, len(data)
    while i < n:
        first = data[i]
        length = _coding_length(first)
        cp = -1
        if length == 1:
            cp = first
        elif length <= 0:
            length = 1
        elif i + length > n:
            length = n - i
        else:
            cp = first & (0xFF >> (length + 1))
            for k in range(1, length):
                ch = data[i + k]
                if _coding_length(ch) != -1:
                    cp, length = -1, k
                    break
                cp = (cp << 6) | (ch & 0x3F)
            if cp != -1 and (cp < _FIRST_CODEPOINT[length] or 0xD800 <= cp <= 0xDFFF or cp > 0x10FFFF):
                cp = -1
        out.append("\ufffd" if cp == -1 else chr(cp))
        i += length
    return "".join(out)
