"""What the scheduler decided and why, kept for every scheduling attempt.

A Decision holds, for one attempt at one pod: every node's filter verdict (the
plugin that rejected it and its reasons), each score plugin's raw and
normalised score per feasible node (weighted = normalised × weight), the
total, the chosen node and how ties were broken. ``sim scores POD`` prints
``render()``; labs read ``as_dict()`` or ``decided_by()``.

Memory is bounded: the newest MAX_DECISIONS attempts are kept, and older
ones are dropped first once their node entries exceed MAX_ENTRIES in total
(a decision on 5,000 nodes holds about 500 scored nodes).
"""
from __future__ import annotations

from collections import OrderedDict

from clusters import timeutil

MAX_DECISIONS = 1000
MAX_ENTRIES = 1_000_000


class Decision:
    __slots__ = ("namespace", "pod", "uid", "time", "attempt", "node", "message", "num_nodes", "evaluated",
                 "start_index", "to_find", "filtered", "feasible", "plugins", "weights", "raw", "normalized",
                 "skipped", "totals", "ties", "nominated", "victims", "postfilter")

    def __init__(self, namespace: str, pod: str, uid: str, time: float, attempt: int):
        self.namespace = namespace
        self.pod = pod
        self.uid = uid
        self.time = time
        self.attempt = attempt
        self.node: str | None = None
        self.message = ""
        self.num_nodes = 0
        self.evaluated = 0
        self.start_index = 0
        self.to_find = 0
        self.filtered: dict[str, tuple[str, tuple]] = {}  # node -> (plugin, reasons)
        self.feasible: list[str] = []
        self.plugins: list[str] = []  # score plugins that ran, in order
        self.weights: dict[str, int] = {}
        self.raw: dict[str, list[int]] = {}
        self.normalized: dict[str, list[int]] = {}
        self.skipped: list[str] = []  # score plugins whose PreScore said Skip
        self.totals: list[int] = []
        self.ties = 1
        self.nominated: str | None = None
        self.victims: list[str] = []
        self.postfilter = ""

    def entries(self) -> int:
        return len(self.filtered) + len(self.feasible) * (len(self.plugins) + 1) + 1

    # -- reading ------------------------------------------------------------------
    def scores_of(self, node: str) -> dict[str, dict]:
        i = self.feasible.index(node)
        out = {}
        for p in self.plugins:
            n = self.normalized[p][i]
            out[p] = {"raw": self.raw[p][i], "normalized": n, "weight": self.weights[p], "weighted": n * self.weights[p]}
        return out

    def decided_by(self) -> str | None:
        """The score plugin that most separates the chosen node from the best other node.

        None when scoring did not run (one feasible node, or none) or when the
        chosen node won only the random tie-break.
        """
        if self.node is None or len(self.feasible) < 2 or not self.plugins:
            return None
        i = self.feasible.index(self.node)
        best_other = max((j for j in range(len(self.feasible)) if j != i), key=lambda j: (self.totals[j], -j))
        if self.totals[best_other] == self.totals[i]:
            return None
        diffs = [(self.normalized[p][i] * self.weights[p] - self.normalized[p][best_other] * self.weights[p], p)
                 for p in self.plugins]
        d, p = max(diffs, key=lambda x: x[0])
        return p if d > 0 else None

    def as_dict(self) -> dict:
        return {
            "namespace": self.namespace, "pod": self.pod, "uid": self.uid, "time": self.time,
            "attempt": self.attempt, "node": self.node, "message": self.message,
            "numNodes": self.num_nodes, "evaluatedNodes": self.evaluated, "startIndex": self.start_index,
            "numFeasibleNodesToFind": self.to_find,
            "filtered": {n: {"plugin": p, "reasons": list(r)} for n, (p, r) in self.filtered.items()},
            "feasible": list(self.feasible),
            "scores": {n: self.scores_of(n) for n in self.feasible} if self.plugins else {},
            "skippedScorePlugins": list(self.skipped),
            "totals": dict(zip(self.feasible, self.totals)),
            "tiedNodes": self.ties, "decidedBy": self.decided_by(),
            "nominatedNode": self.nominated, "victims": list(self.victims),
        }

    def render(self, epoch: float = 0.0, limit: int = 20) -> str:
        """The text ``sim scores POD`` prints."""
        when = timeutil.rfc3339(epoch + self.time)
        lines = []
        head = f"Pod {self.namespace}/{self.pod}, attempt {self.attempt} at {when}: "
        if self.node:
            head += f"scheduled on {self.node}"
        else:
            head += "unschedulable"
        lines.append(head)
        lines.append(f"Nodes: {self.num_nodes} in the cluster, {self.evaluated} evaluated "
                     f"(from index {self.start_index}, looking for {self.to_find} feasible), "
                     f"{len(self.feasible)} feasible")
        if self.filtered:
            lines.append("")
            lines.append("Filtered out:")
            w = max(len(n) for n in self.filtered)
            pw = max(len(p) for p, _ in self.filtered.values())
            for i, (n, (p, r)) in enumerate(sorted(self.filtered.items())):
                if i >= limit:
                    lines.append(f"  … and {len(self.filtered) - limit} more")
                    break
                lines.append(f"  {n.ljust(w)}  {p.ljust(pw)}  {', '.join(r)}")
        if self.plugins and len(self.feasible) > 1:
            lines.append("")
            lines.append("Scores (raw → normalised × weight = weighted):")
            cols = ["NODE"] + [f"{p}(×{self.weights[p]})" for p in self.plugins] + ["TOTAL"]
            rows = []
            order = sorted(range(len(self.feasible)), key=lambda j: (-self.totals[j], j))
            for k, j in enumerate(order):
                if k >= limit:
                    break
                row = [self.feasible[j] + (" *" if self.feasible[j] == self.node else "")]
                for p in self.plugins:
                    raw, n = self.raw[p][j], self.normalized[p][j]
                    row.append(f"{raw}→{n}={n * self.weights[p]}" if raw != n else f"{n}={n * self.weights[p]}")
                row.append(str(self.totals[j]))
                rows.append(row)
            widths = [max(len(r[i]) for r in rows + [cols]) for i in range(len(cols))]
            lines.append("  " + "  ".join(c.ljust(widths[i]) for i, c in enumerate(cols)).rstrip())
            for r in rows:
                lines.append("  " + "  ".join(c.ljust(widths[i]) for i, c in enumerate(r)).rstrip())
            if len(order) > limit:
                lines.append(f"  … and {len(order) - limit} more")
            if self.skipped:
                lines.append(f"Skipped (nothing to score): {', '.join(self.skipped)}")
        lines.append("")
        if self.node:
            if len(self.feasible) == 1:
                lines.append(f"Chosen: {self.node}, the only feasible node (scoring skipped).")
            else:
                by = self.decided_by()
                total = self.totals[self.feasible.index(self.node)]
                s = f"Chosen: {self.node} with total {total}"
                if by:
                    s += f"; decided by {by}"
                if self.ties > 1:
                    s += f"; picked at random among {self.ties} nodes with the top score"
                lines.append(s + ".")
        else:
            lines.append(f"FailedScheduling: {self.message}")
            if self.nominated:
                lines.append(f"Preemption: nominated {self.nominated}, evicting {', '.join(self.victims)}")
        return "\n".join(lines) + "\n"


class DecisionLog:
    """Bounded store of decisions: the latest per pod, newest MAX_DECISIONS overall."""

    def __init__(self, max_decisions: int = MAX_DECISIONS, max_entries: int = MAX_ENTRIES):
        self.max_decisions = max_decisions
        self.max_entries = max_entries
        self._by_seq: OrderedDict[int, Decision] = OrderedDict()
        self._latest: dict[tuple[str, str], list[int]] = {}
        self._seq = 0
        self._entries = 0

    def __len__(self) -> int:
        return len(self._by_seq)

    def add(self, d: Decision) -> None:
        self._seq += 1
        self._by_seq[self._seq] = d
        self._latest.setdefault((d.namespace, d.pod), []).append(self._seq)
        self._entries += d.entries()
        while len(self._by_seq) > self.max_decisions or (self._entries > self.max_entries and len(self._by_seq) > 1):
            seq, old = self._by_seq.popitem(last=False)
            self._entries -= old.entries()
            k = (old.namespace, old.pod)
            seqs = self._latest.get(k)
            if seqs:
                seqs.remove(seq)
                if not seqs:
                    del self._latest[k]

    def latest(self, namespace: str, pod: str) -> Decision | None:
        seqs = self._latest.get((namespace, pod))
        return self._by_seq[seqs[-1]] if seqs else None

    def history(self, namespace: str, pod: str) -> list[Decision]:
        return [self._by_seq[s] for s in self._latest.get((namespace, pod), ())]

    def recent(self, n: int = 20) -> list[Decision]:
        return list(self._by_seq.values())[-n:]
