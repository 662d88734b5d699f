"""The registry credentials a pod's imagePullSecrets give the kubelet for one image.

kubelet_pods.go getPullSecretsForPod reads each Secret ``spec.imagePullSecrets`` names; one it
cannot read is named in a ``FailedToRetrieveImagePullSecret`` event and skipped.
pkg/credentialprovider/secrets MakeDockerKeyring takes the Secrets of type
``kubernetes.io/dockerconfigjson`` (``.dockerconfigjson``'s ``auths``) and
``kubernetes.io/dockercfg`` (``.dockercfg``), and keyring.go matches an image to an entry:
the entry's key loses its scheme and a ``/v1/`` or ``/v2/`` path, its host labels match
the image's as globs, its port must be the same, and its path must prefix the image's; an
image on Docker Hub also takes the ``index.docker.io`` entry. An entry gives credentials
when it holds a username and password, directly or in ``auth`` (base64 of ``user:pass``;
config.go dockerConfigEntryWithAuth).

The simulated registries that need credentials (``images.PRIVATE_REGISTRIES``) accept any
username and password: the learner's own account is not something the simulation can know.
"""
from __future__ import annotations

import base64
import fnmatch
import json

DOCKER_HUB = "index.docker.io"


def pod_secrets(api, pod: dict) -> tuple[list[dict], list[str]]:
    """The Secrets ``spec.imagePullSecrets`` names that exist, and the names that do not."""
    ns = pod["metadata"].get("namespace", "default")
    found, missing = [], []
    for ref in (pod.get("spec") or {}).get("imagePullSecrets") or []:
        name = (ref or {}).get("name") or ""
        secret = api.try_get("secrets", name, ns) if name else None
        if secret is None:
            missing.append(name)
        else:
            found.append(secret)
    return found, missing


def _entries(secret: dict) -> dict:
    """secrets.go MakeDockerKeyring: the config's entries by key, for the two docker Secret types."""
    data = secret.get("data") or {}
    kind = secret.get("type", "")
    try:
        if kind == "kubernetes.io/dockerconfigjson" and ".dockerconfigjson" in data:
            return json.loads(base64.b64decode(data[".dockerconfigjson"])).get("auths") or {}
        if kind == "kubernetes.io/dockercfg" and ".dockercfg" in data:
            return json.loads(base64.b64decode(data[".dockercfg"]))
    except (ValueError, AttributeError):
        pass
    return {}


def _key(location: str) -> str:
    """keyring.go Add: scheme dropped, a /v1/ or /v2/ path dropped, the rest kept as host[/path]."""
    rest = location.split("://", 1)[1] if "://" in location else location
    host, slash, path = rest.partition("/")
    path = slash + path
    if path.startswith(("/v1/", "/v2/")):
        path = path[3:]
    return host + path if path not in ("", "/") else host


def _matches(key: str, target: str) -> bool:
    """keyring.go URLsMatch: host labels as globs, ports equal, the key's path a prefix of the target's."""
    kh, _, kp = key.partition("/")
    th, _, tp = target.partition("/")
    (kname, _, kport), (tname, _, tport) = kh.partition(":"), th.partition(":")
    klabels, tlabels = kname.split("."), tname.split(".")
    if kport != tport or len(klabels) != len(tlabels):
        return False
    if not all(fnmatch.fnmatchcase(t, k) for k, t in zip(klabels, tlabels)):
        return False
    return ("/" + tp).startswith("/" + kp) if kp else True


def _is_docker_hub(repo: str) -> bool:
    """keyring.go isDefaultRegistryMatch."""
    first, _, rest = repo.partition("/")
    return bool(first) and (not rest or first in ("docker.io", DOCKER_HUB) or not any(c in first for c in ".:"))


def _usable(entry: dict) -> bool:
    user, password = entry.get("username") or "", entry.get("password") or ""
    if entry.get("auth"):
        try:
            user, _, password = base64.b64decode(entry["auth"]).decode().partition(":")
        except (ValueError, UnicodeDecodeError):
            return False
    return bool(user and password)


def has_credentials(secrets: list[dict], repo: str) -> bool:
    """Whether the keyring built from ``secrets`` holds usable credentials for image repository ``repo``
    (as the kubelet names it: ``docker.io/library/nginx``, ``registry.example.com/team/app``)."""
    entries = {}
    for secret in secrets:
        for location, entry in _entries(secret).items():
            if isinstance(entry, dict):
                entries.setdefault(_key(location), []).append(entry)
    hits = [e for k, es in entries.items() if _matches(k, repo) for e in es]
    if not hits and _is_docker_hub(repo):
        hits = entries.get(DOCKER_HUB, [])
    return any(_usable(e) for e in hits)
