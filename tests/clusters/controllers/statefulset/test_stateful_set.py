"""The StatefulSet controller as a learner sees it (pkg/controller/statefulset/stateful_set_control.go,
stateful_pod_control.go, stateful_set_utils.go), on the real kubelet."""
import pytest

from clusters import Cluster, ClusterSpec, objects


@pytest.fixture
def cluster():
    c = Cluster(ClusterSpec(nodes=3, settle=0), seed=11)
    yield c
    assert c.bugs == []


def sts(name="web", replicas=3, image="nginx:1.27", container=None, **spec):
    c = container or {"name": "nginx", "image": image}
    body = {"replicas": replicas, "serviceName": "nginx", "selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": [c]}}}
    body.update(spec)
    return {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": name, "namespace": "default"}, "spec": body}


def live(c, app="web"):
    return {p["metadata"]["name"]: p for p in c.list("pods", "default", f"app={app}")
            if not p["metadata"].get("deletionTimestamp")}


def ready(p):
    return p["status"].get("phase") == "Running" and any(
        x["type"] == "Ready" and x["status"] == "True" for x in p["status"].get("conditions") or ())


def messages(c, reason):
    evs = sorted((e for e in c.list("events", "default") if e["involvedObject"]["kind"] == "StatefulSet"
                  and e["reason"] == reason), key=lambda e: (e["firstTimestamp"], e["metadata"]["name"]))
    return [e["message"] for e in evs]


def update(c, name, fn):
    s = objects.clone(c.get("statefulsets", name))
    fn(s["spec"])
    c.api.update("statefulsets", s)
    c.settle()


def test_pods_get_ordinal_names_stable_hostnames_and_identity_labels_stateful_set_utils_go(cluster):
    cluster.api.create("statefulsets", sts(volumeClaimTemplates=[{"metadata": {"name": "www"}, "spec": {
        "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}]))
    cluster.advance(60)
    pods = live(cluster)
    assert sorted(pods) == ["web-0", "web-1", "web-2"]
    p = pods["web-1"]
    assert (p["spec"]["hostname"], p["spec"]["subdomain"]) == ("web-1", "nginx")
    assert p["metadata"]["labels"]["statefulset.kubernetes.io/pod-name"] == "web-1"
    assert p["metadata"]["labels"]["apps.kubernetes.io/pod-index"] == "1"
    st = cluster.get("statefulsets", "web")["status"]
    assert p["metadata"]["labels"]["controller-revision-hash"] == st["updateRevision"]
    assert {"name": "www", "persistentVolumeClaim": {"claimName": "www-web-1"}} in p["spec"]["volumes"]
    claims = {x["metadata"]["name"]: x for x in cluster.list("persistentvolumeclaims", "default")}
    assert sorted(claims) == ["www-web-0", "www-web-1", "www-web-2"]
    assert claims["www-web-0"]["metadata"]["labels"] == {"app": "web"}
    assert st["replicas"] == st["readyReplicas"] == st["availableReplicas"] == st["currentReplicas"] == 3
    assert st["currentRevision"] == st["updateRevision"] and st["observedGeneration"] == 1
    [rev] = cluster.list("controllerrevisions", "default")
    assert rev["metadata"]["name"] == st["updateRevision"] and rev["revision"] == 1
    assert rev["data"]["spec"]["template"]["$patch"] == "replace"
    assert messages(cluster, "SuccessfulCreate")[:2] == ["create Claim www-web-0 Pod web-0 in StatefulSet web success",
                                                         "create Pod web-0 in StatefulSet web successful"]


def test_ordered_ready_creates_the_next_pod_only_once_the_previous_is_running_and_ready(cluster):
    slow = {"name": "app", "image": "kubelab/slow-start:v1", "env": [{"name": "STARTUP_SECONDS", "value": "20"}],
            "readinessProbe": {"tcpSocket": {"port": 8080}, "periodSeconds": 2}}
    cluster.api.create("statefulsets", sts(container=slow))
    cluster.advance(15)
    assert sorted(live(cluster)) == ["web-0"]
    created = {}
    for _ in range(200):
        cluster.advance(1)
        for n, p in live(cluster).items():
            created.setdefault(n, cluster.now)
        if len(created) == 3:
            break
    assert sorted(created) == ["web-0", "web-1", "web-2"]
    assert created["web-1"] >= 20 and created["web-2"] >= created["web-1"] + 20
    assert messages(cluster, "SuccessfulCreate") == [f"create Pod web-{i} in StatefulSet web successful" for i in range(3)]


def test_a_pod_that_never_becomes_ready_blocks_the_ones_after_it(cluster):
    never = {"name": "app", "image": "kubelab/ready-when:v1",
             "readinessProbe": {"httpGet": {"path": "/ready", "port": 8080}, "periodSeconds": 2}}
    cluster.api.create("statefulsets", sts(container=never))
    cluster.advance(120)
    pods = live(cluster)
    assert sorted(pods) == ["web-0"] and pods["web-0"]["status"]["phase"] == "Running" and not ready(pods["web-0"])
    st = cluster.get("statefulsets", "web")["status"]
    assert st["replicas"] == 1 and "readyReplicas" not in st


def test_parallel_creates_every_pod_at_once(cluster):
    never = {"name": "app", "image": "kubelab/ready-when:v1",
             "readinessProbe": {"httpGet": {"path": "/ready", "port": 8080}, "periodSeconds": 2}}
    cluster.api.create("statefulsets", sts(container=never, podManagementPolicy="Parallel"))
    cluster.settle()
    assert sorted(live(cluster)) == ["web-0", "web-1", "web-2"]


def test_scale_down_removes_the_highest_ordinal_first_one_at_a_time(cluster):
    cluster.api.create("statefulsets", sts(replicas=4))
    cluster.advance(60)
    assert len(live(cluster)) == 4
    update(cluster, "web", lambda s: s.update(replicas=1))
    # only web-3 goes at first: web-2 waits for it to be gone
    assert sorted(live(cluster)) == ["web-0", "web-1", "web-2"]
    cluster.advance(120)
    assert sorted(live(cluster)) == ["web-0"]
    assert messages(cluster, "SuccessfulDelete") == [f"delete Pod web-{i} in StatefulSet web successful" for i in (3, 2, 1)]
    assert cluster.get("statefulsets", "web")["status"]["replicas"] == 1


def test_scale_up_again_reuses_the_same_names_and_claims(cluster):
    cluster.api.create("statefulsets", sts(replicas=2, volumeClaimTemplates=[{"metadata": {"name": "data"}, "spec": {
        "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}]))
    cluster.advance(60)
    update(cluster, "web", lambda s: s.update(replicas=1))
    cluster.advance(60)
    update(cluster, "web", lambda s: s.update(replicas=2))
    cluster.advance(60)
    assert sorted(live(cluster)) == ["web-0", "web-1"]
    assert sorted(x["metadata"]["name"] for x in cluster.list("persistentvolumeclaims", "default")) == ["data-web-0", "data-web-1"]


def _rev(p):
    return p["metadata"]["labels"]["controller-revision-hash"]


def test_rolling_update_goes_in_reverse_ordinal_order_and_stops_at_the_partition(cluster):
    cluster.api.create("statefulsets", sts())
    cluster.advance(60)
    old = cluster.get("statefulsets", "web")["status"]["currentRevision"]

    def change(s):
        s["template"]["spec"]["containers"][0]["image"] = "nginx:1.28"
        s["updateStrategy"] = {"type": "RollingUpdate", "rollingUpdate": {"partition": 1}}
    update(cluster, "web", change)
    cluster.advance(120)
    pods = live(cluster)
    new = cluster.get("statefulsets", "web")["status"]["updateRevision"]
    assert new != old
    assert {n: _rev(p) for n, p in pods.items()} == {"web-0": old, "web-1": new, "web-2": new}
    assert pods["web-0"]["spec"]["containers"][0]["image"] == "nginx:1.27"
    assert pods["web-2"]["spec"]["containers"][0]["image"] == "nginx:1.28"
    assert messages(cluster, "SuccessfulDelete") == [f"delete Pod web-{i} in StatefulSet web successful" for i in (2, 1)]
    st = cluster.get("statefulsets", "web")["status"]
    assert (st["currentRevision"], st["updatedReplicas"], st["currentReplicas"]) == (old, 2, 1)
    # lowering the partition finishes the rollout, and the current revision catches up
    update(cluster, "web", lambda s: s["updateStrategy"]["rollingUpdate"].update(partition=0))
    cluster.advance(60)
    st = cluster.get("statefulsets", "web")["status"]
    assert st["currentRevision"] == st["updateRevision"] == new
    assert st["updatedReplicas"] == st["currentReplicas"] == st["readyReplicas"] == 3
    assert len(cluster.list("controllerrevisions", "default")) == 2


def test_rolling_update_replaces_one_pod_at_a_time(cluster):
    cluster.api.create("statefulsets", sts())
    cluster.advance(60)
    update(cluster, "web", lambda s: s["template"]["spec"]["containers"][0].update(image="nginx:1.28"))
    terminating_at_once = 0
    for _ in range(60):
        cluster.advance(1)
        pods = cluster.list("pods", "default", "app=web")
        not_ready = [p for p in pods if p["metadata"].get("deletionTimestamp") or not ready(p)]
        terminating_at_once = max(terminating_at_once, len(not_ready))
    assert terminating_at_once == 1
    assert messages(cluster, "SuccessfulDelete") == [f"delete Pod web-{i} in StatefulSet web successful" for i in (2, 1, 0)]


def test_rollback_reuses_the_earlier_revision_with_a_higher_number_controller_history_go(cluster):
    cluster.api.create("statefulsets", sts())
    cluster.advance(60)
    first = cluster.get("statefulsets", "web")["status"]["updateRevision"]
    update(cluster, "web", lambda s: s["template"]["spec"]["containers"][0].update(image="nginx:1.28"))
    cluster.advance(60)
    update(cluster, "web", lambda s: s["template"]["spec"]["containers"][0].update(image="nginx:1.27"))
    cluster.advance(60)
    revs = {r["metadata"]["name"]: r["revision"] for r in cluster.list("controllerrevisions", "default")}
    assert len(revs) == 2 and revs[first] == 3
    assert cluster.get("statefulsets", "web")["status"]["currentRevision"] == first


def test_on_delete_changes_a_pod_only_when_someone_deletes_it(cluster):
    cluster.api.create("statefulsets", sts(updateStrategy={"type": "OnDelete"}))
    cluster.advance(60)
    update(cluster, "web", lambda s: s["template"]["spec"]["containers"][0].update(image="nginx:1.28"))
    cluster.advance(60)
    assert messages(cluster, "SuccessfulDelete") == []
    cluster.api.delete("pods", "web-1", "default")
    cluster.advance(60)
    pods = live(cluster)
    assert pods["web-1"]["spec"]["containers"][0]["image"] == "nginx:1.28"
    assert pods["web-0"]["spec"]["containers"][0]["image"] == "nginx:1.27"
    st = cluster.get("statefulsets", "web")["status"]
    assert st["updatedReplicas"] == 1 and st["currentReplicas"] == 2


def test_a_deleted_pod_comes_back_with_the_same_name(cluster):
    cluster.api.create("statefulsets", sts())
    cluster.advance(60)
    uid = live(cluster)["web-1"]["metadata"]["uid"]
    cluster.api.delete("pods", "web-1", "default")
    cluster.advance(60)
    pods = live(cluster)
    assert "web-1" in pods and pods["web-1"]["metadata"]["uid"] != uid and ready(pods["web-1"])
