"""CoreDNS answers (coredns plugin/kubernetes) through a pod's resolv.conf search path."""
from clusters.network import dns
from tests.clusters.network.netfactories import ensure_dns, make_cluster, make_service, run_pod


def _client(c, ns="default", image="registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3"):
    if c.api.try_get("namespaces", ns) is None:
        c.api.create("namespaces", {"metadata": {"name": ns}})
    return run_pod(c, "dnsutils", {"app": "dnsutils"}, ns, image=image, node="node-2")


def test_a_short_name_resolves_through_the_pods_namespace_search_path():
    c = make_cluster()
    ensure_dns(c)
    svc = make_service(c, "web", {"app": "web"})
    a = dns.resolve(c, _client(c), "web")
    assert a.rcode == "NOERROR"
    assert a.name == "web.default.svc.cluster.local"
    assert a.addresses == (svc["spec"]["clusterIP"],)


def test_nslookup_prints_like_bind_dnsutils():
    c = make_cluster()
    ensure_dns(c)
    client = _client(c)
    assert dns.nslookup(c, client, "kubernetes.default") == (0,
        "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n"
        "Name:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n\n")


def test_nslookup_nxdomain():
    c = make_cluster()
    ensure_dns(c)
    assert dns.nslookup(c, _client(c), "nosuch") == (1,
        "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n** server can't find nosuch: NXDOMAIN\n\n")


def test_old_busybox_nslookup_format():
    c = make_cluster()
    ensure_dns(c)
    client = _client(c, image="busybox:1.28")
    code, out = dns.nslookup(c, client, "kubernetes.default")
    assert code == 0
    assert out == ("Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n"
                   "Name:      kubernetes.default\nAddress 1: 10.96.0.1 kubernetes.default.svc.cluster.local\n")
    assert dns.nslookup(c, client, "nosuch")[1].endswith("nslookup: can't resolve 'nosuch'\n")


def test_other_namespace_needs_the_namespace_in_the_name():
    c = make_cluster()
    ensure_dns(c)
    c.api.create("namespaces", {"metadata": {"name": "shop"}})
    svc = make_service(c, "cart", {"app": "cart"}, "shop")
    client = _client(c)
    assert dns.resolve(c, client, "cart").rcode == "NXDOMAIN"
    assert dns.resolve(c, client, "cart.shop").addresses == (svc["spec"]["clusterIP"],)
    assert dns.resolve(c, client, "cart.shop.svc.cluster.local.").name == "cart.shop.svc.cluster.local"


def test_headless_service_resolves_to_ready_pod_ips():
    c = make_cluster()
    ensure_dns(c)
    a = run_pod(c, "db-0", {"app": "db"}, hostname="db-0", subdomain="db")
    run_pod(c, "db-1", {"app": "db"}, hostname="db-1", subdomain="db", ready=False)
    make_service(c, "db", {"app": "db"}, clusterIP="None")
    client = _client(c)
    assert dns.resolve(c, client, "db").addresses == (a["status"]["podIP"],)
    assert dns.resolve(c, client, "db-0.db").addresses == (a["status"]["podIP"],)
    assert dns.resolve(c, client, "db-1.db").rcode == "NXDOMAIN"


def test_headless_service_without_ready_endpoints_has_no_answer():
    c = make_cluster()
    ensure_dns(c)
    make_service(c, "db", {"app": "db"}, clusterIP="None")
    client = _client(c)
    assert dns.resolve(c, client, "db").rcode == "NODATA"
    code, out = dns.nslookup(c, client, "db")
    assert code == 1 and "*** Can't find db.default.svc.cluster.local: No answer" in out


def test_pod_a_records_in_insecure_mode_corefile_pods_insecure():
    c = make_cluster()
    ensure_dns(c)
    client = _client(c)
    assert dns.resolve(c, client, "10-244-1-7.default.pod.cluster.local").addresses == ("10.244.1.7",)
    assert dns.resolve(c, client, "10-244-1-7.nons.pod.cluster.local").rcode == "NXDOMAIN"


def test_everything_times_out_while_coredns_has_no_ready_endpoint():
    c = make_cluster()
    client = _client(c)
    assert dns.resolve(c, client, "kubernetes").rcode == "TIMEOUT"
    assert dns.nslookup(c, client, "kubernetes") == (1, ";; connection timed out; no servers could be reached\n\n")
    ensure_dns(c)
    assert dns.resolve(c, client, "kubernetes").rcode == "NOERROR"


def test_external_name_service_is_a_cname():
    c = make_cluster()
    ensure_dns(c)
    make_service(c, "db", None, ports=[], type="ExternalName", externalName="db.example.com")
    a = dns.resolve(c, _client(c), "db")
    assert a.cname == "db.example.com"


def test_the_console_host_knows_no_cluster_names():
    c = make_cluster()
    ensure_dns(c)
    assert dns.resolve(c, None, "kubernetes.default.svc.cluster.local").rcode == "NXDOMAIN"
    assert dns.resolve(c, None, "localhost").addresses == ("127.0.0.1",)


def test_search_order_follows_ndots_5():
    s = ["default.svc.cluster.local", "svc.cluster.local", "cluster.local"]
    assert dns.candidates("web", s, 5) == ["web.default.svc.cluster.local", "web.svc.cluster.local", "web.cluster.local", "web"]
    assert dns.candidates("a.b.c.d.e.f", s, 5)[0] == "a.b.c.d.e.f"
    assert dns.candidates("web.", s, 5) == ["web"]


def test_pods_with_dns_policy_default_use_the_nodes_resolver():
    c = make_cluster()
    ensure_dns(c)
    pod = {"metadata": {"name": "x", "namespace": "default"}, "spec": {"dnsPolicy": "Default"}}
    assert dns.resolve(c, pod, "kubernetes").rcode == "NXDOMAIN"
