"""The PodSecurity admission plugin (kubernetes/kubernetes plugin/pkg/admission/security/podsecurity/
admission.go over k8s.io/pod-security-admission admission/admission.go and response.go, v0.32).

It validates, never mutates, on create and update:

- Namespaces: their ``pod-security.kubernetes.io/*`` labels must parse (422 Invalid in
  upstream's words, on update only when the errors changed). When an update makes the
  enforce level stricter (or changes its version), every pod already in the namespace is
  checked against it and the violations come back as warnings: one line naming the
  namespace and level, then one per distinct set of failed checks, prefixed with the
  lexically first pod and how many others share it.
- Pods: the enforce level refuses a pod that fails it (403 ``violates PodSecurity
  "baseline:latest": ...``); otherwise the warn level adds ``would violate PodSecurity ...``.
  An update is checked only when it adds or swaps a container image; status, binding and
  the other subresources a kubelet or scheduler writes are never checked.
- Workload resources (Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs,
  CronJobs, ReplicationControllers, PodTemplates): their pod template gets the warn check
  only; the pods they make are enforced when created.

The audit mode writes audit annotations only, which nothing here shows, so it is parsed
(and its label validated) but not evaluated. Warnings reach the requester through
``api.warn``; the components' requests drop them, as their logs are not shown, so the
warn level is evaluated only for a client that prints them.
"""
from __future__ import annotations

from dataclasses import dataclass

from clusters.apiserver import errors
from clusters.apiserver.admission import Plugin
from clusters.apiserver.podsecurity import baseline, levels, restricted
from clusters.apiserver.podsecurity.registry import Evaluator

# policy.DefaultChecks(): every check assigned to a policy version. Built once per process;
# the plugin object, which is kept with the cluster, holds only its configuration.
EVALUATOR = Evaluator(baseline.CHECKS + restricted.CHECKS)

# Pod subresources whose writes cannot change what the checks read (ignoredPodSubresources).
IGNORED_POD_SUBRESOURCES = frozenset({"exec", "attach", "binding", "eviction", "log", "portforward", "proxy", "status"})
# DefaultPodSpecExtractor: kind -> how to reach its pod template.
_TEMPLATES = {
    "ReplicationController": ("spec", "template"), "PodTemplate": ("template",),
    "ReplicaSet": ("spec", "template"), "Deployment": ("spec", "template"), "StatefulSet": ("spec", "template"),
    "DaemonSet": ("spec", "template"), "Job": ("spec", "template"),
    "CronJob": ("spec", "jobTemplate", "spec", "template"),
}
_CORE_OR_WORKLOAD_GROUPS = ("", "apps", "batch")
# defaultNamespaceMaxPodsToCheck: a namespace update checks at most this many existing pods.
NAMESPACE_MAX_PODS_TO_CHECK = 3000


@dataclass(frozen=True)
class Configuration:
    """PodSecurityConfiguration: the policy of a namespace without labels, and exemptions.
    kind and kubeadm give kube-apiserver none, so the defaults are privileged:latest
    for every mode and nothing is exempt."""

    defaults: levels.Policy = levels.DEFAULT_POLICY
    exempt_namespaces: tuple[str, ...] = ()
    exempt_runtime_classes: tuple[str, ...] = ()


class PodSecurity(Plugin):
    name = "PodSecurity"

    def __init__(self, config: Configuration | None = None):
        self.config = config or Configuration()

    def validate(self, api, resource, op, obj, old):
        if op not in ("CREATE", "UPDATE"):
            return
        request = getattr(api, "request", None)
        subresource = request.subresource if request is not None else None
        if resource.kind == "Namespace" and resource.group == "":
            if subresource is None:
                self._validate_namespace(api, op, obj, old)
        elif resource.kind == "Pod" and resource.group == "":
            if subresource not in IGNORED_POD_SUBRESOURCES:
                self._validate_pod(api, resource, op, obj, old)
        elif resource.kind in _TEMPLATES and resource.group in _CORE_OR_WORKLOAD_GROUPS and subresource is None:
            self._validate_pod_controller(api, obj)

    # -- namespaces -------------------------------------------------------------------------
    def _validate_namespace(self, api, op, ns, old) -> None:
        labels = (ns.get("metadata") or {}).get("labels") or {}
        name = ns["metadata"].get("name", "")
        new_policy, new_errs = levels.policy_to_evaluate(labels, self.config.defaults)
        if op == "CREATE":
            if new_errs:
                raise errors.invalid("Namespace", "", name, new_errs)
            if name in self.config.exempt_namespaces:
                self._warn_exempt_namespace(api, name, new_policy, labels)
            return
        old_policy, old_errs = levels.policy_to_evaluate((old.get("metadata") or {}).get("labels") or {},
                                                         self.config.defaults)
        if new_errs and (not old_errs or _error_keys(new_errs) != _error_keys(old_errs)):
            raise errors.invalid("Namespace", "", name, new_errs)
        new, was = new_policy.enforce, old_policy.enforce
        # Existing pods are not dry-run when enforce is unchanged, privileged, or relaxed.
        if new == was or new.level == levels.PRIVILEGED:
            return
        if new.version == was.version and levels.compare_levels(new.level, was.level) < 1:
            return
        if name in self.config.exempt_namespaces:
            self._warn_exempt_namespace(api, name, new_policy, labels)
            return
        for warning in self.existing_pod_warnings(api, name, new):
            api.warn(warning)

    def existing_pod_warnings(self, api, namespace: str, enforce: levels.LevelVersion) -> list[str]:
        """EvaluatePodsInNamespace: one pod per controller first (prioritizePods), at most
        NAMESPACE_MAX_PODS_TO_CHECK, grouped by the reasons they fail."""
        first, rest, seen = [], [], set()
        for pod in api.list("pods", namespace):
            if self._exempt_runtime_class(pod.get("spec") or {}):
                continue
            owner = next((o.get("uid") for o in (pod["metadata"].get("ownerReferences") or ())
                          if o.get("controller")), None)
            if owner is None:
                first.append(pod)
            elif owner in seen:
                rest.append(pod)
            else:
                seen.add(owner)
                first.append(pod)
        pods = first + rest
        checked = pods[:NAMESPACE_MAX_PODS_TO_CHECK]
        counts: dict[str, list] = {}  # reason -> [lexically first pod name, pods]
        for pod in checked:
            result = EVALUATOR.evaluate(enforce, pod["metadata"], pod.get("spec") or {})
            if result.allowed:
                continue
            reason = result.forbidden_reason()
            entry = counts.setdefault(reason, [pod["metadata"]["name"], 0])
            entry[0] = min(entry[0], pod["metadata"]["name"])
            entry[1] += 1
        warnings = []
        if len(checked) < len(pods):
            warnings.append(f"new PodSecurity enforce level only checked against the first {len(checked)} "
                            f"of {len(pods)} existing pods")
        if counts:
            warnings.append(f'existing pods in namespace "{namespace}" violate the new PodSecurity enforce level '
                            f'"{enforce}"')
        return warnings + sorted(_decorate(first_name, n, reason) for reason, (first_name, n) in counts.items())

    def _warn_exempt_namespace(self, api, name: str, policy: levels.Policy, labels: dict) -> None:
        """exemptNamespaceWarning: the modes a label set to something non-privileged."""
        if policy.fully_privileged() or policy.equivalent(self.config.defaults):
            return
        parts = []
        for mode, lv in ((levels.ENFORCE, policy.enforce), (levels.AUDIT, policy.audit), (levels.WARN, policy.warn)):
            key = levels.LABEL_PREFIX + mode
            if lv.level != levels.PRIVILEGED and (key in labels or key + "-version" in labels):
                parts.append(f"{mode}={lv}")
        api.warn(f'namespace "{name}" is exempt from Pod Security, and the policy ({", ".join(parts)}) will be ignored')

    # -- pods and their templates ------------------------------------------------------------
    def _validate_pod(self, api, resource, op, pod, old) -> None:
        if op == "UPDATE" and not _significant_pod_update(pod.get("spec") or {}, old.get("spec") or {}):
            return  # the kubelet's and controllers' writes: nothing the checks read changed
        meta = pod.get("metadata") or {}
        policy, errs = self._namespace_policy(api, meta.get("namespace", ""))
        if policy is None or (not errs and policy.fully_privileged()):
            return
        self._evaluate(api, policy, meta, pod.get("spec") or {}, resource.qualified, meta.get("name", ""), True)

    def _validate_pod_controller(self, api, obj) -> None:
        meta = obj.get("metadata") or {}
        policy, errs = self._namespace_policy(api, meta.get("namespace", ""))
        if policy is None or (not errs and policy.warn.level == levels.PRIVILEGED
                              and policy.audit.level == levels.PRIVILEGED):
            return
        template = obj
        for key in _TEMPLATES[obj.get("kind", "")]:
            template = template.get(key) if isinstance(template, dict) else None
        if not isinstance(template, dict):
            return
        self._evaluate(api, policy, template.get("metadata") or {}, template.get("spec") or {}, "", "", False)

    def _namespace_policy(self, api, namespace: str):
        if namespace in self.config.exempt_namespaces:
            return None, []
        ns = api.try_get("namespaces", namespace)
        if ns is None:
            return None, []  # NamespaceLifecycle has refused the request in its own words
        return levels.policy_to_evaluate((ns.get("metadata") or {}).get("labels"), self.config.defaults)

    def _exempt_runtime_class(self, spec: dict) -> bool:
        rc = spec.get("runtimeClassName")
        return bool(rc) and rc in self.config.exempt_runtime_classes

    def _evaluate(self, api, policy: levels.Policy, meta: dict, spec: dict, qualified: str, name: str,
                  enforce: bool) -> None:
        """EvaluatePod: enforce refuses; warn (on a request still allowed) warns."""
        if self._exempt_runtime_class(spec):
            return
        if enforce:
            result = EVALUATOR.evaluate(policy.enforce, meta, spec)
            if not result.allowed:
                raise errors.forbidden(qualified, name,
                                       f'violates PodSecurity "{policy.enforce}": {result.forbidden_detail()}')
        if not api.wants_warnings():
            return
        result = EVALUATOR.evaluate(policy.warn, meta, spec)
        if not result.allowed:
            api.warn(f'would violate PodSecurity "{policy.warn}": {result.forbidden_detail()}')


def _decorate(name: str, count: int, reason: str) -> str:
    """decoratePodWarnings."""
    if count == 1:
        return f"{name}: {reason}"
    if count == 2:
        return f"{name} (and 1 other pod): {reason}"
    return f"{name} (and {count - 1} other pods): {reason}"


def _error_keys(errs: list[errors.FieldError]) -> list[tuple]:
    return [(e.type, e.field, e.value, e.detail) for e in errs]


def _significant_pod_update(spec: dict, old: dict) -> bool:
    """isSignificantPodUpdate: containers or init containers added, removed or given another
    image, or an ephemeral container added or changed."""
    if spec is old:
        return False
    for key in ("containers", "initContainers"):
        new_cs, old_cs = spec.get(key) or [], old.get(key) or []
        if len(new_cs) != len(old_cs):
            return True
        if any(_image(a) != _image(b) for a, b in zip(new_cs, old_cs)):
            return True
    olds = {c.get("name"): c for c in old.get("ephemeralContainers") or () if isinstance(c, dict)}
    for c in spec.get("ephemeralContainers") or ():
        if not isinstance(c, dict):
            continue
        prev = olds.get(c.get("name"))
        if prev is None or _image(prev) != _image(c):
            return True
    return False


def _image(c) -> object:
    return c.get("image") if isinstance(c, dict) else None
