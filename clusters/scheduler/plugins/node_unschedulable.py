"""NodeUnschedulable (framework/plugins/nodeunschedulable/node_unschedulable.go).

A cordoned node (spec.unschedulable) rejects pods that do not tolerate the
node.kubernetes.io/unschedulable:NoSchedule taint.
"""
from __future__ import annotations

from clusters.objects import tolerated
from clusters.scheduler.framework import UNRESOLVABLE, Plugin, Status

ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable"
_TAINT = {"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"}


class NodeUnschedulable(Plugin):
    name = "NodeUnschedulable"

    def pre_filter(self, state, pi):
        state["unschedulable_tolerated"] = tolerated(pi.tolerations, _TAINT)
        self._fail = Status(UNRESOLVABLE, (ERR_REASON_UNSCHEDULABLE,), self.name)
        return None

    def filter(self, state, pi, ni):
        if ni.unschedulable and not state["unschedulable_tolerated"]:
            return self._fail
        return None
