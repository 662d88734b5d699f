"""The golden corpus: commands over prepared cluster states, output byte for byte.

Each ``golden/*.golden`` file names its state on the first line
(``# state: objects``) and holds cases::

    $ kubectl get cm
    > (continuation lines of a multi-line command, e.g. a heredoc)
    NAME   DATA   AGE
    ...
    [exit 0]

Cases run in order on one cluster per file, so a file can build on what an
earlier case did. Expected outputs follow the upstream printers they
cite (printers.go, describe.go, get.go, helpers.go, pflag, cobra) and, for
client-side output, the real kubectl 1.32. When another part of the
simulation changes on purpose, regenerate with ``GOLDEN_REGEN=1`` and read
the diff before committing it.
"""
from __future__ import annotations

import os
import re

import pytest

import sys

HERE = os.path.join(os.path.dirname(__file__), "golden")
sys.path.insert(0, HERE)
import golden_states as states  # noqa: E402
NO_NEWLINE = "[no newline]"


def parse(path: str):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    state = "fresh"
    cases = []
    i = 0
    if lines and lines[0].startswith("# state:"):
        state = lines[0].split(":", 1)[1].strip()
        i = 1
    while i < len(lines):
        line = lines[i]
        if not line.startswith("$ "):
            i += 1
            continue
        cmd = [line[2:]]
        i += 1
        while i < len(lines) and lines[i].startswith("> "):
            cmd.append(lines[i][2:])
            i += 1
        out = []
        while i < len(lines) and not re.fullmatch(r"\[exit \d+\]", lines[i]):
            out.append(lines[i])
            i += 1
        code = int(lines[i][6:-1]) if i < len(lines) else 0
        i += 1
        text = "\n".join(out)
        if text.endswith(NO_NEWLINE):
            text = text[: -len(NO_NEWLINE)]
        elif out:
            text += "\n"
        cases.append(("\n".join(cmd), text, code))
    return state, cases


def render(state: str, results) -> str:
    parts = [f"# state: {state}"]
    for cmd, text, code in results:
        lines = cmd.split("\n")
        parts.append("$ " + lines[0])
        parts.extend("> " + l for l in lines[1:])
        if text:
            parts.append(text[:-1] if text.endswith("\n") else text + NO_NEWLINE)
        parts.append(f"[exit {code}]")
    return "\n".join(parts) + "\n"


FILES = sorted(f for f in os.listdir(HERE) if f.endswith(".golden"))


@pytest.mark.parametrize("name", FILES)
def test_golden_corpus_prints_what_kubectl_prints(name):
    path = os.path.join(HERE, name)
    state, cases = parse(path)
    cluster = states.STATES[state]()
    results = []
    failures = []
    for cmd, expected, code in cases:
        out = cluster.run(cmd)
        results.append((cmd, out.text, out.exit_code))
        if (out.text, out.exit_code) != (expected, code):
            failures.append((cmd, expected, code, out.text, out.exit_code))
    if os.environ.get("GOLDEN_REGEN"):
        with open(path, "w", encoding="utf-8") as f:
            f.write(render(state, results))
        return
    assert cluster.bugs == []
    if failures:
        cmd, expected, code, got, got_code = failures[0]
        assert (got, got_code) == (expected, code), f"{len(failures)} case(s) differ; first: $ {cmd}"


def count_cases() -> int:
    return sum(len(parse(os.path.join(HERE, f))[1]) for f in FILES)
