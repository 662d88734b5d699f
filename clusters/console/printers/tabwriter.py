"""Go's text/tabwriter, as kubectl configures it.

A port of the column-block algorithm of golang/go:src/text/tabwriter/tabwriter.go
(``format``): cells are tab-terminated; a column block is a run of
consecutive lines that have a cell in that column; each block's width is the
widest cell plus padding, at least ``minwidth``. The last cell of a line is
not part of any column and is never padded, which is why kubectl tables
have no trailing spaces.

kubectl's table printer uses minwidth 6, padding 3
(k8s.io/cli-runtime/pkg/printers/tabwriter.go GetNewTabWriter); describe
uses minwidth 0, padding 2 (kubectl/pkg/describe/describe.go tabbedString).
"""
from __future__ import annotations


def _width(s: str) -> int:
    # utf8.RuneCountInString
    return len(s)


def format_lines(text: str, minwidth: int = 6, padding: int = 3) -> str:
    if "\t" not in text:
        return text
    raw_lines = text.split("\n")
    trailing_newline = raw_lines and raw_lines[-1] == ""
    if trailing_newline:
        raw_lines = raw_lines[:-1]
    lines = [l.split("\t") for l in raw_lines]
    out: list[str] = []
    widths: list[int] = []

    def write_lines(line0: int, line1: int) -> None:
        for i in range(line0, line1):
            cells = lines[i]
            parts = []
            last = len(cells) - 1
            for j, c in enumerate(cells):
                if j < len(widths) and j < last:
                    parts.append(c + " " * (widths[j] - _width(c)))
                else:
                    parts.append(c)
            out.append("".join(parts))

    def fmt(line0: int, line1: int) -> None:
        column = len(widths)
        this = line0
        while this < line1:
            if column >= len(lines[this]) - 1:
                this += 1
                continue
            write_lines(line0, this)
            line0 = this
            width = minwidth
            while this < line1:
                cells = lines[this]
                if column >= len(cells) - 1:
                    break
                w = _width(cells[column]) + padding
                if w > width:
                    width = w
                this += 1
            widths.append(width)
            fmt(line0, this)
            widths.pop()
            line0 = this
        write_lines(line0, line1)

    fmt(0, len(lines))
    result = "\n".join(out)
    if trailing_newline:
        result += "\n"
    return result


def table(rows: list[list[str]], minwidth: int = 6, padding: int = 3) -> str:
    """Rows of cells as kubectl's table printer lays them out."""
    if not rows:
        return ""
    n = len(rows[0])
    if any(len(r) != n for r in rows):
        return format_lines("".join("\t".join(r) + "\n" for r in rows), minwidth, padding)
    # every line has the same cells: one column block per column (format() reduces to this)
    widths = [max(minwidth, max(len(r[i]) for r in rows) + padding) for i in range(n - 1)]
    out = []
    for r in rows:
        out.append("".join(c.ljust(widths[i]) for i, c in enumerate(r[:-1])) + r[-1])
    return "\n".join(out) + "\n"
