"""NodeResourcesBalancedAllocation (framework/plugins/noderesources/balanced_allocation.go).

Weight 1. With cpu and memory the score is (1 − |f_cpu − f_mem|/2)·100, where
f is (requested + pod request)/allocatable capped at 1, on actual requests
(useRequested). BestEffort pods are skipped at PreScore.
"""
from __future__ import annotations

from clusters.scheduler.framework import Plugin


class BalancedAllocation(Plugin):
    name = "NodeResourcesBalancedAllocation"
    weight = 1

    def pre_score(self, state, pi, nodes):
        return not pi.cpu and not pi.mem

    def memo_key(self, state, pi):
        return (pi.cpu, pi.mem)

    def score_node(self, state, pi, ni):
        ac = ni.alloc_cpu
        am = ni.alloc_mem
        if not (ac and am):
            return 100
        fc = (ni.req_cpu + pi.cpu) / ac
        fm = (ni.req_mem + pi.mem) / am
        if fc > 1:
            fc = 1.0
        if fm > 1:
            fm = 1.0
        return int((1 - abs(fc - fm) / 2) * 100)
