"""Restartable init containers (sidecars, KEP-753, on by default since 1.29) as the kubelet runs them.

pkg/kubelet/kuberuntime/kuberuntime_manager.go computeInitContainerActions: an init container with
restartPolicy Always counts as initialized once it has started (its startup probe passed) and keeps
running beside the next init containers and the containers; it is restarted whenever it exits, and
the pod is Ready only when it is ready too (status generateContainersReadyCondition).
"""
from __future__ import annotations

from clusters import Cluster

POD = """apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  restartPolicy: Never
  initContainers:
  - name: helper
    image: busybox
    restartPolicy: Always
    command: ["sh", "-c", "{helper}"]
  - name: setup
    image: busybox
    command: ["sh", "-c", "echo ready"]
  containers:
  - name: app
    image: nginx
"""


def started(helper: str):
    c = Cluster(seed=4)
    c.run(f"cat <<'EOF' | kubectl apply -f -\n{POD.format(helper=helper)}EOF")
    c.run("sim advance 20s")
    return c


def test_a_sidecar_keeps_running_beside_the_next_init_container_and_the_app():
    c = started("while true; do echo tick; sleep 5; done")
    row = c.run("kubectl get pod web").text.splitlines()[1].split()
    assert row[1:4] == ["2/2", "Running", "0"]
    status = c.get("pods", "web")["status"]
    helper, setup = status["initContainerStatuses"]
    assert "running" in helper["state"] and helper["started"] and helper["ready"]
    assert setup["state"]["terminated"]["reason"] == "Completed"
    assert {x["type"]: x["status"] for x in status["conditions"]}["Initialized"] == "True"
    assert c.run("kubectl logs web -c helper").text.startswith("tick\ntick\n")


def test_a_sidecar_that_exits_restarts_even_in_a_pod_that_never_restarts():
    c = started("echo once; sleep 3; exit 1")
    c.run("sim advance 30s")
    helper = c.get("pods", "web")["status"]["initContainerStatuses"][0]
    assert helper["restartCount"] >= 2
    app = c.get("pods", "web")["status"]["containerStatuses"][0]
    assert "running" in app["state"] and app["restartCount"] == 0
    ready = {x["type"]: x for x in c.get("pods", "web")["status"]["conditions"]}["Ready"]
    if ready["status"] == "False":
        assert ready["message"] == "containers with unready status: [helper]"
