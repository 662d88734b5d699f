"""kubectl top node|pod (kubernetes/kubectl:pkg/cmd/top/, metricsutil/metrics_printer.go).

Reads the simulated metrics.k8s.io (clusters.metrics). The printer
tab-terminates every cell, the last one too, so rows carry the trailing
padding the real command prints. CPU is shown in millicores (MilliValue,
rounded up), memory in Mi (integer division).
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import errors as api_errors, resources
from clusters.console.kubectl import base, builder, impersonation
from clusters.console.printers import gosort, tabwriter

NODE_COLUMNS = ["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"]
POD_COLUMNS = ["NAME", "CPU(cores)", "MEMORY(bytes)"]


def _metrics():
    try:
        from clusters import metrics
    except ImportError:  # pragma: no cover
        return None
    return metrics


def _cpu(q) -> int:
    return objects.milli_cpu(q or "0")


def _bytes(q) -> int:
    return objects.bytes_of(q or "0")


def _mem_mi(q) -> int:
    return objects.bytes_of(q or "0") // (1024 * 1024)


def _table(rows: list[list[str]]) -> str:
    return tabwriter.format_lines("".join("".join(c + "\t" for c in r) + "\n" for r in rows))


class Verb(base.Verb):
    name = "top"
    subcommands = {"node": "top:Node", "nodes": "top:Node", "no": "top:Node", "pod": "top:Pod", "pods": "top:Pod", "po": "top:Pod"}

    def run(self, kc, args):
        return base.parent_command(kc, self, args)


class Node(base.Verb):
    name = "top node"

    def run(self, kc, args):
        m = _metrics()
        o = kc.opts
        # top_node.go: the NodeMetricses list (or get) is the first request metrics-server answers
        impersonation.check(kc.api, "get" if args else "list", resources.by_plural("nodes", "metrics.k8s.io"), None,
                            args[0] if args else "")
        try:
            items = m.node_metrics(kc.cluster) if m else []
        except api_errors.StatusError:
            raise base.KubectlError("Metrics API not available")
        sel = builder.label_selector(o.get("selector") or "")
        nodes = {n["metadata"]["name"]: n for n in kc.api.list("nodes", None, sel)}
        if args:
            name = args[0]
            if name not in nodes:
                raise api_errors.not_found("nodes", name, "", "nodes")
            items = [i for i in items if i["metadata"]["name"] == name]
            if not items:
                raise base.KubectlError(f'metrics not available yet')
            nodes = {name: nodes[name]}
        items = [i for i in items if i["metadata"]["name"] in nodes]
        sort_by = o.get("sort-by") or ""
        # metrics_sorter.go NodeMetricsSorter.Less under Go's unstable sort.Sort
        if sort_by == "cpu":
            gosort.sort(items, lambda a, b: _cpu(a["usage"].get("cpu")) > _cpu(b["usage"].get("cpu")))
        elif sort_by == "memory":
            gosort.sort(items, lambda a, b: _bytes(a["usage"].get("memory")) > _bytes(b["usage"].get("memory")))
        else:
            gosort.sort(items, lambda a, b: a["metadata"]["name"] < b["metadata"]["name"])
        rows = [] if o.get("no-headers") else [list(NODE_COLUMNS)]
        have = set()
        for i in items:
            name = i["metadata"]["name"]
            have.add(name)
            alloc = (nodes[name].get("status") or {}).get("allocatable") or {}
            cpu, mem = _cpu(i["usage"].get("cpu")), objects.bytes_of(i["usage"].get("memory") or "0")
            a_cpu = _cpu(alloc.get("cpu")) or 1
            a_mem = objects.bytes_of(alloc.get("memory") or "0")
            rows.append([name, f"{cpu}m", f"{int(cpu / a_cpu * 100)}%", f"{mem // (1024 * 1024)}Mi",
                         f"{int(mem * 1000 / (a_mem * 1000) * 100) if a_mem else 0}%"])
        for name in sorted(nodes):
            if name not in have:
                rows.append([name, "<unknown>", "<unknown>", "<unknown>", "<unknown>"])
        kc.out(_table(rows))
        return 0


class Pod(base.Verb):
    name = "top pod"

    def run(self, kc, args):
        m = _metrics()
        o = kc.opts
        all_ns = kc.all_namespaces
        sel = builder.label_selector(o.get("selector") or "")
        impersonation.check(kc.api, "get" if args else "list", resources.by_plural("pods", "metrics.k8s.io"),
                            None if all_ns else kc.namespace, args[0] if args else "")
        try:
            items = m.pod_metrics(kc.cluster, None if all_ns else kc.namespace, sel) if m else []
        except api_errors.StatusError:
            raise base.KubectlError("Metrics API not available")
        if args:
            name = args[0]
            if kc.api.try_get("pods", name, kc.namespace) is None:
                raise api_errors.not_found("pods", name, "", "pods")
            items = [i for i in items if i["metadata"]["name"] == name]
            if not items:
                raise base.KubectlError(f"Metrics not available for pod {kc.namespace}/{name}, age: 0s" if False else "metrics not available yet")
        if not items:
            pods = kc.api.list("pods", None if all_ns else kc.namespace, sel)
            if pods:
                raise base.KubectlError("metrics not available yet")
            kc.err("No resources found\n" if all_ns else f"No resources found in {kc.namespace} namespace.\n")
            return 0
        containers = bool(o.get("containers"))
        sort_by = o.get("sort-by") or ""

        def totals(i):
            cpu = sum(_cpu(c["usage"].get("cpu")) for c in i["containers"])
            mem = sum(objects.bytes_of(c["usage"].get("memory") or "0") for c in i["containers"])
            return cpu, mem

        # metrics_sorter.go PodMetricsSorter.Less under Go's unstable sort.Sort
        if sort_by == "cpu":
            gosort.sort(items, lambda a, b: totals(a)[0] > totals(b)[0])
        elif sort_by == "memory":
            gosort.sort(items, lambda a, b: totals(a)[1] > totals(b)[1])
        else:
            gosort.sort(items, lambda a, b: ((a["metadata"]["namespace"], a["metadata"]["name"]) if all_ns else a["metadata"]["name"])
                        < ((b["metadata"]["namespace"], b["metadata"]["name"]) if all_ns else b["metadata"]["name"]))
        header = (["NAMESPACE"] if all_ns else []) + (["POD", "NAME", "CPU(cores)", "MEMORY(bytes)"] if containers else list(POD_COLUMNS))
        rows = [] if o.get("no-headers") else [header]
        for i in items:
            prefix = [i["metadata"]["namespace"]] if all_ns else []
            if containers:
                cs = list(i["containers"])
                if sort_by == "cpu":  # ContainerMetricsSorter.Less
                    gosort.sort(cs, lambda a, b: _cpu(a["usage"].get("cpu")) > _cpu(b["usage"].get("cpu")))
                elif sort_by == "memory":
                    gosort.sort(cs, lambda a, b: _bytes(a["usage"].get("memory")) > _bytes(b["usage"].get("memory")))
                else:
                    gosort.sort(cs, lambda a, b: a["name"] < b["name"])
                for c in cs:
                    rows.append(prefix + [i["metadata"]["name"], c["name"], f"{_cpu(c['usage'].get('cpu'))}m",
                                          f"{_mem_mi(c['usage'].get('memory'))}Mi"])
            else:
                cpu, mem = totals(i)
                rows.append(prefix + [i["metadata"]["name"], f"{cpu}m", f"{mem // (1024 * 1024)}Mi"])
        kc.out(_table(rows))
        return 0
