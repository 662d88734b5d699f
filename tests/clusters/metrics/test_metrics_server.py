"""metrics.k8s.io readings as metrics-server serves them (kubernetes-sigs/metrics-server, 15 s resolution)."""
import pytest

from clusters import metrics
from clusters.apiserver import errors
from clusters.metrics import load, usage
from tests.clusters.network.netfactories import ensure_dns, make_cluster, make_service, run_pod


def test_pod_metrics_have_the_metrics_server_shape():
    c = make_cluster()
    run_pod(c, "web-a", {"app": "web"})
    c.advance(31)
    [m] = metrics.pod_metrics(c, "default")
    assert m["kind"] == "PodMetrics" and m["apiVersion"] == "metrics.k8s.io/v1beta1"
    assert m["metadata"]["name"] == "web-a" and m["metadata"]["labels"] == {"app": "web"}
    assert m["window"] == "15s"
    assert m["timestamp"] == "2025-06-02T09:00:30Z"
    [ct] = m["containers"]
    assert ct["usage"]["cpu"].endswith("n") and ct["usage"]["memory"].endswith("Ki")


def test_a_new_pod_has_no_metrics_until_its_second_scrape():
    c = make_cluster()
    c.advance(7)
    run_pod(c, "web-a", {"app": "web"})
    c.advance(10)   # t=17: one scrape (15) since the start at 7
    assert metrics.pod_metrics(c, "default") == []
    c.advance(13)   # t=30: second scrape
    assert len(metrics.pod_metrics(c, "default")) == 1


def test_node_metrics_sum_pods_and_overhead_and_skip_not_ready_nodes():
    c = make_cluster(nodes=2)
    run_pod(c, "burn", {"app": "burn"}, node="node-1", annotations={"kubelab.dev/cpu-usage": "300m"})
    c.advance(31)
    by_name = {m["metadata"]["name"]: m for m in metrics.node_metrics(c)}
    # A node's usage is every pod on it, kube-system's too (kube-proxy on each node,
    # coredns and metrics-server where they were scheduled), plus the node's own 40m.
    on_node: dict[str, int] = {}
    for m in metrics.pod_metrics(c):
        node = c.api.get("pods", m["metadata"]["name"], m["metadata"]["namespace"])["spec"]["nodeName"]
        on_node[node] = on_node.get(node, 0) + sum(int(ct["usage"]["cpu"][:-1]) for ct in m["containers"])
    assert on_node["node-1"] > 300 * 1_000_000
    assert by_name["node-1"]["usage"]["cpu"] == f"{on_node['node-1'] + 40 * 1_000_000}n"
    assert by_name["node-2"]["usage"]["cpu"] == f"{on_node['node-2'] + 40 * 1_000_000}n"


def test_broken_apiservice_gives_service_unavailable_like_the_aggregator():
    c = make_cluster()
    c.api.unavailable["metrics.k8s.io/v1beta1"] = "the server is currently unable to handle the request"
    with pytest.raises(errors.StatusError) as e:
        metrics.node_metrics(c)
    assert (e.value.code, e.value.reason) == (503, "ServiceUnavailable")
    assert e.value.message == "the server is currently unable to handle the request (get nodes.metrics.k8s.io)"
    with pytest.raises(errors.StatusError) as e:
        metrics.pod_metrics(c, "default")
    assert e.value.message.endswith("(get pods.metrics.k8s.io)")


def test_cpu_is_capped_at_the_limit_cfs_throttling():
    pod = {"metadata": {"uid": "u", "annotations": {"kubelab.dev/cpu-usage": "2"}}}
    container = {"image": "nginx", "resources": {"limits": {"cpu": "500m"}}}
    assert usage.container_usage(pod, container, 0, 0, 0)[0] == 500_000_000


def test_cpu_burner_burns_what_it_is_told():
    pod = {"metadata": {"uid": "u"}}
    n, _ = usage.container_usage(pod, {"image": "kubelab/cpu-burner", "env": [{"name": "CPU_MILLICORES", "value": "250"}]}, 0, 0, 0)
    assert 245_000_000 <= n <= 255_000_000


def test_sim_load_is_spread_over_ready_endpoints():
    c = make_cluster()
    run_pod(c, "php-1", {"run": "php"}, image="registry.k8s.io/hpa-example")
    run_pod(c, "php-2", {"run": "php"}, image="registry.k8s.io/hpa-example")
    run_pod(c, "php-3", {"run": "php"}, image="registry.k8s.io/hpa-example", ready=False)
    make_service(c, "php", {"run": "php"})
    metrics.set_load(c, "default", "php", 100)
    t = load.Traffic(c)
    assert t.by_pod == {("default", "php-1"): 50.0, ("default", "php-2"): 50.0}


def test_a_wget_loop_pod_is_a_load_generator_hpa_walkthrough():
    c = make_cluster()
    ensure_dns(c)
    run_pod(c, "php-1", {"run": "php-apache"}, image="registry.k8s.io/hpa-example")
    make_service(c, "php-apache", {"run": "php-apache"})
    run_pod(c, "load-generator", {"run": "load-generator"}, image="busybox:1.28", node="node-2",
            command=["/bin/sh", "-c", "while sleep 0.01; do wget -q -O- http://php-apache; done"])
    t = load.Traffic(c)
    assert t.by_service == {"default/php-apache": 100.0}
    assert ("default", "load-generator") in t.generators
    c.advance(31)
    php = next(m for m in metrics.pod_metrics(c, "default") if m["metadata"]["name"] == "php-1")
    cpu_m = int(php["containers"][0]["usage"]["cpu"][:-1]) / 1e6
    assert 680 < cpu_m < 730
