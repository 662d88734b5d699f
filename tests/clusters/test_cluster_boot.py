"""A fresh cluster answers at once, like kubeadm leaves one."""
from clusters import Cluster, ClusterSpec


def test_it_lists_a_control_plane_and_three_ready_workers():
    c = Cluster(ClusterSpec(nodes=3), seed=1)
    out = c.run("kubectl get nodes")
    assert out.exit_code == 0
    lines = out.text.splitlines()
    assert lines[0].split() == ["NAME", "STATUS", "ROLES", "AGE", "VERSION"]
    assert [l.split()[:3] for l in lines[1:]] == [
        ["control-plane", "Ready", "control-plane"], ["node-1", "Ready", "<none>"],
        ["node-2", "Ready", "<none>"], ["node-3", "Ready", "<none>"]]
    assert c.bugs == []


def test_system_namespaces_and_the_kubernetes_service_exist():
    c = Cluster(seed=1)
    assert [n["metadata"]["name"] for n in c.list("namespaces")] == ["default", "kube-node-lease", "kube-public", "kube-system"]
    assert c.get("services", "kubernetes")["spec"]["clusterIP"] == "10.96.0.1"


def test_same_seed_same_cluster_byte_for_byte():
    assert Cluster(seed=7).state_digest() == Cluster(seed=7).state_digest()
    assert Cluster(seed=7).state_digest() != Cluster(seed=8).state_digest()
