"""Factories for kubelet tests: a small cluster and pods created directly (no controllers needed)."""
import pytest

from clusters import Cluster, ClusterSpec


def run(cluster, name, image="nginx:1.27", ns="default", container="app", settle=True, **spec):
    ctr = {"name": container, "image": image}
    ctr.update(spec.pop("ctr", {}))
    body = {"containers": [ctr]}
    body.update(spec)
    cluster.api.create("pods", {"metadata": {"name": name, "namespace": ns}, "spec": body})
    if settle:
        cluster.settle()
    return cluster.get("pods", name, ns)


def status_of(cluster, name, ns="default"):
    p = cluster.get("pods", name, ns)
    return p and p["status"]


def cstatus(cluster, name, ns="default"):
    return status_of(cluster, name, ns)["containerStatuses"][0]


def reasons(cluster, name, ns="default"):
    evs = [e for e in cluster.list("events", ns) if e["involvedObject"].get("name") == name]
    return [(e["reason"], e["message"]) for e in sorted(evs, key=lambda e: e["metadata"]["name"])]


def kubelet_of(cluster, name, ns="default"):
    return cluster.kubelets[cluster.get("pods", name, ns)["spec"]["nodeName"]]


@pytest.fixture
def cluster():
    c = Cluster(ClusterSpec(nodes=2, addons=False, settle=0), seed=7)
    yield c
    assert c.bugs == []
