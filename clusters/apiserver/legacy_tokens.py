"""Legacy service-account tokens: the long-lived JWTs kept in ``kubernetes.io/service-account-token`` Secrets.

kubernetes/kubernetes:pkg/serviceaccount/legacy.go. The tokens controller
signs them (``generate``) with the same key as TokenRequest tokens, under
their own issuer and with no audience or expiry: what bounds them is the
Secret. The API server's legacy validator (``validate``) therefore looks the
Secret up on every request: deleting the Secret, changing its token, or
deleting or recreating the account ends the token. A token that passes marks
its Secret with the day it was last used (LegacyServiceAccountTokenTracking,
GA since 1.28), at most once a day.
"""
from __future__ import annotations

import base64

from clusters import timeutil
from clusters.apiserver import tokens

ISSUER = "kubernetes/serviceaccount"
LAST_USED_LABEL = "kubernetes.io/legacy-token-last-used"
INVALID_SINCE_LABEL = "kubernetes.io/legacy-token-invalid-since"
TOKEN_TYPE = "kubernetes.io/service-account-token"
# legacyPrivateClaims' JSON names.
NAMESPACE = "kubernetes.io/serviceaccount/namespace"
SECRET_NAME = "kubernetes.io/serviceaccount/secret.name"
SA_NAME = "kubernetes.io/serviceaccount/service-account.name"
SA_UID = "kubernetes.io/serviceaccount/service-account.uid"


def claims(sa: dict, secret: dict) -> dict:
    """LegacyClaims plus the generator's issuer, in go-jose's sorted key order."""
    m = sa["metadata"]
    return {"iss": ISSUER, NAMESPACE: m["namespace"], SECRET_NAME: secret["metadata"]["name"],
            SA_NAME: m["name"], SA_UID: m.get("uid", ""),
            "sub": f"system:serviceaccount:{m['namespace']}:{m['name']}"}


def generate(seed: int, sa: dict, secret: dict) -> str:
    return tokens.sign(claims(sa, secret), seed)


def _day(api, offset_days: int = 0) -> str:
    return timeutil.rfc3339(api.cluster.epoch + api.clock.now + offset_days * 86400)[:10]


def validate(api, token: str, c: dict):
    """legacyValidator.Validate with lookup on: the user, or None (the request is answered 401)."""
    ns, secret_name, sa_name, sa_uid = (c.get(k) or "" for k in (NAMESPACE, SECRET_NAME, SA_NAME, SA_UID))
    if not (c.get("sub") and ns and secret_name and sa_name and sa_uid):
        return None
    if c["sub"] != f"system:serviceaccount:{ns}:{sa_name}":
        return None
    secret = api.try_get("secrets", secret_name, ns)
    if secret is None or secret["metadata"].get("deletionTimestamp"):
        return None  # "Token has been invalidated"
    try:
        stored = base64.b64decode((secret.get("data") or {}).get("token") or "").decode()
    except ValueError:
        stored = ""
    if stored != token:
        return None  # "Token does not match server's copy"
    sa = api.try_get("serviceaccounts", sa_name, ns)
    if sa is None or sa["metadata"].get("deletionTimestamp") or sa["metadata"].get("uid") != sa_uid:
        return None
    labels = secret["metadata"].get("labels") or {}
    if labels.get(INVALID_SINCE_LABEL):
        return None  # marked invalid by the legacy-service-account-token-cleaner
    if labels.get(LAST_USED_LABEL) not in (_day(api), _day(api, 1)):  # patchSecretWithLastUsedDate
        api.patch("secrets", secret_name, {"metadata": {"labels": {LAST_USED_LABEL: _day(api)}}}, ns,
                  patch_type="merge", actor="kube-apiserver")
    return tokens.service_account_user(ns, sa_name, sa_uid, ())
