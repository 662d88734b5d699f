"""TaintToleration (framework/plugins/tainttoleration/taint_toleration.go).

Filter: the first NoSchedule/NoExecute taint the pod does not tolerate fails
the node with "node(s) had untolerated taint {key: value}".
Score (weight 3): the number of PreferNoSchedule taints not tolerated,
normalised in reverse so fewer is better (DefaultNormalizeScore reverse=true).
"""
from __future__ import annotations

from clusters.objects import tolerated
from clusters.scheduler.framework import UNRESOLVABLE, Plugin, Status, default_normalize


class TaintToleration(Plugin):
    name = "TaintToleration"
    weight = 3

    def pre_filter(self, state, pi):
        # Upstream has no PreFilter here; this only caches per-taint statuses for the cycle.
        state["taint_fail"] = {}
        return None

    def filter(self, state, pi, ni):
        hard = ni.hard_taints
        if not hard:
            return None
        tols = pi.tolerations
        for taint in hard:
            if not tolerated(tols, taint):
                k = (taint.get("key"), taint.get("value") or "")
                st = state["taint_fail"].get(k)
                if st is None:
                    st = state["taint_fail"][k] = Status(
                        UNRESOLVABLE, (f"node(s) had untolerated taint {{{k[0]}: {k[1]}}}",), self.name)
                return st
        return None

    def pre_score(self, state, pi, nodes):
        state["prefer_tolerations"] = [t for t in pi.tolerations if t.get("effect") in (None, "", "PreferNoSchedule")]
        return False

    def score(self, state, pi, nodes):
        if not self.cache.soft_tainted():
            return [0] * len(nodes)  # no PreferNoSchedule taint anywhere: every node counts 0
        tols = state["prefer_tolerations"]
        out = []
        for ni in nodes:
            soft = ni.soft_taints
            if not soft:
                out.append(0)
                continue
            out.append(sum(1 for t in soft if not tolerated(tols, t)))
        return out

    def normalize(self, state, nodes, scores):
        return default_normalize(scores, True)
