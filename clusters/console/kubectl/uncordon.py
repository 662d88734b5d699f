"""kubectl uncordon NODE (kubernetes/kubectl:pkg/cmd/drain/drain.go RunCordonOrUncordon)."""
from __future__ import annotations

from clusters.console.kubectl import cordon


class Verb(cordon.Verb):
    name = "uncordon"
    desired = False
