"""POST serviceaccounts/<name>/token: the TokenRequest subresource.

NamespaceLifecycle admission first (``_admit``), then
kubernetes/kubernetes:pkg/registry/core/serviceaccount/storage/token.go
(the service account and any bound object must exist; the response is the
request with name, namespace, creationTimestamp and status filled),
pkg/apis/authentication/validation (ValidateTokenRequest: at least 10
minutes, at most 2^32 seconds), pkg/apis/authentication/v1 defaults (one
hour) and pkg/serviceaccount/claims.go for the token's claims: aud, exp,
iat, iss, jti, kubernetes.io (namespace, the bound node, pod or secret,
serviceaccount), nbf, sub, in the sorted key order go-jose writes them.

The token is shaped as kind's: an RS256 JWT whose issuer and audience are
``https://kubernetes.default.svc.cluster.local``. Nothing here is real
cryptography: the key id comes from the cluster's seed and the signature
from a hash of the signed part, so a token is a pure function of the
cluster, its journal and the request, and ``jti`` is drawn from the
cluster's seeded generator like every other UID.
"""
from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from clusters import timeutil
from clusters.apiserver import errors, resources

ISSUER = "https://kubernetes.default.svc.cluster.local"
DEFAULT_EXPIRATION = 3600  # SetDefaults_TokenRequestSpec
MIN_EXPIRATION = 600
MAX_EXPIRATION = 1 << 32
BOUND_KINDS = {"Pod": "pods", "Secret": "secrets", "Node": "nodes"}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _json(obj: Any) -> bytes:
    return json.dumps(obj, separators=(",", ":"), sort_keys=True).encode()


def key_id(seed: int) -> str:
    """The signing key's id: base64url of a SHA-256, as kube-apiserver derives it from the public key."""
    return _b64(hashlib.sha256(f"service-account-signing-key/{seed}".encode()).digest())


def _signature(signed: bytes, seed: int) -> bytes:
    """256 bytes, the size of an RS256 signature with kubeadm's 2048-bit key."""
    out = b""
    i = 0
    while len(out) < 256:
        out += hashlib.sha256(b"%d/%d/" % (seed, i) + signed).digest()
        i += 1
    return out[:256]


def sign(claims: dict, seed: int) -> str:
    """An RS256 JWT with the cluster's key: header, then the claims in go-jose's sorted key order."""
    signed = (_b64(json.dumps({"alg": "RS256", "kid": key_id(seed)}, separators=(",", ":")).encode()) + "."
              + _b64(_json(claims)))
    return signed + "." + _b64(_signature(signed.encode(), seed))


def _invalid(name: str, errs: list[errors.FieldError]) -> errors.StatusError:
    return errors.invalid("TokenRequest", "authentication.k8s.io", name, errs)


# The admission plugins that act on a create of a subresource: the rest of the chain returns
# early for subresources (LimitRanger, ResourceQuota) or looks only at pods and claims.
_SUBRESOURCE_ADMISSION = ("NamespaceLifecycle",)


def _admit(api, namespace: str, name: str) -> None:
    """The create handler (apiserver endpoints/handlers/create.go) runs admission before
    TokenREST.Create looks anything up, with attributes for serviceaccounts/token named after
    the service account, so a missing namespace answers ``namespaces "x" not found`` and a
    terminating one ``serviceaccounts "x" is forbidden: unable to create new content in
    namespace ...`` (apiserver admission/plugin/namespace/lifecycle/admission.go)."""
    r = resources.by_plural("serviceaccounts")
    attrs = {"metadata": {"name": name, "namespace": namespace}}
    for plugin in api.admission:
        if plugin.name in _SUBRESOURCE_ADMISSION:
            plugin.admit(api, r, "CREATE", attrs, None)
            plugin.validate(api, r, "CREATE", attrs, None)


def create_token(api, namespace: str, name: str, request: dict) -> dict:
    """The TokenRequest the server answers with, or a StatusError in its words."""
    _admit(api, namespace, name)
    spec = dict(request.get("spec") or {})
    seconds = spec.get("expirationSeconds")
    if seconds is None:
        seconds = DEFAULT_EXPIRATION
    errs = []
    if seconds < MIN_EXPIRATION:
        errs.append(errors.invalid_value("spec.expirationSeconds", seconds, "may not specify a duration less than 10 minutes"))
    if seconds > MAX_EXPIRATION:
        errs.append(errors.invalid_value("spec.expirationSeconds", seconds, "may not specify a duration larger than 2^32 seconds"))
    if errs:
        raise _invalid(name, errs)
    sa = api.get("serviceaccounts", name, namespace)
    claims_k8s: dict[str, Any] = {"namespace": namespace}
    ref = spec.get("boundObjectRef")
    if ref:
        plural = BOUND_KINDS.get(ref.get("kind", ""))
        if plural is None:
            raise errors.bad_request(f"cannot bind token for serviceaccount \"{name}\" to object of kind {ref.get('kind')}")
        r = resources.by_plural(plural)
        obj = api.get(r, ref.get("name", ""), namespace if r.namespaced else None)
        uid = obj["metadata"].get("uid", "")
        if ref.get("uid") and ref["uid"] != uid:
            raise errors.conflict(r.qualified, ref.get("name", ""),
                                  f"the UID in the bound object reference ({ref['uid']}) does not match the UID in record. "
                                  "The object might have been deleted and then recreated")
        ref = {**ref, "uid": uid}
        key = ref["kind"].lower()
        claims_k8s[key] = {"name": obj["metadata"]["name"], "uid": uid}
        node = (obj.get("spec") or {}).get("nodeName") if key == "pod" else None
        if node:  # ServiceAccountTokenPodNodeInfo: a pod-bound token names the pod's node
            n = api.try_get("nodes", node)
            claims_k8s["node"] = {"name": node, "uid": (n or {}).get("metadata", {}).get("uid", "")}
    claims_k8s["serviceaccount"] = {"name": name, "uid": sa["metadata"].get("uid", "")}
    audiences = list(spec.get("audiences") or [ISSUER])
    now = int(api.cluster.epoch + api.clock.now)
    claims = {"aud": audiences, "exp": now + seconds, "iat": now, "iss": ISSUER, "jti": api.rand.uid(),
              "kubernetes.io": claims_k8s, "nbf": now, "sub": f"system:serviceaccount:{namespace}:{name}"}
    token = sign(claims, api.cluster.seed)
    return {"kind": "TokenRequest", "apiVersion": "authentication.k8s.io/v1",
            "metadata": {"name": name, "namespace": namespace, "creationTimestamp": api.timestamp()},
            "spec": {"audiences": audiences, "expirationSeconds": seconds, "boundObjectRef": ref or None},
            "status": {"token": token, "expirationTimestamp": timeutil.rfc3339(now + seconds)}}


def _unb64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def authenticate(api, token: str):
    """The service-account token authenticator (pkg/serviceaccount/jwt.go and claims.go Validate):
    a token this cluster signed, for the API server's audience, not expired, whose service account
    (and bound pod or secret) still exists with the uid it names. The user, or None (401)."""
    from clusters.apiserver import legacy_tokens

    parts = token.split(".")
    if len(parts) != 3:
        return None
    signed = parts[0] + "." + parts[1]
    try:
        if parts[2] != _b64(_signature(signed.encode(), api.cluster.seed)):
            return None
        claims = json.loads(_unb64(parts[1]))
    except (ValueError, TypeError):
        return None
    if not isinstance(claims, dict):
        return None
    if claims.get("iss") == legacy_tokens.ISSUER:  # jwt.go: each issuer has its own validator
        return legacy_tokens.validate(api, token, claims)
    now = int(api.cluster.epoch + api.clock.now)
    if (claims.get("iss") != ISSUER or ISSUER not in (claims.get("aud") or ())
            or not isinstance(claims.get("exp"), int) or claims["exp"] < now or claims.get("nbf", 0) > now):
        return None
    k8s = claims.get("kubernetes.io") or {}
    ns, sa_ref = k8s.get("namespace", ""), k8s.get("serviceaccount") or {}
    sa = api.try_get("serviceaccounts", sa_ref.get("name", ""), ns)
    if sa is None or sa["metadata"].get("uid") != sa_ref.get("uid"):
        return None
    for kind, plural in (("pod", "pods"), ("secret", "secrets")):
        ref = k8s.get(kind)
        if ref:
            obj = api.try_get(plural, ref.get("name", ""), ns)
            if obj is None or obj["metadata"].get("uid") != ref.get("uid") or obj["metadata"].get("deletionTimestamp"):
                return None
    # serviceaccount.ServiceAccountInfo.UserInfo: the account's uid, and as extras the token's id
    # (ServiceAccountTokenJTI) and what it is bound to (the pod, the node).
    extra = {"authentication.kubernetes.io/credential-id": (f"JTI={claims.get('jti', '')}",)}
    for kind in ("pod", "node"):
        ref = k8s.get(kind)
        if ref:
            extra[f"authentication.kubernetes.io/{kind}-name"] = (ref.get("name", ""),)
            extra[f"authentication.kubernetes.io/{kind}-uid"] = (ref.get("uid", ""),)
    return service_account_user(ns, sa_ref.get("name", ""), sa_ref.get("uid", ""), tuple(sorted(extra.items())))


def service_account_user(ns: str, name: str, uid: str, extra: tuple):
    """ServiceAccountInfo.UserInfo: the account's username, its groups and uid."""
    from clusters.apiserver import authorization

    return authorization.User(f"{authorization.SA_PREFIX}{ns}:{name}",
                              ("system:serviceaccounts", f"system:serviceaccounts:{ns}", authorization.AUTHENTICATED),
                              uid=uid, extra=extra)
