"""The restricted Pod Security Standard's own checks: k8s.io/pod-security-admission
policy/check_*.go (v0.32). Restricted also runs every baseline check these do not
override (``Versioned.overrides``); the 1.25 versions let Windows pods (spec.os.name)
through checks that cannot apply to them.
"""
from __future__ import annotations

from clusters.apiserver.podsecurity import levels
from clusters.apiserver.podsecurity.baseline import valid_seccomp
from clusters.apiserver.podsecurity.registry import Check, Versioned, containers, containers_phrase as _phrase, \
    join_quote, pluralize, security_context, setters, windows


def _unless_windows(check):
    def on_linux(meta: dict, spec: dict):
        return None if windows(spec) else check(meta, spec)
    on_linux.__name__ = check.__name__.replace("_1_", "_1_25_from_1_")
    return on_linux


# check_allowPrivilegeEscalation.go -----------------------------------------------------------
def allow_privilege_escalation_1_8(meta: dict, spec: dict):
    bad = [c.get("name", "") for c in containers(spec)
           if (security_context(c) or {}).get("allowPrivilegeEscalation") is not False]
    if bad:
        return ("allowPrivilegeEscalation != false",
                f"{_phrase(bad)} must set securityContext.allowPrivilegeEscalation=false")
    return None


# check_capabilities_restricted.go ------------------------------------------------------------
def capabilities_restricted_1_22(meta: dict, spec: dict):
    missing_drop_all, adding, forbidden = [], [], set()
    for c in containers(spec):
        caps = (security_context(c) or {}).get("capabilities")
        if not isinstance(caps, dict):
            missing_drop_all.append(c.get("name", ""))
            continue
        if "ALL" not in (caps.get("drop") or ()):
            missing_drop_all.append(c.get("name", ""))
        added = [str(x) for x in caps.get("add") or () if x != "NET_BIND_SERVICE"]
        if added:
            adding.append(c.get("name", ""))
            forbidden.update(added)
    details = []
    if missing_drop_all:
        details.append(f'{_phrase(missing_drop_all)} must set securityContext.capabilities.drop=["ALL"]')
    if adding:
        details.append(f"{_phrase(adding)} must not include {join_quote(sorted(forbidden))} "
                       "in securityContext.capabilities.add")
    return ("unrestricted capabilities", "; ".join(details)) if details else None


# check_restrictedVolumes.go ------------------------------------------------------------------
ALLOWED_VOLUME_SOURCES = ("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim",
                          "projected", "secret")
# The switch's order: the first source a volume sets names its type.
RESTRICTED_VOLUME_SOURCES = ("hostPath", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi",
                             "glusterfs", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "fc", "azureFile",
                             "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "portworxVolume",
                             "scaleIO", "storageos")


def restricted_volumes_1_0(meta: dict, spec: dict):
    bad, types = [], set()
    for v in spec.get("volumes") or ():
        if not isinstance(v, dict) or any(v.get(s) is not None for s in ALLOWED_VOLUME_SOURCES):
            continue
        bad.append(v.get("name", ""))
        types.add(next((s for s in RESTRICTED_VOLUME_SOURCES if v.get(s) is not None), "unknown"))
    if bad:
        return ("restricted volume types",
                f"{pluralize('volume', 'volumes', len(bad))} {join_quote(bad)} {pluralize('uses', 'use', len(bad))} "
                f"{pluralize('restricted volume type', 'restricted volume types', len(types))} "
                f"{join_quote(sorted(types))}")
    return None


# check_runAsNonRoot.go -------------------------------------------------------------------------
def run_as_non_root_1_0(meta: dict, spec: dict):
    pod_bad = pod_non_root = False
    psc = security_context(spec)
    if psc and psc.get("runAsNonRoot") is not None:
        pod_bad, pod_non_root = not psc["runAsNonRoot"], bool(psc["runAsNonRoot"])
    explicit, implicit = [], []
    for c in containers(spec):
        sc = security_context(c)
        if sc and sc.get("runAsNonRoot") is not None:
            if not sc["runAsNonRoot"]:
                explicit.append(c.get("name", ""))
        elif not pod_non_root:
            implicit.append(c.get("name", ""))
    bad = setters(pod_bad, explicit)
    if bad:
        return "runAsNonRoot != true", f"{' and '.join(bad)} must not set securityContext.runAsNonRoot=false"
    if implicit:
        return "runAsNonRoot != true", f"pod or {_phrase(implicit)} must set securityContext.runAsNonRoot=true"
    return None


# check_runAsUser.go ----------------------------------------------------------------------------
def _root(sc: dict | None) -> bool:
    uid = (sc or {}).get("runAsUser")
    return uid is not None and not isinstance(uid, bool) and uid == 0


def run_as_user_1_23(meta: dict, spec: dict):
    bad = setters(_root(security_context(spec)), [c.get("name", "") for c in containers(spec) if _root(security_context(c))])
    if bad:
        return "runAsUser=0", f"{' and '.join(bad)} must not set runAsUser=0"
    return None


# check_seccompProfile_restricted.go ------------------------------------------------------------
def seccomp_profile_restricted_1_19(meta: dict, spec: dict):
    values: set[str] = set()
    pod_bad = pod_set = False
    psc = security_context(spec)
    if psc and psc.get("seccompProfile") is not None:
        if not valid_seccomp(psc["seccompProfile"]):
            pod_bad = True
            values.add(str(psc["seccompProfile"].get("type", "")))
        else:
            pod_set = True
    explicit, implicit = [], []
    for c in containers(spec):
        sc = security_context(c)
        if sc and sc.get("seccompProfile") is not None:
            if not valid_seccomp(sc["seccompProfile"]):
                explicit.append(c.get("name", ""))
                values.add(str(sc["seccompProfile"].get("type", "")))
        elif not pod_set:
            implicit.append(c.get("name", ""))
    bad = setters(pod_bad, explicit)
    if bad:
        return ("seccompProfile",
                f"{' and '.join(bad)} must not set securityContext.seccompProfile.type to {join_quote(sorted(values))}")
    if implicit:
        return ("seccompProfile",
                f'pod or {_phrase(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"')
    return None


R = levels.RESTRICTED
CHECKS = [
    Check("allowPrivilegeEscalation", R, (Versioned(8, allow_privilege_escalation_1_8),
                                          Versioned(25, _unless_windows(allow_privilege_escalation_1_8)))),
    Check("capabilities_restricted", R, (Versioned(22, capabilities_restricted_1_22, ("capabilities_baseline",)),
                                         Versioned(25, _unless_windows(capabilities_restricted_1_22),
                                                   ("capabilities_baseline",)))),
    Check("restrictedVolumes", R, (Versioned(0, restricted_volumes_1_0, ("hostPathVolumes",)),)),
    Check("runAsNonRoot", R, (Versioned(0, run_as_non_root_1_0),)),
    Check("runAsUser", R, (Versioned(23, run_as_user_1_23),)),
    Check("seccompProfile_restricted", R, (Versioned(19, seccomp_profile_restricted_1_19, ("seccompProfile_baseline",)),
                                           Versioned(25, _unless_windows(seccomp_profile_restricted_1_19),
                                                     ("seccompProfile_baseline",)))),
]
