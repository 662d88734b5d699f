"""type: answer — reflection answers checked against the simulation."""
from tests.labs.lab_factories import check, deployment, pod


def q(expect, answer_type="text", **kw):
    return {"type": "answer", "question": "q", "answer_type": answer_type, **kw, **expect}


def test_a_number_answer_within_tolerance_is_right(cluster):
    assert check(q({"value": 300, "tolerance": 10}, "number"), cluster, {"q": "295"}).ok
    assert check(q({"value": 300}, "number"), cluster, {"q": "300s"}).ok
    assert not check(q({"value": 300}, "number"), cluster, {"q": "5 minutes"}).ok


def test_a_choice_answer_is_its_text(cluster):
    spec = q({"value": "the ReplicaSet controller"}, "choice", choices=["the kubelet", "the ReplicaSet controller"])
    assert check(spec, cluster, {"q": "The ReplicaSet  controller"}).ok
    assert not check(spec, cluster, {"q": "the kubelet"}).ok


def test_text_answers_match_a_pattern_or_keywords(cluster):
    assert check(q({"pattern": r"\bdiscovery\b"}), cluster, {"q": "Namespace deletion needs Discovery to work"}).ok
    assert not check(q({"keywords": ["controller", "desired"]}), cluster, {"q": "the controller"}).ok


def test_the_expected_answer_comes_from_the_learners_own_objects(cluster):
    pod(cluster, "big", node="node-2")
    spec = q({"from": {"state": {"resource": "pods", "name": "big", "path": "spec.nodeName"}}}, "object")
    assert check(spec, cluster, {"q": "node/node-2"}).ok
    assert not check(spec, cluster, {"q": "node-1"}).ok


def test_a_count_answer_is_computed_from_the_cluster(cluster):
    deployment(cluster, "a")
    deployment(cluster, "b")
    spec = q({"from": {"count": {"resource": "deployments"}}}, "number")
    assert check(spec, cluster, {"q": 2}).ok


def test_the_scheduler_record_names_the_chosen_node(cluster):
    pod(cluster, "big", node="node-1")
    spec = q({"from": {"scheduler": {"pod": "big", "field": "node"}}}, "object")
    assert check(spec, cluster, {"q": "node-1"}).ok


def test_the_deciding_plugin_is_the_one_that_most_separated_winner_from_runner_up():
    from labs.checks.answers import deciding_plugin
    d = {"node": "node-2", "scores": {
        "node-1": {"NodeResourcesFit": 50, "TaintToleration": 300, "NodeAffinity": 0},
        "node-2": {"NodeResourcesFit": 60, "TaintToleration": 300, "NodeAffinity": 200},
        "node-3": {"NodeResourcesFit": 90, "TaintToleration": 0, "NodeAffinity": 0}}}
    assert deciding_plugin(d) == "NodeAffinity"


def test_an_unanswered_question_is_not_wrong_yet(cluster):
    out = check(q({"value": "x"}), cluster, {})
    assert not out.ok and out.actual is None and out.message == "not answered yet"


def test_an_answer_about_something_that_does_not_exist_cannot_be_checked_yet(cluster):
    spec = q({"from": {"state": {"resource": "pods", "name": "nope", "path": "spec.nodeName"}}}, "object")
    out = check(spec, cluster, {"q": "node-1"})
    assert not out.ok and out.message.startswith("cannot check this answer yet")


def test_the_scheduler_record_says_which_filter_ruled_a_node_out_and_which_score_decided(cluster):
    cluster.api.create("pods", {"metadata": {"name": "huge"}, "spec": {"containers": [
        {"name": "c", "image": "nginx", "resources": {"requests": {"cpu": "1500m"}}}]}}, "default")
    cluster.settle()
    if getattr(getattr(cluster, "scheduler", None), "decision", None) is None:
        import pytest
        pytest.skip("needs the scheduler's recorded decisions")
    spec = q({"from": {"scheduler": {"pod": "huge", "field": "filter:control-plane"}}}, "text")
    assert check(spec, cluster, {"q": "TaintToleration"}).ok
