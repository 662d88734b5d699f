"""cordon, uncordon and drain in kubectl's words (pkg/cmd/drain/drain.go, pkg/drain/filters.go)."""
from clusters import Cluster


def cluster_with_pods():
    """node-1 holds a bare pod, a pod of the DaemonSet agent and, as on any kind
    cluster, kube-proxy's and kindnet's DaemonSet pods; the add-on Deployments'
    replicas (coredns, metrics-server, local-path-provisioner) may land there too."""
    c = Cluster(seed=6)
    c.api.create("pods", {"metadata": {"name": "bare", "namespace": "default"},
                          "spec": {"nodeName": "node-1", "containers": [{"name": "a", "image": "nginx"}]}})
    c.api.create("daemonsets", {"metadata": {"name": "agent", "namespace": "kube-system"},
                                "spec": {"selector": {"matchLabels": {"a": "b"}},
                                         "template": {"metadata": {"labels": {"a": "b"}},
                                                      "spec": {"containers": [{"name": "a", "image": "x"}]}}}})
    c.settle()
    return c


def on_node_1(c, owner_kind):
    """namespace/name of the pods on node-1 whose controller is an owner_kind, as drain lists
    them (namespace/name order), leaving out the default namespace's."""
    return sorted(f"{p['metadata']['namespace']}/{p['metadata']['name']}" for p in c.list("pods", None)
                  if p["spec"].get("nodeName") == "node-1" and p["metadata"]["namespace"] != "default"
                  and any(o.get("controller") and o["kind"] == owner_kind
                          for o in p["metadata"].get("ownerReferences", [])))


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
    daemons = on_node_1(c, "DaemonSet")
    assert len(daemons) == 3  # agent, kindnet, kube-proxy
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
    daemons = on_node_1(c, "DaemonSet")
    # The add-ons' Deployment pods are evicted like any other (pkg/drain/drain.go).
    dns = on_node_1(c, "ReplicaSet")
    assert dns
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
