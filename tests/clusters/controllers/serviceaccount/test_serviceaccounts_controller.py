"""The default ServiceAccount and the kube-root-ca.crt ConfigMap in every namespace
(pkg/controller/serviceaccount/serviceaccounts_controller.go,
pkg/controller/certificates/rootcacertpublisher/publisher.go)."""
from clusters import Cluster, ClusterSpec, objects
from clusters.controllers.rootcacertpublisher.publisher import DESCRIPTION


def test_every_namespace_has_a_default_service_account_recreated_if_deleted():
    c = Cluster(ClusterSpec(nodes=1, settle=0), seed=2)
    for ns in ("default", "kube-system", "kube-public", "kube-node-lease"):
        assert c.get("serviceaccounts", "default", ns) is not None
    c.run("kubectl create namespace dev")
    assert c.get("serviceaccounts", "default", "dev") is not None
    c.api.delete("serviceaccounts", "default", "dev")
    c.settle()
    assert c.get("serviceaccounts", "default", "dev") is not None
    assert c.bugs == []


def test_every_namespace_has_the_root_ca_config_map_restored_if_changed():
    c = Cluster(ClusterSpec(nodes=1, settle=0), seed=2)
    c.run("kubectl create namespace dev")
    cm = c.get("configmaps", "kube-root-ca.crt", "dev")
    assert cm["metadata"]["annotations"]["kubernetes.io/description"] == DESCRIPTION
    pem = cm["data"]["ca.crt"]
    assert pem.startswith("-----BEGIN CERTIFICATE-----\n") and pem.endswith("-----END CERTIFICATE-----\n")
    edited = objects.clone(cm)
    edited["data"]["ca.crt"] = "tampered"
    c.api.update("configmaps", edited)
    c.settle()
    assert c.get("configmaps", "kube-root-ca.crt", "dev")["data"]["ca.crt"] == pem
    assert Cluster(ClusterSpec(nodes=1, settle=0), seed=2).get("configmaps", "kube-root-ca.crt", "default")["data"]["ca.crt"] == pem
    assert c.bugs == []
