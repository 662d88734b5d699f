"""kubectl auth can-i and kubectl create token against the simulated RBAC authorizer
(kubectl pkg/cmd/auth/cani.go, plugin/pkg/auth/authorizer/rbac/rbac.go, pkg/registry/rbac/validation/rule.go;
kubectl pkg/cmd/create/create_token.go, pkg/serviceaccount/claims.go)."""
import base64
import json

import pytest

from clusters import Cluster, ClusterSpec


@pytest.fixture
def c():
    return Cluster(ClusterSpec(nodes=1), seed=5)


def ask(c, line):
    out = c.run(f"kubectl auth can-i {line}")
    return out.text.splitlines()[-1] if out.text else "", out.exit_code


def test_the_console_user_is_cluster_admin(c):
    assert ask(c, "delete deployments -A") == ("yes", 0)
    assert ask(c, "'*' '*'") == ("yes", 0)


def test_a_stranger_may_do_nothing_but_discovery(c):
    assert ask(c, "get pods --as=jane") == ("no", 1)
    assert ask(c, "get /healthz --as=jane") == ("yes", 0)
    assert ask(c, "create selfsubjectaccessreviews.authorization.k8s.io --as=jane") == ("yes", 0)


def test_a_role_binding_grants_its_role_s_rules_in_its_namespace_only(c):
    c.run("kubectl create role pod-reader --verb=get,list,watch --resource=pods")
    c.run("kubectl create rolebinding jane-reads --role=pod-reader --user=jane")
    assert ask(c, "list pods --as=jane") == ("yes", 0)
    assert ask(c, "delete pods --as=jane") == ("no", 1)
    assert ask(c, "list pods --as=jane -n kube-system") == ("no", 1)
    assert ask(c, "list deployments --as=jane") == ("no", 1)


def test_a_role_binding_may_grant_a_cluster_role_within_one_namespace(c):
    c.run("kubectl create namespace dev")
    c.run("kubectl create rolebinding devs-edit --clusterrole=edit --group=devs -n dev")
    assert ask(c, "create deployments -n dev --as=ann --as-group=devs") == ("yes", 0)
    assert ask(c, "create deployments --as=ann --as-group=devs") == ("no", 1)
    assert ask(c, "create roles -n dev --as=ann --as-group=devs") == ("no", 1)  # only admin may


def test_a_service_account_is_matched_by_its_user_name(c):
    c.run("kubectl create serviceaccount app")
    c.run("kubectl create clusterrolebinding app-view --clusterrole=view --serviceaccount=default:app")
    assert ask(c, "list pods -n kube-system --as=system:serviceaccount:default:app") == ("yes", 0)
    assert ask(c, "get secrets --as=system:serviceaccount:default:app") == ("no", 1)
    assert ask(c, "list pods --as=system:serviceaccount:default:other") == ("no", 1)


def test_resource_names_limit_a_rule_to_named_objects(c):
    c.run("kubectl create role cm --verb=get,update --resource=configmaps --resource-name=app-config")
    c.run("kubectl create rolebinding cm --role=cm --user=jane")
    assert ask(c, "get configmaps/app-config --as=jane") == ("yes", 0)
    assert ask(c, "get configmaps/other --as=jane") == ("no", 1)
    assert ask(c, "list configmaps --as=jane") == ("no", 1)


def test_subresources_and_wildcards_match_as_rbac_does(c):
    c.run("kubectl create clusterrole logs --verb=get --resource=pods/log")
    c.run("kubectl create clusterrolebinding logs --clusterrole=logs --user=jane")
    assert ask(c, "get pods --subresource=log --as=jane") == ("yes", 0)
    assert ask(c, "get pods --as=jane") == ("no", 1)
    assert ask(c, "get pods --as=x --as-group=system:masters") == ("yes", 0)


def test_a_binding_to_a_missing_role_says_why_in_the_answer(c):
    c.run("kubectl create rolebinding dangling --role=missing --user=bob")
    assert ask(c, "get pods --as=bob") == ('no - RBAC: role.rbac.authorization.k8s.io "missing" not found', 1)


def test_quiet_prints_nothing_and_answers_in_the_exit_code(c):
    out = c.run("kubectl auth can-i get pods --as=jane -q")
    assert (out.text, out.exit_code) == ("", 1)


def test_list_prints_the_rules_as_describe_does(c):
    c.run("kubectl create role pod-reader --verb=get,list,watch --resource=pods")
    c.run("kubectl create rolebinding jane-reads --role=pod-reader --user=jane")
    lines = c.run("kubectl auth can-i --list --as=jane").text.splitlines()
    assert lines[0].split() == ["Resources", "Non-Resource", "URLs", "Resource", "Names", "Verbs"]
    assert "pods                                            []                  []               [get list watch]" in lines


def test_create_token_prints_a_jwt_with_the_upstream_claims(c):
    out = c.run("kubectl create token default --duration=2h")
    assert out.exit_code == 0
    header, payload, sig = out.text.strip().split(".")
    pad = lambda s: s + "=" * (-len(s) % 4)  # noqa: E731
    assert json.loads(base64.urlsafe_b64decode(pad(header)))["alg"] == "RS256"
    claims = json.loads(base64.urlsafe_b64decode(pad(payload)))
    assert list(claims) == ["aud", "exp", "iat", "iss", "jti", "kubernetes.io", "nbf", "sub"]
    assert claims["sub"] == "system:serviceaccount:default:default"
    assert claims["exp"] - claims["iat"] == 7200
    assert claims["kubernetes.io"]["serviceaccount"]["uid"] == c.api.get("serviceaccounts", "default", "default")["metadata"]["uid"]
    assert len(base64.urlsafe_b64decode(pad(sig))) == 256


def test_tokens_are_a_pure_function_of_the_seed_and_journal():
    a = Cluster(ClusterSpec(nodes=1), seed=9).run("kubectl create token default").text
    b = Cluster(ClusterSpec(nodes=1), seed=9).run("kubectl create token default").text
    assert a == b


def test_create_token_for_a_missing_service_account_says_so(c):
    out = c.run("kubectl create token ghost -n kube-system")
    assert (out.text, out.exit_code) == ('error: failed to create token: serviceaccounts "ghost" not found\n', 1)


def test_a_token_bound_to_a_pod_names_the_pod_and_its_node(c):
    pod = c.api.list("pods", "kube-system")[0]
    out = c.run(f"kubectl create token coredns -n kube-system --bound-object-kind=Pod "
                f"--bound-object-name={pod['metadata']['name']} -o jsonpath={{.status.token}}")
    payload = out.text.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert claims["kubernetes.io"]["pod"] == {"name": pod["metadata"]["name"], "uid": pod["metadata"]["uid"]}
    assert claims["kubernetes.io"]["node"]["name"] == pod["spec"]["nodeName"]
