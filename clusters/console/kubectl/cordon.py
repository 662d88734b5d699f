"""kubectl cordon NODE (kubernetes/kubectl:pkg/cmd/drain/drain.go RunCordonOrUncordon)."""
from __future__ import annotations

from clusters.console.kubectl import base, draining, mutating


class Verb(base.Verb):
    name = "cordon"
    desired = True

    def run(self, kc, args):
        selector = kc.opts.get("selector", "") or ""
        if selector:
            names = [n["metadata"]["name"] for n in mutating.selected(kc, mutating.resolve_type("nodes"), selector)]
        elif len(args) == 1:
            names = [args[0].split("/", 1)[1] if args[0].startswith(("node/", "nodes/", "no/")) else args[0]]
        else:
            raise base.UsageError(f"USAGE: {self.name} NODE [flags]\nSee 'kubectl {self.name} -h' for help and examples")
        dry = mutating.dry_run_mode(kc) == "client"
        for n in names:
            kc.api.get("nodes", n)
            if not draining.cordon(kc.cluster, n, self.desired, kc.out, kc.err, dry_run=dry):
                return 1
        return 0
