"""Storage object in-use protection (plugin/pkg/admission/storage/storageobjectinuse/admission.go,
pkg/controller/volume/pvcprotection and pvprotection): a claim a pod uses stays Terminating."""
import pytest

from clusters import Cluster, ClusterSpec
from tests.clusters.volumes import apply, claim, pod


@pytest.fixture
def cluster():
    c = Cluster(ClusterSpec(nodes=2, settle=0), seed=23)
    yield c
    assert c.bugs == []


def test_new_claims_and_volumes_carry_the_protection_finalizers(cluster):
    apply(cluster, claim(), pod())
    cluster.advance(10)
    pvc = cluster.get("persistentvolumeclaims", "data")
    assert pvc["metadata"]["finalizers"] == ["kubernetes.io/pvc-protection"]
    assert cluster.get("persistentvolumes", pvc["spec"]["volumeName"], None)["metadata"]["finalizers"] == \
        ["kubernetes.io/pv-protection"]


def test_a_claim_in_use_stays_terminating_until_its_pod_is_gone(cluster):
    apply(cluster, claim(), pod())
    cluster.advance(10)
    volume = cluster.get("persistentvolumeclaims", "data")["spec"]["volumeName"]
    cluster.run("kubectl delete pvc data --wait=false")
    cluster.advance(30)
    out = cluster.run("kubectl get pvc")
    assert out.text.splitlines()[1].split()[:2] == ["data", "Terminating"]
    assert cluster.run("kubectl describe pvc data").text.splitlines()[3].startswith("Status:        Terminating (lasts 30s)")
    assert cluster.get("persistentvolumes", volume, None)["status"]["phase"] == "Bound"
    cluster.run("kubectl delete pod user")
    cluster.advance(5)
    assert cluster.get("persistentvolumeclaims", "data") is None
    assert cluster.get("persistentvolumes", volume, None) is None


def test_an_unused_claim_goes_at_once(cluster):
    apply(cluster, claim())
    cluster.run("kubectl delete pvc data")
    assert cluster.get("persistentvolumeclaims", "data") is None
