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

    def score(self, state, pi, nodes):
        pc, pm = pi.cpu, pi.mem
        out = []
        append = out.append
        for ni in nodes:
            ac = ni.alloc_cpu
            am = ni.alloc_mem
            if ac and am:
                fc = (ni.req_cpu + pc) / ac
                fm = (ni.req_mem + pm) / am
                if fc > 1:
                    fc = 1.0
                if fm > 1:
                    fm = 1.0
                append(int((1 - abs(fc - fm) / 2) * 100))
            else:
                append(100)
        return out
