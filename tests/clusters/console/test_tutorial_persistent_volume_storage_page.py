"""Configure a Pod to Use a PersistentVolume for Storage, typed as far as it fits (kubernetes/website
content/en/docs/tasks/configure-pod-container/configure-persistent-volume-storage.md), on a cluster
with one worker node as the page asks.

The page's ``minikube ssh`` shell on the node becomes ``kubectl debug node/node-1 -it
--image=busybox``, whose pod mounts the node's / at /host: ``mkdir /host/mnt/data`` and ``echo ... >
/host/mnt/data/index.html`` land on the node (no ``sudo``: the debug container is root). The
manifests are written here to describe the page's objects. nginx's bash has no ``curl`` until the
page's ``apt install curl``, and the cluster has no Internet for apt: the page's ``curl
http://localhost/`` is asked through ``kubectl exec`` instead.
"""
from __future__ import annotations

from clusters import Cluster, ClusterSpec
from clusters.console import EOF

VOLUME = """apiVersion: v1
kind: PersistentVolume
metadata:
  name: task-pv-volume
  labels:
    type: local
spec:
  storageClassName: manual
  capacity:
    storage: 10Gi
  accessModes: [ReadWriteOnce]
  hostPath:
    path: /mnt/data
"""

CLAIM = """apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: task-pv-claim
spec:
  storageClassName: manual
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 3Gi
"""

POD = """apiVersion: v1
kind: Pod
metadata:
  name: task-pv-pod
spec:
  volumes:
  - name: task-pv-storage
    persistentVolumeClaim:
      claimName: task-pv-claim
  containers:
  - name: task-pv-container
    image: nginx
    ports:
    - containerPort: 80
      name: http-server
    volumeMounts:
    - mountPath: /usr/share/nginx/html
      name: task-pv-storage
"""

# The "Mounting the same PersistentVolume in two places" pod: one claim, two subPath mounts.
TWO_PLACES = """apiVersion: v1
kind: Pod
metadata:
  name: test
spec:
  containers:
  - name: test
    image: nginx
    volumeMounts:
    - name: config
      mountPath: /usr/share/nginx/html
      subPath: html
    - name: config
      mountPath: /etc/nginx/nginx.conf
      subPath: nginx.conf
  volumes:
  - name: config
    persistentVolumeClaim:
      claimName: task-pv-claim
"""


def apply(c: Cluster, manifest: str) -> str:
    return c.run(f"cat <<'EOF' | kubectl apply -f -\n{manifest}EOF").text


def node_shell(c: Cluster) -> str:
    out = c.run("kubectl debug node/node-1 -it --image=busybox")
    assert out.prompt == "/ # "
    return out.text.splitlines()[1].split()[3]  # Creating debugging pod NAME ...


def test_it_serves_the_index_html_written_on_the_node_through_a_hostpath_volume():
    c = Cluster(ClusterSpec(nodes=1), seed=4)
    node_shell(c)
    assert c.run("mkdir /host/mnt/data").text == ""
    assert c.run("sh -c \"echo 'Hello from Kubernetes storage' > /host/mnt/data/index.html\"").text == ""
    assert c.run("cat /host/mnt/data/index.html").text == "Hello from Kubernetes storage\n"
    c.run(EOF)

    assert apply(c, VOLUME) == "persistentvolume/task-pv-volume created\n"
    row = c.run("kubectl get pv task-pv-volume").text.splitlines()[1].split()
    assert row[:6] == ["task-pv-volume", "10Gi", "RWO", "Retain", "Available", "manual"]
    assert apply(c, CLAIM) == "persistentvolumeclaim/task-pv-claim created\n"
    c.run("sim advance 2s")
    row = c.run("kubectl get pv task-pv-volume").text.splitlines()[1].split()
    assert row[4:7] == ["Bound", "default/task-pv-claim", "manual"]
    row = c.run("kubectl get pvc task-pv-claim").text.splitlines()[1].split()
    assert row[:6] == ["task-pv-claim", "Bound", "task-pv-volume", "10Gi", "RWO", "manual"]

    assert apply(c, POD) == "pod/task-pv-pod created\n"
    c.run("sim advance 20s")
    assert c.run("kubectl get pod task-pv-pod").text.splitlines()[1].split()[1:3] == ["1/1", "Running"]
    out = c.run("kubectl exec -it task-pv-pod -- /bin/bash")
    assert out.prompt == "root@task-pv-pod:/# "
    # docker-nginx's Dockerfile installs curl: the page's apt-get install curl finds it there already
    assert c.run("curl http://localhost/").text == "Hello from Kubernetes storage\n"
    assert c.run("cat /usr/share/nginx/html/index.html").text == "Hello from Kubernetes storage\n"
    c.run("exit")
    assert c.run("kubectl exec task-pv-pod -- curl -s http://localhost/").text == "Hello from Kubernetes storage\n"

    # A file the pod writes lands on the node, and outlives the pod.
    c.run("kubectl exec task-pv-pod -- sh -c 'echo from the pod > /usr/share/nginx/html/pod.txt'")
    assert c.run("kubectl delete pod task-pv-pod").text == 'pod "task-pv-pod" deleted\n'
    assert c.run("kubectl delete pvc task-pv-claim").text == 'persistentvolumeclaim "task-pv-claim" deleted\n'
    assert c.run("kubectl delete pv task-pv-volume").text == 'persistentvolume "task-pv-volume" deleted\n'
    node_shell(c)
    assert c.run("ls /host/mnt/data").text == "index.html  pod.txt\n"  # to the terminal: columns
    assert c.run("cat /host/mnt/data/pod.txt").text == "from the pod\n"
    assert c.run("rm /host/mnt/data/index.html /host/mnt/data/pod.txt").text == ""
    assert c.run("ls /host/mnt/data").text == ""


def test_it_mounts_a_directory_and_a_file_of_one_volume_in_two_places():
    c = Cluster(ClusterSpec(nodes=1), seed=4)
    node_shell(c)
    c.run("mkdir -p /host/mnt/data/html")
    c.run("echo 'Hello from Kubernetes storage' > /host/mnt/data/html/index.html")
    c.run("echo '    keepalive_timeout  60;' > /host/mnt/data/nginx.conf")
    c.run(EOF)
    apply(c, VOLUME)
    apply(c, CLAIM)
    assert apply(c, TWO_PLACES) == "pod/test created\n"
    c.run("sim advance 20s")
    assert c.run("kubectl get pod test").text.splitlines()[1].split()[1:3] == ["1/1", "Running"]
    assert c.run("kubectl exec test -- curl -s http://localhost/").text == "Hello from Kubernetes storage\n"
    assert c.run("kubectl exec test -- sh -c 'cat /etc/nginx/nginx.conf | grep keepalive_timeout'").text == \
        "    keepalive_timeout  60;\n"


def test_it_adds_the_volume_gid_annotation_to_the_pods_groups():
    c = Cluster(ClusterSpec(nodes=1), seed=4)
    annotated = VOLUME.replace("  labels:\n", '  annotations:\n    pv.beta.kubernetes.io/gid: "1234"\n  labels:\n')
    apply(c, annotated)
    apply(c, CLAIM)
    apply(c, POD)
    c.run("sim advance 20s")
    assert c.run("kubectl exec task-pv-pod -- id").text.endswith(",1234\n")
    # "the GIDs associated with the PersistentVolume are not present on the Pod resource itself"
    assert c.run("kubectl get pod task-pv-pod -o jsonpath='{.spec.securityContext}'").text == "{}"


def test_a_pod_on_another_node_sees_that_nodes_own_directory():
    c = Cluster(ClusterSpec(nodes=2), seed=4)
    node_shell(c)
    c.run("mkdir -p /host/mnt/data && echo on node-1 > /host/mnt/data/index.html")
    c.run(EOF)
    apply(c, VOLUME)
    apply(c, CLAIM)
    apply(c, POD.replace("spec:\n  volumes:", "spec:\n  nodeName: node-2\n  volumes:"))
    c.run("sim advance 20s")
    assert c.run("kubectl exec task-pv-pod -- ls /usr/share/nginx/html").text == ""  # made empty on node-2
