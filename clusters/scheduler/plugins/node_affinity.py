"""NodeAffinity (framework/plugins/nodeaffinity/node_affinity.go).

Filter: nodeSelector and requiredDuringScheduling terms; failure is
UnschedulableAndUnresolvable "node(s) didn't match Pod's node affinity/selector".
Score (weight 2): the sum of weights of matching preferred terms, normalised
with DefaultNormalizeScore; PreScore skips pods without preferred terms.
"""
from __future__ import annotations

from clusters.scheduler.framework import (SKIP_STATUS, UNRESOLVABLE, Plugin, PreFilterResult, Status,
                                          default_normalize)
from clusters.scheduler.plugins.helpers import required_node_affinity_matches, term_matches

ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector"
ERR_REASON_CONFLICT = "pod affinity terms conflict"
_FAIL = Status(UNRESOLVABLE, (ERR_REASON_POD,), "NodeAffinity")
_CONFLICT = Status(UNRESOLVABLE, (ERR_REASON_CONFLICT,), "NodeAffinity")


class NodeAffinity(Plugin):
    name = "NodeAffinity"
    weight = 2

    def pre_filter(self, state, pi):
        na = pi.node_affinity or {}
        required = na.get("requiredDuringSchedulingIgnoredDuringExecution")
        if not pi.node_selector and required is None:
            return SKIP_STATUS
        # PreFilter: terms that each name their nodes (metadata.name In ..., as a DaemonSet's
        # pods do) narrow the nodes to filter; the terms are ORed, a term's fields ANDed.
        names: frozenset | None = None
        for term in (required or {}).get("nodeSelectorTerms") or ():
            term_names = None
            for r in term.get("matchFields") or ():
                if r.get("key") == "metadata.name" and r.get("operator") == "In":
                    vals = frozenset(r.get("values") or ())
                    term_names = vals if term_names is None else term_names & vals
            if term_names is None:
                return None  # this term may match any node
            names = term_names if names is None else names | term_names
        if names is None:
            return None
        return PreFilterResult(names) if names else _CONFLICT

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
