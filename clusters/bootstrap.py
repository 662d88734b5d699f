"""Bring a fresh cluster up the way kubeadm (and kind) leave one.

The API server creates its system namespaces and the ``kubernetes`` Service
(pkg/controlplane/controller/systemnamespaces, kubernetesservice); each
kubelet registers its Node; the control-plane components run as static
(mirror) pods on the control-plane node; CoreDNS, kube-proxy and
metrics-server run as add-ons. Then the spec's manifests and setup commands
run, and the cluster settles so the learner finds everything Running.
"""
from __future__ import annotations

from clusters.apiserver import bootstrappolicy, discovery, resources

SYSTEM_NAMESPACES = ("default", "kube-node-lease", "kube-public", "kube-system")
ACTOR = "kube-apiserver"
# kube-apiserver --etcd-compaction-interval default (5m): every interval it
# compacts etcd to the revision it saw one interval earlier.
COMPACTION_INTERVAL = 300.0


def boot(cluster) -> None:
    from clusters import addons
    from clusters.controllers import start_controllers
    from clusters.kubelet import start_kubelets
    from clusters.scheduler import Scheduler

    api = cluster.api
    for ns in SYSTEM_NAMESPACES:
        api.create("namespaces", {"metadata": {"name": ns}}, actor=ACTOR)
    _kubernetes_service(cluster)
    bootstrappolicy.install(api, addons=cluster.spec.addons)
    _system_priority_classes(api)
    for gv in resources.groups():
        if gv == "metrics.k8s.io/v1beta1":
            continue
        group, _, version = gv.rpartition("/")
        api.create("apiservices", {
            "metadata": {"name": discovery.apiservice_name(gv), "labels": {"kube-aggregator.kubernetes.io/automanaged": "onstart"}},
            "spec": {"group": group, "version": version, "groupPriorityMinimum": 18000, "versionPriority": 15},
            "status": {"conditions": [{"type": "Available", "status": "True", "reason": "Local",
                                       "message": "Local APIServices are always available",
                                       "lastTransitionTime": api.timestamp()}]},
        }, actor=ACTOR)

    cluster.clock.schedule(COMPACTION_INTERVAL, compact, cluster, cluster.store.revision)
    cluster.controllers = start_controllers(cluster)
    cluster.scheduler = Scheduler(cluster)
    cluster.scheduler.start()
    cluster.kubelets = start_kubelets(cluster)
    _kubernetes_endpoints(cluster)
    KubernetesService(cluster).start()
    if cluster.spec.addons:
        addons.install(cluster)
    for manifest in cluster.spec.manifests:
        ns = (manifest.get("metadata") or {}).get("namespace")
        r = resources.by_kind(manifest.get("kind", ""), manifest.get("apiVersion"))
        if r is not None:
            api.create(r, manifest, ns, actor="kubectl")
    cluster.settle()
    for line in cluster.spec.setup:
        cluster.console.execute(line)
        cluster.settle()
    if cluster.spec.settle:
        cluster.clock.run(cluster.clock.now + cluster.spec.settle)


def _kubernetes_service(cluster) -> None:
    cluster.api.create("services", {
        "metadata": {"name": "kubernetes", "namespace": "default",
                     "labels": {"component": "apiserver", "provider": "kubernetes"}},
        "spec": {"clusterIP": "10.96.0.1", "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}]},
    }, actor=ACTOR)


class KubernetesService:
    """The API server's kubernetesservice controller and endpoint reconciler: every
    10 seconds (EndpointReconcilerConfig.Interval) the ``kubernetes`` Service and its
    Endpoints and EndpointSlice are put back if someone deleted them, which is why a
    learner who deletes ``svc/kubernetes`` sees it again moments later
    (pkg/controlplane/controller/kubernetesservice/controller.go). Here the tick is
    only scheduled once something was deleted, so an untouched cluster has no timer."""

    INTERVAL = 10.0

    def __init__(self, cluster):
        self.cluster = cluster
        self.pending = False

    def start(self) -> None:
        inf = self.cluster.informers
        inf.on("services", delete=self._deleted)
        inf.on("endpoints", delete=self._deleted)
        inf.on("endpointslices", delete=self._deleted, group="discovery.k8s.io")

    def _deleted(self, obj: dict) -> None:
        m = obj.get("metadata") or {}
        if m.get("namespace") != "default" or m.get("name") != "kubernetes" or self.pending:
            return
        self.pending = True
        clock = self.cluster.clock
        clock.at((clock.now // self.INTERVAL + 1) * self.INTERVAL, self._reconcile)

    def _reconcile(self) -> None:
        self.pending = False
        api = self.cluster.api
        if api.try_get("services", "kubernetes", "default") is None:
            _kubernetes_service(self.cluster)
        if api.try_get("endpoints", "kubernetes", "default") is None or \
                api.try_get("endpointslices", "kubernetes", "default") is None:
            _kubernetes_endpoints(self.cluster)


def _kubernetes_endpoints(cluster) -> None:
    """The API server's own Endpoints and EndpointSlice for the ``kubernetes`` Service
    (pkg/controlplane/reconcilers/endpointsadapter.go: skip-mirror label on the Endpoints,
    slice named after the Service with only the service-name label; port 6443 at the
    control-plane node's InternalIP)."""
    ip = "172.18.0.2"
    for k in sorted((cluster.kubelets or {}).values(), key=lambda k: k.index):
        if "node-role.kubernetes.io/control-plane" in (k.node_spec.labels or {}):
            ip = k.ip
            break
    api = cluster.api
    if api.try_get("endpoints", "kubernetes", "default") is None:
        api.create("endpoints", {
            "metadata": {"name": "kubernetes", "namespace": "default",
                         "labels": {"endpointslice.kubernetes.io/skip-mirror": "true"}},
            "subsets": [{"addresses": [{"ip": ip}], "ports": [{"name": "https", "port": 6443, "protocol": "TCP"}]}],
        }, actor=ACTOR)
    if api.try_get("endpointslices", "kubernetes", "default") is not None:
        return
    api.create("endpointslices", {
        "metadata": {"name": "kubernetes", "namespace": "default", "labels": {"kubernetes.io/service-name": "kubernetes"}},
        "addressType": "IPv4",
        "endpoints": [{"addresses": [ip], "conditions": {"ready": True}}],
        "ports": [{"name": "https", "port": 6443, "protocol": "TCP"}],
    }, actor=ACTOR)


# pkg/apis/scheduling/types.go and helpers.go: the classes the API server's
# scheduling/bootstrap-system-priority-classes post-start hook creates.
SYSTEM_PRIORITY_CLASSES = (
    ("system-node-critical", 2000001000, "Used for system critical pods that must not be moved from their current node."),
    ("system-cluster-critical", 2000000000, "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."),
)


def _system_priority_classes(api) -> None:
    for name, value, description in SYSTEM_PRIORITY_CLASSES:
        api.create("priorityclasses", {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass",
                                       "metadata": {"name": name}, "value": value, "description": description},
                   actor=ACTOR)


def compact(cluster, revision: int) -> None:
    cluster.store.compact(revision)
    cluster.clock.schedule(COMPACTION_INTERVAL, compact, cluster, cluster.store.revision)
