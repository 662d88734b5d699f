"""The cluster role aggregation controller, after kubernetes/kubernetes:
pkg/controller/clusterroleaggregation/clusterroleaggregation_controller.go (1.32).

A ClusterRole with an ``aggregationRule`` gets, as its rules, the rules of
every other ClusterRole its selectors match: selector by selector, the
matching roles in name order, each rule once (Semantic.DeepEqual). Any change
to any ClusterRole enqueues every aggregated one, since the dependency graph
is not tracked (enqueue). When the union equals the rules already there
(an empty union equals none at all), nothing is written; otherwise the rules
are replaced, as the controller's server-side apply with Force does.
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import errors
from clusters.controllers.base import Controller


def _semantic(rule: dict) -> dict:
    """equality.Semantic: an empty list is a missing one."""
    return {k: v for k, v in rule.items() if v not in (None, [], "")}


class ClusterRoleAggregationController(Controller):
    name = "clusterrole-aggregation-controller"

    def start(self) -> None:
        self.cluster.informers.on("clusterroles", add=self._changed, update=self._updated, delete=self._changed)
        self._changed(None)

    def _updated(self, _old, role) -> None:
        self._changed(role)

    def _changed(self, _role) -> None:
        for role in self.api.list("clusterroles"):
            if role.get("aggregationRule") is not None:
                self.enqueue(role["metadata"]["name"])

    def sync(self, key: str):
        role = self.api.try_get("clusterroles", key)
        if role is None or role.get("aggregationRule") is None:
            return None
        rules: list[dict] = []
        seen: list[dict] = []
        everything = self.api.list("clusterroles")  # name order, as byName sorts them
        for selector in (role["aggregationRule"] or {}).get("clusterRoleSelectors") or []:
            sel = objects.selector_from_label_selector(selector)
            for other in everything:
                if other["metadata"]["name"] == key or not sel.matches(objects.labels_of(other)):
                    continue
                for rule in other.get("rules") or []:
                    if _semantic(rule) not in seen:
                        seen.append(_semantic(rule))
                        rules.append(rule)
        if seen == [_semantic(r) for r in role.get("rules") or []]:
            return None
        new = objects.clone(role)
        new["rules"] = objects.clone(rules)
        try:
            self.client.update("clusterroles", new)
        except errors.StatusError as e:
            if e.reason not in ("Conflict", "NotFound"):
                raise
            if e.reason == "Conflict":
                self.enqueue(key)
        return None
