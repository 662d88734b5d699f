"""jq 1.6's grammar (src/parser.y) by recursive descent, into tuples the evaluator walks.

Precedence, loosest first: ``def`` and ``as``/``label`` bodies, ``|`` (right), ``,``, ``//`` (right),
assignments (non-associative), ``or``, ``and``, comparisons (non-associative), ``+ -``, ``* / %``,
then postfix terms; ``try`` and unary ``-`` bind to a postfix term, as bison's %prec makes them.
Syntax errors use bison's words ("syntax error, unexpected X") with the expected tokens where
jq 1.6 lists them.
"""
from __future__ import annotations

from clusters.console.jq import values as V
from clusters.console.jq.lexing import CompileError, Token, tokenize

_ASSIGN = {"=", "|=", "+=", "-=", "*=", "/=", "%=", "//="}
_COMPARE = {"==", "!=", "<", "<=", ">", ">="}
_CONSTANTS = {"null": None, "true": True, "false": False}  # parser.y's Term: IDENT


def parse(src: str):
    toks, _ = tokenize(src)
    p = _Parser(toks, src)
    # TopLevel: Exp, or FuncDefs alone (possibly none), which run as `.`
    defs = []
    while p.at("KW", "def"):
        defs.append(p.funcdef())
    node = ("id",) if p.at("END") else p.pipe()
    if p.peek().kind != "END":
        p.unexpected("$end")
    for name, params, body in reversed(defs):
        node = ("def", name, params, body, node)
    return node


class _Parser:
    def __init__(self, toks: list[Token], src: str = ""):
        self.toks = toks
        self.src = src
        self.i = 0

    def peek(self, k: int = 0) -> Token:
        return self.toks[min(self.i + k, len(self.toks) - 1)]

    def take(self) -> Token:
        t = self.peek()
        self.i += 1
        return t

    def at(self, kind: str, value=None) -> bool:
        t = self.peek()
        return t.kind == kind and (value is None or t.value == value)

    def at_op(self, *ops: str) -> bool:
        t = self.peek()
        return t.kind == "OP" and t.value in ops

    def unexpected(self, expecting: str = ""):
        t = self.peek()
        if self.i == 0 and not expecting:
            expecting = "$end"  # bison's default reductions leave only an empty program possible
        tail = f", expecting {expecting}" if expecting else ""
        raise CompileError(f"syntax error, unexpected {t.name()}{tail}", t.pos)

    def expect_op(self, op: str, expecting: str = ""):
        if not self.at_op(op):
            self.unexpected(expecting)
        return self.take()

    def expect_kw(self, kw: str, expecting: str = ""):
        if not self.at("KW", kw):
            self.unexpected(expecting)
        return self.take()

    # -- expressions ------------------------------------------------------------------------
    def pipe(self):
        if self.at("KW", "def"):
            name, params, body = self.funcdef()
            return ("def", name, params, body, self.pipe())
        left = self.comma()
        if self.at_op("|"):
            self.take()
            return ("pipe", left, self.pipe())
        return left

    def funcdef(self):
        self.take()
        t = self.peek()
        if t.kind != "IDENT":
            self.unexpected("IDENT")
        self.take()
        params: list[str] = []
        if self.at_op("("):
            self.take()
            while True:
                if self.at_op("$"):
                    self.take()
                    if not self.at("IDENT") and not self.at("KW"):
                        self.unexpected("IDENT or __loc__")
                    params.append("$" + self.take().value)
                elif self.at("IDENT") or self.at("KW"):
                    params.append(self.take().value)
                else:
                    self.unexpected("IDENT or '$'")
                if self.at_op(";"):
                    self.take()
                    continue
                self.expect_op(")", "';' or ')'")
                break
        self.expect_op(":", "'(' or ':'" if not params else "':'")
        body = self.pipe()
        self.expect_op(";")
        return t.value, params, body

    def comma(self):
        left = self.alternative()
        while self.at_op(","):
            self.take()
            left = ("comma", left, self.alternative())
        return left

    def alternative(self):
        left = self.assignment()
        if self.at_op("//"):
            self.take()
            return ("alt", left, self.alternative())
        return left

    def _left_assoc(self, operand, matches, build):
        left = operand()
        while matches():
            op = self.take().value
            left = build(op, left, operand())
        return left

    def _non_assoc(self, left, ops: set, operand, build):
        """``left OP right`` at most once: a second operator of the level is bison's syntax error."""
        if self.peek().kind == "OP" and self.peek().value in ops:
            op = self.take().value
            left = build(op, left, operand())
            if self.peek().kind == "OP" and self.peek().value in ops:
                self.unexpected()
        return left

    def assignment(self):
        # '//' binds looser than the non-associative assignments, so the right side is an `or`
        return self._non_assoc(self.or_(), _ASSIGN, self.or_, lambda op, l, r: ("assign", op, l, r))

    def or_(self):
        return self._left_assoc(self.and_, lambda: self.at("KW", "or"), lambda op, l, r: ("or", l, r))

    def and_(self):
        return self._left_assoc(self.compare, lambda: self.at("KW", "and"), lambda op, l, r: ("and", l, r))

    def compare(self):
        return self._non_assoc(self.additive(), _COMPARE, self.additive, lambda op, l, r: ("binop", op, l, r))

    def additive(self):
        return self._left_assoc(self.multiplicative, lambda: self.at_op("+", "-"),
                                lambda op, l, r: ("binop", op, l, r))

    def multiplicative(self):
        start = self.peek().pos

        def build(op, left, right):
            if op in "/%" and left[0] == "lit" and right[0] == "lit" and right[1] == 0 and \
                    isinstance(left[1], float) and isinstance(right[1], float):
                # parser.y folds constants and refuses a constant division by zero
                raise CompileError("Division by zero?" if op == "/" else "Remainder by zero?", start)
            return ("binop", op, left, right)
        return self._left_assoc(self.unary, lambda: self.at_op("*", "/", "%"), build)

    def unary(self):
        if self.at_op("-"):
            self.take()
            return ("neg", self.unary())
        if self.at("KW", "try"):
            self.take()
            body = self.postfix_or_keyword()
            handler = None
            if self.at("KW", "catch"):
                self.take()
                handler = self.postfix_or_keyword()
            return ("try", body, handler)
        return self.postfix_or_keyword()

    def postfix_or_keyword(self):
        t = self.peek()
        if t.kind == "KW":
            if t.value == "if":
                return self.if_()
            if t.value == "reduce":
                source, pattern, init, update = self.fold_head()
                self.expect_op(")")
                return ("reduce", source, pattern, init, update)
            if t.value == "foreach":
                source, pattern, init, update = self.fold_head()
                extract = None
                if self.at_op(";"):
                    self.take()
                    extract = self.pipe()
                self.expect_op(")", "';' or ')'")
                return ("foreach", source, pattern, init, update, extract)
            if t.value == "label":
                self.take()
                self.expect_op("$", "'$'")
                name = self.take().value
                self.expect_op("|", "'|'")
                return ("label", name, self.pipe())
            if t.value == "def":
                name, params, body = self.funcdef()
                return ("def", name, params, body, self.pipe())
        term = self.postfix()
        if self.at("KW", "as"):
            self.take()
            patterns = [self.pattern()]
            while self.at_op("?//"):
                self.take()
                patterns.append(self.pattern())
            self.expect_op("|", "'|'" if len(patterns) == 1 else "")
            return ("as", term, patterns, self.pipe())
        return term

    def fold_head(self):
        """``reduce``/``foreach`` Term as Patterns ( init ; update — up to what follows the update."""
        self.take()
        source = self.postfix()
        self.expect_kw("as", "FIELD or as or '.' or '['")
        pattern = self.pattern()
        self.expect_op("(")
        init = self.pipe()
        self.expect_op(";", "';'")
        return source, pattern, init, self.pipe()

    def if_(self):
        start = self.take().pos
        cond = self.pipe()
        self.expect_kw("then")
        try:
            then = self.pipe()
            if self.at("KW", "elif"):
                return ("if", cond, then, self.if_())
            if self.at("KW", "else"):
                self.take()
                other = self.pipe()
                self.expect_kw("end")
                return ("if", cond, then, other)
            self.expect_kw("end")
        except CompileError as e:
            # bison's error rule `"if" Exp "then" error` reports a second error at the `if`
            if not e.also:
                e.also.append(("Possibly unterminated 'if' statement", start))
            raise
        return ("if", cond, then, ("id",))

    def pattern(self):
        if self.at_op("$"):
            self.take()
            if not (self.at("IDENT") or self.at("KW")):
                self.unexpected("IDENT or __loc__")
            return ("pvar", self.take().value)
        if self.at_op("["):
            self.take()
            items = [self.pattern()]
            while self.at_op(","):
                self.take()
                items.append(self.pattern())
            self.expect_op("]", "',' or ']'")
            return ("parray", items)
        if self.at_op("{"):
            self.take()
            entries = [self.object_pattern_entry()]
            while self.at_op(","):
                self.take()
                entries.append(self.object_pattern_entry())
            self.expect_op("}", "',' or '}'")
            return ("pobj", entries)
        self.unexpected("'$' or '[' or '{'")

    def object_pattern_entry(self):
        if self.at_op("$"):
            self.take()
            name = self.take().value
            sub = None
            if self.at_op(":"):
                self.take()
                sub = self.pattern()
            return (("var", name), sub)
        t = self.peek()
        if t.kind in ("IDENT", "KW"):
            self.take()
            key = ("lit", t.value)
        elif t.kind == "STR":
            key = self.string_node(self.take(), None)
        elif self.at_op("("):
            self.take()
            key = self.pipe()
            self.expect_op(")", "')'")
        else:
            self.unexpected()
        self.expect_op(":", "':'")
        return (key, self.pattern())

    # -- terms ------------------------------------------------------------------------------
    def postfix(self):
        node = self.primary()
        while True:
            t = self.peek()
            if t.kind == "FIELD":
                self.take()
                node = ("index", node, ("lit", t.value))
            elif t.kind == "OP" and t.value == "." and self.peek(1).kind == "STR":
                self.take()
                node = ("index", node, self.string_node(self.take(), None))
            elif t.kind == "OP" and t.value == ".":  # Term '.' String is the only rule left
                self.take()
                self.unexpected("FORMAT or QQSTRING_START")
            elif t.kind == "OP" and t.value == "[":
                node = self.bracket_suffix(node)
            elif t.kind == "OP" and t.value == "?":
                self.take()
                node = ("try", node, None)
            else:
                return node

    def bracket_suffix(self, node):
        self.take()
        if self.at_op("]"):
            self.take()
            return ("iter", node)
        if self.at_op(":"):
            self.take()
            hi = self.pipe()
            self.expect_op("]")
            return ("slice", node, None, hi)
        key = self.pipe()
        if self.at_op(":"):
            self.take()
            hi = None if self.at_op("]") else self.pipe()
            self.expect_op("]")
            return ("slice", node, key, hi)
        self.expect_op("]")
        return ("index", node, key)

    def primary(self):
        t = self.peek()
        if t.kind == "OP":
            if t.value == ".":
                self.take()
                if self.at("STR"):
                    return ("index", ("id",), self.string_node(self.take(), None))
                return ("id",)
            if t.value == "..":
                self.take()
                return ("call", "recurse", [], t.pos)
            if t.value == "(":
                self.take()
                inner = self.pipe()
                self.expect_op(")")
                return inner
            if t.value == "[":
                self.take()
                if self.at_op("]"):
                    self.take()
                    return ("array", None)
                inner = self.pipe()
                self.expect_op("]")
                return ("array", inner)
            if t.value == "{":
                return self.object_()
            if t.value == "$":
                self.take()
                if not (self.at("IDENT") or self.at("KW")):
                    self.unexpected("IDENT or __loc__")
                return ("var", self.take().value, t.pos)
        if t.kind == "FIELD":
            self.take()
            return ("index", ("id",), ("lit", t.value))
        if t.kind == "NUM":
            self.take()
            return ("lit", t.value)
        if t.kind == "STR":
            return self.string_node(self.take(), None)
        if t.kind == "FORMAT":
            self.take()
            if self.at("STR"):
                return self.string_node(self.take(), t.value)
            return ("format", t.value, t.pos)
        if t.kind == "LOC":
            self.take()
            return ("loc", float(self.src.count("\n", 0, t.pos) + 1))  # $__loc__'s line
        if t.kind == "KW" and t.value == "break":
            self.take()
            if not self.at_op("$"):
                try:
                    self.unexpected("'$'")
                except CompileError as e:  # parser.y's `BREAK error` rule reports a second error
                    e.also.append(("break requires a label to break to", t.pos))
                    raise
            self.take()
            return ("break", self.take().value, t.pos)
        if t.kind == "IDENT":
            self.take()
            args = []
            if self.at_op("("):
                self.take()
                args.append(self.pipe())
                while self.at_op(";"):
                    self.take()
                    args.append(self.pipe())
                self.expect_op(")", "';' or ')'")
            if not args and t.value in _CONSTANTS:
                return ("lit", _CONSTANTS[t.value])
            return ("call", t.value, args, t.pos)
        self.unexpected()

    def string_node(self, tok: Token, fmt: str | None):
        parts = []
        for part in tok.value:
            if isinstance(part, str):
                parts.append(part)
            else:
                sub = _Parser(part, self.src)
                node = sub.pipe()
                if sub.peek().kind != "END":
                    sub.unexpected()
                parts.append(node)
        if fmt is None and len(parts) == 1 and isinstance(parts[0], str):
            return ("lit", parts[0])
        return ("str", parts, fmt)

    def object_(self):
        self.take()
        entries = []
        if self.at_op("}"):
            self.take()
            return ("object", entries)
        while True:
            entries.append(self.object_entry())
            if self.at_op(","):
                self.take()
                if self.at_op("}"):  # jq 1.6 takes a trailing comma
                    self.take()
                    return ("object", entries)
                continue
            self.expect_op("}", "'}'")
            return ("object", entries)

    def object_entry(self):
        t = self.peek()
        if t.kind == "OP" and t.value == "$":
            self.take()
            name = self.take().value
            return (("lit", name), ("var", name, t.pos))
        if t.kind == "LOC":  # `$` then the keyword __loc__, which this rule does not take
            raise CompileError("syntax error, unexpected __loc__, expecting IDENT", t.pos + 1)
        if t.kind in ("IDENT", "KW"):
            self.take()
            key = ("lit", t.value)
        elif t.kind == "NUM":
            self.take()
            key = ("lit", t.value)  # an error at run time, as jq 1.6 reports it
        elif t.kind == "STR":
            key = self.string_node(self.take(), None)
        elif t.kind == "FORMAT" and self.peek(1).kind == "STR":
            self.take()
            key = self.string_node(self.take(), t.value)
        elif t.kind == "OP" and t.value == "(":
            self.take()
            key = self.pipe()
            self.expect_op(")")
            if key[0] == "lit" and not isinstance(key[1], str):
                # parser.y's check_object_key refuses a constant key that is not a string
                raise CompileError(f"Cannot use {V.kind(key[1])} ({V.truncated(key[1])}) as object key", t.pos)
        else:
            self.unexpected()
        if not self.at_op(":"):
            if t.kind in ("IDENT", "STR"):
                return (key, ("index", ("id",), key))
            self.unexpected("':'")
        self.take()
        return (key, self.object_value())

    def object_value(self):
        """ExpD: terms joined by ``|``, with unary minus, but no ``,`` (it separates entries)."""
        node = ("neg", self.postfix()) if self.at_op("-") and self.take() else self.postfix()
        if self.at_op("|"):
            self.take()
            return ("pipe", node, self.object_value())
        return node
