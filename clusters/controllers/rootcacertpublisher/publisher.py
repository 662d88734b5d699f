"""The root CA publisher, after kubernetes/kubernetes:pkg/controller/certificates/rootcacertpublisher/publisher.go:
every active namespace has a ``kube-root-ca.crt`` ConfigMap holding the
cluster CA, restored if deleted or changed.

The certificate is a stand-in (no real key exists): a PEM block whose bytes
derive from the cluster's seed, so it is stable for a cluster and differs
between clusters.
"""
from __future__ import annotations

import base64
import hashlib

from clusters import objects
from clusters.apiserver import errors
from clusters.controllers.base import Controller

CONFIGMAP = "kube-root-ca.crt"
DATA_KEY = "ca.crt"
# publisher.go DescriptionAnnotation
DESCRIPTION = ("Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints "
               "such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across "
               "distributions of Kubernetes clusters.")


def ca_pem(seed: int) -> str:
    body = b""
    block = f"kubelab-ca-{seed}".encode()
    while len(body) < 760:
        block = hashlib.sha256(block).digest()
        body += block
    b64 = base64.b64encode(b"0\x82\x02\xf7" + body[:756]).decode()
    lines = [b64[i:i + 64] for i in range(0, len(b64), 64)]
    return "-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n"


class RootCACertPublisher(Controller):
    name = "root-ca-cert-publisher"

    def __init__(self, cluster):
        super().__init__(cluster)
        self.pem = ca_pem(cluster.seed)

    def start(self) -> None:
        inf = self.cluster.informers
        inf.on("namespaces", add=self._ns, update=self._ns_updated)
        inf.on("configmaps", update=self._cm_updated, delete=self._cm)
        for ns in self.api.list("namespaces"):
            self._ns(ns)

    def _ns(self, ns: dict) -> None:
        self.enqueue(ns["metadata"]["name"])

    def _ns_updated(self, old: dict, ns: dict) -> None:
        if (old.get("status") or {}).get("phase") != (ns.get("status") or {}).get("phase"):
            self.enqueue(ns["metadata"]["name"])

    def _cm_updated(self, old: dict, cm: dict) -> None:
        self._cm(cm)

    def _cm(self, cm: dict) -> None:
        if cm["metadata"]["name"] == CONFIGMAP:
            self.enqueue(cm["metadata"]["namespace"])

    def sync(self, key: str):
        ns = self.api.try_get("namespaces", key)
        if ns is None or (ns.get("status") or {}).get("phase") != "Active":
            return None
        data = {DATA_KEY: self.pem}
        cm = self.api.try_get("configmaps", CONFIGMAP, key)
        try:
            if cm is None:
                self.client.create("configmaps", {
                    "metadata": {"name": CONFIGMAP, "namespace": key, "annotations": {"kubernetes.io/description": DESCRIPTION}},
                    "data": data}, key)
                return None
            ann = cm["metadata"].get("annotations") or {}
            if cm.get("data") == data and ann.get("kubernetes.io/description") == DESCRIPTION:
                return None
            new = objects.clone(cm)
            new["data"] = data
            new["metadata"].setdefault("annotations", {})["kubernetes.io/description"] = DESCRIPTION
            self.client.update("configmaps", new)
        except errors.StatusError as e:
            if e.reason not in ("AlreadyExists", "Forbidden", "NotFound"):
                raise
        return None
