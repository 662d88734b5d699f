"""The ``jq`` command of the console host, as Debian bookworm's jq 1.6 runs it (src/main.c).

Options as main.c parses them (stacked short options, ``--arg``, ``--argjson``, ``--indent N``...),
inputs from stdin or files (util.c: ``(at <stdin>:N)`` / ``(at FILE:N)`` in runtime errors), output
as jv_dump prints it, and main.c's exit codes: 2 usage or unreadable file, 3 compile error, 4 bad
JSON input, 5 a runtime error, ``-e`` 1 for a last output of false/null and 4 for none. The console
is not a terminal to jq, so colours are off unless ``-C`` asks for them.

A program that runs past this console's step budget (``range(1e9)``, ``repeat`` without ``limit``)
stops with an error naming that bound, after printing what it had produced, and exits 5.
"""
from __future__ import annotations

from clusters.console import builtins, files
from clusters.console.jq import evaluating, library, parsing, reading
from clusters.console.jq import values as V
from clusters.console.jq.lexing import CompileError
from clusters.console.jq.values import JqError

_DIE = ("Use jq --help for help with command-line options,\n"
        "or see the jq manpage, or online docs  at https://stedolan.github.io/jq\n")
_USAGE = ("jq - commandline JSON processor [version 1.6]\n"
          "\nUsage:\tjq [options] <jq filter> [file...]\n"
          "\tjq [options] --args <jq filter> [strings...]\n"
          "\tjq [options] --jsonargs <jq filter> [JSON_TEXTS...]\n\n"
          "jq is a tool for processing JSON inputs, applying the given filter to\n"
          "its JSON text inputs and producing the filter's results as JSON on\n"
          "standard output.\n\n"
          "The simplest filter is ., which copies jq's input to its output\n"
          "unmodified (except for formatting, but note that IEEE754 is used\n"
          "for number representation internally, with all that that implies).\n\n"
          "For more advanced filters see the jq(1) manpage (\"man jq\")\n"
          "and/or https://stedolan.github.io/jq\n\n"
          "Example:\n\n\t$ echo '{\"foo\": 0}' | jq .\n"
          "\t{\n\t\t\"foo\": 0\n\t}\n\n")
_OPTIONS_HELP = ("Some of the options include:\n"
                 "  -c               compact instead of pretty-printed output;\n"
                 "  -n               use `null` as the single input value;\n"
                 "  -e               set the exit status code based on the output;\n"
                 "  -s               read (slurp) all inputs into an array; apply filter to it;\n"
                 "  -r               output raw strings, not JSON texts;\n"
                 "  -R               read raw strings, not JSON texts;\n"
                 "  -C               colorize JSON;\n"
                 "  -M               monochrome (don't colorize JSON);\n"
                 "  -S               sort keys of objects on output;\n"
                 "  --tab            use tabs for indentation;\n"
                 "  --arg a v        set variable $a to value <v>;\n"
                 "  --argjson a v    set variable $a to JSON value <v>;\n"
                 "  --slurpfile a f  set variable $a to an array of JSON texts read from <f>;\n"
                 "  --rawfile a f    set variable $a to a string consisting of the contents of <f>;\n"
                 "  --args           remaining arguments are string arguments, not files;\n"
                 "  --jsonargs       remaining arguments are JSON arguments, not files;\n"
                 "  --               terminates argument processing;\n\n"
                 "Named arguments are also available as $ARGS.named[], while\n"
                 "positional arguments are available as $ARGS.positional[].\n"
                 "\nSee the manpage for more options.\n")

_SHORT = {"s": "slurp", "r": "raw-output", "c": "compact-output", "C": "color-output", "M": "monochrome-output",
          "a": "ascii-output", "S": "sort-keys", "R": "raw-input", "n": "null-input", "f": "from-file",
          "j": "join-output", "e": "exit-status", "h": "help", "V": "version"}
_FLAGS = set(_SHORT.values()) | {"tab", "unbuffered", "seq", "stream"}


class _Usage(Exception):
    def __init__(self, text: str, code: int = 2):
        super().__init__(text)
        self.text, self.code = text, code


class Options:
    def __init__(self):
        self.flags: set[str] = set()
        self.indent: int | str = 2
        self.program: str | None = None
        self.files: list[str] = []
        self.named: dict = {}
        self.positional: list = []


def parse_args(argv: list[str], stdin_terminal: bool) -> Options:
    o = Options()
    strings = json_args = done = False
    i = 0
    while i < len(argv):
        a = argv[i]
        optish = a.startswith("-") and len(a) > 1 and (a[1] == "-" or a[1].isalpha())
        if a == "--" and not done:
            if o.program is None:
                raise _Usage(_USAGE + "For a listing of options, use jq --help.\n")
            done = True
            i += 1
            continue
        if done or not optish:
            if o.program is None:
                o.program = a
            elif strings:
                o.positional.append(a)
            elif json_args:
                o.positional.append(_json_arg(a))
            else:
                o.files.append(a)
            i += 1
            continue
        if a.startswith("--"):
            name = a[2:]
            if name in _FLAGS:
                o.flags.add(name)
                if name == "tab":
                    o.indent = "\t"
                elif name == "compact-output":
                    o.indent = 0
            elif name == "indent":
                if i >= len(argv) - 1:
                    raise _Usage("jq: --indent takes one parameter\n" + _DIE)
                try:
                    n = int(argv[i + 1].strip() or "0")
                except ValueError:
                    n = 0
                if n < -1 or n > 7:
                    raise _Usage("jq: --indent takes a number between -1 and 7\n" + _DIE)
                o.indent = "\t" if n == -1 else n  # main.c: JV_PRINT_INDENT_FLAGS(-1) reads as a tab
                i += 1
            elif name in ("arg", "argjson", "slurpfile", "rawfile", "argfile"):
                if i >= len(argv) - 2:
                    example = {"arg": "varname value", "argjson": "varname text"}.get(name, "varname filename")
                    raise _Usage(f"jq: --{name} takes two parameters (e.g. --{name} {example})\n" + _DIE)
                var, val = argv[i + 1], argv[i + 2]
                if var not in o.named:
                    if name == "arg":
                        o.named[var] = val
                    elif name == "argjson":
                        try:
                            o.named[var] = reading.parse_one(val)
                        except reading.ParseError:
                            raise _Usage("jq: invalid JSON text passed to --argjson\n" + _DIE) from None
                    else:
                        o.named[var] = (name, val)  # read once the console's files are at hand
                i += 2
            elif name == "args":
                strings, json_args = True, False
            elif name == "jsonargs":
                strings, json_args = False, True
            else:
                raise _Usage(f"jq: Unknown option {a}\n" + _DIE)
            i += 1
            continue
        known = [c for c in a[1:] if c in _SHORT]
        if len(known) != len(a) - 1:
            raise _Usage(f"jq: Unknown option {a}\n" + _DIE)
        o.flags.update(_SHORT[c] for c in known)
        if "c" in known:  # each option changes the dump flags where it stands (main.c)
            o.indent = 0
        i += 1
    return o


def _json_arg(text: str):
    try:
        return reading.parse_one(text)
    except reading.ParseError:
        return None


_END = object()


class _Inputs:
    """The JSON texts of every input file in turn (util.c), with the position runtime errors name."""

    def __init__(self, sources: list[tuple[str, str]], open_input, raw: bool, slurp: bool):
        self._open = open_input
        self.position = "<unknown>"
        self.filename = None
        self.error: str | None = None
        self.error_reported = False
        self.produced = 0
        self._gen = self._values(sources, raw, slurp)

    def _texts(self, sources):
        for name, path in sources:
            text = self._open(path)
            if text is not None:
                yield name, text

    def _values(self, sources, raw, slurp):
        if raw:
            if slurp:
                text = "".join(t for _, t in self._texts(sources))
                self.position = f"{sources[-1][0]}:0" if sources else "<unknown>"
                yield text
                return
            for name, t in self._texts(sources):
                lines = t.split("\n")
                for n, line in enumerate(lines[:-1] if t.endswith("\n") else lines, 1):
                    if n == len(lines) and not line:
                        break
                    self.position, self.filename = f"{name}:{n}", name
                    yield line
            return
        slurped = []
        for name, t in self._texts(sources):
            self.filename = name
            try:
                self.position = f"{name}:0"
                for v, line in reading.values(t):
                    self.position = f"{name}:{line}"
                    self.produced += 1
                    if slurp:
                        slurped.append(v)
                    else:
                        yield v
            except reading.ParseError as e:
                self.error = str(e)
                return
        if slurp:
            yield slurped

    def next(self):
        """``input``: the next value; past the end jq 1.6 raises "break"; a bad text raises its parse error."""
        if self.error is None:
            v = next(self._gen, _END)
            if v is not _END:
                return v
        if self.error is not None and not self.error_reported:
            self.error_reported = True
            raise JqError(self.error)
        if self.produced:
            self.position = "<unknown>"
        raise JqError("break")

    def line(self) -> int:
        """util.c's current_line: newline-ended buffers read so far of the current file."""
        _, _, n = self.position.rpartition(":")
        return int(n) if n.isdigit() else 0

    def __iter__(self):
        while True:
            try:
                v = next(self._gen)
            except StopIteration:
                return
            yield v


def main(ctx, argv: list[str]) -> int:
    try:
        o = parse_args(argv, ctx.stdin_terminal)
    except _Usage as u:
        ctx.err(u.text)
        return u.code
    if "help" in o.flags:
        ctx.out(_USAGE + _OPTIONS_HELP)
        return 0
    if "version" in o.flags:
        ctx.out("jq-1.6\n")
        return 0
    if o.program is None:
        if not ctx.stdin_terminal:
            o.program = "."
        else:
            ctx.err(_USAGE + "For a listing of options, use jq --help.\n")
            return 2
    program = o.program
    if "from-file" in o.flags:
        text = files.read(ctx.cluster, program)
        if text is None:
            ctx.err(f"jq: error: Could not open {program}: No such file or directory\n")
            return 2
        program = text
    named = {}
    for var, val in o.named.items():
        if isinstance(val, tuple):
            which, path = val
            text = files.read(ctx.cluster, path)
            if text is None:
                ctx.err(f"jq: Bad JSON in --{which} {var} {path}: Could not open {path}: No such file or directory\n")
                return 2
            if which == "rawfile":
                named[var] = text
            else:
                try:
                    vals = [v for v, _ in reading.values(text)]
                except reading.ParseError as e:
                    ctx.err(f"jq: Bad JSON in --{which} {var} {path}: {e}\n")
                    return 2
                named[var] = vals[0] if which == "argfile" and len(vals) == 1 else vals
        else:
            named[var] = val
    try:
        ast = parsing.parse(program)
        undefined = undefined_names(ast, library.root_env())
    except RecursionError:
        # a recursive-descent parser runs out of Python stack long before bison's 10000 levels
        ctx.err("jq: error: this console's jq cannot parse a program nested this deeply\njq: 1 compile error\n")
        return 3
    except CompileError as e:
        errors = [(e.message, e.pos)] + e.also
        ctx.err("".join(compile_error_text(program, m, p, count=False) for m, p in errors)
                + f"jq: {len(errors)} compile {'errors' if len(errors) > 1 else 'error'}\n")
        return 3
    env = evaluating.Env(library.root_env())
    for var, val in named.items():
        env.vars[var] = val
    env.vars["ARGS"] = {"positional": o.positional, "named": dict(named)}
    undefined = [(msg, pos) for msg, pos in undefined if not _is_named_arg(msg, env)]
    if undefined:
        ctx.err("".join(compile_error_text(program, msg, pos, count=False) for msg, pos in undefined)
                + f"jq: {len(undefined)} compile {'errors' if len(undefined) > 1 else 'error'}\n")
        return 3

    failures: list[str] = []

    def open_input(name: str) -> str | None:
        """util.c opens each file when the reading reaches it, so its error comes in turn."""
        if name == "-":
            return ctx.stdin
        text = files.read(ctx.cluster, name)
        if text is None:
            msg = "Is a directory" if files.is_dir(ctx.cluster, name) else "No such file or directory"
            ctx.err(f"jq: error: Could not open {name}: {msg}\n")
            failures.append(name)
        return text

    sources = [(("<stdin>" if name == "-" else name), name) for name in (o.files or ["-"])]
    inputs = _Inputs(sources, open_input, "raw-input" in o.flags, "slurp" in o.flags)
    interp = evaluating.Interpreter(library.NATIVES, library.root_env(),
                                    env_vars=builtins.environment(ctx), err=ctx.err, now=ctx.now)
    interp.next_input = inputs.next
    interp.input_line = inputs.line
    interp.filename = None
    printer = _Printer(ctx, o)
    ret = 0
    if "null-input" in o.flags:
        ret = _process(interp, ast, env, None, printer, inputs, ctx)
    else:
        for value in inputs:
            interp.filename = inputs.filename
            ret = _process(interp, ast, env, value, printer, inputs, ctx)
            if ret == -1:
                break
        if inputs.error is not None and not inputs.error_reported:
            ctx.err(f"parse error: {inputs.error}\n")
            ret = 4
    if ret == -1:
        return 5
    if isinstance(ret, tuple):  # halt
        return ret[1]
    if failures:
        return 2
    if ret >= 10 and "exit-status" in o.flags:
        return ret - 10
    if ret >= 10:
        return 0
    return ret


class _Printer:
    def __init__(self, ctx, o: Options):
        self.ctx = ctx
        self.raw = "raw-output" in o.flags or "join-output" in o.flags
        self.newline = "" if "join-output" in o.flags else "\n"
        self.opts = dict(indent=o.indent, sort_keys="sort-keys" in o.flags, ascii_only="ascii-output" in o.flags,
                         color="color-output" in o.flags and "monochrome-output" not in o.flags)
        self.seq = "seq" in o.flags

    def print(self, v) -> None:
        if self.raw and isinstance(v, str):
            text = V.string_text(v, True) if self.opts["ascii_only"] else v
        else:
            text = ("\x1e" if self.seq else "") + V.dump(v, **self.opts)
        self.ctx.out(text + self.newline)


def _process(interp, ast, env, value, printer: _Printer, inputs: _Inputs, ctx):
    """main.c's process(): 14 none, 11 last false/null, 0 otherwise, 5 error; -1 stops (the bound)."""
    ret = 14
    try:
        for v, _ in interp.run(ast, env, value, None):
            printer.print(v)
            ret = 11 if v is None or v is False else 0
    except JqError as e:
        if e.value is None:
            return ret
        if isinstance(e.value, str):
            ctx.err(f"jq: error (at {inputs.position}): {e.value}\n")
        else:
            ctx.err(f"jq: error (at {inputs.position}) (not a string): {V.dump(e.value)}\n")
        return 5
    except library.Halt as h:
        if isinstance(h.message, str):
            ctx.err(h.message)
        elif h.message is not None:
            ctx.err(V.dump(h.message) + "\n")
        return ("halt", h.code)
    except evaluating.Budget:
        ctx.err(f"jq: error (at {inputs.position}): this console stops a jq program after "
                f"{evaluating.MAX_STEPS} steps (a generator without limit, such as range(1e9) or repeat, "
                "never ends here)\n")
        return -1
    except evaluating.Break:
        ctx.err(f"jq: error (at {inputs.position}): break\n")
        return 5
    except RecursionError:
        ctx.err(f"jq: error (at {inputs.position}): this console stops a jq program that recurses "
                "deeper than it can follow\n")
        return -1
    return ret


def compile_error_text(program: str, message: str, pos: int, count: bool = True) -> str:
    """locfile_locate: the message, the program's line where the error starts, padded to its column."""
    line_no = program.count("\n", 0, pos)
    start = program.rfind("\n", 0, pos) + 1
    end = program.find("\n", pos)
    line = program[start:] if end < 0 else program[start:end + 1]
    if "unexpected" in message:  # parser.y's yyerror
        message += " (Unix shell quoting issues?)"
    text = f"jq: error: {message} at <top-level>, line {line_no + 1}:\n{line}{' ' * (pos - start)}\n"
    return text + ("jq: 1 compile error\n" if count else "")


def _is_named_arg(msg: str, env) -> bool:
    """--arg/--argjson names are bound after parsing, so their $names are defined."""
    if not msg.startswith("$"):
        return False
    try:
        env.var(msg[1:].split(" ", 1)[0])
        return True
    except KeyError:
        return False


def undefined_names(ast, env) -> list[tuple[str, int]]:
    """The functions and variables the program names but never defines (jq's binding pass)."""
    out: list[tuple[str, int]] = []
    natives = library.NATIVES

    def walk(node, funcs: frozenset, vars_: frozenset):
        if not isinstance(node, tuple) or not node:
            return
        kind = node[0]
        if kind == "call":
            key = f"{node[1]}/{len(node[2])}"
            if key not in funcs and key not in natives and env.func(key) is None:
                out.append((f"{key} is not defined", node[3]))
            for a in node[2]:
                walk(a, funcs, vars_)
            return
        if kind == "var":
            name = node[1]
            if name not in vars_ and name not in ("ENV", "__loc__"):
                try:
                    env.var(name)
                except KeyError:
                    out.append((f"${name} is not defined", node[2]))
            return
        if kind == "def":
            name, params, body, rest = node[1], node[2], node[3], node[4]
            inner = funcs | {f"{name}/{len(params)}"} | {f"{p.lstrip('$')}/0" for p in params}
            walk(body, inner, vars_ | {p[1:] for p in params if p.startswith("$")})
            walk(rest, funcs | {f"{name}/{len(params)}"}, vars_)
            return
        if kind == "as":
            walk(node[1], funcs, vars_)
            walk(node[3], funcs, vars_ | _pattern_vars(node[2][0]))
            return
        if kind in ("reduce", "foreach"):
            walk(node[1], funcs, vars_)
            walk(node[3], funcs, vars_)
            bound = vars_ | _pattern_vars(node[2])
            for sub in node[4:]:
                walk(sub, funcs, bound)
            return
        if kind == "label":
            walk(node[2], funcs, vars_ | {"*label*" + node[1]})
            return
        if kind == "break":
            if "*label*" + node[1] not in vars_:
                out.append((f"$*label-{node[1]} is not defined", node[2]))
            return
        if kind == "str":
            for p in node[1]:
                walk(p, funcs, vars_)
            return
        if kind == "object":
            for k, v in node[1]:
                walk(k, funcs, vars_)
                walk(v, funcs, vars_)
            return
        for child in node[1:]:
            if isinstance(child, tuple):
                walk(child, funcs, vars_)
            elif isinstance(child, list):
                for c in child:
                    walk(c, funcs, vars_)

    walk(ast, frozenset(), frozenset())
    return out


def _pattern_vars(p) -> frozenset:
    if p[0] == "pvar":
        return frozenset({p[1]})
    if p[0] == "parray":
        return frozenset().union(*(_pattern_vars(x) for x in p[1]))
    out = set()
    for key, sub in p[1]:
        if key[0] == "var":
            out.add(key[1])
        if sub:
            out |= _pattern_vars(sub)
    return frozenset(out)
