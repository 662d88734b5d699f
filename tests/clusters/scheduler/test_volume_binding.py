"""VolumeBinding as a learner sees it (pkg/scheduler/framework/plugins/volumebinding/volume_binding.go,
binder.go): FailedScheduling messages, volume node affinity, and claims that wait for their first consumer."""
from clusters import objects
from clusters.scheduler.framework import SKIP_STATUS, PodInfo

from tests.clusters.scheduler.conftest import events_for, make_pod

NOT_HELPFUL = "preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.."


def claim(c, name="data", klass="", **spec):
    body = {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}, "storageClassName": klass}
    body.update(spec)
    c.api.create("persistentvolumeclaims", {"metadata": {"name": name, "namespace": "default"}, "spec": body})
    c.settle()


def volume(c, name, node=None, klass="", local=False):
    spec = {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"], "storageClassName": klass}
    if local:
        spec["local"] = {"path": f"/mnt/disks/{name}"}
    else:
        spec["hostPath"] = {"path": f"/mnt/{name}"}
    if node:
        spec["nodeAffinity"] = {"required": {"nodeSelectorTerms": [
            {"matchExpressions": [{"key": "kubernetes.io/hostname", "operator": "In", "values": [node]}]}]}}
    c.api.create("persistentvolumes", {"metadata": {"name": name}, "spec": spec})
    c.settle()


def storage_class(c, name, provisioner, mode="WaitForFirstConsumer"):
    c.api.create("storageclasses", {"metadata": {"name": name}, "provisioner": provisioner, "volumeBindingMode": mode})


def with_claim(claim_name="data"):
    return {"volumes": [{"name": "data", "persistentVolumeClaim": {"claimName": claim_name}}]}


def failed(c, pod):
    return [e["message"] for e in events_for(c, pod, "FailedScheduling")]


def test_a_pod_whose_claim_does_not_exist_is_unschedulable(cluster):
    make_pod(cluster, "web", **with_claim())
    assert failed(cluster, "web")[0] == f'0/4 nodes are available: persistentvolumeclaim "data" not found. {NOT_HELPFUL}'
    cond = [x for x in cluster.get("pods", "web")["status"]["conditions"] if x["type"] == "PodScheduled"][0]
    assert (cond["status"], cond["reason"]) == ("False", "Unschedulable")


def test_an_unbound_immediate_claim_holds_the_pod_until_the_binder_binds_it(cluster):
    claim(cluster)
    make_pod(cluster, "web", **with_claim())
    assert failed(cluster, "web")[0] == f"0/4 nodes are available: pod has unbound immediate PersistentVolumeClaims. {NOT_HELPFUL}"
    volume(cluster, "pv1")
    cluster.advance(16)  # the binder finds the new volume at its next resync; the claim's update requeues the pod
    assert cluster.get("persistentvolumeclaims", "data")["status"]["phase"] == "Bound"
    assert cluster.get("pods", "web")["spec"].get("nodeName")


def test_a_volume_pinned_to_a_node_takes_its_pods_there(cluster):
    volume(cluster, "pv1", node="node-2")
    claim(cluster)
    pod = make_pod(cluster, "web", **with_claim())
    assert pod["spec"]["nodeName"] == "node-2"
    cluster.run("kubectl cordon node-2")
    make_pod(cluster, "second", **with_claim())
    assert failed(cluster, "second")[0] == (
        "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, "
        f"1 node(s) were unschedulable, 2 node(s) had volume node affinity conflict. {NOT_HELPFUL}")


def test_wait_for_first_consumer_binds_a_local_volume_on_the_node_the_pod_gets(cluster):
    storage_class(cluster, "local-storage", "kubernetes.io/no-provisioner")
    volume(cluster, "disk-1", node="node-1", klass="local-storage", local=True)
    volume(cluster, "disk-3", node="node-3", klass="local-storage", local=True)
    claim(cluster, klass="local-storage")
    assert cluster.get("persistentvolumeclaims", "data")["status"]["phase"] == "Pending"
    make_pod(cluster, "web", **with_claim())
    cluster.advance(2)
    pod = cluster.get("pods", "web")
    c = cluster.get("persistentvolumeclaims", "data")
    assert pod["spec"]["nodeName"] in ("node-1", "node-3")
    assert c["spec"]["volumeName"] == "disk-" + pod["spec"]["nodeName"][-1]
    pv = cluster.get("persistentvolumes", c["spec"]["volumeName"], None)
    assert pv["metadata"]["annotations"] == {"pv.kubernetes.io/bound-by-controller": "yes"}
    # No volume is left for a pod that must run on node-2.
    claim(cluster, "other", klass="local-storage")
    make_pod(cluster, "pinned", nodeSelector={"kubernetes.io/hostname": "node-2"}, **with_claim("other"))
    assert failed(cluster, "pinned")[0] == (
        "0/4 nodes are available: 1 node(s) didn't find available persistent volumes to bind, "
        "1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, "
        f"2 node(s) didn't match Pod's node affinity/selector. {NOT_HELPFUL}")


def test_a_claim_to_provision_gets_the_selected_node_and_the_pod_waits_for_it(cluster):
    storage_class(cluster, "nfs", "example.com/nfs")
    claim(cluster, klass="nfs")
    make_pod(cluster, "web", **with_claim())
    c = cluster.get("persistentvolumeclaims", "data")
    node = c["metadata"]["annotations"]["volume.kubernetes.io/selected-node"]
    assert node in ("node-1", "node-2", "node-3")
    assert c["metadata"]["annotations"]["volume.kubernetes.io/storage-provisioner"] == "example.com/nfs"
    assert not cluster.get("pods", "web")["spec"].get("nodeName")
    # The node's resources are held for the pod while it waits.
    assert "default/web" in cluster.scheduler.cache.nodes[node].pods
    # Nobody provisions: BindPodVolumes gives up after the 600 s bindTimeout.
    cluster.advance(601)
    assert failed(cluster, "web")[0] == 'running PreBind plugin "VolumeBinding": binding volumes: context deadline exceeded'
    cond = [x for x in cluster.get("pods", "web")["status"]["conditions"] if x["type"] == "PodScheduled"][0]
    assert cond["reason"] == "SchedulerError"


def test_an_external_provisioner_that_binds_the_claim_lets_the_pod_run(cluster):
    storage_class(cluster, "nfs", "example.com/nfs")
    claim(cluster, klass="nfs")
    make_pod(cluster, "web", **with_claim())
    c = cluster.get("persistentvolumeclaims", "data")
    node = c["metadata"]["annotations"]["volume.kubernetes.io/selected-node"]
    # What an external provisioner does: a volume pre-bound to the claim.
    ref = {"kind": "PersistentVolumeClaim", "namespace": "default", "name": "data", "uid": c["metadata"]["uid"]}
    cluster.api.create("persistentvolumes", {"metadata": {"name": "made"}, "spec": {
        "capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"], "storageClassName": "nfs",
        "nfs": {"server": "nfs.example.com", "path": "/exports/data"}, "claimRef": ref}})
    cluster.advance(2)
    assert cluster.get("pods", "web")["spec"]["nodeName"] == node
    assert [e["message"] for e in events_for(cluster, "web", "Scheduled")] == [f"Successfully assigned default/web to {node}"]


def test_pods_without_claims_skip_the_plugin(cluster):
    pod = make_pod(cluster, "plain")
    assert cluster.scheduler.volume_binding.pre_filter({}, PodInfo(objects.clone(pod))) is SKIP_STATUS
