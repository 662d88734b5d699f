"""get -w, wait, describe, top, explain and completion on a live simulated cluster."""
from __future__ import annotations

import pytest

from clusters import Cluster


def nginx(name="web"):
    return {"metadata": {"name": name, "labels": {"app": name}},
            "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27", "ports": [{"containerPort": 80}]}]}}


@pytest.fixture
def learner():
    return Cluster(seed=7)


def test_watch_prints_the_table_then_a_row_per_change_in_virtual_time(learner):
    learner.api.create("pods", nginx(), "default")
    out = learner.run("kubectl get pods -w --request-timeout=30s")
    lines = out.text.splitlines()
    assert lines[0].split() == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    assert lines[1].split()[:3] == ["web", "0/1", "Pending"]
    assert lines[-1].split()[:3] == ["web", "1/1", "Running"]
    assert learner.bugs == []


def test_watch_is_bounded_by_request_timeout(learner):
    before = learner.now
    learner.run("kubectl get ns -w --request-timeout=10s")
    assert learner.now <= before + 10.0 + 1e-9


def test_wait_advances_time_until_ready_wait_go(learner):
    learner.api.create("pods", nginx(), "default")
    out = learner.run("kubectl wait --for=condition=Ready pod/web --timeout=120s")
    assert (out.text, out.exit_code) == ("pod/web condition met\n", 0)


def test_wait_times_out_with_upstream_words(learner):
    learner.api.create("pods", {"metadata": {"name": "huge"}, "spec": {"containers": [
        {"name": "c", "image": "nginx", "resources": {"requests": {"cpu": "64"}}}]}}, "default")
    before = learner.now
    out = learner.run("kubectl wait --for=condition=Ready pod/huge --timeout=15s")
    assert (out.text, out.exit_code) == ("error: timed out waiting for the condition on pods/huge\n", 1)
    assert learner.now == pytest.approx(before + 15)


def test_wait_for_delete(learner):
    learner.api.create("pods", nginx(), "default")
    learner.run("kubectl wait --for=condition=Ready pod/web")
    learner.api.delete("pods", "web", "default")
    out = learner.run("kubectl wait --for=delete pod/web --timeout=60s")
    assert out.text == "pod/web condition met\n"


def test_describe_pod_has_containers_conditions_and_kubelet_events(learner):
    learner.api.create("pods", nginx(), "default")
    learner.run("kubectl wait --for=condition=Ready pod/web")
    text = learner.run("kubectl describe pod web").text
    assert text.startswith("Name:             web\nNamespace:        default\n")
    assert "Containers:\n  nginx:\n" in text
    assert "    Port:           80/TCP\n" in text
    assert "Conditions:\n  Type" in text
    assert "Events:\n  Type    Reason     Age   From               Message\n  ----    ------     ----  ----               -------\n" in text
    assert "default-scheduler  Successfully assigned default/web to" in text


def test_describe_falls_back_to_name_prefix_describe_go(learner):
    learner.api.create("pods", nginx("web-a"), "default")
    learner.api.create("pods", nginx("web-b"), "default")
    text = learner.run("kubectl describe pods web").text
    # Two pods, each opening with its Name: line (ConfigMapName: of their volumes aside).
    assert text.startswith("Name:") and text.count("\nName:") == 1 and "\n\n\nName:" in text


def test_describe_node_lists_non_terminated_pods_and_allocations(learner):
    learner.api.create("pods", {"metadata": {"name": "p"}, "spec": {"nodeName": "node-1", "containers": [
        {"name": "c", "image": "nginx", "resources": {"requests": {"cpu": "500m", "memory": "1Gi"}, "limits": {"memory": "2Gi"}}}]}}, "default")
    learner.advance(10)
    text = learner.run("kubectl describe node node-1").text
    row = next(l for l in text.splitlines() if l.startswith("  default ") and " p " in l)
    assert row.split() == ["default", "p", "500m", "(25%)", "0", "(0%)", "1Gi", "(12%)", "2Gi", "(25%)", "10s"]
    assert "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n" in text


def test_top_reads_the_metrics_api(learner):
    text = learner.run("kubectl top nodes").text
    assert text.splitlines()[0] == "NAME            CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   "


def test_explain_walks_fields_of_the_shipped_schema(learner):
    text = learner.run("kubectl explain deployment.spec.replicas").text
    assert text.startswith("GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: replicas <integer>\n")


def test_completion_offers_verbs_types_names_and_flags(learner):
    assert "get" in learner.complete("kubectl g")
    assert learner.complete("kubectl get deploy") == ["deploy", "deployments"]
    assert learner.complete("kubectl get deploy -n kube-system core") == ["coredns"]
    assert "--show-labels" in learner.complete("kubectl get pods --sh")
    assert learner.complete("kubectl describe no node-") == ["node-1", "node-2", "node-3"]


def test_sleep_lets_a_pod_start(learner):
    learner.api.create("pods", nginx(), "default")
    learner.run("sleep 30")
    assert "Running" in learner.run("kubectl get pod web --no-headers").text
