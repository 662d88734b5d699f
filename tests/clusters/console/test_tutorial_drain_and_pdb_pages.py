"""Two kubernetes.io pages typed unchanged, their manifests pasted as a learner would.

- kubernetes/website content/en/docs/tasks/run-application/configure-pdb.md
- kubernetes/website content/en/docs/tasks/administer-cluster/safely-drain-node.md
The budgets select app=zookeeper pods as the page's do; the pods here come from a
StatefulSet written for this test (the page assumes "say, 3" matching pods), whose pods,
like the ZooKeeper tutorial's, turn ready 10 s after they start. The eviction
refusals and retries are kubectl's words (kubernetes/kubectl:pkg/drain/drain.go evictPods)
for the API server's 429 (pkg/registry/core/pod/storage/eviction.go). Ages differ.
"""
from clusters import Cluster

MIN_AVAILABLE = """apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: zk-pdb
spec:
  minAvailable: 2
  selector:
    matchLabels:
      app: zookeeper
"""

MAX_UNAVAILABLE = """apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: zk-pdb
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: zookeeper
"""

ZK = """apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: zk
spec:
  serviceName: zk-hs
  replicas: 3
  selector:
    matchLabels:
      app: zookeeper
  template:
    metadata:
      labels:
        app: zookeeper
    spec:
      containers:
      - name: kubernetes-zookeeper
        image: nginx
        readinessProbe:
          httpGet:
            path: /
            port: 80
          initialDelaySeconds: 10
"""

RETRY = ('error when evicting pods/"{pod}" -n "default" (will retry after 5s): '
         "Cannot evict pod as it would violate the pod's disruption budget.\n")


def apply(c, manifest):
    return c.run(f"cat <<EOF | kubectl apply -f -\n{manifest}EOF")


def pdb_row(c):
    [row] = c.run("kubectl get poddisruptionbudgets").text.splitlines()[1:]
    return row.split()[:4]


def with_zookeeper(budget=MIN_AVAILABLE):
    c = Cluster(seed=5)
    apply(c, ZK)
    apply(c, budget)
    c.run("sim advance 60s")
    return c


def node_of(c, pod):
    return c.get("pods", pod)["spec"]["nodeName"]


def test_a_budget_without_matching_pods_allows_no_disruption_as_configure_pdb_shows():
    c = Cluster(seed=5)
    assert apply(c, MIN_AVAILABLE).text == "poddisruptionbudget.policy/zk-pdb created\n"
    c.run("sim advance 7s")
    out = c.run("kubectl get poddisruptionbudgets").text
    assert out.splitlines()[0].split() == ["NAME", "MIN", "AVAILABLE", "MAX", "UNAVAILABLE", "ALLOWED", "DISRUPTIONS", "AGE"]
    assert pdb_row(c) == ["zk-pdb", "2", "N/A", "0"]
    # The disruption controller says why (disruption.go trySync).
    assert "Normal  NoPods  " in c.run("kubectl describe pdb zk-pdb").text
    assert "No matching pods found" in c.run("kubectl describe pdb zk-pdb").text


def test_three_matching_pods_allow_one_disruption_and_the_status_counts_them():
    c = with_zookeeper()
    assert pdb_row(c) == ["zk-pdb", "2", "N/A", "1"]
    status = c.run("kubectl get poddisruptionbudgets zk-pdb -o yaml").text.split("\nstatus:\n", 1)[1]
    for line in ("  currentHealthy: 3\n", "  desiredHealthy: 2\n", "  disruptionsAllowed: 1\n", "  expectedPods: 3\n",
                 "  observedGeneration: 1\n", "    reason: SufficientPods\n", "    type: DisruptionAllowed\n"):
        assert line in status
    assert c.run("kubectl describe pdb zk-pdb").text.startswith(
        "Name:           zk-pdb\n"
        "Namespace:      default\n"
        "Min available:  2\n"
        "Selector:       app=zookeeper\n"
        "Status:\n"
        "    Allowed disruptions:  1\n"
        "    Current:              3\n"
        "    Desired:              2\n"
        "    Total:                3\n")


def test_max_unavailable_means_the_same_for_a_set_of_three():
    c = with_zookeeper(MAX_UNAVAILABLE)
    assert pdb_row(c) == ["zk-pdb", "N/A", "1", "1"]
    assert "Max unavailable:  1\n" in c.run("kubectl describe pdb zk-pdb").text


def test_percentages_round_up_against_the_controllers_scale():
    c = with_zookeeper()
    c.run("kubectl patch pdb zk-pdb --type=merge -p '{\"spec\":{\"minAvailable\":\"50%\"}}'")
    c.run("sim advance 1s")
    assert c.run("kubectl get pdb zk-pdb -o jsonpath='{.status.desiredHealthy} {.status.disruptionsAllowed}'").text == "2 1"


def test_it_drains_a_node_respecting_the_budget_and_retries_what_it_refuses():
    c = with_zookeeper()
    nodes = [node_of(c, f"zk-{i}") for i in range(3)]
    assert len(set(nodes)) == 3  # one pod a node, as the scheduler spreads them
    first, second = nodes[1], nodes[2]
    out = c.run(f"kubectl drain --ignore-daemonsets {first} {second}")
    assert out.exit_code == 0
    lines = out.text.splitlines(keepends=True)
    assert lines[:2] == [f"node/{first} cordoned\n", f"node/{second} cordoned\n"]
    # The first eviction spends the budget's one disruption; the second is refused until zk-1
    # is back and ready elsewhere, then granted.
    assert "evicting pod default/zk-1\n" in lines and "pod/zk-1 evicted\n" in lines
    assert RETRY.format(pod="zk-2") in lines
    assert RETRY.format(pod="zk-1") not in lines
    assert lines.count("evicting pod default/zk-2\n") >= 2
    assert lines.index("pod/zk-2 evicted\n") > lines.index(RETRY.format(pod="zk-2"))
    assert lines[-1] == f"node/{second} drained\n"
    c.run("sim advance 30s")
    assert {node_of(c, f"zk-{i}") for i in range(3)} == {nodes[0]}
    assert pdb_row(c) == ["zk-pdb", "2", "N/A", "1"]
    assert c.run(f"kubectl uncordon {first}").text == f"node/{first} uncordoned\n"


def test_an_evicted_pod_carries_the_disruption_target_condition():
    c = with_zookeeper()
    node = node_of(c, "zk-0")
    c.run("sim pause")
    c.run(f"kubectl cordon {node}")
    c.api.evict("zk-0", "default")
    cond = [x for x in c.get("pods", "zk-0")["status"]["conditions"] if x["type"] == "DisruptionTarget"]
    assert [(x["status"], x["reason"], x["message"]) for x in cond] == [("True", "EvictionByEvictionAPI",
                                                                         "Eviction API: evicting")]


def test_a_budget_that_allows_nothing_keeps_drain_retrying_until_its_timeout():
    c = with_zookeeper()
    c.run("kubectl patch pdb zk-pdb --type=merge -p '{\"spec\":{\"minAvailable\":3}}'")
    node = node_of(c, "zk-0")
    out = c.run(f"kubectl drain --ignore-daemonsets {node} --timeout=12s")
    assert out.exit_code == 1
    assert out.text.count(RETRY.format(pod="zk-0")) == 3  # at 0s, 5s and 10s
    assert (f'error: unable to drain node "{node}" due to error: error when evicting pods/"zk-0" -n "default": '
            f"global timeout reached: 12s, continuing command...\n") in out.text
    assert out.text.endswith(f'There are pending nodes to be drained:\n {node}\n'
                             'error when evicting pods/"zk-0" -n "default": global timeout reached: 12s\n')
    assert c.get("pods", "zk-0")["spec"]["nodeName"] == node


def test_a_pod_under_two_budgets_cannot_be_evicted():
    c = with_zookeeper()
    c.run("kubectl create pdb other --selector=app=zookeeper --max-unavailable=1")
    c.run("sim advance 1s")
    node = node_of(c, "zk-0")
    out = c.run(f"kubectl drain --ignore-daemonsets {node} --timeout=12s")
    assert ('error when evicting pods/"zk-0" -n "default": This pod has more than one PodDisruptionBudget, '
            "which the eviction subresource does not support.") in out.text
    assert out.exit_code == 1


def test_drain_as_a_user_without_the_eviction_permission_is_forbidden():
    c = with_zookeeper()
    c.run("kubectl create clusterrole drainer --verb=get,list,patch --resource=nodes,pods")
    c.run("kubectl create clusterrolebinding drainer --clusterrole=drainer --user=jane")
    out = c.run(f"kubectl drain --ignore-daemonsets {node_of(c, 'zk-0')} --as=jane")
    assert ('pods "zk-0" is forbidden: User "jane" cannot create resource "pods/eviction" in API group "" '
            'in the namespace "default"') in out.text
