"""The part of Go's text/template that ``kubectl -o go-template`` users write.

Actions: ``{{.a.b}}``, ``{{.}}``, ``{{$}}``, variables (``{{$x := .a}}``,
``{{range $i, $e := .items}}``), ``range``/``else``/``end``, ``if``/``else
if``/``else``, ``with``, string and number literals, pipelines
(``{{.a | printf "%s"}}``), trim markers ``{{-`` ``-}}``, and the functions
kubectl templates use: index, len, printf, print, println, eq, ne, lt, le,
gt, ge, and, or, not, base64decode (kubectl's addition), exists.
Values print as Go's fmt does (maps as ``map[k:v]``, slices as ``[a b]``);
a missing key prints ``<no value>`` (text/template's default, which kubectl
keeps with --allow-missing-template-keys=true).
"""
from __future__ import annotations

import base64
import re

NO_VALUE = "<no value>"


class TemplateError(Exception):
    pass


class _Missing:
    pass


MISSING = _Missing()
MAX_STEPS = 2_000_000

_TOKEN = re.compile(r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*"|`[^`]*`)|(?P<num>-?\d+(?:\.\d+)?)|(?P<var>\$[A-Za-z0-9_]*)(?P<vfield>(?:\.[A-Za-z0-9_]+)*)'
                    r'|(?P<field>(?:\.[A-Za-z0-9_]+)+|\.)|(?P<pipe>\|)|(?P<lp>\()|(?P<rp>\))|(?P<decl>:=|=)|(?P<comma>,)|(?P<ident>[A-Za-z_][A-Za-z0-9_]*))')


def _lex_action(text: str) -> list[tuple[str, str]]:
    out = []
    i = 0
    while i < len(text):
        if text[i:].strip() == "":
            break
        m = _TOKEN.match(text, i)
        if not m or m.end() == i:
            raise TemplateError(f'template: output:1: unexpected "{text[i:].strip()[:1]}" in command')
        kind = m.lastgroup
        if kind == "vfield":
            kind = "var"
        if m.group("var") is not None:
            out.append(("var", m.group("var") + (m.group("vfield") or "")))
        elif kind == "field" and m.start(kind) == i and out and out[-1][0] == "rp" and m.group(kind) != ".":
            # text/template parse.go operand(): a field right after ")" chains onto the
            # parenthesised pipeline (a ChainNode): {{(index .spec.ports 0).nodePort}}.
            out.append(("chain", m.group(kind)))
        else:
            out.append((kind, m.group(kind)))
        i = m.end()
    return out


def _split(template: str) -> list[tuple[str, str]]:
    """[("text", s) | ("action", s)] with trim markers applied."""
    parts: list[tuple[str, str]] = []
    i = 0
    while True:
        j = template.find("{{", i)
        if j < 0:
            parts.append(("text", template[i:]))
            break
        text = template[i:j]
        k = template.find("}}", j)
        if k < 0:
            raise TemplateError('template: output:1: unclosed action')
        inner = template[j + 2:k]
        if inner.startswith("-") and inner[1:2] in (" ", "\t", "\n"):
            text = text.rstrip()
            inner = inner[1:]
        trim_after = False
        if inner.endswith("-") and inner[-2:-1] in (" ", "\t", "\n"):
            inner = inner[:-1]
            trim_after = True
        parts.append(("text", text))
        parts.append(("action", inner.strip()))
        i = k + 2
        if trim_after:
            while i < len(template) and template[i] in " \t\r\n":
                i += 1
    return parts


def _parse(parts):
    """Nested node list: ("text", s) ("out", pipeline) ("range"/"if"/"with", header, body, else) ..."""
    pos = 0

    def block(stop: set[str]):
        nonlocal pos
        nodes = []
        while pos < len(parts):
            kind, s = parts[pos]
            if kind == "text":
                if s:
                    nodes.append(("text", s))
                pos += 1
                continue
            word = s.split(None, 1)[0] if s else ""
            if s.startswith("/*"):
                pos += 1
                continue
            if word in stop or s in stop:
                return nodes, s
            pos += 1
            if word in ("range", "if", "with"):
                header = s[len(word):].strip()
                body, end = block({"end", "else"})
                else_body = []
                while end is not None and end.startswith("else"):
                    rest = end[4:].strip()
                    pos += 1
                    if rest.startswith("if ") and word == "if":
                        inner_body, end2 = block({"end", "else"})
                        else_body_nodes = [("if", rest[3:].strip(), inner_body, [])]
                        # chain: attach following else to the nested if
                        chain = else_body_nodes[0]
                        end = end2
                        while end is not None and end.startswith("else"):
                            rest2 = end[4:].strip()
                            pos += 1
                            if rest2.startswith("if "):
                                b2, end = block({"end", "else"})
                                new = ("if", rest2[3:].strip(), b2, [])
                                chain[3].append(new)
                                chain = new
                            else:
                                b2, end = block({"end"})
                                chain[3].extend(b2)
                        else_body = else_body_nodes
                        break
                    else_body, end = block({"end"})
                if end != "end":
                    raise TemplateError(f"template: output:1: unexpected EOF")
                pos += 1
                nodes.append((word, header, body, else_body))
                continue
            if word == "end" or word == "else":
                raise TemplateError(f"template: output:1: unexpected {{{{{word}}}}}")
            nodes.append(("out", s))
        return nodes, None

    nodes, end = block(set())
    if end is not None:
        raise TemplateError(f"template: output:1: unexpected {{{{{end}}}}}")
    return nodes


def _go_str(v) -> str:
    if v is MISSING or v is None:
        return NO_VALUE if v is MISSING else "<nil>"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, float):
        return str(int(v)) if v == int(v) and abs(v) < 1e21 else repr(v)
    if isinstance(v, dict):
        return "map[" + " ".join(f"{k}:{_go_str(v[k])}" for k in sorted(v)) + "]"
    if isinstance(v, list):
        return "[" + " ".join(_go_str(x) for x in v) + "]"
    return str(v)


def sprint(v) -> str:
    """Go's fmt.Sprint of a value decoded from JSON (maps as ``map[k:v]``, slices as ``[a b]``)."""
    return _go_str(v)


def _truth(v) -> bool:
    if v is MISSING or v is None or v is False:
        return False
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return v != 0
    if isinstance(v, (str, list, dict)):
        return len(v) > 0
    return True


def _field(v, path: str):
    for part in [p for p in path.split(".") if p]:
        if isinstance(v, dict):
            v = v.get(part, MISSING)
        else:
            return MISSING
    return v


def _printf(fmt: str, args: list) -> str:
    args = list(args)

    def conv(m):
        spec = m.group(0)
        if spec == "%%":
            return "%"
        v = args.pop(0) if args else MISSING
        c = spec[-1]
        flags = spec[1:-1]
        if c == "v" or c == "s":
            return ("%" + flags + "s") % _go_str(v)
        if c == "q":
            import json
            return json.dumps(_go_str(v))
        if c == "d":
            try:
                return ("%" + flags + "d") % int(v)
            except (TypeError, ValueError):
                return f"%!d({_go_str(v)})"
        if c in "fg":
            try:
                return ("%" + flags + c) % float(v)
            except (TypeError, ValueError):
                return f"%!{c}({_go_str(v)})"
        return _go_str(v)

    return re.sub(r"%[-+ 0#]*\d*(?:\.\d+)?[vsdqfg%]", conv, fmt)


class _Exec:
    def __init__(self, root):
        self.root = root
        self.steps = 0
        self.out: list[str] = []

    def tick(self):
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise TemplateError("template: output: too many steps")

    def value(self, tok, dot, scope):
        kind, s = tok
        if kind == "str":
            if s.startswith("`"):
                return s[1:-1]
            import json
            try:
                return json.loads(s, strict=False)
            except ValueError:
                raise TemplateError(f"template: output:1: malformed string {s}")
        if kind == "num":
            return float(s) if "." in s else int(s)
        if kind == "field":
            return dot if s == "." else _field(dot, s)
        if kind == "var":
            name, _, rest = s.partition(".")
            if name == "$":
                base = self.root
            elif name in scope:
                base = scope[name]
            else:
                raise TemplateError(f'template: output:1: undefined variable "{name}"')
            return _field(base, rest) if rest else base
        if kind == "ident":
            if s in ("true", "false"):
                return s == "true"
            if s == "nil":
                return None
            return self.call(s, [], dot, scope)
        raise TemplateError(f"template: output:1: unexpected {s}")

    def command(self, toks, dot, scope, piped=MISSING):
        if not toks:
            raise TemplateError("template: output:1: missing value for command")
        # parenthesised sub-expressions
        args = []
        i = 0
        while i < len(toks):
            t = toks[i]
            if t[0] == "lp":
                depth, j = 1, i + 1
                while j < len(toks) and depth:
                    if toks[j][0] == "lp":
                        depth += 1
                    elif toks[j][0] == "rp":
                        depth -= 1
                    j += 1
                v = self.pipeline(toks[i + 1:j - 1], dot, scope)
                while j < len(toks) and toks[j][0] == "chain":
                    v = _field(v, toks[j][1])
                    j += 1
                args.append(("val", v))
                i = j
                continue
            args.append(t)
            i += 1
        head = args[0]
        if head[0] == "ident" and head[1] not in ("true", "false", "nil"):
            vals = [a[1] if a[0] == "val" else self.value(a, dot, scope) for a in args[1:]]
            if piped is not MISSING:
                vals.append(piped)
            return self.call(head[1], vals, dot, scope)
        if len(args) > 1:
            raise TemplateError(f"template: output:1: can't give argument to non-function {head[1]}")
        return head[1] if head[0] == "val" else self.value(head, dot, scope)

    def pipeline(self, toks, dot, scope):
        cmds, cur = [], []
        depth = 0
        for t in toks:
            if t[0] == "lp":
                depth += 1
            elif t[0] == "rp":
                depth -= 1
            if t[0] == "pipe" and depth == 0:
                cmds.append(cur)
                cur = []
            else:
                cur.append(t)
        cmds.append(cur)
        v = MISSING
        for n, c in enumerate(cmds):
            v = self.command(c, dot, scope, MISSING if n == 0 else v)
        return v

    def call(self, name, args, dot, scope):
        self.tick()
        if name == "index":
            if not args:
                raise TemplateError("template: output:1: wrong number of args for index: want at least 1 got 0")
            v = args[0]
            for k in args[1:]:
                if isinstance(v, dict):
                    v = v.get(k, MISSING) if isinstance(k, str) else MISSING
                elif isinstance(v, list) and isinstance(k, int):
                    if not 0 <= k < len(v):
                        raise TemplateError(f"template: output:1: error calling index: index out of range: {k}")
                    v = v[k]
                else:
                    return MISSING
            return v
        if name == "len":
            v = args[0] if args else MISSING
            if isinstance(v, (str, list, dict)):
                return len(v)
            raise TemplateError(f"template: output:1: error calling len: len of type {type(v).__name__}")
        if name == "printf":
            return _printf(str(args[0]) if args else "", args[1:])
        if name == "print":
            return "".join(_go_str(a) for a in args)
        if name == "println":
            return " ".join(_go_str(a) for a in args) + "\n"
        if name in ("eq", "ne", "lt", "le", "gt", "ge"):
            if len(args) < 2:
                raise TemplateError(f"template: output:1: wrong number of args for {name}")
            a, b = args[0], args[1]
            if name == "eq":
                return any(a == x for x in args[1:])
            if name == "ne":
                return a != b
            try:
                return {"lt": a < b, "le": a <= b, "gt": a > b, "ge": a >= b}[name]
            except TypeError:
                raise TemplateError(f"template: output:1: error calling {name}: incompatible types for comparison")
        if name == "and":
            for a in args:
                if not _truth(a):
                    return a
            return args[-1] if args else MISSING
        if name == "or":
            for a in args:
                if _truth(a):
                    return a
            return args[-1] if args else MISSING
        if name == "not":
            return not _truth(args[0] if args else MISSING)
        if name == "base64decode":
            try:
                return base64.b64decode(str(args[0])).decode("utf-8", "replace")
            except Exception:
                raise TemplateError(f"template: output:1: error calling base64decode: illegal base64 data")
        if name == "exists":
            v = args[0] if args else MISSING
            for k in args[1:]:
                if not isinstance(v, dict) or k not in v:
                    return False
                v = v[k]
            return True
        if name == "html" or name == "js" or name == "urlquery":
            return "".join(_go_str(a) for a in args)
        raise TemplateError(f'template: output:1: function "{name}" not defined')

    def run(self, nodes, dot, scope):
        for node in nodes:
            self.tick()
            kind = node[0]
            if kind == "text":
                self.out.append(node[1])
            elif kind == "out":
                toks = _lex_action(node[1])
                if len(toks) >= 2 and toks[0][0] == "var" and toks[1][0] == "decl":
                    scope[toks[0][1]] = self.pipeline(toks[2:], dot, scope)
                    continue
                v = self.pipeline(toks, dot, scope)
                self.out.append(_go_str(v))
            elif kind == "if":
                v = self.pipeline(_lex_action(node[1]), dot, scope)
                self.run(node[2] if _truth(v) else node[3], dot, dict(scope))
            elif kind == "with":
                v = self.pipeline(_lex_action(node[1]), dot, scope)
                if _truth(v):
                    self.run(node[2], v, dict(scope))
                else:
                    self.run(node[3], dot, dict(scope))
            elif kind == "range":
                toks = _lex_action(node[1])
                names = []
                if any(t[0] == "decl" for t in toks):
                    d = next(i for i, t in enumerate(toks) if t[0] == "decl")
                    names = [t[1] for t in toks[:d] if t[0] == "var"]
                    toks = toks[d + 1:]
                v = self.pipeline(toks, dot, scope)
                items: list = []
                if isinstance(v, list):
                    items = list(enumerate(v))
                elif isinstance(v, dict):
                    items = [(k, v[k]) for k in sorted(v)]
                elif isinstance(v, int) and not isinstance(v, bool):
                    items = [(i, i) for i in range(v)]
                if not items:
                    self.run(node[3], dot, dict(scope))
                for k, item in items:
                    sc = dict(scope)
                    if len(names) == 1:
                        sc[names[0]] = item
                    elif len(names) >= 2:
                        sc[names[0]] = k
                        sc[names[1]] = item
                    self.run(node[2], item, sc)


def render(template: str, data) -> str:
    nodes = _parse(_split(template))
    ex = _Exec(data)
    ex.run(nodes, data, {"$": data})
    return "".join(ex.out)
