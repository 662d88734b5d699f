"""sed's address ranges (GNU sed execute.c match_address_p), as learners slice kubectl describe.

Expected text is what GNU sed 4.9 printed for the same script and input."""
from __future__ import annotations

import pytest

from clusters import Cluster

INPUT = "a\nInit Containers:\n  x\nContainers:\n  y\nInit Containers:\nz\n"


@pytest.fixture(scope="module")
def console():
    c = Cluster(seed=1)
    c.run("printf 'a\\nInit Containers:\\n  x\\nContainers:\\n  y\\nInit Containers:\\nz\\n' > sedin")
    return c


@pytest.mark.parametrize("script, printed", [
    # the end is looked for from the line after the start, and the range opens again after it ends
    ("/Init Containers/,/Containers:/p", "Init Containers:\n  x\nContainers:\nInit Containers:\nz\n"),
    ("2,4p", "Init Containers:\n  x\nContainers:\n"),
    ("3,1p", "  x\n"),  # an end line at or before the start: the start line alone
    ("/x/,$p", "  x\nContainers:\n  y\nInit Containers:\nz\n"),
    ("2,/Init/p", "Init Containers:\n  x\nContainers:\n  y\nInit Containers:\n"),
    ("/Containers/,/y/p", "Init Containers:\n  x\nContainers:\n  y\nInit Containers:\nz\n"),
])
def test_sed_n_prints_the_lines_a_range_covers(console, script, printed):
    assert console.run(f"sed -n '{script}' sedin").text == printed


def test_a_range_deletes_and_substitutes_too(console):
    # "Containers:" has an "a": each such line opens a range that its end (line 3, passed) closes at once
    assert console.run("sed '/a/,3d' sedin").text == "  y\nz\n"
    assert console.run("sed -n '1,2s/a/b/p' sedin").text == "b\nInit Contbiners:\n"
