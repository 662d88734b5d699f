"""The scheduler's cache: one NodeInfo per node with aggregates kept incrementally.

Upstream's scheduler cache (pkg/scheduler/backend/cache/cache.go) keeps a
NodeInfo per node (pkg/scheduler/framework/types.go) whose Requested,
NonZeroRequested, UsedPorts and ImageStates are updated as pods are added and
removed, so that a filter or score never re-sums a node's pods. This cache does
the same from informer events: a pod counts against its node from the moment
it is bound until it is deleted or reaches a terminal phase (the scheduler's pod
informer filters out Succeeded and Failed pods, scheduler.go newPodInformer).

Nodes are kept in insertion order, which is the order upstream's node tree
lists them when nodes carry no zone label (backend/cache/node_tree.go).
"""
from __future__ import annotations

from clusters import objects

# pkg/scheduler/util/pod_resources.go: requests used for scoring when a
# container sets none (DefaultMilliCPURequest, DefaultMemoryRequest).
DEFAULT_MILLI_CPU_REQUEST = 100
DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024

TERMINAL_PHASES = ("Succeeded", "Failed")


def normalized_image_name(name: str) -> str:
    """Fully qualify an image reference (docker reference ParseNormalizedNamed + default tag).

    Node status lists names as containerd reports them (docker.io/library/nginx:1.27);
    pods say ``nginx:1.27``. Both sides are normalised so they compare equal.
    """
    if "@" in name:
        repo, _, digest = name.partition("@")
        tag = "@" + digest
    else:
        tail = name.rsplit("/", 1)[-1]
        if ":" in tail:
            repo, _, t = name.rpartition(":")
            tag = ":" + t
        else:
            repo, tag = name, ":latest"
    first = repo.split("/", 1)[0]
    if "/" not in repo:
        repo = "docker.io/library/" + repo
    elif not ("." in first or ":" in first or first == "localhost"):
        repo = "docker.io/" + repo
    return repo + tag


class PodRec:
    """What the cache keeps of an assigned pod."""

    __slots__ = ("key", "uid", "node", "namespace", "labels", "cpu", "mem", "nz_cpu", "nz_mem", "scalar", "ports",
                 "priority", "affinity", "anti_affinity", "start", "pod")

    def __init__(self, pod: dict, node: str):
        m = pod["metadata"]
        spec = pod["spec"]
        self.key = f"{m['namespace']}/{m['name']}"
        self.uid = m.get("uid")
        self.node = node
        self.namespace = m["namespace"]
        self.labels = m.get("labels") or {}
        self.cpu, self.mem, self.nz_cpu, self.nz_mem = pod_requests(spec)
        self.scalar = scalar_requests(spec)
        self.ports = host_ports(spec)
        self.priority = spec.get("priority") or 0
        aff = spec.get("affinity") or {}
        self.affinity = aff.get("podAffinity") or None
        self.anti_affinity = aff.get("podAntiAffinity") or None
        self.start = (pod.get("status") or {}).get("startTime") or m.get("creationTimestamp") or ""
        self.pod = pod


def pod_requests(spec: dict) -> tuple[int, int, int, int]:
    """(cpu milli, memory bytes, non-zero cpu, non-zero memory): PodRequests with init containers.

    k8s.io/component-helpers/resource/helpers.go PodRequests and
    pkg/scheduler/util/pod_resources.go GetNonzeroRequests.
    """
    cpu = mem = nz_cpu = nz_mem = 0
    for c in spec.get("containers") or ():
        req = (c.get("resources") or {}).get("requests") or {}
        v = req.get("cpu")
        cc = objects.milli_cpu(v) if v is not None else 0
        nz_cpu += cc if v is not None else DEFAULT_MILLI_CPU_REQUEST
        v = req.get("memory")
        mm = objects.bytes_of(v) if v is not None else 0
        nz_mem += mm if v is not None else DEFAULT_MEMORY_REQUEST
        cpu += cc
        mem += mm
    for c in spec.get("initContainers") or ():
        req = (c.get("resources") or {}).get("requests") or {}
        v = req.get("cpu")
        cc = objects.milli_cpu(v) if v is not None else 0
        nz_cpu = max(nz_cpu, cc if v is not None else DEFAULT_MILLI_CPU_REQUEST)
        v = req.get("memory")
        mm = objects.bytes_of(v) if v is not None else 0
        nz_mem = max(nz_mem, mm if v is not None else DEFAULT_MEMORY_REQUEST)
        cpu = max(cpu, cc)
        mem = max(mem, mm)
    ov = spec.get("overhead") or {}
    if ov.get("cpu") is not None:
        o = objects.milli_cpu(ov["cpu"])
        cpu += o
        nz_cpu += o
    if ov.get("memory") is not None:
        o = objects.bytes_of(ov["memory"])
        mem += o
        nz_mem += o
    return cpu, mem, nz_cpu, nz_mem


# framework/types.go Resource.Add: these have fields of their own; every other name is a scalar resource.
_NATIVE = frozenset({"cpu", "memory", "ephemeral-storage", "pods"})


def _is_scalar(name: str) -> bool:
    """schedutil.IsScalarResourceName: extended (a domain-qualified name), hugepages-*, prefixed native."""
    return name not in _NATIVE and ("/" in name or name.startswith("hugepages-"))


def scalar_requests(spec: dict) -> dict | None:
    """The pod's requests of scalar resources (example.com/dongle, hugepages-2Mi), as PodRequests sums
    them: containers added, each init container a floor, overhead on top; None when there are none,
    which is nearly every pod, so the common case costs one look at each container's requests."""
    out: dict | None = None
    for c in spec.get("containers") or ():
        req = (c.get("resources") or {}).get("requests")
        if req and (len(req) > 2 or any(_is_scalar(k) for k in req)):
            for k, v in req.items():
                if _is_scalar(k):
                    out = out or {}
                    out[k] = out.get(k, 0) + objects.bytes_of(v)
    for c in spec.get("initContainers") or ():
        req = (c.get("resources") or {}).get("requests")
        for k, v in (req or {}).items():
            if _is_scalar(k):
                out = out or {}
                out[k] = max(out.get(k, 0), objects.bytes_of(v))
    for k, v in (spec.get("overhead") or {}).items():
        if out and _is_scalar(k):
            out[k] = out.get(k, 0) + objects.bytes_of(v)
    return out


def host_ports(spec: dict) -> tuple:
    """(protocol, hostIP, hostPort) for each container port with a hostPort (framework/types.go getPodUsedPorts)."""
    out = []
    for c in spec.get("containers") or ():
        for p in c.get("ports") or ():
            hp = p.get("hostPort")
            if hp:
                out.append((p.get("protocol") or "TCP", p.get("hostIP") or "0.0.0.0", int(hp)))
    return tuple(out)


class NodeInfo:
    __slots__ = ("name", "node", "labels", "taints", "hard_taints", "soft_taints", "unschedulable",
                 "alloc_cpu", "alloc_mem", "alloc_pods", "req_cpu", "req_mem", "nz_cpu", "nz_mem",
                 "alloc_scalar", "req_scalar", "pods", "ports", "images", "with_affinity", "with_anti_affinity", "index",
                 "version", "counts")

    def __init__(self, name: str):
        self.name = name
        self.node: dict | None = None
        self.labels: dict = {}
        self.taints: list = []
        self.hard_taints: tuple = ()
        self.soft_taints: tuple = ()
        self.unschedulable = False
        self.alloc_cpu = self.alloc_mem = self.alloc_pods = 0
        self.req_cpu = self.req_mem = self.nz_cpu = self.nz_mem = 0
        # Scalar resources (extended resources, hugepages): None until the node or a pod has any.
        self.alloc_scalar: dict | None = None
        self.req_scalar: dict | None = None
        self.pods: dict[str, PodRec] = {}
        self.ports: dict[tuple, int] = {}
        self.images: dict[str, int] = {}
        self.with_affinity = 0
        self.with_anti_affinity = 0
        self.index = -1
        # Bumped whenever the node or a pod on it comes, goes or changes, so that
        # counts of matching pods (PodTopologySpread) can be kept between pods.
        self.version = 0
        self.counts: dict = {}

    def set_node(self, node: dict) -> None:
        self.node = node
        self.version += 1
        self.labels = (node.get("metadata") or {}).get("labels") or {}
        spec = node.get("spec") or {}
        self.taints = spec.get("taints") or []
        self.hard_taints = tuple(t for t in self.taints if t.get("effect") in ("NoSchedule", "NoExecute"))
        self.soft_taints = tuple(t for t in self.taints if t.get("effect") == "PreferNoSchedule")
        self.unschedulable = bool(spec.get("unschedulable"))
        status = node.get("status") or {}
        alloc = status.get("allocatable") or status.get("capacity") or {}
        self.alloc_cpu = objects.milli_cpu(alloc["cpu"]) if alloc.get("cpu") is not None else 0
        self.alloc_mem = objects.bytes_of(alloc["memory"]) if alloc.get("memory") is not None else 0
        self.alloc_pods = int(objects.parse_quantity(alloc["pods"])) if alloc.get("pods") is not None else 0
        scalar = {k: objects.bytes_of(v) for k, v in alloc.items() if _is_scalar(k)}
        self.alloc_scalar = {k: v for k, v in scalar.items() if v} or None  # hugepages-*: "0" on every node
        images: dict[str, int] = {}
        for img in status.get("images") or ():
            size = int(img.get("sizeBytes") or 0)
            for n in img.get("names") or ():
                images[normalized_image_name(n)] = size
        self.images = images

    def copy(self) -> "NodeInfo":
        """A copy to add pods to for one filter run; its kept PTS counts are its own."""
        c = NodeInfo.__new__(NodeInfo)
        for f in NodeInfo.__slots__:
            setattr(c, f, getattr(self, f))
        c.pods = dict(self.pods)
        c.ports = dict(self.ports)
        c.counts = {}
        return c

    def add_pod(self, rec: PodRec) -> None:
        self.version += 1
        self.pods[rec.key] = rec
        self.req_cpu += rec.cpu
        self.req_mem += rec.mem
        self.nz_cpu += rec.nz_cpu
        self.nz_mem += rec.nz_mem
        if rec.scalar:  # a new dict, never changed in place: copies of this NodeInfo share it
            req = dict(self.req_scalar or ())
            for k, v in rec.scalar.items():
                req[k] = req.get(k, 0) + v
            self.req_scalar = req
        for p in rec.ports:
            self.ports[p] = self.ports.get(p, 0) + 1
        if rec.affinity:
            self.with_affinity += 1
        if rec.anti_affinity:
            self.with_anti_affinity += 1

    def remove_pod(self, rec: PodRec) -> None:
        if self.pods.pop(rec.key, None) is None:
            return
        self.version += 1
        self.req_cpu -= rec.cpu
        self.req_mem -= rec.mem
        self.nz_cpu -= rec.nz_cpu
        self.nz_mem -= rec.nz_mem
        if rec.scalar and self.req_scalar:
            req = dict(self.req_scalar)
            for k, v in rec.scalar.items():
                req[k] = req.get(k, 0) - v
            self.req_scalar = req
        for p in rec.ports:
            n = self.ports.get(p, 0) - 1
            if n > 0:
                self.ports[p] = n
            else:
                self.ports.pop(p, None)
        if rec.affinity:
            self.with_affinity -= 1
        if rec.anti_affinity:
            self.with_anti_affinity -= 1


class Cache:
    """NodeInfos by name and in list order, plus image spread across nodes."""

    def __init__(self):
        self.nodes: dict[str, NodeInfo] = {}
        self.order: list[NodeInfo] = []
        self.pods: dict[str, PodRec] = {}
        # normalized image name -> number of nodes that have it (ImageStateSummary.NumNodes)
        self.image_nodes: dict[str, int] = {}
        self.pods_with_affinity = 0
        self.pods_with_anti_affinity = 0
        self.soft_taint_nodes = 0
        # For the score memo (score_memo.py): indexes of nodes changed since the
        # last scoring cycle, and a count bumped when the node list itself changes.
        self.changed: set[int] = set()
        self.layout = 0
        # label key -> number of nodes carrying it
        self.label_keys: dict[str, int] = {}

    def soft_tainted(self) -> bool:
        """Whether any node has a PreferNoSchedule taint (else TaintToleration scores are all 0)."""
        return self.soft_taint_nodes > 0

    # -- nodes --------------------------------------------------------------------
    def set_node(self, node: dict) -> NodeInfo:
        name = node["metadata"]["name"]
        ni = self.nodes.get(name)
        if ni is None:
            ni = self.nodes[name] = NodeInfo(name)
        if ni.index < 0:  # new, or first seen as the node of a bound pod
            ni.index = len(self.order)
            self.order.append(ni)
            self.layout += 1
        else:
            self.changed.add(ni.index)
        self._count_labels(ni, -1)
        for img in ni.images:
            self._image_count(img, -1)
        if ni.soft_taints:
            self.soft_taint_nodes -= 1
        ni.set_node(node)
        self._count_labels(ni, 1)
        if ni.soft_taints:
            self.soft_taint_nodes += 1
        for img in ni.images:
            self._image_count(img, 1)
        return ni

    def remove_node(self, name: str) -> None:
        ni = self.nodes.pop(name, None)
        if ni is None:
            return
        for img in ni.images:
            self._image_count(img, -1)
        if ni.soft_taints:
            self.soft_taint_nodes -= 1
        self._count_labels(ni, -1)
        self.order.remove(ni)
        self.layout += 1
        for i, n in enumerate(self.order):
            n.index = i
        # Pods of a deleted node stay in the cache until they are deleted (cache.go RemoveNode keeps a ghost).
        ni.node = None

    def _count_labels(self, ni: NodeInfo, d: int) -> None:
        keys = self.label_keys
        for k in ni.labels:
            n = keys.get(k, 0) + d
            if n > 0:
                keys[k] = n
            else:
                keys.pop(k, None)

    def any_node_labelled(self, key: str) -> bool:
        return key in self.label_keys

    def _image_count(self, img: str, d: int) -> None:
        n = self.image_nodes.get(img, 0) + d
        if n > 0:
            self.image_nodes[img] = n
        else:
            self.image_nodes.pop(img, None)

    # -- pods ---------------------------------------------------------------------
    def assigned(self, pod: dict) -> str | None:
        node = pod["spec"].get("nodeName")
        if not node:
            return None
        if (pod.get("status") or {}).get("phase") in TERMINAL_PHASES:
            return None
        return node

    def update_pod(self, pod: dict) -> tuple[PodRec | None, PodRec | None]:
        """Add, move or refresh a pod; returns (old record, new record)."""
        m = pod["metadata"]
        key = f"{m['namespace']}/{m['name']}"
        old = self.pods.get(key)
        node = self.assigned(pod)
        if old is not None and node == old.node and old.uid == m.get("uid"):
            labels = m.get("labels") or {}
            if labels is not old.labels and labels != old.labels:
                old.labels = labels
            old.pod = pod
            ni = self.nodes.get(node)
            if ni is not None:
                ni.version += 1
                self._touch(ni)
            return old, old
        if old is not None:
            self._remove(old)
        if node is None:
            return old, None
        rec = PodRec(pod, node)
        self.pods[key] = rec
        ni = self.nodes.get(node)
        if ni is None:
            ni = self.nodes[node] = NodeInfo(node)  # a pod can be seen before its node
        ni.add_pod(rec)
        self._touch(ni)
        if rec.affinity:
            self.pods_with_affinity += 1
        if rec.anti_affinity:
            self.pods_with_anti_affinity += 1
        return old, rec

    def remove_pod(self, pod: dict) -> PodRec | None:
        m = pod["metadata"]
        old = self.pods.get(f"{m['namespace']}/{m['name']}")
        if old is not None:
            self._remove(old)
        return old

    def _touch(self, ni: NodeInfo) -> None:
        if ni.index >= 0 and ni.node is not None:
            self.changed.add(ni.index)

    def _remove(self, rec: PodRec) -> None:
        self.pods.pop(rec.key, None)
        ni = self.nodes.get(rec.node)
        if ni is not None:
            ni.remove_pod(rec)
            self._touch(ni)
        if rec.affinity:
            self.pods_with_affinity -= 1
        if rec.anti_affinity:
            self.pods_with_anti_affinity -= 1
