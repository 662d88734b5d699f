"""``--as`` and ``--as-group`` on every verb: requests made as another user, checked by RBAC.

kubectl sends Impersonate-User/Impersonate-Group headers; kube-apiserver's
impersonation filter (k8s.io/apiserver/pkg/endpoints/filters/impersonation.go)
swaps the user, and the RBAC authorizer decides each request. A request the
user may not make is refused as responsewriters/errors.go forbiddenMessage
words it: ``pods is forbidden: User "jane" cannot list resource "pods" in API
group "" in the namespace "default"``. The kubeconfig's own user is the
cluster admin (system:masters), who may impersonate anyone.
"""
from __future__ import annotations

from typing import Any

from clusters.apiserver import authorization, errors
from clusters.apiserver.server import Client


def check(api, verb: str, resource, namespace: str | None, name: str = "", subresource: str = "") -> None:
    """Authorize a request kubectl makes through a server-side helper (a subresource such as
    serviceaccounts/token): nothing to check unless --as is in force."""
    if isinstance(api, ImpersonatingAPI):
        api.check(verb, resource, namespace, name, subresource)


def api_for(api, opts, user: authorization.User | None = None):
    """The API server as this invocation reaches it: itself for the kubeconfig's admin, as the
    authenticated ``user`` (credentials.py) otherwise, or as the user --as names, once the
    impersonation filter has let the requester impersonate them."""
    as_user = opts.get("as") or ""
    if not as_user:  # --as-group alone is refused by the verbs that take it (auth.requester)
        return api if user is None else ImpersonatingAPI(api, user)
    as_groups = opts.get("as-group") or []
    if user is not None and authorization.MASTERS not in user.groups:
        if as_user.startswith(authorization.SA_PREFIX):
            ns, _, name = as_user[len(authorization.SA_PREFIX):].partition(":")
            _may_impersonate(api, user, "serviceaccounts", name, ns)
        else:
            _may_impersonate(api, user, "users", as_user)
        for group in as_groups:
            _may_impersonate(api, user, "groups", group)
    return ImpersonatingAPI(api, authorization.impersonated(as_user, as_groups))


def _may_impersonate(api, user: authorization.User, resource: str, name: str, namespace: str = "") -> None:
    """impersonation.go: the requester needs the ``impersonate`` verb on each user, group or
    service account it names, or the request is refused before anything else."""
    req = authorization.Request(verb="impersonate", namespace=namespace, resource=resource, name=name)
    allowed, _ = authorization.authorize(api, user, req)
    if not allowed:
        where = f'in the namespace "{namespace}"' if namespace else "at the cluster scope"
        why = f'User "{user.name}" cannot impersonate resource "{resource}" in API group "" {where}'
        raise errors.forbidden(resource, name, why)


class ImpersonatingAPI:
    """The API server's methods, each authorized first for the impersonated user, who is
    handed on to writes (RBAC's escalation checks need to know who grants what)."""

    def __init__(self, api, user: authorization.User):
        self._api = api
        self.user = user

    def __getattr__(self, name: str) -> Any:
        return getattr(self._api, name)

    def check(self, verb: str, resource, namespace: str | None, name: str = "", subresource: str = "") -> None:
        """Raise the API server's Forbidden unless the user may make this request."""
        r = resource if not isinstance(resource, str) else self._api.resource(resource)
        ns = (namespace or "") if r.namespaced else ""
        req = authorization.Request(verb=verb, namespace=ns, group=r.group, resource=r.plural,
                                    subresource=subresource or "", name=name)
        allowed, _ = authorization.authorize(self._api, self.user, req)
        if allowed:
            return
        what = r.plural + (f"/{subresource}" if subresource else "")
        where = f'in the namespace "{ns}"' if ns else "at the cluster scope"
        why = f'User "{self.user.name}" cannot {verb} resource "{what}" in API group "{r.group}" {where}'
        raise errors.forbidden(r.qualified, name, why)

    def get(self, resource, name, namespace=None):
        self.check("get", resource, namespace, name)
        return self._api.get(resource, name, namespace)

    def try_get(self, resource, name, namespace=None):
        self.check("get", resource, namespace, name)
        return self._api.try_get(resource, name, namespace)

    def list(self, resource, namespace=None, selector=None, field_filter=None):
        self.check("list", resource, namespace)
        return self._api.list(resource, namespace, selector, field_filter)

    def create(self, resource, obj, namespace=None, **kw):
        ns = namespace or (obj.get("metadata") or {}).get("namespace") or "default"
        self.check("create", resource, ns, "")
        return self._api.create(resource, obj, namespace, user=self.user, **kw)

    def update(self, resource, obj, **kw):
        m = obj.get("metadata") or {}
        self.check("update", resource, m.get("namespace") or "default", m.get("name", ""), kw.get("subresource") or "")
        return self._api.update(resource, obj, user=self.user, **kw)

    def patch(self, resource, name, patch, namespace=None, **kw):
        self.check("patch", resource, namespace or "default", name, kw.get("subresource") or "")
        return self._api.patch(resource, name, patch, namespace, user=self.user, **kw)

    def apply(self, resource, name, config, namespace=None, **kw):
        # an apply patch is a patch, and a create when nothing is there (server-side-apply.md, RBAC)
        exists = self._api.try_get(resource, name, namespace) is not None
        self.check("patch" if exists else "create", resource, namespace or "default", name if exists else "")
        return self._api.apply(resource, name, config, namespace, user=self.user, **kw)

    def delete(self, resource, name, namespace=None, **kw):
        self.check("delete", resource, namespace or "default", name)
        return self._api.delete(resource, name, namespace, **kw)

    def evict(self, name, namespace, **kw):
        self.check("create", "pods", namespace, name, "eviction")
        return self._api.evict(name, namespace, **kw)

    def client(self, component: str) -> Client:
        return Client(self, component)
