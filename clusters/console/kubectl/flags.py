"""Command-line flags the way spf13/pflag parses them for kubectl.

Each verb's flags are read from its real ``--help`` text (``help/<verb>.txt``,
captured from kubectl 1.32): an ``Options:`` entry such as
``    -w, --watch=false:`` gives the shorthand, the long name, the default and,
from the default's shape, the type (``false``/``true`` bool, ``''`` string,
``[]`` slice, a number int, ``5m0s`` duration). So a verb accepts exactly
the flags the real one accepts, and ``--help`` and parsing never disagree.

Parsing follows pflag (github.com/spf13/pflag flag.go parseLongArg /
parseShortArg): ``--name=value``, ``--name value``, bare ``--bool``,
``-n value``, ``-nvalue``, ``-n=value``, grouped bool shorthands (``-it``),
flags interspersed with arguments, ``--`` ending flags. Error texts are
pflag's, which kubectl prints as ``error: <text>`` followed by
``See 'kubectl <verb> --help' for usage.`` (k8s.io/component-base/cli/run.go).
"""
from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field

from clusters import timeutil

HELP_DIR = os.path.join(os.path.dirname(__file__), "help")

# pflag NoOptDefVal: the value a flag takes when given bare (kubectl's cmdutil.AddDryRunFlag etc.).
NO_OPT_DEFAULTS = {"dry-run": "unchanged", "cascade": "background"}
# Flags declared as StringArray (no comma splitting) rather than StringSlice.
STRING_ARRAYS = {"rule", "annotation", "exec-env",  # create ingress, config set-credentials
                 "from-literal", "from-file", "from-env-file", "env", "annotations", "overrides",
                 "resource-name", "user", "group", "serviceaccount"}


class FlagError(Exception):
    """A pflag parse error; kubectl adds the "See ... --help" line."""


@dataclass
class Flag:
    name: str
    short: str = ""
    kind: str = "string"   # bool | string | int | float | duration | slice | array
    default: object = ""
    no_opt: str | None = None

    @property
    def label(self) -> str:
        return f"-{self.short}, --{self.name}" if self.short else f"--{self.name}"


_OPT_LINE = re.compile(r"^    (?:-(?P<short>\w), )?--(?P<name>[\w-]+)=(?P<default>.*):$")


def _kind_of(default: str, name: str) -> tuple[str, object]:
    if default in ("true", "false"):
        return "bool", default == "true"
    if default.startswith("[") and default.endswith("]"):
        inner = default[1:-1]
        vals = [v for v in inner.split(",") if v] if inner else []
        return ("array" if name in STRING_ARRAYS else "slice"), vals
    if default.startswith("'") and default.endswith("'"):
        return "string", default[1:-1]
    if re.fullmatch(r"-?\d+", default):
        return "int", int(default)
    if re.fullmatch(r"-?\d+\.\d+", default):
        return "float", float(default)
    if re.fullmatch(r"(\d+(\.\d+)?(h|m|s|ms|us|ns))+", default):
        return "duration", timeutil.parse_go_duration(default)
    return "string", default


@functools.lru_cache(maxsize=None)
def help_text(command_path: str) -> str | None:
    """The real ``kubectl <path> --help`` text; ``command_path`` like ``get`` or ``config view``."""
    fname = command_path.replace(" ", "_") + ".txt"
    p = os.path.join(HELP_DIR, fname)
    try:
        with open(p, encoding="utf-8") as f:
            return f.read()
    except OSError:
        return None


def flags_from_help(text: str) -> list[Flag]:
    out: list[Flag] = []
    in_opts = False
    for line in text.splitlines():
        if line.startswith("Options:") or line.startswith("The following options can be passed"):
            in_opts = True
            continue
        if in_opts and line.startswith("Usage:"):
            break
        if not in_opts:
            continue
        m = _OPT_LINE.match(line)
        if m:
            name = m.group("name")
            kind, default = _kind_of(m.group("default"), name)
            out.append(Flag(name, m.group("short") or "", kind, default, NO_OPT_DEFAULTS.get(name)))
    return out


@functools.lru_cache(maxsize=None)
def global_flags() -> tuple[Flag, ...]:
    text = help_text("_options") or ""
    flags = flags_from_help(text)
    return tuple(flags)


@functools.lru_cache(maxsize=None)
def command_flags(command_path: str) -> tuple[Flag, ...]:
    text = help_text(command_path)
    own = flags_from_help(text) if text else []
    return tuple(own)


def _parse_bool(flag: Flag, value: str) -> bool:
    if value in ("1", "t", "T", "TRUE", "true", "True"):
        return True
    if value in ("0", "f", "F", "FALSE", "false", "False"):
        return False
    raise FlagError(f'invalid argument "{value}" for "{flag.label}" flag: strconv.ParseBool: parsing "{value}": invalid syntax')


def _convert(flag: Flag, value: str):
    k = flag.kind
    if k == "bool":
        return _parse_bool(flag, value)
    if k == "int":
        if not re.fullmatch(r"[-+]?\d+", value.strip() if False else value):
            raise FlagError(f'invalid argument "{value}" for "{flag.label}" flag: strconv.ParseInt: parsing "{value}": invalid syntax')
        v = int(value)
        if abs(v) > 2 ** 63 - 1:
            raise FlagError(f'invalid argument "{value}" for "{flag.label}" flag: strconv.ParseInt: parsing "{value}": value out of range')
        return v
    if k == "float":
        try:
            return float(value)
        except ValueError:
            raise FlagError(f'invalid argument "{value}" for "{flag.label}" flag: strconv.ParseFloat: parsing "{value}": invalid syntax')
    if k == "duration":
        try:
            return timeutil.parse_go_duration(value)
        except ValueError as e:
            raise FlagError(f'invalid argument "{value}" for "{flag.label}" flag: {e}')
    return value


class Options:
    """Parsed flag values: ``opts.namespace``, ``opts.get("show-labels")``, ``opts.changed("output")``."""

    def __init__(self, flags: dict[str, Flag]):
        self._flags = flags
        self._values: dict[str, object] = {}
        self._changed: set[str] = set()
        for name, f in flags.items():
            self._values[name] = list(f.default) if isinstance(f.default, list) else f.default

    def set(self, flag: Flag, raw: str) -> None:
        v = _convert(flag, raw)
        if flag.kind in ("slice", "array"):
            cur = self._values[flag.name] if flag.name in self._changed else []
            if flag.kind == "slice":
                parts = [p for p in _csv(raw)]
            else:
                parts = [raw]
            self._values[flag.name] = list(cur) + parts  # type: ignore[operator]
        else:
            self._values[flag.name] = v
        self._changed.add(flag.name)

    def get(self, name: str, default=None):
        return self._values.get(name, default)

    def put(self, name: str, value) -> None:
        self._values[name] = value

    def changed(self, name: str) -> bool:
        return name in self._changed

    def has(self, name: str) -> bool:
        return name in self._flags

    def __getattr__(self, attr: str):
        if attr.startswith("_"):
            raise AttributeError(attr)
        name = attr.replace("_", "-")
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(attr) from None


def _csv(raw: str) -> list[str]:
    """pflag stringSlice reads its value as one CSV record."""
    if raw == "":
        return []
    if '"' not in raw:
        return raw.split(",")
    import csv

    try:
        return next(csv.reader([raw]))
    except (csv.Error, StopIteration):
        return raw.split(",")


@dataclass
class Parsed:
    options: Options
    args: list[str] = field(default_factory=list)
    # Index in ``args`` where "--" appeared (cobra ArgsLenAtDash), or -1.
    dash: int = -1


def parse(argv: list[str], flags: list[Flag] | tuple[Flag, ...]) -> Parsed:
    by_name = {f.name: f for f in flags}
    by_short = {f.short: f for f in flags if f.short}
    opts = Options(by_name)
    args: list[str] = []
    dash = -1
    i = 0
    n = len(argv)
    while i < n:
        a = argv[i]
        i += 1
        if a == "--":
            dash = len(args)
            args.extend(argv[i:])
            break
        if a.startswith("--") and len(a) > 2:
            body = a[2:]
            name, eq, value = body.partition("=")
            if name.startswith("-") or name.startswith("="):
                raise FlagError(f"bad flag syntax: {a}")
            # cliflag.WordSepNormalizeFunc: underscores are accepted for dashes
            f = by_name.get(name) or by_name.get(name.replace("_", "-"))
            if f is None:
                if name == "help":
                    raise HelpRequested()
                raise FlagError(f"unknown flag: --{name}")
            if eq:
                opts.set(f, value)
            elif f.kind == "bool":
                opts.set(f, "true")
            elif f.no_opt is not None:
                opts.set(f, f.no_opt)
            elif i < n:
                opts.set(f, argv[i])
                i += 1
            else:
                raise FlagError(f"flag needs an argument: --{name}")
            continue
        if a.startswith("-") and len(a) > 1:
            shorts = a[1:]
            j = 0
            while j < len(shorts):
                c = shorts[j]
                f = by_short.get(c)
                if f is None:
                    if c == "h":
                        raise HelpRequested()
                    raise FlagError(f"unknown shorthand flag: '{c}' in -{shorts}")
                rest = shorts[j + 1:]
                if rest.startswith("="):
                    opts.set(f, rest[1:])
                    break
                if f.kind == "bool":
                    opts.set(f, "true")
                    j += 1
                    continue
                if f.no_opt is not None:
                    opts.set(f, f.no_opt)
                    j += 1
                    continue
                if rest:
                    opts.set(f, rest)
                    break
                if i < n:
                    opts.set(f, argv[i])
                    i += 1
                    break
                raise FlagError(f"flag needs an argument: '{c}' in -{shorts}")
            continue
        args.append(a)
    return Parsed(opts, args, dash)


class HelpRequested(Exception):
    pass
