"""kubectl explain over every kind the simulated API server serves.

The schema is generated from the Go types of k8s.io/api v0.32.0 (each group's
types.go: its type and field comments, json tags, ``+optional`` and ``+enum``
markers), as kube-openapi's openapi-gen renders them, so what explain prints
is what a kind 1.32 cluster's /openapi/v3 gives kubectl.
"""
from __future__ import annotations

import pytest

from clusters import Cluster
from clusters.apiserver import resources


@pytest.fixture
def learner():
    return Cluster(seed=7)


def test_it_explains_a_role_rbac_v1_types_go(learner):
    out = learner.run("kubectl explain role")
    assert out.exit_code == 0
    assert out.text.startswith(
        "GROUP:      rbac.authorization.k8s.io\nKIND:       Role\nVERSION:    v1\n\nDESCRIPTION:\n"
        "    Role is a namespaced, logical grouping of PolicyRules that can be referenced\n"
        "    as a unit by a RoleBinding.\n")
    assert "  rules\t<[]PolicyRule>\n    Rules holds all the PolicyRules for this Role\n" in out.text


def test_it_explains_a_policy_rule_with_its_required_verbs(learner):
    text = learner.run("kubectl explain clusterrole.rules").text
    assert "FIELD: rules <[]PolicyRule>\n" in text
    assert "  verbs\t<[]string> -required-\n" in text
    assert "  resourceNames\t<[]string>\n" in text


def test_it_explains_bindings_subjects_and_role_refs(learner):
    text = learner.run("kubectl explain rolebinding.roleRef").text
    assert "FIELD: roleRef <RoleRef>\n" in text
    for field in ("apiGroup", "kind", "name"):
        assert f"  {field}\t<string> -required-\n" in text
    text = learner.run("kubectl explain clusterrolebindings.subjects.kind").text
    assert text.startswith("GROUP:      rbac.authorization.k8s.io\nKIND:       ClusterRoleBinding\n")
    assert "FIELD: kind <string>\n" in text


def test_it_prints_the_enum_of_a_plus_enum_field_kube_openapi_enum_go(learner):
    text = learner.run("kubectl explain pod.spec.restartPolicy").text
    assert "FIELD: restartPolicy <string>\nENUM:\n    Always\n    Never\n    OnFailure\n" in text
    assert "    Possible enum values:\n     - `\"Always\"`\n" in text
    text = learner.run("kubectl explain ingress.spec.rules.http.paths.pathType").text
    assert "ENUM:\n    Exact\n    ImplementationSpecific\n    Prefix\n" in text


@pytest.mark.parametrize("resource", sorted({r.plural for r in resources.RESOURCES
                                             if not r.aggregated and r.group != "apiregistration.k8s.io"}))
def test_it_explains_every_served_kind(learner, resource):
    out = learner.run(f"kubectl explain {resource}")
    assert out.exit_code == 0, out.text
    assert "DESCRIPTION:\n" in out.text and "FIELDS:\n" in out.text


def test_it_explains_cluster_scoped_kinds_of_other_groups(learner):
    text = learner.run("kubectl explain priorityclass.preemptionPolicy").text
    assert text.startswith("GROUP:      scheduling.k8s.io\nKIND:       PriorityClass\n")
    assert "ENUM:\n    Never\n    PreemptLowerPriority\n" in text
    text = learner.run("kubectl explain sc.volumeBindingMode").text
    assert "ENUM:\n    Immediate\n    WaitForFirstConsumer\n" in text


def test_it_refuses_a_field_a_role_does_not_have(learner):
    out = learner.run("kubectl explain role.spec")
    assert (out.text, out.exit_code) == ('error: field "spec" does not exist\n', 1)
