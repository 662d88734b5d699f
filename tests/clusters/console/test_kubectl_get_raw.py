"""kubectl get --raw on paths a learner tries (k8s.io/apiserver healthz.go, the registry's subresources)."""
from __future__ import annotations

import json

import pytest

from clusters import Cluster


@pytest.fixture
def learner():
    c = Cluster(seed=4)
    c.run("kubectl create deployment web --image=nginx --replicas=3")
    c.run("sleep 30")
    return c


def test_the_scale_subresource_is_an_autoscaling_v1_scale(learner):
    scale = json.loads(learner.run("kubectl get --raw /apis/apps/v1/namespaces/default/deployments/web/scale").text)
    assert (scale["kind"], scale["apiVersion"]) == ("Scale", "autoscaling/v1")
    assert scale["spec"] == {"replicas": 3}
    assert scale["status"] == {"replicas": 3, "selector": "app=web"}


def test_a_pods_log_subresource_is_the_log_text(learner):
    pod = learner.api.list("pods", "default")[0]["metadata"]["name"]
    raw = learner.run(f"kubectl get --raw /api/v1/namespaces/default/pods/{pod}/log").text
    assert raw == learner.run(f"kubectl logs {pod}").text and raw


def test_verbose_health_lists_each_check_healthz_go(learner):
    lines = learner.run("kubectl get --raw '/livez?verbose&exclude=etcd'").text.splitlines()
    assert lines[:3] == ["[+]ping ok", "[+]log ok", "[+]etcd excluded: ok"]
    assert lines[-1] == "livez check passed"
    assert "[+]informer-sync ok" in learner.run("kubectl get --raw '/readyz?verbose'").text


def test_list_items_carry_no_type_meta_as_the_server_encodes_them(learner):
    body = json.loads(learner.run("kubectl get --raw /apis/apps/v1/namespaces/default/replicasets").text)
    assert body["kind"] == "ReplicaSetList" and "kind" not in body["items"][0]
    assert list(body["items"][0]) == ["metadata", "spec", "status"]


def test_an_unserved_path_is_the_servers_not_found(learner):
    out = learner.run("kubectl get --raw /metrics")
    assert (out.text, out.exit_code) == (
        "Error from server (NotFound): the server could not find the requested resource\n", 1)
