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
from clusters.console.jq import binding, evaluating, library, options, parsing, reading
from clusters.console.jq import inputs as inputs_
from clusters.console.jq import values as V
from clusters.console.jq.lexing import CompileError
from clusters.console.jq.values import JqError


def main(ctx, argv: list[str]) -> int:
    try:
        o = options.parse_args(argv, ctx.stdin_terminal)
    except options.Usage as u:
        ctx.err(u.text)
        return u.code
    if "help" in o.flags:
        ctx.out(options.USAGE + options.OPTIONS_HELP)
        return 0
    if "version" in o.flags:
        ctx.out("jq-1.6\n")
        return 0
    if o.program is None:
        if not ctx.stdin_terminal:
            o.program = "."
        else:
            ctx.err(options.USAGE + "For a listing of options, use jq --help.\n")
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
        undefined = binding.undefined_names(ast, library.root_env())
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
    undefined = [(msg, pos) for msg, pos in undefined if not binding.is_named_arg(msg, env)]
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
    inputs = inputs_.Inputs(sources, open_input, "raw-input" in o.flags, "slurp" in o.flags)
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
    def __init__(self, ctx, o: options.Options):
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


def _process(interp, ast, env, value, printer: _Printer, inputs: inputs_.Inputs, ctx):
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
