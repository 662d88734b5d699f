"""The resource types the simulated API server serves.

Names, short names, groups, versions and scope follow ``kubectl
api-resources`` against a 1.32 cluster; etcd prefixes follow
``SpecialDefaultResourcePrefixes`` in
kubernetes/kubernetes:pkg/kubeapiserver/default_storage_factory_builder.go
(nodes under ``minions``, services under ``services/specs``, endpoints under
``services/endpoints``).
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Resource:
    plural: str
    singular: str
    kind: str
    group: str
    version: str
    namespaced: bool
    short_names: tuple[str, ...] = ()
    etcd_prefix: str = ""
    categories: tuple[str, ...] = ()
    verbs: tuple[str, ...] = ("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")
    # Served by an aggregated APIService rather than by kube-apiserver itself.
    aggregated: bool = False
    subresources: tuple[str, ...] = field(default=())

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def group_version(self) -> str:
        return self.api_version

    @property
    def qualified(self) -> str:
        """The name errors use: ``pods``, ``deployments.apps``."""
        return f"{self.plural}.{self.group}" if self.group else self.plural

    def key(self, namespace: str | None, name: str) -> str:
        prefix = self.etcd_prefix or self.plural
        if self.namespaced:
            return f"/registry/{prefix}/{namespace}/{name}"
        return f"/registry/{prefix}/{name}"

    def directory(self, namespace: str | None = None) -> str:
        prefix = self.etcd_prefix or self.plural
        if self.namespaced and namespace:
            return f"/registry/{prefix}/{namespace}/"
        return f"/registry/{prefix}/"


_ALL = ("all",)
_RO = ("get", "list")
_CREATE = ("create",)

RESOURCES: tuple[Resource, ...] = (
    Resource("bindings", "binding", "Binding", "", "v1", True, verbs=("create",)),
    Resource("componentstatuses", "componentstatus", "ComponentStatus", "", "v1", False, ("cs",), verbs=_RO),
    Resource("configmaps", "configmap", "ConfigMap", "", "v1", True, ("cm",)),
    Resource("endpoints", "endpoints", "Endpoints", "", "v1", True, ("ep",), etcd_prefix="services/endpoints"),
    Resource("events", "event", "Event", "", "v1", True, ("ev",)),
    Resource("limitranges", "limitrange", "LimitRange", "", "v1", True, ("limits",)),
    Resource("namespaces", "namespace", "Namespace", "", "v1", False, ("ns",), verbs=("create", "delete", "get", "list", "patch", "update", "watch"), subresources=("finalize", "status")),
    Resource("nodes", "node", "Node", "", "v1", False, ("no",), etcd_prefix="minions", subresources=("status",)),
    Resource("persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", "", "v1", True, ("pvc",), subresources=("status",)),
    Resource("persistentvolumes", "persistentvolume", "PersistentVolume", "", "v1", False, ("pv",), subresources=("status",)),
    Resource("pods", "pod", "Pod", "", "v1", True, ("po",), categories=_ALL, subresources=("binding", "ephemeralcontainers", "eviction", "log", "status", "exec")),
    Resource("podtemplates", "podtemplate", "PodTemplate", "", "v1", True),
    Resource("replicationcontrollers", "replicationcontroller", "ReplicationController", "", "v1", True, ("rc",), etcd_prefix="controllers", categories=_ALL, subresources=("scale", "status")),
    Resource("resourcequotas", "resourcequota", "ResourceQuota", "", "v1", True, ("quota",), subresources=("status",)),
    Resource("secrets", "secret", "Secret", "", "v1", True),
    Resource("serviceaccounts", "serviceaccount", "ServiceAccount", "", "v1", True, ("sa",), subresources=("token",)),
    Resource("services", "service", "Service", "", "v1", True, ("svc",), etcd_prefix="services/specs", categories=_ALL, subresources=("status",)),
    Resource("apiservices", "apiservice", "APIService", "apiregistration.k8s.io", "v1", False, subresources=("status",)),
    Resource("controllerrevisions", "controllerrevision", "ControllerRevision", "apps", "v1", True),
    Resource("daemonsets", "daemonset", "DaemonSet", "apps", "v1", True, ("ds",), categories=_ALL, subresources=("status",)),
    Resource("deployments", "deployment", "Deployment", "apps", "v1", True, ("deploy",), categories=_ALL, subresources=("scale", "status")),
    Resource("replicasets", "replicaset", "ReplicaSet", "apps", "v1", True, ("rs",), categories=_ALL, subresources=("scale", "status")),
    Resource("statefulsets", "statefulset", "StatefulSet", "apps", "v1", True, ("sts",), categories=_ALL, subresources=("scale", "status")),
    # Create-only reviews (pkg/registry/authentication, pkg/registry/authorization): nothing is stored.
    Resource("selfsubjectreviews", "selfsubjectreview", "SelfSubjectReview", "authentication.k8s.io", "v1", False, verbs=_CREATE),
    Resource("tokenreviews", "tokenreview", "TokenReview", "authentication.k8s.io", "v1", False, verbs=_CREATE),
    Resource("localsubjectaccessreviews", "localsubjectaccessreview", "LocalSubjectAccessReview", "authorization.k8s.io", "v1", True, verbs=_CREATE),
    Resource("selfsubjectaccessreviews", "selfsubjectaccessreview", "SelfSubjectAccessReview", "authorization.k8s.io", "v1", False, verbs=_CREATE),
    Resource("selfsubjectrulesreviews", "selfsubjectrulesreview", "SelfSubjectRulesReview", "authorization.k8s.io", "v1", False, verbs=_CREATE),
    Resource("subjectaccessreviews", "subjectaccessreview", "SubjectAccessReview", "authorization.k8s.io", "v1", False, verbs=_CREATE),
    Resource("horizontalpodautoscalers", "horizontalpodautoscaler", "HorizontalPodAutoscaler", "autoscaling", "v2", True, ("hpa",), categories=_ALL, subresources=("status",)),
    Resource("cronjobs", "cronjob", "CronJob", "batch", "v1", True, ("cj",), categories=_ALL, subresources=("status",)),
    Resource("jobs", "job", "Job", "batch", "v1", True, categories=_ALL, subresources=("status",)),
    Resource("leases", "lease", "Lease", "coordination.k8s.io", "v1", True),
    Resource("endpointslices", "endpointslice", "EndpointSlice", "discovery.k8s.io", "v1", True),
    Resource("ingressclasses", "ingressclass", "IngressClass", "networking.k8s.io", "v1", False),
    Resource("ingresses", "ingress", "Ingress", "networking.k8s.io", "v1", True, ("ing",), etcd_prefix="ingress", subresources=("status",)),
    Resource("networkpolicies", "networkpolicy", "NetworkPolicy", "networking.k8s.io", "v1", True, ("netpol",)),
    Resource("poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", "policy", "v1", True, ("pdb",), subresources=("status",)),
    Resource("clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", "rbac.authorization.k8s.io", "v1", False),
    Resource("clusterroles", "clusterrole", "ClusterRole", "rbac.authorization.k8s.io", "v1", False),
    Resource("rolebindings", "rolebinding", "RoleBinding", "rbac.authorization.k8s.io", "v1", True),
    Resource("roles", "role", "Role", "rbac.authorization.k8s.io", "v1", True),
    Resource("priorityclasses", "priorityclass", "PriorityClass", "scheduling.k8s.io", "v1", False, ("pc",)),
    Resource("storageclasses", "storageclass", "StorageClass", "storage.k8s.io", "v1", False, ("sc",)),
    # Served by metrics-server through the v1beta1.metrics.k8s.io APIService.
    Resource("nodes", "", "NodeMetrics", "metrics.k8s.io", "v1beta1", False, verbs=_RO, aggregated=True),
    Resource("pods", "", "PodMetrics", "metrics.k8s.io", "v1beta1", True, verbs=_RO, aggregated=True),
)

# Preferred resource per plural when no group is given: the core group wins,
# as kubectl's RESTMapper priority does for "nodes" and "pods".
_BY_PLURAL: dict[str, Resource] = {}
_BY_KIND: dict[str, Resource] = {}
_BY_GROUP_PLURAL: dict[tuple[str, str], Resource] = {}
_BY_NAME: dict[str, Resource] = {}
for _r in RESOURCES:
    _BY_GROUP_PLURAL[(_r.group, _r.plural)] = _r
    if _r.aggregated:
        continue
    _BY_PLURAL.setdefault(_r.plural, _r)
    _BY_KIND.setdefault(_r.kind, _r)
    for _n in (_r.plural, _r.singular, _r.kind.lower(), *_r.short_names):
        _BY_NAME.setdefault(_n, _r)


# The preferred resource per plural, for lookups on the API server's hot path. Read only.
PREFERRED_BY_PLURAL = _BY_PLURAL


def by_plural(plural: str, group: str | None = None) -> Resource | None:
    if group is not None:
        return _BY_GROUP_PLURAL.get((group, plural))
    return _BY_PLURAL.get(plural)


def by_kind(kind: str, api_version: str | None = None) -> Resource | None:
    if api_version is not None:
        group = api_version.rpartition("/")[0]
        for r in RESOURCES:
            if r.kind == kind and r.group == group:
                return r
        return None
    return _BY_KIND.get(kind)


def lookup(name: str) -> Resource | None:
    """Resolve what a user typed (``po``, ``pods``, ``deployment.apps``, ``Pod``)."""
    n = name.lower()
    r = _BY_NAME.get(n)
    if r is not None:
        return r
    if "." in n:
        base, _, group = n.partition(".")
        # "deployments.apps", "deployments.v1.apps"
        if "." in group:
            version, _, g2 = group.partition(".")
            cand = _BY_NAME.get(base)
            if cand and cand.group == g2 and cand.version == version:
                return cand
        for r in RESOURCES:
            if r.group == group and base in (r.plural, r.singular, r.kind.lower(), *r.short_names):
                return r
    return None


def all_category() -> list[Resource]:
    return [r for r in RESOURCES if "all" in r.categories]


def groups() -> list[str]:
    seen: list[str] = []
    for r in RESOURCES:
        if r.group_version not in seen:
            seen.append(r.group_version)
    return seen
