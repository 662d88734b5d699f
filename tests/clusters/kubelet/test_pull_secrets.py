"""The kubelet's keyring over imagePullSecrets (pkg/credentialprovider keyring.go, config.go)."""
from __future__ import annotations

import base64
import json

from clusters.kubelet import pull_secrets


def _secret(auths: dict, kind="kubernetes.io/dockerconfigjson") -> dict:
    body = json.dumps({"auths": auths} if kind.endswith("json") else auths).encode()
    key = ".dockerconfigjson" if kind.endswith("json") else ".dockercfg"
    return {"type": kind, "data": {key: base64.b64encode(body).decode()}}


USER = {"username": "u", "password": "p"}


def test_a_key_matches_by_host_with_its_scheme_and_v1_path_dropped():
    for key in ("reg.example.com", "https://reg.example.com/v1/", "http://reg.example.com"):
        assert pull_secrets.has_credentials([_secret({key: USER})], "reg.example.com/team/app")
    assert not pull_secrets.has_credentials([_secret({"other.example.com": USER})], "reg.example.com/team/app")


def test_ports_must_agree_labels_may_glob_and_a_path_must_prefix_the_images():
    assert not pull_secrets.has_credentials([_secret({"reg.example.com:5000": USER})], "reg.example.com/app")
    assert pull_secrets.has_credentials([_secret({"reg.example.com:5000": USER})], "reg.example.com:5000/app")
    assert pull_secrets.has_credentials([_secret({"*.example.com": USER})], "reg.example.com/app")
    assert not pull_secrets.has_credentials([_secret({"*.example.com": USER})], "a.reg.example.com/app")
    assert pull_secrets.has_credentials([_secret({"reg.example.com/team": USER})], "reg.example.com/team/app")
    assert not pull_secrets.has_credentials([_secret({"reg.example.com/team": USER})], "reg.example.com/other/app")


def test_docker_hub_images_take_the_index_docker_io_entry():
    hub = [_secret({"https://index.docker.io/v1/": USER})]
    assert pull_secrets.has_credentials(hub, "docker.io/janedoe/app")
    assert not pull_secrets.has_credentials(hub, "reg.example.com/janedoe/app")


def test_an_entry_needs_a_username_and_password_or_an_auth_that_holds_both():
    auth = base64.b64encode(b"u:p").decode()
    assert pull_secrets.has_credentials([_secret({"reg.example.com": {"auth": auth}})], "reg.example.com/app")
    assert not pull_secrets.has_credentials([_secret({"reg.example.com": {"username": "u"}})], "reg.example.com/app")
    assert pull_secrets.has_credentials([_secret({"reg.example.com": USER}, "kubernetes.io/dockercfg")],
                                        "reg.example.com/app")
    assert not pull_secrets.has_credentials([{"type": "Opaque", "data": {}}], "reg.example.com/app")
