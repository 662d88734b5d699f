"""kube-apiserver puts the `kubernetes` Service and its endpoints back within its 10 s
interval (pkg/controlplane/controller/kubernetesservice/controller.go)."""
from clusters import Cluster


def test_a_deleted_kubernetes_service_comes_back_within_ten_seconds():
    c = Cluster(seed=2)
    assert c.run("kubectl delete svc kubernetes").text == 'service "kubernetes" deleted\n'
    assert "NotFound" in c.run("kubectl get svc kubernetes").text
    c.advance(10)
    out = c.run("kubectl get svc kubernetes").text
    assert out.splitlines()[1].split()[:3] == ["kubernetes", "ClusterIP", "10.96.0.1"]
    c.run("kubectl delete endpoints kubernetes")
    c.advance(10)
    assert c.run("kubectl get endpoints kubernetes -o jsonpath={.subsets[0].ports[0].port}").text == "6443"


def test_an_untouched_cluster_schedules_nothing_for_it():
    c = Cluster(seed=2)
    assert c.controllers is not None
    svc = c.api.get("services", "kubernetes", "default")
    c.advance(60)
    assert c.api.get("services", "kubernetes", "default")["metadata"]["resourceVersion"] == svc["metadata"]["resourceVersion"]
