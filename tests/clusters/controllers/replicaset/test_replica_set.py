"""The ReplicaSet controller as a learner sees it (pkg/controller/replicaset/replica_set.go)."""
from rs_helpers import ready, replica_set

from clusters import objects
from clusters.controllers import controller_utils as cu
from clusters.controllers.replicaset import BURST_REPLICAS


def rs_pods(c, name="web"):
    rs = c.get("replicasets", name)
    return [p for p in c.list("pods", "default")
            if (objects.controller_of(p) or {}).get("uid") == rs["metadata"]["uid"] and not p["metadata"].get("deletionTimestamp")]


def events(c, reason):
    return sorted(e["message"] for e in c.list("events", "default") if e["reason"] == reason)


def test_three_replicas_are_created_and_counted(cluster):
    cluster.api.create("replicasets", replica_set(replicas=3))
    cluster.settle()
    assert len(rs_pods(cluster)) == 3
    cluster.advance(60)
    pods = rs_pods(cluster)
    assert len(pods) == 3
    assert all(p["status"]["phase"] == "Running" for p in pods)
    ready(cluster)
    st = cluster.get("replicasets", "web")["status"]
    assert st == {"replicas": 3, "fullyLabeledReplicas": 3, "readyReplicas": 3, "availableReplicas": 3, "observedGeneration": 1}


def test_pods_are_named_by_generate_name_with_five_random_characters_controller_utils_go(cluster):
    cluster.api.create("replicasets", replica_set(replicas=2))
    cluster.settle()
    for p in rs_pods(cluster):
        m = p["metadata"]
        assert m["generateName"] == "web-"
        suffix = m["name"][len("web-"):]
        assert len(suffix) == 5 and all(ch in "bcdfghjklmnpqrstvwxz2456789" for ch in suffix)


def test_pods_carry_a_controller_owner_reference_that_blocks_owner_deletion(cluster):
    cluster.api.create("replicasets", replica_set(replicas=1))
    cluster.settle()
    rs = cluster.get("replicasets", "web")
    [pod] = rs_pods(cluster)
    assert pod["metadata"]["ownerReferences"] == [{
        "apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web", "uid": rs["metadata"]["uid"],
        "controller": True, "blockOwnerDeletion": True}]


def test_successful_create_and_delete_events_name_the_pod_controller_utils_go(cluster):
    cluster.api.create("replicasets", replica_set(replicas=2))
    cluster.settle()
    names = sorted(p["metadata"]["name"] for p in rs_pods(cluster))
    assert events(cluster, "SuccessfulCreate") == sorted(f"Created pod: {n}" for n in names)
    rs = objects.clone(cluster.get("replicasets", "web"))
    rs["spec"]["replicas"] = 1
    cluster.api.update("replicasets", rs)
    cluster.settle()
    remaining = {p["metadata"]["name"] for p in rs_pods(cluster)}
    [gone] = set(names) - remaining
    assert events(cluster, "SuccessfulDelete") == [f"Deleted pod: {gone}"]


def test_a_deleted_pod_is_replaced(cluster):
    cluster.api.create("replicasets", replica_set(replicas=3))
    cluster.settle()
    victim = rs_pods(cluster)[0]["metadata"]["name"]
    cluster.api.delete("pods", victim, "default", grace_period=0)
    cluster.settle()
    names = {p["metadata"]["name"] for p in rs_pods(cluster)}
    assert len(names) == 3 and victim not in names


def test_slow_start_batches_double_and_stop_at_the_first_error_controller_utils_go():
    calls = []

    class Boom(Exception):
        pass

    from clusters.apiserver import errors

    def create(_):
        calls.append(1)
        if len(calls) == 5:
            raise errors.StatusError(403, "Forbidden", "exceeded quota")

    ok, err = cu.slow_start_batch(20, cu.SLOW_START_INITIAL_BATCH_SIZE, create, None)
    # batches of 1, 2, 4: the 5th call (in the batch of 4) fails, the batch finishes, no batch of 8
    assert len(calls) == 7 and ok == 6 and err is not None


def test_a_quota_failure_stops_creation_and_sets_replica_failure(cluster):
    cluster.api.create("resourcequotas", {"metadata": {"name": "q", "namespace": "default"}, "spec": {"hard": {"pods": "2"}}})
    cluster.settle()
    cluster.api.create("replicasets", replica_set(replicas=5))
    cluster.settle()
    assert len(rs_pods(cluster)) == 2
    rs = cluster.get("replicasets", "web")
    [cond] = rs["status"]["conditions"]
    assert cond["type"] == "ReplicaFailure" and cond["reason"] == "FailedCreate"
    assert any(e.startswith("Error creating: ") for e in events(cluster, "FailedCreate"))
    cluster.bugs.clear()


def test_burst_replicas_caps_creates_per_sync_at_500_replica_set_go(cluster):
    rc = cluster.controllers["replicaset-controller"]
    assert BURST_REPLICAS == 500
    rc.burst_replicas = 4
    cluster.api.create("replicasets", replica_set(replicas=10))
    rc.sync("default/web")
    assert len(rs_pods(cluster)) == 4
    cluster.settle()
    assert len(rs_pods(cluster)) == 10


def test_expectations_hold_back_a_second_burst_until_the_first_is_observed(cluster):
    rc = cluster.controllers["replicaset-controller"]
    cluster.api.create("replicasets", replica_set(replicas=2))
    cluster.settle()
    rc.expectations.expect_creations("default/web", 3)
    victim = rs_pods(cluster)[0]["metadata"]["name"]
    cluster.api.delete("pods", victim, "default", grace_period=0)
    cluster.settle()
    assert len(rs_pods(cluster)) == 1  # expectations unsatisfied: no create
    cluster.advance(301)  # ExpectationsTimeout is 5 minutes
    rc.sync("default/web")
    assert len(rs_pods(cluster)) == 2


def test_an_orphan_matching_the_selector_is_adopted_and_a_relabelled_pod_is_released(cluster):
    cluster.api.create("pods", {"metadata": {"name": "stray", "namespace": "default", "labels": {"app": "web"}},
                                "spec": {"containers": [{"name": "c", "image": "nginx"}]}})
    cluster.settle()
    cluster.api.create("replicasets", replica_set(replicas=2))
    cluster.settle()
    names = {p["metadata"]["name"] for p in rs_pods(cluster)}
    assert "stray" in names and len(names) == 2
    pod = objects.clone(cluster.get("pods", "stray"))
    pod["metadata"]["labels"] = {"app": "debug"}
    cluster.api.update("pods", pod)
    cluster.settle()
    assert "ownerReferences" not in cluster.get("pods", "stray")["metadata"]
    assert len(rs_pods(cluster)) == 2


def test_scale_down_deletes_the_pod_with_the_lowest_deletion_cost_first_controller_utils_go(cluster):
    cluster.api.create("replicasets", replica_set(replicas=3))
    cluster.advance(60)
    ready(cluster)
    cheap = objects.clone(rs_pods(cluster)[1])
    cheap["metadata"].setdefault("annotations", {})[cu.POD_DELETION_COST] = "-100"
    cluster.api.update("pods", cheap)
    rs = objects.clone(cluster.get("replicasets", "web"))
    rs["spec"]["replicas"] = 2
    cluster.api.update("replicasets", rs)
    cluster.settle()
    assert cheap["metadata"]["name"] not in {p["metadata"]["name"] for p in rs_pods(cluster)}
    assert len(rs_pods(cluster)) == 2


def test_pod_ranking_prefers_unassigned_pending_not_ready_then_newer():
    def pod(name, node="", phase="Running", ready=False, created="2025-06-02T09:00:00Z"):
        conds = [{"type": "Ready", "status": "True" if ready else "False", "lastTransitionTime": created}]
        return {"metadata": {"name": name, "uid": name, "creationTimestamp": created},
                "spec": {"nodeName": node}, "status": {"phase": phase, "conditions": conds}}
    pods = [pod("old-ready", "n1", ready=True, created="2025-06-01T09:00:00Z"),
            pod("new-ready", "n2", ready=True, created="2025-06-02T08:59:00Z"),
            pod("not-ready", "n1"), pod("pending", "n1", phase="Pending"), pod("unassigned", phase="Pending")]
    order = [p["metadata"]["name"] for p in cu.rank_for_deletion(pods, [], 1748854800.0)]
    assert order == ["unassigned", "pending", "not-ready", "new-ready", "old-ready"]


def test_min_ready_seconds_delays_available_replicas(cluster):
    cluster.api.create("replicasets", replica_set(replicas=2, minReadySeconds=100))
    cluster.advance(60)
    ready(cluster)
    st = cluster.get("replicasets", "web")["status"]
    assert st["readyReplicas"] == 2 and "availableReplicas" not in st
    cluster.advance(102)
    assert cluster.get("replicasets", "web")["status"]["availableReplicas"] == 2
