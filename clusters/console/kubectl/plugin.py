"""kubectl plugin [list] (kubernetes/kubectl:pkg/cmd/plugin/plugin.go): the console's PATH holds no plugins."""
from __future__ import annotations

from clusters.console.kubectl import base


class Verb(base.Verb):
    name = "plugin"
    subcommands = {"list": "plugin:List"}

    def run(self, kc, args):
        return base.parent_command(kc, self, args)


class List(base.Verb):
    name = "plugin list"

    def run(self, kc, args):
        # plugin.go Run: no kubectl-* executable on PATH
        raise base.KubectlError("unable to find any kubectl plugins in your PATH")
