"""The programs the console can run, in one table.

A program is a module-level function ``main(ctx, argv) -> int`` (``argv``
excludes the program's own name). It reads ``ctx.stdin`` (a string), writes
with ``ctx.out(text)`` and ``ctx.err(text)``, and returns its exit status
(``None`` means 0). It never raises for bad input: it prints the tool's own
error and returns non-zero. The shell decides where ``out`` and ``err`` go
(the terminal, the next stage of a pipe, a file), so a program never knows
whether it is piped, just as a real one would not care.

``PROGRAMS`` maps a command name to ``"module:function"``; modules are
imported on first use, so a program whose module does not exist yet is
simply "command not found". Adding a tool is adding one module and, if its
name is new, one line here (``etcdctl`` and ``sim`` are already listed).
"""
from __future__ import annotations

import importlib
from typing import Any, Callable

PROGRAMS: dict[str, str] = {
    # the tools this simulation is about
    "kubectl": "clusters.console.kubectl:main",
    "k": "clusters.console.kubectl:main",
    "etcdctl": "clusters.console.etcdctl:main",
    "sim": "clusters.console.sim:main",
    "wget": "clusters.console.webget:wget",  # the console host's GNU Wget (kubernetes.io's examples)
    "curl": "clusters.console.curl:main",  # the console host's curl (NodePorts, kubectl proxy)
    # shell builtins and small utilities
    "echo": "clusters.console.builtins:echo",
    "printf": "clusters.console.builtins:printf",
    "export": "clusters.console.builtins:export",
    "unset": "clusters.console.builtins:unset",
    "env": "clusters.console.builtins:env",
    "clear": "clusters.console.builtins:clear",
    "history": "clusters.console.builtins:history",
    "sleep": "clusters.console.builtins:sleep",
    "watch": "clusters.console.builtins:watch",
    "date": "clusters.console.builtins:date",
    "true": "clusters.console.builtins:true",
    ":": "clusters.console.builtins:true",
    "false": "clusters.console.builtins:false",
    "read": "clusters.console.builtins:read",
    "break": "clusters.console.builtins:break_",
    "continue": "clusters.console.builtins:continue_",
    "test": "clusters.console.conditions:test",
    "[": "clusters.console.conditions:bracket",
    "let": "clusters.console.arithmetic:let",
    # job control (jobs.py)
    "jobs": "clusters.console.jobs:jobs_builtin",
    "kill": "clusters.console.jobs:kill",
    "fg": "clusters.console.jobs:fg",
    "bg": "clusters.console.jobs:bg",
    "wait": "clusters.console.jobs:wait",
    "pwd": "clusters.console.builtins:pwd",
    "cd": "clusters.console.builtins:cd",
    "whoami": "clusters.console.builtins:whoami",
    "hostname": "clusters.console.builtins:hostname",
    "alias": "clusters.console.builtins:alias",
    "source": "clusters.console.builtins:source",
    ".": "clusters.console.builtins:source",
    "complete": "clusters.console.builtins:complete",
    "exit": "clusters.console.builtins:exit_",
    # files in the cluster's scratch directory
    "cat": "clusters.console.fileutils:cat",
    "ls": "clusters.console.fileutils:ls",
    "rm": "clusters.console.fileutils:rm",
    "cp": "clusters.console.fileutils:cp",
    "mv": "clusters.console.fileutils:mv",
    "touch": "clusters.console.fileutils:touch",
    "mkdir": "clusters.console.fileutils:mkdir",
    "tee": "clusters.console.fileutils:tee",
    "diff": "clusters.console.diffutils:main",  # GNU diffutils' diff (kubectl diff runs it)
    # text filters
    "grep": "clusters.console.textutils:grep",
    "egrep": "clusters.console.textutils:egrep",
    "head": "clusters.console.textutils:head",
    "tail": "clusters.console.textutils:tail",
    "wc": "clusters.console.textutils:wc",
    "sort": "clusters.console.textutils:sort",
    "uniq": "clusters.console.textutils:uniq",
    "cut": "clusters.console.textutils:cut",
    "awk": "clusters.console.awk:main",
    "tr": "clusters.console.textutils:tr",
    "sed": "clusters.console.textutils:sed",
    "base64": "clusters.console.textutils:base64_",
    "xargs": "clusters.console.textutils:xargs",
    "column": "clusters.console.textutils:column",
    "seq": "clusters.console.textutils:seq",
    "jq": "clusters.console.jq:main",  # Debian bookworm's jq 1.6 (clusters/console/jq/)
}

_cache: dict[str, Callable | None] = {}


def find(name: str) -> Callable | None:
    """The program called ``name``, or None when there is none (yet)."""
    if name in _cache:
        return _cache[name]
    target = PROGRAMS.get(name)
    fn = None
    if target:
        module, _, attr = target.partition(":")
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as e:
            if e.name != module:
                raise
            mod = None
        fn = getattr(mod, attr, None) if mod is not None else None
    _cache[name] = fn
    return fn


def names() -> list[str]:
    return sorted(n for n in PROGRAMS if find(n) is not None)


class Context:
    """What a running program sees: the cluster, the shell's variables, its stdin and its outputs."""

    def __init__(self, console: Any, stdin: str, out: Callable[[str], None], err: Callable[[str], None]):
        self.console = console
        self.cluster = console.cluster
        self.stdin = stdin
        # Its stdin is the learner's terminal (not piped or redirected), and whether the terminal
        # can stay with it after it returns: it ends the line typed, so nothing else waits
        # (kubectl exec -ti and run -ti attach the terminal to a shell in a pod then).
        self.stdin_terminal = False
        self.keeps_terminal = False
        self.input = None  # the shell's Input it reads from (read takes one line of it at a time)
        self._out = out
        self._err = err

    @property
    def env(self) -> dict:
        return self.cluster.env

    @property
    def now(self) -> float:
        """Epoch seconds of the cluster's virtual now."""
        return self.cluster.epoch + self.cluster.clock.now

    def out(self, text: str) -> None:
        if text:
            self._out(text)

    def err(self, text: str) -> None:
        if text:
            self._err(text)

    def tty(self, text: str) -> None:
        """What a background job prints (kubectl port-forward's lines): straight to the terminal,
        whatever this program's own output is piped or redirected to."""
        if text:
            (getattr(self.console, "terminal", None) or self._err)(text)

    def run(self, line: str, stdin: str = "") -> tuple[str, int]:
        """Run a nested command line (``watch``, ``xargs``) and capture its stdout."""
        return self.console.capture(line, stdin=stdin, err=self._err)
