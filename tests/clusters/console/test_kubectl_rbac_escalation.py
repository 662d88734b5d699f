"""RBAC escalation prevention, as a learner without cluster-admin meets it through kubectl.

pkg/registry/rbac/{role,clusterrole,rolebinding}/policybased/storage.go,
pkg/registry/rbac/escalation_check.go and pkg/registry/rbac/validation/rule.go
ConfirmNoEscalation (message, compaction, "; resolution errors" tail);
kubectl create rolebinding wraps the server's error as
``failed to create rolebinding: %v`` (create_rolebinding.go).
"""
from __future__ import annotations

import pytest

from clusters import Cluster

GRANT = 'user "jane" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n'


@pytest.fixture
def c():
    """jane may write roles and bindings in default, and read pods, nothing more."""
    c = Cluster(seed=1)
    c.run("kubectl create role rbac-editor --verb=create,update,patch,get --resource=roles,rolebindings")
    c.run("kubectl create rolebinding jane-rbac --role=rbac-editor --user=jane")
    c.run("kubectl create role pod-reader --verb=get --resource=pods")
    c.run("kubectl create rolebinding jane-pods --role=pod-reader --user=jane")
    return c


def test_a_role_granting_what_the_user_holds_is_created(c):
    assert c.run("kubectl create role mine --verb=get --resource=pods --as=jane").text == (
        "role.rbac.authorization.k8s.io/mine created\n")


def test_a_role_granting_more_is_forbidden_listing_the_missing_rules_compacted_rule_go(c):
    out = c.run("kubectl create role more --verb=get,list --resource=pods,secrets --as=jane")
    assert out.exit_code == 1
    assert out.text == (
        'Error from server (Forbidden): roles.rbac.authorization.k8s.io "more" is forbidden: ' + GRANT
        + '{APIGroups:[""], Resources:["pods"], Verbs:["list"]}\n'
        + '{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}\n')
    assert c.run("kubectl get role more").text == (
        'Error from server (NotFound): roles.rbac.authorization.k8s.io "more" not found\n')


def test_resource_names_are_listed_one_rule_each_policy_compact_go(c):
    out = c.run("kubectl create role named --verb=delete --resource=pods --resource-name=a --resource-name=b --as=jane")
    assert out.text.endswith(
        '{APIGroups:[""], Resources:["pods"], ResourceNames:["a"], Verbs:["delete"]}\n'
        '{APIGroups:[""], Resources:["pods"], ResourceNames:["b"], Verbs:["delete"]}\n')


def test_a_dangling_binding_adds_the_resolution_errors_tail_rule_go(c):
    c.run("kubectl create rolebinding jane-ghost --role=ghost --user=jane")
    out = c.run("kubectl create role more --verb=list --resource=pods --as=jane")
    assert out.text == (
        'Error from server (Forbidden): roles.rbac.authorization.k8s.io "more" is forbidden: ' + GRANT
        + '{APIGroups:[""], Resources:["pods"], Verbs:["list"]}; resolution errors: '
          '[roles.rbac.authorization.k8s.io "ghost" not found]\n')


def test_the_escalate_verb_lets_a_user_write_any_rules_escalation_check_go(c):
    c.run("kubectl create role escalator --verb=escalate --resource=roles")
    c.run("kubectl create rolebinding jane-esc --role=escalator --user=jane")
    assert c.run("kubectl create role wide --verb=* --resource=secrets --as=jane").text == (
        "role.rbac.authorization.k8s.io/wide created\n")


def test_patching_a_role_with_more_rules_is_forbidden_too(c):
    c.run("kubectl create role mine --verb=get --resource=pods --as=jane")
    patch = '[{"op":"add","path":"/rules/-","value":{"apiGroups":[""],"resources":["secrets"],"verbs":["get"]}}]'
    out = c.run(f"kubectl patch role mine --type=json -p '{patch}' --as=jane")
    assert out.text == (
        'Error from server (Forbidden): roles.rbac.authorization.k8s.io "mine" is forbidden: ' + GRANT
        + '{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}\n')
    assert c.run("kubectl label role mine team=a --as=jane").text == "role.rbac.authorization.k8s.io/mine labeled\n"


def test_binding_a_role_needs_its_permissions_or_the_bind_verb(c):
    out = c.run("kubectl create rolebinding bob-edit --clusterrole=edit --user=bob --as=jane")
    assert out.exit_code == 1
    first = out.text.splitlines()[0]
    assert first == ('error: failed to create rolebinding: rolebindings.rbac.authorization.k8s.io "bob-edit" is forbidden: '
                     + GRANT.rstrip("\n"))
    assert c.run("kubectl create rolebinding bob-pods --role=pod-reader --user=bob --as=jane").text == (
        "rolebinding.rbac.authorization.k8s.io/bob-pods created\n")
    c.run("kubectl create role binder --verb=bind --resource=clusterroles --resource-name=edit")
    c.run("kubectl create rolebinding jane-bind --role=binder --user=jane")
    assert c.run("kubectl create rolebinding bob-edit --clusterrole=edit --user=bob --as=jane").text == (
        "rolebinding.rbac.authorization.k8s.io/bob-edit created\n")


def test_binding_a_missing_role_is_not_found_get_role_reference_rules(c):
    out = c.run("kubectl create rolebinding bob-x --role=nope --user=bob --as=jane")
    assert out.text == 'error: failed to create rolebinding: roles.rbac.authorization.k8s.io "nope" not found\n'


def test_the_admin_and_system_masters_are_exempt(c):
    assert c.run("kubectl create role wide --verb=* --resource=*").text == "role.rbac.authorization.k8s.io/wide created\n"
    out = c.run("kubectl create role wider --verb=* --resource=secrets --as=jane --as-group=system:masters")
    assert out.text == "role.rbac.authorization.k8s.io/wider created\n"


def test_a_service_account_token_is_checked_the_same_way(c):
    c.run("kubectl create serviceaccount bot")
    c.run("kubectl create rolebinding bot-rbac --role=rbac-editor --serviceaccount=default:bot")
    token = c.run("kubectl create token bot").text.strip()
    c.run(f"kubectl config set-credentials bot --token={token}")
    out = c.run("kubectl create role r --verb=get --resource=pods --user=bot")
    assert out.text == (
        'Error from server (Forbidden): roles.rbac.authorization.k8s.io "r" is forbidden: '
        'user "system:serviceaccount:default:bot" (groups=["system:serviceaccounts" "system:serviceaccounts:default" '
        '"system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n'
        '{APIGroups:[""], Resources:["pods"], Verbs:["get"]}\n')


CLUSTER_ADMINISH = """\
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: gatherer
aggregationRule:
  clusterRoleSelectors:
  - matchLabels:
      team: jane
rules: []
"""


def test_an_aggregation_rule_needs_cluster_admin_clusterrole_policybased(c):
    c.run("kubectl create clusterrole cr-maker --verb=create --resource=clusterroles")
    c.run("kubectl create clusterrolebinding jane-cr --clusterrole=cr-maker --user=jane")
    c.run(f"cat > agg.yaml <<'EOF'\n{CLUSTER_ADMINISH}EOF")
    out = c.run("kubectl create -f agg.yaml --as=jane")
    assert out.text == ('Error from server (Forbidden): error when creating "agg.yaml": clusterroles.rbac.authorization.k8s.io '
                        '"gatherer" is forbidden: must have cluster-admin privileges to use the aggregationRule\n')
