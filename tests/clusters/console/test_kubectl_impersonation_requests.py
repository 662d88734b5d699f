"""--as and the requests kubectl really makes for its waiting, scaling and history verbs.

- rollout status and wait follow their object with an informer (client-go
  tools/watch UntilWithSync): RBAC sees a list and a watch of the name, and a
  refusal is logged by the reflector (tools/cache/reflector.go 1.32:
  reflector.go:569 ``failed to list``, reflector.go:166 ``Failed to watch``) and
  retried, backing off from 800 ms, until --timeout. The lines were read off
  kubectl 1.32 against a server refusing the list or the watch.
- get --watch prints the list, then its watch request's refusal (get.go).
- scale patches the scale subresource (kubectl/pkg/scale/scale.go ScaleSimple),
  so RBAC asks for ``patch`` on ``deployments/scale``; with --current-replicas it
  gets and updates it.
- rollout history lists the ReplicaSets (polymorphichelpers/history.go
  getDeploymentReplicaSets), and says so when it may not.
"""
from __future__ import annotations

import re

import pytest

from clusters import Cluster

KLOG = re.compile(r"^([WE])\d{4} \d\d:\d\d:(\d\d\.\d{6}) +\d+ (reflector\.go:\d+)\] (.*)$")
INFORMER = "k8s.io/client-go/tools/watch/informerwatcher.go:146"


@pytest.fixture
def c():
    c = Cluster(seed=1)
    c.run("kubectl create deployment web --image=nginx --replicas=2")
    c.run("kubectl run solo --image=nginx")
    c.run("sleep 20")
    return c


def grant(c: Cluster, name: str, verbs: str, resource: str) -> None:
    c.run(f"kubectl create role {name} --verb={verbs} --resource={resource}")
    c.run(f"kubectl create rolebinding jane-{name} --role={name} --user=jane")


def klog_lines(text: str) -> list[tuple[str, str, str, str]]:
    return [m.groups() for m in map(KLOG.match, text.splitlines()) if m]


def test_rollout_status_without_list_logs_each_refused_list_until_the_timeout_reflector_go(c):
    grant(c, "reader", "get", "deployments")
    out = c.run("kubectl rollout status deployment/web --as=jane --timeout=10s")
    refusal = ('deployments.apps "web" is forbidden: User "jane" cannot list resource "deployments" '
               'in API group "apps" in the namespace "default"')
    lines = klog_lines(out.text)
    assert [(sev, src) for sev, _, src, _ in lines] == [("W", "reflector.go:569"), ("E", "reflector.go:166")] * 4
    assert lines[0][3] == f"{INFORMER}: failed to list *unstructured.Unstructured: {refusal}"
    assert lines[1][3] == ('"Unhandled Error" err="' + f"{INFORMER}: Failed to watch *unstructured.Unstructured: "
                           f"failed to list *unstructured.Unstructured: {refusal}".replace('"', '\\"') + '"')
    # The reflector backs off 800 ms doubling, with jitter taken at its mean: 1.2 s, 2.4 s, 4.8 s apart.
    seconds = [float(s) for _, s, _, _ in lines[::2]]
    assert [round(b - a, 1) for a, b in zip(seconds, seconds[1:])] == [1.2, 2.4, 4.8]
    assert out.text.endswith("error: timed out waiting for the condition\n") and out.exit_code == 1


def test_rollout_status_with_list_but_not_watch_reports_what_each_list_shows(c):
    grant(c, "reader", "get,list", "deployments")
    assert c.run("kubectl rollout status deployment/web --as=jane --timeout=5s").text == \
        'deployment "web" successfully rolled out\n'
    c.run("kubectl set image deployment/web nginx=nginx:1.27")
    out = c.run("kubectl rollout status deployment/web --as=jane --timeout=5s")
    text = out.text.splitlines()
    assert text[0].startswith('Waiting for deployment "web" rollout to finish')
    assert text[1].endswith('Failed to watch *unstructured.Unstructured: deployments.apps \\"web\\" is forbidden: '
                            'User \\"jane\\" cannot watch resource \\"deployments\\" in API group \\"apps\\" '
                            'in the namespace \\"default\\""')
    assert text[-1] == "error: timed out waiting for the condition"


def test_wait_needs_list_and_watch_and_ends_in_its_own_timeout_words(c):
    grant(c, "reader", "get", "pods")
    out = c.run("kubectl wait --for=condition=Ready pod/solo --as=jane --timeout=3s")
    assert [sev for sev, _, _, _ in klog_lines(out.text)] == ["W", "E", "W", "E"]
    assert 'pods \\"solo\\" is forbidden: User \\"jane\\" cannot list resource \\"pods\\"' in out.text
    assert out.text.endswith("error: timed out waiting for the condition on pods/solo\n")
    grant(c, "lister", "list", "pods")  # the list hands the object to the condition: no watch needed
    assert c.run("kubectl wait --for=condition=Ready pod/solo --as=jane --timeout=3s").text == "pod/solo condition met\n"


def test_get_watch_prints_the_list_then_the_refused_watch_get_go(c):
    grant(c, "reader", "get,list", "pods")
    out = c.run("kubectl get pod solo --as=jane -w")
    lines = out.text.splitlines()
    assert lines[0].split() == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"] and lines[1].split()[0] == "solo"
    assert lines[2] == ('Error from server (Forbidden): pods "solo" is forbidden: User "jane" cannot watch resource '
                        '"pods" in API group "" in the namespace "default"')
    assert out.exit_code == 1
    everything = c.run("kubectl get pods --as=jane -w").text.splitlines()[-1]
    assert everything.startswith('Error from server (Forbidden): pods is forbidden: User "jane" cannot watch')
    grant(c, "watcher", "watch", "pods")
    assert c.run("kubectl get pods --as=jane -w --request-timeout=2s").exit_code == 0


def test_scale_asks_for_patch_on_the_scale_subresource_not_update(c):
    grant(c, "editor", "get,update", "deployments")
    out = c.run("kubectl scale deployment web --replicas=3 --as=jane")
    assert out.text == ('Error from server (Forbidden): deployments.apps "web" is forbidden: User "jane" cannot patch '
                        'resource "deployments/scale" in API group "apps" in the namespace "default"\n')
    grant(c, "scaler", "patch", "deployments/scale")
    assert c.run("kubectl scale deployment web --replicas=3 --as=jane").text == "deployment.apps/web scaled\n"
    assert c.run("kubectl get deployment web -o jsonpath='{.spec.replicas} {.metadata.generation}'").text == "3 2"
    refused = c.run("kubectl scale deployment web --replicas=4 --current-replicas=3 --as=jane")
    assert refused.text == ('Error from server (Forbidden): deployments.apps "web" is forbidden: User "jane" cannot get '
                            'resource "deployments/scale" in API group "apps" in the namespace "default"\n')


def test_rollout_history_lists_replica_sets_history_go(c):
    grant(c, "reader", "get", "deployments,replicasets")
    out = c.run("kubectl rollout history deployment/web --as=jane")
    assert out.text == ("error: failed to retrieve replica sets from deployment web: replicasets.apps is forbidden: "
                        'User "jane" cannot list resource "replicasets" in API group "apps" in the namespace "default"\n')
    grant(c, "lister", "list", "replicasets")
    assert c.run("kubectl rollout history deployment/web --as=jane").text.splitlines()[1:3] == \
        ["REVISION  CHANGE-CAUSE", "1         <none>"]
