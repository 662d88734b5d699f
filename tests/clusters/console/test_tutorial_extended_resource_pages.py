"""Two kubernetes.io pages typed unchanged, their manifests pasted as a learner would.

- kubernetes/website content/en/docs/tasks/administer-cluster/extended-resource-node.md
- kubernetes/website content/en/docs/tasks/configure-pod-container/extended-resource.md

The node's dongles are advertised with the page's ``curl`` through ``kubectl proxy``: a JSON
patch of nodes/NAME/status (apiserver handlers/patch.go). The kubelet keeps the capacity it does
not measure and copies it into allocatable at its next status update (kubelet/nodestatus/setters.go
MachineInfo); the scheduler counts the extended resource (noderesources/fit.go fitsRequest's
ScalarResources). The page's describe output comes from an older kubectl; the capacity lines and
the FailedScheduling reason are what 1.32 prints. Ages, UIDs and addresses differ.
"""
import json
import re

from clusters import Cluster

ADVERTISE = """curl --header "Content-Type: application/json-patch+json" \\
--request PATCH \\
--data '[{"op": "add", "path": "/status/capacity/example.com~1dongle", "value": "4"}]' \\
http://localhost:8001/api/v1/nodes/node-1/status"""

REMOVE = """curl --header "Content-Type: application/json-patch+json" \\
--request PATCH \\
--data '[{"op": "remove", "path": "/status/capacity/example.com~1dongle"}]' \\
http://localhost:8001/api/v1/nodes/node-1/status"""

POD = """apiVersion: v1
kind: Pod
metadata:
  name: extended-resource-demo
spec:
  containers:
  - name: extended-resource-demo-ctr
    image: nginx
    resources:
      requests:
        example.com/dongle: 3
      limits:
        example.com/dongle: 3
"""

POD_2 = """apiVersion: v1
kind: Pod
metadata:
  name: extended-resource-demo-2
spec:
  containers:
  - name: extended-resource-demo-2-ctr
    image: nginx
    resources:
      requests:
        example.com/dongle: 2
      limits:
        example.com/dongle: 2
"""


def _advertised() -> tuple[Cluster, str]:
    c = Cluster(seed=3)
    c.run("kubectl get nodes")
    assert c.run("kubectl proxy").text.startswith("Starting to serve on 127.0.0.1:8001\n")
    out = c.run(ADVERTISE)
    return c, out.text


def test_the_patch_answers_the_node_with_four_dongles_in_its_capacity():
    c, text = _advertised()
    # The API server pretty-prints for curl (negotiate.go isPrettyPrint), Go's map keys sorted.
    assert text.startswith('{\n  "kind": "Node",\n  "apiVersion": "v1",\n  "metadata": {\n    "name": "node-1",\n')
    assert ('    "capacity": {\n      "cpu": "2",\n      "ephemeral-storage": "100Gi",\n'
            '      "example.com/dongle": "4",\n      "hugepages-1Gi": "0",\n') in text
    assert text.endswith("}")  # json.MarshalIndent: no newline, the prompt follows the brace
    node = json.loads(text)
    assert "example.com/dongle" not in node["status"]["allocatable"]  # the kubelet has not synced yet
    assert node["metadata"]["managedFields"][-1]["manager"] == "curl"


def test_describe_node_shows_the_dongles_and_the_kubelet_keeps_them():
    c, _ = _advertised()
    c.run("sim advance 10s")  # the kubelet's next status update (nodeStatusUpdateFrequency)
    described = c.run("kubectl describe node node-1").text
    assert "Capacity:\n  cpu:                 2\n  ephemeral-storage:   100Gi\n  example.com/dongle:  4\n" in described
    assert "Allocatable:\n  cpu:                 2\n  ephemeral-storage:   100Gi\n  example.com/dongle:  4\n" in described
    c.run("sim advance 10m")  # status reports keep coming; none of them drops what the kubelet does not manage
    cap = c.run("kubectl get node node-1 -o jsonpath='{.status.capacity.example\\.com/dongle}'").text
    assert cap == "4"


def test_removing_the_advertisement_leaves_no_dongle_on_the_node():
    c, _ = _advertised()
    c.run("sim advance 10s")
    out = c.run(REMOVE)
    assert '"example.com/dongle"' not in out.text.split('"allocatable"')[0]
    c.run("sim advance 10s")
    out = c.run("kubectl describe node node-1 | grep dongle")
    assert (out.text, out.exit_code) == ("", 1)  # "(you should not see any output)"


def test_a_pod_gets_three_dongles_and_a_second_asking_two_stays_pending():
    c, _ = _advertised()
    c.run("sim advance 10s")
    c.run(f"cat > extended-resource-pod.yaml <<'EOF'\n{POD}EOF")
    c.run(f"cat > extended-resource-pod-2.yaml <<'EOF'\n{POD_2}EOF")
    assert c.run("kubectl apply -f extended-resource-pod.yaml").text == "pod/extended-resource-demo created\n"
    c.run("sim advance 30s")
    assert re.match(r"NAME +READY +STATUS +RESTARTS +AGE\nextended-resource-demo +1/1 +Running +0 +\d+s\n$",
                    c.run("kubectl get pod extended-resource-demo").text)
    described = c.run("kubectl describe pod extended-resource-demo").text
    assert "    Limits:\n      example.com/dongle:  3\n    Requests:\n      example.com/dongle:  3\n" in described
    assert "Node:             node-1/" in described  # the only node with dongles
    assert c.run("kubectl apply -f extended-resource-pod-2.yaml").text == "pod/extended-resource-demo-2 created\n"
    c.run("sim advance 5s")
    described = c.run("kubectl describe pod extended-resource-demo-2").text
    assert "Conditions:\n  Type           Status\n  PodScheduled   False \n" in described
    assert ("Warning  FailedScheduling  5s    default-scheduler  0/4 nodes are available: 1 node(s) had untolerated "
            "taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient example.com/dongle. preemption: 0/4 "
            "nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for "
            "incoming pod.") in described
    assert re.match(r"NAME +READY +STATUS +RESTARTS +AGE\nextended-resource-demo-2 +0/1 +Pending +0 +5s\n$",
                    c.run("kubectl get pod extended-resource-demo-2").text)
    assert c.run("kubectl delete pod extended-resource-demo").text == 'pod "extended-resource-demo" deleted\n'
    c.run("sim advance 40s")
    # the dongles are free again: the scheduler's retry places the second pod
    assert "Running" in c.run("kubectl get pod extended-resource-demo-2").text
    assert c.run("kubectl delete pod extended-resource-demo-2").text == 'pod "extended-resource-demo-2" deleted\n'


def test_a_node_without_the_resource_never_fits_a_pod_asking_for_it():
    c = Cluster(seed=3)
    c.run(f"cat > p.yaml <<'EOF'\n{POD}EOF")
    c.run("kubectl apply -f p.yaml")
    c.run("sim advance 5s")
    assert "3 Insufficient example.com/dongle." in c.run("kubectl describe pod extended-resource-demo").text
