"""What learners can start: the Free cluster sandbox, then the labs from `labs/`.

The labs package is the source of truth for content (read at runtime, cached
by `labs.load`); a lab that fails validation is left out of the catalogue and
logged, so one broken folder never takes the catalogue down. `load_labs`
reports the same problems at setup time.
"""
from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

SANDBOX_SLUG = "free-cluster"


@dataclass(frozen=True)
class LabEntry:
    slug: str
    title: str
    summary: str
    spec: dict = field(default_factory=lambda: {"nodes": 3})
    seed: int = 42
    minutes: int = 0
    difficulty: str = ""
    prerequisites: tuple[str, ...] = ()
    lab: Any = None  # labs.Lab for a lab; None for the sandbox
    # The sandbox's own instructions (labs bring theirs).
    background: str = ""
    practice: tuple[str, ...] = ()

    @property
    def is_lab(self) -> bool:
        return self.lab is not None


SANDBOX = LabEntry(
    slug=SANDBOX_SLUG,
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


def _lab_entry(lab) -> LabEntry:
    return LabEntry(
        slug=lab.slug,
        title=lab.title,
        summary=lab.summary,
        spec=lab.cluster_spec().to_dict(),
        seed=lab.seed,
        minutes=lab.minutes,
        difficulty=lab.difficulty,
        prerequisites=tuple(lab.prerequisites),
        lab=lab,
    )


@functools.lru_cache(maxsize=1)
def _labs() -> tuple[LabEntry, ...]:
    try:
        import labs
    except ImportError:
        return ()
    out = []
    for slug in labs.slugs():
        try:
            out.append(_lab_entry(labs.load(slug)))
        except Exception as exc:  # labs.InvalidLab, or a spec the cluster refuses
            log.error("lab left out of the catalogue", extra={"lab": slug, "problem": str(exc)[:2000]})
    return tuple(out)


def problems() -> dict[str, str]:
    """Labs that could not be offered, and why (for `load_labs`)."""
    try:
        import labs
    except ImportError:
        return {}
    offered = {e.slug for e in _labs()}
    out = {}
    for slug in labs.slugs():
        if slug in offered:
            continue
        try:
            _lab_entry(labs.load(slug))
        except Exception as exc:
            out[slug] = str(exc)
    return out


def labs_only() -> list[LabEntry]:
    return list(_labs())


def entries() -> list[LabEntry]:
    return [SANDBOX, *_labs()]


def entry(slug: str) -> LabEntry | None:
    return next((e for e in entries() if e.slug == slug), None)


def titles() -> dict[str, str]:
    return {e.slug: e.title for e in entries()}
