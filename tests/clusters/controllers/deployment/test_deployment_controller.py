"""The Deployment controller as a learner sees it (pkg/controller/deployment/*.go)."""
import pytest
from deploy_helpers import deployment

from clusters import objects
from clusters.controllers.deployment import RollbackError, rollback, rollout_history, util


def rss(c, name="web"):
    d = c.get("deployments", name)
    return sorted((rs for rs in c.list("replicasets", "default")
                   if (objects.controller_of(rs) or {}).get("uid") == d["metadata"]["uid"]),
                  key=lambda rs: util.revision(rs))


def active_pods(c, app="web"):
    return [p for p in c.list("pods", "default", f"app={app}") if not p["metadata"].get("deletionTimestamp")]


def cond(obj, type_):
    return next(x for x in obj["status"]["conditions"] if x["type"] == type_)


def set_image(c, image, name="web", cause=None):
    d = objects.clone(c.get("deployments", name))
    d["spec"]["template"]["spec"]["containers"][0]["image"] = image
    if cause:
        d["metadata"].setdefault("annotations", {})[util.CHANGE_CAUSE] = cause
    c.api.update("deployments", d)


def test_kubectl_create_deployment_gives_three_running_pods(cluster):
    out = cluster.run("kubectl create deployment web --image=nginx --replicas=3")
    assert out.exit_code == 0
    cluster.advance(60)
    pods = active_pods(cluster)
    assert len(pods) == 3 and all(p["status"]["phase"] == "Running" for p in pods)
    d = cluster.get("deployments", "web")
    assert d["status"]["readyReplicas"] == 3 and d["status"]["availableReplicas"] == 3
    assert cond(d, "Available")["message"] == "Deployment has minimum availability."


def test_replica_set_is_named_after_the_pod_template_hash_sync_go(cluster):
    cluster.api.create("deployments", deployment())
    cluster.settle()
    [rs] = rss(cluster)
    h = rs["metadata"]["labels"]["pod-template-hash"]
    assert rs["metadata"]["name"] == f"web-{h}"
    assert 6 <= len(h) <= 10 and set(h) <= set("bcdfghjklmnpqrstvwxz2456789")
    assert rs["spec"]["selector"]["matchLabels"] == {"app": "web", "pod-template-hash": h}
    assert all(p["metadata"]["name"].startswith(f"web-{h}-") for p in active_pods(cluster))
    assert util.compute_hash(cluster.get("deployments", "web")["spec"]["template"], None) == h


def test_revision_and_replica_annotations_deployment_util_go(cluster):
    cluster.api.create("deployments", deployment(replicas=4))
    cluster.settle()
    [rs] = rss(cluster)
    ann = rs["metadata"]["annotations"]
    assert ann == {util.REVISION: "1", util.DESIRED_REPLICAS: "4", util.MAX_REPLICAS: "5"}
    assert cluster.get("deployments", "web")["metadata"]["annotations"][util.REVISION] == "1"


def test_scaling_event_wording_is_from_n_to_m_sync_go(cluster):
    cluster.api.create("deployments", deployment(replicas=2))
    cluster.settle()
    cluster.run("kubectl scale deployment web --replicas=5")
    cluster.settle()
    [rs] = rss(cluster)
    msgs = [e["message"] for e in cluster.list("events", "default") if e["reason"] == "ScalingReplicaSet"]
    name = rs["metadata"]["name"]
    assert f"Scaled up replica set {name} from 0 to 2" in msgs
    assert f"Scaled up replica set {name} from 2 to 5" in msgs


def test_progressing_and_available_conditions_reach_new_replica_set_available_progress_go(cluster):
    cluster.api.create("deployments", deployment())
    cluster.settle()
    d = cluster.get("deployments", "web")
    assert cond(d, "Available")["reason"] == "MinimumReplicasUnavailable"
    assert cond(d, "Available")["message"] == "Deployment does not have minimum availability."
    cluster.advance(60)
    d = cluster.get("deployments", "web")
    [rs] = rss(cluster)
    p = cond(d, "Progressing")
    assert (p["status"], p["reason"]) == ("True", "NewReplicaSetAvailable")
    assert p["message"] == f'ReplicaSet "{rs["metadata"]["name"]}" has successfully progressed.'
    assert cond(d, "Available")["reason"] == "MinimumReplicasAvailable"


def _bounds(c, replicas, surge, unavailable):
    pods = active_pods(c)
    ready = [p for p in pods if any(x["type"] == "Ready" and x["status"] == "True" for x in p["status"].get("conditions") or ())]
    total_spec = sum(util.replicas_of(rs) for rs in rss(c))
    return len(pods), len(ready), total_spec


@pytest.mark.parametrize("replicas,surge,unavailable,max_surge,max_unavail", [
    (4, "25%", "25%", 1, 1),
    (10, "25%", "25%", 3, 2),   # surge rounds up, unavailable rounds down
    (3, 0, "50%", 0, 1),
    (3, "0%", "10%", 0, 1),     # ResolveFenceposts: both 0 makes unavailable 1
    (5, 2, 0, 2, 0),
])
def test_rolling_update_stays_within_surge_and_unavailable_at_every_step_rolling_go(
        cluster, replicas, surge, unavailable, max_surge, max_unavail):
    cluster.api.create("deployments", deployment(
        replicas=replicas, strategy={"type": "RollingUpdate", "rollingUpdate": {"maxSurge": surge, "maxUnavailable": unavailable}}))
    cluster.advance(60)
    d = cluster.get("deployments", "web")
    assert util.max_surge(d) == max_surge and util.max_unavailable(d) == max_unavail
    set_image(cluster, "nginx:1.28")
    steps = 0
    end = cluster.now + 180
    while cluster.clock.next_time() is not None and cluster.clock.next_time() <= end:
        cluster.clock.step()
        steps += 1
        pods, ready, total_spec = _bounds(cluster, replicas, max_surge, max_unavail)
        assert pods <= replicas + max_surge, f"step {steps}: {pods} pods"
        assert total_spec <= replicas + max_surge
        assert ready >= replicas - max_unavail, f"step {steps}: only {ready} ready"
    new, old = rss(cluster)[-1], rss(cluster)[0]
    assert util.replicas_of(new) == replicas and util.replicas_of(old) == 0
    assert new["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.28"
    d = cluster.get("deployments", "web")
    assert d["status"]["updatedReplicas"] == replicas and d["status"]["availableReplicas"] == replicas
    assert cond(d, "Progressing")["reason"] == "NewReplicaSetAvailable"


def test_recreate_scales_old_to_zero_before_creating_new_recreate_go(cluster):
    cluster.api.create("deployments", deployment(replicas=3, strategy={"type": "Recreate"}))
    cluster.advance(60)
    set_image(cluster, "nginx:1.28")
    seen_mixed = False
    end = cluster.now + 180
    for _ in range(100_000):
        if cluster.clock.next_time() is None or cluster.clock.next_time() > end:
            break
        cluster.clock.step()
        images = {p["spec"]["containers"][0]["image"] for p in active_pods(cluster)}
        seen_mixed = seen_mixed or len(images) > 1
    assert not seen_mixed
    assert {p["spec"]["containers"][0]["image"] for p in active_pods(cluster)} == {"nginx:1.28"}
    assert len(active_pods(cluster)) == 3


def test_rollout_history_and_undo_restore_an_old_template_rollback_go(cluster):
    cluster.api.create("deployments", deployment(replicas=2))
    cluster.advance(60)
    set_image(cluster, "nginx:1.28", cause="kubectl set image deployment/web web=nginx:1.28")
    cluster.advance(90)
    hist = rollout_history(cluster.api, "web")
    assert [(h["revision"], h["change_cause"]) for h in hist] == [(1, ""), (2, "kubectl set image deployment/web web=nginx:1.28")]
    assert hist[0]["template"]["spec"]["containers"][0]["image"] == "nginx:1.27"
    assert rollback(cluster.api, "web") == "rolled back"
    cluster.advance(90)
    d = cluster.get("deployments", "web")
    assert d["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.27"
    assert "pod-template-hash" not in d["spec"]["template"]["metadata"]["labels"]
    # the old ReplicaSet is reused and becomes revision 3, remembering revision 1
    revs = [(util.revision(rs), rs["metadata"]["annotations"].get(util.REVISION_HISTORY)) for rs in rss(cluster)]
    assert revs == [(2, None), (3, "1")]
    assert d["metadata"]["annotations"][util.REVISION] == "3"
    assert rollback(cluster.api, "web", to_revision=3).startswith("skipped rollback (current template already matches revision 3)")
    with pytest.raises(RollbackError, match="unable to find specified revision 7 in history"):
        rollback(cluster.api, "web", to_revision=7)


def test_revision_history_limit_deletes_the_oldest_scaled_down_replica_sets(cluster):
    cluster.api.create("deployments", deployment(replicas=1, revisionHistoryLimit=1))
    cluster.advance(60)
    for tag in ("1.25", "1.26", "1.28"):
        set_image(cluster, f"nginx:{tag}")
        cluster.advance(90)
    assert [util.revision(rs) for rs in rss(cluster)] == [3, 4]


def test_a_stuck_rollout_reports_progress_deadline_exceeded_progress_go(cluster):
    cluster.api.create("deployments", deployment(replicas=2, progressDeadlineSeconds=60))
    cluster.advance(60)
    cluster.readiness.delay = 10_000  # the new pods never become Ready
    set_image(cluster, "nginx:1.99")
    cluster.advance(120)
    d = cluster.get("deployments", "web")
    p = cond(d, "Progressing")
    new = rss(cluster)[-1]
    assert (p["status"], p["reason"]) == ("False", "ProgressDeadlineExceeded")
    assert p["message"] == f'ReplicaSet "{new["metadata"]["name"]}" has timed out progressing.'


def test_paused_deployment_does_not_roll_out_and_says_so(cluster):
    cluster.api.create("deployments", deployment(replicas=2))
    cluster.advance(60)
    d = objects.clone(cluster.get("deployments", "web"))
    d["spec"]["paused"] = True
    cluster.api.update("deployments", d)
    cluster.settle()
    set_image(cluster, "nginx:1.28")
    cluster.advance(90)
    assert len(rss(cluster)) == 1
    p = cond(cluster.get("deployments", "web"), "Progressing")
    assert (p["status"], p["reason"], p["message"]) == ("Unknown", "DeploymentPaused", "Deployment is paused")
    with pytest.raises(RollbackError, match="you cannot rollback a paused deployment"):
        rollback(cluster.api, "web")
    d = objects.clone(cluster.get("deployments", "web"))
    d["spec"]["paused"] = False
    cluster.api.update("deployments", d)
    cluster.advance(90)
    assert len(rss(cluster)) == 2


def test_scaling_mid_rollout_is_proportional_sync_go(cluster):
    cluster.api.create("deployments", deployment(replicas=10, strategy={"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 3, "maxUnavailable": 2}}))
    cluster.advance(60)
    cluster.readiness.delay = 10_000
    set_image(cluster, "nginx:1.99")  # never pulls, never Ready
    cluster.settle()
    before = {rs["metadata"]["name"]: util.replicas_of(rs) for rs in rss(cluster)}
    assert sum(before.values()) == 13
    cluster.run("kubectl scale deployment web --replicas=20")
    cluster.settle()
    after = {rs["metadata"]["name"]: util.replicas_of(rs) for rs in rss(cluster)}
    assert sum(after.values()) == 20 + 3
    assert all(after[n] >= before[n] for n in before)
