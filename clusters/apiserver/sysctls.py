"""Sysctl names as the API server and the kubelet read them.

The namespace table is k8s.io/component-helpers/node/util/sysctl (namespace.go, NamespacedBy; NormalizeName);
the name check is pkg/apis/core/validation/validation.go (IsValidSysctlName, validateSysctls,
ValidateHostSysctl), 1.32. Kept below the kubelet so both layers read one table.
"""
from __future__ import annotations

import re

from clusters.apiserver.errors import FieldError, duplicate, invalid_value, required

IPC, NET = "ipc", "net"
_NAMESPACES = {"kernel.sem": IPC}
_PREFIX_NAMESPACES = (("kernel.shm", IPC), ("kernel.msg", IPC), ("fs.mqueue.", IPC), ("net.", NET))

SEGMENT = "[a-z0-9]([-_a-z0-9]*[a-z0-9])?"
# validation.go sysctlContainSlashRegexp, printed as regexp.String() prints it in the Invalid message.
NAME_REGEX = f"^({SEGMENT}[\\./])*{SEGMENT}$"
_NAME = re.compile(NAME_REGEX)
MAX_LENGTH = 253


def normalize(name: str) -> str:
    """NormalizeName: a name whose first separator is '/' has its '.' and '/' swapped (sysctl.d(5))."""
    for i, ch in enumerate(name):
        if ch in "./":
            return name if ch == "." else name.translate(str.maketrans("./", "/."))
    return name


def namespaced_by(name: str) -> str:
    """GetNamespace/NamespacedBy: the kernel namespace that isolates the sysctl, or "" when none is known."""
    name = normalize(name)
    if name in _NAMESPACES:
        return _NAMESPACES[name]
    return next((ns for prefix, ns in _PREFIX_NAMESPACES if name.startswith(prefix)), "")


def validate(spec: dict, path: str, errs: list[FieldError]) -> None:
    """validateSysctls over spec.securityContext.sysctls (hostNetwork and hostIPC come from the pod spec, which
    the internal PodSecurityContext carries)."""
    sc = spec.get("securityContext")
    if not isinstance(sc, dict):
        return
    seen = set()
    for i, s in enumerate(sc.get("sysctls") or ()):
        p = f"{path}.securityContext.sysctls[{i}].name"
        name = str((s or {}).get("name") or "") if isinstance(s, dict) else ""
        if not name:
            errs.append(required(p, ""))
        elif len(name) > MAX_LENGTH or not _NAME.match(name):
            errs.append(invalid_value(p, name, f"must have at most {MAX_LENGTH} characters and match regex {NAME_REGEX}"))
        elif name in seen:
            errs.append(duplicate(p, name))
        ns = namespaced_by(name)
        if spec.get("hostNetwork") and ns == NET:
            errs.append(invalid_value(p, name, "may not be specified when 'hostNetwork' is true"))
        elif spec.get("hostIPC") and ns == IPC:
            errs.append(invalid_value(p, name, "may not be specified when 'hostIPC' is true"))
        seen.add(name)
