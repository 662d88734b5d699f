"""The pod garbage collector (pkg/controller/podgc/gc_controller.go): pods bound to a node that
does not exist are failed and force-deleted after the 40 s quarantine, at a 20 s check."""
import pytest

from clusters import Cluster, ClusterSpec
from clusters.controllers.podgc import GC_CHECK_PERIOD, QUARANTINE_TIME


@pytest.fixture
def cluster():
    c = Cluster(ClusterSpec(nodes=2, addons=False, settle=0), seed=31)
    yield c
    assert c.bugs == []


def _pod(c, name, node):
    c.api.create("pods", {"metadata": {"name": name, "namespace": "default"},
                          "spec": {"nodeName": node, "containers": [{"name": "app", "image": "nginx:1.27"}]}})
    c.settle()


def test_a_pod_bound_to_a_node_that_never_existed_is_deleted_after_quarantine_gc_controller_go(cluster):
    c = cluster
    seen = []
    c.store.watch("/registry/pods/default/orphan", lambda ev: seen.append(ev))
    _pod(c, "orphan", "foo-node")
    c.advance(QUARANTINE_TIME - 1)
    assert c.get("pods", "orphan") is not None  # still in quarantine
    c.advance(GC_CHECK_PERIOD + 1)
    assert c.get("pods", "orphan") is None
    # markFailedAndDeletePodWithCondition: Failed with DisruptionTarget first, then deleted with grace 0.
    last_put = [e.kv.value for e in seen if e.type == "PUT"][-1]
    assert last_put["status"]["phase"] == "Failed"
    [cond] = [x for x in last_put["status"]["conditions"] if x["type"] == "DisruptionTarget"]
    assert (cond["reason"], cond["message"]) == ("DeletionByPodGC", "PodGC: node no longer exists")


def test_pods_of_a_deleted_node_go_and_their_replicaset_replaces_them(cluster):
    c = cluster
    c.run("kubectl create deployment web --image=nginx --replicas=2")
    c.advance(20)
    on_1 = [p["metadata"]["name"] for p in c.list("pods") if p["spec"].get("nodeName") == "node-1"]
    assert on_1
    c.run("kubectl delete node node-1")
    c.advance(QUARANTINE_TIME + GC_CHECK_PERIOD + 10)
    names = {p["metadata"]["name"]: p["spec"].get("nodeName") for p in c.list("pods")}
    assert not set(on_1) & set(names)
    assert sorted(names.values()) == ["node-2", "node-2"]


def test_a_node_that_comes_back_within_quarantine_keeps_its_pods(cluster):
    c = cluster
    node = c.get("nodes", "node-1", None)
    _pod(c, "kept", "node-1")
    c.run("kubectl delete node node-1")
    c.advance(GC_CHECK_PERIOD)
    c.api.create("nodes", {k: v for k, v in node.items() if k != "status"} | {"metadata": {
        "name": "node-1", "labels": node["metadata"].get("labels")}})
    c.advance(QUARANTINE_TIME + GC_CHECK_PERIOD)
    assert c.get("pods", "kept") is not None
