"""InterPodAffinity (framework/plugins/interpodaffinity/{filtering,scoring}.go).

Filter, in upstream's order: existing pods' required anti-affinity against the
incoming pod ("node(s) didn't satisfy existing pods anti-affinity rules"), the
pod's required affinity ("node(s) didn't match pod affinity rules",
unresolvable; a pod matching its own terms may start a group when no pod
matches yet), then its required anti-affinity ("node(s) didn't match pod
anti-affinity rules").
Score (weight 2): preferred terms of the pod and of existing pods add or
subtract their weight on every node sharing the topology value; normalised
min–max to 0–100. Skipped when nothing in the cluster has such terms.
"""
from __future__ import annotations

from clusters.scheduler.framework import MAX_NODE_SCORE, SKIP_STATUS, UNRESOLVABLE, UNSCHEDULABLE, Plugin, Status
from clusters.scheduler.plugins.helpers import affinity_terms

ERR_EXISTING_ANTI = "node(s) didn't satisfy existing pods anti-affinity rules"
ERR_AFFINITY = "node(s) didn't match pod affinity rules"
ERR_ANTI = "node(s) didn't match pod anti-affinity rules"
_F_EXISTING = Status(UNSCHEDULABLE, (ERR_EXISTING_ANTI,), "InterPodAffinity")
_F_AFFINITY = Status(UNRESOLVABLE, (ERR_AFFINITY,), "InterPodAffinity")
_F_ANTI = Status(UNSCHEDULABLE, (ERR_ANTI,), "InterPodAffinity")
# InterPodAffinityArgs.HardPodAffinityWeight default
HARD_POD_AFFINITY_WEIGHT = 1


def _terms_of(rec, kind: str, required: bool):
    part = rec.affinity if kind == "affinity" else rec.anti_affinity
    return affinity_terms(part, rec.namespace, required)


class InterPodAffinity(Plugin):
    name = "InterPodAffinity"
    weight = 2

    def pre_filter(self, state, pi):
        req_aff = affinity_terms(pi.affinity, pi.namespace, True)
        req_anti = affinity_terms(pi.anti_affinity, pi.namespace, True)
        if not req_aff and not req_anti and not self.cache.pods_with_anti_affinity:
            return SKIP_STATUS
        nodes = self.cache.nodes
        existing_anti: set = set()  # (key, value) forbidden by existing pods
        aff_counts: list[dict] = [dict() for _ in req_aff]
        anti_counts: set = set()
        for rec in self.cache.pods.values():
            ni = nodes.get(rec.node)
            if ni is None:
                continue
            labels = ni.labels
            if rec.anti_affinity:
                for t in _terms_of(rec, "anti", True):
                    if t.matches(pi.namespace, pi.labels) and t.topology_key in labels:
                        existing_anti.add((t.topology_key, labels[t.topology_key]))
            for i, t in enumerate(req_aff):
                if t.topology_key in labels and t.matches(rec.namespace, rec.labels):
                    pair = labels[t.topology_key]
                    aff_counts[i][pair] = aff_counts[i].get(pair, 0) + 1
            for t in req_anti:
                if t.topology_key in labels and t.matches(rec.namespace, rec.labels):
                    anti_counts.add((t.topology_key, labels[t.topology_key]))
        no_match_yet = req_aff and all(not c for c in aff_counts) and all(t.matches(pi.namespace, pi.labels) for t in req_aff)
        state["ipa"] = (req_aff, req_anti, existing_anti, aff_counts, anti_counts, no_match_yet)
        return None

    def filter(self, state, pi, ni):
        req_aff, req_anti, existing_anti, aff_counts, anti_counts, no_match_yet = state["ipa"]
        labels = ni.labels
        if existing_anti:
            for k, v in existing_anti:
                if labels.get(k) == v:
                    return _F_EXISTING
        if req_aff:
            ok = True
            for i, t in enumerate(req_aff):
                v = labels.get(t.topology_key)
                if v is None or not aff_counts[i].get(v):
                    ok = False
                    break
            if not ok:
                # A pod whose terms match itself may be the first of its group (filtering.go satisfyPodAffinity).
                if not (no_match_yet and all(t.topology_key in labels for t in req_aff)):
                    return _F_AFFINITY
        if req_anti and anti_counts:
            for t in req_anti:
                v = labels.get(t.topology_key)
                if v is not None and (t.topology_key, v) in anti_counts:
                    return _F_ANTI
        return None

    def pre_score(self, state, pi, nodes):
        pref_aff = affinity_terms(pi.affinity, pi.namespace, False)
        pref_anti = affinity_terms(pi.anti_affinity, pi.namespace, False)
        if not pref_aff and not pref_anti and not self.cache.pods_with_affinity and not self.cache.pods_with_anti_affinity:
            return True
        scores: dict = {}  # (key, value) -> score
        nodes_by_name = self.cache.nodes

        def add(key, labels, w):
            if key in labels:
                pair = (key, labels[key])
                scores[pair] = scores.get(pair, 0) + w

        for rec in self.cache.pods.values():
            ni = nodes_by_name.get(rec.node)
            if ni is None:
                continue
            labels = ni.labels
            for t in pref_aff:
                if t.matches(rec.namespace, rec.labels):
                    add(t.topology_key, labels, t.weight)
            for t in pref_anti:
                if t.matches(rec.namespace, rec.labels):
                    add(t.topology_key, labels, -t.weight)
            if rec.affinity:
                for t in _terms_of(rec, "affinity", True):
                    if t.matches(pi.namespace, pi.labels):
                        add(t.topology_key, labels, HARD_POD_AFFINITY_WEIGHT)
                for t in _terms_of(rec, "affinity", False):
                    if t.matches(pi.namespace, pi.labels):
                        add(t.topology_key, labels, t.weight)
            if rec.anti_affinity:
                for t in _terms_of(rec, "anti", False):
                    if t.matches(pi.namespace, pi.labels):
                        add(t.topology_key, labels, -t.weight)
        if not scores:
            return True
        state["ipa_score"] = scores
        return False

    def score(self, state, pi, nodes):
        scores = state["ipa_score"]
        out = []
        for ni in nodes:
            labels = ni.labels
            out.append(sum(s for (k, v), s in scores.items() if labels.get(k) == v))
        return out

    def normalize(self, state, nodes, scores):
        if not scores:
            return scores
        mn, mx = min(scores), max(scores)
        diff = mx - mn
        if diff <= 0:
            return [0] * len(scores)
        return [int(MAX_NODE_SCORE * ((s - mn) / diff)) for s in scores]
