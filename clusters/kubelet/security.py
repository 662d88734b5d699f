"""What a container's security context makes of its processes and its root file system.

The kubelet merges the pod's and the container's securityContext (the container's fields win:
pkg/securitycontext/util.go DetermineEffectiveSecurityContext) and hands the runtime a user, a
capability set and mount options; containerd and runc turn them into what a process inside sees:

- capabilities: containerd's default set (pkg/oci/spec.go defaultUnixCaps), then ``drop``
  (``ALL`` empties it) and ``add``; ``privileged`` gets every capability the kernel knows. A
  process whose uid is not 0 keeps them only as its bounding set: execve(2) clears the permitted
  and effective sets of a non-root process (capabilities(7), no ambient set given);
- ``runAsNonRoot``: kuberuntime security_context_others.go verifyRunAsNonRoot refuses to create a
  container whose user would be root (every catalogue image's USER is root);
- ``readOnlyRootFilesystem``: runc mounts the root read-only, so writes outside volumes fail with
  EROFS;
- ``allowPrivilegeEscalation: false`` sets no_new_privs (NoNewPrivs: 1 in /proc/PID/status).
"""
from __future__ import annotations

# include/uapi/linux/capability.h
CAPABILITIES = {
    "CHOWN": 0, "DAC_OVERRIDE": 1, "DAC_READ_SEARCH": 2, "FOWNER": 3, "FSETID": 4, "KILL": 5, "SETGID": 6,
    "SETUID": 7, "SETPCAP": 8, "LINUX_IMMUTABLE": 9, "NET_BIND_SERVICE": 10, "NET_BROADCAST": 11, "NET_ADMIN": 12,
    "NET_RAW": 13, "IPC_LOCK": 14, "IPC_OWNER": 15, "SYS_MODULE": 16, "SYS_RAWIO": 17, "SYS_CHROOT": 18,
    "SYS_PTRACE": 19, "SYS_PACCT": 20, "SYS_ADMIN": 21, "SYS_BOOT": 22, "SYS_NICE": 23, "SYS_RESOURCE": 24,
    "SYS_TIME": 25, "SYS_TTY_CONFIG": 26, "MKNOD": 27, "LEASE": 28, "AUDIT_WRITE": 29, "AUDIT_CONTROL": 30,
    "SETFCAP": 31, "MAC_OVERRIDE": 32, "MAC_ADMIN": 33, "SYSLOG": 34, "WAKE_ALARM": 35, "BLOCK_SUSPEND": 36,
    "AUDIT_READ": 37, "PERFMON": 38, "BPF": 39, "CHECKPOINT_RESTORE": 40,
}
# containerd pkg/oci/spec.go defaultUnixCaps: the set the page's first container shows (a80425fb).
DEFAULT_CAPS = ("CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD", "NET_RAW", "SETGID", "SETUID", "SETFCAP",
                "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL", "AUDIT_WRITE")


def effective(pod_spec: dict, container: dict) -> dict:
    """The container's securityContext over the pod's, for the fields both have."""
    pod_sc = pod_spec.get("securityContext") or {}
    sc = dict(container.get("securityContext") or {})
    for field in ("runAsUser", "runAsGroup", "runAsNonRoot", "seLinuxOptions", "seccompProfile"):
        if sc.get(field) is None and pod_sc.get(field) is not None:
            sc[field] = pod_sc[field]
    return sc


def _mask(names) -> int:
    return sum(1 << CAPABILITIES[n] for n in set(names) if n in CAPABILITIES)


def capability_sets(pod_spec: dict, container: dict, uid: int) -> dict:
    """CapInh, CapPrm, CapEff, CapBnd and CapAmb of the container's processes, as masks."""
    sc = container.get("securityContext") or {}
    if sc.get("privileged"):
        bounding = (1 << (max(CAPABILITIES.values()) + 1)) - 1
    else:
        caps = sc.get("capabilities") or {}
        drop = [str(n).upper().removeprefix("CAP_") for n in caps.get("drop") or ()]
        add = [str(n).upper().removeprefix("CAP_") for n in caps.get("add") or ()]
        names = set() if "ALL" in drop else set(DEFAULT_CAPS) - set(drop)
        names |= set(CAPABILITIES) if "ALL" in add else set(add)
        bounding = _mask(names)
    held = bounding if uid == 0 else 0
    return {"CapInh": 0, "CapPrm": held, "CapEff": held, "CapBnd": bounding, "CapAmb": 0}


def ptrace_may_access(caller: tuple, caller_caps: dict, target: tuple, target_caps: dict) -> bool:
    """Whether a process may follow another's /proc/PID/root (fs/proc/base.c proc_fd_access_allowed:
    PTRACE_MODE_READ_FSCREDS). kernel/ptrace.c __ptrace_may_access lets through the same uid and gid, and
    commoncap.c cap_ptrace_access_check a caller whose permitted set holds all of the target's; CAP_SYS_PTRACE
    passes both. ``caller``/``target``: (uid, gid, groups); the caps: capability_sets' masks."""
    if caller_caps["CapEff"] >> CAPABILITIES["SYS_PTRACE"] & 1:
        return True
    return caller[:2] == target[:2] and target_caps["CapPrm"] & ~caller_caps["CapPrm"] == 0


def no_new_privs(container: dict) -> bool:
    """allowPrivilegeEscalation: false sets no_new_privs, unless privileged or CAP_SYS_ADMIN is added
    (the API server refuses those together; kuberuntime AddNoNewPrivileges)."""
    sc = container.get("securityContext") or {}
    return sc.get("allowPrivilegeEscalation") is False and not sc.get("privileged")


def run_as_non_root_error(pod: dict, container: dict, image_uid: int = 0) -> str | None:
    """kuberuntime security_context_others.go verifyRunAsNonRoot: why the container may not be created,
    or None. The pod is named as format.Pod prints it: NAME_NAMESPACE(UID)."""
    sc = effective(pod.get("spec") or {}, container)
    if not sc.get("runAsNonRoot"):
        return None
    m = pod.get("metadata") or {}
    who = f'(pod: "{m.get("name", "")}_{m.get("namespace", "")}({m.get("uid", "")})", container: {container.get("name", "")})'
    if sc.get("runAsUser") is not None:
        return None if int(sc["runAsUser"]) != 0 else f"container's runAsUser breaks non-root policy {who}"
    if image_uid == 0:
        return f"container has runAsNonRoot and image will run as root {who}"
    return None


def read_only_root(container: dict) -> bool:
    return bool((container.get("securityContext") or {}).get("readOnlyRootFilesystem"))
