"""The perl image's one program this simulation runs: Math::BigFloat's bpi.

kubernetes.io's Job example (concepts/workloads/controllers/job.md) runs
``perl -Mbignum=bpi -wle 'print bpi(2000)'``: π to 2000 significant digits,
rounded (Math::BigFloat's default mode), printed on one line. The digits are
computed here with Machin's formula in integers, so the output is exact and
costs a few milliseconds; the container takes the seconds Perl's pure-Perl
big-number library would (about 6 s for 2000 digits, growing with the square
of the digits) [approximate]. ``print "text"`` prints the text; any other
script prints nothing and exits 0.
"""
from __future__ import annotations

import re

_BPI = re.compile(r"^\s*print\s+bpi\(\s*(\d+)\s*\)\s*;?\s*$")
_STRING = re.compile(r"""^\s*print\s+(["'])(.*)\1\s*;?\s*$""")
SECONDS_FOR_2000 = 6.0
MAX_DIGITS = 20000  # beyond this a learner waits minutes in Perl too; we refuse to burn CPU on it


def pi(digits: int) -> str:
    """π rounded to ``digits`` significant digits, as bpi(digits) prints it."""
    guard = 10
    scale = 10 ** (digits + guard)

    def atan_inv(x: int) -> int:
        total = term = scale // x
        x2, k, sign = x * x, 1, -1
        while term:
            term //= x2
            total += sign * (term // (2 * k + 1))
            sign, k = -sign, k + 1
        return total

    value = 16 * atan_inv(5) - 4 * atan_inv(239)
    q, r = divmod(value, 10 ** (guard + 1))
    if r * 2 >= 10 ** (guard + 1):
        q += 1
    s = str(q)
    return s[0] + ("." + s[1:] if len(s) > 1 else "")


def run(argv: list) -> tuple[list[str], float]:
    """(output lines, seconds) for ``perl ARGS...``: the script is the argument after -e/-le/-wle."""
    script = None
    for i, a in enumerate(argv[1:], 1):
        if isinstance(a, str) and a.startswith("-") and a.endswith("e") and "M" not in a and i + 1 < len(argv):
            script = str(argv[i + 1])
            break
    if script is None:
        return [], 0.05
    m = _BPI.match(script)
    if m and any(str(a).startswith("-Mbignum") or str(a).startswith("-Mbigrat") for a in argv):
        digits = min(int(m.group(1)), MAX_DIGITS)
        return [pi(max(digits, 1))], max(0.05, SECONDS_FOR_2000 * (digits / 2000) ** 2)
    m = _STRING.match(script)
    if m:
        return [m.group(2).replace("\\n", "")], 0.05
    return [], 0.05
