"""``diff``: GNU diffutils 3.8 over the scratch directory, as kubectl diff runs it.

Normal and unified output (``-u``, ``-U NUM``, ``--unified[=NUM]``), ``-N``,
``-r``, ``-q``, ``-s``, ``--label``, ``--minimal``, ``--color``, files, ``-``
(stdin) and directories, with diff's words for what goes wrong and its exit
status: 0 same, 1 different, 2 trouble. Which lines differ and how they group
into hunks is ``diffseq``'s; the rest follows diffutils src/diff.c
(``compare_files``, getopt_long's option handling), src/dir.c (names sorted),
src/util.c (``begin_output``: ``diff SWITCHES A B`` before each pair compared
inside directories; names C-escaped) and src/context.c (``--- NAME\\tMTIME``
with ``%Y-%m-%d %H:%M:%S.%N %z``, ``@@ -a,b +c,d @@``). Times are the files'
virtual mtimes (``files.mtime_ns``), in UTC as the console host's clock is;
an absent file under ``-N`` is dated the epoch, stdin is dated now.
"""
from __future__ import annotations

import datetime as _dt

from clusters.console import diffseq, files

# diff.c longopts: name -> has_arg (0 none, 1 required, 2 optional). The ones this console
# runs are in _SUPPORTED; the others are recognised (so abbreviations resolve as diff's do)
# and refused as not available here.
_LONG = {
    "binary": 0, "brief": 0, "changed-group-format": 1, "color": 2, "context": 2, "ed": 0, "exclude": 1,
    "exclude-from": 1, "expand-tabs": 0, "forward-ed": 0, "from-file": 1, "help": 0, "horizon-lines": 1,
    "ifdef": 1, "ignore-all-space": 0, "ignore-blank-lines": 0, "ignore-case": 0, "ignore-file-name-case": 0,
    "ignore-matching-lines": 1, "ignore-space-change": 0, "ignore-tab-expansion": 0, "ignore-trailing-space": 0,
    "inhibit-hunk-merge": 0, "initial-tab": 0, "label": 1, "left-column": 0, "line-format": 1, "minimal": 0,
    "new-file": 0, "new-group-format": 1, "new-line-format": 1, "no-dereference": 0,
    "no-ignore-file-name-case": 0, "normal": 0, "old-group-format": 1, "old-line-format": 1, "paginate": 0,
    "palette": 1, "rcs": 0, "recursive": 0, "report-identical-files": 0, "sdiff-merge-assist": 0,
    "show-c-function": 0, "show-function-line": 1, "side-by-side": 0, "speed-large-files": 0, "starting-file": 1,
    "strip-trailing-cr": 0, "suppress-blank-empty": 0, "suppress-common-lines": 0, "tabsize": 1, "text": 0,
    "to-file": 1, "unchanged-group-format": 1, "unchanged-line-format": 1, "unidirectional-new-file": 0,
    "unified": 2, "version": 0, "width": 1,
}
_SHORT_OF = {"brief": "q", "context": "C", "ed": "e", "exclude": "x", "exclude-from": "X", "expand-tabs": "t",
             "forward-ed": "f", "ifdef": "D", "ignore-all-space": "w", "ignore-blank-lines": "B",
             "ignore-case": "i", "ignore-matching-lines": "I", "ignore-space-change": "b",
             "ignore-tab-expansion": "E", "ignore-trailing-space": "Z", "initial-tab": "T", "label": "L",
             "minimal": "d", "new-file": "N", "paginate": "l", "rcs": "n", "recursive": "r",
             "report-identical-files": "s", "show-c-function": "p", "show-function-line": "F",
             "side-by-side": "y", "speed-large-files": "H", "starting-file": "S", "text": "a",
             "unidirectional-new-file": "P", "unified": "U", "version": "v", "width": "W"}
_SHORTOPTS = "0123456789abBcC:dD:eEfF:hHiI:lL:nNpPqrsS:tTuU:vwW:x:X:yZ"
_SUPPORTED = set("quUNrsLdaPvH0123456789") | {"normal", "color", "help", "unified", "new-file", "label"}

# The lines of `diff --help` for the options this console's diff runs (diffutils 3.8).
_HELP = """Usage: diff [OPTION]... FILES
Compare FILES line by line.

Mandatory arguments to long options are mandatory for short options too.
      --normal                  output a normal diff (the default)
  -q, --brief                   report only when files differ
  -s, --report-identical-files  report when two files are the same
  -u, -U NUM, --unified[=NUM]   output NUM (default 3) lines of unified context
      --label LABEL             use LABEL instead of file name and timestamp
                                  (can be repeated)

  -r, --recursive                 recursively compare any subdirectories found
  -N, --new-file                  treat absent files as empty
      --unidirectional-new-file   treat absent first files as empty

  -a, --text                      treat all files as text
  -d, --minimal            try hard to find a smaller set of changes
      --color[=WHEN]       color output; WHEN is 'never', 'always', or 'auto';
                             plain --color means --color='auto'

FILES are 'FILE1 FILE2' or 'DIR1 DIR2' or 'DIR FILE' or 'FILE DIR'.
If a FILE is '-', read standard input.
Exit status is 0 if inputs are the same, 1 if different, 2 if trouble.
"""
_VERSION = """diff (GNU diffutils) 3.8
Copyright (C) 2021 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by Paul Eggert, Mike Haertel, David Hayes,
Richard Stallman, and Len Tower.
"""
_TRY = "diff: Try 'diff --help' for more information.\n"
# diff's default --palette (src/diff.c): rs=0:hd=1:ad=32:de=31:ln=36
_SGR = {"header": "\x1b[1m", "add": "\x1b[32m", "delete": "\x1b[31m", "line": "\x1b[36m", "reset": "\x1b[0m"}


class _Trouble(Exception):
    """diff's try_help/fatal: a message, then exit status 2."""


class Options:
    def __init__(self):
        self.style = "normal"
        self.context = -1
        self.new_file = False
        self.unidirectional = False
        self.recursive = False
        self.brief = False
        self.report_identical = False
        self.minimal = False
        self.text = False
        self.color = False
        self.labels: list[str] = []
        self.switches: list[str] = []


def _context_value(v: str) -> int:
    if not v.isdigit():
        raise _Trouble(f"diff: invalid context length '{v}'\n{_TRY}")
    return int(v)


# the options that only turn something on: their letter -> the Options attribute
_SWITCHES = {"q": "brief", "s": "report_identical", "N": "new_file", "P": "unidirectional", "r": "recursive",
             "d": "minimal", "a": "text"}


def _apply(o: Options, opt: str, value: str | None) -> None:
    """One option (its short letter, or a long name without one) and its value."""
    if opt not in _SUPPORTED:
        shown = f"-{opt}" if len(opt) == 1 else f"--{opt}"
        raise _Trouble(f"diff: option '{shown}' is not available in this console's diff\n{_TRY}")
    if opt.isdigit():  # -NUM: an obsolete way to give the context
        o.context = max(o.context, 0) * 10 + int(opt)
    elif opt == "u":
        o.style = "unified"
        o.context = max(o.context, 3)
    elif opt in ("U", "unified"):
        o.style = "unified"
        o.context = max(o.context, 3 if value is None else _context_value(value))
    elif opt == "normal":
        o.style = "normal"
    elif opt in _SWITCHES:
        setattr(o, _SWITCHES[opt], True)
    elif opt == "L":
        if len(o.labels) == 2:
            raise _Trouble("diff: too many file label options\n")
        o.labels.append(value or "")
    elif opt == "color":
        if value not in (None, "auto", "always", "never"):
            raise _Trouble(f"diff: invalid argument '{value}' for '--color'\nValid arguments are:\n"
                           f"  - 'never', 'no', 'none'\n  - 'auto', 'tty', 'if-tty'\n  - 'always', 'yes', 'force'\n"
                           f"{_TRY}")
        o.color = value == "always"  # auto colours a terminal; a console program cannot tell it has one


def _parse(argv: list[str]) -> tuple[Options, list[str], str | None]:
    """getopt_long with argument permutation: options anywhere, ``--`` ends them."""
    o = Options()
    operands: list[str] = []
    special = None
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--":
            operands += argv[i + 1:]
            break
        if a.startswith("--"):
            name, eq, value = a[2:].partition("=")
            matches = [n for n in _LONG if n.startswith(name)]
            if name in _LONG:
                matches = [name]
            if not matches:
                raise _Trouble(f"diff: unrecognized option '{a}'\n{_TRY}")
            if len(matches) > 1:
                raise _Trouble(f"diff: option '--{name}' is ambiguous; possibilities:"
                               + "".join(f" '--{m}'" for m in matches) + f"\n{_TRY}")
            full = matches[0]
            has = _LONG[full]
            if has == 0 and eq:
                raise _Trouble(f"diff: option '--{full}' doesn't allow an argument\n{_TRY}")
            if has == 1 and not eq:
                if i + 1 >= len(argv):
                    raise _Trouble(f"diff: option '--{full}' requires an argument\n{_TRY}")
                i += 1
                value = argv[i]
                o.switches += [a, value]
            else:
                o.switches.append(a)
            if full in ("help", "version"):
                special = full
            else:
                _apply(o, _SHORT_OF.get(full, full), value if (eq or has == 1) else None)
            i += 1
            continue
        if a.startswith("-") and a != "-":
            o.switches.append(a)
            k = 1
            while k < len(a):
                c = a[k]
                spec = _SHORTOPTS.find(c)
                if spec < 0:
                    raise _Trouble(f"diff: invalid option -- '{c}'\n{_TRY}")
                if spec + 1 < len(_SHORTOPTS) and _SHORTOPTS[spec + 1] == ":":
                    value = a[k + 1:]
                    if not value:
                        if i + 1 >= len(argv):
                            raise _Trouble(f"diff: option requires an argument -- '{c}'\n{_TRY}")
                        i += 1
                        value = argv[i]
                        o.switches.append(value)
                    _apply(o, c, value)
                    break
                if c == "v":
                    special = "version"
                elif c != "h":  # -h: obsolete, ignored
                    _apply(o, c, None)
                k += 1
            i += 1
            continue
        operands.append(a)
        i += 1
    if o.style == "unified" and o.context < 0:
        o.context = 3
    if o.context < 0:
        o.context = 0
    return o, operands, special


def _shell_quote(arg: str) -> str:
    """gnulib quotearg's shell style, as diff's option_list quotes the switches it echoes."""
    if not arg:
        return "''"
    special = set(" !\"$&'()*;<=>?[\\^`|\t\n")
    needs = any(ch in special or ord(ch) < 32 for ch in arg) or arg[0] in "#~" or arg in ("{", "}")
    if not needs:
        return arg
    return "'" + arg.replace("'", "'\\''") + "'"


def _c_escape(name: str) -> str:
    """util.c c_escape: a name with spaces, quotes, backslashes or control characters, C-quoted."""
    named = {"\a": "a", "\b": "b", "\t": "t", "\n": "n", "\v": "v", "\f": "f", "\r": "r", '"': '"', "\\": "\\"}
    if not any(ch == " " or ch in named or ord(ch) < 32 for ch in name):
        return name
    out = []
    for ch in name:
        if ch in named:
            out.append("\\" + named[ch])
        elif ord(ch) < 32:
            out.append("\\%03o" % ord(ch))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _mtime(ns: int) -> str:
    t = _dt.datetime.fromtimestamp(ns // 1_000_000_000, tz=_dt.timezone.utc)
    return t.strftime("%Y-%m-%d %H:%M:%S") + f".{ns % 1_000_000_000:09d} +0000"


class _File:
    """One side of a comparison: its name as shown, and what stat() would say."""

    def __init__(self, name: str, kind: str, data: bytes = b"", mtime: int = 0):
        self.name = name
        self.kind = kind  # "file", "dir", "absent" (-N), "missing" (an error)
        self.data = data
        self.mtime = mtime


class _Diff:
    def __init__(self, ctx, o: Options):
        self.ctx = ctx
        self.o = o
        self.status = 0

    # -- reading -------------------------------------------------------------------
    def stat(self, name: str) -> _File:
        cluster = self.ctx.cluster
        if name == "-":
            return _File(name, "file", self.ctx.stdin.encode(), self._now_ns())
        if files.is_dir(cluster, name):
            return _File(name, "dir")
        text = files.read(cluster, name)
        if text is None:
            return _File(name, "missing")
        stamp = files.mtime_ns(cluster, name)
        return _File(name, "file", text.encode(), self._now_ns() if stamp is None else stamp)

    def _now_ns(self) -> int:
        now = self.ctx.now
        whole = int(now)
        return whole * 1_000_000_000 + round((now - whole) * 1e9)

    # -- comparing (diff.c compare_files) --------------------------------------------
    def compare(self, parent: tuple[str, str] | None, name0: str | None, name1: str | None) -> int:
        o = self.o
        if parent is not None and not (name0 and name1) and not (o.unidirectional and name1) and not o.new_file:
            only = name0 or name1
            self.ctx.out(f"Only in {parent[0] if name0 else parent[1]}: {only}\n")
            return 1
        n0 = name0 or name1 or ""
        n1 = name1 or name0 or ""
        if parent is not None:
            n0, n1 = _join(parent[0], n0), _join(parent[1], n1)
        f0 = self.stat(n0) if name0 else _File(n0, "absent")
        f1 = self.stat(n1) if name1 else _File(n1, "absent")
        # -N (and -P for the first): a top-level operand that does not exist, beside one that does, is empty.
        for k, f in enumerate((f0, f1)):
            other = f1 if k == 0 else f0
            if (o.new_file or (k == 0 and o.unidirectional)) and f.kind == "missing" and parent is None \
                    and other.kind in ("file", "dir"):
                f.kind = "absent"
        status = 0
        for f in (f0, f1):
            if f.kind == "missing":
                self.ctx.err(f"diff: {f.name}: No such file or directory\n")
                status = 2
        if status == 0 and parent is None and (f0.kind == "dir") != (f1.kind == "dir") \
                and "absent" not in (f0.kind, f1.kind):
            dir_f, other = (f0, f1) if f0.kind == "dir" else (f1, f0)
            if other.name == "-":
                raise _Trouble("diff: cannot compare '-' to a directory\n")
            inner = self.stat(_join(dir_f.name, other.name.rstrip("/").rpartition("/")[2]))
            if inner.kind != "file":
                if inner.kind == "missing":
                    self.ctx.err(f"diff: {inner.name}: No such file or directory\n")
                    return 2
            if dir_f is f0:
                f0 = inner
            else:
                f1 = inner
        if status:
            return status
        if f0.kind == "absent" and f1.kind == "absent":
            return 0
        if f0.kind == "dir" and f1.kind == "dir":
            if parent is not None and not o.recursive:
                self.ctx.out(f"Common subdirectories: {f0.name} and {f1.name}\n")
                return 0
            return self.compare_dirs(f0.name, f1.name)
        if "dir" in (f0.kind, f1.kind):
            if "absent" in (f0.kind, f1.kind):
                if o.recursive and (o.new_file or (o.unidirectional and f0.kind == "absent")):
                    real = f0 if f0.kind == "dir" else f1
                    return self.compare_dirs(f0.name if f0 is real else None, f1.name if f1 is real else None)
                assert parent is not None
                self.ctx.out(f"Only in {parent[1] if f0.kind == 'absent' else parent[0]}: {name0 or name1}\n")
                return 1
            kinds = {"dir": "directory", "file": "regular file"}
            self.ctx.out(f"File {self._label(0, f0.name)} is a {kinds[f0.kind]} while file "
                         f"{self._label(1, f1.name)} is a {kinds[f1.kind]}\n")
            return 1
        return self.compare_texts(parent, f0, f1)

    def compare_dirs(self, dir0: str | None, dir1: str | None) -> int:
        """dir.c diff_dirs: the names of both, sorted, compared pairwise."""
        cluster = self.ctx.cluster
        names0 = {n.rstrip("/") for n in files.listdir(cluster, dir0)} if dir0 is not None else set()
        names1 = {n.rstrip("/") for n in files.listdir(cluster, dir1)} if dir1 is not None else set()
        parent = (dir0 if dir0 is not None else dir1 or "", dir1 if dir1 is not None else dir0 or "")
        status = 0
        for name in sorted(names0 | names1, key=lambda s: s.encode()):
            status = max(status, self.compare(parent, name if name in names0 else None,
                                              name if name in names1 else None))
        return status

    def _label(self, k: int, name: str) -> str:
        return self.o.labels[k] if len(self.o.labels) > k else name

    def compare_texts(self, parent, f0: _File, f1: _File) -> int:
        o = self.o
        if not o.text and (b"\0" in f0.data or b"\0" in f1.data):
            if f0.data == f1.data:
                return self._identical(f0, f1)
            self.ctx.out(f"{'Files' if o.brief else 'Binary files'} {self._label(0, f0.name)} and "
                         f"{self._label(1, f1.name)} differ\n")
            return 1
        a, b = diffseq.Text(f0.data), diffseq.Text(f1.data)
        script = diffseq.changes(a, b, horizon=o.context, minimal=o.minimal)
        if not script:
            return self._identical(f0, f1)
        if o.brief:
            self.ctx.out(f"Files {self._label(0, f0.name)} and {self._label(1, f1.name)} differ\n")
            return 1
        out: list[str] = []
        names = (_c_escape(self._label(0, f0.name)), _c_escape(self._label(1, f1.name)))
        if parent is not None:
            out.append(f"diff{''.join(' ' + _shell_quote(s) for s in o.switches)} {names[0]} {names[1]}\n")
        if o.style == "unified":
            for mark, k, f in (("---", 0, f0), ("+++", 1, f1)):
                label = o.labels[k] if len(o.labels) > k else f"{_c_escape(f.name)}\t{_mtime(f.mtime)}"
                out.append(self._paint("header", f"{mark} {label}") + "\n")
            for hunk in diffseq.hunks(script, o.context):
                out.append(self._unified_hunk(hunk, a, b))
        else:
            for change in script:
                out.append(_normal_change(change, a, b))
        self.ctx.out(_text("".join(out).encode("utf-8", "surrogateescape")))
        return 1

    def _identical(self, f0: _File, f1: _File) -> int:
        if self.o.report_identical:
            self.ctx.out(f"Files {self._label(0, f0.name)} and {self._label(1, f1.name)} are identical\n")
        return 0

    def _paint(self, what: str, text: str) -> str:
        return f"{_SGR[what]}{text}{_SGR['reset']}" if self.o.color else text

    def _unified_hunk(self, hunk: list[diffseq.Change], a: diffseq.Text, b: diffseq.Text) -> str:
        """context.c pr_unidiff_hunk."""
        context = self.o.context
        first0, first1 = hunk[0].line0, hunk[0].line1
        last0 = hunk[-1].line0 + hunk[-1].deleted - 1
        last1 = hunk[-1].line1 + hunk[-1].inserted - 1
        first0, first1 = max(first0 - context, 0), max(first1 - context, 0)
        last0 = min(last0 + context, len(a.lines) - 1)
        last1 = min(last1 + context, len(b.lines) - 1)
        out = [self._paint("line", f"@@ -{_range(first0, last0)} +{_range(first1, last1)} @@") + "\n"]
        i, j = first0, first1
        changes = iter(hunk)
        nxt = next(changes, None)
        while i <= last0 or j <= last1:
            if nxt is None or i < nxt.line0:
                out.append(" " + _line(a.lines[i].decode("utf-8", "surrogateescape")))
                i += 1
                j += 1
                continue
            for _ in range(nxt.deleted):
                out.append(self._painted_line("delete", "-", a.lines[i]))
                i += 1
            for _ in range(nxt.inserted):
                out.append(self._painted_line("add", "+", b.lines[j]))
                j += 1
            nxt = next(changes, None)
        return "".join(out)

    def _painted_line(self, what: str, mark: str, line: bytes) -> str:
        text = line.decode("utf-8", "surrogateescape")
        body = text[:-1] if text.endswith("\n") else text
        shown = self._paint(what, mark + body)
        return shown + ("\n" if text.endswith("\n") else _NO_NEWLINE)


_NO_NEWLINE = "\n\\ No newline at end of file\n"


def _line(text: str) -> str:
    """util.c print_1_line_nl: a line that lacks its newline is followed by diff's remark."""
    return text if text.endswith("\n") else text + _NO_NEWLINE


def _text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def _range(a: int, b: int) -> str:
    """context.c print_unidiff_number_range, for 0-based lines a..b."""
    ta, tb = a + 1, b + 1
    if tb <= ta:
        return f"{tb},0" if tb < ta else f"{tb}"
    return f"{ta},{tb - ta + 1}"


def _normal_change(c: diffseq.Change, a: diffseq.Text, b: diffseq.Text) -> str:
    """normal.c print_normal_hunk: ``LaR``, ``LdR`` or ``LcR``, then ``<`` and ``>`` lines."""
    def number_range(first: int, last: int) -> str:
        ta, tb = first + 1, last + 1
        return f"{ta},{tb}" if tb > ta else f"{tb}"

    kind = "c" if c.deleted and c.inserted else ("d" if c.deleted else "a")
    out = [f"{number_range(c.line0, c.line0 + c.deleted - 1)}{kind}{number_range(c.line1, c.line1 + c.inserted - 1)}\n"]
    out += ["< " + _line(a.lines[k].decode("utf-8", "surrogateescape")) for k in range(c.line0, c.line0 + c.deleted)]
    if c.deleted and c.inserted:
        out.append("---\n")
    out += ["> " + _line(b.lines[k].decode("utf-8", "surrogateescape")) for k in range(c.line1, c.line1 + c.inserted)]
    return "".join(out)


def _join(directory: str, name: str) -> str:
    return name if not directory else directory.rstrip("/") + "/" + name if directory != "/" else "/" + name


def main(ctx, argv: list[str]) -> int:
    try:
        o, operands, special = _parse(argv)
        if special == "help":
            ctx.out(_HELP)
            return 0
        if special == "version":
            ctx.out(_VERSION)
            return 0
        if len(operands) < 2:
            after = argv[-1] if argv else "diff"
            raise _Trouble(f"diff: missing operand after '{after}'\n{_TRY}")
        if len(operands) > 2:
            raise _Trouble(f"diff: extra operand '{operands[2]}'\n{_TRY}")
        return _Diff(ctx, o).compare(None, operands[0], operands[1])
    except _Trouble as e:
        ctx.err(str(e))
        return 2
