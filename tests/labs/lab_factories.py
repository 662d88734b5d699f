"""Factories for the labs tests: a small cluster and objects placed straight through the API."""
from __future__ import annotations

import pytest

from clusters import Cluster, ClusterSpec
from labs import checks


@pytest.fixture(scope="module")
def base_cluster():
    return Cluster(ClusterSpec(nodes=2, settle=0), seed=3)


@pytest.fixture
def cluster(base_cluster):
    # restoring a snapshot is much faster than booting a fresh cluster for every test
    return Cluster.restore(base_cluster.snapshot())


def deployment(cluster, name="web", replicas=3, ready=None, namespace="default", image="nginx:1.27"):
    obj = cluster.api.create("deployments", {
        "metadata": {"name": name, "namespace": namespace, "labels": {"app": name}},
        "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
                 "template": {"metadata": {"labels": {"app": name}},
                              "spec": {"containers": [{"name": name, "image": image}]}}},
    }, namespace, actor="kubectl")
    if ready is not None:
        from clusters import objects
        obj = objects.clone(cluster.api.get("deployments", name, namespace))
        obj["status"] = {"replicas": replicas, "readyReplicas": ready, "availableReplicas": ready,
                         "conditions": [{"type": "Available", "status": "True" if ready >= replicas else "False"}]}
        cluster.api.update_status("deployments", obj, actor="deployment-controller")
    return cluster.api.get("deployments", name, namespace)


def pod(cluster, name, labels=None, phase="Running", namespace="default", node=None):
    cluster.api.create("pods", {
        "metadata": {"name": name, "namespace": namespace, "labels": labels or {}},
        "spec": {"containers": [{"name": "c", "image": "nginx"}], **({"nodeName": node} if node else {})},
    }, namespace, actor="kubectl")
    from clusters import objects
    obj = objects.clone(cluster.api.get("pods", name, namespace))
    obj["status"] = {"phase": phase}
    cluster.api.update_status("pods", obj, actor="kubelet")
    return cluster.api.get("pods", name, namespace)


def typed(cluster, *lines):
    """Put lines in the journal as if the learner typed them (without running them)."""
    for line in lines:
        cluster.journal.append({"t": cluster.now, "cmd": line})


def check(spec, cluster, answers=None):
    c = checks.build(spec)
    assert c.problems() == []
    return c.run(checks.Context(cluster, answers))
