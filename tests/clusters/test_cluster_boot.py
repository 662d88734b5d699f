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


def test_system_namespaces_kind_s_storage_namespace_and_the_kubernetes_service_exist():
    c = Cluster(seed=1)
    assert [n["metadata"]["name"] for n in c.list("namespaces")] == [
        "default", "kube-node-lease", "kube-public", "kube-system", "local-path-storage"]
    assert [n["metadata"]["name"] for n in Cluster(ClusterSpec(addons=False), seed=1).list("namespaces")] == [
        "default", "kube-node-lease", "kube-public", "kube-system"]
    assert c.get("services", "kubernetes")["spec"]["clusterIP"] == "10.96.0.1"


def test_same_seed_same_cluster_byte_for_byte():
    assert Cluster(seed=7).state_digest() == Cluster(seed=7).state_digest()
    assert Cluster(seed=7).state_digest() != Cluster(seed=8).state_digest()


def test_the_apiserver_publishes_kubernetes_endpoints_and_slice_at_the_control_plane_endpointsadapter_go():
    # pkg/controlplane/reconcilers/endpointsadapter.go: Endpoints labelled skip-mirror, a slice named "kubernetes"
    # with only the service-name label (not the endpointslice controller's managed-by), port https 6443.
    c = Cluster(ClusterSpec(nodes=2), seed=1)
    node_ip = c.run("kubectl get node control-plane -o jsonpath={.status.addresses[0].address}").text
    assert c.run("kubectl get endpoints kubernetes").text.splitlines()[1].split()[:2] == ["kubernetes", f"{node_ip}:6443"]
    s = c.api.get("endpointslices", "kubernetes", "default")
    assert s["metadata"]["labels"] == {"kubernetes.io/service-name": "kubernetes"}
    assert s["addressType"] == "IPv4" and s["endpoints"] == [{"addresses": [node_ip], "conditions": {"ready": True}}]
    assert s["ports"] == [{"name": "https", "port": 6443, "protocol": "TCP"}]
    ep = c.api.get("endpoints", "kubernetes", "default")
    assert ep["metadata"]["labels"] == {"endpointslice.kubernetes.io/skip-mirror": "true"}
    c.advance(120)
    assert c.api.get("endpointslices", "kubernetes", "default")["metadata"]["resourceVersion"] == s["metadata"]["resourceVersion"]
    assert c.bugs == []


def test_without_a_control_plane_node_the_kubernetes_endpoint_is_172_18_0_2():
    c = Cluster(ClusterSpec(nodes=1, control_plane=False), seed=1)
    assert c.api.get("endpoints", "kubernetes", "default")["subsets"][0]["addresses"] == [{"ip": "172.18.0.2"}]
