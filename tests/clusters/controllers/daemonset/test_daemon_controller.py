"""The DaemonSet controller as a learner sees it (pkg/controller/daemon/daemon_controller.go)."""
import pytest

from clusters import Cluster, ClusterSpec, objects


@pytest.fixture
def cluster():
    c = Cluster(ClusterSpec(nodes=3, settle=0), seed=6)
    yield c
    assert c.bugs == []


def ds(name="agent", **spec):
    body = {"selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}},
                         "spec": {"containers": [{"name": name, "image": "busybox:1.36", "command": ["sleep", "3600"]}]}}}
    body.update(spec)
    return {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": name, "namespace": "default"}, "spec": body}


def pods(c, app="agent"):
    return [p for p in c.list("pods", "default", f"app={app}") if not p["metadata"].get("deletionTimestamp")]


def test_kube_proxy_runs_on_every_node_including_the_tainted_control_plane(cluster):
    cluster.advance(30)
    nodes = sorted(p["spec"].get("nodeName") for p in cluster.list("pods", "kube-system", "k8s-app=kube-proxy"))
    assert nodes == ["control-plane", "node-1", "node-2", "node-3"]


def test_one_pod_per_untainted_node_pinned_by_node_affinity_on_metadata_name(cluster):
    cluster.api.create("daemonsets", ds())
    cluster.advance(30)
    ps = pods(cluster)
    assert sorted(p["spec"].get("nodeName") for p in ps) == ["node-1", "node-2", "node-3"]
    for p in ps:
        term = p["spec"]["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]["nodeSelectorTerms"][0]
        assert term == {"matchFields": [{"key": "metadata.name", "operator": "In", "values": [p["spec"]["nodeName"]]}]}
        keys = {(t.get("key"), t.get("effect")) for t in p["spec"]["tolerations"]}
        assert ("node.kubernetes.io/unschedulable", "NoSchedule") in keys
        assert p["metadata"]["generateName"] == "agent-"
    st = cluster.get("daemonsets", "agent")["status"]
    assert st["desiredNumberScheduled"] == 3 and st["currentNumberScheduled"] == 3


def test_node_selector_limits_the_nodes(cluster):
    node = objects.clone(cluster.get("nodes", "node-2", None))
    node["metadata"]["labels"]["disk"] = "ssd"
    cluster.api.update("nodes", node)
    cluster.api.create("daemonsets", ds(template={"metadata": {"labels": {"app": "agent"}}, "spec": {
        "nodeSelector": {"disk": "ssd"}, "containers": [{"name": "a", "image": "busybox:1.36", "command": ["sleep", "3600"]}]}}))
    cluster.advance(30)
    assert [p["spec"].get("nodeName") for p in pods(cluster)] == ["node-2"]


def test_rolling_update_replaces_pods_node_by_node_update_go(cluster):
    cluster.api.create("daemonsets", ds())
    cluster.advance(30)
    for p in pods(cluster):  # make sure every pod is Ready, whatever the kubelet did
        if not any(c["type"] == "Ready" and c["status"] == "True" for c in p["status"].get("conditions") or ()):
            new = objects.clone(p)
            new["status"]["phase"] = "Running"
            new["status"]["conditions"] = [{"type": "Ready", "status": "True", "lastTransitionTime": cluster.api.timestamp()}]
            cluster.api.update_status("pods", new, actor="kubelet")
    cluster.settle()
    old_names = {p["metadata"]["name"] for p in pods(cluster)}
    d = objects.clone(cluster.get("daemonsets", "agent"))
    d["spec"]["template"]["spec"]["containers"][0]["image"] = "busybox:1.37"
    cluster.api.update("daemonsets", d)
    cluster.settle()
    # maxUnavailable 1: exactly one old pod went first
    assert len(old_names - {p["metadata"]["name"] for p in pods(cluster)}) == 1


def test_a_pod_relabelled_out_of_the_selector_is_released_and_replaced_controller_ref_manager_go(cluster):
    cluster.api.create("daemonsets", ds())
    cluster.advance(30)
    victim = next(p for p in pods(cluster) if p["spec"]["nodeName"] == "node-1")["metadata"]["name"]
    # Removing every label leaves the pod with no metadata.labels at all.
    cluster.run(f"kubectl label pod {victim} app- controller-revision-hash- pod-template-generation-")
    cluster.advance(30)
    released = cluster.get("pods", victim)
    assert objects.labels_of(released) == {} and not released["metadata"].get("ownerReferences")
    assert sorted(p["spec"]["nodeName"] for p in pods(cluster)) == ["node-1", "node-2", "node-3"]
    assert victim not in [p["metadata"]["name"] for p in pods(cluster)]
