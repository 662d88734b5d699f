"""Which lines GNU diff 3.8 reports as deleted and inserted, and how it groups them into hunks.

The same edit script as ``/usr/bin/diff``, not just a minimal one: where several
shortest scripts exist (a YAML list item removed among look-alike lines) diff's
choice is what a learner sees, so its steps are reproduced in order:

1. ``find_identical_ends`` (diffutils src/io.c): the identical byte prefix and
   suffix are set aside, keeping ``horizon`` lines (the context) of each in play;
2. ``discard_confusing_lines`` (src/analyze.c): lines of the middle with no match
   in the other file, and runs of lines with very many, are marked changed up front;
3. ``compareseq``/``diag`` (gnulib lib/diffseq.h): Myers's O(ND) search for the
   midpoint snake, from both ends, splitting until the pieces are trivial;
4. ``shift_boundaries`` (src/analyze.c): each run of changes slides to merge with
   its neighbours and to line up with the other file's runs;
5. ``build_script``, and ``find_hunk`` (src/context.c): changes closer than
   2*context+1 unchanged lines share a hunk.

Lines are bytes; a last line without its newline is a different line from the
same text with one (io.c puts it in its own hash bucket).
"""
from __future__ import annotations

from typing import NamedTuple

_NL = 10  # b"\n"[0]


class Change(NamedTuple):
    """Lines ``line0 .. line0+deleted`` of file 0 became ``line1 .. line1+inserted`` of file 1 (0-based)."""
    line0: int
    line1: int
    deleted: int
    inserted: int


class Text:
    """A file's lines (bytes, each with its newline but a missing last one) as diff reads them."""

    def __init__(self, data: bytes):
        self.data = data
        self.missing_newline = bool(data) and data[-1] != _NL
        self.lines = [line + b"\n" for line in data.split(b"\n")]
        if self.lines:  # split leaves the text after the last newline (empty, or the incomplete line)
            last = self.lines.pop()[:-1]
            if last:
                self.lines.append(last)


def changes(a: Text, b: Text, horizon: int = 0, minimal: bool = False) -> list[Change]:
    """diff_2_files's edit script, in forward order (``build_script``)."""
    if a.data == b.data:
        return []
    # prepare_text: the buffer always ends in a newline; missing_newline remembers it was added.
    buf0 = a.data + (b"\n" if a.missing_newline else b"")
    buf1 = b.data + (b"\n" if b.missing_newline else b"")
    prefix_end, suffix0, suffix1 = _identical_ends(buf0, buf1, a.missing_newline, b.missing_newline, horizon)
    prefix_lines = buf0.count(b"\n", 0, prefix_end)
    middle = (a.lines[prefix_lines:prefix_lines + buf0.count(b"\n", prefix_end, suffix0)],
              b.lines[prefix_lines:prefix_lines + buf1.count(b"\n", prefix_end, suffix1)])
    # find_and_hash_each_line: equivalence classes from 1, over the middle lines only;
    # an incomplete last line can only equal the other file's incomplete last line.
    classes: dict[tuple[bytes, bool], int] = {}
    equivs: list[list[int]] = []
    for text, lines in zip((a, b), middle):
        last = prefix_lines + len(lines) == len(text.lines) and text.missing_newline
        eq = []
        for k, line in enumerate(lines):
            key = (line, last and k == len(lines) - 1)
            eq.append(classes.setdefault(key, len(classes) + 1))
        equivs.append(eq)
    n0, n1 = len(equivs[0]), len(equivs[1])
    # changed flags with a 0 sentinel on each side (analyze.c allocates one extra at each end)
    changed = [_Flags(n0), _Flags(n1)]
    undiscarded, realindexes = _discard_confusing_lines(equivs, changed, len(classes) + 1, minimal)
    _compareseq(undiscarded[0], undiscarded[1], realindexes, changed, minimal)
    _shift_boundaries(equivs, changed)
    return [Change(c.line0 + prefix_lines, c.line1 + prefix_lines, c.deleted, c.inserted)
            for c in _build_script(changed, n0, n1)]


class _Flags:
    """analyze.c's ``changed`` vector: indexes -2 .. n+1, all 0 outside 0 .. n-1."""
    __slots__ = ("v",)

    def __init__(self, n: int):
        self.v = bytearray(n + 4)

    def __getitem__(self, i: int) -> int:
        return self.v[i + 2]

    def __setitem__(self, i: int, value: int) -> None:
        self.v[i + 2] = value


def _identical_ends(buf0: bytes, buf1: bytes, miss0: bool, miss1: bool, horizon: int) -> tuple[int, int, int]:
    """io.c find_identical_ends: where the middle starts (the same offset in both) and where it ends in each."""
    n0, n1 = len(buf0), len(buf1)
    p = 0
    m = min(n0, n1)
    while p < m and buf0[p] == buf1[p]:
        p += 1
    # Don't mistakenly count a missing newline as part of the prefix.
    if (n0 - miss0 < p) != (n1 - miss1 < p):
        p -= 1
    # Back to the start of the line, and then up to HORIZON lines more.
    h = horizon
    while p:
        if buf0[p - 1] != _NL:
            p -= 1
            continue
        if h == 0:
            break
        h -= 1
        p -= 1
    prefix_end = p
    p0, p1 = n0, n1
    if miss0 == miss1:
        end0 = p0
        beg0 = prefix_end + (0 if n0 < n1 else n0 - n1)
        while p0 != beg0:
            p0 -= 1
            p1 -= 1
            if buf0[p0] != buf1[p1]:
                p0 += 1
                p1 += 1
                beg0 = p0
                break
        # Not at a line start in both: the rest of that line joins the middle; then HORIZON lines more.
        at_start = (p0 == 0 or buf0[p0 - 1] == _NL) and (p1 == 0 or buf1[p1 - 1] == _NL)
        i = horizon + (0 if at_start else 1)
        while i and p0 != end0:
            i -= 1
            p0 = buf0.index(b"\n", p0) + 1
        p1 += p0 - beg0
    return prefix_end, p0, p1


def _discard_confusing_lines(equivs: list[list[int]], changed: list[_Flags], equiv_max: int,
                             minimal: bool) -> tuple[list[list[int]], list[list[int]]]:
    """analyze.c discard_confusing_lines: lines matching nothing in the other file are changes
    without a search; lines matching very many are dropped from the search when they sit
    inside a run of such lines. Returns the lines left for compareseq and their real indexes."""
    counts = [[0] * equiv_max, [0] * equiv_max]
    for f in (0, 1):
        for e in equivs[f]:
            counts[f][e] += 1
    discarded = [bytearray(len(equivs[0])), bytearray(len(equivs[1]))]
    for f in (0, 1):
        end = len(equivs[f])
        discards = discarded[f]
        other = counts[1 - f]
        many = 5
        tem = end // 64
        # MANY times the approximate square root of the number of lines.
        tem >>= 2
        while tem > 0:
            many *= 2
            tem >>= 2
        for i, e in enumerate(equivs[f]):
            if e == 0:
                continue
            nmatch = other[e]
            if nmatch == 0:
                discards[i] = 1
            elif nmatch > many:
                discards[i] = 2
    for f in (0, 1):
        end = len(equivs[f])
        discards = discarded[f]
        i = 0
        while i < end:
            if discards[i] == 2:  # provisional discards only stand inside a run of discards
                discards[i] = 0
            elif discards[i] != 0:
                provisional = 0
                j = i
                while j < end:
                    if discards[j] == 0:
                        break
                    if discards[j] == 2:
                        provisional += 1
                    j += 1
                while j > i and discards[j - 1] == 2:
                    j -= 1
                    discards[j] = 0
                    provisional -= 1
                length = j - i
                if provisional * 4 > length:
                    while j > i:
                        j -= 1
                        if discards[j] == 2:
                            discards[j] = 0
                else:
                    minimum = 1
                    tem = length >> 2
                    tem >>= 2
                    while tem > 0:
                        minimum <<= 1
                        tem >>= 2
                    minimum += 1
                    # Cancel any subrun of MINIMUM or more provisionals within the run.
                    j = consec = 0
                    while j < length:
                        if discards[i + j] != 2:
                            consec = 0
                        else:
                            consec += 1
                            if minimum == consec:
                                j -= consec  # back up to the start of the subrun to cancel it all
                            elif minimum < consec:
                                discards[i + j] = 0
                        j += 1
                    _cancel_edge_provisionals(discards, i, 1, length)
                    i += length - 1  # the run's last line
                    _cancel_edge_provisionals(discards, i, -1, length)
            i += 1
    undiscarded: list[list[int]] = [[], []]
    realindexes: list[list[int]] = [[], []]
    for f in (0, 1):
        for i, e in enumerate(equivs[f]):
            if minimal or discarded[f][i] == 0:
                undiscarded[f].append(e)
                realindexes[f].append(i)
            else:
                changed[f][i] = 1
    return undiscarded, realindexes


def _cancel_edge_provisionals(discards: bytearray, start: int, step: int, length: int) -> None:
    """From one end of a run of discards (``step`` 1 from its first line, -1 from its last): until
    3 nonprovisionals in a row, or the first nonprovisional at least 8 lines in, cancel provisionals."""
    consec = 0
    for j in range(length):
        k = start + step * j
        if j >= 8 and discards[k] == 1:
            break
        if discards[k] == 2:
            consec = 0
            discards[k] = 0
        elif discards[k] == 0:
            consec = 0
        else:
            consec += 1
        if consec == 3:
            break


def _too_expensive(diags: int) -> int:
    """analyze.c: the approximate square root of the input size, at least 4096."""
    t = 1
    while diags != 0:
        t <<= 1
        diags >>= 2
    return max(4096, t)


def _compareseq(xv: list[int], yv: list[int], realindexes: list[list[int]], changed: list[_Flags],
                minimal: bool) -> None:
    """diffseq.h compareseq, with an explicit stack instead of recursion (the order in which
    pieces are finished does not change the flags they set)."""
    too_expensive = _too_expensive(len(xv) + len(yv) + 3)
    offset = len(yv) + 1
    size = len(xv) + len(yv) + 3
    fd = [0] * size
    bd = [0] * size
    stack = [(0, len(xv), 0, len(yv), minimal)]
    while stack:
        xoff, xlim, yoff, ylim, find_minimal = stack.pop()
        while xoff < xlim and yoff < ylim and xv[xoff] == yv[yoff]:
            xoff += 1
            yoff += 1
        while xoff < xlim and yoff < ylim and xv[xlim - 1] == yv[ylim - 1]:
            xlim -= 1
            ylim -= 1
        if xoff == xlim:
            for y in range(yoff, ylim):
                changed[1][realindexes[1][y]] = 1
        elif yoff == ylim:
            for x in range(xoff, xlim):
                changed[0][realindexes[0][x]] = 1
        else:
            xmid, ymid, lo_minimal, hi_minimal = _diag(xv, yv, xoff, xlim, yoff, ylim, find_minimal,
                                                       fd, bd, offset, too_expensive)
            stack.append((xmid, xlim, ymid, ylim, hi_minimal))
            stack.append((xoff, xmid, yoff, ymid, lo_minimal))


def _diag(xv, yv, xoff, xlim, yoff, ylim, find_minimal, fd, bd, o, too_expensive):
    """diffseq.h diag: the midpoint of a shortest edit script between the two pieces
    (the -H heuristic stays off, as diff runs without --speed-large-files)."""
    dmin, dmax = xoff - ylim, xlim - yoff
    fmid, bmid = xoff - yoff, xlim - ylim
    fmin = fmax = fmid
    bmin = bmax = bmid
    odd = (fmid - bmid) & 1
    fd[fmid + o] = xoff
    bd[bmid + o] = xlim
    big = 1 << 62
    c = 0
    while True:
        c += 1
        if fmin > dmin:
            fmin -= 1
            fd[fmin - 1 + o] = -1
        else:
            fmin += 1
        if fmax < dmax:
            fmax += 1
            fd[fmax + 1 + o] = -1
        else:
            fmax -= 1
        for d in range(fmax, fmin - 1, -2):
            tlo, thi = fd[d - 1 + o], fd[d + 1 + o]
            x = thi if tlo < thi else tlo + 1
            y = x - d
            while x < xlim and y < ylim and xv[x] == yv[y]:
                x += 1
                y += 1
            fd[d + o] = x
            if odd and bmin <= d <= bmax and bd[d + o] <= x:
                return x, y, True, True
        if bmin > dmin:
            bmin -= 1
            bd[bmin - 1 + o] = big
        else:
            bmin += 1
        if bmax < dmax:
            bmax += 1
            bd[bmax + 1 + o] = big
        else:
            bmax -= 1
        for d in range(bmax, bmin - 1, -2):
            tlo, thi = bd[d - 1 + o], bd[d + 1 + o]
            x = tlo if tlo < thi else thi - 1
            y = x - d
            while xoff < x and yoff < y and xv[x - 1] == yv[y - 1]:
                x -= 1
                y -= 1
            bd[d + o] = x
            if not odd and fmin <= d <= fmax and x <= fd[d + o]:
                return x, y, True, True
        if find_minimal or c < too_expensive:
            continue
        # Gone well beyond the call of duty: report halfway between the best results so far.
        fxybest, fxbest = -1, 0
        for d in range(fmax, fmin - 1, -2):
            x = min(fd[d + o], xlim)
            y = x - d
            if ylim < y:
                x, y = ylim + d, ylim
            if fxybest < x + y:
                fxybest, fxbest = x + y, x
        bxybest, bxbest = big, 0
        for d in range(bmax, bmin - 1, -2):
            x = max(xoff, bd[d + o])
            y = x - d
            if y < yoff:
                x, y = yoff + d, yoff
            if x + y < bxybest:
                bxybest, bxbest = x + y, x
        if (xlim + ylim) - bxybest < fxybest - (xoff + yoff):
            return fxbest, fxybest - fxbest, True, False
        return bxbest, bxybest - bxbest, False, True


def _shift_boundaries(equivs: list[list[int]], changed: list[_Flags]) -> None:
    """analyze.c shift_boundaries: slide each run of changes back to merge with the one before,
    then forward as far as it goes, then back to line up with a run in the other file."""
    for f in (0, 1):
        ch, other, eq = changed[f], changed[1 - f], equivs[f]
        i = j = 0
        i_end = len(eq)
        while True:
            while i < i_end and not ch[i]:
                while True:
                    v = other[j]
                    j += 1
                    if not v:
                        break
                i += 1
            if i == i_end:
                break
            start = i
            i += 1
            while ch[i]:
                i += 1
            while other[j]:
                j += 1
            while True:
                runlength = i - start
                while start and eq[start - 1] == eq[i - 1]:
                    start -= 1
                    ch[start] = 1
                    i -= 1
                    ch[i] = 0
                    while ch[start - 1]:
                        start -= 1
                    j -= 1
                    while other[j]:
                        j -= 1
                corresponding = i if other[j - 1] else i_end
                while i != i_end and eq[start] == eq[i]:
                    ch[start] = 0
                    start += 1
                    ch[i] = 1
                    i += 1
                    while ch[i]:
                        i += 1
                    j += 1
                    while other[j]:
                        corresponding = i
                        j += 1
                if runlength == i - start:
                    break
            while corresponding < i:
                start -= 1
                ch[start] = 1
                i -= 1
                ch[i] = 0
                j -= 1
                while other[j]:
                    j -= 1


def _build_script(changed: list[_Flags], n0: int, n1: int) -> list[Change]:
    script: list[Change] = []
    c0, c1 = changed
    i0, i1 = n0, n1
    while i0 >= 0 or i1 >= 0:
        if c0[i0 - 1] or c1[i1 - 1]:
            line0, line1 = i0, i1
            while c0[i0 - 1]:
                i0 -= 1
            while c1[i1 - 1]:
                i1 -= 1
            script.append(Change(i0, i1, line0 - i0, line1 - i1))
        i0 -= 1
        i1 -= 1
    script.reverse()
    return script


def hunks(script: list[Change], context: int) -> list[list[Change]]:
    """context.c find_hunk: a hunk ends where more than 2*context unchanged lines follow."""
    out: list[list[Change]] = []
    k = 0
    while k < len(script):
        start = k
        while k + 1 < len(script) and script[k + 1].line0 - (script[k].line0 + script[k].deleted) < 2 * context + 1:
            k += 1
        out.append(script[start:k + 1])
        k += 1
    return out
