"""Endpoints follow pod readiness (pkg/controller/endpoint/endpoints_controller.go)."""
from clusters.controllers.endpoints import MAX_CAPACITY
from tests.clusters.network.netfactories import make_cluster, make_service, run_pod, set_status


def _ep(c, name="web", ns="default"):
    return c.api.try_get("endpoints", name, ns)


def test_ready_pods_are_addresses_and_unready_ones_not_ready_addresses_endpoints_controller_go():
    c = make_cluster()
    a = run_pod(c, "web-a", {"app": "web"}, node="node-1")
    b = run_pod(c, "web-b", {"app": "web"}, node="node-2", ready=False)
    make_service(c, "web", {"app": "web"})
    ep = _ep(c)
    [subset] = ep["subsets"]
    assert [x["ip"] for x in subset["addresses"]] == [a["status"]["podIP"]]
    assert subset["addresses"][0]["nodeName"] == "node-1"
    assert subset["addresses"][0]["targetRef"] == {"kind": "Pod", "namespace": "default", "name": "web-a", "uid": a["metadata"]["uid"]}
    assert [x["ip"] for x in subset["notReadyAddresses"]] == [b["status"]["podIP"]]
    assert subset["ports"] == [{"port": 80, "protocol": "TCP"}]
    assert c.bugs == []


def test_endpoints_follow_readiness_in_both_directions():
    c = make_cluster()
    make_service(c, "web", {"app": "web"})
    assert "subsets" not in _ep(c)
    run_pod(c, "web-a", {"app": "web"}, ready=False)
    assert "addresses" not in _ep(c)["subsets"][0]
    set_status(c, "web-a", ready=True)
    assert len(_ep(c)["subsets"][0]["addresses"]) == 1
    set_status(c, "web-a", ready=False)
    assert "addresses" not in _ep(c)["subsets"][0]
    c.api.delete("pods", "web-a", "default", grace_period=0)
    c.settle()
    assert "subsets" not in _ep(c)
    assert c.bugs == []


def test_named_target_port_resolves_per_pod_and_pods_without_it_are_left_out_find_port():
    c = make_cluster()
    run_pod(c, "web-a", {"app": "web"}, ports=[{"name": "http", "containerPort": 8080}])
    run_pod(c, "web-b", {"app": "web"}, ports=[{"name": "metrics", "containerPort": 9090}])
    make_service(c, "web", {"app": "web"}, ports=[{"port": 80, "targetPort": "http"}])
    [subset] = _ep(c)["subsets"]
    assert subset["ports"] == [{"port": 8080, "protocol": "TCP"}]
    assert [a["targetRef"]["name"] for a in subset["addresses"]] == ["web-a"]


def test_publish_not_ready_addresses_lists_unready_pods_as_ready():
    c = make_cluster()
    run_pod(c, "db-0", {"app": "db"}, ready=False)
    make_service(c, "db", {"app": "db"}, clusterIP="None", publishNotReadyAddresses=True)
    ep = _ep(c, "db")
    assert len(ep["subsets"][0]["addresses"]) == 1
    assert ep["metadata"]["labels"] == {"service.kubernetes.io/headless": ""}


def test_headless_service_without_ports_still_gets_addresses():
    c = make_cluster()
    run_pod(c, "db-0", {"app": "db"}, hostname="db-0", subdomain="db")
    make_service(c, "db", {"app": "db"}, ports=[], clusterIP="None")
    [subset] = _ep(c, "db")["subsets"]
    assert "ports" not in subset
    assert subset["addresses"][0]["hostname"] == "db-0"


def test_service_without_selector_gets_no_managed_endpoints():
    c = make_cluster()
    make_service(c, "external", None)
    assert _ep(c, "external") is None


def test_terminating_pods_leave_endpoints_unless_publishing_not_ready_should_pod_be_in_endpoints():
    from clusters.controllers.endpoints.endpoints_controller import desired_subsets
    pod = {"metadata": {"name": "p", "namespace": "default", "uid": "u", "deletionTimestamp": "2025-06-02T09:00:00Z"},
           "spec": {"nodeName": "node-1"},
           "status": {"phase": "Running", "podIP": "10.244.1.2", "conditions": [{"type": "Ready", "status": "True"}]}}
    svc = {"metadata": {"name": "web", "namespace": "default"},
           "spec": {"clusterIP": "10.96.0.5", "ports": [{"port": 80, "targetPort": 80, "protocol": "TCP"}]}}
    assert desired_subsets(svc, [pod]) == []
    svc["spec"]["publishNotReadyAddresses"] = True
    assert [a["ip"] for a in desired_subsets(svc, [pod])[0]["addresses"]] == ["10.244.1.2"]
    pod["status"]["phase"] = "Succeeded"
    assert desired_subsets(svc, [pod]) == []


def test_trigger_time_annotation_is_the_service_creation_at_first_sync_trigger_time_tracker_go():
    c = make_cluster()
    c.advance(42)
    svc = make_service(c, "web", {"app": "web"})
    ann = _ep(c)["metadata"]["annotations"]
    assert ann["endpoints.kubernetes.io/last-change-trigger-time"] == svc["metadata"]["creationTimestamp"]


def test_labels_are_copied_from_the_service():
    c = make_cluster()
    c.api.create("services", {"metadata": {"name": "web", "labels": {"tier": "front"}},
                              "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}}, "default")
    c.settle()
    assert _ep(c)["metadata"]["labels"] == {"tier": "front"}


def test_nothing_is_written_when_an_unrelated_pod_field_changes():
    c = make_cluster()
    run_pod(c, "web-a", {"app": "web"})
    make_service(c, "web", {"app": "web"})
    rv = _ep(c)["metadata"]["resourceVersion"]
    pod = dict(c.api.get("pods", "web-a", "default"))
    pod = {**pod, "metadata": {**pod["metadata"], "annotations": {"note": "x"}}}
    c.api.update("pods", pod)
    c.settle()
    assert _ep(c)["metadata"]["resourceVersion"] == rv


def test_more_than_1000_addresses_are_truncated_and_annotated_endpoints_controller_go():
    from clusters.controllers.endpoints.endpoints_controller import truncate
    subsets = [{"addresses": [{"ip": f"10.0.{i // 250}.{i % 250}"} for i in range(1200)], "ports": [{"port": 80, "protocol": "TCP"}]}]
    assert truncate(subsets) is True
    assert len(subsets[0]["addresses"]) == MAX_CAPACITY
    subsets = [{"addresses": [{"ip": "a"}] * 900, "notReadyAddresses": [{"ip": "b"}] * 300}]
    assert truncate(subsets) is True
    assert len(subsets[0]["addresses"]) == 900 and len(subsets[0]["notReadyAddresses"]) == 100


def test_over_capacity_annotation_set_through_the_controller():
    c = make_cluster(nodes=1)
    ctrl = c.controllers["endpoint-controller"]
    from clusters.controllers.endpoints import endpoints_controller as mod
    saved = mod.MAX_CAPACITY
    mod.MAX_CAPACITY = 2
    try:
        for i in range(3):
            run_pod(c, f"web-{i}", {"app": "web"})
        make_service(c, "web", {"app": "web"})
        ep = _ep(c)
        assert ep["metadata"]["annotations"]["endpoints.kubernetes.io/over-capacity"] == "truncated"
        assert len(ep["subsets"][0]["addresses"]) == 2
        c.api.delete("pods", "web-2", "default", grace_period=0)
        c.settle()
        ctrl.sync("default/web")
        assert "endpoints.kubernetes.io/over-capacity" not in _ep(c)["metadata"]["annotations"]
    finally:
        mod.MAX_CAPACITY = saved


def test_deleting_the_service_deletes_its_endpoints():
    c = make_cluster()
    make_service(c, "web", {"app": "web"})
    assert _ep(c) is not None
    c.api.delete("services", "web", "default")
    c.settle()
    assert _ep(c) is None
    assert c.bugs == []
