"""DefaultPreemption (framework/plugins/defaultpreemption/default_preemption.go and
framework/preemption/preemption.go), for the common cases.

When no node fits, every node whose failure is resolvable (Unschedulable, not
UnschedulableAndUnresolvable) is a candidate: the pod's lower-priority pods on
it are removed in simulation; if the pod then fits, the more important victims
are reprieved one by one (SelectVictimsOnNode). Among candidates the node is
picked by pickOneNodeForPreemption's criteria (lowest highest-victim priority,
smallest priority sum, fewest victims, latest start). Victims get the
DisruptionTarget condition and a "Preempted" event and are deleted; the pod
gets status.nominatedNodeName.

With no candidate, PostFilter answers "preemption: 0/N nodes are available: …"
where nodes that filtering rejected for good say "Preemption is not helpful for
scheduling" and nodes without lower-priority pods say "No preemption victims
found for incoming pod".
"""
from __future__ import annotations

from clusters import objects
from clusters.scheduler.cache import NodeInfo
from clusters.scheduler.framework import UNRESOLVABLE, UNSCHEDULABLE, Status, fit_error_message

NOT_HELPFUL = Status(UNRESOLVABLE, ("Preemption is not helpful for scheduling",), "DefaultPreemption")
NO_VICTIMS = Status(UNRESOLVABLE, ("No preemption victims found for incoming pod",), "DefaultPreemption")
MAX_INT32 = 2**31 - 1


def _without(ni: NodeInfo, removed: list) -> NodeInfo:
    """A copy of a NodeInfo with some pods taken off, for simulation."""
    c = NodeInfo(ni.name)
    for s in NodeInfo.__slots__:
        setattr(c, s, getattr(ni, s))
    c.pods = dict(ni.pods)
    c.ports = dict(ni.ports)
    for rec in removed:
        c.remove_pod(rec)
    return c


def _with(ni: NodeInfo, rec) -> None:
    ni.add_pod(rec)


class DefaultPreemption:
    name = "DefaultPreemption"

    def __init__(self, scheduler):
        self.scheduler = scheduler

    def post_filter(self, state, pi, filters, statuses: dict, num_nodes: int) -> tuple[str | None, str, list]:
        """Returns (nominated node or None, PostFilter message, victims)."""
        if pi.spec.get("preemptionPolicy") == "Never":
            return None, "preemption: not eligible due to preemptionPolicy=Never.", []
        cache = self.scheduler.cache
        result: dict[str, Status] = {}
        candidates = []
        for name, st in statuses.items():
            if st.code != UNSCHEDULABLE:
                result[name] = NOT_HELPFUL
                continue
            ni = cache.nodes.get(name)
            if ni is None:
                result[name] = NOT_HELPFUL
                continue
            lower = [r for r in ni.pods.values() if r.priority < pi.priority]
            if not lower:
                result[name] = NO_VICTIMS
                continue
            sim = _without(ni, lower)
            fail = _run(filters, state, pi, sim)
            if fail is not None:
                result[name] = fail
                continue
            # Reprieve the most important victims first (util.MoreImportantPod).
            lower.sort(key=lambda r: (-r.priority, r.start))
            victims = []
            for rec in lower:
                _with(sim, rec)
                if _run(filters, state, pi, sim) is not None:
                    sim.remove_pod(rec)
                    victims.append(rec)
            if not victims:
                result[name] = NO_VICTIMS
                continue
            candidates.append((ni, victims))
        if not candidates:
            msg = fit_error_message(num_nodes, result)
            return None, "preemption: " + msg, []

        def rank(c):
            ni, victims = c
            highest = max(v.priority for v in victims)
            total = sum(v.priority + MAX_INT32 + 1 for v in victims)
            latest = max((v.start for v in victims if v.priority == highest), default="")
            return (highest, total, len(victims), _neg(latest), ni.index)

        ni, victims = min(candidates, key=rank)
        return ni.name, "", victims

    def evict(self, pi, node: str, victims: list) -> None:
        s = self.scheduler
        for rec in victims:
            pod = s.api.try_get("pods", rec.pod["metadata"]["name"], rec.namespace)
            if pod is None or pod["metadata"].get("deletionTimestamp"):
                continue
            new = objects.clone(pod)
            conds = [c for c in new.setdefault("status", {}).get("conditions") or [] if c.get("type") != "DisruptionTarget"]
            conds.append({"type": "DisruptionTarget", "status": "True", "reason": "PreemptionByScheduler",
                          "message": "default-scheduler: preempting to accommodate a higher priority pod",
                          "lastProbeTime": None, "lastTransitionTime": s.api.timestamp()})
            new["status"]["conditions"] = conds
            try:
                s.client.update_status("pods", new)
                s.client.delete("pods", rec.pod["metadata"]["name"], rec.namespace)
            except Exception:  # the victim went away meanwhile
                continue
            s.recorder.event(pod, "Normal", "Preempted", f"Preempted by pod {pi.uid} on node {node}")


def _neg(ts: str):
    # Latest start first: invert the string ordering of RFC 3339 timestamps.
    return tuple(-ord(ch) for ch in ts)


def _run(filters, state, pi, ni):
    for f in filters:
        st = f(state, pi, ni)
        if st is not None:
            return st
    return None
