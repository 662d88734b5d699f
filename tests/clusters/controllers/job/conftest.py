"""Factories for the Job controller's tests: a one-node cluster and Jobs whose pods select a node
that does not exist, so no kubelet runs them and each test ends them as a kubelet would report it."""
import pytest

from clusters import Cluster, ClusterSpec, objects


@pytest.fixture
def cluster():
    c = Cluster(ClusterSpec(nodes=1, settle=0), seed=4)
    yield c
    assert c.bugs == []


def job(name="pi", **spec):
    body = {"template": {"spec": {"restartPolicy": "Never", "nodeSelector": {"kubelab/nowhere": "true"},
                                  "containers": [{"name": "pi", "image": "busybox:1.36", "command": ["sh", "-c", "exit 0"]}]}}}
    body.update(spec)
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": name, "namespace": "default"}, "spec": body}


def pods(c, name="pi"):
    return c.list("pods", "default", f"batch.kubernetes.io/job-name={name}")


def end(c, pod, phase, code=None):
    """The kubelet's report of the pod's end: its phase and its container's exit code."""
    new = objects.clone(pod)
    new["status"]["phase"] = phase
    new["status"]["containerStatuses"] = [{"name": "pi", "state": {"terminated": {
        "exitCode": code if code is not None else (0 if phase == "Succeeded" else 1), "finishedAt": c.api.timestamp()}}}]
    c.api.update_status("pods", new, actor="kubelet")
    c.settle()


def cond(j, t):
    return next((x for x in (j.get("status") or {}).get("conditions") or () if x["type"] == t), None)
