"""Running counts of a ReplicaSet's pods, kept up to date by the pod handlers.

syncReplicaSet recomputes status from every pod it owns on every sync; in
virtual time every pod's state change triggers its own sync, so doing that
literally costs O(pods²) for a large ReplicaSet. A ``Tally`` keeps, per
owned pod, the facts calculateStatus counts (active, matches the selector,
fully labelled, ready, ready since) and their totals, adjusted in O(1) per
pod event, so a sync reads the same numbers in O(1). The selector is
immutable in apps/v1; a change of template labels or minReadySeconds drops
the tally and the next sync rebuilds it from the owner index.
"""
from __future__ import annotations

from clusters import objects, timeutil
from clusters.controllers import controller_utils as cu


class Tally:
    __slots__ = ("uid", "selector", "template_labels", "min_ready", "facts", "matching", "nonmatching", "fully", "ready")

    def __init__(self, rs: dict):
        self.uid = rs["metadata"]["uid"]
        self.selector = objects.selector_from_label_selector(rs["spec"].get("selector"))
        self.template_labels = tuple(sorted(((rs["spec"].get("template") or {}).get("metadata") or {}).get("labels", {}).items()))
        self.min_ready = rs["spec"].get("minReadySeconds") or 0
        # pod name -> (matches, fully, ready, ready since) for active pods
        self.facts: dict[str, tuple] = {}
        self.matching = self.nonmatching = self.fully = self.ready = 0

    def still_valid_for(self, rs: dict) -> bool:
        tl = tuple(sorted(((rs["spec"].get("template") or {}).get("metadata") or {}).get("labels", {}).items()))
        return tl == self.template_labels and (rs["spec"].get("minReadySeconds") or 0) == self.min_ready

    def observe(self, name: str, pod: dict | None) -> None:
        old = self.facts.pop(name, None)
        if old is not None:
            self._add(old, -1)
        if pod is None or not cu.is_pod_active(pod):
            return
        labels = pod["metadata"].get("labels") or {}
        matches = self.selector.matches(labels)
        fully = matches and all(labels.get(k) == v for k, v in self.template_labels)
        ready = False
        since = None
        if matches:
            c = cu.ready_condition(pod)
            if c is not None and c.get("status") == "True":
                ready = True
                since = c.get("lastTransitionTime")
        fact = (matches, fully, ready, since)
        self.facts[name] = fact
        self._add(fact, 1)

    def _add(self, fact: tuple, sign: int) -> None:
        if fact[0]:
            self.matching += sign
            if fact[1]:
                self.fully += sign
            if fact[2]:
                self.ready += sign
        else:
            self.nonmatching += sign

    def available(self, now: float) -> int:
        """IsPodAvailable over the ready pods: ready for more than minReadySeconds."""
        if not self.min_ready:
            return self.ready
        n = 0
        for matches, _, ready, since in self.facts.values():
            if ready and since and timeutil.parse_rfc3339(since) + self.min_ready < now:
                n += 1
        return n
