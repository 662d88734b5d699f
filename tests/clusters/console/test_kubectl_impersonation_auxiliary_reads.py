"""--as and the reads kubectl makes besides the object itself (kubectl/pkg/describe/describe.go and the verbs).

Each auxiliary read is authorized as its own request, and each is handled as
kubectl handles its error: most describers drop searchEvents' error and print
``Events: <none>``; NodeDescriber prints ``Pods: not authorized``; others
return the error, which describe collects after the objects it could print.
"""
from __future__ import annotations

import pytest

from clusters import Cluster


@pytest.fixture
def cluster():
    c = Cluster(seed=1)
    c.run("kubectl create deployment web --image=nginx --replicas=2")
    c.run("kubectl expose deployment web --port=80")
    c.run("kubectl create configmap cfg --from-literal=a=b")
    c.run("kubectl create serviceaccount robot")
    c.run("kubectl create clusterrole reader --verb=get "
          "--resource=pods,deployments,replicasets,services,configmaps,serviceaccounts,nodes,namespaces")
    c.run("kubectl create clusterrolebinding jane-reads --clusterrole=reader --user=jane")
    c.run("sleep 30")
    return c


def _forbidden(verb, resource, group="", where='in the namespace "default"', name=""):
    subject = f'{resource}.{group}' if group else resource
    subject += f' "{name}"' if name else ""
    return (f'Error from server (Forbidden): {subject} is forbidden: User "jane" cannot {verb} resource '
            f'"{resource}" in API group "{group}" {where}\n')


def test_describe_pod_without_events_access_prints_events_none_describe_go_search_events(cluster):
    pod = cluster.api.list("pods", "default")[0]["metadata"]["name"]
    out = cluster.run(f"kubectl describe pod {pod} --as=jane")
    assert out.exit_code == 0
    assert out.text.rstrip("\n").splitlines()[-1].split() == ["Events:", "<none>"]
    admin = cluster.run(f"kubectl describe pod {pod}").text
    assert "Scheduled" in admin  # the admin still sees them


def test_describe_node_says_pods_not_authorized_and_prints_the_lease_error(cluster):
    out = cluster.run("kubectl describe node node-1 --as=jane")
    assert out.exit_code == 0
    lines = out.text.splitlines()
    assert ('Lease:              Failed to get lease: leases.coordination.k8s.io "node-1" is forbidden: User "jane" '
            'cannot get resource "leases" in API group "coordination.k8s.io" in the namespace "kube-node-lease"') in lines
    assert lines[-2].split() == ["Pods:", "not", "authorized"]
    assert "Non-terminated Pods" not in out.text and "Allocated resources" not in out.text


def test_describe_deployment_leaves_out_replica_sets_it_may_not_list(cluster):
    out = cluster.run("kubectl describe deployment web --as=jane")
    assert out.exit_code == 0
    assert "OldReplicaSets:" not in out.text and "NewReplicaSet:" not in out.text
    assert "NewReplicaSet:" in cluster.run("kubectl describe deployment web").text


def test_describe_replicaset_prints_the_pod_list_error_in_pods_status(cluster):
    rs = cluster.api.list("replicasets", "default")[0]["metadata"]["name"]
    out = cluster.run(f"kubectl describe rs {rs} --as=jane")
    assert out.exit_code == 0
    line = next(ln for ln in out.text.splitlines() if ln.startswith("Pods Status:"))
    assert line.endswith('error in fetching pods: pods is forbidden: User "jane" cannot list resource "pods" '
                         'in API group "" in the namespace "default"')


def test_describe_service_shows_no_endpoints_it_may_not_list(cluster):
    out = cluster.run("kubectl describe svc web --as=jane")
    assert out.exit_code == 0
    assert [ln.split() for ln in out.text.splitlines() if ln.startswith("Endpoints:")] == [["Endpoints:", "<none>"]]


def test_describe_configmap_returns_the_events_error_configmap_describer(cluster):
    out = cluster.run("kubectl describe cm cfg --as=jane")
    assert (out.text, out.exit_code) == (_forbidden("list", "events"), 1)


def test_describe_namespace_returns_the_quota_list_error(cluster):
    out = cluster.run("kubectl describe ns default --as=jane")
    assert (out.text, out.exit_code) == (_forbidden("list", "resourcequotas"), 1)


def test_describe_service_account_tolerates_an_unlistable_secrets(cluster):
    out = cluster.run("kubectl describe sa robot --as=jane")
    assert out.exit_code == 0
    assert "Tokens:              <none>\n" in out.text


def test_describe_prints_what_it_could_then_the_errors(cluster):
    out = cluster.run("kubectl describe deploy/web cm/cfg --as=jane")
    assert out.exit_code == 1
    assert out.text.startswith("Name:                   web\n")
    assert out.text.endswith("\n" + _forbidden("list", "events"))


def test_logs_needs_the_pods_log_subresource(cluster):
    pod = cluster.api.list("pods", "default")[0]["metadata"]["name"]
    out = cluster.run(f"kubectl logs {pod} --as=jane")
    assert out.text == (f'Error from server (Forbidden): pods "{pod}" is forbidden: User "jane" cannot get resource '
                        '"pods/log" in API group "" in the namespace "default"\n')
    out = cluster.run("kubectl logs deploy/web --as=jane")  # the first pod is found by a list
    assert out.text == _forbidden("list", "pods")


def test_top_asks_metrics_server_as_the_user(cluster):
    out = cluster.run("kubectl top pod --as=jane")
    assert out.text == ('Error from server (Forbidden): pods.metrics.k8s.io is forbidden: User "jane" cannot list '
                        'resource "pods" in API group "metrics.k8s.io" in the namespace "default"\n')
    out = cluster.run("kubectl top node --as=jane")
    assert out.text.endswith('cannot list resource "nodes" in API group "metrics.k8s.io" at the cluster scope\n')


def test_cluster_info_prints_the_debug_hint_before_the_list_error_clusterinfo_go(cluster):
    out = cluster.run("kubectl cluster-info --as=jane")
    assert out.exit_code == 1
    assert out.text == ("\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n"
                        + _forbidden("list", "services", where='in the namespace "kube-system"'))
