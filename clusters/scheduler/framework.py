"""The scheduling framework: statuses, plugin shape, the per-attempt pod view, FitError text.

Shaped after pkg/scheduler/framework/interface.go and runtime/framework.go:
plugins implement PreFilter/Filter/PreScore/Score/NormalizeScore; a filter
answers per node, a score plugin here answers for the whole list of feasible
nodes at once (one list comprehension is many times cheaper in Python than a
call per node), or per node through the score memo (score_memo.py). Score plugins that upstream normalises (TaintToleration,
NodeAffinity, PodTopologySpread, InterPodAffinity) implement ``normalize``.
"""
from __future__ import annotations

from clusters.scheduler.cache import normalized_image_name, pod_requests, host_ports, scalar_requests

# framework/interface.go Code
SUCCESS = 0
ERROR = 1
UNSCHEDULABLE = 2
UNRESOLVABLE = 3  # UnschedulableAndUnresolvable
SKIP = 5

MAX_NODE_SCORE = 100  # framework.MaxNodeScore

# framework/types.go
NO_NODE_AVAILABLE_MSG = "0/{} nodes are available"


class Status:
    __slots__ = ("code", "reasons", "plugin")

    def __init__(self, code: int, reasons: tuple = (), plugin: str = ""):
        self.code = code
        self.reasons = reasons
        self.plugin = plugin

    def message(self) -> str:
        return ", ".join(self.reasons)

    def __repr__(self) -> str:
        return f"Status({self.code}, {self.reasons!r}, {self.plugin!r})"


SKIP_STATUS = Status(SKIP)


class PreFilterResult:
    """framework.PreFilterResult with NodeNames: only these nodes need be filtered."""
    __slots__ = ("node_names",)

    def __init__(self, node_names: frozenset):
        self.node_names = node_names


class Plugin:
    name = ""
    weight = 0  # score weight; 0 for filter-only plugins

    def __init__(self, scheduler):
        self.scheduler = scheduler
        self.cache = scheduler.cache

    # Filter side: pre_filter returns None (run filter), SKIP_STATUS, a failing Status for every
    # node, or a PreFilterResult (run filter on those nodes only).
    def pre_filter(self, state: dict, pi: "PodInfo"):
        return SKIP_STATUS

    def filter(self, state: dict, pi: "PodInfo", ni) -> Status | None:
        return None

    # Score side: pre_score returns True to skip; score returns raw scores for nodes.
    def pre_score(self, state: dict, pi: "PodInfo", nodes: list) -> bool:
        return True

    def score(self, state: dict, pi: "PodInfo", nodes: list) -> list[int]:
        return [0] * len(nodes)

    normalize = None  # optional: (state, nodes, scores) -> list[int]

    # Optional per-node memo (score_memo.py). A plugin whose value on a node
    # depends only on that node and on some inputs of the pod names those inputs
    # as a hashable key; the scheduler then keeps score_node's value per node and
    # key, recomputes a node's only when the node changes, and hands the values of
    # the feasible nodes to finish(), which turns them into raw scores.
    def memo_key(self, state: dict, pi: "PodInfo"):
        return None

    def score_node(self, state: dict, pi: "PodInfo", ni) -> int:
        raise NotImplementedError

    def finish(self, state: dict, pi: "PodInfo", values) -> list[int]:
        return values


def default_normalize(scores: list[int], reverse: bool) -> list[int]:
    """framework/plugins/helper/normalize_score.go DefaultNormalizeScore."""
    mx = max(scores) if scores else 0
    if mx == 0:
        return [MAX_NODE_SCORE] * len(scores) if reverse else list(scores)
    if reverse:
        return [MAX_NODE_SCORE - MAX_NODE_SCORE * s // mx for s in scores]
    return [MAX_NODE_SCORE * s // mx for s in scores]


class PodInfo:
    """The pod being scheduled, with what every plugin needs computed once (framework.PodInfo)."""

    __slots__ = ("pod", "key", "uid", "namespace", "name", "labels", "spec", "cpu", "mem", "nz_cpu", "nz_mem",
                 "scalar", "ports", "tolerations", "node_name", "priority", "images", "n_containers", "affinity",
                 "anti_affinity", "node_affinity", "node_selector")

    def __init__(self, pod: dict):
        m = pod["metadata"]
        spec = pod["spec"]
        self.pod = pod
        self.namespace = m["namespace"]
        self.name = m["name"]
        self.key = f"{self.namespace}/{self.name}"
        self.uid = m.get("uid")
        self.labels = m.get("labels") or {}
        self.spec = spec
        self.cpu, self.mem, self.nz_cpu, self.nz_mem = pod_requests(spec)
        self.scalar = scalar_requests(spec)
        self.ports = host_ports(spec)
        self.tolerations = spec.get("tolerations") or []
        self.node_name = spec.get("nodeName") or ""
        self.priority = spec.get("priority") or 0
        imgs = []
        for c in spec.get("initContainers") or ():
            if c.get("image"):
                imgs.append(normalized_image_name(c["image"]))
        for c in spec.get("containers") or ():
            if c.get("image"):
                imgs.append(normalized_image_name(c["image"]))
        self.images = imgs
        self.n_containers = len(spec.get("initContainers") or ()) + len(spec.get("containers") or ())
        aff = spec.get("affinity") or {}
        self.affinity = aff.get("podAffinity") or None
        self.anti_affinity = aff.get("podAntiAffinity") or None
        self.node_affinity = aff.get("nodeAffinity") or None
        self.node_selector = spec.get("nodeSelector") or None


def fit_error_message(num_all_nodes: int, statuses: dict, prefilter_msg: str = "", postfilter_msg: str = "") -> str:
    """FitError.Error() (framework/types.go): "0/N nodes are available: <sorted histogram>." + PostFilter text."""
    msg = NO_NODE_AVAILABLE_MSG.format(num_all_nodes) + ":"
    if prefilter_msg:
        msg += f" {prefilter_msg}."
    else:
        hist: dict[str, int] = {}
        for st in statuses.values():
            for r in st.reasons:
                hist[r] = hist.get(r, 0) + 1
        parts = sorted(f"{v} {k}" for k, v in hist.items())
        if parts:
            msg += f" {', '.join(parts)}."
    if postfilter_msg:
        msg += f" {postfilter_msg}."
    return msg


def num_feasible_nodes_to_find(num_all_nodes: int, percentage: int = 0) -> int:
    """schedule_one.go numFeasibleNodesToFind (minFeasibleNodesToFind 100, minimum 5 %)."""
    if num_all_nodes < 100:
        return num_all_nodes
    if percentage == 0:
        percentage = 50 - num_all_nodes // 125
        if percentage < 5:
            percentage = 5
    n = num_all_nodes * percentage // 100
    return 100 if n < 100 else n
