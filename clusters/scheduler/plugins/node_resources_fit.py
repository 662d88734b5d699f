"""NodeResourcesFit (framework/plugins/noderesources/fit.go, least_allocated.go).

Filter (fitsRequest): pod count first ("Too many pods"), then every resource
the pod requests beyond what is left ("Insufficient cpu", "Insufficient
memory", "Insufficient example.com/dongle" for an extended resource), all
reported. Score (weight 1, LeastAllocated): per resource
(allocatable − requested)·100/allocatable on the node's non-zero requests plus
the pod's, averaged over cpu and memory with weight 1 each.
"""
from __future__ import annotations

from clusters.scheduler.framework import UNSCHEDULABLE, Plugin, Status

_TOO_MANY = "Too many pods"
_CPU = "Insufficient cpu"
_MEM = "Insufficient memory"
_S = {}


def _status(reasons: tuple) -> Status:
    st = _S.get(reasons)
    if st is None:
        st = _S[reasons] = Status(UNSCHEDULABLE, reasons, "NodeResourcesFit")
    return st


def _short_scalars(pi, ni) -> list[str]:
    """fitsRequest's ScalarResources loop: the scalar resources (example.com/dongle) the pod asks more
    of than the node has left; a node that never advertised one has none of it."""
    alloc = ni.alloc_scalar or {}
    used = ni.req_scalar or {}
    return [k for k, v in pi.scalar.items() if v and v > alloc.get(k, 0) - used.get(k, 0)]


class NodeResourcesFit(Plugin):
    name = "NodeResourcesFit"
    weight = 1

    def pre_filter(self, state, pi):
        return None

    def filter(self, state, pi, ni):
        if len(ni.pods) + 1 > ni.alloc_pods:
            reasons = [_TOO_MANY]
        else:
            cpu, mem = pi.cpu, pi.mem
            if not cpu and not mem and not pi.scalar:
                return None
            if (not cpu or cpu <= ni.alloc_cpu - ni.req_cpu) and (not mem or mem <= ni.alloc_mem - ni.req_mem) \
                    and not (pi.scalar and _short_scalars(pi, ni)):
                return None
            reasons = []
        if pi.cpu and pi.cpu > ni.alloc_cpu - ni.req_cpu:
            reasons.append(_CPU)
        if pi.mem and pi.mem > ni.alloc_mem - ni.req_mem:
            reasons.append(_MEM)
        if pi.scalar:
            # fit.go ranges over a map here; sorted, so the reasons read the same on every run
            reasons.extend(f"Insufficient {name}" for name in sorted(_short_scalars(pi, ni)))
        return _status(tuple(reasons))

    def pre_score(self, state, pi, nodes):
        return False

    def memo_key(self, state, pi):
        return (pi.nz_cpu, pi.nz_mem)

    def score_node(self, state, pi, ni):
        # LeastAllocated on non-zero requests, cpu and memory weighted 1 each.
        ac = ni.alloc_cpu
        rc = ni.nz_cpu + pi.nz_cpu
        sc = (ac - rc) * 100 // ac if ac and rc <= ac else 0
        am = ni.alloc_mem
        rm = ni.nz_mem + pi.nz_mem
        sm = (am - rm) * 100 // am if am and rm <= am else 0
        return (sc + sm) // 2
