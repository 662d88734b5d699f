"""Long-lived token Secrets, filled and cleaned up by the tokens controller
(pkg/controller/serviceaccount/tokens_controller.go, pkg/serviceaccount/legacy.go)."""
import base64
import json

import pytest

from clusters import Cluster

SECRET_FOR = """\
apiVersion: v1
kind: Secret
metadata:
  name: {name}
  annotations:
    kubernetes.io/service-account.name: {account}
type: kubernetes.io/service-account-token
"""


def _apply(c, text):
    return c.run(f"kubectl apply -f - <<'EOF'\n{text}EOF").text


def _decoded(c, name, key):
    return base64.b64decode(c.get("secrets", name, "default")["data"][key]).decode()


@pytest.fixture
def c():
    c = Cluster(seed=3)
    c.run("kubectl create serviceaccount robot")
    return c


def test_the_secret_is_filled_with_ca_namespace_and_a_legacy_token_generate_token_if_needed(c):
    assert _apply(c, SECRET_FOR.format(name="robot-token", account="robot")) == "secret/robot-token created\n"
    uid = c.get("serviceaccounts", "robot", "default")["metadata"]["uid"]
    assert c.get("secrets", "robot-token", "default")["metadata"]["annotations"]["kubernetes.io/service-account.uid"] == uid
    assert _decoded(c, "robot-token", "namespace") == "default"
    assert _decoded(c, "robot-token", "ca.crt") == c.get("configmaps", "kube-root-ca.crt", "default")["data"]["ca.crt"]
    header, payload, _ = _decoded(c, "robot-token", "token").split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert claims == {"iss": "kubernetes/serviceaccount",
                      "kubernetes.io/serviceaccount/namespace": "default",
                      "kubernetes.io/serviceaccount/secret.name": "robot-token",
                      "kubernetes.io/serviceaccount/service-account.name": "robot",
                      "kubernetes.io/serviceaccount/service-account.uid": uid,
                      "sub": "system:serviceaccount:default:robot"}
    out = c.run("kubectl describe secret robot-token").text
    assert "ca.crt:     1086 bytes\nnamespace:  7 bytes\ntoken:      eyJ" in out
    assert c.bugs == []


def test_the_describer_lists_the_secret_as_the_account_token(c):
    _apply(c, SECRET_FOR.format(name="robot-token", account="robot"))
    assert "Tokens:              robot-token\n" in c.run("kubectl describe sa robot").text


def test_the_secret_goes_with_its_account_delete_tokens(c):
    _apply(c, SECRET_FOR.format(name="robot-token", account="robot"))
    assert c.run("kubectl delete sa robot").text == 'serviceaccount "robot" deleted\n'
    assert c.run("kubectl get secret robot-token").text == (
        'Error from server (NotFound): secrets "robot-token" not found\n')


def test_a_secret_for_a_missing_account_is_deleted_sync_secret(c):
    assert _apply(c, SECRET_FOR.format(name="ghost-token", account="ghost")) == "secret/ghost-token created\n"
    assert c.run("kubectl get secrets").text == "No resources found in default namespace.\n"


def test_a_token_whose_account_was_recreated_is_deleted_with_the_old_uid(c):
    _apply(c, SECRET_FOR.format(name="robot-token", account="robot"))
    old = c.get("secrets", "robot-token", "default")["metadata"]["annotations"]["kubernetes.io/service-account.uid"]
    c.api.delete("serviceaccounts", "robot", "default")
    c.run("kubectl create serviceaccount robot")
    assert c.get("secrets", "robot-token", "default") is None
    assert c.get("serviceaccounts", "robot", "default")["metadata"]["uid"] != old


def test_the_name_annotation_is_required_validate_secret(c):
    out = c.run("kubectl create secret generic t --type=kubernetes.io/service-account-token")
    assert out.text == ('error: failed to create secret Secret "t" is invalid: '
                        "metadata.annotations[kubernetes.io/service-account.name]: Required value\n")


def test_a_cleared_token_is_generated_again(c):
    _apply(c, SECRET_FOR.format(name="robot-token", account="robot"))
    before = _decoded(c, "robot-token", "token")
    c.run("""kubectl patch secret robot-token --type=json -p '[{"op":"remove","path":"/data/token"}]'""")
    assert _decoded(c, "robot-token", "token") == before  # the same claims, signed by the same key
