"""The text filters tutorials pipe kubectl into: grep, head, tail, wc, sort,
uniq, cut, tr, sed, base64, xargs, column (awk lives in ``awk.py``).

Options and messages follow GNU grep/coreutils/sed; sorting is bytewise
(``LC_ALL=C``), which is what a container's shell gives. Each reads its
files from the scratch directory or, with none, its stdin.
"""
from __future__ import annotations

import base64 as _b64
import re

from clusters.console import files
from clusters.strings import isdigits


class _Usage(Exception):
    pass


def _opts(prog: str, argv: list[str], with_value: str, long_map: dict[str, str] | None = None):
    """getopt-like: returns (opts list of (flag, value)), args). Digits-only short flags (-5) become ('#', '5')."""
    opts: list[tuple[str, str]] = []
    args: list[str] = []
    i = 0
    long_map = long_map or {}
    while i < len(argv):
        a = argv[i]
        if a == "--":
            args.extend(argv[i + 1:])
            break
        if a.startswith("--") and len(a) > 2:
            name, eq, val = a[2:].partition("=")
            short = long_map.get(name)
            if short is None:
                raise _Usage(f"{prog}: unrecognized option '{a}'\nTry '{prog} --help' for more information.\n")
            if short in with_value and not eq:
                if i + 1 >= len(argv):
                    raise _Usage(f"{prog}: option '--{name}' requires an argument\nTry '{prog} --help' for more information.\n")
                i += 1
                val = argv[i]
            opts.append((short, val))
            i += 1
            continue
        if a.startswith("-") and len(a) > 1:
            if isdigits(a[1:]):
                opts.append(("#", a[1:]))
                i += 1
                continue
            j = 1
            while j < len(a):
                f = a[j]
                if f in with_value:
                    val = a[j + 1:]
                    if not val:
                        if i + 1 >= len(argv):
                            raise _Usage(f"{prog}: option requires an argument -- '{f}'\nTry '{prog} --help' for more information.\n")
                        i += 1
                        val = argv[i]
                    opts.append((f, val))
                    break
                opts.append((f, ""))
                j += 1
            i += 1
            continue
        args.append(a)
        i += 1
    return opts, args


def _inputs(ctx, prog: str, args: list[str]) -> tuple[list[tuple[str, str]], int]:
    """[(name, text)] for each file argument, or stdin."""
    if not args:
        return [("(standard input)", ctx.stdin)], 0
    out = []
    code = 0
    for a in args:
        if a == "-":
            out.append(("(standard input)", ctx.stdin))
            continue
        text = files.read(ctx.cluster, a)
        if text is None:
            msg = "Is a directory" if files.is_dir(ctx.cluster, a) else "No such file or directory"
            ctx.err(f"{prog}: {a}: {msg}\n")
            code = 2 if prog == "grep" else 1
            continue
        out.append((a, text))
    return out, code


def _lines(text: str) -> list[str]:
    return text.splitlines()


def _join(lines: list[str]) -> str:
    return "".join(l + "\n" for l in lines)


# -- grep ------------------------------------------------------------------------

_GREP_LONG = {"ignore-case": "i", "invert-match": "v", "extended-regexp": "E", "count": "c", "word-regexp": "w",
              "only-matching": "o", "line-number": "n", "regexp": "e", "fixed-strings": "F", "quiet": "q",
              "silent": "q", "files-with-matches": "l", "after-context": "A", "before-context": "B",
              "context": "C", "max-count": "m", "no-filename": "h", "with-filename": "H", "color": "_", "colour": "_"}


def _bre_to_python(p: str, extended: bool) -> str:
    """POSIX BRE/ERE to Python re: in BRE, \\| \\+ \\? \\( \\) are the operators and | + ? ( ) are literal."""
    if extended:
        return p.replace("[[:space:]]", r"\s").replace("[[:digit:]]", r"\d").replace("[[:alpha:]]", "[A-Za-z]").replace("[[:alnum:]]", "[A-Za-z0-9]").replace("[[:upper:]]", "[A-Z]").replace("[[:lower:]]", "[a-z]")
    out = []
    i = 0
    while i < len(p):
        c = p[i]
        if c == "[":
            # A bracket expression is copied whole: ^ $ ( ) inside it are not operators.
            j = i + 1 + (p[i + 1:i + 2] == "^")
            j += p[j:j + 1] == "]"
            j = p.find("]", j)
            if j < 0:
                out.append(p[i:])
                break
            out.append(p[i:j + 1])
            i = j + 1
            continue
        if c == "\\" and i + 1 < len(p):
            n = p[i + 1]
            if n in "|+?(){}":
                out.append(n)
            else:
                out.append(c + n)
            i += 2
            continue
        if c == "$" and not (i == len(p) - 1 or p.startswith("\\)", i + 1) or p.startswith("\\|", i + 1)):
            out.append("\\$")  # GNU BRE: $ anchors only at the end of the pattern or a group
        elif c == "^" and not (i == 0 or p.endswith("\\(", 0, i) or p.endswith("\\|", 0, i)):
            out.append("\\^")  # and ^ only at its start
        elif c in "|+?(){}":
            out.append("\\" + c)
        else:
            out.append(c)
        i += 1
    return _bre_to_python("".join(out), True)


def grep(ctx, argv, extended: bool = False):
    try:
        opts, args = _opts("grep", argv, "eABCm", _GREP_LONG)
    except _Usage as e:
        ctx.err(str(e).replace("Try 'grep --help'", "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help'"))
        return 2
    flags = {f for f, _ in opts}
    patterns = [v for f, v in opts if f == "e"]
    if not patterns:
        if not args:
            ctx.err("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n")
            return 2
        patterns = args[0].split("\n")
        args = args[1:]
    extended = extended or "E" in flags
    max_count = None
    for f, v in opts:
        if f == "m":
            try:
                max_count = int(v)
            except ValueError:
                ctx.err(f"grep: invalid max count\n")
                return 2
    try:
        parts = []
        for p in patterns:
            if "F" in flags:
                q = re.escape(p)
            else:
                q = _bre_to_python(p, extended)
            if "w" in flags:
                q = rf"(?<![\w])(?:{q})(?![\w])"
            parts.append(q)
        rx = re.compile("|".join(f"(?:{q})" for q in parts), re.IGNORECASE if "i" in flags else 0)
    except re.error:
        ctx.err("grep: Unmatched ( or \\(\n" if "(" in "".join(patterns) else "grep: Invalid regular expression\n")
        return 2
    inputs, code = _inputs(ctx, "grep", args)
    show_name = ("H" in flags or len(args) > 1) and "h" not in flags
    invert = "v" in flags
    matched_any = False
    out: list[str] = []
    after = before = 0
    for f, v in opts:
        if f in ("A", "B", "C"):
            try:
                k = int(v)
            except ValueError:
                ctx.err(f"grep: {v}: invalid context length argument\n")
                return 2
            if f in ("A", "C"):
                after = k
            if f in ("B", "C"):
                before = k
    context = (after or before) and not ({"c", "l", "q", "o"} & flags)
    for name, text in inputs:
        count = 0
        lines = _lines(text)
        printed_upto = 0  # 1-based index of the last line printed
        pending_after = 0
        for n, line in enumerate(lines, 1):
            hit = rx.search(line) is not None
            if hit == invert:
                if context and pending_after > 0:
                    out.append((f"{name}-" if show_name else "") + (f"{n}-" if "n" in flags else "") + line)
                    printed_upto = n
                    pending_after -= 1
                continue
            count += 1
            matched_any = True
            if "q" in flags:
                return 0
            if "c" in flags or "l" in flags:
                if max_count is not None and count >= max_count:
                    break
                continue
            if context:
                start = max(printed_upto + 1, n - before)
                if printed_upto and start > printed_upto + 1:
                    out.append("--")
                for k in range(start, n):
                    out.append((f"{name}-" if show_name else "") + (f"{k}-" if "n" in flags else "") + lines[k - 1])
                pending_after = after
                printed_upto = n
            prefix = (f"{name}:" if show_name else "") + (f"{n}:" if "n" in flags else "")
            if "o" in flags and not invert:
                for m in rx.finditer(line):
                    if m.group(0):
                        out.append(prefix + m.group(0))
            else:
                out.append(prefix + line)
            if max_count is not None and count >= max_count:
                break
        if "c" in flags:
            out.append((f"{name}:" if show_name else "") + str(count))
        elif "l" in flags and count:
            out.append(name)
    ctx.out(_join(out))
    if code:
        return code
    return 0 if matched_any else 1


def egrep(ctx, argv):
    return grep(ctx, argv, extended=True)


# -- head / tail --------------------------------------------------------------------

def _count_arg(prog: str, opts) -> tuple[int, bool, bool]:
    """(n, from_start '+N', bytes)"""
    n, plus, by_bytes = 10, False, False
    for f, v in opts:
        if f in ("n", "c", "#"):
            by_bytes = f == "c"
            v = v.strip()
            if v.startswith("+"):
                plus = True
                v = v[1:]
            elif v.startswith("-"):
                v = v[1:]
            m = re.fullmatch(r"(\d+)([kKmMbB]?)", v)
            if not m:
                what = "bytes" if by_bytes else "lines"
                raise _Usage(f"{prog}: invalid number of {what}: '{v}'\n")
            n = int(m.group(1)) * {"": 1, "k": 1024, "K": 1024, "m": 1 << 20, "M": 1 << 20, "b": 512, "B": 512}[m.group(2)]
    return n, plus, by_bytes


def head(ctx, argv):
    try:
        opts, args = _opts("head", argv, "nc", {"lines": "n", "bytes": "c", "quiet": "q", "silent": "q"})
        n, _, by_bytes = _count_arg("head", opts)
    except _Usage as e:
        ctx.err(str(e))
        return 1
    negative = any(f == "n" and v.startswith("-") for f, v in opts)
    inputs, code = _inputs(ctx, "head", args)
    for name, text in inputs:
        if len(inputs) > 1:
            ctx.out(f"==> {name} <==\n")
        if by_bytes:
            ctx.out(text[:n])
            continue
        lines = text.splitlines(keepends=True)
        ctx.out("".join(lines[:-n] if negative and n else ([] if negative else lines[:n])) if negative else "".join(lines[:n]))
    return code


def tail(ctx, argv):
    try:
        opts, args = _opts("tail", argv, "ncs", {"lines": "n", "bytes": "c", "follow": "f", "quiet": "q"})
        n, plus, by_bytes = _count_arg("tail", [(f, v) for f, v in opts if f != "s"])
    except _Usage as e:
        ctx.err(str(e))
        return 1
    inputs, code = _inputs(ctx, "tail", args)
    for name, text in inputs:
        if len(inputs) > 1:
            ctx.out(f"==> {name} <==\n")
        if by_bytes:
            ctx.out(text[n - 1:] if plus else (text[-n:] if n else ""))
            continue
        lines = text.splitlines(keepends=True)
        if plus:
            ctx.out("".join(lines[max(n - 1, 0):]))
        else:
            ctx.out("".join(lines[-n:]) if n else "")
    return code


# -- wc ------------------------------------------------------------------------------

def wc(ctx, argv):
    try:
        opts, args = _opts("wc", argv, "", {"lines": "l", "words": "w", "bytes": "c", "chars": "m"})
    except _Usage as e:
        ctx.err(str(e))
        return 1
    for f, _ in opts:
        if f not in ("l", "w", "c", "m"):  # GNU wc's getopt message
            ctx.err(f"wc: invalid option -- '{f}'\nTry 'wc --help' for more information.\n")
            return 1
    flags = [f for f, _ in opts] or ["l", "w", "c"]
    inputs, code = _inputs(ctx, "wc", args)
    rows = []
    totals = {"l": 0, "w": 0, "c": 0, "m": 0}
    for name, text in inputs:
        counts = {"l": text.count("\n"), "w": len(text.split()), "c": len(text.encode()), "m": len(text)}
        for k in totals:
            totals[k] += counts[k]
        rows.append(([counts[f] for f in ("l", "w", "m", "c") if f in flags], name if args else ""))
    if len(inputs) > 1:
        rows.append(([totals[f] for f in ("l", "w", "m", "c") if f in flags], "total"))
    single = len(flags) == 1 and not args
    width = 1 if single else max(len(str(v)) for r in rows for v in r[0]) if rows else 1
    if not args and not single:
        width = max(width, 7)
    for vals, name in rows:
        line = " ".join(f"{v:>{width}}" for v in vals)
        ctx.out(line + (f" {name}" if name else "") + "\n")
    return code


# -- sort / uniq ---------------------------------------------------------------------------

def _num_prefix(s: str) -> float:
    m = re.match(r"\s*(-?\d+(?:\.\d+)?)", s)
    return float(m.group(1)) if m else 0.0


_HUMAN = {"": 1, "K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "k": 1e3, "Ki": 1024, "Mi": 1024 ** 2, "Gi": 1024 ** 3}


def _human_prefix(s: str) -> float:
    m = re.match(r"\s*(-?\d+(?:\.\d+)?)([KMGTk]?)", s)
    return float(m.group(1)) * _HUMAN.get(m.group(2), 1) if m else 0.0


def sort(ctx, argv):
    try:
        opts, args = _opts("sort", argv, "ktTo", {"numeric-sort": "n", "reverse": "r", "key": "k", "unique": "u",
                                                  "field-separator": "t", "human-numeric-sort": "h", "ignore-case": "f",
                                                  "version-sort": "V"})
    except _Usage as e:
        ctx.err(str(e))
        return 2
    flags = {f for f, _ in opts}
    sep = None
    keys: list[tuple[int, int | None, str]] = []
    for f, v in opts:
        if f == "t":
            sep = v
        elif f == "k":
            m = re.fullmatch(r"(\d+)(?:\.\d+)?([a-zA-Z]*)(?:,(\d+)(?:\.\d+)?([a-zA-Z]*))?", v)
            if not m or int(m.group(1)) == 0:
                ctx.err(f"sort: invalid number at field start: invalid count at start of '{v}'\n")
                return 2
            keys.append((int(m.group(1)), int(m.group(3)) if m.group(3) else None, (m.group(2) or "") + (m.group(4) or "")))
    inputs, code = _inputs(ctx, "sort", args)
    lines: list[str] = []
    for _, text in inputs:
        lines.extend(_lines(text))

    def fields(line: str) -> list[str]:
        if sep is not None:
            return line.split(sep)
        # default: blank-separated fields keep their leading blanks (POSIX); compare stripped
        return re.findall(r"\s*\S+", line)

    def keyfunc_text(line: str, kflags: str) -> object:
        numeric = "n" in kflags or ("n" in flags and not kflags)
        human = "h" in kflags or ("h" in flags and not kflags)
        fold = "f" in kflags or "f" in flags
        t = line
        if human:
            return _human_prefix(t)
        if numeric:
            return _num_prefix(t)
        t = t.strip() if keys else t
        return t.lower() if fold else t

    def key(line: str):
        if not keys:
            return (keyfunc_text(line, ""), line)
        parts = []
        fs = fields(line)
        for start, end, kflags in keys:
            seg = fs[start - 1:(end if end else len(fs))]
            joined = (sep or "").join(seg) if sep is not None else "".join(seg)
            parts.append(keyfunc_text(joined, kflags))
        parts.append(line)
        return tuple(parts)

    lines.sort(key=key, reverse="r" in flags)
    if "u" in flags:
        seen = set()
        uniq_lines = []
        for l in lines:
            k = key(l)[:-1] if keys else (keyfunc_text(l, ""),)
            if k in seen:
                continue
            seen.add(k)
            uniq_lines.append(l)
        lines = uniq_lines
    ctx.out(_join(lines))
    return code


def uniq(ctx, argv):
    try:
        opts, args = _opts("uniq", argv, "fs", {"count": "c", "repeated": "d", "unique": "u", "ignore-case": "i"})
    except _Usage as e:
        ctx.err(str(e))
        return 1
    flags = {f for f, _ in opts}
    inputs, code = _inputs(ctx, "uniq", args[:1])
    lines = _lines(inputs[0][1]) if inputs else []
    groups: list[list] = []
    for l in lines:
        k = l.lower() if "i" in flags else l
        if groups and groups[-1][0] == k:
            groups[-1][2] += 1
        else:
            groups.append([k, l, 1])
    out = []
    for _, l, n in groups:
        if "d" in flags and n < 2:
            continue
        if "u" in flags and n > 1:
            continue
        out.append(f"{n:7d} {l}" if "c" in flags else l)
    ctx.out(_join(out))
    return code


# -- cut / tr / column -------------------------------------------------------------------------

def _ranges(spec: str) -> list[tuple[int, int | None]]:
    out = []
    for part in spec.split(","):
        m = re.fullmatch(r"(\d*)(-?)(\d*)", part)
        if not m or (not m.group(1) and not m.group(3)) or (m.group(1) == "0"):
            raise _Usage("cut: fields are numbered from 1\nTry 'cut --help' for more information.\n" if m and m.group(1) == "0"
                         else f"cut: invalid field value '{part}'\nTry 'cut --help' for more information.\n")
        a = int(m.group(1)) if m.group(1) else 1
        if m.group(2):
            b = int(m.group(3)) if m.group(3) else None
        else:
            b = a
        out.append((a, b))
    return out


def cut(ctx, argv):
    try:
        opts, args = _opts("cut", argv, "dfcb", {"delimiter": "d", "fields": "f", "characters": "c", "bytes": "b",
                                                 "only-delimited": "s"})
        d = {f: v for f, v in opts}
        if "f" not in d and "c" not in d and "b" not in d:
            raise _Usage("cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n")
        delim = d.get("d", "\t")
        if len(delim) != 1:
            raise _Usage("cut: the delimiter must be a single character\nTry 'cut --help' for more information.\n")
        ranges = _ranges(d.get("f") or d.get("c") or d.get("b") or "")
    except _Usage as e:
        ctx.err(str(e))
        return 1
    inputs, code = _inputs(ctx, "cut", args)
    out = []

    def pick(items: list[str]) -> list[str]:
        chosen = []
        for idx in range(1, len(items) + 1):
            if any(a <= idx and (b is None or idx <= b) for a, b in ranges):
                chosen.append(items[idx - 1])
        return chosen

    for _, text in inputs:
        for line in _lines(text):
            if "f" in d:
                if delim not in line:
                    if "s" not in d:
                        out.append(line)
                    continue
                out.append(delim.join(pick(line.split(delim))))
            else:
                out.append("".join(pick(list(line))))
    ctx.out(_join(out))
    return code


def _tr_set(s: str) -> str:
    s = s.replace("[:upper:]", "A-Z").replace("[:lower:]", "a-z").replace("[:digit:]", "0-9").replace("[:space:]", " \t\n\r\v\f").replace("[:alpha:]", "A-Za-z").replace("[:alnum:]", "A-Za-z0-9")
    s = re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r", "\\": "\\"}.get(m.group(1), m.group(1)), s)
    out = []
    i = 0
    while i < len(s):
        if i + 2 < len(s) and s[i + 1] == "-":
            a, b = ord(s[i]), ord(s[i + 2])
            if a <= b:
                out.extend(chr(c) for c in range(a, min(b, a + 1000) + 1))
                i += 3
                continue
        out.append(s[i])
        i += 1
    return "".join(out)


def tr(ctx, argv):
    try:
        opts, args = _opts("tr", argv, "", {"delete": "d", "squeeze-repeats": "s", "complement": "c"})
    except _Usage as e:
        ctx.err(str(e))
        return 1
    flags = {f for f, _ in opts}
    if not args:
        ctx.err("tr: missing operand\nTry 'tr --help' for more information.\n")
        return 1
    a = _tr_set(args[0])
    text = ctx.stdin
    if "d" in flags:
        if "c" in flags:
            text = "".join(ch for ch in text if ch in a)
        else:
            text = "".join(ch for ch in text if ch not in a)
        if "s" in flags and len(args) > 1:
            text = _squeeze(text, _tr_set(args[1]))
        ctx.out(text)
        return 0
    if len(args) < 2:
        if "s" in flags:
            ctx.out(_squeeze(text, a))
            return 0
        ctx.err(f"tr: missing operand after '{args[0]}'\nTwo strings must be given when translating.\nTry 'tr --help' for more information.\n")
        return 1
    b = _tr_set(args[1])
    if b:
        b = b + b[-1] * max(0, len(a) - len(b))
        text = text.translate({ord(x): b[i] for i, x in reversed(list(enumerate(a)))})
    if "s" in flags:
        text = _squeeze(text, b)
    ctx.out(text)
    return 0


def _squeeze(text: str, chars: str) -> str:
    out = []
    for ch in text:
        if out and out[-1] == ch and ch in chars:
            continue
        out.append(ch)
    return "".join(out)


def column(ctx, argv):
    try:
        opts, args = _opts("column", argv, "sco", {"table": "t", "separator": "s"})
    except _Usage as e:
        ctx.err(str(e))
        return 1
    d = dict(opts)
    inputs, code = _inputs(ctx, "column", args)
    text = "".join(t for _, t in inputs)
    if "t" not in d:
        ctx.out(text)
        return code
    sep = d.get("s")
    rows = [(l.split(sep) if sep else l.split()) for l in _lines(text) if l.strip()]
    widths: list[int] = []
    for r in rows:
        for i, c in enumerate(r):
            if i >= len(widths):
                widths.append(0)
            widths[i] = max(widths[i], len(c))
    for r in rows:
        ctx.out("  ".join(c.ljust(widths[i]) if i < len(r) - 1 else c for i, c in enumerate(r)) + "\n")
    return code


# -- sed -------------------------------------------------------------------------------------

_SED_ADDRESS = r"(\d+|\$|/(?:[^/\\]|\\.)*/)"


def _sed_address(a: str) -> tuple:
    return ("line", int(a)) if isdigits(a) else ("last", None) if a == "$" else ("re", re.compile(_bre_to_python(a[1:-1], False)))


def _sed_script(script: str):
    """Commands: [addr[,addr]]s/re/rep/flags, d, p, q; addresses: N, $, /re/. A range ``a1,a2`` (GNU
    sed's match_address_p) starts at a line a1 matches and ends at the next line after it that a2
    matches (a line number at or before the start ends it there)."""
    cmds = []
    for piece in re.split(r";\s*|\n", script):
        piece = piece.strip()
        if not piece:
            continue
        addr = None
        m = re.match(_SED_ADDRESS + r"(?:," + _SED_ADDRESS + r")?(.*)", piece)
        if m and not piece.startswith("s"):
            addr = _sed_address(m.group(1))
            if m.group(2):
                addr = ("range", (addr, _sed_address(m.group(2))))
            piece = m.group(3).strip()
        if piece.startswith("s") and len(piece) > 1:
            d = piece[1]
            parts = []
            cur = []
            i = 2
            while i < len(piece):
                c = piece[i]
                if c == "\\" and i + 1 < len(piece):
                    if piece[i + 1] == d:
                        cur.append(d)
                    else:
                        cur.append(c + piece[i + 1])
                    i += 2
                    continue
                if c == d:
                    parts.append("".join(cur))
                    cur = []
                    i += 1
                    continue
                cur.append(c)
                i += 1
            parts.append("".join(cur))
            if len(parts) < 3:
                raise _Usage(f"sed: -e expression #1, char {len(piece)}: unterminated `s' command\n")
            pat, rep, fl = parts[0], parts[1], parts[2]
            rep = re.sub(r"\\(\d)", r"\\g<\1>", rep.replace("&", "\\g<0>").replace("\\\\g<0>", "&"))
            flags = re.IGNORECASE if ("I" in fl or "i" in fl) else 0
            try:
                rx = re.compile(_bre_to_python(pat, False), flags)
            except re.error:
                raise _Usage("sed: -e expression #1, char 0: Invalid regular expression\n")
            cmds.append((addr, "s", (rx, rep, "g" in fl, "p" in fl)))
        elif piece in ("d", "p", "q"):
            cmds.append((addr, piece, None))
        else:
            raise _Usage(f"sed: -e expression #1, char {len(piece)}: unknown command: `{piece[:1]}'\n")
    return cmds


def sed(ctx, argv):
    try:
        opts, args = _opts("sed", argv, "e", {"expression": "e", "quiet": "n", "silent": "n", "in-place": "i",
                                              "regexp-extended": "E"})
        flags = {f for f, _ in opts}
        scripts = [v for f, v in opts if f == "e"]
        if not scripts:
            if not args:
                raise _Usage("Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n")
            scripts = [args[0]]
            args = args[1:]
        cmds = _sed_script("\n".join(scripts))
    except _Usage as e:
        ctx.err(str(e))
        return 1
    inputs, code = _inputs(ctx, "sed", args)
    for name, text in inputs:
        lines = _lines(text)
        out = []
        active: set[int] = set()  # the ranges (by command index) open at this line

        def matches(a, n, line) -> bool:
            kind, v = a
            return (kind == "line" and n == v) or (kind == "last" and n == len(lines)) or \
                (kind == "re" and v.search(line) is not None)

        for n, line in enumerate(lines, 1):
            deleted = False
            quit_ = False
            for i, (addr, op, data) in enumerate(cmds):
                if addr is not None and addr[0] == "range":
                    first, last = addr[1]
                    if i in active:
                        if matches(last, n, line) or (last[0] == "line" and n >= last[1]):
                            active.discard(i)
                    elif matches(first, n, line):
                        if not (last[0] == "line" and last[1] <= n):
                            active.add(i)
                    else:
                        continue
                elif addr is not None and not matches(addr, n, line):
                    continue
                if op == "s":
                    rx, rep, g, p = data
                    try:
                        new, k = rx.subn(rep, line, count=0 if g else 1)
                    except (re.error, IndexError):
                        ctx.err("sed: -e expression #1: invalid reference on `s' command's RHS\n")
                        return 1
                    line = new
                    if p and k:
                        out.append(line)
                elif op == "d":
                    deleted = True
                    break
                elif op == "p":
                    out.append(line)
                elif op == "q":
                    quit_ = True
            if not deleted and "n" not in flags:
                out.append(line)
            if quit_:
                break
        result = _join(out)
        if "i" in flags and name != "(standard input)":
            files.write(ctx.cluster, name, result)
        else:
            ctx.out(result)
    return code


# -- base64 ----------------------------------------------------------------------------------

def base64_(ctx, argv):
    try:
        opts, args = _opts("base64", argv, "w", {"decode": "d", "wrap": "w", "ignore-garbage": "i"})
    except _Usage as e:
        ctx.err(str(e))
        return 1
    d = dict(opts)
    inputs, code = _inputs(ctx, "base64", args[:1])
    if code:
        return code
    data = inputs[0][1]
    if "d" in d:
        raw = re.sub(r"\s+", "", data)
        try:
            decoded = _b64.b64decode(raw + "=" * (-len(raw) % 4), validate=True)
        except Exception:
            # gnulib base64_decode_ctx writes what it decoded before the bad character, a
            # group's first 2 or 3 characters giving 1 or 2 bytes (echo "c3R...zE2" prints "st")
            valid = re.match(r"[A-Za-z0-9+/]*", raw).group(0)
            cut = len(valid) - (len(valid) % 4 == 1)  # one character alone decodes to nothing
            ctx.out(_b64.b64decode(valid[:cut] + "=" * (-cut % 4)).decode("utf-8", errors="replace"))
            ctx.err("base64: invalid input\n")
            return 1
        ctx.out(decoded.decode("utf-8", errors="replace"))
        return 0
    enc = _b64.b64encode(data.encode()).decode()
    try:
        wrap = int(d.get("w", "76"))
    except ValueError:
        ctx.err(f"base64: invalid wrap size: '{d.get('w')}'\n")
        return 1
    if wrap > 0:
        enc = "\n".join(enc[i:i + wrap] for i in range(0, len(enc), wrap)) if enc else ""
    ctx.out(enc + "\n" if enc or wrap else enc)
    return 0


# -- xargs -----------------------------------------------------------------------------------

def xargs(ctx, argv):
    from clusters.console.shell import _quote_words, split_words

    i = 0
    per = None
    replace = None
    while i < len(argv) and argv[i].startswith("-"):
        a = argv[i]
        if a == "-n" and i + 1 < len(argv):
            try:
                per = max(1, int(argv[i + 1]))
            except ValueError:
                ctx.err(f"xargs: invalid number \"{argv[i + 1]}\" for -n option\n")
                return 1
            i += 2
            continue
        if a.startswith("-n") and isdigits(a[2:]):
            per = max(1, int(a[2:]))
        elif a == "-I" and i + 1 < len(argv):
            replace = argv[i + 1]
            i += 2
            continue
        elif a.startswith("-I") and len(a) > 2:
            replace = a[2:]
        elif a in ("-r", "--no-run-if-empty", "-t", "-0"):
            pass
        else:
            break
        i += 1
    command = argv[i:] or ["echo"]
    try:
        if replace is not None:
            items = [l for l in ctx.stdin.splitlines() if l.strip()]
        else:
            items = split_words(ctx.stdin.replace("\n", " "))
    except Exception:
        ctx.err("xargs: unmatched quote; by default quotes are special to xargs unless you use the -0 option\n")
        return 1
    if not items and replace is None and command[0] != "echo":
        # GNU xargs runs the command once even with no input (unless -r)
        if "-r" in argv[:i] or "--no-run-if-empty" in argv[:i]:
            return 0
    batches: list[list[str]]
    if replace is not None:
        batches = [[c.replace(replace, item) for c in command] for item in items]
    elif per:
        batches = [command + items[k:k + per] for k in range(0, len(items), per)] or [command]
    else:
        batches = [command + items]
    code = 0
    for b in batches:
        out, c = ctx.run(_quote_words(b))
        ctx.out(out)
        if c == 127:
            return 127
        if c:
            code = 123
    return code


def seq(ctx, argv):
    """GNU seq: LAST, FIRST LAST, FIRST INCREMENT LAST (integers and simple decimals)."""
    nums = []
    for a in argv:
        try:
            nums.append(float(a) if "." in a else int(a))
        except ValueError:
            ctx.err(f"seq: invalid floating point argument: '{a}'\nTry 'seq --help' for more information.\n")
            return 1
    if not nums or len(nums) > 3:
        ctx.err("seq: missing operand\nTry 'seq --help' for more information.\n" if not nums else
                f"seq: extra operand '{argv[3]}'\nTry 'seq --help' for more information.\n")
        return 1
    first, step, last = (1, 1, nums[0]) if len(nums) == 1 else ((nums[0], 1, nums[1]) if len(nums) == 2 else tuple(nums))
    if step == 0:
        ctx.err("seq: invalid Zero increment value: '0'\nTry 'seq --help' for more information.\n")
        return 1
    out = []
    v = first
    while (v <= last if step > 0 else v >= last) and len(out) < 100_000:
        out.append(str(v))
        v += step
    ctx.out("".join(x + "\n" for x in out))
    return 0
