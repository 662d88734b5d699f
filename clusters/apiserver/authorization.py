"""The RBAC authorizer, for SelfSubjectAccessReviews and SelfSubjectRulesReviews.

kubernetes/kubernetes:plugin/pkg/auth/authorizer/rbac/rbac.go (Authorize,
RulesFor) over pkg/registry/rbac/validation/rule.go (VisitRulesFor: the
ClusterRoleBindings, then the RoleBindings of the request's namespace;
appliesTo: a User by name, a Group by membership, a ServiceAccount by its
``system:serviceaccount:<ns>:<name>`` user name, its namespace defaulting to
the binding's) and k8s.io/component-helpers/auth/rbac (VerbMatches,
APIGroupMatches, ResourceMatches with ``*/subresource``, ResourceNameMatches,
NonResourceURLMatches with a trailing ``*``). kube-apiserver's authorizer
chain lets ``system:masters`` through before RBAC is asked.

Bindings are visited in name order (etcd's), so a rules review lists the
same rules in the same order every time.
"""
from __future__ import annotations

from dataclasses import dataclass, field

MASTERS = "system:masters"
AUTHENTICATED = "system:authenticated"
UNAUTHENTICATED = "system:unauthenticated"
SA_PREFIX = "system:serviceaccount:"


@dataclass(frozen=True)
class User:
    name: str
    groups: tuple[str, ...] = ()
    uid: str = ""
    extra: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (key, values), sorted by key


@dataclass(frozen=True)
class Request:
    verb: str
    namespace: str = ""
    group: str = ""
    resource: str = ""
    subresource: str = ""
    name: str = ""
    path: str = ""  # a non-resource request when set


def impersonated(name: str, groups: list[str] | tuple[str, ...] = ()) -> User:
    """The user the impersonation filter makes of --as/--as-group
    (k8s.io/apiserver/pkg/endpoints/filters/impersonation.go)."""
    groups = list(groups)
    if name.startswith(SA_PREFIX) and not groups:
        ns = name[len(SA_PREFIX):].partition(":")[0]
        groups = ["system:serviceaccounts", f"system:serviceaccounts:{ns}"]
    if name != "system:anonymous" and not any(g in (AUTHENTICATED, UNAUTHENTICATED) for g in groups):
        groups.append(AUTHENTICATED)
    return User(name, tuple(groups))


def _applies(user: User, subjects, binding_ns: str) -> bool:
    for s in subjects or ():
        kind, name = s.get("kind"), s.get("name", "")
        if kind == "User" and user.name == name:
            return True
        if kind == "Group" and name in user.groups:
            return True
        if kind == "ServiceAccount" and user.name == f"{SA_PREFIX}{s.get('namespace') or binding_ns}:{name}":
            return True
    return False


@dataclass
class Rules:
    """What applies to a user in a namespace: the rules, and the errors met finding them."""
    rules: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def rules_for(api, user: User, namespace: str, *, registry: bool = False) -> Rules:
    """``registry``: the roles are read through the RBAC storages, as escalation checks read them
    (pkg/registry/rbac/rest/storage_rbac.go), so a missing one is named by its resource
    (``clusterroles.rbac…``) rather than as the authorizer's listers name it (``clusterrole.rbac…``)."""
    out = Rules()

    def role_rules(kind: str, name: str, ns: str | None) -> None:
        plural = "clusterroles" if kind == "ClusterRole" else "roles"
        role = api.try_get(plural, name, ns)
        if role is None:
            what = plural if registry else kind.lower()
            out.errors.append(f'{what}.rbac.authorization.k8s.io "{name}" not found')
            return
        out.rules.extend(role.get("rules") or ())

    for b in api.list("clusterrolebindings"):
        if _applies(user, b.get("subjects"), ""):
            role_rules("ClusterRole", (b.get("roleRef") or {}).get("name", ""), None)
    if namespace:
        for b in api.list("rolebindings", namespace):
            if _applies(user, b.get("subjects"), namespace):
                ref = b.get("roleRef") or {}
                kind = ref.get("kind", "")
                role_rules(kind, ref.get("name", ""), namespace if kind == "Role" else None)
    return out


def _any(values, wanted: str) -> bool:
    return "*" in (values or ()) or wanted in (values or ())


def rule_allows(req: Request, rule: dict) -> bool:
    if not _any(rule.get("verbs"), req.verb):
        return False
    if req.path:
        for url in rule.get("nonResourceURLs") or ():
            if url == "*" or url == req.path or (url.endswith("*") and req.path.startswith(url.rstrip("*"))):
                return True
        return False
    if not _any(rule.get("apiGroups"), req.group):
        return False
    combined = f"{req.resource}/{req.subresource}" if req.subresource else req.resource
    ok = False
    for r in rule.get("resources") or ():
        if r == "*" or r == combined or (req.subresource and r == f"*/{req.subresource}"):
            ok = True
            break
    if not ok:
        return False
    names = rule.get("resourceNames") or ()
    return not names or req.name in names


def authorize(api, user: User, req: Request) -> tuple[bool, str]:
    """(allowed, reason) as a SubjectAccessReview's status reports them."""
    if MASTERS in user.groups:
        return True, ""
    found = rules_for(api, user, req.namespace)
    for rule in found.rules:
        if rule_allows(req, rule):
            return True, ""
    reason = ""
    if found.errors:
        errs = found.errors
        reason = "RBAC: " + (errs[0] if len(errs) == 1 else "[" + ", ".join(errs) + "]")
    return False, reason
