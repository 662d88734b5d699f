"""Factories for the scheduler tests: small clusters and pods created straight through the API."""
import pytest

from clusters import Cluster, ClusterSpec


def make_pod(cluster, name, cpu=None, memory=None, image="nginx:1.27", ns="default", **spec):
    container = {"name": "app", "image": image}
    req = {}
    if cpu:
        req["cpu"] = cpu
    if memory:
        req["memory"] = memory
    if req:
        container["resources"] = {"requests": req}
    body = {"containers": [container]}
    labels = spec.pop("labels", None)
    body.update(spec)
    meta = {"name": name, "namespace": ns}
    if labels:
        meta["labels"] = labels
    cluster.api.create("pods", {"metadata": meta, "spec": body})
    cluster.settle()
    return cluster.get("pods", name, ns)


def events_for(cluster, name, reason=None):
    out = []
    for e in cluster.list("events"):
        if e["involvedObject"].get("name") == name and (reason is None or e["reason"] == reason):
            out.append(e)
    return sorted(out, key=lambda e: e["metadata"]["name"])


@pytest.fixture
def cluster():
    c = Cluster(ClusterSpec(nodes=3, addons=False, settle=0), seed=3)
    yield c
    assert c.bugs == []


@pytest.fixture
def workers_only():
    c = Cluster(ClusterSpec(nodes=3, control_plane=False, addons=False, settle=0), seed=5)
    yield c
    assert c.bugs == []
