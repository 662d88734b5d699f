"""Malformed, truncated and hostile console lines: an error in the tool's words or valid output, never a traceback."""
from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings, strategies as st

from clusters import Cluster

VOCAB = ["kubectl", "get", "describe", "explain", "wait", "top", "config", "api-resources", "pods", "po", "svc", "deploy",
         "nodes", "ns", "-n", "kube-system", "-o", "yaml", "json", "name", "wide", "jsonpath={.items[*]}", "jsonpath='{",
         "go-template={{.x}}", "custom-columns=A:.a", "-l", "app=web", "--field-selector", "metadata.name=x", "-A", "-w",
         "--request-timeout=1s", "--for=delete", "--timeout=1s", "--sort-by=.metadata.name", "|", "grep", "-v", "awk",
         "'{print $1}'", "head", "-n", "wc", "-l", "&&", "||", ";", "$(", ")", "`", "\"", "'", "<<EOF", "EOF", ">", ">>", "<",
         "2>&1", "$X", "${X:-y}", "$((1/0))", "echo", "cat", "sed", "s/a/b/", "xargs", "sort", "-k", "0", "cut", "-f", "tr",
         "base64", "-d", "\\", "\n", "for", "in", "do", "done", "x", "/", ",", "=", "--", "-", "*", "?", "[", "{", "}"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.sampled_from(VOCAB), max_size=14), st.text(max_size=40))
def test_random_lines_never_escape_as_tracebacks(words, noise):
    cluster = _CLUSTER
    for line in (" ".join(words), " ".join(words) + noise, noise):
        t = time.perf_counter()
        out = cluster.run(line)
        assert isinstance(out.text, str) and isinstance(out.exit_code, int)
        assert time.perf_counter() - t < 1.0, line
    assert cluster.bugs == [], cluster.bugs


_CLUSTER = Cluster(seed=11)
