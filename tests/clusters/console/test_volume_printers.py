"""kubectl get and describe for storage, byte for byte: printers.go printPersistentVolume,
printPersistentVolumeClaim, printStorageClass; describe.go describePersistentVolume,
describePersistentVolumeClaim and describeStorageClass."""
import pytest

from clusters import Cluster, ClusterSpec
from tests.clusters.volumes import apply, claim, pod

MANIFESTS = """apiVersion: v1
kind: PersistentVolume
metadata:
  name: nfs-share
spec:
  capacity: {storage: 5Gi}
  accessModes: [ReadWriteMany, ReadOnlyMany]
  storageClassName: ""
  nfs: {server: 10.0.0.5, path: /exports}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: shared
spec:
  storageClassName: ""
  accessModes: [ReadWriteMany]
  resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: waiting
  labels: {app: db}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 2Gi}}
"""


@pytest.fixture(scope="module")
def cluster():
    c = Cluster(ClusterSpec(nodes=1, settle=0), seed=24)
    c.run("kubectl apply -f - <<EOF\n" + MANIFESTS + "EOF")
    c.advance(90)
    yield c
    assert c.bugs == []


def test_get_pv_and_its_wide_volume_mode(cluster):
    assert cluster.run("kubectl get pv").text == (
        "NAME        CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS   CLAIM            STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE\n"
        "nfs-share   5Gi        ROX,RWX        Retain           Bound    default/shared                  <unset>                          90s\n")
    assert cluster.run("kubectl get pv -o wide").text.splitlines()[1].endswith("90s   Filesystem")


def test_get_pvc_shows_capacity_and_modes_once_bound(cluster):
    assert cluster.run("kubectl get pvc").text == (
        "NAME      STATUS    VOLUME      CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE\n"
        "shared    Bound     nfs-share   5Gi        ROX,RWX                       <unset>                 90s\n"
        "waiting   Pending                                         standard       <unset>                 90s\n")
    assert cluster.run("kubectl get pvc -o wide").text.splitlines()[0].endswith("AGE   VOLUMEMODE")


def test_describe_a_pending_claim(cluster):
    assert cluster.run("kubectl describe pvc waiting").text == (
        "Name:          waiting\n"
        "Namespace:     default\n"
        "StorageClass:  standard\n"
        "Status:        Pending\n"
        "Volume:        \n"
        "Labels:        app=db\n"
        "Annotations:   <none>\n"
        "Finalizers:    [kubernetes.io/pvc-protection]\n"
        "Capacity:      \n"
        "Access Modes:  \n"
        "VolumeMode:    Filesystem\n"
        "Used By:       <none>\n"
        "Events:\n"
        "  Type    Reason                Age               From                         Message\n"
        "  ----    ------                ----              ----                         -------\n"
        "  Normal  WaitForFirstConsumer  0s (x7 over 90s)  persistentvolume-controller  waiting for first consumer to be created before binding\n")


def test_describe_a_bound_claim_and_its_volume(cluster):
    assert cluster.run("kubectl describe pvc shared").text == (
        "Name:          shared\n"
        "Namespace:     default\n"
        "StorageClass:  \n"
        "Status:        Bound\n"
        "Volume:        nfs-share\n"
        "Labels:        <none>\n"
        "Annotations:   pv.kubernetes.io/bind-completed: yes\n"
        "               pv.kubernetes.io/bound-by-controller: yes\n"
        "Finalizers:    [kubernetes.io/pvc-protection]\n"
        "Capacity:      5Gi\n"
        "Access Modes:  ROX,RWX\n"
        "VolumeMode:    Filesystem\n"
        "Used By:       <none>\n"
        "Events:        <none>\n")
    assert cluster.run("kubectl describe pv nfs-share").text == (
        "Name:            nfs-share\n"
        "Labels:          <none>\n"
        "Annotations:     pv.kubernetes.io/bound-by-controller: yes\n"
        "Finalizers:      [kubernetes.io/pv-protection]\n"
        "StorageClass:    \n"
        "Status:          Bound\n"
        "Claim:           default/shared\n"
        "Reclaim Policy:  Retain\n"
        "Access Modes:    ROX,RWX\n"
        "VolumeMode:      Filesystem\n"
        "Capacity:        5Gi\n"
        "Node Affinity:   <none>\n"
        "Message:         \n"
        "Source:\n"
        "    Type:      NFS (an NFS mount that lasts the lifetime of a pod)\n"
        "    Server:    10.0.0.5\n"
        "    Path:      /exports\n"
        "    ReadOnly:  false\n"
        "Events:        <none>\n")


def test_describe_the_default_class_as_kind_prints_it(cluster):
    assert cluster.run("kubectl describe sc standard").text == (
        "Name:            standard\n"
        "IsDefaultClass:  Yes\n"
        'Annotations:     kubectl.kubernetes.io/last-applied-configuration={"apiVersion":"storage.k8s.io/v1",'
        '"kind":"StorageClass","metadata":{"annotations":{"storageclass.kubernetes.io/is-default-class":"true"},'
        '"name":"standard"},"provisioner":"rancher.io/local-path","reclaimPolicy":"Delete",'
        '"volumeBindingMode":"WaitForFirstConsumer"}\n'
        ",storageclass.kubernetes.io/is-default-class=true\n"
        "Provisioner:           rancher.io/local-path\n"
        "Parameters:            <none>\n"
        "AllowVolumeExpansion:  <unset>\n"
        "MountOptions:          <none>\n"
        "ReclaimPolicy:         Delete\n"
        "VolumeBindingMode:     WaitForFirstConsumer\n"
        "Events:                <none>\n")


def test_describe_a_provisioned_volume_with_its_node_affinity():
    c = Cluster(ClusterSpec(nodes=1, settle=0), seed=25)
    apply(c, claim("waiting", size="2Gi", labels="{app: db}"), pod(claim_name="waiting"))
    c.advance(10)
    name = c.get("persistentvolumeclaims", "waiting")["spec"]["volumeName"]
    out = c.run(f"kubectl describe pv {name}").text
    assert out == (
        f"Name:              {name}\n"
        "Labels:            <none>\n"
        "Annotations:       local.path.provisioner/selected-node: node-1\n"
        "                   pv.kubernetes.io/provisioned-by: rancher.io/local-path\n"
        "Finalizers:        [kubernetes.io/pv-protection]\n"
        "StorageClass:      standard\n"
        "Status:            Bound\n"
        "Claim:             default/waiting\n"
        "Reclaim Policy:    Delete\n"
        "Access Modes:      RWO\n"
        "VolumeMode:        Filesystem\n"
        "Capacity:          2Gi\n"
        "Node Affinity:     \n"
        "  Required Terms:  \n"
        "    Term 0:        kubernetes.io/hostname in [node-1]\n"
        "Message:           \n"
        "Source:\n"
        "    Type:          HostPath (bare host directory volume)\n"
        f"    Path:          /var/local-path-provisioner/{name}_default_waiting\n"
        "    HostPathType:  DirectoryOrCreate\n"
        "Events:            <none>\n")
    assert "Used By:       user\n" in c.run("kubectl describe pvc waiting").text
    assert c.bugs == []
