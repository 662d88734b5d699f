"""Namespace deletion as a learner sees it (pkg/controller/namespace/deletion/*.go),
including the classic namespace stuck in Terminating behind an unavailable APIService."""
import pytest

from clusters import Cluster, ClusterSpec
from clusters.apiserver import discovery


@pytest.fixture
def cluster():
    c = Cluster(ClusterSpec(nodes=2, settle=0), seed=9)
    c.run("kubectl create namespace dev")
    c.api.create("configmaps", {"metadata": {"name": "settings", "namespace": "dev"}, "data": {"a": "1"}})
    c.api.create("deployments", {"metadata": {"name": "web", "namespace": "dev"}, "spec": {
        "replicas": 2, "selector": {"matchLabels": {"app": "web"}},
        "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}}}})
    c.advance(60)
    yield c
    assert c.bugs == []


def conds(ns):
    return {c["type"]: (c["status"], c["reason"], c["message"]) for c in ns["status"]["conditions"]}


def test_deleting_a_namespace_removes_its_content_then_the_namespace(cluster):
    assert len(cluster.list("pods", "dev")) == 2
    cluster.api.delete("namespaces", "dev")
    ns = cluster.get("namespaces", "dev", None)
    assert ns["status"]["phase"] == "Terminating"
    cluster.advance(120)
    assert cluster.get("namespaces", "dev", None) is None
    assert cluster.list("pods", "dev") == [] and cluster.list("configmaps", "dev") == []


def test_a_broken_apiservice_keeps_the_namespace_terminating_until_fixed_namespaced_resources_deleter_go(cluster):
    discovery.break_apiservice(cluster, "v1beta1.metrics.k8s.io")
    svc = cluster.get("apiservices", "v1beta1.metrics.k8s.io", None)
    avail = next(c for c in svc["status"]["conditions"] if c["type"] == "Available")
    assert avail["status"] == "False" and avail["reason"] == "FailedDiscoveryCheck"
    assert avail["message"].startswith("failing or missing response from https://")
    cluster.api.delete("namespaces", "dev")
    cluster.advance(600)
    ns = cluster.get("namespaces", "dev", None)
    assert ns is not None and ns["status"]["phase"] == "Terminating"
    assert conds(ns)["NamespaceDeletionDiscoveryFailure"] == (
        "True", "DiscoveryFailed",
        "Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server APIs: "
        "metrics.k8s.io/v1beta1: stale GroupVersion discovery: metrics.k8s.io/v1beta1")
    # what could be deleted was deleted
    assert cluster.list("pods", "dev") == [] and cluster.list("deployments", "dev") == []
    assert conds(ns)["NamespaceContentRemaining"] == ("False", "ContentRemoved", "All content successfully removed")
    assert conds(ns)["NamespaceFinalizersRemaining"] == ("False", "ContentHasNoFinalizers", "All content-preserving finalizers finished")
    assert ns["spec"]["finalizers"] == ["kubernetes"]
    discovery.fix_apiservice(cluster, "v1beta1.metrics.k8s.io")
    cluster.advance(61)  # the namespace controller backs off to at most 60 s
    assert cluster.get("namespaces", "dev", None) is None


def test_content_with_a_finalizer_is_reported_until_the_finalizer_goes_status_condition_utils_go(cluster):
    cluster.api.create("configmaps", {"metadata": {"name": "held", "namespace": "dev", "finalizers": ["example.com/hold"]}})
    cluster.api.delete("namespaces", "dev")
    cluster.advance(120)
    ns = cluster.get("namespaces", "dev", None)
    assert conds(ns)["NamespaceContentRemaining"] == ("True", "SomeResourcesRemain", "Some resources are remaining: configmaps. has 1 resource instances")
    assert conds(ns)["NamespaceFinalizersRemaining"] == ("True", "SomeFinalizerRemain", "Some finalizers are remaining: example.com/hold in 1 resource instances")
    from clusters import objects
    cm = objects.clone(cluster.get("configmaps", "held", "dev"))
    cm["metadata"]["finalizers"] = []
    cluster.api.update("configmaps", cm)
    cluster.advance(60)
    assert cluster.get("namespaces", "dev", None) is None


def test_apiservice_fault_messages_follow_available_controller_go(cluster):
    svc = cluster.get("apiservices", "v1beta1.metrics.k8s.io", None)
    assert discovery.failure_message(cluster, svc, discovery.MISSING_ENDPOINTS) == \
        'endpoints for service/metrics-server in "kube-system" have no addresses with port name "https"'
    assert discovery.failure_message(cluster, svc, discovery.SERVICE_NOT_FOUND) == 'service/metrics-server in "kube-system" is not present'
    discovery.break_apiservice(cluster, "v1beta1.metrics.k8s.io", discovery.MISSING_ENDPOINTS)
    assert cluster.api.unavailable["metrics.k8s.io/v1beta1"] == "the server is currently unable to handle the request"
    discovery.fix_apiservice(cluster, "v1beta1.metrics.k8s.io")
    assert "metrics.k8s.io/v1beta1" not in cluster.api.unavailable
    avail = next(c for c in cluster.get("apiservices", "v1beta1.metrics.k8s.io", None)["status"]["conditions"] if c["type"] == "Available")
    assert (avail["status"], avail["reason"], avail["message"]) == ("True", "Passed", "all checks passed")
