"""The baseline Pod Security Standard: k8s.io/pod-security-admission policy/check_*.go (v0.32).

One function per check implementation, each answering ``None`` (allowed) or its forbidden
reason and detail in upstream's words; ``CHECKS`` lists them with the policy versions they
apply from, for ``registry.Evaluator``. Sets print sorted, as sets.String.List does.
"""
from __future__ import annotations

from clusters.apiserver.podsecurity import levels
from clusters.apiserver.podsecurity.registry import Check, Versioned, containers, containers_phrase, join_quote, \
    pluralize, security_context, setters as _setters


# check_appArmorProfile.go ----------------------------------------------------------------
_APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/"


def _apparmor_type_ok(profile) -> bool:
    return isinstance(profile, dict) and profile.get("type") in ("RuntimeDefault", "Localhost")


def app_armor_profile_1_0(meta: dict, spec: dict):
    setters: list[str] = []
    values: set[str] = set()
    psc = security_context(spec)
    if psc and psc.get("appArmorProfile") is not None and not _apparmor_type_ok(psc["appArmorProfile"]):
        setters.append("pod")
        values.add(str(psc["appArmorProfile"].get("type", "")))
    bad = []
    for c in containers(spec):
        sc = security_context(c)
        if sc and sc.get("appArmorProfile") is not None and not _apparmor_type_ok(sc["appArmorProfile"]):
            bad.append(c.get("name", ""))
            values.add(str(sc["appArmorProfile"].get("type", "")))
    if bad:
        setters.append(containers_phrase(bad))
    forbidden = sorted(f"{k}={_go_quote(v)}" for k, v in (meta.get("annotations") or {}).items()
                       if k.startswith(_APPARMOR_ANNOTATION_PREFIX)
                       and not (v == "" or v == "runtime/default" or v.startswith("localhost/")))
    value_list = sorted(values)
    if forbidden:
        value_list += forbidden
        setters.append(pluralize("annotation", "annotations", len(forbidden)))
    if setters:
        return (pluralize("forbidden AppArmor profile", "forbidden AppArmor profiles", len(value_list)),
                f"{' and '.join(setters)} must not set AppArmor profile type to {join_quote(value_list)}")
    return None


def _go_quote(text: str) -> str:
    """%q of a string: Go's strconv.Quote for the printable ASCII an annotation holds."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# check_capabilities_baseline.go ----------------------------------------------------------
CAPABILITIES_ALLOWED_1_0 = frozenset({
    "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE",
    "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"})


def capabilities_baseline_1_0(meta: dict, spec: dict):
    bad, caps = [], set()
    for c in containers(spec):
        sc = security_context(c)
        if not sc or not isinstance(sc.get("capabilities"), dict):
            continue
        added = [str(x) for x in sc["capabilities"].get("add") or () if str(x) not in CAPABILITIES_ALLOWED_1_0]
        if added:
            bad.append(c.get("name", ""))
            caps.update(added)
    if bad:
        return ("non-default capabilities",
                f"{containers_phrase(bad)} must not include {join_quote(sorted(caps))} in securityContext.capabilities.add")
    return None


# check_hostNamespaces.go -------------------------------------------------------------------
def host_namespaces_1_0(meta: dict, spec: dict):
    used = [f"{f}=true" for f in ("hostNetwork", "hostPID", "hostIPC") if spec.get(f) is True]
    return ("host namespaces", ", ".join(used)) if used else None


# check_hostPathVolumes.go ------------------------------------------------------------------
def host_path_volumes_1_0(meta: dict, spec: dict):
    names = [v.get("name", "") for v in spec.get("volumes") or () if isinstance(v, dict) and v.get("hostPath") is not None]
    if names:
        return "hostPath volumes", f"{pluralize('volume', 'volumes', len(names))} {join_quote(names)}"
    return None


# check_hostPorts.go --------------------------------------------------------------------------
def host_ports_1_0(meta: dict, spec: dict):
    bad, ports = [], set()
    for c in containers(spec):
        used = [p["hostPort"] for p in c.get("ports") or () if isinstance(p, dict) and p.get("hostPort")]
        if used:
            bad.append(c.get("name", ""))
            ports.update(str(p) for p in used)
    if bad:
        return ("hostPort",
                f"{containers_phrase(bad)} {pluralize('uses', 'use', len(bad))} "
                f"{pluralize('hostPort', 'hostPorts', len(ports))} {', '.join(sorted(ports))}")
    return None


# check_privileged.go -----------------------------------------------------------------------
def privileged_1_0(meta: dict, spec: dict):
    bad = [c.get("name", "") for c in containers(spec) if (security_context(c) or {}).get("privileged") is True]
    if bad:
        return "privileged", f"{containers_phrase(bad)} must not set securityContext.privileged=true"
    return None


# check_procMount.go ------------------------------------------------------------------------
def proc_mount_1_0(meta: dict, spec: dict):
    bad, types = [], set()
    for c in containers(spec):
        pm = (security_context(c) or {}).get("procMount")
        if pm is not None and pm != "Default":
            bad.append(c.get("name", ""))
            types.add(str(pm))
    if bad:
        return "procMount", f"{containers_phrase(bad)} must not set securityContext.procMount to {join_quote(sorted(types))}"
    return None


# check_seLinuxOptions.go -------------------------------------------------------------------
SELINUX_TYPES_1_0 = frozenset({"", "container_t", "container_init_t", "container_kvm_t"})
SELINUX_TYPES_1_31 = SELINUX_TYPES_1_0 | {"container_engine_t"}


def _se_linux_options(spec: dict, allowed: frozenset):
    bad_types: set[str] = set()
    flags = {"user": False, "role": False}

    def valid(opts: dict) -> bool:
        ok = True
        if str(opts.get("type") or "") not in allowed:
            ok = False
            bad_types.add(str(opts.get("type") or ""))
        for f in ("user", "role"):
            if opts.get(f):
                ok = False
                flags[f] = True
        return ok

    psc = security_context(spec)
    pod_bad = bool(psc and isinstance(psc.get("seLinuxOptions"), dict) and not valid(psc["seLinuxOptions"]))
    bad = [c.get("name", "") for c in containers(spec)
           if isinstance((security_context(c) or {}).get("seLinuxOptions"), dict)
           and not valid(security_context(c)["seLinuxOptions"])]
    setters = _setters(pod_bad, bad)
    if not setters:
        return None
    data = []
    if bad_types:
        data.append(f"{pluralize('type', 'types', len(bad_types))} {join_quote(sorted(bad_types))}")
    if flags["user"]:
        data.append("user may not be set")
    if flags["role"]:
        data.append("role may not be set")
    return ("seLinuxOptions",
            f"{' and '.join(setters)} set forbidden securityContext.seLinuxOptions: {'; '.join(data)}")


def se_linux_options_1_0(meta: dict, spec: dict):
    return _se_linux_options(spec, SELINUX_TYPES_1_0)


def se_linux_options_1_31(meta: dict, spec: dict):
    return _se_linux_options(spec, SELINUX_TYPES_1_31)


# check_seccompProfile_baseline.go ----------------------------------------------------------
SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod"
SECCOMP_CONTAINER_ANNOTATION_PREFIX = "container.seccomp.security.alpha.kubernetes.io/"


def valid_seccomp(profile) -> bool:
    return isinstance(profile, dict) and profile.get("type") in ("Localhost", "RuntimeDefault")


def seccomp_profile_baseline_1_0(meta: dict, spec: dict):
    """The alpha annotations, which policy versions before 1.19 read."""
    ann = meta.get("annotations") or {}

    def ok(v: str) -> bool:
        return v in ("runtime/default", "docker/default") or v.startswith("localhost/")

    forbidden = set()
    if SECCOMP_POD_ANNOTATION in ann and not ok(ann[SECCOMP_POD_ANNOTATION]):
        forbidden.add(f"{SECCOMP_POD_ANNOTATION}={_go_quote(ann[SECCOMP_POD_ANNOTATION])}")
    for c in containers(spec):
        key = SECCOMP_CONTAINER_ANNOTATION_PREFIX + str(c.get("name", ""))
        if key in ann and not ok(ann[key]):
            forbidden.add(f"{key}={_go_quote(ann[key])}")
    if forbidden:
        return ("seccompProfile",
                f"forbidden {pluralize('annotation', 'annotations', len(forbidden))} {', '.join(sorted(forbidden))}")
    return None


def seccomp_profile_baseline_1_19(meta: dict, spec: dict):
    values: set[str] = set()
    psc = security_context(spec)
    pod_bad = False
    if psc and psc.get("seccompProfile") is not None and not valid_seccomp(psc["seccompProfile"]):
        pod_bad = True
        values.add(str(psc["seccompProfile"].get("type", "")))
    bad = []
    for c in containers(spec):
        sc = security_context(c)
        if sc and sc.get("seccompProfile") is not None and not valid_seccomp(sc["seccompProfile"]):
            bad.append(c.get("name", ""))
            values.add(str(sc["seccompProfile"].get("type", "")))
    setters = _setters(pod_bad, bad)
    if setters:
        return ("seccompProfile",
                f"{' and '.join(setters)} must not set securityContext.seccompProfile.type to {join_quote(sorted(values))}")
    return None


# check_sysctls.go ----------------------------------------------------------------------------
SYSCTLS_1_0 = frozenset({"kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies",
                         "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start"})
SYSCTLS_1_27 = SYSCTLS_1_0 | {"net.ipv4.ip_local_reserved_ports"}
SYSCTLS_1_29 = SYSCTLS_1_27 | {"net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
                               "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"}
SYSCTLS_1_32 = SYSCTLS_1_29 | {"net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"}


def _sysctls(allowed: frozenset):
    def check(meta: dict, spec: dict):
        names = [str(s.get("name", "")) for s in (security_context(spec) or {}).get("sysctls") or ()
                 if isinstance(s, dict) and s.get("name") not in allowed]
        return ("forbidden sysctls", ", ".join(names)) if names else None
    return check


# check_windowsHostProcess.go -----------------------------------------------------------------
def _host_process(sc: dict | None) -> bool:
    return ((sc or {}).get("windowsOptions") or {}).get("hostProcess") is True


def windows_host_process_1_0(meta: dict, spec: dict):
    bad = [c.get("name", "") for c in containers(spec) if _host_process(security_context(c))]
    setters = _setters(_host_process(security_context(spec)), bad)
    if setters:
        return "hostProcess", f"{' and '.join(setters)} must not set securityContext.windowsOptions.hostProcess=true"
    return None


B = levels.BASELINE
CHECKS = [
    Check("appArmorProfile", B, (Versioned(0, app_armor_profile_1_0),)),
    Check("capabilities_baseline", B, (Versioned(0, capabilities_baseline_1_0),)),
    Check("hostNamespaces", B, (Versioned(0, host_namespaces_1_0),)),
    Check("hostPathVolumes", B, (Versioned(0, host_path_volumes_1_0),)),
    Check("hostPorts", B, (Versioned(0, host_ports_1_0),)),
    Check("privileged", B, (Versioned(0, privileged_1_0),)),
    Check("procMount", B, (Versioned(0, proc_mount_1_0),)),
    Check("seLinuxOptions", B, (Versioned(0, se_linux_options_1_0), Versioned(31, se_linux_options_1_31))),
    Check("seccompProfile_baseline", B, (Versioned(0, seccomp_profile_baseline_1_0),
                                         Versioned(19, seccomp_profile_baseline_1_19))),
    Check("sysctls", B, (Versioned(0, _sysctls(SYSCTLS_1_0)), Versioned(27, _sysctls(SYSCTLS_1_27)),
                         Versioned(29, _sysctls(SYSCTLS_1_29)), Versioned(32, _sysctls(SYSCTLS_1_32)))),
    Check("windowsHostProcess", B, (Versioned(0, windows_host_process_1_0),)),
]
