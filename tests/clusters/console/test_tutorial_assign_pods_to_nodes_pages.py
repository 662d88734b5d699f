"""Two kubernetes.io pages typed unchanged, their manifests pasted as a learner would.

- kubernetes/website content/en/docs/tasks/configure-pod-container/assign-pods-nodes.md
- kubernetes/website content/en/docs/tasks/configure-pod-container/assign-pods-nodes-using-node-affinity.md
The pages' nodes are worker0..2; a learner types this cluster's node names. The manifests
below are written here to describe the same pods. Ages and IPs differ from the pages.
"""
from clusters import Cluster

NODE_SELECTOR = """apiVersion: v1
kind: Pod
metadata:
  name: nginx
  labels:
    env: test
spec:
  containers:
  - name: nginx
    image: nginx
    imagePullPolicy: IfNotPresent
  nodeSelector:
    disktype: ssd
"""

NODE_NAME = """apiVersion: v1
kind: Pod
metadata:
  name: nginx
spec:
  nodeName: {node}
  containers:
  - name: nginx
    image: nginx
    imagePullPolicy: IfNotPresent
"""

REQUIRED = """apiVersion: v1
kind: Pod
metadata:
  name: nginx
spec:
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - key: disktype
            operator: In
            values:
            - ssd
  containers:
  - name: nginx
    image: nginx
    imagePullPolicy: IfNotPresent
"""

PREFERRED = """apiVersion: v1
kind: Pod
metadata:
  name: nginx
spec:
  affinity:
    nodeAffinity:
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 1
        preference:
          matchExpressions:
          - key: disktype
            operator: In
            values:
            - ssd
  containers:
  - name: nginx
    image: nginx
    imagePullPolicy: IfNotPresent
"""


def apply(c, manifest):
    return c.run(f"cat <<EOF | kubectl apply -f -\n{manifest}EOF")


def rows(text):
    return [line.split() for line in text.splitlines()[1:]]


def workers(c):
    """The nodes a learner would pick from `kubectl get nodes --show-labels`: those without a role."""
    return [r[0] for r in rows(c.run("kubectl get nodes --show-labels").text) if r[2] == "<none>"]


def labels_of(c, node):
    [row] = [r for r in rows(c.run("kubectl get nodes --show-labels").text) if r[0] == node]
    return row[5].split(",")


def wide(c):
    """NAME, READY, STATUS, NODE of `kubectl get pods --output=wide`."""
    return [(r[0], r[1], r[2], r[6]) for r in rows(c.run("kubectl get pods --output=wide").text)]


def test_it_lists_nodes_with_their_labels_as_the_page_shows():
    c = Cluster(seed=11)
    out = c.run("kubectl get nodes --show-labels").text
    assert out.splitlines()[0].split() == ["NAME", "STATUS", "ROLES", "AGE", "VERSION", "LABELS"]
    for node in workers(c):
        assert f"kubernetes.io/hostname={node}" in labels_of(c, node)


def label_and_run(c, chosen, manifest):
    """The pages' steps: label the chosen node disktype=ssd, apply the pod, list it wide a while later."""
    assert c.run(f"kubectl label nodes {chosen} disktype=ssd").text == f"node/{chosen} labeled\n"
    assert apply(c, manifest).text == "pod/nginx created\n"
    c.run("sim advance 20s")
    return wide(c)


def test_it_labels_a_node_and_a_node_selector_pod_runs_there():
    c = Cluster(seed=11)
    chosen = workers(c)[1]
    assert label_and_run(c, chosen, NODE_SELECTOR) == [("nginx", "1/1", "Running", chosen)]
    assert "disktype=ssd" in labels_of(c, chosen)
    assert all("disktype=ssd" not in labels_of(c, n) for n in workers(c) if n != chosen)


def test_a_node_selector_pod_waits_while_no_node_has_the_label():
    c = Cluster(seed=11)
    apply(c, NODE_SELECTOR)
    c.run("sim advance 20s")
    assert wide(c) == [("nginx", "0/1", "Pending", "<none>")]
    assert "node(s) didn't match Pod's node affinity/selector" in c.run("kubectl describe pod nginx").text
    chosen = workers(c)[0]
    c.run(f"kubectl label nodes {chosen} disktype=ssd")
    c.run("sim advance 20s")
    assert wide(c) == [("nginx", "1/1", "Running", chosen)]


def test_a_pod_with_node_name_runs_on_that_node_without_the_scheduler():
    c = Cluster(seed=11)
    chosen = workers(c)[2]
    assert apply(c, NODE_NAME.format(node=chosen)).text == "pod/nginx created\n"
    c.run("sim advance 20s")
    assert wide(c) == [("nginx", "1/1", "Running", chosen)]
    assert "default-scheduler" not in c.run("kubectl describe pod nginx").text  # nodeName bypasses the scheduler


def test_the_pages_foo_node_pod_waits_unscheduled_until_pod_gc_deletes_it():
    """Typed unchanged, nodeName: foo-node names no node: no kubelet runs the pod, and the pod
    garbage collector deletes it once foo-node has been missing for 40 s (podgc gc_controller.go)."""
    c = Cluster(seed=11)
    assert apply(c, NODE_NAME.format(node="foo-node")).text == "pod/nginx created\n"
    c.run("sim advance 20s")
    assert wide(c) == [("nginx", "0/1", "Pending", "foo-node")]
    c.run("sim advance 60s")
    assert c.run("kubectl get pods").text == "No resources found in default namespace.\n"


def test_it_schedules_with_required_node_affinity_onto_the_labelled_node():
    c = Cluster(seed=11)
    chosen = workers(c)[2]
    assert label_and_run(c, chosen, REQUIRED) == [("nginx", "1/1", "Running", chosen)]


def test_it_schedules_with_preferred_node_affinity_onto_the_labelled_node():
    c = Cluster(seed=11)
    for chosen in workers(c):  # whichever node the learner labels, the preference wins
        c.run("kubectl delete pod nginx --ignore-not-found")
        c.run("kubectl label nodes --all disktype-")
        assert label_and_run(c, chosen, PREFERRED) == [("nginx", "1/1", "Running", chosen)]


def test_a_preferred_affinity_pod_still_runs_when_no_node_has_the_label():
    c = Cluster(seed=11)
    apply(c, PREFERRED)
    c.run("sim advance 20s")
    [(_, ready, status, node)] = wide(c)
    assert (ready, status) == ("1/1", "Running") and node in workers(c)
