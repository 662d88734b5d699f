"""Who the API server takes a kubectl command to be, from the credentials the kubeconfig sends.

client-go sends every credential the user entry holds (a client certificate
in the TLS handshake, a bearer token, basic auth) and the flags
--client-certificate, --token, --username/--password override the entry's
(client_config.go getUserIdentificationPartialConfig). kube-apiserver's
authenticator union (pkg/kubeapiserver/authenticator/config.go) tries the
client certificate first, then the bearer token: a certificate only kind's
CA signed counts (here, kubeadm's admin.conf certificate), a token must be
one the service-account authenticator accepts (apiserver/tokens.py
``authenticate``). Basic auth left kube-apiserver in 1.19. Nothing valid is
a 401.

Exec and auth-provider plugins are not checked: the console runs none.
"""
from __future__ import annotations

import base64

from clusters.apiserver import authorization, tokens
from clusters.console import files
from clusters.console.kubectl import kubeconfig

ADMIN = authorization.User(kubeconfig.USER_NAME, ("kubeadm:cluster-admins", authorization.AUTHENTICATED))


def _entry(kc, conf: dict, flag) -> dict:
    """The user entry in force, with the credential flags laid over it."""
    ctx = conf.get("contexts", {}).get(flag("context") or conf.get("current-context", ""), {})
    user = dict(conf.get("users", {}).get(flag("user") or ctx.get("user", ""), {}))
    if flag("client-certificate"):
        user.pop("client-certificate-data", None)
        user["client-certificate"] = flag("client-certificate")
    if flag("token"):
        user["token"] = flag("token")
    for name in ("username", "password"):
        if flag(name):
            user[name] = flag(name)
    return user


def _certificate(kc, user: dict) -> str | None:
    """The client certificate as the kubeconfig's base64 text, read from its file if need be."""
    if user.get("client-certificate-data"):
        return user["client-certificate-data"]
    path = user.get("client-certificate")
    if not path:
        return None
    text = files.read(kc.cluster, path)
    if text is None:
        return ""
    return base64.b64encode(text.encode()).decode()


class ConfigurationError(Exception):
    """client_config.go validateAuthInfo: a credential file kubectl cannot read."""


def _check_files(kc, entry: dict, name: str, cluster: dict, cluster_name: str) -> None:
    """client-go clientcmd/validation.go ConfirmUsable's validateAuthInfo, then validateClusterInfo's
    certificate-authority file, in their order; several are printed as helpers.go MultilineError
    prints an aggregate."""
    errs = []
    methods = []
    if entry.get("token") or entry.get("tokenFile"):
        methods.append("token")
    if entry.get("username") or entry.get("password"):
        methods.append("basicAuth")
    if entry.get("client-certificate") or entry.get("client-certificate-data"):
        if entry.get("client-certificate") and entry.get("client-certificate-data"):
            errs.append(f"client-cert-data and client-cert are both specified for {name}. "
                        "client-cert-data will override.")
        if entry.get("client-key") and entry.get("client-key-data"):
            errs.append(f"client-key-data and client-key are both specified for {name}; "
                        "client-key-data will override")
        if not entry.get("client-key") and not entry.get("client-key-data"):
            errs.append(f"client-key-data or client-key must be specified for {name} "
                        "to use the clientCert authentication method.")
        for what, key in (("client-cert", "client-certificate"), ("client-key", "client-key")):
            path = entry.get(key)
            if path and not files.exists(kc.cluster, path):
                errs.append(f"unable to read {what} {path} for {name} due to open {path}: no such file or directory")
    if len(methods) > 1:
        errs.append(f"more than one authentication method found for {name}; found [{' '.join(methods)}], "
                    "only one is allowed")
    ca = cluster.get("certificate-authority")
    if ca and not files.exists(kc.cluster, ca):
        errs.append(f"unable to read certificate-authority {ca} for {cluster_name} due to open {ca}: "
                    "no such file or directory")
    if len(errs) == 1:
        raise ConfigurationError(errs[0])
    if errs:
        raise ConfigurationError("\n" + "".join(f"* {e}\n" for e in errs))


def validate(kc, conf: dict, flag) -> None:
    """ConfirmUsable's part about credential files, before any request is made."""
    ctx = conf.get("contexts", {}).get(flag("context") or conf.get("current-context", ""), {})
    cluster_name = flag("cluster") or ctx.get("cluster", "")
    cluster = dict(conf.get("clusters", {}).get(cluster_name, {}))
    if flag("certificate-authority"):
        cluster["certificate-authority"] = flag("certificate-authority")
    _check_files(kc, _entry(kc, conf, flag), flag("user") or ctx.get("user", ""), cluster, cluster_name)


def user(kc, conf: dict, flag) -> authorization.User | None:
    """The authenticated user, or None when the server would answer 401 Unauthorized."""
    entry = _entry(kc, conf, flag)
    if entry.get("exec") or entry.get("auth-provider"):
        return ADMIN
    cert = _certificate(kc, entry)
    if cert is not None and cert == kubeconfig.ADMIN_CERTIFICATE:
        return ADMIN
    token = entry.get("token")
    if not token and entry.get("tokenFile"):
        token = (files.read(kc.cluster, entry["tokenFile"]) or "").strip()
    if token:
        return tokens.authenticate(kc.cluster.api, token)
    return None
