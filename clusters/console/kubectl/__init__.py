"""Placeholder kubectl: ``get nodes`` and ``get pods`` only.

Being replaced by one module per verb on a shared base.
"""
from __future__ import annotations

from clusters import timeutil
from clusters.console.printers import pod_status


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for r in rows:
        out.append("   ".join(c.ljust(widths[i]) for i, c in enumerate(r)).rstrip())
    return "\n".join(out) + "\n"


def main(cluster, args: list[str]):
    from clusters.output import Output

    now = cluster.epoch + cluster.clock.now
    if args[:2] == ["get", "nodes"]:
        rows = [["NAME", "STATUS", "ROLES", "AGE", "VERSION"]]
        for n in cluster.api.list("nodes"):
            ready = any(c["type"] == "Ready" and c["status"] == "True" for c in n["status"]["conditions"])
            roles = ",".join(k.split("/", 1)[1] for k in n["metadata"]["labels"] if k.startswith("node-role.kubernetes.io/")) or "<none>"
            age = timeutil.human_duration(now - timeutil.parse_rfc3339(n["metadata"]["creationTimestamp"]))
            rows.append([n["metadata"]["name"], "Ready" if ready else "NotReady", roles, age, cluster.spec.version])
        return Output(_table(rows))
    if args[:2] == ["get", "pods"]:
        pods = cluster.api.list("pods", "default")
        if not pods:
            return Output("No resources found in default namespace.\n")
        rows = [["NAME", "READY", "STATUS", "RESTARTS", "AGE"]]
        for p in pods:
            rows.append([p["metadata"]["name"], *pod_status.columns(p, now)])
        return Output(_table(rows))
    return Output("error: unknown command\n", 1)
