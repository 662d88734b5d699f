"""The scheduler as a learner sees it: Scheduled and FailedScheduling events, PodScheduled, recorded scores."""
import pytest

from clusters import objects
from clusters.kubelet import add_node
from clusters.scheduler.framework import fit_error_message, num_feasible_nodes_to_find, Status, UNSCHEDULABLE
from clusters.scheduler.records import Decision, DecisionLog
from clusters.spec import NodeSpec

from tests.clusters.scheduler.conftest import events_for, make_pod


def test_it_binds_a_pod_and_records_scheduled_event_schedule_one_go(cluster):
    pod = make_pod(cluster, "web", cpu="100m")
    node = pod["spec"]["nodeName"]
    assert node.startswith("node-")
    [ev] = events_for(cluster, "web", "Scheduled")
    assert ev["type"] == "Normal"
    assert ev["message"] == f"Successfully assigned default/web to {node}"
    assert ev["source"]["component"] == "default-scheduler"


def test_insufficient_cpu_message_with_preemption_suffix_types_go(workers_only):
    c = workers_only
    pod = make_pod(c, "big", cpu="5")
    # framework/types.go FitError: "0/%v nodes are available: <sorted histogram>." and the PostFilter
    # message of DefaultPreemption, whose own FitError ends in "." before the outer "." (hence "..").
    msg = ("0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: "
           "3 No preemption victims found for incoming pod..")
    [ev] = events_for(c, "big", "FailedScheduling")
    assert ev["type"] == "Warning" and ev["message"] == msg
    [cond] = [x for x in pod["status"]["conditions"] if x["type"] == "PodScheduled"]
    assert (cond["status"], cond["reason"], cond["message"]) == ("False", "Unschedulable", msg)
    assert "nodeName" not in pod["spec"]


def test_reasons_are_counted_and_sorted_like_sort_strings_types_go(cluster):
    make_pod(cluster, "huge", cpu="3", memory="20Gi")
    [ev] = events_for(cluster, "huge", "FailedScheduling")
    assert ev["message"] == (
        "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, "
        "3 Insufficient cpu, 3 Insufficient memory. preemption: 0/4 nodes are available: "
        "1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod..")


def test_fit_error_message_without_postfilter_types_go():
    statuses = {"a": Status(UNSCHEDULABLE, ("Insufficient cpu",)), "b": Status(UNSCHEDULABLE, ("Insufficient cpu",)),
                "c": Status(UNSCHEDULABLE, ("Insufficient cpu",))}
    assert fit_error_message(3, statuses) == "0/3 nodes are available: 3 Insufficient cpu."


def test_num_feasible_nodes_to_find_schedule_one_go():
    assert num_feasible_nodes_to_find(50) == 50
    assert num_feasible_nodes_to_find(100) == 100
    assert num_feasible_nodes_to_find(1000) == 420  # 50 - 1000/125 = 42 %
    assert num_feasible_nodes_to_find(5000) == 500  # 50 - 40 = 10 %
    assert num_feasible_nodes_to_find(10000) == 500  # floor of 5 %


def test_every_decision_keeps_filter_verdicts_and_weighted_scores(cluster):
    make_pod(cluster, "web", cpu="500m", memory="1Gi")
    d = cluster.scheduler.decision("default", "web")
    assert d.node == cluster.get("pods", "web")["spec"]["nodeName"]
    assert d.filtered == {"control-plane": ("TaintToleration",
                                            ("node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }",))}
    assert d.feasible == ["node-1", "node-2", "node-3"]
    assert d.weights == {"TaintToleration": 3, "NodeResourcesFit": 1, "NodeResourcesBalancedAllocation": 1,
                         "ImageLocality": 1}
    assert d.skipped == ["NodeAffinity", "PodTopologySpread", "InterPodAffinity"]
    scores = d.scores_of(d.node)
    # No PreferNoSchedule taint anywhere: 0 intolerable → reverse-normalised to 100, × 3.
    assert scores["TaintToleration"] == {"raw": 0, "normalized": 100, "weight": 3, "weighted": 300}
    # LeastAllocated on 2 CPUs / 8Gi: cpu (2000-500)*100/2000 = 75, memory (8-1)*100/8 = 87 → (75+87)//2 = 81.
    assert scores["NodeResourcesFit"]["raw"] == 81
    # BalancedAllocation: |0.25 - 0.125| / 2 = 0.0625 → int(93.75) = 93.
    assert scores["NodeResourcesBalancedAllocation"]["raw"] == 93
    text = d.render(cluster.epoch)
    assert "TaintToleration(×3)" in text and "Chosen: " + d.node in text


def test_the_less_loaded_node_wins_and_least_allocated_decided_it(cluster):
    make_pod(cluster, "a", cpu="1", memory="1Gi", nodeName="node-1")
    make_pod(cluster, "b", cpu="1", memory="1Gi", nodeName="node-2")
    make_pod(cluster, "c", cpu="200m", memory="256Mi")
    d = cluster.scheduler.decision("default", "c")
    assert d.node == "node-3"
    assert d.decided_by() == "NodeResourcesFit"
    assert d.ties == 1


def test_node_selector_filters_with_node_affinity_reason(cluster):
    make_pod(cluster, "sel", nodeSelector={"disktype": "ssd"})
    [ev] = events_for(cluster, "sel", "FailedScheduling")
    assert ev["message"].startswith("0/4 nodes are available: 1 node(s) had untolerated taint "
                                    "{node-role.kubernetes.io/control-plane: }, 3 node(s) didn't match Pod's node affinity/selector.")
    assert ev["message"].endswith("preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling..")


def test_unschedulable_pod_is_retried_when_a_node_joins_queue_go(workers_only):
    c = workers_only
    make_pod(c, "big", cpu="3")
    add_node(c, NodeSpec(name="node-4", cpu="4"))
    c.settle()
    c.advance(10)
    assert c.get("pods", "big")["spec"].get("nodeName") == "node-4"
    [ev] = events_for(c, "big", "Scheduled")
    assert ev["message"] == "Successfully assigned default/big to node-4"


def test_deleting_a_pod_frees_room_for_a_pending_one(workers_only):
    c = workers_only
    for i in range(3):
        make_pod(c, f"fill-{i}", cpu="1500m")
    make_pod(c, "late", cpu="1")
    assert not c.get("pods", "late")["spec"].get("nodeName")
    c.api.delete("pods", "fill-0", "default", grace_period=0)
    c.settle()
    c.advance(5)
    assert c.get("pods", "late")["spec"].get("nodeName")


def test_host_port_conflict_node_ports_go(workers_only):
    c = workers_only
    port = {"ctr": None}
    for i in range(4):
        c.api.create("pods", {"metadata": {"name": f"hp-{i}", "namespace": "default"}, "spec": {"containers": [
            {"name": "app", "image": "nginx:1.27", "ports": [{"containerPort": 80, "hostPort": 8080}]}]}})
        c.settle()
    [ev] = events_for(c, "hp-3", "FailedScheduling")
    assert ev["message"].startswith("0/3 nodes are available: 3 node(s) didn't have free ports for the requested pod ports.")
    assert port


def test_required_anti_affinity_spreads_one_per_node_inter_pod_affinity(workers_only):
    c = workers_only
    aff = {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
        {"labelSelector": {"matchLabels": {"app": "db"}}, "topologyKey": "kubernetes.io/hostname"}]}}
    nodes = set()
    for i in range(3):
        nodes.add(make_pod(c, f"db-{i}", labels={"app": "db"}, affinity=aff)["spec"]["nodeName"])
    assert nodes == {"node-1", "node-2", "node-3"}
    make_pod(c, "db-3", labels={"app": "db"}, affinity=aff)
    [ev] = events_for(c, "db-3", "FailedScheduling")
    assert "3 node(s) didn't satisfy existing pods anti-affinity rules" in ev["message"]


def test_topology_spread_do_not_schedule_pod_topology_spread(workers_only):
    c = workers_only
    tsc = [{"maxSkew": 1, "topologyKey": "kubernetes.io/hostname", "whenUnsatisfiable": "DoNotSchedule",
            "labelSelector": {"matchLabels": {"app": "w"}}}]
    placed = [make_pod(c, f"w-{i}", labels={"app": "w"}, topologySpreadConstraints=tsc)["spec"]["nodeName"] for i in range(6)]
    assert sorted(placed.count(n) for n in ("node-1", "node-2", "node-3")) == [2, 2, 2]


def test_preemption_evicts_a_lower_priority_pod_default_preemption(workers_only):
    c = workers_only
    for i in range(3):
        make_pod(c, f"low-{i}", cpu="1500m")
    c.run("kubectl create priorityclass high --value=1000")
    make_pod(c, "vip", cpu="1500m", priorityClassName="high")
    pod = c.get("pods", "vip")
    assert pod["status"].get("nominatedNodeName")
    d = c.scheduler.decision("default", "vip")
    assert d.message == "0/3 nodes are available: 3 Insufficient cpu."  # PostFilter succeeded: no suffix
    [victim] = [v.split("/")[1] for v in d.victims]
    gone = c.get("pods", victim)
    assert gone is None or gone["metadata"].get("deletionTimestamp")
    [ev] = events_for(c, victim, "Preempted")
    assert ev["message"] == f"Preempted by pod {pod['metadata']['uid']} on node {pod['status']['nominatedNodeName']}"
    c.advance(40)
    assert c.get("pods", "vip")["spec"].get("nodeName") == pod["status"]["nominatedNodeName"]


def test_ties_are_broken_by_the_seeded_generator_select_host(cluster):
    nodes = [make_pod(cluster, f"p{i}")["spec"]["nodeName"] for i in range(6)]
    from clusters import Cluster, ClusterSpec

    again = Cluster(ClusterSpec(nodes=3, addons=False, settle=0), seed=3)
    assert [make_pod(again, f"p{i}")["spec"]["nodeName"] for i in range(6)] == nodes
    assert len(set(nodes)) > 1


def test_decisions_are_bounded_in_memory_records():
    log = DecisionLog(max_decisions=5)
    for i in range(12):
        log.add(Decision("default", f"p{i}", "u", float(i), 1))
    assert len(log) == 5
    assert log.latest("default", "p0") is None
    assert log.latest("default", "p11").pod == "p11"


def test_kept_scores_equal_fresh_ones_after_pods_come_and_go(cluster):
    """score_memo.py: a value kept per node equals the plugin's arithmetic on the node as it is now."""
    from clusters.scheduler.framework import PodInfo

    s = cluster.scheduler
    cluster.run("kubectl create deployment web --image=nginx --replicas=5")
    make_pod(cluster, "x", cpu="700m", memory="3Gi", nodeName="node-1")
    cluster.advance(30)
    cluster.run("kubectl scale deployment web --replicas=2")
    cluster.run("kubectl delete pod x")
    cluster.advance(30)
    pod = objects.clone(cluster.api.list("pods", "default")[0])
    pod["metadata"]["name"] = "probe"
    pod["spec"].pop("nodeName")
    pi = PodInfo(pod)
    nodes = s.cache.order
    s.score_memo.sync(s.cache)
    checked = 0
    for pl in s.score_plugins:
        state: dict = {}
        if pl.pre_score(state, pi, nodes):
            continue
        key = pl.memo_key(state, pi)
        if key is None:
            continue
        kept = s.score_memo.values(pl, key, state, pi, nodes)
        assert kept == [pl.score_node(state, pi, ni) for ni in nodes], pl.name
        checked += 1
    assert checked >= 3  # NodeResourcesFit, PodTopologySpread, ImageLocality at least


def test_a_nominated_pod_keeps_its_room_run_filter_plugins_with_nominated_pods(workers_only):
    """framework.go RunFilterPluginsWithNominatedPods: a node's nominated pods of equal or higher
    priority count against it when other pods are filtered."""
    c = workers_only
    c.run("kubectl create priorityclass high --value=1000")
    c.run("kubectl create priorityclass higher --value=2000")
    make_pod(c, "vip", cpu="1500m", priorityClassName="high", nodeSelector={"disk": "ssd"})
    vip = objects.clone(c.get("pods", "vip"))
    vip["status"]["nominatedNodeName"] = "node-1"  # as DefaultPreemption leaves it
    c.api.update("pods", vip, subresource="status")
    make_pod(c, "low", cpu="1000m", nodeSelector={"kubernetes.io/hostname": "node-1"})
    assert "nodeName" not in c.get("pods", "low")["spec"]
    [ev] = events_for(c, "low", "FailedScheduling")
    assert ev["message"].startswith("0/3 nodes are available: 1 Insufficient cpu, "
                                    "2 node(s) didn't match Pod's node affinity/selector.")
    # A pod of higher priority than the nominated one is not held back by it.
    make_pod(c, "vvip", cpu="1000m", priorityClassName="higher", nodeSelector={"kubernetes.io/hostname": "node-1"})
    assert c.get("pods", "vvip")["spec"].get("nodeName") == "node-1"
    c.run("kubectl delete pod vvip --grace-period=0 --force")
    c.run("kubectl delete pod vip")
    c.advance(60)
    assert c.get("pods", "low")["spec"].get("nodeName") == "node-1"


def test_priority_comes_from_the_priority_class_priority_admission(cluster):
    """plugin/pkg/admission/priority/admission.go: class value and policy; a stated priority must agree."""
    cluster.run("kubectl create priorityclass batch --value=-5 --preemption-policy=Never")
    pod = make_pod(cluster, "b", priorityClassName="batch")
    assert (pod["spec"]["priority"], pod["spec"]["preemptionPolicy"]) == (-5, "Never")
    plain = make_pod(cluster, "plain")
    assert (plain["spec"]["priority"], plain["spec"]["preemptionPolicy"]) == (0, "PreemptLowerPriority")
    out = cluster.run("kubectl run x --image=nginx --overrides='{\"spec\":{\"priorityClassName\":\"nope\"}}'")
    assert out.text == 'Error from server (Forbidden): pods "x" is forbidden: no PriorityClass with name nope was found\n'
    out = cluster.run("kubectl run y --image=nginx --overrides='{\"spec\":{\"priority\":7}}'")
    assert out.text == ('Error from server (Forbidden): pods "y" is forbidden: the integer value of priority (7) must not be '
                        'provided in pod spec; priority admission controller computed 0 from the given PriorityClass name\n')
