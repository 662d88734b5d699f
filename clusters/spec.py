"""What a cluster starts as: the part of its identity that is not the journal."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields


@dataclass
class NodeSpec:
    name: str
    cpu: str = "2"
    memory: str = "8Gi"
    pods: int = 110
    labels: dict = field(default_factory=dict)
    taints: list = field(default_factory=list)
    control_plane: bool = False


@dataclass
class ClusterSpec:
    # Worker nodes, named node-1 … node-N; a tainted control-plane node is added unless control_plane is False.
    nodes: int = 3
    node_cpu: str = "2"
    node_memory: str = "8Gi"
    node_pods: int = 110
    control_plane: bool = True
    # Extra nodes with their own sizes, labels and taints (labs use these).
    extra_nodes: list = field(default_factory=list)
    # Virtual time 0, as an RFC 3339 instant.
    start: str = "2025-06-02T09:00:00Z"
    version: str = "v1.32.0"
    # Manifests (dicts) created at start, before the learner's first command.
    manifests: list = field(default_factory=list)
    # Commands run at start, as if typed, before the learner's first command (labs use these).
    setup: list = field(default_factory=list)
    # Virtual seconds to run after setup so the cluster is settled when the learner arrives.
    settle: float = 60.0
    # The add-ons a fresh kubeadm/kind cluster has running in kube-system.
    addons: bool = True
    # Bounds that keep one learner's cluster from exhausting the host and
    # every command answering promptly. max_pods None means what the nodes
    # can run (their pod capacity, at least 300): a Deployment scaled to a
    # billion replicas then fails its creates with a clear error instead of
    # filling memory. sim advance jumps at most a week at a time.
    max_nodes: int = 5000
    max_pods: int | None = None
    max_advance: float = 7 * 24 * 3600.0

    def pod_bound(self) -> int:
        if self.max_pods is not None:
            return self.max_pods
        return max(300, sum(n.pods for n in self.node_specs()))

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict | None) -> "ClusterSpec":
        d = dict(d or {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(d) - known)
        if unknown:
            raise ValueError(f"unknown cluster spec field(s): {', '.join(unknown)}")
        return cls(**d)

    def node_specs(self) -> list[NodeSpec]:
        out: list[NodeSpec] = []
        if self.control_plane:
            out.append(NodeSpec(
                name="control-plane", cpu=self.node_cpu, memory=self.node_memory, pods=self.node_pods,
                labels={"node-role.kubernetes.io/control-plane": ""},
                taints=[{"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}],
                control_plane=True,
            ))
        for i in range(1, self.nodes + 1):
            out.append(NodeSpec(name=f"node-{i}", cpu=self.node_cpu, memory=self.node_memory, pods=self.node_pods))
        for extra in self.extra_nodes:
            out.append(NodeSpec(**extra) if isinstance(extra, dict) else extra)
        return out
