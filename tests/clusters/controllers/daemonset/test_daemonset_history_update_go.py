"""A DaemonSet's ControllerRevisions and rolling update as a learner sees them
(pkg/controller/daemon/update.go: constructHistory, snapshot, dedupCurHistories,
cleanupHistory, rollingUpdate; daemon_controller.go: podsShouldBeOnNode,
updateDaemonSetStatus; util/daemonset_util.go: IsPodUpdated, NodeShouldRunDaemonPod)."""
import pytest

from clusters import Cluster, ClusterSpec, objects
from clusters.controllers import history

HASH = "controller-revision-hash"


@pytest.fixture
def cluster():
    c = Cluster(ClusterSpec(nodes=3, settle=0), seed=6)
    yield c
    assert c.bugs == []


def ds(name="agent", image="busybox:1.36", **spec):
    body = {"selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}},
                         "spec": {"containers": [{"name": name, "image": image, "command": ["sleep", "3600"]}]}}}
    body.update(spec)
    return {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": name, "namespace": "default"},
            "spec": body}


def live(c, app="agent"):
    return [p for p in c.list("pods", "default", f"app={app}") if not p["metadata"].get("deletionTimestamp")]


def ready(p):
    return any(x["type"] == "Ready" and x["status"] == "True" for x in p["status"].get("conditions") or ())


def revisions(c):
    """{revision number: ControllerRevision} in the default namespace."""
    return {r["revision"]: r for r in c.list("controllerrevisions", "default")}


def set_image(c, image, name="agent"):
    d = objects.clone(c.get("daemonsets", name))
    d["spec"]["template"]["spec"]["containers"][0]["image"] = image
    c.api.update("daemonsets", d)
    c.settle()


def status(c, name="agent"):
    return c.get("daemonsets", name)["status"]


def deleted_and_created(c):
    evs = sorted((e for e in c.list("events", "default") if e["involvedObject"]["kind"] == "DaemonSet"
                  and e["reason"] in ("SuccessfulCreate", "SuccessfulDelete")),
                 key=lambda e: (e["firstTimestamp"], int(e["metadata"]["resourceVersion"])))
    return [e["reason"][len("Successful"):] for e in evs]


def test_the_first_revision_is_named_by_the_template_hash_that_every_pod_carries_snapshot(cluster):
    body = ds()
    body["metadata"]["annotations"] = {"kubernetes.io/change-cause": "first"}
    cluster.api.create("daemonsets", body)
    cluster.advance(30)
    d = cluster.get("daemonsets", "agent")
    h = history.template_hash(d["spec"]["template"], None)
    (rev,) = cluster.list("controllerrevisions", "default")
    assert rev["metadata"]["name"] == f"agent-{h}" and rev["revision"] == 1
    assert rev["metadata"]["labels"] == {"app": "agent", HASH: h}
    # the DaemonSet's annotations as the controller read them, the API server's one included
    assert rev["metadata"]["annotations"] == {"kubernetes.io/change-cause": "first",
                                              "deprecated.daemonset.template.generation": "1"}
    ref = rev["metadata"]["ownerReferences"][0]
    assert (ref["kind"], ref["name"], ref["uid"], ref["controller"]) == ("DaemonSet", "agent", d["metadata"]["uid"], True)
    template = objects.clone(d["spec"]["template"])
    template["$patch"] = "replace"
    assert rev["data"] == {"spec": {"template": template}}
    pods = live(cluster)
    assert len(pods) == 3
    assert {(p["metadata"]["labels"][HASH], p["metadata"]["labels"]["pod-template-generation"]) for p in pods} == {(h, "1")}
    assert status(cluster)["updatedNumberScheduled"] == 3


def test_a_template_change_makes_revision_2_and_updated_number_scheduled_follows_the_hash(cluster):
    cluster.api.create("daemonsets", ds())
    cluster.advance(30)
    set_image(cluster, "busybox:1.37")
    revs = revisions(cluster)
    assert sorted(revs) == [1, 2]
    new = revs[2]["metadata"]["labels"][HASH]
    assert revs[2]["metadata"]["name"] == f"agent-{new}"
    seen = []
    for _ in range(150):
        cluster.advance(1)
        st = status(cluster)
        updated = sum(p["metadata"]["labels"][HASH] == new for p in cluster.list("pods", "default", "app=agent"))
        if not seen or seen[-1] != st.get("updatedNumberScheduled", 0):
            seen.append(st.get("updatedNumberScheduled", 0))
        # status counts each node's oldest pod, so it never runs ahead of the pods
        assert st.get("updatedNumberScheduled", 0) <= updated
    assert seen == [0, 1, 2, 3]
    assert {p["metadata"]["labels"][HASH] for p in live(cluster)} == {new}
    assert {p["metadata"]["labels"]["pod-template-generation"] for p in live(cluster)} == {"2"}


def test_max_unavailable_1_deletes_one_old_pod_and_creates_its_replacement_once_it_is_gone(cluster):
    cluster.api.create("daemonsets", ds())
    cluster.advance(30)
    set_image(cluster, "busybox:1.37")
    # one old pod is terminating; no new pod on its node until it is gone (podsShouldBeOnNode)
    pods = cluster.list("pods", "default", "app=agent")
    assert len(pods) == 3 and sum(bool(p["metadata"].get("deletionTimestamp")) for p in pods) == 1
    cluster.advance(150)
    assert deleted_and_created(cluster)[3:] == ["Delete", "Create"] * 3
    assert status(cluster)["numberAvailable"] == 3


def test_max_unavailable_2_replaces_two_nodes_at_a_time(cluster):
    cluster.api.create("daemonsets", ds(updateStrategy={"type": "RollingUpdate",
                                                        "rollingUpdate": {"maxUnavailable": 2}}))
    cluster.advance(30)
    set_image(cluster, "busybox:1.37")
    pods = cluster.list("pods", "default", "app=agent")
    assert sum(bool(p["metadata"].get("deletionTimestamp")) for p in pods) == 2
    cluster.advance(150)
    assert len(live(cluster)) == 3 and status(cluster)["updatedNumberScheduled"] == 3


def test_an_old_pod_that_is_not_available_is_replaced_without_waiting_its_turn(cluster):
    cluster.api.create("daemonsets", ds(minReadySeconds=3600))
    cluster.advance(30)
    # minReadySeconds of an hour: no pod is available yet, so every old pod may go at once
    set_image(cluster, "busybox:1.37")
    pods = cluster.list("pods", "default", "app=agent")
    assert sum(bool(p["metadata"].get("deletionTimestamp")) for p in pods) == 3


def test_max_surge_starts_the_new_pod_beside_the_old_one_and_then_deletes_the_old(cluster):
    cluster.api.create("daemonsets", ds(updateStrategy={"type": "RollingUpdate", "rollingUpdate": {
        "maxSurge": 1, "maxUnavailable": 0}}))
    cluster.advance(30)
    old = {p["metadata"]["name"] for p in live(cluster)}
    set_image(cluster, "busybox:1.37")
    pods = live(cluster)
    assert len(pods) == 4  # one node runs its old and its new pod side by side
    assert len([p for p in pods if p["metadata"]["name"] in old]) == 3
    while len(deleted_and_created(cluster)) < 9:
        cluster.advance(1)
        # maxUnavailable 0: every node keeps a ready pod that is not being deleted
        assert {p["spec"]["nodeName"] for p in live(cluster) if ready(p)} == {"node-1", "node-2", "node-3"}
    cluster.advance(60)
    assert deleted_and_created(cluster)[3:] == ["Create", "Delete"] * 3
    assert not old & {p["metadata"]["name"] for p in live(cluster)}


def test_going_back_to_an_old_template_renumbers_its_revision_instead_of_copying_it(cluster):
    cluster.api.create("daemonsets", ds())
    cluster.advance(30)
    first = revisions(cluster)[1]["metadata"]["name"]
    set_image(cluster, "busybox:1.37")
    cluster.advance(150)
    set_image(cluster, "busybox:1.36")
    revs = revisions(cluster)
    assert sorted(revs) == [2, 3] and revs[3]["metadata"]["name"] == first
    cluster.advance(150)
    assert {p["metadata"]["labels"][HASH] for p in live(cluster)} == {first.rsplit("-", 1)[1]}
    assert {p["metadata"]["labels"]["pod-template-generation"] for p in live(cluster)} == {"3"}


def test_cleanup_keeps_revision_history_limit_old_revisions_and_any_a_pod_still_carries(cluster):
    cluster.api.create("daemonsets", ds(revisionHistoryLimit=1, updateStrategy={"type": "OnDelete"}))
    cluster.advance(30)
    first = revisions(cluster)[1]["metadata"]["name"]
    for image in ("busybox:1.37", "busybox:1.38", "busybox:1.39"):
        set_image(cluster, image)
        cluster.advance(5)
    # OnDelete: the pods still run revision 1, so it stays, and counts towards the limit: of the
    # three old revisions two go, the oldest ones no pod carries
    revs = revisions(cluster)
    assert sorted(revs) == [1, 4] and revs[1]["metadata"]["name"] == first
    for p in live(cluster):
        cluster.api.delete("pods", p["metadata"]["name"], "default")
    cluster.advance(60)
    assert sorted(revisions(cluster)) == [1, 4]  # one old revision is within the limit
    set_image(cluster, "busybox:1.40")
    cluster.advance(5)
    assert sorted(revisions(cluster)) == [4, 5]


def test_duplicate_current_revisions_are_merged_into_the_highest_and_pods_relabelled_dedup(cluster):
    cluster.api.create("daemonsets", ds())
    cluster.advance(30)
    (rev,) = cluster.list("controllerrevisions", "default")
    dup = {"apiVersion": "apps/v1", "kind": "ControllerRevision",
           "metadata": {"name": "agent-copy", "namespace": "default",
                        "labels": {"app": "agent", HASH: "copy"},
                        "ownerReferences": rev["metadata"]["ownerReferences"]},
           "data": rev["data"], "revision": 5}
    cluster.api.create("controllerrevisions", dup)
    cluster.advance(5)
    assert [(r["metadata"]["name"], r["revision"]) for r in cluster.list("controllerrevisions", "default")] == [
        ("agent-copy", 5)]
    assert {p["metadata"]["labels"][HASH] for p in live(cluster)} == {"copy"}
    assert status(cluster)["updatedNumberScheduled"] == 3


def test_a_revision_name_taken_by_other_data_bumps_collision_count_and_rehashes_snapshot(cluster):
    cluster.api.create("daemonsets", ds())
    cluster.advance(30)
    template = objects.clone(cluster.get("daemonsets", "agent")["spec"]["template"])
    template["spec"]["containers"][0]["image"] = "busybox:1.37"
    taken = f"agent-{history.template_hash(template, None)}"
    cluster.api.create("controllerrevisions", {"apiVersion": "apps/v1", "kind": "ControllerRevision",
                                               "metadata": {"name": taken, "namespace": "default"},
                                               "data": {"other": True}, "revision": 1})
    set_image(cluster, "busybox:1.37")
    cluster.advance(1)
    assert status(cluster)["collisionCount"] == 1
    rehashed = history.template_hash(template, 1)
    assert revisions(cluster)[2]["metadata"]["name"] == f"agent-{rehashed}"
    cluster.advance(150)
    assert {p["metadata"]["labels"][HASH] for p in live(cluster)} == {rehashed}
    assert status(cluster)["collisionCount"] == 1  # status writes keep it


def _taint(c, node, effect):
    n = objects.clone(c.get("nodes", node, None))
    n["spec"]["taints"] = [{"key": "dedicated", "value": "db", "effect": effect}]
    c.api.update("nodes", n)
    c.settle()


def test_a_no_schedule_taint_keeps_the_daemon_pod_a_no_execute_taint_removes_it_node_should_run(cluster):
    cluster.api.create("daemonsets", ds())
    cluster.advance(30)
    _taint(cluster, "node-1", "NoSchedule")
    cluster.advance(5)
    assert sorted(p["spec"]["nodeName"] for p in live(cluster)) == ["node-1", "node-2", "node-3"]
    assert status(cluster)["desiredNumberScheduled"] == 2 and status(cluster)["numberMisscheduled"] == 1
    _taint(cluster, "node-1", "NoExecute")
    cluster.advance(5)
    assert sorted(p["spec"]["nodeName"] for p in live(cluster)) == ["node-2", "node-3"]


def test_a_daemonset_recreated_after_an_orphan_delete_adopts_its_pods_and_history_claim_pods(cluster):
    cluster.api.create("daemonsets", ds())
    cluster.advance(30)
    pods = {p["metadata"]["name"] for p in live(cluster)}
    (rev,) = cluster.list("controllerrevisions", "default")
    cluster.run("kubectl delete ds agent --cascade=orphan")
    cluster.advance(5)
    assert not cluster.get("controllerrevisions", rev["metadata"]["name"])["metadata"].get("ownerReferences")
    cluster.api.create("daemonsets", ds())
    cluster.advance(5)
    uid = cluster.get("daemonsets", "agent")["metadata"]["uid"]
    assert {p["metadata"]["name"] for p in live(cluster)} == pods  # no pod was created or deleted
    assert {objects.controller_of(p)["uid"] for p in live(cluster)} == {uid}
    (again,) = cluster.list("controllerrevisions", "default")
    assert (again["metadata"]["name"], again["revision"], objects.controller_of(again)["uid"]) == (
        rev["metadata"]["name"], 1, uid)
    assert status(cluster)["updatedNumberScheduled"] == 3
