"""NodeAffinity's PreFilterResult (node_affinity.go PreFilter; schedule_one.go findNodesThatFitPod):
a pod whose required terms name nodes is filtered on those nodes only, and the others count
as "node(s) didn't satisfy plugin(s) [NodeAffinity]" in FailedScheduling."""
from clusters import Cluster

BIG_DAEMON = """apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: big
spec:
  selector:
    matchLabels: {app: big}
  template:
    metadata:
      labels: {app: big}
    spec:
      containers:
      - name: c
        image: nginx
        resources:
          requests:
            cpu: "1900m"
"""


def failed_scheduling(c, selector):
    out = c.run(f"kubectl describe pods -l {selector}").text
    return sorted({line.split("default-scheduler  ", 1)[1] for line in out.splitlines() if "FailedScheduling" in line})


def test_a_daemon_pod_that_does_not_fit_its_node_names_the_other_nodes_as_prefilter_rejected():
    c = Cluster(seed=1)
    c.run("cat <<EOF | kubectl apply -f -\n" + BIG_DAEMON + "EOF")
    c.run("sim advance 5s")
    assert failed_scheduling(c, "app=big") == [
        "0/4 nodes are available: 1 Insufficient cpu, 3 node(s) didn't satisfy plugin(s) [NodeAffinity]. "
        "preemption: 0/4 nodes are available: 1 No preemption victims found for incoming pod, "
        "3 Preemption is not helpful for scheduling.."]
    assert c.bugs == []


def test_a_pod_naming_a_node_that_does_not_exist_is_refused_for_every_node():
    c = Cluster(seed=1)
    c.run("kubectl run ghost --image=nginx --overrides='{\"spec\":{\"affinity\":{\"nodeAffinity\":{"
          "\"requiredDuringSchedulingIgnoredDuringExecution\":{\"nodeSelectorTerms\":[{\"matchFields\":["
          "{\"key\":\"metadata.name\",\"operator\":\"In\",\"values\":[\"node-9\"]}]}]}}}}}'")
    c.run("sim advance 5s")
    [message] = failed_scheduling(c, "run=ghost")
    assert message.startswith("0/4 nodes are available: 4 node(s) didn't satisfy plugin(s) [NodeAffinity]. ")


def test_terms_that_name_no_common_node_conflict():
    c = Cluster(seed=1)
    c.run("kubectl run torn --image=nginx --overrides='{\"spec\":{\"affinity\":{\"nodeAffinity\":{"
          "\"requiredDuringSchedulingIgnoredDuringExecution\":{\"nodeSelectorTerms\":[{\"matchFields\":["
          "{\"key\":\"metadata.name\",\"operator\":\"In\",\"values\":[\"node-1\"]},"
          "{\"key\":\"metadata.name\",\"operator\":\"In\",\"values\":[\"node-2\"]}]}]}}}}}'")
    c.run("sim advance 5s")
    [message] = failed_scheduling(c, "run=torn")
    assert message.startswith("0/4 nodes are available: pod affinity terms conflict. ")


def test_a_named_node_that_fits_gets_the_pod():
    c = Cluster(seed=1)
    c.run("kubectl run pinned --image=nginx --overrides='{\"spec\":{\"affinity\":{\"nodeAffinity\":{"
          "\"requiredDuringSchedulingIgnoredDuringExecution\":{\"nodeSelectorTerms\":[{\"matchFields\":["
          "{\"key\":\"metadata.name\",\"operator\":\"In\",\"values\":[\"node-2\"]}]}]}}}}}'")
    c.run("sim advance 5s")
    assert c.get("pods", "pinned")["spec"]["nodeName"] == "node-2"
