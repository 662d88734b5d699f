"""PodTopologySpread (framework/plugins/podtopologyspread/{filtering,scoring,plugin}.go).

Filter: for each DoNotSchedule constraint, the skew of placing the pod in the
node's domain (matching pods there + 1 if the pod matches its own selector −
the global minimum) must not exceed maxSkew; a node missing the topology key
fails UnschedulableAndUnresolvable.
Score (weight 2): ScheduleAnyway constraints, or the system defaults
(hostname maxSkew 3, zone maxSkew 5) for pods selected by a Service or owned
by a ReplicaSet/StatefulSet/ReplicationController (helper.DefaultSelector);
score = Σ count·log(size+2) + (maxSkew − 1), then normalised so the least
crowded node gets 100.
"""
from __future__ import annotations

import math

from clusters import objects
from clusters.scheduler.framework import (MAX_NODE_SCORE, SKIP_STATUS, UNRESOLVABLE, UNSCHEDULABLE, Plugin,
                                          Status)
from clusters.scheduler.plugins.helpers import required_node_affinity_matches

ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints"
ERR_REASON_NODE_LABEL_NOT_MATCH = ERR_REASON_CONSTRAINTS_NOT_MATCH + " (missing required label)"
_SKEW = Status(UNSCHEDULABLE, (ERR_REASON_CONSTRAINTS_NOT_MATCH,), "PodTopologySpread")
_LABEL = Status(UNRESOLVABLE, (ERR_REASON_NODE_LABEL_NOT_MATCH,), "PodTopologySpread")

HOSTNAME = "kubernetes.io/hostname"
ZONE = "topology.kubernetes.io/zone"
# plugin.go systemDefaultConstraints
SYSTEM_DEFAULT_CONSTRAINTS = ((HOSTNAME, 3), (ZONE, 5))


class Constraint:
    __slots__ = ("max_skew", "key", "selector", "min_domains", "self_match", "selector_key")

    def __init__(self, max_skew: int, key: str, selector, min_domains: int, self_match: bool):
        self.max_skew = max_skew
        self.key = key
        self.selector = selector
        self.min_domains = min_domains
        self.self_match = self_match
        self.selector_key = (selector.nothing, tuple((r.key, r.op, tuple(r.values)) for r in selector.requirements))


def _count(ni, c: Constraint, namespace: str) -> int:
    """countPodsMatchSelector: same namespace, not terminating, matching the selector.

    Kept per node and selector until a pod on the node changes: pods of one
    ReplicaSet are scheduled one after another with the same selector, and
    each placement changes one node only.
    """
    key = (namespace, c.selector_key)
    hit = ni.counts.get(key)
    if hit is not None and hit[0] == ni.version:
        return hit[1]
    n = 0
    sel = c.selector
    for rec in ni.pods.values():
        if rec.namespace == namespace and not rec.pod["metadata"].get("deletionTimestamp") and sel.matches(rec.labels):
            n += 1
    if len(ni.counts) > 64:
        ni.counts.clear()
    ni.counts[key] = (ni.version, n)
    return n


class PodTopologySpread(Plugin):
    name = "PodTopologySpread"
    weight = 2

    def _constraints(self, pi, when: str) -> list[Constraint]:
        out = []
        for c in pi.spec.get("topologySpreadConstraints") or ():
            if c.get("whenUnsatisfiable", "DoNotSchedule") != when:
                continue
            ls = objects.clone(c.get("labelSelector")) if c.get("labelSelector") is not None else None
            for k in c.get("matchLabelKeys") or ():
                if k in pi.labels and ls is not None:
                    ls.setdefault("matchExpressions", []).append({"key": k, "operator": "In", "values": [pi.labels[k]]})
            sel = objects.selector_from_label_selector(ls)
            out.append(Constraint(int(c.get("maxSkew") or 1), c.get("topologyKey") or "", sel,
                                  int(c.get("minDomains") or 1), sel.matches(pi.labels)))
        return out

    def _default_selector(self, pi):
        api = self.scheduler.api
        reqs = []
        merged: dict = {}
        for svc in api.list("services", pi.namespace):
            sel = (svc.get("spec") or {}).get("selector")
            if sel and objects.selector_from_map(sel).matches(pi.labels):
                merged.update(sel)
        reqs = [objects.Requirement(k, "=", (v,)) for k, v in sorted(merged.items())]
        owner = objects.controller_of(pi.pod)
        if owner is not None and owner.get("kind") in ("ReplicaSet", "StatefulSet", "ReplicationController"):
            res = {"ReplicaSet": "replicasets", "StatefulSet": "statefulsets",
                   "ReplicationController": "replicationcontrollers"}[owner["kind"]]
            o = api.try_get(res, owner.get("name", ""), pi.namespace)
            if o is not None:
                sel = (o.get("spec") or {}).get("selector")
                if owner["kind"] == "ReplicationController":
                    reqs += objects.selector_from_map(sel).requirements
                else:
                    reqs += objects.selector_from_label_selector(sel).requirements
        return objects.Selector(reqs) if reqs else None

    # -- filter -------------------------------------------------------------------
    def pre_filter(self, state, pi):
        cons = self._constraints(pi, "DoNotSchedule")
        if not cons:
            return SKIP_STATUS
        counts = [dict() for _ in cons]
        for ni in self.cache.order:
            if ni.node is None or not required_node_affinity_matches(pi, ni.labels, ni.name):
                continue
            labels = ni.labels
            if any(c.key not in labels for c in cons):
                continue
            for i, c in enumerate(cons):
                v = labels[c.key]
                counts[i][v] = counts[i].get(v, 0) + _count(ni, c, pi.namespace)
        mins = []
        for i, c in enumerate(cons):
            vals = counts[i].values()
            m = min(vals) if vals else 0
            if len(counts[i]) < c.min_domains:
                m = 0
            mins.append(m)
        state["pts"] = (cons, counts, mins)
        return None

    def filter(self, state, pi, ni):
        cons, counts, mins = state["pts"]
        labels = ni.labels
        for i, c in enumerate(cons):
            v = labels.get(c.key)
            if v is None:
                return _LABEL
            match = counts[i].get(v, 0)
            skew = match + (1 if c.self_match else 0) - mins[i]
            if skew > c.max_skew:
                return _SKEW
        return None

    # -- score --------------------------------------------------------------------
    def pre_score(self, state, pi, nodes):
        cons = self._constraints(pi, "ScheduleAnyway")
        system = False
        if not pi.spec.get("topologySpreadConstraints"):
            sel = self._default_selector(pi)
            if sel is None:
                return True
            cons = [Constraint(skew, key, sel, 1, sel.matches(pi.labels)) for key, skew in SYSTEM_DEFAULT_CONSTRAINTS]
            system = True
        if not cons:
            return True
        require_all = not system
        ignored = set()
        if require_all:
            ignored = {ni.name for ni in nodes if any(c.key not in ni.labels for c in cons)}
        values: list[dict] = []
        for c in cons:
            if c.key == HOSTNAME:
                values.append({})
                continue
            key = c.key
            # TopologyPairToPodCounts: one entry per value seen among the
            # scored nodes (a node without the label counts as value "").
            if not self.cache.any_node_labelled(key):
                values.append({"": 0} if len(ignored) < len(nodes) else {})
                continue
            values.append(dict.fromkeys({ni.labels.get(key, "") for ni in nodes if ni.name not in ignored}, 0))
        weights = []
        for i, c in enumerate(cons):
            size = (len(nodes) - len(ignored)) if c.key == HOSTNAME else len(values[i])
            weights.append(math.log(size + 2))
        need_all = any(c.key != HOSTNAME and any(v for v in values[i]) for i, c in enumerate(cons))
        if need_all:
            for ni in self.cache.order:
                if ni.node is None or not required_node_affinity_matches(pi, ni.labels, ni.name):
                    continue
                if require_all and any(c.key not in ni.labels for c in cons):
                    continue
                for i, c in enumerate(cons):
                    if c.key == HOSTNAME:
                        continue
                    v = ni.labels.get(c.key, "")
                    if not v or v not in values[i]:
                        continue
                    values[i][v] += _count(ni, c, pi.namespace)
        state["pts_score"] = (cons, values, weights, ignored)
        return False

    def memo_key(self, state, pi):
        cons, values, weights, ignored = state["pts_score"]
        if len(cons) == 2 and cons[0].key == HOSTNAME and not ignored and not any(values[1]):
            # The system defaults on nodes without zone labels (kind's, ours): only
            # the count of the pod's own kind on each node varies from node to node.
            return (pi.namespace, cons[0].selector_key, cons[1].key)
        return None

    def score_node(self, state, pi, ni):
        """The node's matching-pod count, doubled, plus one if it has the zone label."""
        cons = state["pts_score"][0]
        return 2 * _count(ni, cons[0], pi.namespace) + (cons[1].key in ni.labels)

    def finish(self, state, pi, values):
        # score = count·log(size+2) + (maxSkew − 1) for the hostname, plus the zone's
        # constant (maxSkew − 1) where the node has the label; the same arithmetic as
        # score(), one table entry per distinct value.
        cons, _, weights, _ = state["pts_score"]
        w, base, zbase = weights[0], cons[0].max_skew - 1, cons[1].max_skew - 1
        floor = math.floor
        table = [int(floor((v >> 1) * w + base + (zbase if v & 1 else 0) + 0.5)) for v in range(max(values) + 1)]
        return [table[v] for v in values]

    def score(self, state, pi, nodes):
        cons, values, weights, ignored = state["pts_score"]
        ns = pi.namespace
        floor = math.floor
        out = []
        for ni in nodes:
            if ni.name in ignored:
                out.append(0)
                continue
            s = 0.0
            for i, c in enumerate(cons):
                v = ni.labels.get(c.key)
                if v is None:
                    continue
                cnt = _count(ni, c, ns) if c.key == HOSTNAME else values[i].get(v, 0)
                s += cnt * weights[i] + (c.max_skew - 1)
            out.append(int(floor(s + 0.5)))
        return out

    def normalize(self, state, nodes, scores):
        ignored = state["pts_score"][3]
        if not ignored:
            if not scores:
                return []
            mn, mx = min(scores), max(scores)
            if mx == 0:
                return [MAX_NODE_SCORE] * len(scores)
            k = mx + mn
            return [MAX_NODE_SCORE * (k - s) // mx for s in scores]
        valid = [s for ni, s in zip(nodes, scores) if ni.name not in ignored]
        if not valid:
            return [0] * len(scores)
        mn, mx = min(valid), max(valid)
        out = []
        for ni, s in zip(nodes, scores):
            if ni.name in ignored:
                out.append(0)
            elif mx == 0:
                out.append(MAX_NODE_SCORE)
            else:
                out.append(MAX_NODE_SCORE * (mx + mn - s) // mx)
        return out
