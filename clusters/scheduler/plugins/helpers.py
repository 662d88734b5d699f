"""Matching helpers shared by plugins: node selector terms, pod affinity terms
(tolerations are clusters.objects.tolerates, shared with the controllers).

Node selectors: k8s.io/component-helpers/scheduling/corev1/nodeaffinity.
Pod affinity terms: pkg/scheduler/framework/types.go AffinityTerm.Matches.
"""
from __future__ import annotations

from clusters import objects


def _expr_matches(expr: dict, labels: dict) -> bool:
    key = expr.get("key")
    op = expr.get("operator")
    vals = expr.get("values") or ()
    if op == "In":
        return key in labels and labels[key] in vals
    if op == "NotIn":
        return key not in labels or labels[key] not in vals
    if op == "Exists":
        return key in labels
    if op == "DoesNotExist":
        return key not in labels
    if op in ("Gt", "Lt"):
        try:
            v = int(labels[key])
            w = int(vals[0])
        except (KeyError, ValueError, IndexError, TypeError):
            return False
        return v > w if op == "Gt" else v < w
    return False


def _field_matches(expr: dict, node_name: str) -> bool:
    if expr.get("key") != "metadata.name":
        return False
    op = expr.get("operator")
    vals = expr.get("values") or ()
    if op == "In":
        return node_name in vals
    if op == "NotIn":
        return node_name not in vals
    return False


def term_matches(term: dict, labels: dict, node_name: str) -> bool:
    """A NodeSelectorTerm: all expressions and fields match; an empty term matches nothing."""
    exprs = term.get("matchExpressions") or ()
    fields = term.get("matchFields") or ()
    if not exprs and not fields:
        return False
    for e in exprs:
        if not _expr_matches(e, labels):
            return False
    for f in fields:
        if not _field_matches(f, node_name):
            return False
    return True


def required_node_affinity_matches(pi, labels: dict, node_name: str) -> bool:
    """GetRequiredNodeAffinity(pod).Match: nodeSelector AND any required term."""
    sel = pi.node_selector
    if sel:
        for k, v in sel.items():
            if labels.get(k) != v:
                return False
    na = pi.node_affinity
    if na:
        req = na.get("requiredDuringSchedulingIgnoredDuringExecution")
        if req is not None:
            for term in req.get("nodeSelectorTerms") or ():
                if term_matches(term, labels, node_name):
                    return True
            return False
    return True


class AffinityTerm:
    """A pod (anti-)affinity term compiled: namespaces, selector, topology key, weight."""

    __slots__ = ("namespaces", "all_namespaces", "selector", "topology_key", "weight")

    def __init__(self, term: dict, own_namespace: str, weight: int = 0):
        ns = term.get("namespaces") or []
        nsel = term.get("namespaceSelector")
        # An empty namespaceSelector ({}) selects every namespace; label-based ones are treated as all (documented gap).
        self.all_namespaces = nsel is not None and not ns
        self.namespaces = frozenset(ns) if ns else frozenset((own_namespace,))
        self.selector = objects.selector_from_label_selector(term.get("labelSelector"))
        self.topology_key = term.get("topologyKey") or ""
        self.weight = weight

    def matches(self, namespace: str, labels: dict) -> bool:
        if not self.all_namespaces and namespace not in self.namespaces:
            return False
        return self.selector.matches(labels)


def affinity_terms(spec_part: dict | None, namespace: str, required: bool) -> list[AffinityTerm]:
    if not spec_part:
        return []
    if required:
        return [AffinityTerm(t, namespace) for t in spec_part.get("requiredDuringSchedulingIgnoredDuringExecution") or ()]
    out = []
    for w in spec_part.get("preferredDuringSchedulingIgnoredDuringExecution") or ():
        out.append(AffinityTerm(w.get("podAffinityTerm") or {}, namespace, int(w.get("weight") or 0)))
    return out
