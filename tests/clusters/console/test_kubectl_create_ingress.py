"""kubectl create ingress on a live cluster: what the learner's rules route to (create_ingress.go, describe.go
IngressDescriber). Byte-for-byte cases against kubectl 1.32 are in golden/ingress.golden."""
from __future__ import annotations

import pytest

from clusters import Cluster


@pytest.fixture
def learner():
    c = Cluster(seed=5)
    c.run("kubectl create deployment web --image=nginx --replicas=2 --port=80")
    c.run("kubectl expose deployment web --port=80")
    c.run("sleep 30")
    return c


def test_it_routes_a_host_and_path_to_the_service_endpoints_describe_go(learner):
    out = learner.run('kubectl create ingress web --class=nginx --rule="shop.example.com/cart*=web:80,tls=shop-tls"')
    assert out.text == "ingress.networking.k8s.io/web created\n"
    d = learner.run("kubectl describe ingress web").text
    ips = sorted(p["status"]["podIP"] for p in learner.api.list("pods", "default"))
    assert "  shop-tls terminates shop.example.com\n" in d
    line = next(l for l in d.splitlines() if l.strip().startswith("/cart"))
    assert "web:80 (" in line and all(f"{ip}:80" in line for ip in ips)
    assert learner.run("kubectl get ing web").text.splitlines()[1].split()[:4] == ["web", "nginx", "shop.example.com", "80,"]


def test_a_backend_service_that_does_not_exist_is_named_in_describe(learner):
    learner.run('kubectl create ingress api --rule="/api=api:http"')
    assert '/api   api:http (<error: services "api" not found>)' in learner.run("kubectl describe ing api").text


def test_a_second_create_is_a_plain_error_as_create_ingress_go_wraps_it(learner):
    learner.run("kubectl create ingress web --rule=/=web:80")
    out = learner.run("kubectl create ingress web --rule=/=web:80")
    assert (out.text, out.exit_code) == (
        'error: failed to create ingress: ingresses.networking.k8s.io "web" already exists\n', 1)


def test_a_rule_without_a_port_is_refused_before_anything_is_sent(learner):
    out = learner.run('kubectl create ingress bad --rule="foo.com/=svc"')
    assert (out.text, out.exit_code) == (
        "error: rule foo.com/=svc is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]\n", 1)
    assert learner.api.list("ingresses", "default") == []
