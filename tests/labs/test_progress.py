"""labs.evaluate: per-step status, partial credit, hints that say what is wrong, sticky passes."""
import json
import os

import pytest

import labs
from labs import model
from clusters import objects

from tests.labs.lab_factories import typed

SAMPLE = os.path.join(os.path.dirname(__file__), "fixtures", "01-sample")


@pytest.fixture(scope="module")
def lab():
    return model.Lab.read(SAMPLE)


@pytest.fixture(scope="module")
def fresh(lab):
    spec = lab.cluster_spec()
    spec.setup = []  # the console is someone else's moving part; these tests are about scoring
    from clusters import Cluster
    return Cluster(spec, seed=lab.seed)


@pytest.fixture
def cluster(fresh):
    return type(fresh).restore(fresh.snapshot())


def scale(cluster, n):
    d = objects.clone(cluster.api.get("deployments", "web", "default"))
    d["spec"]["replicas"] = n
    cluster.api.update("deployments", d, actor="kubectl")


def test_the_lab_starts_its_cluster_from_lab_yaml(lab, fresh):
    spec = lab.cluster_spec()
    assert (spec.nodes, spec.settle, spec.setup, lab.seed) == (2, 0, ["kubectl get nodes"], 7)
    assert spec.manifests[0]["metadata"]["name"] == "web"
    assert fresh.get("deployments", "web")["spec"]["replicas"] == 2
    assert fresh.journal == []  # setup lines are not the learner's


def test_on_arrival_every_step_is_pending_and_nothing_is_earned(lab, cluster):
    p = labs.evaluate(lab, cluster)
    assert [s.status for s in p.steps] == ["pending", "pending"]
    assert (p.earned, p.total, p.score, p.complete, p.current) == (0, 19, 0, False, "scale")
    assert p.hints() == []


def test_a_step_fails_with_a_hint_drawn_from_the_failing_check(lab, cluster):
    typed(cluster, "kubectl get deploy")
    s = labs.evaluate(lab, cluster).step("scale")
    assert s.status == "failed" and s.score == 0
    assert s.hints == ["deployment/web: spec.replicas is 2; the task asks for 5",
                       "you have not typed a command such as `kubectl scale deployment web --replicas=5` yet"]


def test_weighted_checks_give_partial_credit(lab, cluster):
    scale(cluster, 5)
    typed(cluster, "kubectl edit deployment web")
    s = labs.evaluate(lab, cluster).step("scale")
    assert (s.status, s.score, s.earned) == ("partial", 0.75, 7.5)
    assert s.message == "you typed `kubectl edit deployment web`; this step asks you not to do it that way"


def test_authored_hints_unlock_as_commands_accumulate(lab, cluster):
    p = None
    shown = []
    for i in range(4):
        typed(cluster, "kubectl get pods")
        p = labs.evaluate(lab, cluster, previous=p)
        shown.append(len(p.step("scale").hints))
    assert shown == [2, 3, 3, 4]
    assert p.step("scale").hints[-1] == "Type: kubectl scale deployment web --replicas=5"


def test_a_passed_step_stays_passed_when_the_learner_moves_on(lab, cluster):
    scale(cluster, 5)
    typed(cluster, "kubectl scale deployment web --replicas=5")
    p = labs.evaluate(lab, cluster)
    assert p.step("scale").status == "passed" and p.current == "label"
    scale(cluster, 7)
    p = labs.evaluate(lab, cluster, previous=p.to_dict())
    assert p.step("scale").status == "passed"
    assert labs.evaluate(lab, cluster).step("scale").status == "partial"  # the pure level reading


def test_hints_on_the_next_step_count_only_commands_typed_on_it(lab, cluster):
    p = labs.evaluate(lab, cluster)
    typed(cluster, "kubectl get pods", "kubectl get pods", "kubectl get pods")
    scale(cluster, 5)
    typed(cluster, "kubectl scale deployment web --replicas=5")
    p = labs.evaluate(lab, cluster, previous=p)
    assert p.step("label").attempts == 0 and p.step("label").status == "pending"
    typed(cluster, "kubectl get deploy web --show-labels")
    s = labs.evaluate(lab, cluster, previous=p).step("label")
    assert (s.status, s.attempts, s.hints) == ("failed", 1, ["deployment/web has no metadata.labels.tier yet; the task asks for front"])


def test_questions_are_checked_against_the_cluster(lab, cluster):
    p = labs.evaluate(lab, cluster, {"replicas": "5", "who": "the kubelet"})
    assert [(q.status, q.earned) for q in p.questions] == [("incorrect", 0), ("incorrect", 0)]
    p = labs.evaluate(lab, cluster, {"replicas": 2, "who": "the Deployment and ReplicaSet controllers"})
    assert [q.status for q in p.questions] == ["correct", "correct"]
    assert p.questions[1].explanation.startswith("The Deployment controller makes ReplicaSets")
    assert labs.evaluate(lab, cluster, {}).questions[0].status == "unanswered"


def test_a_finished_lab_is_complete_with_full_marks(lab, cluster):
    scale(cluster, 5)
    d = objects.clone(cluster.api.get("deployments", "web", "default"))
    d["metadata"].setdefault("labels", {})["tier"] = "front"
    cluster.api.update("deployments", d, actor="kubectl")
    typed(cluster, "kubectl scale deployment web --replicas=5")
    p = labs.evaluate(lab, cluster, lab.solution.answers)
    assert (p.complete, p.score, p.earned) == (True, 1.0, 19)


def test_progress_is_json_and_reads_back(lab, cluster):
    typed(cluster, "kubectl get pods")
    p = labs.evaluate(lab, cluster, {"who": "the kubelet"})
    d = json.loads(json.dumps(p.to_dict()))
    assert labs.Progress.from_dict(d).to_dict() == p.to_dict()
    assert d["current"] == "scale" and d["steps"][0]["checks"][0]["ok"] is False


def test_the_page_gets_the_lab_without_its_answers(lab):
    d = json.loads(json.dumps(lab.as_dict()))
    assert d["background"][0]["try_this"] == ["kubectl get deployments", "kubectl get pods"]
    assert d["steps"][0]["checks"] == ["deployment/web: spec.replicas is 5",
                                       "you typed a command like `kubectl scale deployment web --replicas=5`"]
    assert "expect" not in json.dumps(d["questions"]) and d["points"] == 19
