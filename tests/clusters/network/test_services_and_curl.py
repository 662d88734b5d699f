"""A Service routes to its ready endpoints, as kube-proxy does (pkg/proxy), and curl says so."""
from clusters.network import clients, http, services
from tests.clusters.network.netfactories import ensure_dns, make_cluster, make_service, run_pod, set_status


def _client(c):
    return run_pod(c, "client", {"role": "client"}, image="curlimages/curl:8.11.1", node="node-2")


def test_curl_to_a_service_shows_the_nginx_welcome_page():
    c = make_cluster()
    ensure_dns(c)
    run_pod(c, "web-a", {"app": "web"})
    make_service(c, "web", {"app": "web"})
    code, out = clients.http_get(c, _client(c), "http://web")
    assert code == 0
    assert out == http.NGINX_INDEX
    assert "<title>Welcome to nginx!</title>" in out
    assert c.bugs == []


def test_curl_to_a_service_with_no_ready_endpoints_is_refused_kube_proxy_reject():
    c = make_cluster()
    ensure_dns(c)
    run_pod(c, "web-a", {"app": "web"}, ready=False)
    make_service(c, "web", {"app": "web"})
    code, out = clients.http_get(c, _client(c), "http://web")
    assert code == 7
    assert out.startswith("curl: (7) Failed to connect to web port 80 after ")
    assert out.endswith(" ms: Couldn't connect to server\n")
    set_status(c, "web-a", ready=True)
    assert clients.http_get(c, _client_get(c), "http://web")[0] == 0


def _client_get(c):
    return c.api.get("pods", "client", "default")


def test_an_unknown_name_cannot_be_resolved():
    c = make_cluster()
    ensure_dns(c)
    assert clients.http_get(c, _client(c), "http://nosuch") == (6, "curl: (6) Could not resolve host: nosuch\n")


def test_a_wrong_target_port_is_refused_by_the_pod():
    c = make_cluster()
    ensure_dns(c)
    run_pod(c, "web-a", {"app": "web"})
    make_service(c, "web", {"app": "web"}, ports=[{"port": 80, "targetPort": 8080}])
    code, out = clients.http_get(c, _client(c), "http://web")
    assert code == 7 and "Couldn't connect to server" in out


def test_a_port_the_service_does_not_expose_times_out_after_the_syn_retries():
    c = make_cluster()
    ensure_dns(c)
    run_pod(c, "web-a", {"app": "web"})
    make_service(c, "web", {"app": "web"})
    r = clients.curl(c, _client(c), ["http://web:8080"])
    assert r.exit_code == 28
    assert r.stderr.startswith("curl: (28) Failed to connect to web port 8080 after 1")
    assert 129 <= r.elapsed <= 136
    r = clients.curl(c, _client_get(c), ["-m", "5", "http://web:8080"])
    assert r.stderr.startswith("curl: (28) Connection timed out after 500")


def test_silent_curl_prints_nothing_on_error_unless_show_error():
    c = make_cluster()
    ensure_dns(c)
    client = _client(c)
    assert clients.curl(c, client, ["-s", "http://nosuch"]) == (6, "", "", 0.0)
    assert clients.curl(c, client, ["-sS", "http://nosuch"]).stderr == "curl: (6) Could not resolve host: nosuch\n"


def test_write_out_http_code_and_404_from_nginx():
    c = make_cluster()
    ensure_dns(c)
    run_pod(c, "web-a", {"app": "web"})
    make_service(c, "web", {"app": "web"})
    r = clients.curl(c, _client(c), ["-s", "-o", "/dev/null", "-w", "%{http_code}", "http://web/missing"])
    assert r.stdout == "404"
    r = clients.curl(c, _client_get(c), ["-I", "http://web"])
    assert r.stdout.startswith("HTTP/1.1 200 OK\r\nServer: nginx/1.27")


def test_backends_are_picked_among_ready_endpoints_only():
    c = make_cluster()
    ensure_dns(c)
    for i in range(3):
        run_pod(c, f"who-{i}", {"app": "who"}, image="traefik/whoami", ready=(i != 1))
    make_service(c, "who", {"app": "who"})
    client = _client(c)
    seen = set()
    for _ in range(30):
        code, out = clients.http_get(c, client, "http://who")
        assert code == 0
        seen.add(out.splitlines()[0])
    assert seen == {"Hostname: who-0", "Hostname: who-2"}


def test_the_console_host_reaches_nodeports_but_not_cluster_ips():
    c = make_cluster()
    run_pod(c, "web-a", {"app": "web"})
    svc = make_service(c, "web", {"app": "web"}, type="NodePort")
    node = c.api.get("nodes", "node-1")
    ip = services.node_ip(node)
    if ip is not None:
        code, out = clients.http_get(c, None, f"http://{ip}:{svc['spec']['ports'][0]['nodePort']}")
        assert code == 0 and "Welcome to nginx!" in out
    r = clients.curl(c, None, ["--connect-timeout", "3", f"http://{svc['spec']['clusterIP']}"])
    assert r.exit_code == 28 and "Timeout was reached" in r.stderr
    assert clients.http_get(c, None, "http://web")[0] == 6


def test_load_balancer_external_ip_stays_pending():
    c = make_cluster()
    svc = make_service(c, "web", {"app": "web"}, type="LoadBalancer")
    assert services.external_ip(svc) == "<pending>"


def test_route_falls_back_to_serving_terminating_endpoints():
    b = [services.Backend("10.244.1.2", 80, "default", "a", "node-1", False, True, True),
         services.Backend("10.244.1.3", 80, "default", "b", "node-1", False, False, False)]
    assert [x.pod for x in services.routable(b)] == ["a"]


def test_busybox_wget_prints_like_the_hpa_walkthrough_load_generator():
    c = make_cluster()
    ensure_dns(c)
    run_pod(c, "php-apache-1", {"run": "php-apache"}, image="registry.k8s.io/hpa-example")
    make_service(c, "php-apache", {"run": "php-apache"})
    gen = run_pod(c, "load-generator", {"run": "load-generator"}, image="busybox:1.28")
    r = clients.wget(c, gen, ["-q", "-O-", "http://php-apache"])
    assert (r.exit_code, r.stdout, r.stderr) == (0, "OK!", "")
    r = clients.wget(c, gen, ["-q", "-O-", "http://nope"])
    assert (r.exit_code, r.stderr) == (1, "wget: bad address 'nope'\n")
