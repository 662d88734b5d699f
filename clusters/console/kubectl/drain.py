"""kubectl drain NODE: cordon, then evict every pod the filters allow (clusters/console/kubectl/draining.py)."""
from __future__ import annotations

from clusters.console.kubectl import base, draining, mutating


class Verb(base.Verb):
    name = "drain"

    def run(self, kc, args):
        selector = kc.opts.get("selector", "") or ""
        if selector:
            names = [n["metadata"]["name"] for n in mutating.selected(kc, mutating.resolve_type("nodes"), selector)]
        elif len(args) == 1:
            names = [args[0].split("/", 1)[1] if args[0].startswith(("node/", "nodes/", "no/")) else args[0]]
        else:
            raise base.UsageError("USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples")
        for n in names:
            kc.api.get("nodes", n)
        opts = draining.Options(
            force=bool(kc.opts.get("force", False)), ignore_daemonsets=bool(kc.opts.get("ignore-daemonsets", False)),
            delete_emptydir_data=bool(kc.opts.get("delete-emptydir-data", False)),
            grace_period=int(kc.opts.get("grace-period", -1)), timeout=float(kc.opts.get("timeout", 0) or 0),
            dry_run=mutating.dry_run_mode(kc), disable_eviction=bool(kc.opts.get("disable-eviction", False)),
            pod_selector=kc.opts.get("pod-selector", "") or "")
        return draining.drain(kc.cluster, names, opts, kc.out, kc.err)
