"""What learners can start. The sandbox always; labs from `labs/` once it offers them."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class LabEntry:
    slug: str
    title: str
    summary: str
    nodes: int = 3
    seed: int = 42
    background: str = ""
    practice: tuple[str, ...] = field(default_factory=tuple)


SANDBOX = LabEntry(
    slug="free-cluster",
    title="Free cluster",
    summary="A fresh three-node cluster to explore with kubectl. No steps, no checks: just you and the control plane.",
    background=(
        "Every command you type goes to the API server of your own simulated cluster. "
        "Watch the control-plane panel: controllers, the scheduler and the kubelets react "
        "to what you write, and the map shows where pods land."
    ),
    practice=(
        "kubectl get nodes",
        "kubectl create deployment web --image=nginx --replicas=3",
        "kubectl get pods -o wide",
        "kubectl scale deployment web --replicas=5",
        "kubectl describe pod <name>",
    ),
)


def entries() -> list[LabEntry]:
    return [SANDBOX]


def entry(slug: str) -> LabEntry | None:
    return next((e for e in entries() if e.slug == slug), None)
