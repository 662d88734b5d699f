"""Named lookups in a namespace that does not exist, as kubectl's resource builder reports them.

cli-runtime pkg/resource/visitor.go Info.Get: a NotFound outside the default namespace makes
kubectl ask for the namespace, and that NotFound is the error when it is missing too. Verbs
whose builder keeps RequireObject (get, describe, label, scale, rollout, logs, exec, wait...)
go through it; delete and replace (RequireObject(false)) do not. The TokenRequest is refused
by NamespaceLifecycle admission before the service account is looked up
(apiserver admission/plugin/namespace/lifecycle/admission.go).
"""
from __future__ import annotations

import pytest

from clusters import Cluster

MISSING = 'Error from server (NotFound): namespaces "nosuch" not found\n'


@pytest.fixture
def learner():
    return Cluster(seed=7)


@pytest.mark.parametrize("line", [
    "kubectl get pod web -n nosuch",
    "kubectl describe pod web -n nosuch",
    "kubectl label pod web a=b -n nosuch",
    "kubectl scale deployment web --replicas=2 -n nosuch",
    "kubectl rollout status deployment/web -n nosuch",
    "kubectl wait --for=condition=Ready pod/web -n nosuch --timeout=1s",
    "kubectl exec web -n nosuch -- ls",
])
def test_a_named_object_in_a_missing_namespace_reports_the_namespace_visitor_go_info_get(learner, line):
    out = learner.run(line)
    assert (out.text, out.exit_code) == (MISSING, 1)


def test_a_list_in_a_missing_namespace_is_just_empty_get_go(learner):
    assert learner.run("kubectl get pods -n nosuch").text == "No resources found in nosuch namespace.\n"


def test_an_existing_namespace_keeps_the_objects_own_not_found_visitor_go_info_get(learner):
    assert learner.run("kubectl get pod web -n kube-system").text == 'Error from server (NotFound): pods "web" not found\n'


def test_delete_asks_for_the_object_only_delete_go_require_object_false(learner):
    assert learner.run("kubectl delete pod web -n nosuch").text == 'Error from server (NotFound): pods "web" not found\n'


def test_logs_wraps_the_builders_not_found_logs_go(learner):
    assert learner.run("kubectl logs deploy/web -n nosuch").text == (
        'error: error from server (NotFound): namespaces "nosuch" not found in namespace "nosuch"\n')


def test_create_token_meets_namespace_admission_first_lifecycle_admission_go(learner):
    assert learner.run("kubectl create token default -n nosuch").text == (
        'error: failed to create token: namespaces "nosuch" not found\n')
    learner.run("kubectl create ns term && kubectl run p --image=nginx -n term")
    learner.advance(20)
    learner.run("kubectl delete ns term --wait=false")
    assert learner.run("kubectl create token nope -n term").text == (
        'error: failed to create token: serviceaccounts "nope" is forbidden: '
        "unable to create new content in namespace term because it is being terminated\n")
