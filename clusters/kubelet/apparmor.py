"""AppArmor on a node: the profiles its kernel has loaded, and the one each container runs under.

Which profile a container asks for is the kubelet's choice (pkg/security/apparmor/helpers.go GetProfile,
1.32): the container's ``securityContext.appArmorProfile``, else the deprecated
``container.apparmor.security.beta.kubernetes.io/<container>`` annotation (static pods are never synced
by the API server), else the pod's ``securityContext.appArmorProfile``; nothing asked means the runtime's
default. containerd 1.7 (kind's) turns it into the process's label (pkg/cri/server container_create_linux.go
generateApparmorSpecOpts):
the default ``cri-containerd.apparmor.d`` (none for a privileged container), ``unconfined``, or a
profile the node has loaded, refusing to create the container when it has not (``apparmor profile not
found NAME``, from its scan of /sys/kernel/security/apparmor/profiles).

Loading [simplified]: a node has loaded the profiles written in files directly under its
``/etc/apparmor.d`` (what the apparmor service's reload, or ``apparmor_parser`` run over the file,
would load), written through ``kubectl debug node/NAME`` under /host; there is no ``apparmor_parser``
binary to run. The kernel lists them, with containerd's default, in
/sys/kernel/security/apparmor/profiles as ``NAME (enforce)`` or ``(complain)``. A kind node shares its
host's kernel with the other nodes; here each node keeps its own, as separate machines do. The nodes
are taken to have AppArmor available to the kubelet and containerd, as the page requires (a stock
kind node must first mount securityfs and install apparmor for that).

Enforcement [simplified]: the ``deny PATH w`` rules of a container's profile (``audit`` too, globs
with ``*``, ``**``, ``?`` and ``{a,b}``) make writes under those paths fail with EACCES, which is
what the page's k8s-apparmor-example-deny-write (``deny /** w,``) shows. Other rules are not enforced.
"""
from __future__ import annotations

import re

from clusters.kubelet import host_files

ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/"
PROFILES_FILE = host_files.KERNEL_PROFILES  # securityfs: the kernel lists its loaded profiles there
PROFILE_DIR = "/etc/apparmor.d"
# containerd's default profile (pkg/cri/server/service_linux.go: appArmorDefaultProfileName).
RUNTIME_DEFAULT = "cri-containerd.apparmor.d"

_HEADER = re.compile(r"^\s*(?:profile\s+(\S+)(?:\s+/\S*)?|(/\S+))\s*(?:flags\s*=\s*\(([^)]*)\))?\s*\{", re.M)
_DENY = re.compile(r"^\s*(?:audit\s+)?deny\s+(/\S*)\s+([a-zA-Z]+)\s*,", re.M)


def field_for_annotation(value: str) -> dict | None:
    """pkg/api/pod/util.go ApparmorFieldForAnnotation."""
    if value == "runtime/default":
        return {"type": "RuntimeDefault"}
    if value == "unconfined":
        return {"type": "Unconfined"}
    if value.startswith("localhost/"):
        return {"type": "Localhost", "localhostProfile": value[len("localhost/"):]}
    return None


def requested(pod: dict, container: dict) -> dict | None:
    """GetProfile: the container's field, the annotation, the pod's field; None when none is set."""
    sc = container.get("securityContext") or {}
    if sc.get("appArmorProfile"):
        return sc["appArmorProfile"]
    ann = ((pod.get("metadata") or {}).get("annotations") or {}).get(ANNOTATION_PREFIX + str(container.get("name", "")))
    if ann is not None:
        field = field_for_annotation(ann)
        if field is not None:
            return field
    return ((pod.get("spec") or {}).get("securityContext") or {}).get("appArmorProfile")


def _profiles_in(text: str) -> list[tuple[str, str, str]]:
    """(name, mode, body) of each top-level profile a file defines."""
    out = []
    heads = list(_HEADER.finditer(text))
    for i, m in enumerate(heads):
        flags = (m.group(3) or "").replace(",", " ").split()
        body = text[m.end():heads[i + 1].start() if i + 1 < len(heads) else len(text)]
        out.append((m.group(1) or m.group(2), "complain" if "complain" in flags else "enforce", body))
    return out


def loaded(cluster, node: str) -> dict[str, tuple[str, str]]:
    """The node's loaded profiles: name -> (mode, body)."""
    disk = host_files.peek(cluster, node)
    if disk is None or PROFILE_DIR not in disk.entries:
        return {}
    out = {}
    for path, entry in sorted(disk.entries.items()):
        parent, _, base = path.rpartition("/")
        if parent == PROFILE_DIR and isinstance(entry[0], str) and not base.startswith("."):
            for name, mode, body in _profiles_in(entry[0]):
                out[name] = (mode, body)
    return out


def profiles_text(cluster, node: str) -> str:
    """/sys/kernel/security/apparmor/profiles: containerd's default and what was loaded (in name order here)."""
    names = {RUNTIME_DEFAULT: "enforce"}
    names.update({name: mode for name, (mode, _) in loaded(cluster, node).items()})
    return "".join(f"{name} ({mode})\n" for name, mode in sorted(names.items()))


def label(cluster, node: str, pod: dict, container: dict) -> str:
    """What /proc/1/attr/current holds: the profile and its mode, or ``unconfined``."""
    profile = requested(pod, container) or {"type": "RuntimeDefault"}
    privileged = bool((container.get("securityContext") or {}).get("privileged"))
    kind = profile.get("type")
    if kind == "Localhost":
        name = str(profile.get("localhostProfile") or "")
        mode = loaded(cluster, node).get(name, ("enforce", ""))[0]
        return f"{name} ({mode})\n"
    if kind == "RuntimeDefault" and not privileged:
        return f"{RUNTIME_DEFAULT} (enforce)\n"
    return "unconfined\n"


def create_error(cluster, node: str, pod: dict, container: dict) -> str | None:
    """Why containerd refuses to create the container, as the kubelet reports it (CreateContainerError):
    pkg/cri/server/container_create.go wraps containerSpecOpts's error (containerd 1.7 and 2.0 alike)."""
    profile = requested(pod, container)
    if not profile or profile.get("type") != "Localhost":
        return None
    name = str(profile.get("localhostProfile") or "")
    if name in loaded(cluster, node):
        return None
    return ("failed to get container spec opts: failed to generate apparmor spec opts: "
            f"apparmor profile not found {name}")


def _glob(pattern: str) -> str:
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if ch == "*":
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "{":
            end = pattern.find("}", i)
            if end < 0:
                out.append(re.escape(ch))
            else:
                out.append("(?:" + "|".join(re.escape(p) for p in pattern[i + 1:end].split(",")) + ")")
                i = end + 1
                continue
        else:
            out.append(re.escape(ch))
        i += 1
    return "".join(out)


def write_denials(cluster, node: str, pod: dict, container: dict):
    """A compiled pattern of the paths the container's profile denies writing to, or None."""
    profile = requested(pod, container)
    if not profile or profile.get("type") != "Localhost":
        return None
    entry = loaded(cluster, node).get(str(profile.get("localhostProfile") or ""))
    if entry is None or entry[0] != "enforce":
        return None
    globs = [_glob(m.group(1)) for m in _DENY.finditer(entry[1]) if "w" in m.group(2) or "a" in m.group(2)]
    return re.compile("(?:" + "|".join(globs) + r")\Z") if globs else None
