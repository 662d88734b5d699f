"""jq 1.6's command line as src/main.c reads it: stacked short options (each applied where it stands,
so ``-c --tab`` and ``--tab -c`` differ), ``--arg``/``--argjson``/``--slurpfile``/``--rawfile``,
``--indent N``, ``--args``/``--jsonargs``, ``--``, and main.c's usage texts and refusals."""

from __future__ import annotations

from clusters.console.jq import reading


DIE = ("Use jq --help for help with command-line options,\n"
        "or see the jq manpage, or online docs  at https://stedolan.github.io/jq\n")
USAGE = ("jq - commandline JSON processor [version 1.6]\n"
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
OPTIONS_HELP = ("Some of the options include:\n"
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


class Usage(Exception):
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
                raise Usage(USAGE + "For a listing of options, use jq --help.\n")
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
                    raise Usage("jq: --indent takes one parameter\n" + DIE)
                try:
                    n = int(argv[i + 1].strip() or "0")
                except ValueError:
                    n = 0
                if n < -1 or n > 7:
                    raise Usage("jq: --indent takes a number between -1 and 7\n" + DIE)
                o.indent = "\t" if n == -1 else n  # main.c: JV_PRINT_INDENT_FLAGS(-1) reads as a tab
                i += 1
            elif name in ("arg", "argjson", "slurpfile", "rawfile", "argfile"):
                if i >= len(argv) - 2:
                    example = {"arg": "varname value", "argjson": "varname text"}.get(name, "varname filename")
                    raise Usage(f"jq: --{name} takes two parameters (e.g. --{name} {example})\n" + DIE)
                var, val = argv[i + 1], argv[i + 2]
                if var not in o.named:
                    if name == "arg":
                        o.named[var] = val
                    elif name == "argjson":
                        try:
                            o.named[var] = reading.parse_one(val)
                        except reading.ParseError:
                            raise Usage("jq: invalid JSON text passed to --argjson\n" + DIE) from None
                    else:
                        o.named[var] = (name, val)  # read once the console's files are at hand
                i += 2
            elif name == "args":
                strings, json_args = True, False
            elif name == "jsonargs":
                strings, json_args = False, True
            else:
                raise Usage(f"jq: Unknown option {a}\n" + DIE)
            i += 1
            continue
        known = [c for c in a[1:] if c in _SHORT]
        if len(known) != len(a) - 1:
            raise Usage(f"jq: Unknown option {a}\n" + DIE)
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
