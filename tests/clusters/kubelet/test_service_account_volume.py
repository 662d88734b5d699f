"""The kube-api-access projected volume inside a container (pkg/volume/projected, pkg/kubelet/token).

On the kubelet tests' small cluster (conftest ``cluster``: no add-ons, nothing settled yet)."""
from __future__ import annotations

import base64
import json

from clusters.controllers.rootcacertpublisher import publisher
from clusters.kubelet import config

DIR = "/var/run/secrets/kubernetes.io/serviceaccount"


def _claims(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def test_ls_shows_ca_crt_namespace_and_token(cluster):
    cluster.run("kubectl create namespace team")
    cluster.run("kubectl run web --image=nginx -n team")
    cluster.advance(5)
    assert cluster.run(f"kubectl exec -n team web -- ls {DIR}").text == "ca.crt\nnamespace\ntoken\n"
    assert cluster.run(f"kubectl exec -n team web -- cat {DIR}/namespace").text.rstrip("\n") == "team"


def test_ca_crt_is_the_kube_root_ca_crt_config_map(cluster):
    cluster.run("kubectl run web --image=nginx")
    cluster.advance(5)
    cm = cluster.get("configmaps", publisher.CONFIGMAP, "default")
    assert cluster.run(f"kubectl exec web -- cat {DIR}/ca.crt").text == cm["data"]["ca.crt"]
    assert cm["data"]["ca.crt"].startswith("-----BEGIN CERTIFICATE-----\n")


def test_token_is_a_jwt_bound_to_the_pod_and_extended_to_a_year_token_go(cluster):
    cluster.run("kubectl run web --image=nginx")
    cluster.advance(5)
    token = cluster.run(f"kubectl exec web -- cat {DIR}/token").text
    header, _, sig = token.split(".")
    assert json.loads(base64.urlsafe_b64decode(header + "==")) ["alg"] == "RS256"
    claims = _claims(token)
    pod = cluster.get("pods", "web", "default")
    sa = cluster.get("serviceaccounts", "default", "default")
    node = cluster.get("nodes", pod["spec"]["nodeName"])
    assert claims["aud"] == ["https://kubernetes.default.svc.cluster.local"]
    assert claims["sub"] == "system:serviceaccount:default:default"
    assert claims["kubernetes.io"] == {
        "namespace": "default",
        "node": {"name": node["metadata"]["name"], "uid": node["metadata"]["uid"]},
        "pod": {"name": "web", "uid": pod["metadata"]["uid"]},
        "serviceaccount": {"name": "default", "uid": sa["metadata"]["uid"]},
        "warnafter": claims["iat"] + 3607,
    }
    # ExpirationExtensionSeconds: a 3607-second request with the API server's audience lasts a year.
    assert claims["exp"] - claims["iat"] == 365 * 24 * 3600
    # The same file on a second read: the kubelet keeps its token until 80 % of its life.
    cluster.advance(600)
    assert cluster.run(f"kubectl exec web -- cat {DIR}/token").text == token


def test_the_token_is_read_only(cluster):
    cluster.run("kubectl run web --image=nginx")
    cluster.advance(5)
    cluster.run(f"kubectl exec web -- rm {DIR}/token")
    assert cluster.run(f"kubectl exec web -- ls {DIR}").text == "ca.crt\nnamespace\ntoken\n"


def test_a_pod_without_automount_has_no_service_account_directory(cluster):
    cluster.run("kubectl run web --image=nginx --overrides='{\"spec\":{\"automountServiceAccountToken\":false}}'")
    cluster.advance(5)
    out = cluster.run(f"kubectl exec web -- cat {DIR}/namespace")
    assert out.exit_code == 1 and "No such file or directory" in out.text


def test_the_pod_starts_as_soon_as_before(cluster):
    cluster.run("kubectl run web --image=nginx")
    cluster.advance(5)
    reasons = [e["reason"] for e in cluster.list("events", "default") if e["involvedObject"].get("name") == "web"]
    assert "FailedMount" not in reasons and "Started" in reasons


def test_a_missing_root_ca_config_map_fails_the_mount_in_upstream_words(cluster):
    cluster.run("kubectl run web --image=nginx")
    cluster.advance(5)
    pod = cluster.get("pods", "web", "default")
    cluster.api.delete("configmaps", publisher.CONFIGMAP, "default")
    vol = pod["spec"]["volumes"][0]
    data, err = config.volume_contents(cluster.api, pod, vol, "", "")
    assert (data, err) == (None, 'configmap "kube-root-ca.crt" not found')
    # The root CA publisher puts it back at once, as upstream's does on a delete.
    cluster.advance(1)
    assert cluster.get("configmaps", publisher.CONFIGMAP, "default") is not None


def test_a_new_namespace_has_its_root_ca_config_map_at_once(cluster):
    cluster.run("kubectl create namespace team")
    cluster.settle()
    assert cluster.get("configmaps", publisher.CONFIGMAP, "team") is not None
