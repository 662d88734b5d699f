"""managedFields and server-side apply in the API server (k8s.io/apimachinery
pkg/util/managedfields/internal, sigs.k8s.io/structured-merge-diff v4 merge/update.go)."""
from __future__ import annotations

import pytest

from clusters import Cluster
from clusters.apiserver import errors, fieldmanager, fieldpaths

CM = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "test-cm", "namespace": "default",
                                                          "labels": {"test-label": "test"}},
      "data": {"key": "some value"}}


@pytest.fixture
def learner():
    c = Cluster(seed=7)
    yield c
    assert c.bugs == []


def entries(c, resource, name):
    return c.get(resource, name)["metadata"].get("managedFields") or []


def test_an_applied_configmap_records_the_pages_managed_fields_server_side_apply_md(learner):
    learner.api.apply("configmaps", "test-cm", CM, "default", field_manager="kubectl")
    (e,) = entries(learner, "configmaps", "test-cm")
    assert e == {"apiVersion": "v1", "fieldsType": "FieldsV1", "manager": "kubectl", "operation": "Apply",
                 "time": "2025-06-02T09:01:00Z",
                 "fieldsV1": {"f:data": {"f:key": {}}, "f:metadata": {"f:labels": {"f:test-label": {}}}}}


def test_an_update_takes_the_fields_it_changes_from_the_applier_update_go(learner):
    learner.api.apply("configmaps", "test-cm", CM, "default", field_manager="kubectl")
    learner.clock.run(until=learner.clock.now + 3600)
    learner.api.patch("configmaps", "test-cm", {"data": {"key": "new value"}}, "default",
                      actor="kube-controller-manager", field_manager="kube-controller-manager")
    got = {e["manager"]: e for e in entries(learner, "configmaps", "test-cm")}
    assert got["kubectl"]["fieldsV1"] == {"f:metadata": {"f:labels": {"f:test-label": {}}}}
    assert got["kube-controller-manager"]["operation"] == "Update"
    assert got["kube-controller-manager"]["fieldsV1"] == {"f:data": {"f:key": {}}}
    assert got["kube-controller-manager"]["time"] == "2025-06-02T10:01:00Z"
    with pytest.raises(errors.StatusError) as e:
        learner.api.apply("configmaps", "test-cm", CM, "default", field_manager="kubectl")
    assert e.value.code == 409
    assert e.value.message == ('Apply failed with 1 conflict: conflict with "kube-controller-manager" using v1: '
                               '.data.key')


def test_conflicts_with_several_managers_are_grouped_by_manager_conflict_go(learner):
    learner.api.apply("configmaps", "test-cm", CM, "default", field_manager="a")
    learner.api.apply("configmaps", "test-cm", CM, "default", field_manager="b")
    changed = {**CM, "metadata": {**CM["metadata"], "labels": {"test-label": "other"}}, "data": {"key": "x"}}
    with pytest.raises(errors.StatusError) as e:
        learner.api.apply("configmaps", "test-cm", changed, "default", field_manager="c")
    assert e.value.message == ('Apply failed with 4 conflicts: conflicts with "a":\n- .data.key\n'
                               '- .metadata.labels.test-label\nconflicts with "b":\n- .data.key\n'
                               '- .metadata.labels.test-label')


def test_forcing_moves_ownership_and_dropping_a_field_removes_it_when_nobody_else_owns_it(learner):
    learner.api.apply("configmaps", "test-cm", CM, "default", field_manager="a")
    learner.api.apply("configmaps", "test-cm", {**CM, "metadata": {"name": "test-cm"}, "data": {"key": "b's"}},
                      "default", field_manager="b", force=True)
    assert [e["manager"] for e in entries(learner, "configmaps", "test-cm")] == ["a", "b"]
    assert entries(learner, "configmaps", "test-cm")[0]["fieldsV1"] == {"f:metadata": {"f:labels": {"f:test-label": {}}}}
    # "a" drops its label: nobody else owns it, so it goes, and the emptied labels with it
    learner.api.apply("configmaps", "test-cm", {**CM, "metadata": {"name": "test-cm"}, "data": {}}, "default",
                      field_manager="a")
    live = learner.get("configmaps", "test-cm")
    assert "labels" not in live["metadata"] and live["data"] == {"key": "b's"}


def test_a_create_owns_its_defaults_and_marks_what_it_added_as_a_whole_fieldsv1(learner):
    learner.run("kubectl run web --image=nginx --port=80")
    (e,) = entries(learner, "pods", "web")[:1]
    assert e["manager"] == "kubectl-run"
    c = e["fieldsV1"]["f:spec"]["f:containers"]['k:{"name":"web"}']
    assert c["."] == {} and c["f:imagePullPolicy"] == {} and c["f:resources"] == {}
    assert c["f:ports"] == {".": {}, 'k:{"containerPort":80,"protocol":"TCP"}':
                            {".": {}, "f:containerPort": {}, "f:protocol": {}}}
    assert "." not in e["fieldsV1"]["f:spec"]["f:containers"]  # the Go zero value has containers: null
    assert e["fieldsV1"]["f:metadata"]["f:labels"] == {".": {}, "f:run": {}}


def test_the_kubelets_status_writes_are_tracked_on_a_pod_kubectl_made(learner):
    learner.run("kubectl run web --image=nginx")
    learner.run("sim advance 10s")
    managers = [(e["manager"], e.get("subresource")) for e in entries(learner, "pods", "web")]
    assert ("kubelet", "status") in managers


def test_pods_the_control_plane_makes_carry_none_to_keep_large_clusters_cheap(learner):
    learner.run("kubectl create deployment web --image=nginx")
    learner.run("sim advance 10s")
    (pod,) = learner.api.list("pods", "default")
    assert "managedFields" not in pod["metadata"]
    managers = [(e["manager"], e.get("subresource")) for e in entries(learner, "deployments", "web")]
    assert managers == [("kube-controller-manager", None), ("kubectl-create", None),
                        ("kube-controller-manager", "status")]


def test_a_request_with_one_empty_entry_clears_managed_fields_server_side_apply_md(learner):
    learner.api.apply("configmaps", "test-cm", CM, "default", field_manager="kubectl")
    learner.run("""kubectl patch cm test-cm --type=merge -p '{"metadata":{"managedFields":[{}]}}'""")
    assert entries(learner, "configmaps", "test-cm") == []


def test_keyed_lists_merge_by_their_keys_and_keep_the_live_order_merge_go():
    live = {"spec": {"containers": [{"name": "a", "image": "x"}, {"name": "b", "image": "y"}]}}
    cfg = {"spec": {"containers": [{"name": "c", "image": "z"}, {"name": "a", "image": "x2"}]}}
    merged = fieldmanager.merge(live, cfg, "Pod")
    assert [(c["name"], c["image"]) for c in merged["spec"]["containers"]] == [("c", "z"), ("a", "x2"), ("b", "y")]


def test_field_paths_print_as_fieldpath_string():
    s = fieldpaths.to_set({"spec": {"ports": [{"port": 80, "targetPort": 8080}]}}, "Service")
    assert [fieldpaths.path_string(p) for p in fieldpaths.paths(s)] == [
        '.spec.ports[port=80,protocol="TCP"]', '.spec.ports[port=80,protocol="TCP"].port',
        '.spec.ports[port=80,protocol="TCP"].targetPort']


def test_past_ten_update_managers_the_oldest_fold_into_ancient_changes_capmanagers_go(learner):
    learner.api.create("configmaps", {"metadata": {"name": "many", "namespace": "default"}, "data": {}},
                       field_manager="m00")
    for i in range(1, 12):
        learner.clock.run(until=learner.clock.now + 1)
        learner.api.patch("configmaps", "many", {"data": {f"k{i}": "v"}}, "default", field_manager=f"m{i:02d}")
    got = [(e["manager"], sorted(e["fieldsV1"].get("f:data", {}))) for e in entries(learner, "configmaps", "many")]
    assert len(got) == 10
    assert got[0] == ("ancient-changes", [".", "f:k1", "f:k2"])
    assert [m for m, _ in got[1:]] == [f"m{i:02d}" for i in range(3, 12)]
