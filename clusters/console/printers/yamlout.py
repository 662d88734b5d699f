"""YAML exactly as ``kubectl get -o yaml`` prints it.

kubectl marshals through sigs.k8s.io/yaml, i.e. JSON, then go-yaml v2
(sigs.k8s.io/yaml/goyaml.v2, a fork of gopkg.in/yaml.v2 2.4). This module
ports the parts of go-yaml that decide what the text looks like:

- keys sorted by go-yaml's ``keyList.Less`` (sorter.go): digit runs compare
  as numbers, non-letters sort before letters;
- block style, two-space indent, sequences not indented under their key;
- a string is plain unless it would read back as another type (resolve.go:
  ``true``, ``y``, ``null``, ``""``, numbers, ``1:20`` base-60 floats,
  timestamps such as ``2025-06-02T09:00:00Z``) -> double quotes; or unless
  libyaml's ``analyze_scalar`` forbids plain -> single quotes, or double
  quotes when single quotes are not allowed either; multi-line strings use
  literal ``|`` blocks with the chomping hint (emitterc.go);
- plain and quoted scalars fold at spaces once the column passes 80
  (``best_width``).
"""
from __future__ import annotations

import re

from clusters.strings import isdigits

BEST_WIDTH = 80
BEST_INDENT = 2

# resolve.go resolveMap (YAML 1.1 booleans and nulls)
_RESOLVE_MAP = {
    "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE",
    "n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE",
    "", "~", "null", "Null", "NULL",
    ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
}
_MAP_HINT = set("yYnNtTfFoO~")
_YAML_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_GO_INT = re.compile(r"^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$")
_BASE60 = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_TIMESTAMP = re.compile(
    r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
    r"(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$")


def _go_parse_float(s: str) -> bool:
    try:
        float(s)
        return True
    except ValueError:
        return False


def _valid_date(s: str) -> bool:
    # parseTimestamp uses time.Parse, which rejects impossible dates and times.
    m = re.match(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}))?", s)
    if not m:
        return False
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= mo <= 12):
        return False
    mdays = [31, 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    if not (1 <= d <= mdays[mo - 1]):
        return False
    if m.group(4) is not None:
        if int(m.group(4)) > 23 or int(m.group(5)) > 59 or int(m.group(6)) > 59:
            return False
    return True


def resolves_to_non_string(s: str) -> bool:
    """resolve.go resolve("", s) != !!str, or isBase60Float(s)."""
    if s in _RESOLVE_MAP:
        return s != "" or True
    if not s:
        return True
    c = s[0]
    if c == ".":
        return _go_parse_float(s) and not s.lower().lstrip(".").startswith(("inf", "nan"))
    if c in "+-0123456789":
        plain = s.replace("_", "")
        if _GO_INT.match(plain) or (_YAML_FLOAT.match(plain) and _go_parse_float(plain)):
            return True
        if plain.startswith("0b") or plain.startswith("-0b"):
            return bool(re.fullmatch(r"-?0b[01]+", plain))
        if c in "0123456789" and _TIMESTAMP.match(s) and _valid_date(s):
            return True
    if _BASE60.match(s):
        return True
    return False


def _printable(ch: str) -> bool:
    o = ord(ch)
    return (o == 0x0A or 0x20 <= o <= 0x7E or o == 0x85 or 0xA0 <= o <= 0xD7FF
            or (0xE000 <= o <= 0xFFFD and o != 0xFEFF) or 0x10000 <= o <= 0x10FFFF)


_BREAKS = "\r\n\x85\u2028\u2029"


def analyze(value: str) -> tuple[bool, bool, bool, bool]:
    """libyaml yaml_emitter_analyze_scalar -> (multiline, block_plain_allowed, single_quoted_allowed, block_allowed)."""
    if not value:
        return False, True, True, False
    block_ind = flow_ind = line_breaks = special = False
    leading_space = leading_break = trailing_space = trailing_break = False
    break_space = space_break = False
    prev_space = prev_break = False
    if value.startswith("---") or value.startswith("..."):
        block_ind = flow_ind = True
    preceded_ws = True
    n = len(value)
    for i, ch in enumerate(value):
        followed_ws = i + 1 >= n or value[i + 1] in " \t" or value[i + 1] in _BREAKS
        if i == 0:
            if ch in "#,[]{}&*!|>'\"%@`":
                flow_ind = block_ind = True
            elif ch in "?:":
                flow_ind = True
                if followed_ws:
                    block_ind = True
            elif ch == "-":
                if followed_ws:
                    flow_ind = block_ind = True
        else:
            if ch in ",?[]{}":
                flow_ind = True
            elif ch == ":":
                flow_ind = True
                if followed_ws:
                    block_ind = True
            elif ch == "#":
                if preceded_ws:
                    flow_ind = block_ind = True
        if not _printable(ch):
            special = True
        if ch == " ":
            if i == 0:
                leading_space = True
            if i == n - 1:
                trailing_space = True
            if prev_break:
                break_space = True
            prev_space, prev_break = True, False
        elif ch in _BREAKS:
            line_breaks = True
            if i == 0:
                leading_break = True
            if i == n - 1:
                trailing_break = True
            if prev_space:
                space_break = True
            prev_space, prev_break = False, True
        else:
            prev_space = prev_break = False
        preceded_ws = ch in " \t" or ch in _BREAKS or ch == "\0"
    block_plain = single = block = True
    if leading_space or leading_break or trailing_space or trailing_break:
        block_plain = False
    if trailing_space:
        block = False
    if break_space:
        block_plain = single = False
    if space_break or special:
        block_plain = single = block = False
    if line_breaks:
        block_plain = False
    if block_ind:
        block_plain = False
    return line_breaks, block_plain, single, block


# -- key order ------------------------------------------------------------------

def _less(a: str, b: str) -> bool:
    """sorter.go keyList.Less for two strings."""
    ar, br = a, b
    i = 0
    while i < len(ar) and i < len(br):
        ca, cb = ar[i], br[i]
        if ca == cb:
            i += 1
            continue
        al, bl = ca.isalpha(), cb.isalpha()
        if al and bl:
            return ca < cb
        if al or bl:
            return bl
        an = bn = 0
        if ca == "0" or cb == "0":
            j = i - 1
            while j >= 0 and isdigits(ar[j]):
                if ar[j] != "0":
                    an = bn = 1
                    break
                j -= 1
        ai = i
        while ai < len(ar) and isdigits(ar[ai]):
            an = an * 10 + int(ar[ai]) if ar[ai] in "0123456789" else an
            ai += 1
        bi = i
        while bi < len(br) and isdigits(br[bi]):
            bn = bn * 10 + int(br[bi]) if br[bi] in "0123456789" else bn
            bi += 1
        if an != bn:
            return an < bn
        if ai != bi:
            return ai < bi
        return ca < cb
    return len(ar) < len(br)


class _Key:
    __slots__ = ("s",)

    def __init__(self, s: str):
        self.s = s

    def __lt__(self, other: "_Key") -> bool:
        return _less(self.s, other.s)


def sorted_keys(d: dict) -> list:
    keys = list(d)
    if all(k.isascii() and (k.isalpha() or k == "") for k in keys):
        # common case: plain letters; go-yaml compares rune by rune -> plain string order
        return sorted(keys)
    return sorted(keys, key=_Key)


# -- emitting ------------------------------------------------------------------------

class _Writer:
    __slots__ = ("parts", "column")

    def __init__(self):
        self.parts: list[str] = []
        self.column = 0

    def write(self, s: str) -> None:
        self.parts.append(s)
        nl = s.rfind("\n")
        if nl >= 0:
            self.column = len(s) - nl - 1
        else:
            self.column += len(s)

    def newline_indent(self, indent: int) -> None:
        self.parts.append("\n" + " " * indent)
        self.column = indent


def _scalar_text(v) -> str | None:
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if v != v:
            return ".nan"
        if v in (float("inf"), float("-inf")):
            return ".inf" if v > 0 else "-.inf"
        if v == int(v) and abs(v) < 1e21:
            # JSON-decoded integers arrive as int; a float that is whole
            # came from JSON like 1.0, which Go decodes into float64 1 -> "1"
            return str(int(v))
        return _go_float(v)
    return None


def _go_float(v: float) -> str:
    """strconv.FormatFloat(v, 'g', -1, 64) as go-yaml prints floats."""
    r = repr(v)
    if "e" in r or "E" in r:
        mant, _, exp = r.partition("e")
        sign = "-" if exp.startswith("-") else "+"
        exp = exp.lstrip("+-").lstrip("0") or "0"
        if len(exp) < 2:
            exp = "0" + exp
        return f"{mant}e{sign}{exp}"
    if abs(v) >= 1e21:
        m, e = f"{v:e}".split("e")
        return f"{m.rstrip('0').rstrip('.')}e+{int(e):02d}"
    return r


def _write_string(w: _Writer, s: str, indent: int, simple_key: bool) -> None:
    multiline, block_plain, single_ok, block_ok = analyze(s)
    if "\n" in s:
        style = "literal"
    elif not resolves_to_non_string(s):
        style = "plain"
    else:
        style = "double"
    if simple_key and multiline:
        style = "double"
    if style == "plain":
        if not block_plain or (not s and simple_key):
            style = "single"
    if style == "single" and not single_ok:
        style = "double"
    if style == "literal" and (not block_ok or simple_key):
        style = "double"
    allow_breaks = not simple_key
    if style == "plain":
        _write_folded(w, s, indent, allow_breaks, quote=None)
    elif style == "single":
        w.write("'")
        _write_folded(w, s, indent, allow_breaks, quote="'")
        w.write("'")
    elif style == "double":
        _write_double(w, s, indent, allow_breaks)
    else:
        _write_literal(w, s, indent)


def _write_folded(w: _Writer, s: str, indent: int, allow_breaks: bool, quote: str | None) -> None:
    if not allow_breaks or " " not in s or w.column + len(s) <= BEST_WIDTH + 1 and len(s) < 2:
        w.write(s.replace("'", "''") if quote else s)
        return
    buf: list[str] = []
    col = w.column
    spaces = False
    n = len(s)
    i = 0
    while i < n:
        ch = s[i]
        if ch == " ":
            nxt_space = i + 1 < n and s[i + 1] == " "
            if quote is None:
                can = allow_breaks and not spaces and col > BEST_WIDTH and not nxt_space
            else:
                can = allow_breaks and not spaces and col > BEST_WIDTH and 0 < i < n - 1 and not nxt_space
            if can:
                w.write("".join(buf))
                buf = []
                w.newline_indent(indent)
                col = indent
            else:
                buf.append(ch)
                col += 1
            spaces = True
        else:
            if quote and ch == "'":
                buf.append("''")
                col += 2
            else:
                buf.append(ch)
                col += 1
            spaces = False
        i += 1
    w.write("".join(buf))


_ESC = {"\0": "0", "\a": "a", "\b": "b", "\t": "t", "\n": "n", "\v": "v", "\f": "f", "\r": "r", "\x1b": "e",
        '"': '"', "\\": "\\", "\x85": "N", "\xa0": "_", "\u2028": "L", "\u2029": "P"}


def _write_double(w: _Writer, s: str, indent: int, allow_breaks: bool) -> None:
    w.write('"')
    col = w.column
    buf: list[str] = []
    spaces = False
    n = len(s)
    for i, ch in enumerate(s):
        o = ord(ch)
        if (not _printable(ch)) or o == 0xFEFF or ch in _BREAKS or ch in '"\\':
            if ch in _ESC:
                e = "\\" + _ESC[ch]
            elif o <= 0xFF:
                e = f"\\x{o:02X}"
            elif o <= 0xFFFF:
                e = f"\\u{o:04X}"
            else:
                e = f"\\U{o:08X}"
            buf.append(e)
            col += len(e)
            spaces = False
        elif ch == " ":
            if allow_breaks and not spaces and col > BEST_WIDTH and 0 < i < n - 1:
                w.write("".join(buf))
                buf = []
                w.newline_indent(indent)
                col = indent
                if i + 1 < n and s[i + 1] == " ":
                    buf.append("\\")
                    col += 1
            else:
                buf.append(ch)
                col += 1
            spaces = True
        else:
            buf.append(ch)
            col += 1
            spaces = False
    buf.append('"')
    w.write("".join(buf))


def _write_literal(w: _Writer, s: str, indent: int) -> None:
    hint = "|"
    if s[0] == " " or s[0] in _BREAKS:
        hint += str(BEST_INDENT)
    if not s:
        hint += "-"
    elif s[-1] not in _BREAKS:
        hint += "-"
    elif len(s) == 1:
        hint += "+"
    elif s[-2] in _BREAKS:
        hint += "+"
    w.write(hint)
    lines = s.split("\n")
    if s.endswith("\n"):
        lines = lines[:-1]
    out = []
    for line in lines:
        out.append("\n" + (" " * indent + line if line else ""))
    w.write("".join(out))


def _is_empty_container(v) -> bool:
    return (isinstance(v, dict) and not v) or (isinstance(v, list) and not v)


def _emit_value_after_key(w: _Writer, v, indent: int) -> None:
    """After 'key:' at mapping indent ``indent``."""
    if isinstance(v, dict):
        if not v:
            w.write(" {}")
            return
        _emit_mapping(w, v, indent + BEST_INDENT, first_inline=False)
    elif isinstance(v, list):
        if not v:
            w.write(" []")
            return
        # sequences in a mapping are "indentless": '- ' at the key's column
        _emit_sequence(w, v, indent)
    else:
        w.write(" ")
        _emit_scalar(w, v, indent + BEST_INDENT)


def _emit_scalar(w: _Writer, v, indent: int, simple_key: bool = False) -> None:
    t = _scalar_text(v)
    if t is not None:
        w.write(t)
    else:
        _write_string(w, str(v), indent, simple_key)


def _emit_mapping(w: _Writer, d: dict, indent: int, first_inline: bool) -> None:
    first = True
    for k in sorted_keys(d):
        if first and first_inline:
            pass
        else:
            if w.parts:
                w.newline_indent(indent)
            else:
                w.write(" " * indent)
        first = False
        _emit_scalar(w, k, indent, simple_key=True)
        w.write(":")
        _emit_value_after_key(w, d[k], indent)


def _emit_sequence(w: _Writer, items: list, indent: int, first_inline: bool = False) -> None:
    first = True
    for item in items:
        if first and first_inline:
            pass
        elif w.parts:
            w.newline_indent(indent)
        else:
            w.write(" " * indent)
        first = False
        w.write("-")
        if isinstance(item, dict):
            if not item:
                w.write(" {}")
                continue
            w.write(" ")
            _emit_mapping(w, item, indent + BEST_INDENT, first_inline=True)
        elif isinstance(item, list):
            if not item:
                w.write(" []")
                continue
            w.write(" ")
            _emit_sequence(w, item, indent + BEST_INDENT, first_inline=True)
        else:
            w.write(" ")
            _emit_scalar(w, item, indent + BEST_INDENT)


def dumps(obj) -> str:
    """One document, newline-terminated, as sigs.k8s.io/yaml.Marshal returns it."""
    w = _Writer()
    if isinstance(obj, dict):
        if not obj:
            return "{}\n"
        _emit_mapping(w, obj, 0, first_inline=False)
    elif isinstance(obj, list):
        if not obj:
            return "[]\n"
        _emit_sequence(w, obj, 0)
    else:
        _emit_scalar(w, obj, 0)
    return "".join(w.parts) + "\n"
