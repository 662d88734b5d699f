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


def _fail(c, node, phase="Failed"):
    """The kubelet rejects the node's daemon pod (say, an admission failure): it ends up Failed."""
    pod = next(p for p in pods(c) if p["spec"]["nodeName"] == node)
    new = objects.clone(pod)
    new["status"]["phase"] = phase
    c.api.update_status("pods", new, actor="kubelet")
    c.settle()
    return pod["metadata"]["name"]


def _daemon_events(c, reason):
    return [e["message"] for e in c.list("events", "default")
            if e["reason"] == reason and e["involvedObject"]["kind"] == "DaemonSet"]


def test_a_failed_daemon_pod_is_killed_and_replaced_with_a_warning_daemon_controller_go(cluster):
    cluster.api.create("daemonsets", ds())
    cluster.advance(30)
    victim = _fail(cluster, "node-1")
    assert _daemon_events(cluster, "FailedDaemonPod") == [
        f"Found failed daemon pod default/{victim} on node node-1, will try to kill it"]
    assert victim not in [p["metadata"]["name"] for p in pods(cluster)]
    assert sorted(p["spec"]["nodeName"] for p in pods(cluster)) == ["node-1", "node-2", "node-3"]


def test_failed_pods_on_a_node_are_killed_with_a_back_off_doubling_from_1s_failed_pods_backoff(cluster):
    cluster.api.create("daemonsets", ds())
    cluster.advance(30)
    cluster.run("sim node fail node-1")  # its kubelet writes nothing more, so the phases written here stay
    _fail(cluster, "node-1")  # killed at once: the back-off starts at 1 s
    kills = [cluster.now]
    for expected_wait in (1.0, 2.0, 4.0):
        victim = _fail(cluster, "node-1")  # its replacement fails straight away
        start = cluster.now
        while victim in [p["metadata"]["name"] for p in pods(cluster)]:
            # while backing off, the failed pod stays for the learner to see
            assert cluster.get("pods", victim)["status"]["phase"] == "Failed"
            cluster.advance(0.25)
            assert cluster.now - start <= expected_wait
        kills.append(cluster.now)
    assert [round(b - a, 2) for a, b in zip(kills, kills[1:])] == [1.0, 2.0, 4.0]
    assert len(_daemon_events(cluster, "FailedDaemonPod")) == 4
    # other nodes have their own back-off
    start = cluster.now
    _fail(cluster, "node-2")
    assert cluster.now == start and len(_daemon_events(cluster, "FailedDaemonPod")) == 5


def test_a_new_generation_starts_the_back_off_afresh_failed_pods_backoff_key(cluster):
    cluster.api.create("daemonsets", ds())
    cluster.advance(30)
    cluster.run("sim node fail node-1")
    _fail(cluster, "node-1")
    victim = _fail(cluster, "node-1")
    assert victim in [p["metadata"]["name"] for p in pods(cluster)]  # backing off
    cluster.run("kubectl patch ds agent -p '{\"spec\":{\"minReadySeconds\":1}}'")  # generation 2
    cluster.settle()
    assert victim not in [p["metadata"]["name"] for p in pods(cluster)]


def test_a_succeeded_daemon_pod_is_deleted_with_a_normal_event_daemon_controller_go(cluster):
    cluster.api.create("daemonsets", ds())
    cluster.advance(30)
    victim = _fail(cluster, "node-3", phase="Succeeded")
    assert _daemon_events(cluster, "SucceededDaemonPod") == [
        f"Found succeeded daemon pod default/{victim} on node node-3, will try to delete it"]
    assert sorted(p["spec"]["nodeName"] for p in pods(cluster)) == ["node-1", "node-2", "node-3"]
