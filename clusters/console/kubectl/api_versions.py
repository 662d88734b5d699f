"""kubectl api-versions (kubernetes/kubectl:pkg/cmd/apiresources/apiversions.go): sorted group/versions."""
from __future__ import annotations

from clusters.console.kubectl import base, discovery


class Verb(base.Verb):
    name = "api-versions"

    def run(self, kc, args):
        if args:  # apiversions.go Complete
            raise base.UsageError(f"unexpected arguments: {base.go_list(args)}\n"
                                  "See 'kubectl api-versions -h' for help and examples")
        versions, failed = discovery.group_versions(kc.cluster)
        kc.out("".join(v + "\n" for v in sorted(versions)))
        if failed:
            raise base.KubectlError(discovery.partial_error(failed))
        return 0
