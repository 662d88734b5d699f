"""Placeholder shell: splits a line into words and runs kubectl.

Being replaced by the full shell (pipes, heredocs, variables, files).
"""
from __future__ import annotations

import shlex


class Console:
    def __init__(self, cluster):
        self.cluster = cluster

    def execute(self, line: str):
        from clusters.output import Output
        from clusters.console import kubectl

        try:
            words = shlex.split(line)
        except ValueError as e:
            return Output(f"bash: syntax error: {e}\n", 2)
        if not words:
            return Output("", 0)
        if words[0] == "kubectl":
            return kubectl.main(self.cluster, words[1:])
        return Output(f"bash: {words[0]}: command not found\n", 127)

    def complete(self, line: str) -> list[str]:
        return []
