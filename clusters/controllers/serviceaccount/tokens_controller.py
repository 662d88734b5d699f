"""The tokens controller, after kubernetes/kubernetes:pkg/controller/serviceaccount/tokens_controller.go (1.32).

It keeps long-lived token Secrets (type ``kubernetes.io/service-account-token``)
in step with their ServiceAccounts. Since LegacyServiceAccountTokenNoAutoGeneration
went GA it creates none itself: a learner creates the Secret naming the account
in the ``kubernetes.io/service-account.name`` annotation, and the controller
fills ``ca.crt``, ``namespace`` and a legacy ``token`` and records the account's
uid (generateTokenIfNeeded). A Secret whose account is missing, or whose
recorded uid is another account's, is deleted; so are an account's Secrets
when the account goes (deleteTokens); a deleted Secret is dropped from its
account's ``secrets`` list (removeSecretReference).

Upstream has two queues; here one queue carries both kinds of key, as tuples
that keep what a deleted object no longer can tell: ("sa", ns, name, uid) and
("secret", ns, name, uid, account name, account uid). It reads only its own
Secrets (the informer's type filter) and keeps nothing per pod.
"""
from __future__ import annotations

import base64

from clusters import objects
from clusters.apiserver import errors, legacy_tokens
from clusters.controllers.base import Controller
from clusters.controllers.rootcacertpublisher.publisher import ca_pem

NAME_KEY = "kubernetes.io/service-account.name"  # v1.ServiceAccountNameKey
UID_KEY = "kubernetes.io/service-account.uid"  # v1.ServiceAccountUIDKey
MAX_RETRIES = 10  # NewTokensController's default maxRetries


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


class TokensController(Controller):
    name = "tokens-controller"  # the client kube-controller-manager builds for it

    def __init__(self, cluster):
        super().__init__(cluster)
        self.ca = _b64(ca_pem(cluster.seed))

    def start(self) -> None:
        inf = self.cluster.informers
        inf.on("serviceaccounts", add=self._sa, update=self._sa_updated, delete=self._sa)
        inf.on("secrets", add=self._secret, update=self._secret_updated, delete=self._secret)
        for s in self.api.list("secrets"):
            self._secret(s)

    def _sa(self, sa: dict) -> None:
        m = sa["metadata"]
        self.enqueue(("sa", m["namespace"], m["name"], m.get("uid", "")))

    def _sa_updated(self, old: dict, sa: dict) -> None:
        self._sa(sa)

    def _secret_updated(self, old: dict, s: dict) -> None:
        self._secret(s)

    def _secret(self, s: dict) -> None:
        if s.get("type") != legacy_tokens.TOKEN_TYPE:  # the informer's FilterFunc
            return
        m = s["metadata"]
        ann = m.get("annotations") or {}
        self.enqueue(("secret", m["namespace"], m["name"], m.get("uid", ""), ann.get(NAME_KEY, ""), ann.get(UID_KEY, "")))

    def sync(self, key):
        try:
            if key[0] == "sa":
                self._sync_service_account(*key[1:])
            else:
                self._sync_secret(*key[1:])
        except errors.StatusError:
            # retryOrForget: rate-limited retries up to maxRetries, then the key is dropped.
            if self.queue.failures(key) >= MAX_RETRIES:
                self.queue.forget(key)
                return None
            raise
        return None

    def _service_account(self, ns: str, name: str, uid: str) -> dict | None:
        """getServiceAccount: the account if it exists with the given uid (any, when none is given)."""
        sa = self.api.try_get("serviceaccounts", name, ns)
        if sa is None or (uid and sa["metadata"].get("uid") != uid):
            return None
        return sa

    def _sync_service_account(self, ns: str, name: str, uid: str) -> None:
        if not uid or self._service_account(ns, name, uid) is not None:
            return
        # The account is gone: delete its tokens (IsServiceAccountToken: its name, and its uid when recorded).
        for s in self.api.list("secrets", ns):
            ann = s["metadata"].get("annotations") or {}
            if (s.get("type") == legacy_tokens.TOKEN_TYPE and ann.get(NAME_KEY) == name
                    and ann.get(UID_KEY, uid) in ("", uid)):
                self._delete_token(ns, s["metadata"]["name"], s["metadata"].get("uid", ""))

    def _sync_secret(self, ns: str, name: str, uid: str, sa_name: str, sa_uid: str) -> None:
        if not sa_name:  # parseSecretQueueKey refuses a key without the account's name
            return
        secret = self.api.try_get("secrets", name, ns)
        if secret is not None and uid and secret["metadata"].get("uid") != uid:
            secret = None
        if secret is None:
            sa = self._service_account(ns, sa_name, sa_uid)
            if sa is not None and any(r.get("name") == name for r in sa.get("secrets") or ()):
                new = objects.clone(sa)
                new["secrets"] = [r for r in sa["secrets"] if r.get("name") != name]
                try:
                    self.client.update("serviceaccounts", new)
                except errors.StatusError as e:
                    if e.reason != "NotFound":
                        raise
            return
        sa = self._service_account(ns, sa_name, sa_uid)
        if sa is None:
            self._delete_token(ns, name, uid)
            return
        self._fill(sa, secret)

    def _delete_token(self, ns: str, name: str, uid: str) -> None:
        """deleteToken: with the Secret's uid as a precondition; gone or replaced needs no retry."""
        try:
            self.client.delete("secrets", name, ns, uid=uid or None)
        except errors.StatusError as e:
            if e.reason not in ("NotFound", "Conflict"):
                raise

    def _needs(self, secret: dict) -> bool:
        """secretUpdateNeeded: a CA other than the cluster's, or no namespace or token."""
        data = secret.get("data") or {}
        return data.get("ca.crt") != self.ca or not data.get("namespace") or not data.get("token")

    def _fill(self, sa: dict, secret: dict) -> None:
        """generateTokenIfNeeded."""
        if not self._needs(secret):
            return
        new = objects.clone(secret)
        data = new.get("data") or {}
        new["data"] = data
        data["ca.crt"] = self.ca
        if not data.get("namespace"):
            data["namespace"] = _b64(secret["metadata"]["namespace"])
        if not data.get("token"):
            data["token"] = _b64(legacy_tokens.generate(self.cluster.seed, sa, secret))
        ann = new["metadata"].setdefault("annotations", {})
        ann[NAME_KEY] = sa["metadata"]["name"]
        ann[UID_KEY] = sa["metadata"].get("uid", "")
        try:
            self.client.update("secrets", new)
        except errors.StatusError as e:
            # A conflict brings an update event; a Secret gone needs no token.
            if e.reason not in ("Conflict", "NotFound"):
                raise
