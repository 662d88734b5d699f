"""kubernetes.io's "Create static Pods", as far as a kind cluster lets it be typed.

kubernetes/website content/en/docs/tasks/configure-pod-container/static-pod.md. The page works on
a node over ssh with Docker; a kind node has neither, so its shell here is ``kubectl debug
node/NAME -it --image=busybox``, with the node's disk under /host, and kind's kubelet already reads
``staticPodPath: /etc/kubernetes/manifests`` (no kubelet flags to edit, no restart). ``docker ps``
becomes ``kubectl get pods``. The manifest is the page's, typed into the same heredoc.

Out of reach: the web-hosted manifest (--manifest-url) and ``docker stop``.
"""
import re

from clusters import Cluster

STATIC_WEB = """cat <<EOF >/host/etc/kubernetes/manifests/static-web.yaml
apiVersion: v1
kind: Pod
metadata:
  name: static-web
  labels:
    role: myrole
spec:
  containers:
    - name: web
      image: nginx
      ports:
        - name: web
          containerPort: 80
          protocol: TCP
EOF"""


def _on_node(c: Cluster, *lines: str) -> None:
    out = c.run("kubectl debug node/node-1 -it --image=busybox")
    assert re.search(r"Creating debugging pod node-debugger-node-1-\w{5} with container debugger on node node-1\.",
                     out.text)
    for line in lines:
        assert c.run(line).exit_code == 0, line
    c.run("exit")


def _static_web(c: Cluster) -> list[str] | None:
    row = next((r.split() for r in c.run("kubectl get pods").text.splitlines() if r.startswith("static-web")), None)
    return row


def test_a_manifest_in_the_static_pod_path_runs_as_a_mirror_pod_named_for_the_node():
    c = Cluster(seed=3)
    _on_node(c, "mkdir -p /host/etc/kubernetes/manifests", STATIC_WEB)
    c.run("sim advance 20s")
    assert _static_web(c)[:4] == ["static-web-node-1", "1/1", "Running", "0"]
    # Labels from the static pod are propagated into the mirror pod.
    assert c.run("kubectl get pods -l role=myrole -o name").text == "pod/static-web-node-1\n"
    pod = c.get("pods", "static-web-node-1")
    ann = pod["metadata"]["annotations"]
    assert ann["kubernetes.io/config.source"] == "file"
    assert re.fullmatch(r"[0-9a-f]{32}", ann["kubernetes.io/config.hash"])
    assert ann["kubernetes.io/config.mirror"] == ann["kubernetes.io/config.hash"]
    assert pod["metadata"]["ownerReferences"] == [{"apiVersion": "v1", "kind": "Node", "name": "node-1",
                                                   "uid": c.get("nodes", "node-1")["metadata"]["uid"],
                                                   "controller": True}]
    assert pod["spec"]["nodeName"] == "node-1"
    assert {"operator": "Exists", "effect": "NoExecute"} in pod["spec"]["tolerations"]
    # mirror pods get no service account token (plugin/pkg/admission/serviceaccount skips them)
    assert "serviceAccountName" not in pod["spec"] and "volumes" not in pod["spec"]


def test_deleting_the_mirror_pod_does_not_remove_the_static_pod():
    c = Cluster(seed=3)
    _on_node(c, "mkdir -p /host/etc/kubernetes/manifests", STATIC_WEB)
    c.run("sim advance 20s")
    before = c.get("pods", "static-web-node-1")
    assert c.run("kubectl delete pod static-web-node-1").text == 'pod "static-web-node-1" deleted\n'
    c.run("sim advance 12s")
    # a new mirror pod (its age starts again), the same static pod: its container was never stopped
    assert _static_web(c)[:5] == ["static-web-node-1", "1/1", "Running", "0", "12s"]
    after = c.get("pods", "static-web-node-1")
    assert after["metadata"]["uid"] != before["metadata"]["uid"]
    assert after["metadata"]["annotations"] == before["metadata"]["annotations"]
    assert after["status"]["containerStatuses"][0]["state"] == before["status"]["containerStatuses"][0]["state"]
    assert after["status"]["startTime"] == before["status"]["startTime"]


def test_moving_the_manifest_away_and_back_removes_and_brings_back_the_pod():
    c = Cluster(seed=3)
    _on_node(c, "mkdir -p /host/etc/kubernetes/manifests", STATIC_WEB)
    c.run("sim advance 20s")
    # the page's dynamic removal: mv out, sleep 20, and nothing runs; mv back, sleep 20, and it is back
    _on_node(c, "mv /host/etc/kubernetes/manifests/static-web.yaml /host/tmp", "sleep 20")
    c.run("sim advance 30s")
    assert _static_web(c) is None
    _on_node(c, "mv /host/tmp/static-web.yaml  /host/etc/kubernetes/manifests/", "sleep 20")
    assert _static_web(c)[:3] == ["static-web-node-1", "1/1", "Running"]
    # the kubelet skips files starting with a dot
    _on_node(c, "mv /host/etc/kubernetes/manifests/static-web.yaml /host/etc/kubernetes/manifests/.static-web.yaml")
    c.run("sim advance 60s")
    assert _static_web(c) is None
