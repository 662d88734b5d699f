"""A kubernetes.io page's commands typed unchanged, its pod specs pasted as a learner would.

- kubernetes/website content/en/docs/concepts/scheduling-eviction/taint-and-toleration.md
The page's node1 is a node of this cluster; the pods are written here with the page's
tolerations. The scheduler's and the taint eviction controller's verdicts are asserted as
`kubectl get pods -o wide` and `kubectl describe pod` show them. Ages and IPs differ.
"""
from clusters import Cluster

POD = """apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
{extra}  containers:
  - name: nginx
    image: nginx
    imagePullPolicy: IfNotPresent
  tolerations:
{tolerations}"""

EQUAL_NO_SCHEDULE = """  - key: "key1"
    operator: "Equal"
    value: "value1"
    effect: "NoSchedule"
"""
EXISTS_NO_SCHEDULE = """  - key: "key1"
    operator: "Exists"
    effect: "NoSchedule"
"""
EQUAL_NO_EXECUTE = """  - key: "key1"
    operator: "Equal"
    value: "value1"
    effect: "NoExecute"
"""
FOR_AN_HOUR = EQUAL_NO_EXECUTE + "    tolerationSeconds: 3600\n"
EXAMPLE_KEY = """  - key: "example-key"
    operator: "Exists"
    effect: "NoSchedule"
"""


def apply(c, name, tolerations, node=None):
    extra = f"  nodeSelector:\n    kubernetes.io/hostname: {node}\n" if node else ""
    return c.run(f"cat <<EOF | kubectl apply -f -\n{POD.format(name=name, extra=extra, tolerations=tolerations)}EOF")


def workers(c):
    return [r.split()[0] for r in c.run("kubectl get nodes").text.splitlines()[1:] if r.split()[2] == "<none>"]


def where(c, pod):
    """STATUS and NODE of the pod in `kubectl get pods -o wide`."""
    [row] = [r.split() for r in c.run("kubectl get pods -o wide").text.splitlines()[1:] if r.split()[0] == pod]
    return row[2], row[6]


def test_it_adds_and_removes_a_taint_as_the_page_shows():
    c = Cluster(seed=9)
    node1 = workers(c)[0]
    assert c.run(f"kubectl taint nodes {node1} key1=value1:NoSchedule").text == f"node/{node1} tainted\n"
    assert "Taints:             key1=value1:NoSchedule\n" in c.run(f"kubectl describe node {node1}").text
    assert c.run(f"kubectl taint nodes {node1} key1=value1:NoSchedule-").text == f"node/{node1} untainted\n"
    assert "Taints:             <none>\n" in c.run(f"kubectl describe node {node1}").text


def test_only_a_pod_with_a_matching_toleration_schedules_onto_tainted_nodes():
    c = Cluster(seed=9)
    for node in workers(c):
        c.run(f"kubectl taint nodes {node} key1=value1:NoSchedule")
    assert apply(c, "equal", EQUAL_NO_SCHEDULE).text == "pod/equal created\n"
    assert apply(c, "exists", EXISTS_NO_SCHEDULE).text == "pod/exists created\n"
    assert apply(c, "other", EXAMPLE_KEY).text == "pod/other created\n"
    c.run("sim advance 20s")
    assert where(c, "equal")[0] == "Running" and where(c, "equal")[1] in workers(c)
    assert where(c, "exists")[0] == "Running" and where(c, "exists")[1] in workers(c)
    assert where(c, "other") == ("Pending", "<none>")
    assert ("0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, "
            "3 node(s) had untolerated taint {key1: value1}.") in c.run("kubectl describe pod other").text


def test_the_pod_with_the_example_toleration_runs_on_an_untainted_cluster():
    c = Cluster(seed=9)
    assert apply(c, "nginx", EXAMPLE_KEY).text == "pod/nginx created\n"
    c.run("sim advance 20s")
    assert where(c, "nginx")[0] == "Running"
    assert "Tolerations:                 example-key:NoSchedule op=Exists\n" in c.run("kubectl describe pod nginx").text


def three_taints(c, node1):
    return c.run(f"kubectl taint nodes {node1} key1=value1:NoSchedule\n"
                 f"kubectl taint nodes {node1} key1=value1:NoExecute\n"
                 f"kubectl taint nodes {node1} key2=value2:NoSchedule").text


def test_a_pod_tolerating_two_of_three_taints_cannot_schedule_there_but_keeps_running_there():
    c = Cluster(seed=9)
    node1 = workers(c)[0]
    assert apply(c, "running", EQUAL_NO_SCHEDULE + EQUAL_NO_EXECUTE, node=node1).text == "pod/running created\n"
    c.run("sim advance 20s")
    assert where(c, "running") == ("Running", node1)
    assert three_taints(c, node1) == f"node/{node1} tainted\n" * 3
    apply(c, "newcomer", EQUAL_NO_SCHEDULE + EQUAL_NO_EXECUTE, node=node1)
    c.run("sim advance 60s")
    assert where(c, "running") == ("Running", node1)   # key2's NoSchedule does not evict
    assert where(c, "newcomer") == ("Pending", "<none>")  # but it keeps new pods off
    assert "had untolerated taint {key2: value2}" in c.run("kubectl describe pod newcomer").text


def test_a_pod_without_the_no_execute_toleration_is_evicted_at_once():
    c = Cluster(seed=9)
    node1 = workers(c)[0]
    apply(c, "victim", EQUAL_NO_SCHEDULE, node=node1)
    c.run("sim advance 20s")
    c.run(f"kubectl taint nodes {node1} key1=value1:NoExecute")
    c.run("sim advance 40s")
    assert "victim" not in c.run("kubectl get pods").text


def test_toleration_seconds_keep_the_pod_bound_for_an_hour_unless_the_taint_goes():
    c = Cluster(seed=9)
    node1, node2 = workers(c)[:2]
    apply(c, "hour", FOR_AN_HOUR, node=node1)
    apply(c, "saved", FOR_AN_HOUR, node=node2)
    c.run("sim advance 20s")
    c.run(f"kubectl taint nodes {node1} key1=value1:NoExecute")
    c.run(f"kubectl taint nodes {node2} key1=value1:NoExecute")
    c.run("sim advance 59m")
    assert where(c, "hour") == ("Running", node1) and where(c, "saved") == ("Running", node2)
    assert c.run(f"kubectl taint nodes {node2} key1=value1:NoExecute-").text == f"node/{node2} untainted\n"
    c.run("sim advance 2m")
    assert "hour" not in c.run("kubectl get pods").text
    assert where(c, "saved") == ("Running", node2)
    assert "Marking for deletion Pod default/hour" in c.run("kubectl get events").text


def test_dedicated_and_special_hardware_taints_keep_other_pods_away():
    c = Cluster(seed=9)
    dedicated, special, *_ = workers(c)
    assert c.run(f"kubectl taint nodes {dedicated} dedicated=groupName:NoSchedule").text == \
        f"node/{dedicated} tainted\n"
    assert c.run(f"kubectl taint nodes {special} special=true:NoSchedule").text == f"node/{special} tainted\n"
    c.run("kubectl create deployment web --image=nginx --replicas=4")
    c.run("sim advance 30s")
    nodes = {r.split()[6] for r in c.run("kubectl get pods -o wide").text.splitlines()[1:]}
    assert nodes.isdisjoint({dedicated, special})


def test_every_pod_gets_five_minutes_of_not_ready_and_unreachable_tolerations():
    c = Cluster(seed=9)
    apply(c, "nginx", EXAMPLE_KEY)
    described = c.run("kubectl describe pod nginx").text
    assert "node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n" in described
    assert "node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n" in described
