"""Service NodePorts and ExternalName through the API server, as a learner's writes meet them.

Upstream: pkg/registry/core/service/portallocator/allocator.go (ErrNotInRange, ErrAllocated),
pkg/registry/core/service/storage/alloc.go (initNodePorts, updateNodePorts),
pkg/registry/core/service/storage/storage.go (beginUpdate, patchAllocatedValues),
pkg/apis/core/validation/validation.go (ValidateService).
"""
from __future__ import annotations

import pytest

from clusters import Cluster, objects
from clusters.apiserver import errors


@pytest.fixture
def learner():
    return Cluster(seed=7)


def node_port_service(name, node_port=None, port=80):
    p = {"name": "http", "port": port, "protocol": "TCP", "targetPort": port}
    if node_port is not None:
        p["nodePort"] = node_port
    return {"metadata": {"name": name}, "spec": {"type": "NodePort", "selector": {"app": name}, "ports": [p]}}


def refusal(learner, fn) -> str:
    with pytest.raises(errors.StatusError) as e:
        fn()
    return e.value.message


def test_a_node_port_outside_the_range_is_refused_on_create_allocator_go(learner):
    msg = refusal(learner, lambda: learner.api.create("services", node_port_service("a", 1), "default"))
    assert msg == ('Service "a" is invalid: spec.ports[0].nodePort: Invalid value: 1: provided port is not in the '
                   'valid range. The range of valid ports is 30000-32767')


def test_a_node_port_held_by_another_service_is_refused_on_create_and_update_alloc_go(learner):
    learner.api.create("services", node_port_service("a", 30080), "default")
    msg = refusal(learner, lambda: learner.api.create("services", node_port_service("b", 30080), "default"))
    assert msg == 'Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated'
    b = objects.clone(learner.api.create("services", node_port_service("b"), "default"))
    b["spec"]["ports"][0]["nodePort"] = 30080
    msg = refusal(learner, lambda: learner.api.update("services", b))
    assert msg == 'Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated'


def test_an_update_that_moves_a_node_port_frees_the_old_one_alloc_go_update_node_ports(learner):
    a = objects.clone(learner.api.create("services", node_port_service("a", 30080), "default"))
    a["spec"]["ports"][0]["nodePort"] = 30081
    learner.api.update("services", a)
    assert learner.api.create("services", node_port_service("b", 30080), "default")["spec"]["ports"][0]["nodePort"] == 30080


def test_a_refused_or_dry_run_write_holds_no_port(learner):
    learner.api.create("services", node_port_service("a", 30080), "default", dry_run=True)
    a = objects.clone(learner.api.create("services", node_port_service("a", 30080), "default"))
    a["spec"]["ports"][0]["nodePort"] = 30081
    learner.api.update("services", a, dry_run=True)
    a["spec"]["ports"][0]["nodePort"] = 30082
    a["spec"]["ports"][0]["port"] = 0  # invalid: the update is refused after the allocator looked
    refusal(learner, lambda: learner.api.update("services", a))
    for port in (30081, 30082):
        assert learner.api.create("services", node_port_service(f"p{port}", port), "default")


def test_a_replace_without_the_node_port_keeps_the_allocated_one_storage_go_patch_allocated_values(learner):
    a = objects.clone(learner.api.create("services", node_port_service("a"), "default"))
    given = a["spec"]["ports"][0]["nodePort"]
    del a["spec"]["ports"][0]["nodePort"]
    del a["spec"]["clusterIP"]
    a["spec"].pop("clusterIPs")
    after = learner.api.update("services", a)
    assert after["spec"]["ports"][0]["nodePort"] == given
    assert after["spec"]["clusterIPs"] == [after["spec"]["clusterIP"]]


def test_type_clusterip_to_nodeport_allocates_and_back_releases_alloc_go_txn_update_node_ports(learner):
    learner.run("kubectl create service clusterip web --tcp=80")
    assert learner.run("kubectl patch svc web -p '{\"spec\":{\"type\":\"NodePort\"}}'").text == "service/web patched\n"
    port = int(learner.run("kubectl get svc web -o jsonpath='{.spec.ports[0].nodePort}'").text)
    assert 30000 <= port <= 32767
    assert learner.run("kubectl patch svc web -p '{\"spec\":{\"type\":\"ClusterIP\"}}'").exit_code == 0
    assert learner.run("kubectl get svc web -o jsonpath='{.spec.ports[0].nodePort}'").text == ""
    assert learner.api.create("services", node_port_service("b", port), "default")


def test_an_external_name_must_be_a_dns_subdomain_with_an_optional_trailing_dot_validation_go(learner):
    svc = {"metadata": {"name": "db"}, "spec": {"type": "ExternalName", "externalName": "db.example.com."}}
    assert learner.api.create("services", svc, "default")["spec"]["externalName"] == "db.example.com."
    bad = {"metadata": {"name": "bad"}, "spec": {"type": "ExternalName", "externalName": "DB.example.com."}}
    msg = refusal(learner, lambda: learner.api.create("services", bad, "default"))
    assert msg.startswith('Service "bad" is invalid: spec.externalName: Invalid value: "DB.example.com": '
                          "a lowercase RFC 1123 subdomain must consist of")
    none = {"metadata": {"name": "none"}, "spec": {"type": "ExternalName"}}
    assert refusal(learner, lambda: learner.api.create("services", none, "default")) == \
        'Service "none" is invalid: spec.externalName: Required value'


def test_an_external_name_service_takes_no_cluster_ip_validation_go(learner):
    svc = {"metadata": {"name": "db"}, "spec": {"type": "ExternalName", "externalName": "db.example.com",
                                                "clusterIP": "10.96.200.1", "ipFamilyPolicy": "SingleStack"}}
    assert refusal(learner, lambda: learner.api.create("services", svc, "default")) == (
        'Service "db" is invalid: [spec.clusterIPs: Forbidden: may not be set for ExternalName services, '
        "spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services]")


def test_changing_a_clusterip_service_to_external_name_drops_its_ip_strategy_go(learner):
    learner.run("kubectl create service clusterip web --tcp=80")
    ip = learner.api.get("services", "web", "default")["spec"]["clusterIP"]
    out = learner.run("kubectl patch svc web -p '{\"spec\":{\"type\":\"ExternalName\",\"externalName\":\"db.example.com\"}}'")
    assert out.text == "service/web patched\n"
    spec = learner.api.get("services", "web", "default")["spec"]
    assert "clusterIP" not in spec and "ipFamilies" not in spec
    again = learner.api.create("services", {"metadata": {"name": "x"}, "spec": {"clusterIP": ip, "ports": [{"port": 80}]}},
                               "default")
    assert again["spec"]["clusterIP"] == ip
