"""Benchmarks of the console language (issue 4).

    .venv/bin/python bench/cluster_console.py

- ``get pods`` on 30,000 pods: the pods are created straight through the
  API (bound to a node that has no kubelet, with a Running status) so the
  measurement is kubectl's listing and table printing, not the controllers.
- ``describe node`` on a busy node: 110 pods (the default max) bound to one
  worker and started by its kubelet, plus their events.

Each reports median and p99 wall time of the whole console command
(``Cluster.run``: parse, list, print) and writes bench/results/console.json.
"""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench._stats import report, summary, timed  # noqa: E402


def _running_pod(i: int, node: str) -> dict:
    return {
        "metadata": {"name": f"web-{i:05d}", "namespace": "default", "labels": {"app": "web", "shard": str(i % 10)}},
        "spec": {"nodeName": node, "containers": [{"name": "web", "image": "nginx:1.27",
                                                   "resources": {"requests": {"cpu": "10m", "memory": "16Mi"}}}]},
        "status": {"phase": "Running", "podIP": f"10.244.{(i // 250) % 250}.{i % 250}",
                   "conditions": [{"type": "Ready", "status": "True"}],
                   "containerStatuses": [{"name": "web", "ready": True, "restartCount": 0, "image": "nginx:1.27",
                                          "state": {"running": {"startedAt": "2025-06-02T09:00:05Z"}}}]},
    }


def bench_get_pods(n_pods: int = 30_000, runs: int = 15) -> dict:
    from clusters import Cluster, ClusterSpec

    # A 3-node cluster's own quota holds 440 pods; this one is told to hold them all.
    c = Cluster(ClusterSpec(nodes=3, addons=False, settle=0, max_pods=n_pods + 100), seed=1)
    for i in range(n_pods):
        c.api.create("pods", _running_pod(i, "ghost-node"), "default", actor="bench")
    c.settle()
    out = c.run("kubectl get pods")
    assert out.text.count("\n") == n_pods + 1, out.text[:200]
    res = {
        "get_pods_30k": summary(timed(lambda: c.run("kubectl get pods"), runs)),
        "get_pods_30k_wide": summary(timed(lambda: c.run("kubectl get pods -o wide"), max(5, runs // 3))),
        "get_pods_30k_grep_wc": summary(timed(lambda: c.run("kubectl get pods | grep Running | wc -l"), max(5, runs // 3))),
        "get_pods_30k_selector": summary(timed(lambda: c.run("kubectl get pods -l shard=3"), runs)),
    }
    return res


def bench_describe_node(pods: int = 110, runs: int = 200) -> dict:
    from clusters import Cluster, ClusterSpec

    c = Cluster(ClusterSpec(nodes=3), seed=1)
    for i in range(pods - 10):
        p = _running_pod(i, "node-1")
        p.pop("status")
        c.api.create("pods", p, "default", actor="bench")
    c.advance(120)
    text = c.run("kubectl describe node node-1").text
    assert "Non-terminated Pods:" in text
    return {"describe_busy_node": summary(timed(lambda: c.run("kubectl describe node node-1"), runs)),
            "pods_on_node": text.split("Non-terminated Pods:", 1)[1].split("(", 1)[1].split(" ", 1)[0]}


if __name__ == "__main__":
    from bench.cluster_bench import _floor

    result = {}
    result.update(bench_get_pods())
    result.update(bench_describe_node())
    # The floor of bench/cluster_bench.py, measured in the same run: one store write and read.
    floor = _floor()
    result["floor_ms"] = round(floor * 1000, 4)
    for k, v in list(result.items()):
        if isinstance(v, dict) and "p99" in v:
            v["p99_over_floor"] = round(v["p99"] / floor, 1)
    report("console", result, os.path.join(os.path.dirname(os.path.abspath(__file__)), "results", "console.json"))
