"""Raw scores kept per node between scheduling cycles.

Most of a plugin's score on a node depends only on that node and on a few
inputs of the pod: its requests (NodeResourcesFit, BalancedAllocation), its
images and their spread (ImageLocality), how many pods of its own selector
the node already runs (PodTopologySpread's system defaults). Pods of one
ReplicaSet share those inputs, and one scheduling cycle changes one node.
So, like the NodeInfo snapshot upstream updates incrementally
(backend/cache/cache.go UpdateSnapshot), a plugin's per-node values are kept
for each key it names (``Plugin.memo_key``) and only the nodes the cache
reports changed since are recomputed; gathering the feasible nodes' values
is then one C-level ``itemgetter`` call instead of a Python loop per node.

The values are the plugin's own arithmetic (``Plugin.score_node``), so a
kept value always equals a fresh one: a test recomputes them all.
"""
from __future__ import annotations

from collections import OrderedDict

# Keys kept per cluster. Thirty Deployments scheduled at once interleave thirty
# PodTopologySpread selectors; one key costs one list as long as the node list.
MAX_KEYS = 96


class _Entry:
    __slots__ = ("values", "stale")

    def __init__(self, values: list):
        self.values = values
        self.stale: set[int] = set()


class ScoreMemo:
    def __init__(self):
        self.entries: OrderedDict = OrderedDict()
        self.layout = -1

    def sync(self, cache) -> None:
        """Take the cache's changed nodes: every kept value of theirs is recomputed on next use."""
        changed = cache.changed
        if cache.layout != self.layout:
            self.entries.clear()
            self.layout = cache.layout
        elif changed:
            for e in self.entries.values():
                e.stale |= changed
        changed.clear()

    def values(self, plugin, key, state: dict, pi, nodes: list) -> list:
        """The plugin's value on every node of ``nodes`` (the cache's node list), current."""
        k = (plugin.name, key)
        entries = self.entries
        e = entries.get(k)
        score_node = plugin.score_node
        if e is None:
            e = entries[k] = _Entry([score_node(state, pi, ni) for ni in nodes])
            if len(entries) > MAX_KEYS:
                entries.popitem(last=False)
            return e.values
        entries.move_to_end(k)
        if e.stale:
            vals = e.values
            for i in e.stale:
                vals[i] = score_node(state, pi, nodes[i])
            e.stale.clear()
        return e.values
