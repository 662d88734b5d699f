"""A small awk: what one-liners after kubectl use.

Rules ``pattern { action }`` with BEGIN/END; patterns are expressions or
``/regex/``; actions are ``print``, ``printf``, assignments (``=``, ``+=``,
``++``), ``if``/``else``, ``for (k in a)``, ``next``; expressions have
fields (``$1``, ``$NF``), ``NR``, ``NF``, ``FS``, ``OFS``, arrays, string
concatenation, arithmetic, comparisons, ``~``/``!~``, ``&&``/``||``/``!`` and
length/substr/tolower/toupper/split/sprintf/index. Semantics follow POSIX
awk (numeric strings compare as numbers). Errors print gawk-style messages.
"""
from __future__ import annotations

import re

from clusters.console import files

MAX_STEPS = 2_000_000


class AwkError(Exception):
    pass


_TOKEN = re.compile(r"""
    (?P<ws>[ \t]+|\\\n)
  | (?P<nl>[\n;])
  | (?P<num>\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+)
  | (?P<str>"(?:[^"\\]|\\.)*")
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>\+\+|--|\+=|-=|\*=|/=|%=|==|!=|<=|>=|!~|&&|\|\||[-+*%<>!~=(){}\[\],$?:])
  | (?P<re>/)
""", re.X)

_KEYWORDS = {"BEGIN", "END", "print", "printf", "if", "else", "for", "in", "next", "while", "delete", "exit", "getline"}


def _tokenize(src: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(src):
        m = _TOKEN.match(src, i)
        if not m:
            raise AwkError(f"awk: cmd. line:1: {src}\nawk: cmd. line:1: {' ' * i}^ invalid char '{src[i]}' in expression")
        kind = m.lastgroup
        text = m.group(0)
        if kind == "re":
            # a regex literal is only possible where an operand is expected
            prev = out[-1] if out else ("nl", "")
            if prev[0] in ("num", "str", "name") and prev[1] not in _KEYWORDS or prev[1] in (")", "]") or (prev[0] == "name" and prev[1] in ("NR", "NF")):
                out.append(("op", "/"))
                i += 1
                continue
            j = i + 1
            while j < len(src) and src[j] != "/":
                j += 2 if src[j] == "\\" else 1
            if j >= len(src):
                raise AwkError("awk: cmd. line:1: unterminated regexp")
            out.append(("regex", src[i + 1:j]))
            i = j + 1
            continue
        if kind != "ws":
            out.append((kind, text))
        i = m.end()
    out.append(("eof", ""))
    return out


def _num(v) -> float:
    if isinstance(v, (int, float)):
        return v
    m = re.match(r"\s*[-+]?(\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+)", v or "")
    return float(m.group(0)) if m else 0.0


def _looks_numeric(v) -> bool:
    return isinstance(v, (int, float)) or bool(re.fullmatch(r"\s*[-+]?(\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+)\s*", v or ""))


def _str(v) -> str:
    if isinstance(v, float):
        if v == int(v) and abs(v) < 1e16:
            return str(int(v))
        return f"{v:.6g}"
    return str(v)


class _Next(Exception):
    pass


class _Exit(Exception):
    pass


class Program:
    def __init__(self, src: str):
        self.toks = _tokenize(src)
        self.pos = 0
        self.rules: list[tuple] = []  # (kind, pattern, action)
        while self.peek()[0] != "eof":
            if self.peek()[0] == "nl":
                self.pos += 1
                continue
            self.rules.append(self.rule())

    # -- parser ------------------------------------------------------------
    def peek(self):
        return self.toks[self.pos]

    def take(self, text=None):
        t = self.toks[self.pos]
        if text is not None and t[1] != text:
            raise AwkError(f"awk: cmd. line:1: syntax error near `{t[1] or 'end of program'}'")
        self.pos += 1
        return t

    def skip_nl(self):
        while self.peek()[0] == "nl":
            self.pos += 1

    def rule(self):
        t = self.peek()
        if t == ("name", "BEGIN") or t == ("name", "END"):
            self.pos += 1
            self.skip_nl()
            return (t[1], None, self.block())
        if t[1] == "{":
            return ("main", None, self.block())
        pattern = self.expr()
        if self.peek()[1] == "{":
            return ("main", pattern, self.block())
        return ("main", pattern, None)

    def block(self):
        self.take("{")
        stmts = []
        while True:
            self.skip_nl()
            if self.peek()[1] == "}":
                self.pos += 1
                return ("block", stmts)
            if self.peek()[0] == "eof":
                raise AwkError("awk: cmd. line:1: syntax error: unexpected end of program")
            stmts.append(self.stmt())

    def stmt(self):
        t = self.peek()
        if t[1] == "{":
            return self.block()
        if t == ("name", "print") or t == ("name", "printf"):
            self.pos += 1
            args = []
            paren = False
            if self.peek()[1] == "(":
                # print (a, b) — treat grouped list as args
                save = self.pos
                self.pos += 1
                try:
                    args = self.exprlist(")")
                    self.take(")")
                    paren = True
                except AwkError:
                    self.pos = save
                    args = []
            if not paren and self.peek()[0] not in ("nl", "eof") and self.peek()[1] not in ("}", ">"):
                args = self.exprlist(None)
            return (t[1], args)
        if t == ("name", "if"):
            self.pos += 1
            self.take("(")
            cond = self.expr()
            self.take(")")
            self.skip_nl()
            then = self.stmt()
            save = self.pos
            self.skip_nl()
            if self.peek() == ("name", "else"):
                self.pos += 1
                self.skip_nl()
                return ("if", cond, then, self.stmt())
            self.pos = save
            return ("if", cond, then, None)
        if t == ("name", "for"):
            self.pos += 1
            self.take("(")
            var = self.take()[1]
            self.take("in")
            arr = self.take()[1]
            self.take(")")
            self.skip_nl()
            return ("forin", var, arr, self.stmt())
        if t == ("name", "next"):
            self.pos += 1
            return ("next",)
        if t == ("name", "exit"):
            self.pos += 1
            return ("exit",)
        if t == ("name", "delete"):
            self.pos += 1
            name = self.take()[1]
            idx = None
            if self.peek()[1] == "[":
                self.pos += 1
                idx = self.expr()
                self.take("]")
            return ("delete", name, idx)
        return ("expr", self.expr())

    def exprlist(self, end):
        items = [self.expr(no_gt=end is None)]
        while self.peek()[1] == ",":
            self.pos += 1
            self.skip_nl()
            items.append(self.expr(no_gt=end is None))
        return items

    def expr(self, no_gt=False):
        return self.ternary(no_gt)

    def ternary(self, no_gt):
        c = self.assign(no_gt)
        if self.peek()[1] == "?":
            self.pos += 1
            a = self.ternary(no_gt)
            self.take(":")
            b = self.ternary(no_gt)
            return ("?:", c, a, b)
        return c

    def assign(self, no_gt):
        left = self.or_(no_gt)
        op = self.peek()[1]
        if op in ("=", "+=", "-=", "*=", "/=", "%=") and left[0] in ("var", "field", "index"):
            self.pos += 1
            right = self.assign(no_gt)
            return ("assign", op, left, right)
        return left

    def or_(self, no_gt):
        left = self.and_(no_gt)
        while self.peek()[1] == "||":
            self.pos += 1
            self.skip_nl()
            left = ("||", left, self.and_(no_gt))
        return left

    def and_(self, no_gt):
        left = self.in_(no_gt)
        while self.peek()[1] == "&&":
            self.pos += 1
            self.skip_nl()
            left = ("&&", left, self.in_(no_gt))
        return left

    def in_(self, no_gt):
        left = self.match(no_gt)
        if self.peek() == ("name", "in"):
            self.pos += 1
            return ("in", left, self.take()[1])
        return left

    def match(self, no_gt):
        left = self.compare(no_gt)
        while self.peek()[1] in ("~", "!~"):
            op = self.take()[1]
            left = (op, left, self.compare(no_gt))
        return left

    def compare(self, no_gt):
        left = self.concat(no_gt)
        op = self.peek()[1]
        if op in ("<", "<=", "==", "!=", ">=") or (op == ">" and not no_gt):
            self.pos += 1
            return ("cmp", op, left, self.concat(no_gt))
        return left

    def concat(self, no_gt):
        left = self.additive()
        while True:
            t = self.peek()
            if t[0] in ("num", "str", "regex") or (t[0] == "name" and t[1] not in _KEYWORDS) or t[1] in ("$", "(", "!", "-", "+") and t[1] not in ("-", "+"):
                if t[1] == "!":
                    break
                left = ("concat", left, self.additive())
            else:
                return left

    def additive(self):
        left = self.mult()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            left = ("arith", op, left, self.mult())
        return left

    def mult(self):
        left = self.unary()
        while self.peek()[1] in ("*", "/", "%"):
            op = self.take()[1]
            left = ("arith", op, left, self.unary())
        return left

    def unary(self):
        t = self.peek()
        if t[1] == "!":
            self.pos += 1
            return ("not", self.unary())
        if t[1] == "-":
            self.pos += 1
            return ("neg", self.unary())
        if t[1] == "+":
            self.pos += 1
            return ("pos", self.unary())
        if t[1] in ("++", "--"):
            self.pos += 1
            target = self.postfix()
            return ("preinc", t[1], target)
        return self.postfix()

    def postfix(self):
        p = self.primary()
        if self.peek()[1] in ("++", "--") and p[0] in ("var", "field", "index"):
            op = self.take()[1]
            return ("postinc", op, p)
        return p

    def primary(self):
        t = self.take()
        kind, text = t
        if kind == "num":
            return ("num", float(text))
        if kind == "str":
            return ("str", _unescape(text[1:-1]))
        if kind == "regex":
            return ("regex", text)
        if text == "$":
            return ("field", self.primary_for_field())
        if text == "(":
            e = self.expr()
            self.take(")")
            return e
        if kind == "name" and text not in _KEYWORDS:
            if self.peek()[1] == "(" and text in _FUNCS:
                self.pos += 1
                args = [] if self.peek()[1] == ")" else self.exprlist(")")
                self.take(")")
                return ("call", text, args)
            if text == "length":
                return ("call", "length", [])
            if self.peek()[1] == "[":
                self.pos += 1
                idx = self.exprlist("]")
                self.take("]")
                return ("index", text, idx)
            return ("var", text)
        raise AwkError(f"awk: cmd. line:1: syntax error near `{text or 'end of program'}'")

    def primary_for_field(self):
        t = self.peek()
        if t[1] in ("++", "--"):
            return self.unary()
        if t[1] == "-":
            self.pos += 1
            return ("neg", self.primary())
        return self.primary()


def _unescape(s: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "/": "/"}.get(m.group(1), "\\" + m.group(1)), s)


_FUNCS = {"length", "substr", "tolower", "toupper", "split", "sprintf", "index", "int", "sub", "gsub", "match"}


class Interp:
    def __init__(self, prog: Program, fs: str | None, assigns: dict):
        self.prog = prog
        self.vars: dict = {"FS": fs if fs is not None else " ", "OFS": " ", "ORS": "\n", "NR": 0.0, "NF": 0.0, "SUBSEP": "\x1c"}
        self.vars.update(assigns)
        self.arrays: dict[str, dict] = {}
        self.fields: list[str] = [""]
        self.out: list[str] = []
        self.steps = 0

    def set_record(self, line: str):
        fs = _str(self.vars.get("FS", " "))
        if fs == " ":
            parts = line.split()
        elif len(fs) == 1 and fs != "\\":
            parts = line.split(fs) if line else []
        else:
            parts = re.split(fs, line) if line else []
        self.fields = [line] + parts
        self.vars["NF"] = float(len(parts))

    def rebuild(self):
        self.fields[0] = _str(self.vars["OFS"]).join(self.fields[1:])

    def get_field(self, i: int) -> str:
        if i < 0:
            raise AwkError(f"awk: cmd. line:1: (FILENAME=- FNR={int(self.vars['NR'])}) fatal: attempt to access field {i}")
        return self.fields[i] if i < len(self.fields) else ""

    def set_field(self, i: int, v):
        if i == 0:
            self.set_record(_str(v))
            return
        while len(self.fields) <= i:
            self.fields.append("")
        self.fields[i] = _str(v)
        self.vars["NF"] = float(len(self.fields) - 1)
        self.rebuild()

    def truth(self, v) -> bool:
        if isinstance(v, float):
            return v != 0
        return v != "" and (not _looks_numeric(v) or _num(v) != 0) if isinstance(v, _StrNum) else v != ""

    def ev(self, e):
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise AwkError("awk: program ran too long")
        k = e[0]
        if k == "num":
            return e[1]
        if k == "str":
            return e[1]
        if k == "regex":
            return float(bool(re.search(_ere(e[1]), self.fields[0])))
        if k == "field":
            return _StrNum(self.get_field(int(_num(self.ev(e[1])))))
        if k == "var":
            v = self.vars.get(e[1], "")
            return v
        if k == "index":
            arr = self.arrays.setdefault(e[1], {})
            key = _str(self.vars["SUBSEP"]).join(_str(self.ev(x)) for x in e[2])
            return arr.setdefault(key, "")
        if k == "assign":
            op, target, right = e[1], e[2], e[3]
            val = self.ev(right)
            if op != "=":
                cur = _num(self.ev(target))
                val = _arith(op[0], cur, _num(val))
            self.store(target, val)
            return val
        if k in ("preinc", "postinc"):
            cur = _num(self.ev(e[2]))
            new = cur + (1 if e[1] == "++" else -1)
            self.store(e[2], new)
            return new if k == "preinc" else cur
        if k == "||":
            return float(self.truth(self.ev(e[1])) or self.truth(self.ev(e[2])))
        if k == "&&":
            return float(self.truth(self.ev(e[1])) and self.truth(self.ev(e[2])))
        if k == "not":
            return float(not self.truth(self.ev(e[1])))
        if k == "neg":
            return -_num(self.ev(e[1]))
        if k == "pos":
            return _num(self.ev(e[1]))
        if k == "?:":
            return self.ev(e[2]) if self.truth(self.ev(e[1])) else self.ev(e[3])
        if k in ("~", "!~"):
            s = _str(self.ev(e[1]))
            pat = e[2][1] if e[2][0] == "regex" else _str(self.ev(e[2]))
            try:
                hit = bool(re.search(_ere(pat), s))
            except re.error:
                raise AwkError(f"awk: cmd. line:1: fatal: invalid regexp: /{pat}/")
            return float(hit if k == "~" else not hit)
        if k == "in":
            key = _str(self.ev(e[1]))
            return float(key in self.arrays.get(e[2], {}))
        if k == "cmp":
            a, b = self.ev(e[2]), self.ev(e[3])
            if _is_num(a) and _is_num(b):
                x, y = _num(a), _num(b)
            else:
                x, y = _str(a), _str(b)
            op = e[1]
            return float({"<": x < y, "<=": x <= y, "==": x == y, "!=": x != y, ">=": x >= y, ">": x > y}[op])
        if k == "concat":
            return _str(self.ev(e[1])) + _str(self.ev(e[2]))
        if k == "arith":
            return _arith(e[1], _num(self.ev(e[2])), _num(self.ev(e[3])))
        if k == "call":
            return self.call(e[1], e[2])
        raise AwkError("awk: internal: bad expression")

    def store(self, target, val):
        if target[0] == "var":
            self.vars[target[1]] = val
            if target[1] == "NF":
                n = int(_num(val))
                self.fields = self.fields[:n + 1] + [""] * max(0, n + 1 - len(self.fields))
                self.rebuild()
        elif target[0] == "field":
            self.set_field(int(_num(self.ev(target[1]))), val)
        elif target[0] == "index":
            key = _str(self.vars["SUBSEP"]).join(_str(self.ev(x)) for x in target[2])
            self.arrays.setdefault(target[1], {})[key] = val

    def call(self, name, args):
        vals = lambda: [self.ev(a) for a in args]  # noqa: E731
        if name == "length":
            if not args:
                return float(len(self.fields[0]))
            if args[0][0] == "var" and args[0][1] in self.arrays:
                return float(len(self.arrays[args[0][1]]))
            return float(len(_str(self.ev(args[0]))))
        if name == "substr":
            v = vals()
            s = _str(v[0])
            start = int(round(_num(v[1]))) if len(v) > 1 else 1
            if len(v) > 2:
                n = int(round(_num(v[2])))
                end = start + n
                return s[max(start, 1) - 1:max(end - 1, 0)]
            return s[max(start, 1) - 1:]
        if name == "tolower":
            return _str(vals()[0]).lower()
        if name == "toupper":
            return _str(vals()[0]).upper()
        if name == "index":
            v = vals()
            return float(_str(v[0]).find(_str(v[1])) + 1)
        if name == "int":
            return float(int(_num(vals()[0])))
        if name == "split":
            s = _str(self.ev(args[0]))
            arr = args[1][1]
            sep = _str(self.ev(args[2])) if len(args) > 2 else _str(self.vars["FS"])
            parts = s.split() if sep == " " else (s.split(sep) if len(sep) == 1 else re.split(sep, s))
            self.arrays[arr] = {str(i + 1): _StrNum(p) for i, p in enumerate(parts)}
            return float(len(parts))
        if name == "sprintf":
            v = vals()
            return _sprintf(_str(v[0]), v[1:]) if v else ""
        if name in ("sub", "gsub"):
            pat = args[0][1] if args[0][0] == "regex" else _str(self.ev(args[0]))
            rep = _str(self.ev(args[1])).replace("\\&", "\x00").replace("&", "\\g<0>").replace("\x00", "&")
            target = args[2] if len(args) > 2 else ("field", ("num", 0.0))
            s = _str(self.ev(target))
            new, n = re.subn(_ere(pat), rep, s, count=0 if name == "gsub" else 1)
            self.store(target, new)
            return float(n)
        if name == "match":
            v = vals()
            m = re.search(_ere(_str(v[1]) if args[1][0] != "regex" else args[1][1]), _str(v[0]))
            self.vars["RSTART"] = float(m.start() + 1) if m else 0.0
            self.vars["RLENGTH"] = float(len(m.group(0))) if m else -1.0
            return self.vars["RSTART"]
        raise AwkError(f"awk: cmd. line:1: fatal: function `{name}' not defined")

    def exec(self, s):
        k = s[0]
        if k == "block":
            for x in s[1]:
                self.exec(x)
        elif k == "print":
            if not s[1]:
                self.out.append(self.fields[0] + _str(self.vars["ORS"]))
            else:
                self.out.append(_str(self.vars["OFS"]).join(_str(self.ev(a)) for a in s[1]) + _str(self.vars["ORS"]))
        elif k == "printf":
            v = [self.ev(a) for a in s[1]]
            if v:
                self.out.append(_sprintf(_str(v[0]), v[1:]))
        elif k == "if":
            if self.truth(self.ev(s[1])):
                self.exec(s[2])
            elif s[3] is not None:
                self.exec(s[3])
        elif k == "forin":
            for key in list(self.arrays.get(s[2], {})):
                self.vars[s[1]] = key
                self.exec(s[3])
        elif k == "next":
            raise _Next()
        elif k == "exit":
            raise _Exit()
        elif k == "delete":
            if s[2] is None:
                self.arrays.pop(s[1], None)
            else:
                self.arrays.get(s[1], {}).pop(_str(self.ev(s[2])), None)
        elif k == "expr":
            self.ev(s[1])

    def run(self, text: str) -> str:
        rules = self.prog.rules
        try:
            for kind, _, action in rules:
                if kind == "BEGIN":
                    self.exec(action)
            if any(k != "BEGIN" for k, _, _ in rules):
                for line in text.splitlines():
                    self.vars["NR"] = _num(self.vars.get("NR", 0)) + 1
                    self.set_record(line)
                    try:
                        for kind, pattern, action in rules:
                            if kind != "main":
                                continue
                            if pattern is not None and not self.truth(self.ev(pattern)):
                                continue
                            if action is None:
                                self.out.append(self.fields[0] + _str(self.vars["ORS"]))
                            else:
                                self.exec(action)
                    except _Next:
                        continue
        except _Exit:
            pass
        try:
            for kind, _, action in rules:
                if kind == "END":
                    self.exec(action)
        except _Exit:
            pass
        return "".join(self.out)


class _StrNum(str):
    """A field or split() piece: a string that compares as a number when it looks like one."""


def _is_num(v) -> bool:
    return isinstance(v, float) or (isinstance(v, _StrNum) and _looks_numeric(v))


def _arith(op, a, b):
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        if b == 0:
            raise AwkError("awk: cmd. line:1: fatal: division by zero attempted")
        return a / b
    if op == "%":
        if b == 0:
            raise AwkError("awk: cmd. line:1: fatal: division by zero attempted in `%'")
        return float(int(a) % int(b)) if a >= 0 else -float(int(-a) % int(b))
    return 0.0


def _ere(p: str) -> str:
    return p.replace("[[:space:]]", r"\s").replace("[[:digit:]]", r"\d").replace("[[:alpha:]]", "[A-Za-z]").replace("[[:alnum:]]", "[A-Za-z0-9]")


def _sprintf(fmt: str, args: list) -> str:
    args = list(args)

    def conv(m):
        spec = m.group(0)
        if spec == "%%":
            return "%"
        v = args.pop(0) if args else ""
        c = spec[-1]
        try:
            if c in "di":
                return (spec[:-1] + "d") % int(_num(v))
            if c in "feEgG":
                return spec % _num(v)
            if c == "c":
                return _str(v)[:1]
            return spec % _str(v)
        except (ValueError, TypeError):
            return _str(v)

    return re.sub(r"%[-+ 0#]*\d*(?:\.\d+)?[sdifeEgGcx%]", conv, _unescape(fmt))


def main(ctx, argv):
    fs = None
    assigns: dict = {}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "-F" and i + 1 < len(argv):
            fs = argv[i + 1]
            i += 2
        elif a.startswith("-F") and len(a) > 2:
            fs = a[2:]
            i += 1
        elif a == "-v" and i + 1 < len(argv):
            k, _, v = argv[i + 1].partition("=")
            assigns[k] = _StrNum(v)
            i += 2
        elif a == "--":
            i += 1
            break
        else:
            break
    if fs is not None:
        fs = {"t": "\t", "\\t": "\t"}.get(fs, fs)
    if i >= len(argv):
        ctx.err("usage: awk [-F fs][-v var=value][prog | -f progfile][file ...]\n")
        return 2
    src = argv[i]
    inputs = argv[i + 1:]
    try:
        prog = Program(src)
    except AwkError as e:
        ctx.err(str(e) + "\n")
        return 1
    except IndexError:
        ctx.err(f"awk: cmd. line:1: {src}\nawk: cmd. line:1: syntax error\n")
        return 1
    text_parts = []
    code = 0
    for name in inputs:
        t = files.read(ctx.cluster, name)
        if t is None:
            ctx.err(f"awk: fatal: cannot open file `{name}' for reading: No such file or directory\n")
            return 2
        text_parts.append(t)
    text = "".join(text_parts) if inputs else ctx.stdin
    interp = Interp(prog, fs, assigns)
    try:
        ctx.out(interp.run(text))
    except AwkError as e:
        ctx.out("".join(interp.out))
        ctx.err(str(e) + "\n")
        code = 2
    except (RecursionError, IndexError, ValueError, OverflowError):
        ctx.err(f"awk: cmd. line:1: {src}\nawk: cmd. line:1: syntax error\n")
        code = 2
    return code
