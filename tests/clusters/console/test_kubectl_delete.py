"""kubectl delete in kubectl's words (pkg/cmd/delete/delete.go)."""
from clusters import Cluster


def test_delete_prints_kind_group_and_quoted_name_then_the_object_is_gone():
    c = Cluster(seed=8)
    c.run("kubectl create deployment web --image=nginx")
    out = c.run("kubectl delete deployment web")
    assert (out.text, out.exit_code) == ('deployment.apps "web" deleted\n', 0)
    assert c.get("deployments", "web") is None
    assert c.bugs == []


def test_delete_of_a_missing_object_is_not_found():
    out = Cluster(seed=8).run("kubectl delete pod ghost")
    assert (out.text, out.exit_code) == ('Error from server (NotFound): pods "ghost" not found\n', 1)


def test_delete_by_selector_that_matches_nothing_says_no_resources_found():
    out = Cluster(seed=8).run("kubectl delete configmaps -l app=none")
    assert (out.text, out.exit_code) == ("No resources found in default namespace.\n", 0)


def test_force_delete_warns_and_says_force_deleted():
    c = Cluster(seed=8)
    out = c.run("kubectl delete pod kube-scheduler-control-plane -n kube-system --force")
    assert out.text == ("Warning: Immediate deletion does not wait for confirmation that the running resource has been "
                        "terminated. The resource may continue to run on the cluster indefinitely.\n"
                        'pod "kube-scheduler-control-plane" force deleted\n')


def test_delete_all_in_a_namespace():
    c = Cluster(seed=8)
    c.run("kubectl create configmap a --from-literal=x=y")
    c.run("kubectl create configmap b --from-literal=x=y")
    out = c.run("kubectl delete cm --all")
    # --all takes every configmap, root-ca-cert-publisher's kube-root-ca.crt too
    # (pkg/controller/certificates/rootcacertpublisher/publisher.go), which comes straight back.
    assert out.text == 'configmap "a" deleted\nconfigmap "b" deleted\nconfigmap "kube-root-ca.crt" deleted\n'
    assert c.run("kubectl get cm -o name").text == "configmap/kube-root-ca.crt\n"


def test_delete_with_dry_run_keeps_the_object():
    c = Cluster(seed=8)
    c.run("kubectl create namespace dev")
    assert c.run("kubectl delete ns dev --dry-run=client").text == 'namespace "dev" deleted (dry run)\n'
    assert c.get("namespaces", "dev", None) is not None


def test_scale_prints_scaled_and_checks_current_replicas_scale_go():
    c = Cluster(seed=8)
    c.run("kubectl create deployment web --image=nginx")
    assert c.run("kubectl scale deployment web --replicas=3").text == "deployment.apps/web scaled\n"
    assert c.get("deployments", "web")["spec"]["replicas"] == 3
    out = c.run("kubectl scale deploy/web --replicas=2 --current-replicas=5")
    assert (out.text, out.exit_code) == ("error: Expected replicas to be 5, was 3\n", 1)
    assert c.run("kubectl scale deploy web").text == 'error: required flag(s) "replicas" not set\n'
