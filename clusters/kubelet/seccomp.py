"""seccomp: the profile a container's processes run under, and what a node's profile files make of it.

The kubelet picks the container's ``securityContext.seccompProfile``, else the pod's, else Unconfined
(kind's kubelet runs without ``seccompDefault``): pkg/kubelet/kuberuntime/helpers.go getSeccompProfile,
1.32. A Localhost profile is the file ``localhostProfile`` names under the kubelet's
``<root-dir>/seccomp`` (/var/lib/kubelet/seccomp: the tutorial's kind extraMounts put its profiles/
there; here they are written through ``kubectl debug node/NAME`` under /host). containerd reads it
when it creates the container (contrib/seccomp/seccomp.go WithProfile, applied in NewContainer, so
a missing or unreadable file is ``failed to create containerd container: cannot load seccomp
profile ...``: CreateContainerError); a privileged container gets no filter at all
(pkg/cri/server container_create_linux.go generateSeccompSpecOpts; containerd 1.7, kind's).

A filtered process shows ``Seccomp: 2`` (SECCOMP_MODE_FILTER) and runc's one filter in
/proc/PID/status. What the filter does [simplified]: a profile whose default action refuses syscalls
(SCMP_ACT_ERRNO, _KILL*, _TRAP) and that allows no ``execve`` stops runc's exec of the container's
program, which the runtime reports when the kubelet starts it (StartError, exit code 128, then
CrashLoopBackOff), as the page's violation.json does; any other profile lets the program run as it
would unconfined. The kernel's audit lines for SCMP_ACT_LOG (the page's ``tail -f /var/log/syslog``)
are not written.
"""
from __future__ import annotations

import json

from clusters.kubelet import host_files

ROOT = "/var/lib/kubelet/seccomp"  # kubelet's --seccomp-profile-root: filepath.Join(rootDir, "seccomp")
_REFUSING = ("SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP")


def requested(pod_spec: dict, container: dict) -> dict:
    """The profile asked for (the container's over the pod's, as security.effective merges them), Unconfined
    when none is; read without copying, since every container's creation asks."""
    return ((container.get("securityContext") or {}).get("seccompProfile")
            or (pod_spec.get("securityContext") or {}).get("seccompProfile") or {"type": "Unconfined"})


def _filtered(pod_spec: dict, container: dict) -> dict | None:
    """The profile runc loads, or None when the process runs without a filter."""
    if (container.get("securityContext") or {}).get("privileged"):
        return None
    profile = requested(pod_spec, container)
    return profile if profile.get("type") in ("RuntimeDefault", "Localhost") else None


def status_lines(pod_spec: dict, container: dict) -> tuple[str, str]:
    """/proc/PID/status's Seccomp and Seccomp_filters lines."""
    if _filtered(pod_spec, container) is None:
        return "Seccomp:\t0", "Seccomp_filters:\t0"
    return "Seccomp:\t2", "Seccomp_filters:\t1"


def _path(profile: dict) -> str:
    return host_files.normalize(ROOT + "/" + str(profile.get("localhostProfile") or ""))


def _json_error(text: str) -> str:
    """encoding/json's words for the commonest ways a file is not JSON [approximate]."""
    stripped = text.lstrip()
    if not stripped:
        return "unexpected end of JSON input"
    if stripped[0] not in '{["-0123456789tfn':
        return f"invalid character '{stripped[0]}' looking for beginning of value"
    return "unexpected end of JSON input"


def _load(cluster, node: str, profile: dict) -> tuple[dict | None, str | None]:
    path = _path(profile)
    disk = host_files.peek(cluster, node)
    if disk is None or not disk.exists(path):
        return None, f'cannot load seccomp profile "{path}": open {path}: no such file or directory'
    if disk.is_dir(path):
        return None, f'cannot load seccomp profile "{path}": read {path}: is a directory'
    text = disk.read(path)
    text = text() if callable(text) else text
    try:
        data = json.loads(text)
    except ValueError:
        return None, f'decoding seccomp profile failed "{path}": {_json_error(text)}'
    return (data if isinstance(data, dict) else {}), None


def create_error(cluster, node: str, pod_spec: dict, container: dict) -> str | None:
    """containerd's refusal to create the container (kuberuntime startContainer: CreateContainerError)."""
    profile = _filtered(pod_spec, container)
    if profile is None or profile.get("type") != "Localhost":
        return None
    _, err = _load(cluster, node, profile)
    return f"failed to create containerd container: {err}" if err else None


def _allows_execve(data: dict) -> bool:
    default = data.get("defaultAction", "SCMP_ACT_ALLOW")
    verdict = default not in _REFUSING
    for rule in data.get("syscalls") or ():
        if isinstance(rule, dict) and "execve" in (rule.get("names") or ()):
            verdict = rule.get("action") not in _REFUSING
    return verdict


def start_error(cluster, node: str, pod_spec: dict, container: dict, program: str) -> str | None:
    """runc's failure to exec ``program`` under the profile, as StartContainer reports it (the words
    runc and containerd 1.7 print when seccomp refuses the exec)."""
    profile = _filtered(pod_spec, container)
    if profile is None or profile.get("type") != "Localhost":
        return None
    data, err = _load(cluster, node, profile)
    if err or data is None or _allows_execve(data):
        return None
    return ("failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create "
            f"failed: unable to start container process: exec {program}: operation not permitted: unknown")
