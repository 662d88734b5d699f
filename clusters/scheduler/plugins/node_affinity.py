"""NodeAffinity (framework/plugins/nodeaffinity/node_affinity.go).

Filter: nodeSelector and requiredDuringScheduling terms; failure is
UnschedulableAndUnresolvable "node(s) didn't match Pod's node affinity/selector".
Score (weight 2): the sum of weights of matching preferred terms, normalised
with DefaultNormalizeScore; PreScore skips pods without preferred terms.
"""
from __future__ import annotations

from clusters.scheduler.framework import SKIP_STATUS, UNRESOLVABLE, Plugin, Status, default_normalize
from clusters.scheduler.plugins.helpers import required_node_affinity_matches, term_matches

ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector"
_FAIL = Status(UNRESOLVABLE, (ERR_REASON_POD,), "NodeAffinity")


class NodeAffinity(Plugin):
    name = "NodeAffinity"
    weight = 2

    def pre_filter(self, state, pi):
        na = pi.node_affinity or {}
        if not pi.node_selector and na.get("requiredDuringSchedulingIgnoredDuringExecution") is None:
            return SKIP_STATUS
        return None

    def filter(self, state, pi, ni):
        return None if required_node_affinity_matches(pi, ni.labels, ni.name) else _FAIL

    def pre_score(self, state, pi, nodes):
        prefs = (pi.node_affinity or {}).get("preferredDuringSchedulingIgnoredDuringExecution") or []
        state["node_affinity_prefs"] = [(int(p.get("weight") or 0), p.get("preference") or {}) for p in prefs]
        return not prefs

    def score(self, state, pi, nodes):
        prefs = state["node_affinity_prefs"]
        return [sum(w for w, term in prefs if w and term_matches(term, ni.labels, ni.name)) for ni in nodes]

    def normalize(self, state, nodes, scores):
        return default_normalize(scores, False)
