"""The HPA scales a Deployment under simulated load (pkg/controller/podautoscaler/horizontal.go,
replica_calculator.go), with the upstream formula, tolerance 0.1, 15 s sync and 300 s downscale stabilisation."""
from clusters import metrics, objects
from tests.clusters.network.netfactories import make_cluster, make_service, run_pod, set_status


class Workload:
    """Keeps a Deployment's pods Running and Ready with IPs.

    Until the Deployment controller and kubelet do it themselves, it also
    creates and deletes the pods spec.replicas asks for, as a ReplicaSet would."""

    def __init__(self, c, name="php-apache", image="registry.k8s.io/hpa-example", requests=None, limits=None, replicas=1):
        self.c, self.name, self.n = c, name, 0
        container = {"name": name, "image": image, "ports": [{"containerPort": 80}],
                     "resources": {"requests": requests if requests is not None else {"cpu": "200m"},
                                   "limits": limits if limits is not None else {"cpu": "500m"}}}
        if requests == {}:
            container["resources"] = {}
        self.container = container
        c.api.create("deployments", {"metadata": {"name": name}, "spec": {
            "replicas": replicas, "selector": {"matchLabels": {"run": name}},
            "template": {"metadata": {"labels": {"run": name}}, "spec": {"containers": [container]}}}}, "default")
        make_service(c, name, {"run": name})
        self.step()

    def pods(self):
        sel = objects.parse_selector(f"run={self.name}")
        return [p for p in self.c.api.list("pods", "default", sel) if not p["metadata"].get("deletionTimestamp")]

    def step(self):
        c = self.c
        want = c.api.get("deployments", self.name, "default")["spec"]["replicas"]
        pods = self.pods()
        if "deployment-controller" not in c.controllers:
            while len(pods) < want:
                self.n += 1
                node = f"node-{self.n % 3 + 1}"
                run_pod(c, f"{self.name}-{self.n}", {"run": self.name}, node=node, image=self.container["image"],
                        ports=[{"containerPort": 80}], requests=(self.container.get("resources") or {}).get("requests"),
                        limits=(self.container.get("resources") or {}).get("limits"), container_name=self.name)
                p = objects.clone(c.api.get("pods", f"{self.name}-{self.n}", "default"))
                pods = self.pods()
            for p in pods[want:]:
                c.api.delete("pods", p["metadata"]["name"], "default", grace_period=0)
            c.settle()
        for p in self.pods():
            ready = any(x["type"] == "Ready" and x["status"] == "True" for x in p["status"].get("conditions") or [])
            if p["spec"].get("nodeName") and (not ready or not p["status"].get("podIP")):
                set_status(c, p["metadata"]["name"], ready=True, ip=p["status"].get("podIP") or f"10.244.9.{len(p['metadata']['name'])}")

    def run(self, seconds, step=5):
        for _ in range(int(seconds // step)):
            self.c.advance(step)
            self.step()

    def replicas(self):
        return self.c.api.get("deployments", self.name, "default")["spec"]["replicas"]


def make_hpa(c, name="php-apache", min_replicas=1, max_replicas=10, target=50, behavior=None):
    spec = {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": name},
            "minReplicas": min_replicas, "maxReplicas": max_replicas,
            "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": target}}}]}
    if behavior is not None:
        spec["behavior"] = behavior
    c.api.create("horizontalpodautoscalers", {"metadata": {"name": name}, "spec": spec}, "default")
    c.settle()


def hpa(c, name="php-apache"):
    return c.api.get("horizontalpodautoscalers", name, "default")


def cond(h, type_):
    return next(x for x in h["status"]["conditions"] if x["type"] == type_)


def events(c, reason):
    return [e["message"] for e in c.api.list("events", "default") if e["reason"] == reason]


def test_first_reconcile_waits_one_15s_sync_period_and_idle_hpa_is_limited_by_min_replicas_horizontal_go():
    c = make_cluster(nodes=3)
    w = Workload(c)
    w.run(60)
    for p in w.pods():  # a truly idle pod: 0m
        q = objects.clone(p)
        q["metadata"].setdefault("annotations", {})["kubelab.dev/cpu-usage"] = "0"
        c.api.update("pods", q)
    make_hpa(c)
    c.advance(14)
    assert not hpa(c).get("status", {}).get("conditions")
    c.advance(1)
    h = hpa(c)
    # Idle: 0 % asks for 0 replicas, held at 1 by the initial recommendation for 300 s...
    assert cond(h, "AbleToScale")["reason"] == "ScaleDownStabilized"
    assert h["status"]["currentMetrics"][0]["resource"]["current"]["averageUtilization"] == 0
    c.advance(320)
    # ...then by minReplicas, as an idle HPA shows in kubectl describe.
    limited = cond(hpa(c), "ScalingLimited")
    assert (limited["status"], limited["reason"]) == ("True", "TooFewReplicas")
    assert cond(hpa(c), "AbleToScale")["reason"] == "ReadyForNewScale"
    assert c.bugs == []


def test_scales_up_under_load_and_down_only_after_300s_stabilisation_horizontal_go():
    c = make_cluster(nodes=3)
    w = Workload(c)
    w.run(60)
    make_hpa(c)
    w.run(30)
    assert w.replicas() == 1
    # One wget loop's worth of traffic: ~700m of demand, 500m limit on one pod -> 250 %.
    metrics.set_load(c, "default", "php-apache", 100)
    w.run(15)
    # ceil(1 × 250/50) = 5, but one step may at most reach max(2×1, 4) = 4.
    assert w.replicas() == 4
    assert cond(hpa(c), "ScalingLimited")["reason"] == "ScaleUpLimit"
    assert events(c, "SuccessfulRescale")[0] == "New size: 4; reason: cpu resource utilization (percentage of request) above target"
    w.run(60)
    # 700m of demand over 200m requests at a 50 % target: 7 pods, give or take the readings' wobble.
    n = w.replicas()
    assert n in (7, 8)
    h = hpa(c)
    assert h["status"]["desiredReplicas"] == n and h["status"]["currentReplicas"] == n
    assert h["status"].get("lastScaleTime")
    w.run(120)
    assert w.replicas() >= 7
    n = w.replicas()
    metrics.set_load(c, "default", "php-apache", 0)
    stopped = c.now
    while c.now - stopped < 285:
        w.run(15)
        assert w.replicas() == n, f"scaled down {c.now - stopped:.0f}s after the load stopped"
    assert cond(hpa(c), "AbleToScale")["reason"] == "ScaleDownStabilized"
    w.run(45)
    assert w.replicas() == 1
    assert events(c, "SuccessfulRescale")[-1] == "New size: 1; reason: All metrics below target"
    assert c.bugs == []


def test_tolerance_keeps_the_size_within_ten_percent_replica_calculator_go():
    c = make_cluster(nodes=3)
    w = Workload(c, replicas=2)
    w.run(60)
    # 2 pods at 109 % of a 100 % target: |1 - 1.09| <= 0.1, no change.
    for p in w.pods():
        q = objects.clone(p)
        q["metadata"].setdefault("annotations", {})["kubelab.dev/cpu-usage"] = "218m"
        c.api.update("pods", q)
    make_hpa(c, target=100)
    w.run(60)
    assert w.replicas() == 2
    assert cond(hpa(c), "ScalingActive")["reason"] == "ValidMetricFound"
    for p in w.pods():
        q = objects.clone(p)
        q["metadata"]["annotations"]["kubelab.dev/cpu-usage"] = "224m"
        c.api.update("pods", q)
    w.run(30)
    # 112 %: ceil(2 × 1.12) = 3.
    assert w.replicas() == 3


def test_unavailable_metrics_api_gives_failed_get_resource_metric():
    c = make_cluster(nodes=3)
    w = Workload(c)
    w.run(60)
    c.api.unavailable["metrics.k8s.io/v1beta1"] = "the server is currently unable to handle the request"
    make_hpa(c)
    w.run(20)
    h = hpa(c)
    sa = cond(h, "ScalingActive")
    assert (sa["status"], sa["reason"]) == ("False", "FailedGetResourceMetric")
    assert sa["message"] == ("the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get "
                             "metrics for resource cpu: unable to fetch metrics from resource metrics API: the server is "
                             "currently unable to handle the request (get pods.metrics.k8s.io)")
    assert h["status"]["currentMetrics"] == [{"type": ""}]
    assert events(c, "FailedGetResourceMetric")[0].startswith("failed to get cpu utilization: unable to get metrics")
    assert events(c, "FailedComputeMetricsReplicas")[0].startswith(
        "invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: failed to get cpu utilization:")


def test_missing_cpu_request_is_reported_with_the_container_and_pod():
    c = make_cluster(nodes=3)
    w = Workload(c, requests={}, limits={})
    w.run(60)
    make_hpa(c)
    w.run(20)
    pod = w.pods()[0]["metadata"]["name"]
    sa = cond(hpa(c), "ScalingActive")
    assert sa["message"] == f"the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container php-apache of Pod {pod}"


def test_new_pods_without_metrics_yet_are_reported():
    c = make_cluster(nodes=3)
    c.advance(10)
    w = Workload(c)
    make_hpa(c)
    w.run(15)
    sa = cond(hpa(c), "ScalingActive")
    # metrics-server has no reading for a pod until its second scrape.
    assert sa["message"].endswith("unable to get metrics for resource cpu: no metrics returned from resource metrics API")


def test_a_missing_target_gives_failed_get_scale():
    c = make_cluster(nodes=1)
    make_hpa(c, name="ghost")
    c.advance(15)
    a = cond(hpa(c, "ghost"), "AbleToScale")
    assert (a["status"], a["reason"]) == ("False", "FailedGetScale")
    assert a["message"] == 'the HPA controller was unable to get the target\'s current scale: deployments.apps "ghost" not found'


def test_replicas_above_max_are_brought_down_at_once():
    c = make_cluster(nodes=3)
    w = Workload(c, replicas=5)
    w.run(60)
    make_hpa(c, max_replicas=3)
    w.run(20)
    assert w.replicas() == 3
    assert events(c, "SuccessfulRescale") == ["New size: 3; reason: Current number of replicas above Spec.MaxReplicas"]


def test_behavior_defaults_scale_up_by_max_of_4_pods_or_100_percent_per_15s_defaults_go():
    c = make_cluster(nodes=3)
    w = Workload(c, limits={})
    w.run(60)
    for p in w.pods():
        q = objects.clone(p)
        q["metadata"].setdefault("annotations", {})["kubelab.dev/cpu-usage"] = "2"
        c.api.update("pods", q)
    make_hpa(c, max_replicas=20, behavior={"scaleDown": {"stabilizationWindowSeconds": 60}})
    w.run(15)
    # 2000m / 200m = 1000 % of a 50 % target: 20 wanted; +4 pods per 15 s from 1.
    assert w.replicas() == 5
    assert cond(hpa(c), "ScalingLimited")["reason"] == "ScaleUpLimit"


def test_a_cluster_with_an_hpa_survives_a_snapshot_and_keeps_its_history():
    from clusters import Cluster
    c = make_cluster(nodes=3)
    w = Workload(c)
    w.run(60)
    make_hpa(c)
    metrics.set_load(c, "default", "php-apache", 100)
    w.run(30)
    c2 = Cluster.restore(c.snapshot())
    assert c2.controllers["horizontal-pod-autoscaler"].recommendations == c.controllers["horizontal-pod-autoscaler"].recommendations
    assert c2.state_digest() == c.state_digest()
    c.advance(60)
    c2.advance(60)
    assert c2.state_digest() == c.state_digest()
