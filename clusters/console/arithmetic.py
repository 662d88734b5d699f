"""bash's arithmetic (bash(1) "ARITHMETIC EVALUATION", expr.c): ``$((...))``, ``((...))``, ``let``
and the ``for ((...))`` loop.

64-bit signed integers that wrap, C's division (towards zero), ``**`` by
squaring modulo 2^64 (so ``9**9**9`` is a number, as in bash, not a hang),
variables by name or ``$name`` whose values are themselves expressions
(``a=3+4; echo $((a*2))`` prints 14), assignments, ``++``/``--``, the
ternary, ``&&``/``||`` that skip evaluating what they skip. Like expr.c it
evaluates while it parses, so an error names the expression and the text
from the token it stopped at: ``1/0: division by 0 (error token is "0")``.
"""
from __future__ import annotations

from typing import Callable

_MASK = (1 << 64) - 1
_MAX_DEPTH = 64  # nested parentheses and variables holding expressions (bash: 1024)
_ASSIGN_OPS = ("<<=", ">>=", "*=", "/=", "%=", "+=", "-=", "&=", "^=", "|=", "=")
_OPERATORS = ("<<=", ">>=", "**", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "*=", "/=", "%=", "+=", "-=",
              "&=", "^=", "|=", "++", "--", "+", "-", "*", "/", "%", "<", ">", "&", "^", "|", "!", "~", "?", ":",
              "=", "(", ")", ",")
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ@_"


class ArithError(Exception):
    """bash's message without its ``bash: `` prefix: ``EXPR: what (error token is "TOKEN")``."""


def _wrap(v: int) -> int:
    v &= _MASK
    return v - (1 << 64) if v >> 63 else v


def evaluate(expr: str, get: Callable[[str], str], put: Callable[[str, str], None], depth: int = 0) -> int:
    """The value of ``expr``; ``get(name)`` reads a variable ("" when unset), ``put`` assigns one."""
    return _Eval(expr, get, put, depth).run()


class _Eval:
    def __init__(self, expr: str, get, put, depth: int):
        self.s = expr.lstrip(" \t\n")
        self.get = get
        self.put = put
        self.depth = depth
        self.pos = 0
        self.lasttp = 0
        self.kind = ""   # "num", "id", "op" or "" at the end
        self.text = ""
        self.prev = ""   # the kind of the token before (expr.c's lasttok, for x++)
        self.noeval = 0

    # -- tokens --
    def error(self, what: str) -> ArithError:
        return ArithError(f'{self.s}: {what} (error token is "{self.s[self.lasttp:]}")')

    def advance(self) -> None:
        s = self.s
        i = self.pos
        while i < len(s) and s[i] in " \t\n":
            i += 1
        self.prev = self.kind
        if i >= len(s):
            self.pos, self.kind, self.text = i, "", ""
            return
        self.lasttp = i
        c = s[i]
        if c.isdigit():
            j = i
            while j < len(s) and (s[j].isalnum() or s[j] in "#@_"):
                j += 1
            self.pos, self.kind, self.text = j, "num", s[i:j]
            return
        if c.isalpha() or c == "_" or (c == "$" and i + 1 < len(s) and (s[i + 1].isalpha() or s[i + 1] == "_")):
            j = i + 1
            while j < len(s) and (s[j].isalnum() or s[j] == "_"):
                j += 1
            self.pos, self.kind, self.text = j, "id", s[i:j].lstrip("$")
            return
        if c in "+-" and s.startswith(c * 2, i):
            # expr.c readtok: ++ after a variable is post-increment, before one pre-increment, else two signs
            k = i + 2
            while k < len(s) and s[k] in " \t":
                k += 1
            if self.kind == "id" or (k < len(s) and (s[k].isalpha() or s[k] == "_")):
                self.pos, self.kind, self.text = i + 2, "op", c * 2
                return
            self.pos, self.kind, self.text = i + 1, "op", c
            return
        for op in _OPERATORS:
            if s.startswith(op, i):
                self.pos, self.kind, self.text = i + len(op), "op", op
                return
        raise self.error("syntax error: invalid arithmetic operator")

    def at(self, *ops: str) -> bool:
        return self.kind == "op" and self.text in ops

    # -- grammar (lowest precedence first) --
    def run(self) -> int:
        if self.depth > _MAX_DEPTH:
            raise ArithError(f'{self.s}: expression recursion level exceeded (error token is "{self.s}")')
        self.advance()
        if self.kind == "":
            return 0
        v = self.comma()
        if self.kind != "":
            if self.kind == "op" and self.text in ("=",) + _ASSIGN_OPS:
                raise self.error("attempted assignment to non-variable")
            raise self.error("syntax error in expression")
        return v

    def comma(self) -> int:
        v = self.assign()
        while self.at(","):
            self.advance()
            v = self.assign()
        return v

    def assign(self) -> int:
        start = (self.pos, self.lasttp, self.kind, self.text, self.prev)
        if self.kind == "id":
            name = self.text
            self.advance()
            if self.kind == "op" and self.text in _ASSIGN_OPS:
                op, after = self.text, self.pos
                self.advance()
                value = self.assign()
                if op != "=":
                    value = self.binary(op[:-1], self.var(name), value, after)
                if not self.noeval:
                    self.put(name, str(value))
                return value
            self.pos, self.lasttp, self.kind, self.text, self.prev = start
        return self.ternary()

    def ternary(self) -> int:
        cond = self.logical_or()
        if not self.at("?"):
            return cond
        self.advance()
        if not cond:
            self.noeval += 1
        yes = self.comma()
        if not cond:
            self.noeval -= 1
        if not self.at(":"):
            raise self.error("`:' expected for conditional expression")
        self.advance()
        if cond:
            self.noeval += 1
        no = self.ternary()
        if cond:
            self.noeval -= 1
        return yes if cond else no

    def logical_or(self) -> int:
        v = self.logical_and()
        while self.at("||"):
            self.advance()
            if v:
                self.noeval += 1
            w = self.logical_and()
            if v:
                self.noeval -= 1
            v = 1 if (v or w) else 0
        return v

    def logical_and(self) -> int:
        v = self.level(0)
        while self.at("&&"):
            self.advance()
            if not v:
                self.noeval += 1
            w = self.level(0)
            if not v:
                self.noeval -= 1
            v = 1 if (v and w) else 0
        return v

    _LEVELS = (("|",), ("^",), ("&",), ("==", "!="), ("<", ">", "<=", ">="), ("<<", ">>"), ("+", "-"), ("*", "/", "%"))

    def level(self, n: int) -> int:
        if n == len(self._LEVELS):
            return self.power()
        v = self.level(n + 1)
        while self.kind == "op" and self.text in self._LEVELS[n]:
            op, after = self.text, self.pos
            self.advance()
            w = self.level(n + 1)
            v = self.binary(op, v, w, after)
        return v

    def power(self) -> int:
        base = self.unary()
        if self.at("**"):
            self.advance()
            exp = self.power()  # right-associative
            if exp < 0:
                if self.noeval:
                    return 1
                raise self.error("exponent less than 0")
            return _wrap(pow(base, exp, 1 << 64))
        return base

    def unary(self) -> int:
        if self.at("-", "+", "!", "~"):
            op = self.text
            self.advance()
            v = self.unary()
            return {"-": lambda x: _wrap(-x), "+": lambda x: x, "!": lambda x: int(not x), "~": lambda x: ~x}[op](v)
        if self.at("++", "--"):
            op = self.text
            self.advance()
            if self.kind != "id":
                raise self.error("syntax error: operand expected")
            name = self.text
            v = _wrap(self.var(name) + (1 if op == "++" else -1))
            if not self.noeval:
                self.put(name, str(v))
            self.advance()
            return v
        return self.primary()

    def primary(self) -> int:
        if self.at("("):
            self.advance()
            self.depth += 1
            if self.depth > _MAX_DEPTH:
                raise self.error("expression recursion level exceeded")
            v = self.comma()
            self.depth -= 1
            if not self.at(")"):
                raise self.error("missing `)'")
            self.advance()
            return v
        if self.kind == "num":
            v = self.number(self.text)
            self.advance()
            return v
        if self.kind == "id":
            name = self.text
            v = self.var(name)
            self.advance()
            if self.at("++", "--"):
                if not self.noeval:
                    self.put(name, str(_wrap(v + (1 if self.text == "++" else -1))))
                self.advance()
            return v
        raise self.error("syntax error: operand expected")

    # -- values --
    def var(self, name: str) -> int:
        raw = (self.get(name) or "").strip()
        if not raw:
            return 0
        if raw.lstrip("-").isdigit() and len(raw) < 19:
            return int(raw)
        return evaluate(raw, self.get, self.put, self.depth + 1)

    def number(self, text: str) -> int:
        base, digits = 10, text
        if "#" in text:
            b, _, digits = text.partition("#")
            if not b.isdigit() or not 2 <= int(b) <= 64:
                raise self.error("invalid arithmetic base")
            base = int(b)
        elif text[:2] in ("0x", "0X"):
            base, digits = 16, text[2:]
        elif text.startswith("0") and len(text) > 1:
            base, digits = 8, text[1:]
        value = 0
        for ch in digits:
            d = _DIGITS.index(ch) if ch in _DIGITS else 99
            if base <= 36 and ch.isalpha():
                d = _DIGITS.index(ch.lower())
            if d >= base:
                raise self.error("value too great for base")
            value = (value * base + d) & _MASK
        return _wrap(value)

    def binary(self, op: str, a: int, b: int, after: int) -> int:
        if op in ("/", "%"):
            if b == 0:
                if self.noeval:
                    return 0
                # expr.c exp2: the error token is what follows the operator
                while after < len(self.s) and self.s[after] in " \t\n":
                    after += 1
                self.lasttp = after
                raise self.error("division by 0")
            q = abs(a) // abs(b)
            if (a < 0) != (b < 0):
                q = -q
            return _wrap(q) if op == "/" else _wrap(a - b * q)
        if op == "+":
            return _wrap(a + b)
        if op == "-":
            return _wrap(a - b)
        if op == "*":
            return _wrap(a * b)
        if op == "<<":
            return _wrap(a << (b & 63))
        if op == ">>":
            return a >> (b & 63)
        if op == "&":
            return a & b
        if op == "|":
            return a | b
        if op == "^":
            return a ^ b
        return int({"==": a == b, "!=": a != b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op])


def let(ctx, argv: list[str]) -> int:
    """``let EXPR...``: each evaluated; status 0 when the last is non-zero (bash's let builtin)."""
    if not argv:
        ctx.err("bash: let: expression expected\n")
        return 1
    env = ctx.env
    value = 0
    for expr in argv:
        try:
            value = evaluate(expr, env.get, env.__setitem__)
        except ArithError as e:
            ctx.err(f"bash: let: {e}\n")
            return 1
    return 0 if value else 1
