"""Pod sysctls on the node: the kubelet's admission of them and what a container then reads.

pkg/kubelet/sysctl (1.32): the allowlist is safe_sysctls.go's list (every entry's minimum kernel is below the
nodes' 6.8) plus the kubelet's --allowed-unsafe-sysctls, none on these nodes; allowlist.go's Admit refuses a pod
whose sysctl is not on it, and kubelet.go rejectPod fails the pod with that reason. A pod that runs has its
values in its namespaces' /proc/sys; the rest read as a kind node's 6.8 kernel and containerd 1.7 set them.
"""
from __future__ import annotations

from clusters.apiserver import sysctls as names

FORBIDDEN_REASON = "SysctlForbidden"

# safe_sysctls.go safeSysctls, 1.32.
SAFE = ("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start", "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
        "net.ipv4.tcp_keepalive_probes", "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem")

# What a container reads where the pod sets nothing: Linux 6.8's defaults, and containerd's CRI plugin's
# enable_unprivileged_ports / enable_unprivileged_icmp (both on since 1.7) for the two it sets per sandbox.
DEFAULTS = {
    "kernel.shm_rmid_forced": "0", "kernel.msgmax": "8192", "kernel.msgmnb": "16384", "kernel.msgmni": "32000",
    "kernel.sem": "32000\t1024000000\t500\t32000", "kernel.shmmni": "4096",
    "net.core.somaxconn": "4096", "net.ipv4.ip_local_port_range": "32768\t60999", "net.ipv4.tcp_syncookies": "1",
    "net.ipv4.ping_group_range": "0\t2147483647", "net.ipv4.ip_unprivileged_port_start": "0",
    "net.ipv4.ip_local_reserved_ports": "", "net.ipv4.tcp_keepalive_time": "7200", "net.ipv4.tcp_fin_timeout": "60",
    "net.ipv4.tcp_keepalive_intvl": "75", "net.ipv4.tcp_keepalive_probes": "9",
    "net.ipv4.tcp_rmem": "4096\t131072\t6291456", "net.ipv4.tcp_wmem": "4096\t16384\t4194304",
}


def _refusal(name: str, host_network: bool, host_ipc: bool, allowed: tuple) -> str | None:
    """patternAllowlist.validateSysctl."""
    name = names.normalize(name)
    exact = [p for p in allowed if not p.endswith("*")]
    prefixes = [p[:-1] for p in allowed if p.endswith("*")]
    if name in exact or any(name.startswith(p) for p in prefixes):
        ns = names.namespaced_by(name)
        if (ns == names.IPC and host_ipc) or (ns == names.NET and host_network):
            return f'"{name}" not allowed with host {ns} enabled'
        return None
    return f'"{name}" not allowlisted'


def admit(pod: dict, allowed_unsafe: tuple = ()) -> str | None:
    """allowlist.go Admit: the message of the first sysctl the node refuses, or None to admit the pod."""
    spec = pod.get("spec") or {}
    for s in (spec.get("securityContext") or {}).get("sysctls") or ():
        why = _refusal(str(s.get("name", "")), bool(spec.get("hostNetwork")), bool(spec.get("hostIPC")),
                       SAFE + tuple(allowed_unsafe))
        if why:
            return f"forbidden sysctl: {why}"
    return None


def proc_value(spec: dict, path: str) -> str | None:
    """/proc/sys/<a>/<b> in a container of this pod: the pod's value (the kernel prints a vector tab-separated),
    else the node's default; None for a file this model does not know."""
    name = path[len("/proc/sys/"):].strip("/").replace("/", ".")
    for s in (spec.get("securityContext") or {}).get("sysctls") or ():
        if names.normalize(str(s.get("name", ""))) == name:
            return "\t".join(str(s.get("value", "")).split()) + "\n"
    value = DEFAULTS.get(name)
    return None if value is None else value + "\n"


def command(args: list, read) -> tuple[int, str]:
    """busybox sysctl NAME...: ``NAME = VALUE`` for each, as procps prints it (tabs kept); an unknown name is
    busybox's ``sysctl: error: 'NAME' is an unknown key``. Writing (-w NAME=VALUE) meets the read-only /proc/sys
    an unprivileged container has (procps/sysctl.c sysctl_act_on_setting)."""
    out, code = [], 0
    writing = "-w" in args
    for a in args:
        if a.startswith("-"):
            continue
        if writing and "=" in a:
            key = a.split("=", 1)[0]
            out.append(f"sysctl: error setting key '{key}': Read-only file system\n")
            code = 1
            continue
        text = read("/proc/sys/" + names.normalize(a).replace(".", "/"))
        if text is None:
            out.append(f"sysctl: error: '{a}' is an unknown key\n")
            code = 1
        else:
            out.append(f"{a} = {text}")
    return code, "".join(out)
