"""RBAC escalation prevention: no one grants, through a role or a binding, what they do not hold.

kubernetes/kubernetes:pkg/registry/rbac/{role,clusterrole,rolebinding,clusterrolebinding}/policybased/storage.go
wrap the RBAC storages, and this module is those wrappers, called by the API
server's create and update with the requesting user once mutating admission
has run and before validation (the policybased Create runs before the
standard store's BeforeCreate; on update it wraps the updated object info).

- pkg/registry/rbac/escalation_check.go: ``system:masters`` is exempt
  (EscalationAllowed); the ``escalate`` verb on roles/clusterroles lets a user
  write any rules (RoleEscalationAuthorized, which names the object only on
  update: a create's request carries no name); the ``bind`` verb on the
  referenced role lets a user bind it (BindingAuthorized, in the binding's
  namespace); a write touching only the GC's fields passes
  (IsOnlyMutatingGCFields).
- Otherwise pkg/registry/rbac/validation/rule.go ConfirmNoEscalation: the
  user's own rules in the request's namespace must cover the ones granted
  (policy_comparator Covers, as reconciliation uses it), or the missing rules
  are compacted (policy_compact.go CompactRules), printed each with
  pkg/apis/rbac/v1/evaluation_helpers.go CompactString, sorted, one a line.
- A binding's role is read through the registry (storage_rbac.go builds the
  rule resolver on the storages), so a missing one is the storage's NotFound,
  ``roles.rbac.authorization.k8s.io "x" not found``, in the error and in the
  "; resolution errors" tail alike.
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import authorization, errors, rbac, rbac_reconciliation
from clusters.apiserver.resources import Resource

_ROLE_KINDS = {"Role": "roles", "ClusterRole": "clusterroles"}
_BINDING_KINDS = {"RoleBinding", "ClusterRoleBinding"}
# clusterrole/policybased/storage.go fullAuthority: what the aggregationRule demands.
_FULL_AUTHORITY = [{"verbs": ["*"], "apiGroups": ["*"], "resources": ["*"]},
                   {"verbs": ["*"], "nonResourceURLs": ["*"]}]
_AGGREGATION = "must have cluster-admin privileges to use the aggregationRule"


def check(api, user: authorization.User | None, r: Resource, obj: dict, old: dict | None) -> None:
    """Raise Forbidden (or the role's NotFound) when ``user`` may not write ``obj`` (``old`` on update)."""
    if user is None or r.kind not in _ROLE_KINDS and r.kind not in _BINDING_KINDS:
        return
    if authorization.MASTERS in user.groups:  # EscalationAllowed
        return
    if old is not None and _only_gc_fields(obj, old):
        return
    ns = (obj.get("metadata") or {}).get("namespace", "") if r.namespaced else ""
    name = (obj.get("metadata") or {}).get("name", "")
    if r.kind in _ROLE_KINDS:
        _check_role(api, user, r, obj, old, ns, name)
    else:
        _check_binding(api, user, r, obj, ns, name)


def _check_role(api, user, r: Resource, obj: dict, old: dict | None, ns: str, name: str) -> None:
    req = authorization.Request("escalate", ns, rbac.GROUP, r.plural, name=name if old is not None else "")
    if authorization.authorize(api, user, req)[0]:  # RoleEscalationAuthorized
        return
    _confirm(api, user, ns, obj.get("rules") or [], r, name)
    if r.kind == "ClusterRole" and (_aggregates(obj) or (old is not None and _aggregates(old))):
        if _missing(api, user, ns, _FULL_AUTHORITY)[0]:
            raise errors.forbidden(r.qualified, name, _AGGREGATION)


def _check_binding(api, user, r: Resource, obj: dict, ns: str, name: str) -> None:
    ref = obj.get("roleRef") or {}
    plural = _ROLE_KINDS.get(ref.get("kind", ""))
    if plural is None:
        return  # validation refuses the kind; BindingAuthorized and GetRoleReferenceRules cannot resolve it
    req = authorization.Request("bind", ns, ref.get("apiGroup", ""), plural, name=ref.get("name", ""))
    if authorization.authorize(api, user, req)[0]:  # BindingAuthorized
        return
    role = api.get(plural, ref.get("name", ""), ns if plural == "roles" else None)  # GetRoleReferenceRules
    _confirm(api, user, ns, role.get("rules") or [], r, name)


def _aggregates(role: dict) -> bool:
    """hasAggregationRule: a rule with at least one selector."""
    return bool(((role.get("aggregationRule") or {}).get("clusterRoleSelectors")))


def _only_gc_fields(obj: dict, old: dict) -> bool:
    """IsOnlyMutatingGCFields: the object as it was, but for owner references, finalizers and deletion."""
    new = objects.clone(obj)
    meta, old_meta = new.setdefault("metadata", {}), old.get("metadata") or {}
    for key in ("ownerReferences", "finalizers", "deletionTimestamp", "deletionGracePeriodSeconds", "resourceVersion"):
        if key in old_meta:
            meta[key] = old_meta[key]
        else:
            meta.pop(key, None)
    return new == old


def _missing(api, user: authorization.User, ns: str, rules: list[dict]) -> tuple[list[dict], list[str]]:
    """The broken-down rules the user's own do not cover, and the errors met finding theirs."""
    held = authorization.rules_for(api, user, ns, registry=True)
    return rbac_reconciliation.covers(held.rules, rules)[1], held.errors


def _confirm(api, user: authorization.User, ns: str, rules: list[dict], r: Resource, name: str) -> None:
    """ConfirmNoEscalation, refused as policybased storage refuses it: NewForbidden(groupResource, name, err)."""
    missing, errs = _missing(api, user, ns, rules)
    if not missing:
        return
    lines = sorted({compact_string(rule) for rule in compact_rules(missing)}, key=lambda s: s.encode())
    msg = (f"user {rbac.go_quote(user.name)} (groups={_go_strings(user.groups)}) is attempting to grant RBAC "
           f"permissions not currently held:\n" + "\n".join(lines))
    if errs:  # fmt %v of []error{utilerrors.NewAggregate(errs)}
        msg += f"; resolution errors: [{_aggregate(errs)}]"
    raise errors.forbidden(r.qualified, name, msg)


def _aggregate(errs: list[str]) -> str:
    """utilerrors aggregate's Error(): one message as it is, several de-duplicated in brackets."""
    seen: list[str] = []
    for e in errs:
        if e not in seen:
            seen.append(e)
    return seen[0] if len(seen) == 1 else "[" + ", ".join(seen) + "]"


def compact_rules(rules: list[dict]) -> list[dict]:
    """CompactRules: rules naming one group and resource (and at most one name) and nothing else
    differ only by verb, so their verbs are gathered into the first such rule."""
    out: list[dict] = []
    simple: dict[tuple, dict] = {}
    for rule in rules:
        key = _simple_key(rule)
        if key is None:
            out.append(rule)
        elif key in simple:
            simple[key]["verbs"] = simple[key]["verbs"] + list(rule.get("verbs") or [])
        else:
            simple[key] = objects.clone(rule)
            simple[key]["verbs"] = list(rule.get("verbs") or [])
    return out + list(simple.values())


def _simple_key(rule: dict) -> tuple | None:
    names = rule.get("resourceNames") or []
    if len(names) > 1 or rule.get("nonResourceURLs"):
        return None
    groups, res = rule.get("apiGroups") or [], rule.get("resources") or []
    if len(groups) != 1 or len(res) != 1:
        return None
    if set(rule) - {"apiGroups", "resources", "verbs", "resourceNames"}:
        return None
    return (groups[0], res[0], bool(names), names[0] if names else "")


def compact_string(rule: dict) -> str:
    """pkg/apis/rbac/v1 CompactString: the non-empty fields, each a Go %q of its strings."""
    parts = [f"{label}:{_go_strings(rule.get(key) or [])}"
             for label, key in (("APIGroups", "apiGroups"), ("Resources", "resources"),
                                ("NonResourceURLs", "nonResourceURLs"), ("ResourceNames", "resourceNames"),
                                ("Verbs", "verbs"))
             if rule.get(key)]
    return "{" + ", ".join(parts) + "}"


def _go_strings(values) -> str:
    """Go's %q of a []string: ``["a" "b"]``."""
    return "[" + " ".join(rbac.go_quote(v) for v in values) + "]"
