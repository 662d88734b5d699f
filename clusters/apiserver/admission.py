"""Admission plugins, in the order kube-apiserver runs them.

Each plugin may mutate on ``admit`` and refuse on ``validate``; upstream
sources are cited per plugin. ResourceQuota and LimitRanger live in their
own modules because they read other objects.
"""
from __future__ import annotations

import hashlib

from clusters import randomness
from clusters.apiserver import errors


class Request:
    """What a validating plugin may ask of the request beyond its objects (a slice of
    k8s.io/apiserver admission.Attributes): the subresource written (None for the object
    itself) and the component making the request."""

    __slots__ = ("actor", "subresource")

    def __init__(self, actor: str, subresource: str | None = None):
        self.actor = actor
        self.subresource = subresource


class Plugin:
    name = ""

    def admit(self, api, resource, op: str, obj: dict | None, old: dict | None) -> None:
        pass

    def validate(self, api, resource, op: str, obj: dict | None, old: dict | None) -> None:
        pass


# Namespaces the lifecycle plugin never lets anyone delete
# (plugin/pkg/admission/namespace/lifecycle/admission.go immortalNamespaces).
IMMORTAL_NAMESPACES = ("default", "kube-system", "kube-public")


class NamespaceLifecycle(Plugin):
    """plugin/pkg/admission/namespace/lifecycle/admission.go"""

    name = "NamespaceLifecycle"

    def validate(self, api, resource, op, obj, old):
        if resource.kind == "Namespace":
            if op == "DELETE" and old["metadata"]["name"] in IMMORTAL_NAMESPACES:
                raise errors.forbidden("namespaces", old["metadata"]["name"], "this namespace may not be deleted")
            return
        if not resource.namespaced or op != "CREATE":
            return
        ns = obj["metadata"]["namespace"]
        nso = api.try_get("namespaces", ns)
        if nso is None:
            raise errors.not_found("namespaces", ns, "", "namespaces")
        if (nso.get("status") or {}).get("phase") == "Terminating":
            # Events may still be written into a terminating namespace.
            if resource.kind == "Event":
                return
            raise errors.forbidden(resource.qualified, obj["metadata"]["name"],
                                   f"unable to create new content in namespace {ns} because it is being terminated")


class ServiceAccount(Plugin):
    """plugin/pkg/admission/serviceaccount/admission.go (1.32): a pod runs as "default" unless
    told, its service account must exist, and (mountServiceAccountToken) every container and
    init container gets the ``kube-api-access-<5 chars>`` projected volume at
    /var/run/secrets/kubernetes.io/serviceaccount, unless automountServiceAccountToken is false
    on the pod, or on the service account and the pod does not say true (shouldAutomount).
    Mirror pods are left alone."""

    name = "ServiceAccount"

    def admit(self, api, resource, op, obj, old):
        if resource.kind != "Pod" or op != "CREATE":
            return
        meta = obj.get("metadata") or {}
        spec = obj.setdefault("spec", {})
        if _is_mirror(meta):
            return
        if not spec.get("serviceAccountName"):
            spec["serviceAccountName"] = spec.get("serviceAccount") or DEFAULT_SERVICE_ACCOUNT
        spec["serviceAccount"] = spec["serviceAccountName"]
        ns = meta.get("namespace", "")
        nso = api.try_get("namespaces", ns)
        if nso is None or (nso.get("status") or {}).get("phase") == "Terminating":
            return  # NamespaceLifecycle runs first upstream and refuses the pod in its own words
        sa = _service_account(api, ns, spec["serviceAccountName"])
        if sa is None:
            # getServiceAccount's NotFound, wrapped by Admit in admission.NewForbidden.
            raise errors.forbidden("pods", _admission_name(meta),
                                   f"error looking up service account {ns}/{spec['serviceAccountName']}: "
                                   f'serviceaccount "{spec["serviceAccountName"]}" not found')
        if _should_automount(sa, spec):
            _mount_service_account_token(api, obj)
        if not spec.get("imagePullSecrets") and sa.get("imagePullSecrets"):
            spec["imagePullSecrets"] = [{"name": s.get("name", "")} for s in sa["imagePullSecrets"]]


DEFAULT_SERVICE_ACCOUNT = "default"
# admission.go ServiceAccountVolumeName and DefaultAPITokenMountPath.
SERVICE_ACCOUNT_VOLUME_NAME = "kube-api-access"
DEFAULT_API_TOKEN_MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount"
# pkg/serviceaccount WarnOnlyBoundTokenExpirationSeconds: 1 h + 7 s, so the API server knows
# to extend the token (and warn after the hour) for clients that do not reload it.
WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS = 3607
# kubernetes.io/config.mirror (pkg/apis/core MirrorPodAnnotationKey); our kubelet marks the
# static control-plane pods it reports with config.source "file" only, so that counts too.
_MIRROR = "kubernetes.io/config.mirror"

# TokenVolumeSource(), field for field in the order the API server writes them. Stored objects
# are never mutated, so every pod's volume shares this one dict (as DefaultTolerationSeconds
# shares its tolerations): at 30,000 pods that is the difference between ~1.5 kB and ~0.5 kB a pod.
TOKEN_VOLUME_SOURCE = {
    "sources": [
        {"serviceAccountToken": {"expirationSeconds": WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS, "path": "token"}},
        {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
        {"downwardAPI": {"items": [{"path": "namespace",
                                    "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}},
    ],
    # explicitly set default value (ProjectedVolumeSourceDefaultMode, 0644), see #104464
    "defaultMode": 420,
}


def _is_mirror(meta: dict) -> bool:
    ann = meta.get("annotations") or {}
    return _MIRROR in ann or ann.get("kubernetes.io/config.source") == "file"


def _admission_name(meta: dict) -> str:
    """admission.NewForbidden's extractResourceName: the name, or else generateName, since
    names are generated after admission upstream (ours are generated before it)."""
    name, gen = meta.get("name", ""), meta.get("generateName", "")
    if gen and len(name) == len(gen[:58]) + 5 and name.startswith(gen[:58]):
        return gen
    return name or gen


def _service_account(api, ns: str, name: str) -> dict | None:
    sa = api.try_get("serviceaccounts", name, ns)
    if sa is None and name == DEFAULT_SERVICE_ACCOUNT:
        # getServiceAccount retries "default" ten times, 100-200 ms apart, because the
        # ServiceAccount controller creates it as soon as the namespace is active: a pod sent
        # with its new namespace (one apply -f) is admitted. Our controller has not run yet
        # within this instant, so admit as it would find it: a fresh, empty ServiceAccount.
        return {}
    return sa


def _should_automount(sa: dict, spec: dict) -> bool:
    """shouldAutomount: the pod's preference wins, then the service account's, then true."""
    if spec.get("automountServiceAccountToken") is not None:
        return bool(spec["automountServiceAccountToken"])
    if sa.get("automountServiceAccountToken") is not None:
        return bool(sa["automountServiceAccountToken"])
    return True


def _volume_suffix(api, meta: dict) -> str:
    """The 5 characters names.SimpleNameGenerator (utilrand.String(5)) draws upstream.

    Drawing them from the cluster's generator would shift every later name and UID (and every
    golden file), so they are derived instead from what already identifies this pod: the
    cluster's seed, its namespace and name, and the store revision its create will be written
    at (a pod recreated under the same name gets a new volume name, as upstream). The UID is
    drawn only after admission, so it cannot serve."""
    h = hashlib.sha256(f"{api.rand.seed}/{meta.get('namespace', '')}/{meta.get('name', '')}/"
                       f"{api.store.revision}".encode()).digest()
    return "".join(randomness.ALPHANUMS[b % len(randomness.ALPHANUMS)] for b in h[:5])


def _mount_service_account_token(api, obj: dict) -> None:
    """mountServiceAccountToken: reuse a volume already named kube-api-access-*, else name one;
    mount it read-only in every init container and container that has nothing at the mount
    path; add the volume only if some container took the mount."""
    spec = obj["spec"]
    vols = spec.get("volumes") or []
    if not isinstance(vols, list):
        return  # refused by decoding or validation in its own words
    name = next((v.get("name") for v in vols if isinstance(v, dict)
                 and str(v.get("name", "")).startswith(SERVICE_ACCOUNT_VOLUME_NAME + "-")), None)
    has_volume = name is not None
    if name is None:
        name = f"{SERVICE_ACCOUNT_VOLUME_NAME}-{_volume_suffix(api, obj['metadata'])}"
    # One mount dict per pod, shared by its containers (never mutated once stored).
    mount = {"name": name, "readOnly": True, "mountPath": DEFAULT_API_TOKEN_MOUNT_PATH}
    needs_volume = False
    for field in ("initContainers", "containers"):
        cs = spec.get(field)
        if not isinstance(cs, list):
            continue
        out = []
        for c in cs:
            mounts = c.get("volumeMounts") if isinstance(c, dict) else None
            if not isinstance(c, dict) or not isinstance(mounts or [], list) or any(
                    isinstance(m, dict) and m.get("mountPath") == DEFAULT_API_TOKEN_MOUNT_PATH for m in mounts or ()):
                out.append(c)
                continue
            out.append({**c, "volumeMounts": [*(mounts or ()), mount]})
            needs_volume = True
        spec[field] = out
    if needs_volume and not has_volume:
        spec["volumes"] = [*vols, {"name": name, "projected": TOKEN_VOLUME_SOURCE}]


class Priority(Plugin):
    """plugin/pkg/admission/priority/admission.go: a pod's priority comes from its PriorityClass.

    On create, priorityClassName (or the lowest globalDefault class, else 0) gives
    spec.priority and spec.preemptionPolicy; a pod that names a missing class, or
    states a priority or policy other than its class's, is refused.
    """

    name = "Priority"

    def admit(self, api, resource, op, obj, old):
        if resource.kind != "Pod" or op != "CREATE":
            return
        spec = obj.setdefault("spec", {})
        name = spec.get("priorityClassName")
        policy = None
        if not name:
            default = None
            for pc in api.list("priorityclasses"):
                if pc.get("globalDefault") and (default is None or pc.get("value", 0) < default.get("value", 0)):
                    default = pc
            # getDefaultPriority: with no default class, 0 and PreemptLowerPriority.
            priority = 0 if default is None else default.get("value", 0)
            policy = "PreemptLowerPriority"
            if default is not None:
                spec["priorityClassName"] = default["metadata"]["name"]
                policy = default.get("preemptionPolicy")
        else:
            pc = api.try_get("priorityclasses", str(name))
            if pc is None:
                raise errors.forbidden("pods", obj["metadata"].get("name") or obj["metadata"].get("generateName", ""),
                                       f"no PriorityClass with name {name} was found")
            priority = pc.get("value", 0)
            policy = pc.get("preemptionPolicy")
        given = spec.get("priority")
        if given is not None and given != priority:
            raise errors.forbidden("pods", obj["metadata"].get("name") or obj["metadata"].get("generateName", ""),
                                   f"the integer value of priority ({given}) must not be provided in pod spec; "
                                   f"priority admission controller computed {priority} from the given PriorityClass name")
        spec["priority"] = priority
        if policy is not None:
            if spec.get("preemptionPolicy") not in (None, policy):
                raise errors.forbidden("pods", obj["metadata"].get("name") or obj["metadata"].get("generateName", ""),
                                       f"the string value of PreemptionPolicy ({spec['preemptionPolicy']}) must not be "
                                       f"provided in pod spec; priority admission controller computed {policy} from the "
                                       "given PriorityClass name")
            spec["preemptionPolicy"] = policy


class DefaultTolerationSeconds(Plugin):
    """plugin/pkg/admission/defaulttolerationseconds/admission.go: 300 s for not-ready and unreachable."""

    name = "DefaultTolerationSeconds"
    SECONDS = 300

    def admit(self, api, resource, op, obj, old):
        if resource.kind != "Pod" or op != "CREATE":
            return
        spec = obj.setdefault("spec", {})
        tols = spec.get("tolerations") or []
        have_nr = have_un = False
        for t in tols:
            if not isinstance(t, dict):
                continue
            eff = t.get("effect")
            if eff not in ("", None, "NoExecute"):
                continue
            key = t.get("key")
            if t.get("operator") == "Exists" and not key:
                have_nr = have_un = True
            if key == "node.kubernetes.io/not-ready":
                have_nr = True
            if key == "node.kubernetes.io/unreachable":
                have_un = True
        if not tols:
            # Stored objects are never mutated, so every pod without tolerations of its
            # own shares one list (a kilobyte a pod on a 30,000-pod cluster).
            spec["tolerations"] = _DEFAULT_TOLERATIONS
            return
        tols = list(tols)
        if not have_nr:
            tols.append(_NOT_READY)
        if not have_un:
            tols.append(_UNREACHABLE)
        spec["tolerations"] = tols


_NOT_READY = {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute",
              "tolerationSeconds": DefaultTolerationSeconds.SECONDS}
_UNREACHABLE = {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute",
                "tolerationSeconds": DefaultTolerationSeconds.SECONDS}
_DEFAULT_TOLERATIONS = [_NOT_READY, _UNREACHABLE]


def default_chain() -> list[Plugin]:
    from clusters.apiserver import limitranger, podsecurity, quota, storage

    return [NamespaceLifecycle(), limitranger.LimitRanger(), ServiceAccount(), podsecurity.PodSecurity(), Priority(),
            DefaultTolerationSeconds(), storage.DefaultStorageClass(), storage.StorageObjectInUseProtection(),
            quota.ResourceQuota()]
