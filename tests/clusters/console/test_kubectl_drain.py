"""cordon, uncordon and drain in kubectl's words (pkg/cmd/drain/drain.go, pkg/drain/filters.go)."""
from clusters import Cluster


def cluster_with_pods():
    """node-1 holds a bare pod, a pod of the DaemonSet agent and, as on any kubeadm
    cluster, a kube-proxy DaemonSet pod; coredns replicas may land there too."""
    c = Cluster(seed=6)
    c.api.create("pods", {"metadata": {"name": "bare", "namespace": "default"},
                          "spec": {"nodeName": "node-1", "containers": [{"name": "a", "image": "nginx"}]}})
    c.api.create("daemonsets", {"metadata": {"name": "agent", "namespace": "kube-system"},
                                "spec": {"selector": {"matchLabels": {"a": "b"}},
                                         "template": {"metadata": {"labels": {"a": "b"}},
                                                      "spec": {"containers": [{"name": "a", "image": "x"}]}}}})
    c.settle()
    return c


def on_node_1(c, selector):
    """kube-system/<name> of the pods matching selector on node-1, as drain lists them (namespace/name order)."""
    return sorted(f"kube-system/{p['metadata']['name']}" for p in c.list("pods", "kube-system", selector)
                  if p["spec"].get("nodeName") == "node-1")


def test_cordon_and_uncordon_print_node_lines():
    c = Cluster(seed=6)
    assert c.run("kubectl cordon node-1").text == "node/node-1 cordoned\n"
    assert c.get("nodes", "node-1", None)["spec"]["unschedulable"] is True
    assert c.run("kubectl cordon node-1").text == "node/node-1 already cordoned\n"
    assert c.run("kubectl uncordon node-1").text == "node/node-1 uncordoned\n"
    assert "unschedulable" not in c.get("nodes", "node-1", None)["spec"]
    assert c.run("kubectl uncordon node-1").text == "node/node-1 already uncordoned\n"


def test_cordon_of_a_missing_node_is_not_found():
    out = Cluster(seed=6).run("kubectl cordon node-9")
    assert (out.text, out.exit_code) == ('Error from server (NotFound): nodes "node-9" not found\n', 1)


def test_drain_refuses_daemonset_and_unmanaged_pods_and_says_so_filters_go():
    c = cluster_with_pods()
    daemons = on_node_1(c, "a=b") + on_node_1(c, "k8s-app=kube-proxy")
    assert len(daemons) == 2
    out = c.run("kubectl drain node-1")
    problem = (f"[cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): {', '.join(daemons)}, "
               "cannot delete cannot delete Pods that declare no controller (use --force to override): default/bare]")
    assert out.text == ("node/node-1 cordoned\n"
                        f'error: unable to drain node "node-1" due to error: {problem}, continuing command...\n'
                        "There are pending nodes to be drained:\n node-1\n"
                        f"{problem}\n")
    assert out.exit_code == 1
    assert c.get("pods", "bare") is not None


def test_drain_with_ignore_daemonsets_and_force_evicts_and_warns():
    c = cluster_with_pods()
    daemons = on_node_1(c, "a=b") + on_node_1(c, "k8s-app=kube-proxy")
    # coredns and metrics-server are Deployments' pods: evicted like any other (pkg/drain/drain.go).
    dns = on_node_1(c, "k8s-app in (kube-dns,metrics-server)")
    out = c.run("kubectl drain node-1 --ignore-daemonsets --force")
    assert out.text == ("node/node-1 cordoned\n"
                        "Warning: deleting Pods that declare no controller: default/bare; "
                        f"ignoring DaemonSet-managed Pods: {', '.join(daemons)}\n"
                        "evicting pod default/bare\n"
                        + "".join(f"evicting pod {p}\n" for p in dns) +
                        "pod/bare evicted\n"
                        + "".join(f"pod/{p.split('/')[1]} evicted\n" for p in dns) +
                        "node/node-1 drained\n")
    assert c.get("pods", "bare") is None
    assert all(c.get("pods", p.split("/")[1], "kube-system") is not None for p in daemons)
    assert c.bugs == []


def test_drain_dry_run_changes_nothing():
    c = cluster_with_pods()
    out = c.run("kubectl drain node-1 --ignore-daemonsets --force --dry-run=client")
    assert "evicting pod default/bare (dry run)\n" in out.text
    assert out.text.endswith("node/node-1 drained (dry run)\n")
    assert not c.get("nodes", "node-1", None)["spec"].get("unschedulable")
