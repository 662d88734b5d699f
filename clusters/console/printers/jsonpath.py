"""kubectl's JSONPath (k8s.io/client-go/util/jsonpath: parser.go, jsonpath.go).

Templates mix text and ``{...}`` actions: fields (``.metadata.name``,
``['a.b']``, escaped ``\\.``), ``[n]``, slices ``[a:b:c]``, ``[*]``, unions
``[0,1]`` / ``['a','b']``, recursive descent ``..name``, filters
``[?(@.type=="Ready")]`` (==, !=, <, <=, >, >=, and a bare ``@.x`` for
existence), ``range``/``end``, string literals ``{"\\n"}``, ``@`` and ``$``.
Several results are joined by one space; maps and lists print as compact
JSON; missing keys print nothing (kubectl's --allow-missing-template-keys
default). Errors use the library's words.
"""
from __future__ import annotations

import json
import re

from clusters.console.printers import jsonout


class JSONPathError(Exception):
    pass


_MISSING = object()


# -- parsing --------------------------------------------------------------------
# Nodes: ("text", s) ("list", [nodes]) ("field", name) ("recursive",) ("array", (start, end, step) or ("index", i))
# ("union", [lists]) ("filter", left, op, right) ("wildcard",) ("literal", s) ("int", n) ("float", f) ("range", list) ("end",)
# ("bool", b) ("root",) ("current",)

def parse(template: str) -> list:
    nodes: list = []
    i = 0
    n = len(template)
    while i < n:
        j = template.find("{", i)
        if j < 0:
            nodes.append(("text", template[i:]))
            break
        if j > i:
            nodes.append(("text", template[i:j]))
        end = _find_close(template, j + 1)
        if end < 0:
            raise JSONPathError(f"unclosed action")
        inner = template[j + 1:end]
        nodes.append(_parse_action(inner))
        i = end + 1
    return nodes


def _find_close(s: str, i: int) -> int:
    depth = 1
    in_str = None
    while i < len(s):
        c = s[i]
        if in_str:
            if c == "\\":
                i += 2
                continue
            if c == in_str:
                in_str = None
        elif c in "\"'":
            in_str = c
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _parse_action(text: str):
    t = text.strip()
    if t == "end":
        return ("end",)
    if t.startswith("range ") or t == "range":
        return ("range", _parse_list(t[5:].strip()))
    return ("list", _parse_list(t))


def _parse_list(t: str) -> list:
    out: list = []
    i = 0
    n = len(t)
    while i < n:
        c = t[i]
        if c in " \t":
            i += 1
            continue
        if c == "$":
            out.append(("root",))
            i += 1
            continue
        if c == "@":
            out.append(("current",))
            i += 1
            continue
        if c == ".":
            if t.startswith("..", i):
                out.append(("recursive",))
                i += 2
                if i < n and t[i] not in "[":
                    name, i = _read_field(t, i)
                    out.append(("field", name) if name != "*" else ("wildcard",))
                continue
            i += 1
            if i >= n:
                out.append(("current",))
                break
            if t[i] == "[":
                continue
            name, i = _read_field(t, i)
            if name == "*":
                out.append(("wildcard",))
            elif name:
                out.append(("field", name))
            continue
        if c == "[":
            end = _find_bracket(t, i + 1)
            if end < 0:
                raise JSONPathError(f"unterminated array")
            out.append(_parse_bracket(t[i + 1:end]))
            i = end + 1
            continue
        if c in "\"'":
            j = i + 1
            buf = []
            while j < n and t[j] != c:
                if t[j] == "\\" and j + 1 < n:
                    buf.append({"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'"}.get(t[j + 1], "\\" + t[j + 1]))
                    j += 2
                    continue
                buf.append(t[j])
                j += 1
            if j >= n:
                raise JSONPathError("unterminated quoted string")
            out.append(("literal", "".join(buf)))
            i = j + 1
            continue
        m = re.match(r"-?\d+(\.\d+)?", t[i:])
        if m:
            out.append(("float", float(m.group(0))) if m.group(1) else ("int", int(m.group(0))))
            i += m.end()
            continue
        if t.startswith("true", i):
            out.append(("bool", True))
            i += 4
            continue
        if t.startswith("false", i):
            out.append(("bool", False))
            i += 5
            continue
        # bare identifier at the start (kubectl tolerates "{metadata.name}")
        name, j = _read_field(t, i)
        if name and j > i:
            out.append(("field", name))
            i = j
            continue
        raise JSONPathError(f"unrecognized character in action: {repr(c)[1:-1] if c != chr(0x22) else 'U+0022 '}")
    return out


def _read_field(t: str, i: int) -> tuple[str, int]:
    buf = []
    while i < len(t):
        c = t[i]
        if c == "\\" and i + 1 < len(t):
            buf.append(t[i + 1])
            i += 2
            continue
        if c in ".[ \t(){}":
            break
        buf.append(c)
        i += 1
    return "".join(buf), i


def _find_bracket(t: str, i: int) -> int:
    depth = 1
    in_str = None
    while i < len(t):
        c = t[i]
        if in_str:
            if c == in_str:
                in_str = None
        elif c in "\"'":
            in_str = c
        elif c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _parse_bracket(inner: str):
    s = inner.strip()
    if s == "*":
        return ("wildcard",)
    if s.startswith("?"):
        body = s[1:].strip()
        if body.startswith("(") and body.endswith(")"):
            body = body[1:-1]
        m = re.match(r"^(.*?)\s*(==|!=|<=|>=|<|>|=~)\s*(.*)$", body)
        if m:
            return ("filter", _parse_list(m.group(1)), m.group(2), _parse_list(m.group(3)))
        return ("filter", _parse_list(body), "exists", [])
    if (s.startswith("'") or s.startswith('"')) and s[-1:] in "'\"":
        names = [x.strip()[1:-1] for x in _split_top(s, ",")]
        if len(names) == 1:
            return ("field", names[0])
        return ("union", [[("field", nm)] for nm in names])
    if "," in s:
        return ("union", [[_parse_bracket(x)] for x in _split_top(s, ",")])
    if ":" in s:
        parts = s.split(":")
        if len(parts) > 3:
            raise JSONPathError(f"invalid array index {s}")
        vals = []
        for p in parts:
            p = p.strip()
            if p == "":
                vals.append(None)
            else:
                try:
                    vals.append(int(p))
                except ValueError:
                    raise JSONPathError(f"invalid array index {p}")
        while len(vals) < 3:
            vals.append(None)
        return ("slice", tuple(vals))
    try:
        return ("index", int(s))
    except ValueError:
        raise JSONPathError(f"invalid array index {s}")


def _split_top(s: str, sep: str) -> list[str]:
    out, buf, q = [], [], None
    for c in s:
        if q:
            buf.append(c)
            if c == q:
                q = None
            continue
        if c in "\"'":
            q = c
            buf.append(c)
        elif c == sep:
            out.append("".join(buf))
            buf = []
        else:
            buf.append(c)
    out.append("".join(buf))
    return out


# -- evaluation -------------------------------------------------------------------------

def _walk(nodes: list, values: list, root) -> list:
    cur = values
    for node in nodes:
        k = node[0]
        nxt: list = []
        if k == "root":
            nxt = [root]
        elif k == "current":
            nxt = cur
        elif k == "field":
            for v in cur:
                if isinstance(v, dict) and node[1] in v:
                    nxt.append(v[node[1]])
        elif k == "wildcard":
            for v in cur:
                if isinstance(v, dict):
                    nxt.extend(v[key] for key in sorted(v))
                elif isinstance(v, list):
                    nxt.extend(v)
        elif k == "index":
            for v in cur:
                if isinstance(v, list):
                    i = node[1]
                    if i < 0:
                        i += len(v)
                    if 0 <= i < len(v):
                        nxt.append(v[i])
                    else:
                        raise JSONPathError(f"array index out of bounds: index {node[1]}, length {len(v)}")
        elif k == "slice":
            start, end, step = node[1]
            for v in cur:
                if isinstance(v, list):
                    nxt.extend(v[slice(start, end, step)])
        elif k == "union":
            for v in cur:
                for sub in node[1]:
                    nxt.extend(_walk(sub, [v], root))
        elif k == "recursive":
            for v in cur:
                nxt.extend(_descend(v))
        elif k == "filter":
            for v in cur:
                items = v if isinstance(v, list) else ([v[key] for key in sorted(v)] if isinstance(v, dict) else [])
                for item in items:
                    if _filter_ok(node, item, root):
                        nxt.append(item)
        elif k in ("literal", "int", "float", "bool"):
            nxt = [node[1]]
        cur = nxt
    return cur


def _descend(v) -> list:
    out = [v]
    if isinstance(v, dict):
        for key in sorted(v):
            out.extend(_descend(v[key]))
    elif isinstance(v, list):
        for x in v:
            out.extend(_descend(x))
    return out


def _filter_ok(node, item, root) -> bool:
    _, left, op, right = node
    lv = _walk(left, [item], root)
    if op == "exists":
        return bool(lv)
    rv = _walk(right, [item], root)
    if not lv or not rv:
        return False
    a, b = lv[0], rv[0]
    if op == "=~":
        try:
            return re.search(str(b), str(a)) is not None
        except re.error:
            return False
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        pass
    elif op in ("==", "!="):
        a, b = _text(a), _text(b)
    else:
        return False
    return {"==": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def _text(v) -> str:
    if isinstance(v, (dict, list)):
        return jsonout.compact(v)
    if v is True:
        return "true"
    if v is False:
        return "false"
    if v is None:
        return "<nil>"
    if isinstance(v, float):
        return repr(v) if v != int(v) else str(int(v))
    return str(v)


def execute(nodes: list, data, as_json: bool = False) -> str:
    out: list[str] = []
    _exec(nodes, 0, len(nodes), data, data, out, as_json)
    return "".join(out)


def _exec(nodes, start, stop, cur, root, out, as_json) -> None:
    i = start
    while i < stop:
        node = nodes[i]
        k = node[0]
        if k == "text":
            out.append(node[1])
        elif k == "list":
            results = _walk(node[1], [cur], root)
            if as_json:
                out.append(json.dumps(results if len(results) != 1 else results, indent=4) + "\n")
            else:
                out.append(" ".join(_text(r) for r in results))
        elif k == "range":
            depth = 1
            j = i + 1
            while j < stop:
                if nodes[j][0] == "range":
                    depth += 1
                elif nodes[j][0] == "end":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            if j >= stop:
                raise JSONPathError("not in range, nothing to end")
            results = _walk(node[1], [cur], root)
            items = []
            for r in results:
                if isinstance(r, list):
                    items.extend(r)
                else:
                    items.append(r)
            if len(results) == 1 and isinstance(results[0], list):
                items = results[0]
            elif len(results) == 1 and isinstance(results[0], dict) and node[1] and node[1][-1][0] not in ("wildcard", "slice", "filter", "union"):
                items = [results[0][key] for key in sorted(results[0])]
            for it in items:
                _exec(nodes, i + 1, j, it, root, out, as_json)
            i = j
        elif k == "end":
            raise JSONPathError("not in range, nothing to end")
        i += 1


def render(template: str, data) -> str:
    """Parse and execute, raising JSONPathError in the library's words."""
    try:
        nodes = parse(template)
    except JSONPathError as e:
        raise JSONPathError(f"error parsing jsonpath {template}, {e}")
    return execute(nodes, data)
