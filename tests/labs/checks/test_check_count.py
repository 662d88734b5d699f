"""type: count — how many objects match a selector and field filters."""
from tests.labs.lab_factories import check, pod


def test_it_counts_objects_matching_a_selector_and_filters(cluster):
    for i, phase in enumerate(["Running", "Running", "Pending"]):
        pod(cluster, f"web-{i}", {"app": "web"}, phase)
    pod(cluster, "db-0", {"app": "db"})
    spec = {"type": "count", "resource": "pods", "selector": "app=web",
            "where": [{"path": "status.phase", "op": "eq", "value": "Running"}], "op": "eq", "value": 2}
    assert check(spec, cluster).ok


def test_its_hint_names_what_was_counted(cluster):
    pod(cluster, "web-0", {"app": "web"})
    out = check({"type": "count", "resource": "po", "selector": "app=web",
                 "where": [{"path": "status.phase", "value": "Running"}], "op": "ge", "value": 3}, cluster)
    assert not out.ok
    assert out.message == "1 pods with app=web whose status.phase is Running; the task asks for at least 3"


def test_it_counts_across_namespaces_when_asked(cluster):
    cluster.api.create("namespaces", {"metadata": {"name": "dev"}})
    pod(cluster, "a", {"app": "x"}, namespace="dev")
    pod(cluster, "b", {"app": "x"})
    assert check({"type": "count", "resource": "pods", "selector": "app=x", "all_namespaces": True, "value": 2}, cluster).ok
    assert check({"type": "count", "resource": "pods", "selector": "app=x", "namespace": "dev", "value": 1}, cluster).ok


def test_a_count_refuses_operators_that_are_not_about_numbers():
    from labs import checks
    assert checks.build({"type": "count", "resource": "pods", "op": "matches", "value": 1}).problems()
