"""Pod Security levels, versions and the namespace labels that choose them.

k8s.io/pod-security-admission api/constants.go and api/helpers.go (v0.32): a namespace's
``pod-security.kubernetes.io/<mode>`` and ``<mode>-version`` labels pick a level and a
policy version for each of the three modes (enforce, audit, warn); what a namespace does
not say comes from the plugin's defaults (privileged:latest for all three when, as in
kind and kubeadm, kube-apiserver is given no AdmissionConfiguration). A label that does
not parse is reported with upstream's field error, and the mode falls back as
PolicyToEvaluate does (restricted for enforce, privileged for audit and warn).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from clusters.apiserver import errors

PRIVILEGED, BASELINE, RESTRICTED = "privileged", "baseline", "restricted"
LEVELS = (PRIVILEGED, BASELINE, RESTRICTED)
_STRICTNESS = {PRIVILEGED: 0, BASELINE: 1, RESTRICTED: 2}

LABEL_PREFIX = "pod-security.kubernetes.io/"
ENFORCE, AUDIT, WARN = "enforce", "audit", "warn"
MODES = (ENFORCE, AUDIT, WARN)
LABELS = tuple(LABEL_PREFIX + m + suffix for m in MODES for suffix in ("", "-version"))

_VERSION = re.compile(r"v1\.([0-9]|[1-9][0-9]*)")


@dataclass(frozen=True, order=True)
class Version:
    """api.Version: v1.<minor>, or latest (newer than any numbered version)."""

    minor: int = 0
    latest: bool = False

    def __str__(self) -> str:
        return "latest" if self.latest else f"v1.{self.minor}"

    def older(self, other: "Version") -> bool:
        if self.latest:
            return False
        return other.latest or self.minor < other.minor


LATEST = Version(latest=True)


@dataclass(frozen=True)
class LevelVersion:
    level: str
    version: Version

    def __str__(self) -> str:
        return f"{self.level}:{self.version}"

    def equivalent(self, other: "LevelVersion") -> bool:
        return (self.level == PRIVILEGED and other.level == PRIVILEGED) or self == other


@dataclass(frozen=True)
class Policy:
    enforce: LevelVersion
    audit: LevelVersion
    warn: LevelVersion

    def fully_privileged(self) -> bool:
        return self.enforce.level == self.audit.level == self.warn.level == PRIVILEGED

    def equivalent(self, other: "Policy") -> bool:
        return (self.enforce.equivalent(other.enforce) and self.audit.equivalent(other.audit)
                and self.warn.equivalent(other.warn))


PRIVILEGED_LATEST = LevelVersion(PRIVILEGED, LATEST)
# PodSecurityDefaults as SetDefaults_PodSecurityDefaults fills an empty configuration.
DEFAULT_POLICY = Policy(PRIVILEGED_LATEST, PRIVILEGED_LATEST, PRIVILEGED_LATEST)


def parse_level(text: str) -> tuple[str, str | None]:
    """ParseLevel: the level, or restricted and the error."""
    if text in LEVELS:
        return text, None
    return RESTRICTED, "must be one of " + ", ".join(LEVELS)


def parse_version(text: str) -> tuple[Version, str | None]:
    """ParseVersion: "latest" or v1.<minor>; anything else is latest and an error."""
    if text == "latest":
        return LATEST, None
    m = _VERSION.fullmatch(text)
    if m is None:
        return LATEST, 'must be "latest" or "v1.x"'
    return Version(int(m.group(1))), None


def compare_levels(a: str, b: str) -> int:
    """CompareLevels: -1, 0 or 1 as a is less, as, or more strict than b."""
    return (_STRICTNESS[a] > _STRICTNESS[b]) - (_STRICTNESS[a] < _STRICTNESS[b])


def has_policy_labels(labels: dict) -> bool:
    return any(k in labels for k in LABELS)


def policy_to_evaluate(labels: dict | None, defaults: Policy = DEFAULT_POLICY) -> tuple[Policy, list[errors.FieldError]]:
    """PolicyToEvaluate: the namespace's policy and the field errors of its labels, in the
    order upstream checks them (enforce, audit, warn; level before version)."""
    if not labels or not has_policy_labels(labels):
        return defaults, []  # the common case, on every pod a controller creates
    errs: list[errors.FieldError] = []
    modes = {ENFORCE: defaults.enforce, AUDIT: defaults.audit, WARN: defaults.warn}
    has_enforce_level = has_warn_level = has_warn_version = False
    for mode in MODES:
        level, version = modes[mode].level, modes[mode].version
        key = LABEL_PREFIX + mode
        if key in labels:
            level, err = parse_level(str(labels[key]))
            if err:
                errs.append(_label_error(key, labels[key], err))
                if mode != ENFORCE:
                    level = PRIVILEGED  # fail open for audit and warn
            elif mode == ENFORCE:
                has_enforce_level = True
            if mode == WARN:
                has_warn_level = True
        if key + "-version" in labels:
            version, err = parse_version(str(labels[key + "-version"]))
            if err:
                errs.append(_label_error(key + "-version", labels[key + "-version"], err))
            if mode == WARN:
                has_warn_version = True
        modes[mode] = LevelVersion(level, version)
    # Warn defaults to the enforce level when enforce is explicitly set to something stricter.
    enforce, warn = modes[ENFORCE], modes[WARN]
    if not has_warn_level and has_enforce_level and compare_levels(enforce.level, warn.level) > 0:
        modes[WARN] = LevelVersion(enforce.level, warn.version if has_warn_version else enforce.version)
    return Policy(modes[ENFORCE], modes[AUDIT], modes[WARN]), errs


def _label_error(key: str, value, detail: str) -> errors.FieldError:
    """appendErr: field.Invalid(metadata.labels[<key>], value, err)."""
    return errors.invalid_value(f"metadata.labels[{key}]", value, detail)
