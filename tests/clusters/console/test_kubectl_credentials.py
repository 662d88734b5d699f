"""The kubeconfig's credentials decide who a command runs as (credentials.py, apiserver/tokens.py authenticate).

kube-apiserver's authenticators: kind's admin.conf client certificate, service-account
tokens (serviceaccount/jwt.go, claims.go), no basic auth; anything else is a 401,
printed by helpers.go as "You must be logged in to the server (...)".
"""
from __future__ import annotations

import pytest

from clusters import Cluster

NO_CREDENTIALS = "error: You must be logged in to the server (the server has asked for the client to provide credentials)\n"
DISCOVERY = ('memcache.go:265] "Unhandled Error" err="couldn\'t get current server API group list: '
             'the server has asked for the client to provide credentials"')


@pytest.fixture
def cluster():
    c = Cluster(seed=1)
    c.run("kubectl create serviceaccount bot")
    c.run("kubectl create rolebinding bot-view --clusterrole=view --serviceaccount=default:bot")
    return c


def _use_token(c, token_cmd="kubectl create token bot"):
    token = c.run(token_cmd).text.strip()
    assert c.run(f"kubectl config set-credentials bot --token={token}").text == 'User "bot" set.\n'
    c.run("kubectl config set-context bot --cluster=kubernetes --user=bot")
    return token


def test_a_create_token_token_authenticates_as_the_service_account(cluster):
    _use_token(cluster)
    assert cluster.run("kubectl get pods --context=bot").text == "No resources found in default namespace.\n"
    out = cluster.run("kubectl get secrets --context=bot")
    assert out.text == ('Error from server (Forbidden): secrets is forbidden: User "system:serviceaccount:default:bot" '
                        'cannot list resource "secrets" in API group "" in the namespace "default"\n')
    assert cluster.run("kubectl auth can-i list pods --context=bot").text == "yes\n"
    assert cluster.run("kubectl auth can-i create deployments --context=bot").text == "no\n"


def test_whoami_shows_the_account_uid_and_token_extras_whoami_go(cluster):
    _use_token(cluster)
    uid = cluster.api.get("serviceaccounts", "bot", "default")["metadata"]["uid"]
    rows = [ln.split(None, 1) for ln in cluster.run("kubectl auth whoami --context=bot").text.splitlines()]
    assert rows[1] == ["Username", "system:serviceaccount:default:bot"]
    assert rows[2] == ["UID", uid]
    assert rows[3] == ["Groups", "[system:serviceaccounts system:serviceaccounts:default system:authenticated]"]
    assert rows[4][1].startswith("authentication.kubernetes.io/credential-id   [JTI=")


def test_an_unknown_token_is_unauthorized_after_discovery_fails(cluster):
    cluster.run("kubectl config set-credentials eve --token=not-a-token")
    out = cluster.run("kubectl get pods --user=eve")
    assert out.exit_code == 1
    lines = out.text.splitlines(keepends=True)
    assert len(lines) == 6 and all(DISCOVERY in ln for ln in lines[:5])
    assert lines[5] == NO_CREDENTIALS
    assert cluster.run("kubectl auth whoami --user=eve").text == "error: You must be logged in to the server (Unauthorized)\n"


def test_basic_auth_is_unauthorized_since_1_19(cluster):
    cluster.run("kubectl config set-credentials pw --username=admin --password=secret")
    assert cluster.run("kubectl get ns --user=pw").text.endswith(NO_CREDENTIALS)


def test_a_token_stops_working_when_its_account_or_pod_goes(cluster):
    _use_token(cluster)
    cluster.run("kubectl delete sa bot")
    assert cluster.run("kubectl get pods --context=bot").text.endswith(NO_CREDENTIALS)
    cluster.run("kubectl create serviceaccount bot")  # a new account has a new uid: the old token stays refused
    assert cluster.run("kubectl get pods --context=bot").text.endswith(NO_CREDENTIALS)
    cluster.run("kubectl run p --image=nginx")
    _use_token(cluster, "kubectl create token bot --bound-object-kind=Pod --bound-object-name=p")
    assert cluster.run("kubectl auth whoami --context=bot").exit_code == 0
    cluster.run("kubectl delete pod p --grace-period=0 --force")
    assert cluster.run("kubectl auth whoami --context=bot").text == "error: You must be logged in to the server (Unauthorized)\n"


def test_a_token_expires_claims_go(cluster):
    _use_token(cluster, "kubectl create token bot --duration=10m")
    assert cluster.run("kubectl get pods --context=bot").exit_code == 0
    cluster.run("sim advance 601s")
    assert cluster.run("kubectl get pods --context=bot").text.endswith(NO_CREDENTIALS)


def test_the_admin_certificate_copied_to_a_new_user_is_still_the_admin(cluster):
    for part, path in (("certificate", "admin.crt"), ("key", "admin.key")):
        cluster.run(f"kubectl config view --raw -o jsonpath='{{.users[0].user.client-{part}-data}}' | base64 -d > {path}")
    cluster.run("kubectl config set-credentials copy --client-certificate=admin.crt --client-key=admin.key --embed-certs")
    assert "kubernetes-admin" in cluster.run("kubectl auth whoami --user=copy").text
    cluster.run("echo not-a-cert > other.crt")
    cluster.run("kubectl config set-credentials stranger --client-certificate=other.crt --client-key=admin.key --embed-certs")
    assert cluster.run("kubectl get pods --user=stranger").text.endswith(NO_CREDENTIALS)


def test_a_certificate_without_its_key_is_a_configuration_error_validation_go(cluster):
    cluster.run("kubectl config set-credentials half --client-certificate=nowhere.crt")
    out = cluster.run("kubectl get pods --user=half")
    assert (out.text, out.exit_code) == (
        "Error in configuration: \n"
        "* client-key-data or client-key must be specified for half to use the clientCert authentication method.\n"
        "* unable to read client-cert /root/nowhere.crt for half due to open /root/nowhere.crt: no such file or directory\n", 1)


def test_a_service_account_may_not_impersonate_without_the_verb_impersonation_go(cluster):
    _use_token(cluster)
    out = cluster.run("kubectl get pods --context=bot --as=jane")
    assert out.text == ('Error from server (Forbidden): users "jane" is forbidden: User "system:serviceaccount:default:bot" '
                        'cannot impersonate resource "users" in API group "" at the cluster scope\n')


LONG_LIVED = """\
apiVersion: v1
kind: Secret
metadata:
  name: bot-token
  annotations:
    kubernetes.io/service-account.name: bot
type: kubernetes.io/service-account-token
"""


def _use_secret_token(c):
    c.run(f"kubectl apply -f - <<'EOF'\n{LONG_LIVED}EOF")
    return _use_token(c, "kubectl get secret bot-token -o jsonpath='{.data.token}' | base64 -d")


def test_a_long_lived_secret_token_authenticates_until_its_secret_goes_legacy_go(cluster):
    _use_secret_token(cluster)
    assert cluster.run("kubectl get pods --context=bot").text == "No resources found in default namespace.\n"
    rows = [ln.split(None, 1) for ln in cluster.run("kubectl auth whoami --context=bot").text.splitlines()]
    assert rows[1] == ["Username", "system:serviceaccount:default:bot"]
    assert len(rows) == 4  # no token extras: legacy tokens carry no jti
    cluster.run("kubectl delete secret bot-token")
    assert cluster.run("kubectl get pods --context=bot").text.endswith(NO_CREDENTIALS)


def test_a_long_lived_token_marks_its_secret_with_the_day_it_was_used_legacy_go(cluster):
    _use_secret_token(cluster)
    label = "{.metadata.labels.kubernetes\\.io/legacy-token-last-used}"
    assert cluster.run(f"kubectl get secret bot-token -o jsonpath='{label}'").text == ""
    cluster.run("kubectl get pods --context=bot")
    assert cluster.run(f"kubectl get secret bot-token -o jsonpath='{label}'").text == "2025-06-02"


def test_a_long_lived_token_no_longer_matching_its_secret_is_refused_legacy_go(cluster):
    _use_secret_token(cluster)
    cluster.run("kubectl delete sa bot")  # the tokens controller deletes the Secret with its account
    cluster.run("kubectl create serviceaccount bot")
    assert cluster.run("kubectl get pods --context=bot").text.endswith(NO_CREDENTIALS)
