"""Dynamic provisioning on kind's ``standard`` class: the PV controller hands a claim to the
local-path provisioner once the scheduler has picked a node (pv_controller.go
provisionClaimOperationExternal, sig-storage-lib-external-provisioner controller.go,
rancher/local-path-provisioner provisioner.go), and takes the volume back when the claim goes."""
import pytest

from clusters import Cluster, ClusterSpec
from tests.clusters.volumes import apply, claim, pod


@pytest.fixture
def cluster():
    c = Cluster(ClusterSpec(nodes=2, settle=0), seed=22)
    yield c
    assert c.bugs == []


def reasons(c, name):
    evs = sorted((e for e in c.list("events") if e["involvedObject"]["name"] == name),
                 key=lambda e: (e["firstTimestamp"], int(e["metadata"]["resourceVersion"])))
    return [(e["reason"], e["message"], e["count"]) for e in evs]


def test_a_pod_makes_local_path_provision_a_volume_on_its_node(cluster):
    apply(cluster, claim())
    cluster.advance(2)
    apply(cluster, pod())
    uid = cluster.get("persistentvolumeclaims", "data")["metadata"]["uid"]
    assert cluster.get("pods", "user")["spec"].get("nodeName") is None  # PreBind waits for the volume
    cluster.advance(5)
    c = cluster.get("persistentvolumeclaims", "data")
    node = cluster.get("pods", "user")["spec"]["nodeName"]
    ann = {k: v for k, v in c["metadata"]["annotations"].items() if not k.startswith("kubectl.kubernetes.io/")}
    assert ann == {
        "pv.kubernetes.io/bind-completed": "yes", "pv.kubernetes.io/bound-by-controller": "yes",
        "volume.beta.kubernetes.io/storage-provisioner": "rancher.io/local-path",
        "volume.kubernetes.io/selected-node": node, "volume.kubernetes.io/storage-provisioner": "rancher.io/local-path"}
    assert c["spec"]["volumeName"] == f"pvc-{uid}"
    assert reasons(cluster, "data") == [
        ("WaitForFirstConsumer", "waiting for first consumer to be created before binding", 1),
        ("ExternalProvisioning", "Waiting for a volume to be created either by the external provisioner 'rancher.io/local-path' "
         "or manually by the system administrator. If volume creation is delayed, please verify that the provisioner "
         "is running and correctly registered.", 2),
        ("Provisioning", 'External provisioner is provisioning volume for claim "default/data"', 1),
        ("ProvisioningSucceeded", f"Successfully provisioned volume pvc-{uid}", 1),
    ]
    source = [e["source"]["component"] for e in cluster.list("events") if e["reason"] == "Provisioning"][0]
    (provisioner,) = cluster.list("pods", "local-path-storage")
    assert source.startswith(f"rancher.io/local-path_{provisioner['metadata']['name']}_")
    pv = cluster.get("persistentvolumes", f"pvc-{uid}", None)
    assert pv["metadata"]["annotations"] == {"local.path.provisioner/selected-node": node,
                                             "pv.kubernetes.io/provisioned-by": "rancher.io/local-path"}
    assert pv["spec"]["hostPath"] == {"path": f"/var/local-path-provisioner/pvc-{uid}_default_data", "type": "DirectoryOrCreate"}
    assert pv["spec"]["nodeAffinity"] == {"required": {"nodeSelectorTerms": [{"matchExpressions": [
        {"key": "kubernetes.io/hostname", "operator": "In", "values": [node]}]}]}}
    assert (pv["spec"]["persistentVolumeReclaimPolicy"], pv["spec"]["storageClassName"], pv["status"]["phase"]) == \
        ("Delete", "standard", "Bound")
    # The pod is bound only after the volume: Scheduled follows ProvisioningSucceeded.
    scheduled = [e for e in cluster.list("events") if e["reason"] == "Scheduled" and e["involvedObject"]["name"] == "user"]
    succeeded = [e for e in cluster.list("events") if e["reason"] == "ProvisioningSucceeded"]
    assert scheduled[0]["firstTimestamp"] >= succeeded[0]["firstTimestamp"]
    assert scheduled[0]["message"] == f"Successfully assigned default/user to {node}"


def test_reclaim_delete_removes_the_provisioned_volume_after_the_claim(cluster):
    apply(cluster, claim(), pod())
    cluster.advance(10)
    name = cluster.get("persistentvolumeclaims", "data")["spec"]["volumeName"]
    cluster.run("kubectl delete pod user")
    cluster.run("kubectl delete pvc data")
    assert cluster.get("persistentvolumes", name, None)["status"]["phase"] == "Released"
    cluster.advance(5)  # the helper pod removes the directory, then the PV goes
    assert cluster.get("persistentvolumes", name, None) is None
    assert cluster.run("kubectl get pv").text == "No resources found\n"


def test_files_on_a_claim_outlive_the_pod_that_wrote_them(cluster):
    apply(cluster, claim(), pod())
    cluster.advance(10)
    assert cluster.run("kubectl exec user -- sh -c 'echo kept > /data/note'").exit_code == 0
    cluster.run("kubectl delete pod user")
    apply(cluster, pod("reader"))
    cluster.advance(10)
    assert cluster.run("kubectl exec reader -- cat /data/note").text == "kept\n"
    # The new pod went where the volume is.
    assert cluster.get("pods", "reader")["spec"]["nodeName"] == \
        cluster.get("persistentvolumeclaims", "data")["metadata"]["annotations"]["volume.kubernetes.io/selected-node"]


def test_local_path_refuses_read_write_many_and_the_pod_waits_provisioner_go_v0_0_30(cluster):
    apply(cluster, claim(modes="[ReadWriteMany]"), pod())
    cluster.advance(20)
    assert cluster.get("persistentvolumeclaims", "data")["status"]["phase"] == "Pending"
    assert not cluster.get("pods", "user")["spec"].get("nodeName")
    failed = [r for r in reasons(cluster, "data") if r[0] == "ProvisioningFailed"]
    assert failed[0][1] == 'failed to provision volume with StorageClass "standard": NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes'
    assert failed[0][2] == 2  # retried 15 s later


def test_an_immediate_local_path_class_has_no_node_to_provision_on(cluster):
    cluster.api.create("storageclasses", {"metadata": {"name": "now"}, "provisioner": "rancher.io/local-path"})
    apply(cluster, claim(klass="now"), pod())
    cluster.advance(5)
    failed = [r for r in reasons(cluster, "data") if r[0] == "ProvisioningFailed"]
    assert failed[0][1] == 'failed to provision volume with StorageClass "now": configuration error, no node was specified'
    msg = [e["message"] for e in cluster.list("events") if e["reason"] == "FailedScheduling"][0]
    assert msg == ("0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. "
                   "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..")


def test_a_pod_placed_by_hand_on_a_node_waits_for_its_claim_kubelet_volume_manager(cluster):
    apply(cluster, pod(node="node-1"))
    cluster.advance(3)
    p = cluster.get("pods", "user")
    assert p["status"]["containerStatuses"][0]["state"]["waiting"]["reason"] == "ContainerCreating"
    mounts = [e["message"] for e in cluster.list("events") if e["reason"] == "FailedMount"]
    assert mounts[0] == ("Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[], "
                         "failed to process volumes=[data]: error processing PVC default/data: failed to fetch PVC "
                         'from API server: persistentvolumeclaims "data" not found')


def test_kind_runs_the_provisioner_as_a_deployment_in_local_path_storage_const_storage_go(cluster):
    cluster.advance(5)
    deploy = cluster.run("kubectl get deploy -n local-path-storage").text
    assert deploy.splitlines()[1].split()[:4] == ["local-path-provisioner", "1/1", "1", "1"]
    (pod,) = cluster.list("pods", "local-path-storage")
    assert pod["metadata"]["name"].startswith("local-path-provisioner-")
    assert pod["spec"]["serviceAccountName"] == "local-path-provisioner-service-account"
    assert pod["spec"]["containers"][0]["image"] == "docker.io/kindest/local-path-provisioner:v20241212-8ac705d0"
    assert pod["status"]["phase"] == "Running"
    config = cluster.get("configmaps", "local-path-config", "local-path-storage")
    assert sorted(config["data"]) == ["config.json", "helperPod.yaml", "setup", "teardown"]
    assert '"paths":["/var/local-path-provisioner"]' in config["data"]["config.json"]


def test_scaling_the_provisioner_to_zero_leaves_claims_pending_until_it_is_back(cluster):
    cluster.advance(5)
    cluster.run("kubectl scale deploy local-path-provisioner -n local-path-storage --replicas=0")
    cluster.advance(40)  # its pod waits out its grace period
    assert cluster.list("pods", "local-path-storage") == []
    apply(cluster, claim(), pod())
    cluster.advance(60)
    assert cluster.run("kubectl get pvc data -o jsonpath={.status.phase}").text == "Pending"
    assert cluster.run("kubectl get pod user -o jsonpath={.status.phase}").text == "Pending"
    waiting = [r for r in reasons(cluster, "data") if r[0] == "ExternalProvisioning"]
    assert waiting and waiting[-1][2] > 2  # the PV controller keeps saying it waits for the provisioner
    assert not [r for r in reasons(cluster, "data") if r[0].startswith("Provisioning")]
    cluster.run("kubectl scale deploy local-path-provisioner -n local-path-storage --replicas=1")
    cluster.advance(15)
    assert cluster.run("kubectl get pvc data -o jsonpath={.status.phase}").text == "Bound"
    assert cluster.run("kubectl get pod user -o jsonpath={.status.phase}").text == "Running"
    (provisioner,) = cluster.list("pods", "local-path-storage")
    source = [e["source"]["component"] for e in cluster.list("events") if e["reason"] == "ProvisioningSucceeded"][0]
    assert source.startswith(f"rancher.io/local-path_{provisioner['metadata']['name']}_")


def test_a_released_volume_waits_for_the_provisioner_too(cluster):
    apply(cluster, claim(), pod())
    cluster.advance(10)
    name = cluster.get("persistentvolumeclaims", "data")["spec"]["volumeName"]
    cluster.run("kubectl scale deploy local-path-provisioner -n local-path-storage --replicas=0")
    cluster.run("kubectl delete pod user --grace-period=0 --force")
    cluster.run("kubectl delete pvc data")
    cluster.advance(60)
    assert cluster.get("persistentvolumes", name, None)["status"]["phase"] == "Released"
    cluster.run("kubectl scale deploy local-path-provisioner -n local-path-storage --replicas=1")
    cluster.advance(15)
    assert cluster.api.try_get("persistentvolumes", name) is None
