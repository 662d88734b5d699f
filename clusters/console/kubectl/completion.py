"""kubectl completion bash|zsh|…: completion is built into this console, so the script is a stub that loads nothing."""
from __future__ import annotations

from clusters.console.kubectl import base

SHELLS = ("bash", "zsh", "fish", "powershell")


class Verb(base.Verb):
    name = "completion"

    def run(self, kc, args):
        see = "\nSee 'kubectl completion -h' for help and examples"
        if not args:
            raise base.UsageError("Shell not specified." + see)
        if len(args) > 1:
            raise base.UsageError("Too many arguments. Expected only the shell type." + see)
        if args[0] not in SHELLS:
            raise base.UsageError(f"Unsupported shell type \"{args[0]}\"." + see)
        kc.out(f"# {args[0]} completion for kubectl is built into this console; press Tab.\n")
        return 0
