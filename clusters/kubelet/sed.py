"""sed in the pods' shell: the substitute command, ``sed [-E|-r] [-e] 's/RE/REPLACEMENT/[g]' [FILE]``,
as GNU sed and busybox sed run it (the replicated MySQL page's ``sed -E 's/;$//g'``).

A basic regular expression (no -E) is read as POSIX says: ``\\(``, ``\\)``, ``\\{``, ``\\}``, ``\\+``
and ``\\?`` are the operators and the bare characters are themselves. In the replacement ``&`` is the
match and ``\\1``..``\\9`` its groups. Other sed commands are refused as sed refuses an unknown one.
"""
from __future__ import annotations

import re


def run(args: list, stdin: str, read) -> tuple[int, str]:
    """(status, output) of ``sed ARGS`` reading FILE through ``read(path)``, else stdin."""
    extended, scripts, files = False, [], []
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-E", "-r", "--regexp-extended"):
            extended = True
        elif a == "-e" and i + 1 < len(args):
            scripts.append(args[i + 1])
            i += 1
        elif a.startswith("-") and a != "-":
            return 1, f"sed: invalid option -- '{a.lstrip('-')[:1]}'\n"
        elif not scripts:
            scripts.append(a)
        else:
            files.append(a)
        i += 1
    commands = []
    for script in scripts:
        parsed = _substitution(script, extended)
        if isinstance(parsed, str):
            return 1, parsed
        commands.append(parsed)
    text = stdin
    if files:
        content = read(files[0])
        if content is None:
            return 2, f"sed: can't read {files[0]}: No such file or directory\n"
        text = content
    lines = text.split("\n")
    tail = lines.pop() if lines else ""
    out = []
    for line in lines + ([tail] if tail else []):
        for pattern, repl, count in commands:
            line = pattern.sub(repl, line, count=count)
        out.append(line)
    return 0, "\n".join(out) + ("\n" if lines else "")


def _substitution(script: str, extended: bool):
    """(compiled RE, replacement function, count) of ``s/RE/REPL/FLAGS``, or sed's error."""
    script = script.strip()
    if len(script) < 2 or script[0] != "s":
        return f"sed: -e expression #1, char 1: unknown command: `{script[:1]}'\n"
    delim = script[1]
    parts, cur, i = [], [], 2
    while i < len(script):
        c = script[i]
        if c == "\\" and i + 1 < len(script):
            cur.append(script[i:i + 2] if script[i + 1] != delim else delim)
            i += 2
            continue
        if c == delim:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(c)
        i += 1
    parts.append("".join(cur))
    if len(parts) < 3:
        return f"sed: -e expression #1, char {len(script)}: unterminated `s' command\n"
    pattern, repl, flags = parts[0], parts[1], parts[2]
    try:
        rx = re.compile(pattern if extended else _basic(pattern))
    except re.error:
        return "sed: -e expression #1, char 0: Invalid regular expression\n"
    return rx, _replacement(repl), 0 if "g" in flags else 1


def _basic(pattern: str) -> str:
    """A POSIX basic regular expression as Python writes the same."""
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            out.append(nxt if nxt in "(){}+?|" else pattern[i:i + 2])
            i += 2
            continue
        out.append("\\" + c if c in "(){}+?|" else c)
        i += 1
    return "".join(out)


def _replacement(repl: str):
    def expand(m):
        out, i = [], 0
        while i < len(repl):
            c = repl[i]
            if c == "\\" and i + 1 < len(repl):
                nxt = repl[i + 1]
                out.append(m.group(int(nxt)) or "" if nxt.isdigit() else "\n" if nxt == "n" else nxt)
                i += 2
                continue
            out.append(m.group(0) if c == "&" else c)
            i += 1
        return "".join(out)
    return expand
