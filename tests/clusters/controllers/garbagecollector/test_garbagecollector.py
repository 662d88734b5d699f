"""The garbage collector's three propagation policies, as a learner sees them
(pkg/controller/garbagecollector/garbagecollector.go; website use-cascading-deletion.md)."""
import pytest

from clusters import Cluster, ClusterSpec, objects


@pytest.fixture
def cluster():
    c = Cluster(ClusterSpec(nodes=2, settle=0), seed=3)
    c.run("kubectl create deployment web --image=nginx --replicas=2")
    c.advance(60)
    yield c
    assert c.bugs == []


def web(c):
    return (c.list("deployments", "default"), [r for r in c.list("replicasets", "default") if r["metadata"]["name"].startswith("web-")],
            c.list("pods", "default", "app=web"))


def test_background_deletion_removes_the_owner_at_once_then_its_dependents(cluster):
    deploys, rss, pods = web(cluster)
    assert len(deploys) == 1 and len(rss) == 1 and len(pods) == 2
    cluster.api.delete("deployments", "web", "default", propagation="Background")
    assert cluster.get("deployments", "web") is None
    cluster.advance(60)
    assert web(cluster) == ([], [], [])


def test_foreground_deletion_keeps_the_owner_until_blocking_dependents_are_gone(cluster):
    cluster.api.delete("deployments", "web", "default", propagation="Foreground")
    d = cluster.api.try_get("deployments", "web", "default")
    assert d is not None and d["metadata"]["finalizers"] == ["foregroundDeletion"] and d["metadata"]["deletionTimestamp"]
    order = []
    end = cluster.now + 90
    for _ in range(100_000):
        if cluster.clock.next_time() is None or cluster.clock.next_time() > end:
            break
        cluster.clock.step()
        deploys, rss, pods = web(cluster)
        order.append((len(deploys), len(rss), len(pods)))
    assert web(cluster) == ([], [], [])
    # the Deployment outlived its ReplicaSet, which outlived its pods
    assert all(d >= 1 for d, r, p in order if r)
    assert all(r >= 1 for d, r, p in order if p)


def test_orphan_deletion_strips_owner_references_and_leaves_dependents(cluster):
    _, [rs], _ = web(cluster)
    cluster.api.delete("deployments", "web", "default", propagation="Orphan")
    cluster.advance(60)
    deploys, rss, pods = web(cluster)
    assert deploys == [] and [r["metadata"]["name"] for r in rss] == [rs["metadata"]["name"]]
    assert "ownerReferences" not in rss[0]["metadata"]
    assert len(pods) == 2 and all(p["metadata"]["ownerReferences"][0]["kind"] == "ReplicaSet" for p in pods)


def test_a_dependent_created_for_an_owner_that_does_not_exist_is_collected(cluster):
    cluster.api.create("configmaps", {"metadata": {"name": "cm", "namespace": "default", "ownerReferences": [
        {"apiVersion": "v1", "kind": "ConfigMap", "name": "ghost", "uid": "00000000-0000-4000-8000-000000000000"}]}})
    cluster.settle()
    assert cluster.get("configmaps", "cm") is None


def test_a_dependent_with_a_remaining_owner_only_loses_the_dangling_reference(cluster):
    owner = cluster.api.create("configmaps", {"metadata": {"name": "owner", "namespace": "default"}})
    doomed = cluster.api.create("configmaps", {"metadata": {"name": "doomed", "namespace": "default"}})
    refs = [{"apiVersion": "v1", "kind": "ConfigMap", "name": o["metadata"]["name"], "uid": o["metadata"]["uid"]} for o in (owner, doomed)]
    cluster.api.create("configmaps", {"metadata": {"name": "dep", "namespace": "default", "ownerReferences": refs}})
    cluster.api.delete("configmaps", "doomed", "default")
    cluster.settle()
    dep = cluster.get("configmaps", "dep")
    assert [r["name"] for r in dep["metadata"]["ownerReferences"]] == ["owner"]


def test_kubectl_delete_deployment_cascades_in_the_background(cluster):
    cluster.run("kubectl delete deployment web")
    cluster.advance(60)
    assert web(cluster) == ([], [], [])
