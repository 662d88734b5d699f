"""kubectl debug's --profile appliers (kubernetes/kubectl:pkg/cmd/debug/profiles.go at 1.32).

Each profile changes the debugging pod for one of three styles: an ephemeral container added
to the pod itself, a copy of the pod (``--copy-to``), or a pod on a node (``node/NAME``). The
``--keep-*`` flags say what a copy keeps of the original (KeepFlags); legacy, the default,
drops only the labels, so a Service or ReplicaSet never selects the copy.
"""
from __future__ import annotations

PROFILES = ("legacy", "general", "baseline", "restricted", "netadmin", "sysadmin")
EPHEMERAL, COPY, NODE = "ephemeral", "copy", "node"


class Keep:
    """KeepFlags: what ``--copy-to`` keeps of the original pod."""

    def __init__(self, opts):
        self.labels = bool(opts.get("keep-labels", False))
        self.annotations = bool(opts.get("keep-annotations", False))
        self.liveness = bool(opts.get("keep-liveness", False))
        self.readiness = bool(opts.get("keep-readiness", False))
        self.startup = bool(opts.get("keep-startup", False))
        self.init_containers = bool(opts.get("keep-init-containers", True))

    def strip(self, pod: dict, labels_only: bool = False) -> None:
        meta = pod["metadata"]
        if not self.labels:
            meta.pop("labels", None)
        if labels_only:
            return
        if not self.annotations:
            meta.pop("annotations", None)
        for c in pod["spec"].get("containers") or ():
            for keep, field in ((self.liveness, "livenessProbe"), (self.readiness, "readinessProbe"),
                                (self.startup, "startupProbe")):
                if not keep:
                    c.pop(field, None)
        if not self.init_containers:
            pod["spec"].pop("initContainers", None)


def _container(pod: dict, name: str, with_ephemeral: bool = True) -> dict | None:
    spec = pod["spec"]
    lists = ("initContainers", "containers", "ephemeralContainers") if with_ephemeral else ("containers",)
    for field in lists:
        for c in spec.get(field) or ():
            if c.get("name") == name:
                return c
    return None


def _security(pod: dict, name: str) -> dict:
    c = _container(pod, name)
    if c is None:
        return {}
    return c.setdefault("securityContext", {})


def _add_capability(pod: dict, name: str, *caps: str) -> None:
    if _container(pod, name) is not None:
        _security(pod, name).setdefault("capabilities", {}).setdefault("add", []).extend(caps)


def _clear_security(pod: dict, name: str) -> None:
    c = _container(pod, name)
    if c is not None:
        c.pop("securityContext", None)


def _mount_root(pod: dict, name: str) -> None:
    """mountRootPartition: the node's / as hostPath volume host-root, at /host in the container."""
    pod["spec"].setdefault("volumes", []).append({"name": "host-root", "hostPath": {"path": "/"}})
    c = _container(pod, name, with_ephemeral=False)
    if c is not None:
        c.setdefault("volumeMounts", []).append({"name": "host-root", "mountPath": "/host"})


def _host_namespaces(pod: dict) -> None:
    pod["spec"].update(hostNetwork=True, hostPID=True, hostIPC=True)


def _share_processes(pod: dict) -> None:
    pod["spec"].setdefault("shareProcessNamespace", True)


def _restrict(pod: dict, name: str) -> None:
    """restricted: non-root, no capabilities, no privilege escalation, the runtime's seccomp profile."""
    if _container(pod, name) is None:
        return
    sc = _security(pod, name)
    sc["runAsNonRoot"] = True
    sc["capabilities"] = {"drop": ["ALL"]}
    sc["allowPrivilegeEscalation"] = False
    sc["seccompProfile"] = {"type": "RuntimeDefault"}


def apply(profile: str, pod: dict, name: str, style: str, keep: Keep) -> None:
    """Profile ``profile``'s Apply to ``pod`` (the debugging pod) for the container ``name``."""
    if profile == "legacy":
        if style == NODE:
            _mount_root(pod, name)
            _host_namespaces(pod)
        elif style == COPY:
            keep.strip(pod, labels_only=True)
        return
    if profile in ("baseline", "restricted"):
        _clear_security(pod, name)
    if profile == "restricted":
        _restrict(pod, name)
    if profile == "netadmin":
        _add_capability(pod, name, "NET_ADMIN", "NET_RAW")
    if profile == "sysadmin" and _container(pod, name) is not None:
        _security(pod, name)["privileged"] = True
    if style == NODE:
        if profile in ("general", "sysadmin"):
            _mount_root(pod, name)
        if profile == "general":
            _clear_security(pod, name)
        if profile in ("general", "netadmin", "sysadmin"):
            _host_namespaces(pod)
    elif style == COPY:
        keep.strip(pod)
        if profile == "general":
            _add_capability(pod, name, "SYS_PTRACE")
        _share_processes(pod)
    elif profile == "general":
        _add_capability(pod, name, "SYS_PTRACE")
