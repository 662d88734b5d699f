"""Checks by level and policy version, and how their verdicts are worded together.

k8s.io/pod-security-admission policy/checks.go and registry.go (v0.32): every check
belongs to baseline or restricted and has one implementation per policy version it
changed in. For a level and version the evaluator runs, in order of check ID (Go's byte
order), the baseline checks, then for restricted the restricted checks, leaving out the
baseline checks a restricted check overrides at that version (capabilities, hostPath
volumes, seccomp). A version newer than the newest check's is evaluated as the newest;
``latest`` is the newest. The verdicts a pod fails are joined ", " with their details in
parentheses for one object, and without details for the pods of a namespace.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from clusters.apiserver.podsecurity import levels

# (pod metadata, pod spec) -> None when allowed, else (forbidden reason, forbidden detail).
CheckFn = Callable[[dict, dict], "tuple[str, str] | None"]


@dataclass(frozen=True)
class Versioned:
    minimum: int  # the first policy version (v1.<minimum>) this implementation applies to
    check: CheckFn
    overrides: tuple[str, ...] = ()


@dataclass(frozen=True)
class Check:
    id: str
    level: str
    versions: tuple[Versioned, ...] = field(default=())


@dataclass(frozen=True)
class Result:
    """AggregateCheckResult."""

    reasons: tuple[str, ...]
    details: tuple[str, ...]

    @property
    def allowed(self) -> bool:
        return not self.reasons

    def forbidden_reason(self) -> str:
        return ", ".join(self.reasons)

    def forbidden_detail(self) -> str:
        return ", ".join(f"{r} ({d})" if d else r for r, d in zip(self.reasons, self.details))


ALLOWED = Result((), ())


class Evaluator:
    """checkRegistry: for each policy version up to the newest, the ordered check functions
    of each level, built once."""

    def __init__(self, checks: list[Check]):
        self.max_minor = max(c.versions[-1].minimum for c in checks)
        ordered = sorted((c for c in checks if c.level == levels.BASELINE), key=lambda c: c.id.encode()) + \
            sorted((c for c in checks if c.level == levels.RESTRICTED), key=lambda c: c.id.encode())
        self._by_level: dict[tuple[str, int], tuple[CheckFn, ...]] = {}
        for minor in range(self.max_minor + 1):
            at = {c.id: _at(c, minor) for c in ordered}
            overridden = {o for c in ordered if c.level == levels.RESTRICTED and at[c.id]
                          for o in at[c.id].overrides}
            self._by_level[(levels.BASELINE, minor)] = tuple(
                at[c.id].check for c in ordered if c.level == levels.BASELINE and at[c.id])
            self._by_level[(levels.RESTRICTED, minor)] = tuple(
                at[c.id].check for c in ordered if at[c.id] and c.id not in overridden)

    def evaluate(self, lv: levels.LevelVersion, meta: dict, spec: dict) -> Result:
        """EvaluatePod, aggregated (AggregateCheckResults)."""
        if lv.level == levels.PRIVILEGED:
            return ALLOWED
        minor = self.max_minor if lv.version.latest else min(lv.version.minor, self.max_minor)
        reasons, details = [], []
        for check in self._by_level[(lv.level, minor)]:
            verdict = check(meta, spec)
            if verdict is not None:
                reasons.append(verdict[0] or "unknown forbidden reason")
                details.append(verdict[1])
        return Result(tuple(reasons), tuple(details)) if reasons else ALLOWED


def _at(check: Check, minor: int) -> Versioned | None:
    """The implementation of ``check`` in force at v1.<minor>, if it existed by then."""
    found = None
    for v in check.versions:
        if v.minimum <= minor:
            found = v
    return found


# -- the wording helpers every check shares (policy/helpers.go) ---------------------------

def join_quote(items) -> str:
    items = list(items)
    return '"' + '", "'.join(items) + '"' if items else ""


def pluralize(singular: str, plural: str, count: int) -> str:
    return singular if count == 1 else plural


def containers_phrase(names: list[str]) -> str:
    """'container "a"' or 'containers "a", "b"', as the checks' details name them."""
    return f"{pluralize('container', 'containers', len(names))} {join_quote(names)}"


def setters(pod_bad: bool, bad_containers: list[str]) -> list[str]:
    """The subjects a detail says set a forbidden value: "pod", then the containers."""
    out = ["pod"] if pod_bad else []
    if bad_containers:
        out.append(containers_phrase(bad_containers))
    return out


def containers(spec: dict):
    """visitContainers: init containers, containers, then ephemeral containers."""
    for key in ("initContainers", "containers", "ephemeralContainers"):
        for c in spec.get(key) or ():
            if isinstance(c, dict):
                yield c


def security_context(obj: dict) -> dict | None:
    sc = obj.get("securityContext")
    return sc if isinstance(sc, dict) else None


def windows(spec: dict) -> bool:
    """podSpec.OS.Name == windows: the 1.25 versions of the restricted checks let it pass."""
    return ((spec.get("os") or {}).get("name")) == "windows"
