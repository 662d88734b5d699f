"""kubectl options: the global flags' help text."""
from __future__ import annotations

from clusters.console.kubectl import base, flags


class Verb(base.Verb):
    name = "options"

    def help(self) -> str:
        return flags.help_text("_options") or ""

    def run(self, kc, args):
        kc.out(self.help())
        return 0
