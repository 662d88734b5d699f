"""Regenerate diff.json from the real GNU diff (diffutils 3.8, /usr/bin/diff).

    .venv/bin/python tests/clusters/console/oracle/make_diff_fixtures.py

Pairs of texts built from a few look-alike YAML lines (so that many shortest
edit scripts exist and diff's own choice shows), some without a final
newline, compared with assorted options; each case keeps what diff printed
and its exit status. Both files get the same fixed mtime, so the headers are
reproducible.
"""
from __future__ import annotations

import json
import os
import random
import subprocess
import tempfile

HERE = os.path.dirname(__file__)
DIFF = "/usr/bin/diff"
MTIME_NS = 1748854860123456789  # 2025-06-02 09:01:00.123456789 UTC
LINES = ["  name: web\n", "  - name: web\n", "    image: nginx\n", "  replicas: 2\n", "spec:\n", "\n",
         "metadata:\n", "      app: web\n"]
OPTIONS = [["-u"], [], ["-U1"], ["-U0"], ["-u", "-N"], ["-U", "5"], ["--unified=2"], ["-u", "--minimal"]]


def case(rng: random.Random, longest: int, edits: int) -> tuple[str, str, list[str]]:
    alphabet = LINES[:rng.choice([3, 4, 8])]
    a = [rng.choice(alphabet) for _ in range(rng.randint(0, longest))]
    b = list(a)
    for _ in range(rng.randint(0, edits)):
        op = rng.random()
        if op < 0.4 and b:
            del b[rng.randrange(len(b))]
        elif op < 0.8:
            b.insert(rng.randint(0, len(b)), rng.choice(alphabet))
        elif b:
            b[rng.randrange(len(b))] = rng.choice(LINES)
    ta, tb = "".join(a), "".join(b)
    if rng.random() < 0.15 and ta:
        ta = ta[:-1]
    if rng.random() < 0.15 and tb:
        tb = tb[:-1]
    return ta, tb, rng.choice(OPTIONS)


def main() -> None:
    rng = random.Random(1)
    out = []
    with tempfile.TemporaryDirectory() as d:
        for k in range(300):
            a, b, args = case(rng, 200 if k % 15 == 0 else 40, 30 if k % 15 == 0 else 6)
            for name, text in (("a", a), ("b", b)):
                path = os.path.join(d, name)
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
                os.utime(path, ns=(MTIME_NS, MTIME_NS))
            real = subprocess.run([DIFF, *args, "a", "b"], cwd=d, capture_output=True, text=True)
            out.append({"a": a, "b": b, "args": args, "stdout": real.stdout, "status": real.returncode})
    with open(os.path.join(HERE, "diff.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=0)
        f.write("\n")


if __name__ == "__main__":
    main()
