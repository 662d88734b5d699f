"""``@text``, ``@json``, ``@csv``, ``@tsv``, ``@html``, ``@uri``, ``@sh``, ``@base64``, ``@base64d``:
src/builtin.c's f_format in jq 1.6 (its escapes, its error words)."""
from __future__ import annotations

import base64

from clusters.console.jq import values as V
from clusters.console.jq.values import JqError

_B64 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_UNRESERVED = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()")


def tostring(v) -> str:
    return v if isinstance(v, str) else V.dump(v)


def _type_error(v, msg: str) -> JqError:
    return JqError(f"{V.kind(v)} ({V.truncated(v)}) {msg}")


def apply(fmt: str, v) -> str:
    if fmt == "text":
        return tostring(v)
    if fmt == "json":
        return V.dump(v)
    if fmt in ("csv", "tsv"):
        if not isinstance(v, list):
            raise _type_error(v, f"cannot be {fmt}-formatted, only array")
        cells = []
        for x in v:
            if x is None or (isinstance(x, float) and x != x):
                cells.append("")
            elif isinstance(x, (bool, float)):
                cells.append(V.dump(x))
            elif isinstance(x, str):
                if fmt == "csv":
                    cells.append('"' + x.replace('"', '""') + '"')
                else:
                    cells.append(x.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n"))
            else:
                raise _type_error(x, "is not valid in a csv row")
        return ("," if fmt == "csv" else "\t").join(cells)
    if fmt == "html":
        s = tostring(v)
        for a, b in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("'", "&apos;"), ('"', "&quot;")):
            s = s.replace(a, b)
        return s
    if fmt == "uri":
        return "".join(chr(b) if b in _UNRESERVED else f"%{b:02X}" for b in tostring(v).encode())
    if fmt == "sh":
        items = v if isinstance(v, list) else [v]
        words = []
        for x in items:
            if isinstance(x, (list, dict)):
                raise _type_error(x, "can not be escaped for shell")
            words.append("'" + x.replace("'", "'\\''") + "'" if isinstance(x, str) else V.dump(x))
        return " ".join(words)
    if fmt == "base64":
        return base64.b64encode(tostring(v).encode()).decode()
    if fmt == "base64d":
        # builtin.c's decoder: stops at the first '=', refuses other non-alphabet bytes, keeps a
        # partial last group of 2 or 3 characters and refuses a lone one
        s = tostring(v)
        code, n, out = 0, 0, bytearray()
        for ch in s.encode():
            if ch == ord("="):
                break
            d = _B64.find(bytes([ch]))
            if d < 0:
                raise _type_error(s, "is not valid base64 data")
            code, n = (code << 6) | d, n + 1
            if n == 4:
                out += bytes(((code >> 16) & 0xFF, (code >> 8) & 0xFF, code & 0xFF))
                code, n = 0, 0
        if n == 3:
            out += bytes(((code >> 10) & 0xFF, (code >> 2) & 0xFF))
        elif n == 2:
            out.append((code >> 4) & 0xFF)
        elif n == 1:
            raise _type_error(s, "trailing base64 byte found")
        return V.from_utf8(bytes(out))
    raise JqError(f"{fmt} is not a valid format")
