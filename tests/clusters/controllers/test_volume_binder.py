"""The persistent volume binder as a learner sees it (pkg/controller/volume/persistentvolume/pv_controller.go,
component-helpers/storage/volume/pv_helpers.go), with the DefaultStorageClass admission plugin and kind's
default StorageClass."""
import pytest

from clusters import Cluster, ClusterSpec, objects
from tests.clusters import volumes


@pytest.fixture
def cluster():
    c = Cluster(ClusterSpec(nodes=2, settle=0), seed=21)
    yield c
    assert c.bugs == []


def pv(name, size="1Gi", modes=("ReadWriteOnce",), klass="manual", policy=None, path=None, labels=None, **spec):
    body = {"capacity": {"storage": size}, "accessModes": list(modes), "hostPath": {"path": path or f"/mnt/{name}"}}
    if klass is not None:
        body["storageClassName"] = klass
    if policy:
        body["persistentVolumeReclaimPolicy"] = policy
    body.update(spec)
    meta = {"name": name}
    if labels:
        meta["labels"] = labels
    return {"apiVersion": "v1", "kind": "PersistentVolume", "metadata": meta, "spec": body}


def pvc(name, size="1Gi", modes=("ReadWriteOnce",), klass="manual", **spec):
    body = {"accessModes": list(modes), "resources": {"requests": {"storage": size}}}
    if klass is not None:
        body["storageClassName"] = klass
    body.update(spec)
    return {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": name, "namespace": "default"}, "spec": body}


def create(c, *objs):
    for o in objs:
        c.api.create("persistentvolumes" if o["kind"] == "PersistentVolume" else "persistentvolumeclaims", o)
    c.settle()


def events(c, name, reason=None):
    evs = [e for e in c.list("events") if e["involvedObject"]["name"] == name and (reason is None or e["reason"] == reason)]
    return sorted(evs, key=lambda e: (e["firstTimestamp"], e["metadata"]["resourceVersion"]))


def test_kind_ships_standard_as_the_default_class_const_storage_go(cluster):
    out = cluster.run("kubectl get sc")
    assert out.text == (
        "NAME                 PROVISIONER             RECLAIMPOLICY   VOLUMEBINDINGMODE      ALLOWVOLUMEEXPANSION   AGE\n"
        "standard (default)   rancher.io/local-path   Delete          WaitForFirstConsumer   false                  0s\n")
    sc = cluster.get("storageclasses", "standard", None)
    assert sc["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"] == (
        '{"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"annotations":'
        '{"storageclass.kubernetes.io/is-default-class":"true"},"name":"standard"},"provisioner":"rancher.io/local-path",'
        '"reclaimPolicy":"Delete","volumeBindingMode":"WaitForFirstConsumer"}\n')
    assert cluster.store.get("/registry/storageclasses/standard") is not None


def test_a_claim_without_a_class_gets_the_default_one_setdefault_admission_go(cluster):
    create(cluster, pvc("data", klass=None))
    assert cluster.get("persistentvolumeclaims", "data")["spec"]["storageClassName"] == "standard"


def test_an_explicit_empty_class_is_kept_and_binds_only_a_classless_volume(cluster):
    create(cluster, pv("classed", klass="manual"), pv("plain", klass=None), pvc("data", klass=""))
    claim = cluster.get("persistentvolumeclaims", "data")
    assert claim["spec"]["storageClassName"] == ""
    assert claim["spec"]["volumeName"] == "plain"
    assert claim["status"]["phase"] == "Bound"


def test_a_wait_for_first_consumer_claim_waits_and_says_so_every_resync(cluster):
    create(cluster, pvc("data", klass="standard"))
    cluster.advance(31)
    claim = cluster.get("persistentvolumeclaims", "data")
    assert claim["status"]["phase"] == "Pending"
    [ev] = events(cluster, "data")
    assert (ev["reason"], ev["message"], ev["source"]["component"]) == (
        "WaitForFirstConsumer", "waiting for first consumer to be created before binding", "persistentvolume-controller")
    assert ev["count"] == 3  # at creation, then every 15 s (--pvclaimbinder-sync-period)


def test_a_claim_binds_the_smallest_volume_that_fits_pv_helpers_go(cluster):
    create(cluster, pv("big", "10Gi"), pv("small", "1Gi"), pv("medium", "5Gi"), pv("rox", "2Gi", modes=("ReadOnlyMany",)),
           pvc("data", "2Gi"))
    claim = cluster.get("persistentvolumeclaims", "data")
    vol = cluster.get("persistentvolumes", "medium", None)
    assert claim["spec"]["volumeName"] == "medium"
    assert claim["metadata"]["annotations"] == {"pv.kubernetes.io/bind-completed": "yes",
                                                "pv.kubernetes.io/bound-by-controller": "yes"}
    assert claim["status"] == {"phase": "Bound", "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "5Gi"}}
    assert vol["spec"]["claimRef"] == {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "name": "data",
                                       "namespace": "default", "uid": claim["metadata"]["uid"],
                                       "resourceVersion": vol["spec"]["claimRef"]["resourceVersion"]}
    assert vol["metadata"]["annotations"] == {"pv.kubernetes.io/bound-by-controller": "yes"}
    assert vol["status"]["phase"] == "Bound"
    assert [cluster.get("persistentvolumes", n, None)["status"]["phase"] for n in ("big", "small", "rox")] == \
        ["Available", "Available", "Available"]


def test_selector_access_modes_and_class_all_have_to_match(cluster):
    create(cluster, pv("wrong-label", labels={"tier": "bronze"}), pv("wrong-class", klass="fast"),
           pv("wrong-mode", modes=("ReadOnlyMany",)), pvc("data", selector={"matchLabels": {"tier": "gold"}}))
    cluster.advance(20)
    assert cluster.get("persistentvolumeclaims", "data")["status"]["phase"] == "Pending"
    create(cluster, pv("gold", labels={"tier": "gold"}, modes=("ReadWriteOnce", "ReadWriteMany")))
    assert cluster.get("persistentvolumeclaims", "data")["status"]["phase"] == "Pending"
    cluster.advance(15)  # the claim looks again at the next resync, as upstream
    assert cluster.get("persistentvolumeclaims", "data")["spec"]["volumeName"] == "gold"


def test_a_claim_can_ask_for_a_volume_by_name_and_is_told_when_it_cannot_have_it(cluster):
    create(cluster, pv("tiny", "100Mi"), pvc("data", "1Gi", volumeName="tiny"))
    assert cluster.get("persistentvolumeclaims", "data")["status"]["phase"] == "Pending"
    [ev] = events(cluster, "data", "VolumeMismatch")
    assert (ev["type"], ev["message"]) == ("Warning", 'Cannot bind to requested volume "tiny": requested PV is too small')


def test_a_claim_with_no_class_and_no_volume_says_so(cluster):
    create(cluster, pvc("data", klass=""))
    [ev] = events(cluster, "data")
    assert (ev["reason"], ev["message"]) == (
        "FailedBinding", "no persistent volumes available for this claim and no storage class is set")


def test_a_claim_of_a_missing_class_fails_to_provision(cluster):
    create(cluster, pvc("data", klass="nope"))
    [ev] = events(cluster, "data")
    assert (ev["type"], ev["reason"], ev["message"]) == (
        "Warning", "ProvisioningFailed", 'storageclass.storage.k8s.io "nope" not found')


def test_retain_keeps_a_released_volume_with_its_claim_shown(cluster):
    create(cluster, pv("keep"), pvc("data"))
    cluster.run("kubectl delete pvc data")
    vol = cluster.get("persistentvolumes", "keep", None)
    assert vol["status"]["phase"] == "Released"
    out = cluster.run("kubectl get pv keep")
    assert out.text.splitlines()[1].split()[:6] == ["keep", "1Gi", "RWO", "Retain", "Released", "default/data"]
    # A new claim of the same name does not get the released volume back.
    create(cluster, pvc("data"))
    cluster.advance(15)
    assert cluster.get("persistentvolumeclaims", "data")["status"]["phase"] == "Pending"


def test_a_static_host_path_volume_cannot_be_deleted_outside_tmp_host_path_go(cluster):
    create(cluster, pv("mnt", policy="Delete"), pv("scratch", policy="Delete", path="/tmp/scratch"), pvc("a"), pvc("b"))
    cluster.run("kubectl delete pvc a b")
    cluster.advance(1)
    failed = cluster.get("persistentvolumes", "mnt", None)
    assert failed["status"]["phase"] == "Failed"
    assert failed["status"]["message"] == "host_path deleter only supports /tmp/.+ but received provided /mnt/mnt"
    [ev] = events(cluster, "mnt", "VolumeFailedDelete")
    assert ev["type"] == "Warning"
    assert cluster.get("persistentvolumes", "scratch", None) is None


def test_a_bound_claim_whose_volume_is_deleted_is_lost(cluster):
    create(cluster, pv("gone"), pvc("data"))
    cluster.run("kubectl delete pv gone --wait=false")
    cluster.run("kubectl patch pv gone --type=json -p='[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]'")
    cluster.settle()
    assert cluster.get("persistentvolumes", "gone", None) is None
    assert cluster.get("persistentvolumeclaims", "data")["status"]["phase"] == "Lost"
    [ev] = events(cluster, "data", "ClaimLost")
    assert ev["message"] == "Bound claim has lost its PersistentVolume. Data on the volume is lost!"


def test_a_default_class_created_later_is_given_to_waiting_claims(cluster):
    cluster.run("kubectl delete sc standard")
    create(cluster, pvc("data", klass=None))
    assert "storageClassName" not in cluster.get("persistentvolumeclaims", "data")["spec"]
    sc = {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
          "metadata": {"name": "fast", "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}},
          "provisioner": "rancher.io/local-path", "volumeBindingMode": "WaitForFirstConsumer"}
    cluster.api.create("storageclasses", sc)
    cluster.advance(15)
    assert cluster.get("persistentvolumeclaims", "data")["spec"]["storageClassName"] == "fast"


def test_storage_class_and_volume_defaults(cluster):
    cluster.api.create("storageclasses", {"metadata": {"name": "plain"}, "provisioner": "example.com/x"})
    sc = cluster.get("storageclasses", "plain", None)
    assert (sc["reclaimPolicy"], sc["volumeBindingMode"]) == ("Delete", "Immediate")
    body = pv("v")
    body["status"] = {"phase": "Bound"}
    create(cluster, body)
    vol = cluster.get("persistentvolumes", "v", None)
    assert vol["spec"]["persistentVolumeReclaimPolicy"] == "Retain"
    assert vol["spec"]["volumeMode"] == "Filesystem"
    assert vol["metadata"]["finalizers"] == ["kubernetes.io/pv-protection"]
    assert vol["status"]["phase"] == "Available"
    assert vol["status"]["lastPhaseTransitionTime"] == cluster.api.timestamp()


def test_provisioning_and_binding_replay_to_the_same_cluster():
    c = Cluster(ClusterSpec(nodes=2, settle=0), seed=4)
    volumes.apply(c, volumes.claim(), volumes.pod())
    c.advance(30)
    c.run("kubectl delete pod user")
    c.advance(5)
    c.run("kubectl delete pvc data")
    c.advance(10)
    again = Cluster.replay(c.spec, c.seed, objects.clone(c.journal))
    assert again.state_digest() == c.state_digest()
    assert c.bugs == [] and again.bugs == []
