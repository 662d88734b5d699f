"""The console's diff against GNU diffutils 3.8.

oracle/diff.json holds what /usr/bin/diff printed for pairs of look-alike
YAML texts (oracle/make_diff_fixtures.py): the same lines must be marked, in
the same hunks with the same headers, and the exit status must agree. The
other tests replay what diff prints around the comparison: its errors,
directories, -N, -q, -s and stdin.
"""
from __future__ import annotations

import json
import os
import re

import pytest

from clusters import Cluster
from clusters.console import files

HERE = os.path.join(os.path.dirname(__file__), "oracle")
with open(os.path.join(HERE, "diff.json"), encoding="utf-8") as f:
    CASES = json.load(f)
STAMP = re.compile(r"^((?:---|\+\+\+) [^\t\n]*)\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} \+0000$", re.M)


@pytest.fixture(scope="module")
def cluster():
    return Cluster(seed=1)


def undated(text: str) -> str:
    return STAMP.sub(r"\1\tDATE", text)


@pytest.mark.parametrize("case", CASES, ids=[str(i) for i in range(len(CASES))])
def test_it_marks_the_lines_gnu_diff_marks_in_the_same_hunks(cluster, case):
    files.write(cluster, "a", case["a"])
    files.write(cluster, "b", case["b"])
    out = cluster.run("diff " + " ".join(case["args"]) + " a b")
    assert (undated(out.text), out.exit_code) == (undated(case["stdout"]), case["status"])


def write(c, name, text):
    c.run(f"cat > {name} <<'EOF'\n{text}EOF")


def test_it_dates_each_file_by_when_it_was_written_in_virtual_time_context_c():
    c = Cluster(seed=1)
    write(c, "old.yaml", "replicas: 1\nimage: nginx\n")
    c.run("sim advance 90s")
    write(c, "new.yaml", "replicas: 2\nimage: nginx\n")
    out = c.run("diff -u old.yaml new.yaml")
    assert out.text == ("--- old.yaml\t2025-06-02 09:01:00.000000000 +0000\n"
                        "+++ new.yaml\t2025-06-02 09:02:30.000000000 +0000\n"
                        "@@ -1,2 +1,2 @@\n-replicas: 1\n+replicas: 2\n image: nginx\n")
    assert out.exit_code == 1


def test_it_prints_a_normal_diff_without_options_and_nothing_for_equal_files():
    c = Cluster(seed=1)
    write(c, "a", "one\ntwo\nthree\n")
    c.run("printf 'one\\nTWO\\nthree\\nfour' > b")
    assert c.run("diff a b").text == "2c2\n< two\n---\n> TWO\n3a4\n> four\n\\ No newline at end of file\n"
    assert (c.run("diff a a").text, c.run("diff a a").exit_code) == ("", 0)
    assert c.run("diff -s a a").text == "Files a and a are identical\n"
    assert c.run("diff -q a b").text == "Files a and b differ\n"


def test_it_compares_directories_file_by_file_with_its_switches_echoed():
    c = Cluster(seed=1)
    c.run("mkdir live merged")
    write(c, "live/v1.Pod.default.web", "a: 1\n")
    write(c, "merged/v1.Pod.default.web", "a: 2\n")
    write(c, "live/v1.Pod.default.gone", "b: 1\n")
    out = c.run("diff -u -N live merged")
    assert out.text.splitlines()[0] == "diff -u -N live/v1.Pod.default.gone merged/v1.Pod.default.gone"
    assert "+++ merged/v1.Pod.default.gone\t1970-01-01 00:00:00.000000000 +0000\n@@ -1 +0,0 @@\n-b: 1\n" in out.text
    assert "diff -u -N live/v1.Pod.default.web merged/v1.Pod.default.web\n" in out.text
    assert c.run("diff live merged").text.splitlines()[0] == "Only in live: v1.Pod.default.gone"
    assert c.run("diff -u live merged --label=x").text.splitlines()[1] == \
        "diff -u '--label=x' x merged/v1.Pod.default.web"


def test_it_reads_stdin_for_a_dash_and_takes_a_missing_file_as_empty_with_n():
    c = Cluster(seed=1)
    write(c, "a", "x\n")
    assert c.run("echo y | diff - a").text == "1c1\n< y\n---\n> x\n"
    assert c.run("diff -N a nothere").text == "1d0\n< x\n"


@pytest.mark.parametrize("line, err", [
    ("diff", "diff: missing operand after 'diff'\ndiff: Try 'diff --help' for more information.\n"),
    ("diff a", "diff: missing operand after 'a'\ndiff: Try 'diff --help' for more information.\n"),
    ("diff a a a", "diff: extra operand 'a'\ndiff: Try 'diff --help' for more information.\n"),
    ("diff a nothere", "diff: nothere: No such file or directory\n"),
    ("diff --bogus a a", "diff: unrecognized option '--bogus'\ndiff: Try 'diff --help' for more information.\n"),
    ("diff --uni a a", "diff: option '--uni' is ambiguous; possibilities: '--unidirectional-new-file' '--unified'\n"
                       "diff: Try 'diff --help' for more information.\n"),
    ("diff -U x a a", "diff: invalid context length 'x'\ndiff: Try 'diff --help' for more information.\n"),
    ("diff -k a a", "diff: invalid option -- 'k'\ndiff: Try 'diff --help' for more information.\n"),
])
def test_bad_usage_gets_diffs_words_and_status_2(line, err):
    c = Cluster(seed=1)
    write(c, "a", "x\n")
    out = c.run(f"{line} 2>&1")
    assert (out.text, out.exit_code) == (err, 2)
