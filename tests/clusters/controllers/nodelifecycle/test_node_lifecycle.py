"""A node that stops reporting: Unknown after 50 s, tainted, its pods evicted after 300 s more
(pkg/controller/nodelifecycle, pkg/controller/tainteviction, DefaultTolerationSeconds admission)."""
import pytest

from clusters import Cluster, ClusterSpec


@pytest.fixture
def cluster():
    c = Cluster(ClusterSpec(nodes=3, addons=False, settle=0), seed=21)
    yield c
    assert c.bugs == []


def _pod_on(c, name, node):
    c.api.create("pods", {"metadata": {"name": name, "namespace": "default"},
                          "spec": {"nodeName": node, "containers": [{"name": "app", "image": "nginx:1.27"}]}})
    c.settle()
    c.advance(5)


def _ready(c, node):
    n = c.get("nodes", node, None)
    return [x for x in n["status"]["conditions"] if x["type"] == "Ready"][0]


def _taints(c, node):
    return sorted((t["key"], t["effect"]) for t in c.get("nodes", node, None)["spec"].get("taints") or ())


def _events(c, reason):
    return [e["message"] for e in c.list("events") if e["reason"] == reason]


def test_failed_node_goes_unknown_after_the_50s_grace_period_node_lifecycle_controller_go(cluster):
    c = cluster
    c.advance(20)
    c.kubelets["node-2"].fail()
    t0 = c.now
    c.advance(35)
    assert _ready(c, "node-2")["status"] == "True"
    c.advance(25)
    ready = _ready(c, "node-2")
    assert (ready["status"], ready["reason"], ready["message"]) == ("Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.")
    conds = {x["type"]: x["status"] for x in c.get("nodes", "node-2", None)["status"]["conditions"]}
    assert conds == {"MemoryPressure": "Unknown", "DiskPressure": "Unknown", "PIDPressure": "Unknown", "Ready": "Unknown"}
    assert "Node node-2 status is now: NodeNotReady" in _events(c, "NodeNotReady")
    assert _taints(c, "node-2") == [("node.kubernetes.io/unreachable", "NoExecute"), ("node.kubernetes.io/unreachable", "NoSchedule")]
    assert c.now - t0 <= 65


def test_pods_are_marked_not_ready_then_evicted_after_300s_of_toleration(cluster):
    c = cluster
    _pod_on(c, "web", "node-1")
    tol = [t for t in c.get("pods", "web")["spec"]["tolerations"] if t["key"] == "node.kubernetes.io/unreachable"]
    assert tol == [{"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}]
    c.kubelets["node-1"].fail()
    c.advance(60)
    pod = c.get("pods", "web")
    assert [x["status"] for x in pod["status"]["conditions"] if x["type"] == "Ready"] == ["False"]
    assert not pod["metadata"].get("deletionTimestamp")
    c.advance(270)
    assert not c.get("pods", "web")["metadata"].get("deletionTimestamp")
    c.advance(40)
    pod = c.get("pods", "web")
    assert pod["metadata"].get("deletionTimestamp")  # stays Terminating: the kubelet is not there to confirm
    [dt] = [x for x in pod["status"]["conditions"] if x["type"] == "DisruptionTarget"]
    assert dt["reason"] == "DeletionByTaintManager"
    assert "Marking for deletion Pod default/web" in _events(c, "TaintManagerEviction")


def test_recovery_removes_the_taints_and_finishes_the_deletion(cluster):
    c = cluster
    _pod_on(c, "web", "node-1")
    c.kubelets["node-1"].fail()
    c.advance(400)
    assert c.get("pods", "web")["metadata"].get("deletionTimestamp")
    c.kubelets["node-1"].recover()
    c.settle()
    c.advance(10)
    assert _ready(c, "node-1")["status"] == "True"
    assert _taints(c, "node-1") == []
    assert c.get("pods", "web") is None


def test_a_partitioned_node_looks_the_same_to_the_control_plane(cluster):
    c = cluster
    c.kubelets["node-3"].partition()
    c.advance(70)
    assert _ready(c, "node-3")["status"] == "Unknown"
    c.kubelets["node-3"].recover()
    c.advance(10)
    assert _ready(c, "node-3")["status"] == "True"
    assert _taints(c, "node-3") == []


def test_cordon_adds_the_unschedulable_taint(cluster):
    c = cluster
    from clusters import objects

    n = objects.clone(c.get("nodes", "node-1", None))
    n["spec"]["unschedulable"] = True
    c.api.update("nodes", n)
    c.settle()
    assert ("node.kubernetes.io/unschedulable", "NoSchedule") in _taints(c, "node-1")
