"""The ServiceAccount controller, after kubernetes/kubernetes:pkg/controller/serviceaccount/serviceaccounts_controller.go:
every active namespace has a ``default`` ServiceAccount, recreated if deleted.
"""
from __future__ import annotations

from clusters.apiserver import errors
from clusters.controllers.base import Controller

# DefaultServiceAccountsControllerOptions: ServiceAccounts: [{Name: "default"}]
DEFAULT_SERVICE_ACCOUNTS = ("default",)


class ServiceAccountsController(Controller):
    name = "serviceaccount-controller"

    def start(self) -> None:
        inf = self.cluster.informers
        inf.on("namespaces", add=self._ns, update=self._ns_updated)
        inf.on("serviceaccounts", delete=self._sa_deleted)
        for ns in self.api.list("namespaces"):
            self._ns(ns)

    def _ns(self, ns: dict) -> None:
        self.enqueue(ns["metadata"]["name"])

    def _ns_updated(self, old: dict, ns: dict) -> None:
        if (old.get("status") or {}).get("phase") != (ns.get("status") or {}).get("phase"):
            self.enqueue(ns["metadata"]["name"])

    def _sa_deleted(self, sa: dict) -> None:
        if sa["metadata"]["name"] in DEFAULT_SERVICE_ACCOUNTS:
            self.enqueue(sa["metadata"]["namespace"])

    def sync(self, key: str):
        ns = self.api.try_get("namespaces", key)
        if ns is None or (ns.get("status") or {}).get("phase") != "Active":
            return None
        for name in DEFAULT_SERVICE_ACCOUNTS:
            if self.api.try_get("serviceaccounts", name, key) is not None:
                continue
            try:
                self.client.create("serviceaccounts", {"metadata": {"name": name, "namespace": key}}, key)
            except errors.StatusError as e:
                if e.reason not in ("AlreadyExists", "Forbidden"):
                    raise
        return None
