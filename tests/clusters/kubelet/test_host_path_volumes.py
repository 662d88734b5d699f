"""hostPath volumes on a node's own disk (kubelet/host_files.py): the kubelet's type check
(pkg/volume/hostpath/host_path.go checkTypeInternal, 1.32), files shared by the pods of one node
and kept after them, and the local-path provisioner's directories on that disk."""
import pickle

from clusters import Cluster, ClusterSpec
from clusters.kubelet import host_files

from tests.clusters.kubelet.conftest import cstatus, reasons, run


def host_path_pod(cluster, name, path, type_=None, node="node-1", settle=True):
    src = {"path": path} if type_ is None else {"path": path, "type": type_}
    return run(cluster, name, image="busybox", nodeName=node, settle=settle,
               ctr={"command": ["sleep", "1d"], "volumeMounts": [{"name": "host", "mountPath": "/data"}]},
               volumes=[{"name": "host", "hostPath": src}])


def failed_mounts(cluster, name):
    return [m for r, m in reasons(cluster, name) if r == "FailedMount"]


def test_directory_type_refuses_a_missing_path_host_path_go(cluster):
    host_path_pod(cluster, "p", "/x", "Directory")
    cluster.advance(5)
    assert failed_mounts(cluster, "p")[0] == \
        'MountVolume.SetUp failed for volume "host" : hostPath type check failed: /x is not a directory'
    assert cstatus(cluster, "p")["state"]["waiting"]["reason"] == "ContainerCreating"


def test_directory_or_create_makes_the_directory_and_the_pod_runs(cluster):
    host_path_pod(cluster, "p", "/srv/site/www", "DirectoryOrCreate")
    cluster.advance(20)
    assert cstatus(cluster, "p")["state"].get("running") is not None
    disk = host_files.peek(cluster, "node-1")
    assert disk.is_dir("/srv/site/www") and disk.lstat("/srv/site/www").mode == 0o755
    assert host_files.peek(cluster, "node-2") is None  # the other node's disk holds nothing


def test_file_types_check_what_is_there(cluster):
    host_path_pod(cluster, "dir-as-file", "/etc", "File")
    host_path_pod(cluster, "no-parent", "/nowhere/lock", "FileOrCreate")
    host_path_pod(cluster, "socket", "/run/containerd.sock", "Socket")
    host_path_pod(cluster, "created", "/run/xtables.lock", "FileOrCreate")
    cluster.advance(5)
    assert failed_mounts(cluster, "dir-as-file")[0].endswith("hostPath type check failed: /etc is not a file")
    assert failed_mounts(cluster, "no-parent")[0].endswith(": open /nowhere/lock: no such file or directory")
    assert failed_mounts(cluster, "socket")[0].endswith(
        "hostPath type check failed: /run/containerd.sock is not a socket file")
    assert failed_mounts(cluster, "created") == []
    assert host_files.peek(cluster, "node-1").read("/run/xtables.lock") == ""


def test_a_path_with_backsteps_is_refused(cluster):
    host_path_pod(cluster, "p", "/mnt/../etc", "Directory")
    cluster.advance(5)
    assert failed_mounts(cluster, "p")[0].endswith(": invalid HostPath `/mnt/../etc`: must not contain '..'")


def test_pods_on_one_node_share_the_directory_and_it_outlives_them(cluster):
    host_path_pod(cluster, "writer", "/mnt/shared")
    host_path_pod(cluster, "reader", "/mnt/shared")
    host_path_pod(cluster, "elsewhere", "/mnt/shared", node="node-2")
    cluster.advance(20)
    assert cluster.run("kubectl exec writer -- sh -c 'echo hi > /data/note'").exit_code == 0
    assert cluster.run("kubectl exec reader -- cat /data/note").text == "hi\n"
    assert cluster.run("kubectl exec elsewhere -- ls /data").text == ""
    cluster.run("kubectl delete pod writer reader --grace-period=0 --force")
    cluster.advance(5)
    host_path_pod(cluster, "later", "/mnt/shared")
    cluster.advance(20)
    assert cluster.run("kubectl exec later -- cat /data/note").text == "hi\n"


def test_a_node_disk_pickles_and_keeps_only_what_was_written(cluster):
    host_path_pod(cluster, "p", "/mnt/data")
    cluster.advance(20)
    cluster.run("kubectl exec p -- sh -c 'echo one > /data/a'")
    disk = host_files.peek(cluster, "node-1")
    assert list(disk.entries) == ["/mnt/data", "/mnt/data/a"]
    again = pickle.loads(pickle.dumps(cluster))
    assert again.run("kubectl exec p -- cat /data/a").text == "one\n"


def test_local_path_volumes_are_directories_on_their_node():
    c = Cluster(ClusterSpec(nodes=1), seed=4)
    c.run("""cat <<'EOF' | kubectl apply -f -
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: Pod
metadata: {name: user}
spec:
  containers:
  - name: app
    image: busybox
    command: [sleep, 1d]
    volumeMounts: [{name: data, mountPath: /data}]
  volumes:
  - name: data
    persistentVolumeClaim: {claimName: data}
EOF""")
    c.run("sim advance 20s")
    c.run("kubectl exec user -- sh -c 'echo kept > /data/note'")
    pv = c.get("persistentvolumes", c.get("persistentvolumeclaims", "data")["spec"]["volumeName"], None)
    path = pv["spec"]["hostPath"]["path"]
    disk = host_files.peek(c, "node-1")
    assert disk.lstat(path).mode == 0o777  # the helper pod's mkdir -m 0777
    assert disk.read(path + "/note") == "kept\n"
    c.run("kubectl delete pod user")
    c.run("kubectl delete pvc data")
    c.run("sim advance 10s")
    assert not disk.exists(path)
