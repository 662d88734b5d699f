"""EndpointSlices per Service (pkg/controller/endpointslice, staging/src/k8s.io/endpointslice)."""
from clusters import objects
from clusters.controllers.endpointslice import reconciler
from tests.clusters.network.netfactories import make_cluster, make_service, run_pod, set_status


def _slices(c, svc="web", ns="default"):
    return c.list("endpointslices", ns, f"kubernetes.io/service-name={svc}")


def test_a_slice_names_the_service_and_its_manager_reconciler_go():
    c = make_cluster()
    pod = run_pod(c, "web-a", {"app": "web"}, node="node-2")
    svc = make_service(c, "web", {"app": "web"})
    [s] = _slices(c)
    m = s["metadata"]
    assert m["name"].startswith("web-") and len(m["name"]) == len("web-") + 5
    assert m["generateName"] == "web-"
    assert m["labels"] == {"kubernetes.io/service-name": "web",
                           "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io"}
    assert m["ownerReferences"] == [{"apiVersion": "v1", "kind": "Service", "name": "web", "uid": svc["metadata"]["uid"],
                                     "controller": True, "blockOwnerDeletion": True}]
    assert s["addressType"] == "IPv4"
    assert s["ports"] == [{"name": "", "port": 80, "protocol": "TCP"}]
    assert s["endpoints"] == [{
        "addresses": [pod["status"]["podIP"]],
        "conditions": {"ready": True, "serving": True, "terminating": False},
        "targetRef": {"kind": "Pod", "namespace": "default", "name": "web-a", "uid": pod["metadata"]["uid"]},
        "nodeName": "node-2"}]
    assert m["annotations"]["endpoints.kubernetes.io/last-change-trigger-time"]
    assert c.bugs == []


def test_a_service_with_no_pods_gets_one_placeholder_slice():
    c = make_cluster()
    make_service(c, "web", {"app": "web"})
    [s] = _slices(c)
    assert s["endpoints"] is None and s["ports"] is None
    # Reconciling again changes nothing.
    rv = s["metadata"]["resourceVersion"]
    c.controllers["endpointslice-controller"].sync("default/web")
    assert _slices(c)[0]["metadata"]["resourceVersion"] == rv


def test_the_placeholder_is_reused_when_the_first_pod_arrives():
    c = make_cluster()
    make_service(c, "web", {"app": "web"})
    [placeholder] = _slices(c)
    run_pod(c, "web-a", {"app": "web"})
    [s] = _slices(c)
    assert s["metadata"]["name"] == placeholder["metadata"]["name"]
    assert len(s["endpoints"]) == 1


def test_unready_pods_stay_with_ready_false_and_serving_false():
    c = make_cluster()
    make_service(c, "web", {"app": "web"})
    run_pod(c, "web-a", {"app": "web"}, ready=False)
    [s] = _slices(c)
    assert s["endpoints"][0]["conditions"] == {"ready": False, "serving": False, "terminating": False}
    set_status(c, "web-a", ready=True)
    assert _slices(c)[0]["endpoints"][0]["conditions"]["ready"] is True


def test_terminating_pod_is_serving_but_not_ready_utils_go_pod_to_endpoint():
    pod = {"metadata": {"name": "p", "namespace": "default", "uid": "u", "deletionTimestamp": "2025-06-02T09:00:00Z"},
           "spec": {"nodeName": "node-1"},
           "status": {"phase": "Running", "podIP": "10.244.1.2", "conditions": [{"type": "Ready", "status": "True"}]}}
    svc = {"metadata": {"name": "web", "namespace": "default"}, "spec": {"clusterIP": "10.96.0.5"}}
    assert reconciler.pod_to_endpoint(pod, None, svc)["conditions"] == {"ready": False, "serving": True, "terminating": True}
    svc["spec"]["publishNotReadyAddresses"] = True
    assert reconciler.pod_to_endpoint(pod, None, svc)["conditions"]["ready"] is True


def test_zone_comes_from_the_node_topology_label():
    pod = {"metadata": {"name": "p", "namespace": "default", "uid": "u"}, "spec": {"nodeName": "node-1"},
           "status": {"phase": "Running", "podIP": "10.244.1.2"}}
    node = {"metadata": {"labels": {"topology.kubernetes.io/zone": "zone-a"}}}
    svc = {"metadata": {"name": "web", "namespace": "default"}, "spec": {"clusterIP": "10.96.0.5"}}
    assert reconciler.pod_to_endpoint(pod, node, svc)["zone"] == "zone-a"


def _fake_pods(n):
    return [{"metadata": {"name": f"web-{i}", "namespace": "default", "uid": f"u{i}"},
             "spec": {"nodeName": "node-1"},
             "status": {"phase": "Running", "podIP": f"10.244.{i // 200}.{i % 200 + 2}",
                        "conditions": [{"type": "Ready", "status": "True"}]}} for i in range(n)]


_SVC = {"metadata": {"name": "web", "namespace": "default", "uid": "svc-uid"},
        "spec": {"clusterIP": "10.96.0.5", "selector": {"app": "web"}, "ports": [{"port": 80, "targetPort": 80, "protocol": "TCP"}]}}


def test_250_endpoints_make_three_slices_of_at_most_100_max_endpoints_per_slice():
    plan = reconciler.reconcile(_SVC, _fake_pods(250), [], {}, 100)
    assert sorted(len(s["endpoints"]) for s in plan.create) == [50, 100, 100]
    assert plan.update == [] and plan.delete == []


def test_removing_endpoints_updates_slices_in_place_and_deletes_empty_ones():
    created = reconciler.reconcile(_SVC, _fake_pods(150), [], {}, 100).create
    for i, s in enumerate(created):
        s["metadata"]["name"] = f"web-{i}"
    small = next(s for s in created if len(s["endpoints"]) == 50)
    gone = {ep["targetRef"]["name"] for ep in small["endpoints"]}
    plan = reconciler.reconcile(_SVC, [p for p in _fake_pods(150) if p["metadata"]["name"] not in gone], created, {}, 100)
    assert plan.create == [] and plan.update == []
    assert [s["metadata"]["name"] for s in plan.delete] == [small["metadata"]["name"]]
    # Removing one more pod updates its slice in place.
    keep = [p for p in _fake_pods(150) if p["metadata"]["name"] not in gone][1:]
    plan = reconciler.reconcile(_SVC, keep, [s for s in created if s is not small], {}, 100)
    assert len(plan.update) == 1 and len(plan.update[0]["endpoints"]) == 99 and plan.delete == []


def test_new_endpoints_fill_the_unchanged_slice_closest_to_full_get_slice_to_fill():
    pods = _fake_pods(130)
    created = reconciler.reconcile(_SVC, pods[:120], [], {}, 100).create
    for i, s in enumerate(created):
        s["metadata"]["name"] = f"web-{i}"
    plan = reconciler.reconcile(_SVC, pods, created, {}, 100)
    assert plan.create == []
    [upd] = plan.update
    assert upd["metadata"]["name"] == "web-1" and len(upd["endpoints"]) == 30


def test_a_real_cluster_splits_slices_at_the_controller_limit():
    c = make_cluster()
    c.controllers["endpointslice-controller"].max_endpoints_per_slice = 2
    make_service(c, "web", {"app": "web"})
    for i in range(5):
        run_pod(c, f"web-{i}", {"app": "web"})
    slices = _slices(c)
    assert sorted(len(s["endpoints"]) for s in slices) == [1, 2, 2]
    names = sorted(ep["targetRef"]["name"] for s in slices for ep in s["endpoints"])
    assert names == [f"web-{i}" for i in range(5)]
    assert c.bugs == []


def test_headless_service_slices_carry_the_headless_label():
    c = make_cluster()
    make_service(c, "db", {"app": "db"}, clusterIP="None")
    assert _slices(c, "db")[0]["metadata"]["labels"]["service.kubernetes.io/headless"] == ""


def test_kube_dns_has_a_slice_for_its_three_ports_once_coredns_runs():
    c = make_cluster()
    run_pod(c, "coredns-x", {"k8s-app": "kube-dns"}, "kube-system",
            ports=[{"containerPort": 53, "name": "dns", "protocol": "UDP"},
                   {"containerPort": 53, "name": "dns-tcp", "protocol": "TCP"},
                   {"containerPort": 9153, "name": "metrics", "protocol": "TCP"}])
    slices = [s for s in _slices(c, "kube-dns", "kube-system") if s.get("endpoints")]
    names = {p["name"] for s in slices for p in s["ports"]}
    assert names == {"dns", "dns-tcp", "metrics"}
    assert c.bugs == []
