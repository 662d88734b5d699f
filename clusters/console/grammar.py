"""bash's grammar, trimmed to what tutorials type (bash(1) "SHELL GRAMMAR"):

    list      := and_or ( (';' | '&' | newline) and_or )*
    and_or    := pipeline ( ('&&' | '||') newline* pipeline )*
    pipeline  := ['!'] command ( ('|' | '|&') newline* command )*
    command   := simple | compound redirection*
    simple    := (NAME=value)* word* redirection*
    compound  := for NAME [in word*] ; do list done  |  for (( a; b; c )) ; do list done
               | while list; do list done  |  until list; do list done
               | if list; then list [elif list; then list]* [else list] fi
               | case word in [(] pattern [| pattern]* ) list ;; ... esac
               | { list; }  |  ( list )  |  (( arithmetic ))  |  [[ expression ]]

Reserved words count only where a command starts (``echo done`` prints
"done"). ``parse`` returns a list of ``AndOr``; a text that stops where bash
would print its PS2 and read on (an open ``for`` or ``if``, a quote, a
trailing ``|`` or ``&&``) raises ``Incomplete``, whose text is what bash
prints when the input ends there instead (``incomplete()`` asks without
raising, for a console deciding whether to read another line).

Its tokens are ``lexer.py``'s.
"""
from __future__ import annotations

import re

from clusters.console.lexer import Incomplete, Lexer, ShellSyntaxError, is_name  # noqa: F401 (re-exported)

RESERVED = {"if", "then", "elif", "else", "fi", "for", "in", "do", "done", "while", "until", "case", "esac",
            "{", "}", "!", "[[", "]]", "function", "select", "time"}
# Reserved words that cannot start a command: meeting one there is bash's "unexpected token".
_CLOSERS = {"then", "elif", "else", "fi", "do", "done", "esac", "}", "]]"}


# -- the tree --------------------------------------------------------------------

class Command:
    """A simple command: assignments, words and redirections."""
    __slots__ = ("assigns", "words", "redirs")

    def __init__(self):
        self.assigns: list[tuple[str, list]] = []
        self.words: list[list] = []
        self.redirs: list[tuple] = []  # (op, fd, word-or-heredoc-body, expand)


class Compound:
    """A compound command (``kind``: for, cfor, while, until, if, case, group, subshell, arith, cond)."""
    __slots__ = ("kind", "name", "items", "body", "cond", "clauses", "otherwise", "redirs", "word")

    def __init__(self, kind: str):
        self.kind = kind
        self.name = ""            # for: the variable
        self.items: list | None = None  # for: the words after `in` (None: "$@"); cfor: three expressions
        self.body: list = []      # for/while/until/group/subshell: the list run
        self.cond: list = []      # while/until: the condition list; arith: [source]; cond: the [[ ]] tokens
        self.clauses: list = []   # if: [(cond list, body list)]; case: [(patterns, list)]
        self.otherwise: list | None = None  # if: else
        self.word: list = []      # case: the word matched
        self.redirs: list = []


class Pipeline:
    __slots__ = ("commands", "bang")

    def __init__(self, commands: list, bang: bool = False):
        self.commands = commands
        self.bang = bang


class AndOr:
    """Pipelines joined by && and ||; ``background`` when it ends with ``&``. ``text`` is its source
    as bash shows a job (``jobs``: ``kubectl proxy --port=8001``)."""
    __slots__ = ("items", "background", "text")

    def __init__(self, items: list, text: str):
        self.items = items  # [(connector '' | '&&' | '||', Pipeline)]
        self.background = False
        self.text = text


class _Parser:
    def __init__(self, text: str):
        lx = Lexer(text)
        self.tokens = lx.run()
        self.spans = lx.spans
        self.text = text
        self.open_heredoc = lx.open_heredoc
        self.open_delimiters = lx.open_delimiters
        self.i = 0

    # -- tokens --
    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def at_op(self, *ops: str) -> bool:
        t = self.peek()
        return t is not None and t[0] == "op" and t[1] in ops

    def reserved(self, *words: str) -> str | None:
        """The reserved word at the cursor (an unquoted plain word), if it is one of ``words``."""
        t = self.peek()
        if t is None or t[0] != "word" or len(t[1]) != 1:
            return None
        kind, text, quoted = t[1][0]
        if kind == "lit" and not quoted and text in words:
            return text
        return None

    def source(self, k: int) -> str:
        a, b = self.spans[k]
        return self.text[a:b]

    def unexpected(self) -> ShellSyntaxError:
        t = self.peek()
        if t is None:
            return Incomplete("bash: syntax error: unexpected end of file\n")
        text = "newline" if t == ("op", "\n") else self.source(self.i)
        return ShellSyntaxError(f"bash: syntax error near unexpected token `{text}'\n")

    def skip_newlines(self) -> None:
        while self.at_op("\n"):
            self.i += 1

    def expect(self, word: str) -> None:
        if self.reserved(word) is None:
            raise self.unexpected()
        self.i += 1

    # -- grammar --
    def parse_list(self, stop: tuple = ()) -> list[AndOr]:
        """and_or lists up to a reserved word in ``stop`` (or ')' / ';;' when listed) or the end."""
        out: list[AndOr] = []
        self.skip_newlines()
        while self.i < len(self.tokens):
            if self.reserved(*stop) or (self.peek()[0] == "op" and self.peek()[1] in stop):
                break
            ao = self.parse_and_or()
            out.append(ao)
            if self.at_op(";", "&", "\n"):
                if self.peek()[1] == "&":
                    ao.background = True
                self.i += 1
                self.skip_newlines()
                continue
            if self.i < len(self.tokens) and not (self.reserved(*stop) or self.at_op(*stop)):
                raise self.unexpected()
            break
        return out

    def parse_and_or(self) -> AndOr:
        start = self.i
        items = [("", self.parse_pipeline())]
        while self.at_op("&&", "||"):
            op = self.peek()[1]
            self.i += 1
            self.skip_newlines()  # bash lets newlines follow && and ||
            if self.peek() is None:
                raise Incomplete("bash: syntax error: unexpected end of file\n")
            items.append((op, self.parse_pipeline()))
        # bash shows a job as its words one space apart (print_cmd.c make_command_string)
        return AndOr(items, " ".join(self.source(k) for k in range(start, self.i) if self.tokens[k] != ("op", "\n")))

    def parse_pipeline(self) -> Pipeline:
        bang = False
        if self.reserved("!"):
            bang = True
            self.i += 1
        commands = [self.parse_command()]
        while self.at_op("|", "|&"):
            if self.peek()[1] == "|&":
                commands[-1].redirs.append((">&", 2, "1", False))
            self.i += 1
            self.skip_newlines()
            if self.peek() is None:
                raise Incomplete("bash: syntax error: unexpected end of file\n")
            commands.append(self.parse_command())
        return Pipeline(commands, bang)

    def parse_command(self):
        t = self.peek()
        if t is None:
            raise Incomplete("bash: syntax error: unexpected end of file\n")
        word = self.reserved(*RESERVED)
        if word in _CLOSERS or (t[0] == "op" and t[1] in (")", ";;", ";", "&", "&&", "||", "|", "|&", "\n")):
            raise self.unexpected()
        compound = None
        if word == "for":
            compound = self.parse_for()
        elif word in ("while", "until"):
            compound = self.parse_loop(word)
        elif word == "if":
            compound = self.parse_if()
        elif word == "case":
            compound = self.parse_case()
        elif word == "{":
            self.i += 1
            compound = Compound("group")
            compound.body = self.parse_list(("}",))
            if not compound.body and self.reserved("}"):
                raise self.unexpected()
            self.expect("}")
        elif word == "[[":
            compound = self.parse_cond()
        elif t[0] == "op" and t[1] == "(":
            self.i += 1
            compound = Compound("subshell")
            compound.body = self.parse_list((")",))
            if not self.at_op(")"):
                raise self.unexpected()
            if not compound.body:
                raise self.unexpected()
            self.i += 1
        elif t[0] == "arith":
            self.i += 1
            compound = Compound("arith")
            compound.cond = [t[1]]
        if compound is not None:
            self.parse_redirections(compound)
            return compound
        return self.parse_simple()

    def parse_redirections(self, cmd) -> None:
        while True:
            t = self.peek()
            if t is None:
                return
            if t[0] == "redir":
                self._redirection(cmd, t)
                continue
            if t[0] == "heredoc":
                cmd.redirs.append(("<<", t[2], t[5] or "", not t[4]))
                self.i += 1
                continue
            if t[0] in ("word", "arith") or (t[0] == "op" and t[1] == "("):
                raise self.unexpected()
            return

    def _redirection(self, cmd, t) -> None:
        op, fd = t[1], t[2]
        nxt = self.tokens[self.i + 1] if self.i + 1 < len(self.tokens) else None
        if nxt is None or nxt[0] != "word":
            near = nxt[1] if nxt is not None and nxt[0] == "op" and nxt[1] not in (";", "\n") else "newline"
            raise ShellSyntaxError(f"bash: syntax error near unexpected token `{near}'\n")
        if op in (">&", "<&"):
            cmd.redirs.append((op, fd, "".join(p[1] for p in nxt[1]), False))
        else:
            cmd.redirs.append((op, fd, nxt[1], True))
        self.i += 2

    def parse_simple(self) -> Command:
        cmd = Command()
        while True:
            t = self.peek()
            if t is None:
                break
            kind = t[0]
            if kind == "word":
                word = t[1]
                if not cmd.words and word and word[0][0] == "lit" and not word[0][2] and "=" in word[0][1] \
                        and is_name(word[0][1].split("=", 1)[0]):
                    name, _, rest = word[0][1].partition("=")
                    value = ([("lit", rest, False)] if rest else []) + list(word[1:])
                    cmd.assigns.append((name, value))
                else:
                    cmd.words.append(word)
                self.i += 1
                continue
            if kind == "redir":
                self._redirection(cmd, t)
                continue
            if kind == "heredoc":
                cmd.redirs.append(("<<", t[2], t[5] or "", not t[4]))
                self.i += 1
                continue
            if kind == "arith" or (kind == "op" and t[1] == "("):
                raise self.unexpected()  # (a function definition is not part of this shell)
            break
        return cmd

    def parse_for(self) -> Compound:
        self.i += 1
        t = self.peek()
        if t is not None and t[0] == "arith":
            node = Compound("cfor")
            parts = t[1].split(";")
            if len(parts) != 3:
                raise ShellSyntaxError("bash: syntax error: arithmetic expression required\n")
            node.items = [p.strip() for p in parts]
            self.i += 1
            if self.at_op(";"):
                self.i += 1
            self.skip_newlines()
            self._do_done(node)
            return node
        node = Compound("for")
        if t is None:
            raise Incomplete("bash: syntax error: unexpected end of file\n")
        if t[0] != "word":
            raise self.unexpected()
        name = "".join(p[1] for p in t[1])
        if not is_name(name) or any(p[0] != "lit" for p in t[1]):
            raise ShellSyntaxError(f"bash: `{self.source(self.i)}': not a valid identifier\n")
        node.name = name
        self.i += 1
        self.skip_newlines()
        if self.reserved("in"):
            self.i += 1
            node.items = []
            while self.peek() is not None and self.peek()[0] == "word":
                node.items.append(self.peek()[1])
                self.i += 1
            if not self.at_op(";", "\n"):
                raise self.unexpected()
            self.i += 1
        elif self.at_op(";"):
            self.i += 1
        self.skip_newlines()
        self._do_done(node)
        return node

    def _do_done(self, node: Compound) -> None:
        self.expect("do")
        node.body = self.parse_list(("done",))
        if not node.body:
            raise self.unexpected()
        self.expect("done")

    def parse_loop(self, kind: str) -> Compound:
        self.i += 1
        node = Compound(kind)
        node.cond = self.parse_list(("do",))
        if not node.cond:
            raise self.unexpected()
        self._do_done(node)
        return node

    def parse_if(self) -> Compound:
        self.i += 1
        node = Compound("if")
        while True:
            cond = self.parse_list(("then",))
            if not cond:
                raise self.unexpected()
            self.expect("then")
            body = self.parse_list(("elif", "else", "fi"))
            if not body:
                raise self.unexpected()
            node.clauses.append((cond, body))
            if self.reserved("elif"):
                self.i += 1
                continue
            break
        if self.reserved("else"):
            self.i += 1
            node.otherwise = self.parse_list(("fi",))
            if not node.otherwise:
                raise self.unexpected()
        self.expect("fi")
        return node

    def parse_case(self) -> Compound:
        self.i += 1
        node = Compound("case")
        t = self.peek()
        if t is None:
            raise Incomplete("bash: syntax error: unexpected end of file\n")
        if t[0] != "word":
            raise self.unexpected()
        node.word = t[1]
        self.i += 1
        self.skip_newlines()
        self.expect("in")
        while True:
            self.skip_newlines()
            if self.reserved("esac"):
                self.i += 1
                return node
            if self.at_op("("):
                self.i += 1
            patterns = []
            while True:
                t = self.peek()
                if t is None:
                    raise Incomplete("bash: syntax error: unexpected end of file\n")
                if t[0] != "word":
                    raise self.unexpected()
                patterns.append(t[1])
                self.i += 1
                if self.at_op("|"):
                    self.i += 1
                    continue
                break
            if not self.at_op(")"):
                raise self.unexpected()
            self.i += 1
            body = self.parse_list(("esac", ";;"))
            node.clauses.append((patterns, body))
            if self.at_op(";;"):
                self.i += 1
                continue
            if self.reserved("esac"):
                continue
            raise self.unexpected()

    def parse_cond(self) -> Compound:
        """``[[ ... ]]``: its words unsplit, and && || ! ( ) < > as its own operators (conditions.py)."""
        self.i += 1
        node = Compound("cond")
        toks: list = []
        while True:
            t = self.peek()
            if t is None:
                raise Incomplete("bash: syntax error: unexpected end of file\n")
            if t[0] == "word" and self.reserved("]]"):
                self.i += 1
                break
            if t[0] == "word":
                toks.append(("word", t[1], self.spans[self.i]))
            elif t[0] == "op" and t[1] in ("&&", "||", "(", ")"):
                toks.append(("op", t[1], self.spans[self.i]))
            elif t[0] == "redir" and t[1] in ("<", ">") and t[2] is None:
                toks.append(("op", t[1], self.spans[self.i]))
            elif t == ("op", "\n"):
                pass
            else:
                raise self.unexpected()
            self.i += 1
        node.cond = toks
        node.word = [self.text]  # the source its spans index (=~ takes its regex as typed)
        return node


def parse(text: str) -> list[AndOr]:
    """The and-or lists of ``text``; ShellSyntaxError (Incomplete where bash would read on) when it is not bash."""
    return parse_to_end(text)[0]


def parse_to_end(text: str) -> tuple[list[AndOr], list[str]]:
    """``parse``, and the delimiters of the here-documents that ``text`` ends inside of (which bash,
    reaching end of input there, runs with the body read so far)."""
    p = _Parser(text)
    out = p.parse_list()
    if p.i < len(p.tokens):
        raise p.unexpected()
    return out, p.open_delimiters


def incomplete(text: str) -> bool:
    """Whether bash, given ``text``, would print its PS2 and read another line: an open compound
    command, quote, ``$(``, heredoc, or a line ending in ``|``, ``&&``, ``||`` or ``\\``."""
    if re.search(r"(^|[^\\])(\\\\)*\\$", text):
        return True
    try:
        p = _Parser(text)
        p.parse_list()
        return p.open_heredoc
    except Incomplete:
        return True
    except ShellSyntaxError:  # an error is an answer, not a wait
        return False


def parse_words(text: str) -> list[list]:
    """The words of a simple command line (for aliases and xargs)."""
    return [t[1] for t in Lexer(text).run() if t[0] == "word"]


def split_words(text: str) -> list[str]:
    """shlex-like split with bash quoting and no expansion."""
    return ["".join(p[1] for p in w) for w in parse_words(text)]


def quote_words(words: list[str]) -> str:
    """Words back into a line that parses to the same words."""
    out = []
    for w in words:
        if w and all(c.isalnum() or c in "-_./=:,@%+" for c in w):
            out.append(w)
        else:
            out.append("'" + w.replace("'", "'\\''") + "'")
    return " ".join(out)
