"""Admission plugins, in the order kube-apiserver runs them.

Each plugin may mutate on ``admit`` and refuse on ``validate``; upstream
sources are cited per plugin. ResourceQuota and LimitRanger live in their
own modules because they keep state.
"""
from __future__ import annotations

from clusters.apiserver import errors


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
    """plugin/pkg/admission/serviceaccount/admission.go: pods run as "default" unless told."""

    name = "ServiceAccount"

    def admit(self, api, resource, op, obj, old):
        if resource.kind != "Pod" or op != "CREATE":
            return
        spec = obj.setdefault("spec", {})
        if not spec.get("serviceAccountName"):
            spec["serviceAccountName"] = spec.get("serviceAccount") or "default"
        spec["serviceAccount"] = spec["serviceAccountName"]


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
    from clusters.apiserver import quota, storage

    return [NamespaceLifecycle(), quota.LimitRanger(), ServiceAccount(), Priority(), DefaultTolerationSeconds(),
            storage.DefaultStorageClass(), storage.StorageObjectInUseProtection(), quota.ResourceQuota()]
