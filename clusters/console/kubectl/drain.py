"""kubectl drain NODE: cordon, then evict every pod the filters allow (clusters/console/kubectl/draining.py)."""
from __future__ import annotations

from clusters.console.kubectl import base, draining, mutating


class Verb(base.Verb):
    name = "drain"

    def run(self, kc, args):
        selector = kc.opts.get("selector", "") or ""
        # drain.go Complete: any number of node names (ResourceNames("nodes", args...)), or a selector.
        if not args and not selector:
            raise base.UsageError("USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples")
        if args and selector:
            raise base.UsageError("error: cannot specify both a node name and a --selector option\n"
                                  "See 'kubectl drain -h' for help and examples")
        if selector:
            names = [n["metadata"]["name"] for n in mutating.selected(kc, mutating.resolve_type("nodes"), selector)]
        else:
            names = [a.split("/", 1)[1] if a.startswith(("node/", "nodes/", "no/")) else a for a in args]
        for n in names:
            kc.api.get("nodes", n)
        opts = draining.Options(
            force=bool(kc.opts.get("force", False)), ignore_daemonsets=bool(kc.opts.get("ignore-daemonsets", False)),
            delete_emptydir_data=bool(kc.opts.get("delete-emptydir-data", False)),
            grace_period=int(kc.opts.get("grace-period", -1)), timeout=float(kc.opts.get("timeout", 0) or 0),
            dry_run=mutating.dry_run_mode(kc), disable_eviction=bool(kc.opts.get("disable-eviction", False)),
            pod_selector=kc.opts.get("pod-selector", "") or "")
        return draining.drain(kc.cluster, names, opts, kc.out, kc.err, api=kc.api)
