"""kubectl kustomize DIR (kubectl/pkg/cmd/kustomize, which runs kustomize v5.5.0's build): the
objects ``kustomization.build`` makes, as YAML documents joined by ``---``, keys sorted as kyaml
writes them; ``-o PATH`` writes them to a file instead. Its errors go back to cobra, so kubectl
logs them through klog (``E1124 ... run.go:72] "command failed" err="..."``) rather than as
``error: ...``, as apply -k and the other verbs print them."""
from __future__ import annotations

from clusters.console import files
from clusters.console.kubectl import base, klog, kustomization
from clusters.console.printers import yamlout


class Verb(base.Verb):
    name = "kustomize"

    def run(self, kc, args):
        try:
            return self._build(kc, args)
        except base.KubectlError as e:
            kc.err(klog.command_failed(kc.now, e.message))
            return 1

    def _build(self, kc, args) -> int:
        if len(args) > 1:
            raise base.KubectlError("specify one path to kustomization.yaml")
        objs = kustomization.build(kc, args[0] if args else ".")
        text = "---\n".join(yamlout.dumps(o) + ("" if yamlout.dumps(o).endswith("\n") else "\n") for o in objs)
        target = kc.opts.get("output") or ""
        if target:
            problem = files.check_writable(kc.cluster, target)
            if problem:
                raise base.KubectlError(f"open {target}: {problem.lower()}")
            files.write(kc.cluster, target, text)
            return 0
        kc.out(text)
        return 0
