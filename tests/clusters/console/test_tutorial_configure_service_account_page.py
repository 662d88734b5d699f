"""kubernetes.io tasks/configure-pod-container/configure-service-account.md, typed as the page has it.

The manifests are our own, describing the objects the page describes. Covered:
the default ServiceAccount and the kube-api-access projected volume the
ServiceAccount admission plugin adds (plugin/pkg/admission/serviceaccount),
its three files, opting out with automountServiceAccountToken on the account
and on the pod (the pod's wins), ``kubectl create token``, imagePullSecrets
copied from the account to new pods, and a projected token with its own
audience and expirationSeconds, and "Manually create a long-lived API token for a
ServiceAccount": the Secret the tokens controller fills
(pkg/controller/serviceaccount/tokens_controller.go) and deletes with its account.
"""
from __future__ import annotations

import base64
import json

import pytest

from clusters import Cluster

SA_DIR = "/var/run/secrets/kubernetes.io/serviceaccount"

OPTED_OUT_ACCOUNT = """\
apiVersion: v1
kind: ServiceAccount
metadata:
  name: build-robot
automountServiceAccountToken: false
"""

POD_OF = """\
apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
  serviceAccountName: build-robot
{extra}  containers:
  - name: app
    image: nginx
"""

VAULT_CLIENT = """\
apiVersion: v1
kind: Pod
metadata:
  name: vault-client
spec:
  serviceAccountName: build-robot
  containers:
  - name: app
    image: nginx
    volumeMounts:
    - name: vault-token
      mountPath: /var/run/secrets/tokens
  volumes:
  - name: vault-token
    projected:
      sources:
      - serviceAccountToken:
          audience: vault
          expirationSeconds: 7200
          path: vault-token
"""

LONG_LIVED_SECRET = """\
apiVersion: v1
kind: Secret
metadata:
  name: build-robot-secret
  annotations:
    kubernetes.io/service-account.name: build-robot
type: kubernetes.io/service-account-token
"""


def _apply(c: Cluster, text: str) -> str:
    return c.run(f"kubectl apply -f - <<'EOF'\n{text}EOF").text


def _claims(token: str) -> dict:
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


@pytest.fixture
def c():
    return Cluster(seed=1)


def test_every_namespace_has_a_default_account_whose_token_pods_mount(c):
    assert c.run("kubectl get serviceaccounts").text.splitlines()[1].split()[:2] == ["default", "0"]
    c.run("kubectl run nginx --image=nginx")
    c.run("sleep 10")
    assert c.run("kubectl get pod nginx -o jsonpath='{.spec.serviceAccountName}'").text == "default"
    assert c.run(f"kubectl exec nginx -- ls {SA_DIR}").text == "ca.crt\nnamespace\ntoken\n"
    assert c.run(f"kubectl exec nginx -- cat {SA_DIR}/namespace").text == "default"
    token = c.run(f"kubectl exec nginx -- cat {SA_DIR}/token").text
    assert _claims(token)["sub"] == "system:serviceaccount:default:default"
    assert _claims(token)["kubernetes.io"]["pod"]["name"] == "nginx"


def test_an_account_can_opt_out_of_the_token_mount_and_a_pod_can_opt_back_in(c):
    assert c.run("kubectl create serviceaccount build-robot").text == "serviceaccount/build-robot created\n"
    assert _apply(c, OPTED_OUT_ACCOUNT) == "serviceaccount/build-robot configured\n"
    assert _apply(c, POD_OF.format(name="no-token", extra="")) == "pod/no-token created\n"
    assert c.run("kubectl get pod no-token -o jsonpath='{.spec.volumes}'").text == ""
    assert _apply(c, POD_OF.format(name="with-token", extra="  automountServiceAccountToken: true\n")) == (
        "pod/with-token created\n")
    volumes = c.run("kubectl get pod with-token -o jsonpath='{.spec.volumes[0].name}'").text
    assert volumes.startswith("kube-api-access-")


def test_a_pod_can_opt_out_on_its_own(c):
    c.run("kubectl create serviceaccount build-robot")
    _apply(c, POD_OF.format(name="no-token", extra="  automountServiceAccountToken: false\n"))
    c.run("sleep 10")
    out = c.run(f"kubectl exec no-token -- ls {SA_DIR}")
    assert out.exit_code != 0 and "No such file or directory" in out.text


def test_kubectl_create_token_issues_a_bound_time_limited_token(c):
    c.run("kubectl create serviceaccount build-robot")
    claims = _claims(c.run("kubectl create token build-robot").text.strip())
    assert claims["sub"] == "system:serviceaccount:default:build-robot"
    assert claims["exp"] - claims["iat"] == 3600  # TokenRequest's default hour
    claims = _claims(c.run("kubectl create token build-robot --duration=10m --audience=vault").text.strip())
    assert claims["exp"] - claims["iat"] == 600 and claims["aud"] == ["vault"]
    assert c.run("kubectl create token nope").text == 'error: failed to create token: serviceaccounts "nope" not found\n'


def test_image_pull_secrets_on_the_account_are_added_to_new_pods(c):
    c.run("kubectl create secret docker-registry myregistrykey --docker-server=registry.example "
          "--docker-username=robot --docker-password=s3cret --docker-email=robot@example.com")
    patch = '{"imagePullSecrets": [{"name": "myregistrykey"}]}'
    assert c.run(f"kubectl patch serviceaccount default -p '{patch}'").text == "serviceaccount/default patched\n"
    c.run("kubectl run nginx --image=nginx")
    assert c.run("kubectl get pod nginx -o=jsonpath='{.spec.imagePullSecrets[0].name}{\"\\n\"}'").text == (
        "myregistrykey\n")


def test_a_projected_token_carries_its_audience_and_expiry(c):
    c.run("kubectl create serviceaccount build-robot")
    assert _apply(c, VAULT_CLIENT) == "pod/vault-client created\n"
    c.run("sleep 10")
    assert c.run("kubectl exec vault-client -- ls /var/run/secrets/tokens").text == "vault-token\n"
    claims = _claims(c.run("kubectl exec vault-client -- cat /var/run/secrets/tokens/vault-token").text)
    assert claims["aud"] == ["vault"]
    assert claims["exp"] - claims["iat"] == 7200
    assert claims["kubernetes.io"]["serviceaccount"]["name"] == "build-robot"


def test_a_manually_created_long_lived_token_secret_is_filled_and_goes_with_its_account(c):
    c.run("kubectl create serviceaccount build-robot")
    assert _apply(c, LONG_LIVED_SECRET) == "secret/build-robot-secret created\n"
    uid = c.run("kubectl get sa build-robot -o jsonpath='{.metadata.uid}'").text
    yaml_out = c.run("kubectl get secret/build-robot-secret -o yaml").text
    assert "  ca.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t" in yaml_out
    assert "  namespace: ZGVmYXVsdA==\n" in yaml_out
    assert f"    kubernetes.io/service-account.uid: {uid}\n" in yaml_out
    out = c.run("kubectl describe secrets/build-robot-secret").text.splitlines()
    assert out[:4] == ["Name:         build-robot-secret", "Namespace:    default", "Labels:       <none>",
                       "Annotations:  kubernetes.io/service-account.name: build-robot"]
    assert out[4] == f"              kubernetes.io/service-account.uid: {uid}"
    assert out[5:11] == ["", "Type:  kubernetes.io/service-account-token", "", "Data", "====", "ca.crt:     1086 bytes"]
    assert out[11] == "namespace:  7 bytes"
    token = out[12].split()[1]
    assert _claims(token)["sub"] == "system:serviceaccount:default:build-robot"
    assert _claims(token)["kubernetes.io/serviceaccount/secret.name"] == "build-robot-secret"
    assert c.run("kubectl delete serviceaccount build-robot").text == 'serviceaccount "build-robot" deleted\n'
    assert c.run("kubectl get secret build-robot-secret").text == (
        'Error from server (NotFound): secrets "build-robot-secret" not found\n')
