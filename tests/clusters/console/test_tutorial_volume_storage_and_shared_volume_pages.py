"""Two emptyDir tasks of kubernetes.io, their manifests pasted as a learner would.

- kubernetes/website content/en/docs/tasks/configure-pod-container/configure-volume-storage.md
- kubernetes/website content/en/docs/tasks/access-application-cluster/communicate-containers-same-pod-shared-volume.md
Both pages type into an interactive shell (``kubectl exec -it POD -- /bin/bash``); here each of its
commands is typed as one ``kubectl exec POD -- bash -c '…'``. The pages' ``apt-get update`` and
``apt-get install procps curl`` (for ``ps aux`` and ``curl``) are not run: the simulated images
have no package manager and no ``ps``; the nginx page's ``curl localhost`` is asked of the
Service-less pod from nginx's own container instead, where the simulation's nginx answers it.
"""
from __future__ import annotations

import re

from clusters import Cluster

REDIS = """apiVersion: v1
kind: Pod
metadata:
  name: redis
spec:
  containers:
  - name: redis
    image: redis
    volumeMounts:
    - name: redis-storage
      mountPath: /data/redis
  volumes:
  - name: redis-storage
    emptyDir: {}
"""

TWO_CONTAINERS = """apiVersion: v1
kind: Pod
metadata:
  name: two-containers
spec:
  restartPolicy: Never
  volumes:
  - name: shared-data
    emptyDir: {}
  containers:
  - name: nginx-container
    image: nginx
    volumeMounts:
    - name: shared-data
      mountPath: /usr/share/nginx/html
  - name: debian-container
    image: debian
    volumeMounts:
    - name: shared-data
      mountPath: /pod-data
    command: ["/bin/sh"]
    args: ["-c", "echo Hello from the debian container > /pod-data/index.html"]
"""


def apply(c, manifest: str) -> str:
    return c.run(f"cat <<'EOF' | kubectl apply -f -\n{manifest}EOF").text


def test_a_file_in_an_empty_dir_outlives_the_container_that_wrote_it():
    c = Cluster(seed=3)
    assert apply(c, REDIS) == "pod/redis created\n"
    c.run("sim advance 13s")
    watched = c.run("kubectl get pod redis --watch").text.splitlines()
    assert watched[0].split() == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    assert watched[1].split()[:4] == ["redis", "1/1", "Running", "0"]
    assert c.run("kubectl exec redis -- bash -c 'cd /data/redis/ && echo Hello > test-file'").text == ""
    # The page's `kill <pid>` of redis-server, PID 1: it saves and exits 0, and Always restarts it.
    assert c.run("kubectl exec redis -- bash -c 'kill 1'").text == ""
    watched = c.run("kubectl get pod redis --watch").text.splitlines()
    assert [row.split()[1:4] for row in watched[1:]] == [["1/1", "Running", "0"], ["0/1", "Completed", "0"],
                                                         ["1/1", "Running", "1"]]
    assert c.run("kubectl exec redis -- bash -c 'cd /data/redis/ && ls'").text == "test-file\n"
    assert c.run("kubectl exec redis -- cat /data/redis/test-file").text == "Hello\n"
    listing = c.run("kubectl exec redis -- ls -la /data/redis").text.splitlines()
    assert listing[0] == "total 12"
    assert re.fullmatch(r"drwxrwxrwx 2 root root 4096 .{12} \.", listing[1])  # emptyDir's 0777
    assert re.fullmatch(r"-rw-r--r-- 1 root root    6 .{12} test-file", listing[3])
    # In its own PID namespace PID 1 gets no SIGKILL, and no other process is there to signal.
    assert c.run("kubectl exec redis -- bash -c 'kill -9 1'").text == ""
    assert c.run("kubectl exec redis -- bash -c 'kill 42'").text == (
        "bash: line 1: kill: (42) - No such process\ncommand terminated with exit code 1\n")
    assert c.run("kubectl delete pod redis").text == 'pod "redis" deleted\n'


def test_nginx_serves_the_page_the_debian_container_wrote_into_the_shared_volume():
    c = Cluster(seed=3)
    assert apply(c, TWO_CONTAINERS) == "pod/two-containers created\n"
    c.run("sim advance 20s")
    pod = c.run("kubectl get pod two-containers --output=yaml").text
    statuses = pod.split("  containerStatuses:\n", 1)[1]
    debian, nginx = statuses.split("  - containerID: ")[1:3]
    assert "    image: docker.io/library/debian:latest\n" in debian and "    name: debian-container\n" in debian
    assert re.search(r"    state:\n      terminated:\n(        .*\n)*        reason: Completed\n", debian)
    assert "    name: nginx-container\n" in nginx and "    state:\n      running:\n" in nginx
    assert c.run("kubectl exec two-containers -c nginx-container -- curl -s localhost").text == \
        "Hello from the debian container\n"
    assert c.run("kubectl exec two-containers -c nginx-container -- ls /usr/share/nginx/html").text == "index.html\n"
