"""type: state — one value on one object, by field path or JSONPath."""
from tests.labs.lab_factories import check, deployment


def test_it_passes_when_the_value_matches(cluster):
    deployment(cluster, replicas=5, ready=5)
    out = check({"type": "state", "resource": "deployments", "name": "web", "path": "status.readyReplicas",
                 "op": "ge", "value": 5}, cluster)
    assert out.ok


def test_its_hint_says_what_is_there_and_what_the_task_asks(cluster):
    deployment(cluster, replicas=5, ready=3)
    out = check({"type": "state", "resource": "deploy", "name": "web", "path": "status.readyReplicas",
                 "op": "ge", "value": 5}, cluster)
    assert not out.ok
    assert out.message == "deployment/web: status.readyReplicas is 3; the task asks for at least 5"


def test_a_missing_object_reads_as_not_there_yet(cluster):
    out = check({"type": "state", "resource": "deployments", "name": "web", "path": "spec.replicas", "value": 3}, cluster)
    assert not out.ok and out.message == "there is no deployment/web yet"


def test_jsonpath_filters_read_conditions_like_kubectl(cluster):
    deployment(cluster, replicas=2, ready=2)
    spec = {"type": "state", "resource": "deployments", "name": "web",
            "path": '{.status.conditions[?(@.type=="Available")].status}', "value": "True"}
    assert check(spec, cluster).ok
    assert check({**spec, "path": "status.conditions[type=Available].status"}, cluster).ok


def test_every_operator_compares_as_a_learner_expects(cluster):
    deployment(cluster, replicas=4, image="nginx:1.27")
    base = {"type": "state", "resource": "deployments", "name": "web"}
    for op, path, value, ok in [
        ("eq", "spec.replicas", 4, True), ("eq", "spec.replicas", "4", True), ("ne", "spec.replicas", 4, False),
        ("gt", "spec.replicas", 3, True), ("lt", "spec.replicas", 4, False), ("le", "spec.replicas", 4, True),
        ("contains", "spec.template.spec.containers[0].image", "1.27", True),
        ("matches", "spec.template.spec.containers[*].image", r"^nginx:1\.2\d$", True),
        ("exists", "spec.paused", False, True), ("exists", "spec.selector", True, True),
    ]:
        assert check({**base, "path": path, "op": op, "value": value}, cluster).ok is ok, (op, path, value)


def test_quantities_compare_as_numbers(cluster):
    cluster.api.create("resourcequotas", {"metadata": {"name": "q"}, "spec": {"hard": {"requests.cpu": "1500m"}}}, "default")
    spec = {"type": "state", "resource": "quota", "name": "q", "path": "spec.hard['requests.cpu']"}
    assert check({**spec, "op": "eq", "value": 1.5}, cluster).ok
    assert check({**spec, "op": "lt", "value": "2"}, cluster).ok


def test_without_a_path_it_asks_whether_the_object_exists_or_is_gone(cluster):
    deployment(cluster)
    assert check({"type": "state", "resource": "deployments", "name": "web"}, cluster).ok
    out = check({"type": "state", "resource": "deployments", "name": "web", "op": "exists", "value": False}, cluster)
    assert not out.ok and "still exists" in out.message


def test_an_authors_hint_replaces_the_generated_one(cluster):
    deployment(cluster, replicas=2)
    out = check({"type": "state", "resource": "deployments", "name": "web", "path": "spec.replicas", "value": 5,
                 "hint": "Scale web to {expected} replicas; it has {actual}."}, cluster)
    assert out.message == "Scale web to 5 replicas; it has 2."


def test_bad_data_is_reported_at_validation():
    from labs import checks
    probs = checks.build({"type": "state", "resource": "widgets", "name": "x", "path": "a[", "op": "matches", "value": "("}).problems()
    assert [w for w, _ in probs] == [("resource",), ("path",), ("value",)]
