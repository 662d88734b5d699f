"""rbac.authorization.k8s.io/v1: defaulting and validation of Roles, ClusterRoles and their bindings.

kubernetes/kubernetes:pkg/apis/rbac/v1/defaults.go (a binding's roleRef and a
User or Group subject get the rbac API group) and
pkg/apis/rbac/validation/validation.go (ValidateRole, ValidateClusterRole,
ValidatePolicyRule, ValidateRoleBinding[Update],
ValidateClusterRoleBinding[Update], ValidateRoleBindingSubject), with the
same field paths and words. Values that validation prints with Go's ``%#v``
(a roleRef, a list of URLs) are printed that way here too.
"""
from __future__ import annotations

from clusters.apiserver import errors

GROUP = "rbac.authorization.k8s.io"


_GoValue = errors.GoValue


def _go_strings(values) -> str:
    return "[]string{" + ", ".join(go_quote(v) for v in values) + "}"


def go_quote(s) -> str:
    import json

    return json.dumps(str(s), ensure_ascii=False)


def default_binding(obj: dict) -> None:
    """SetDefaults_RoleBinding / SetDefaults_ClusterRoleBinding and SetDefaults_Subject."""
    ref = obj.get("roleRef")
    if isinstance(ref, dict) and not ref.get("apiGroup"):
        ref["apiGroup"] = GROUP
    for s in obj.get("subjects") or ():
        if isinstance(s, dict) and not s.get("apiGroup") and s.get("kind") in ("User", "Group"):
            s["apiGroup"] = GROUP


def _policy_rule(rule: dict, namespaced: bool, path: str) -> list[errors.FieldError]:
    errs: list[errors.FieldError] = []
    if not rule.get("verbs"):
        errs.append(errors.required(f"{path}.verbs", "verbs must contain at least one value"))
    urls = rule.get("nonResourceURLs") or []
    if urls:
        if namespaced:
            errs.append(_GoValue(f"{path}.nonResourceURLs", _go_strings(urls), "namespaced rules cannot apply to non-resource URLs"))
        if rule.get("apiGroups") or rule.get("resources") or rule.get("resourceNames"):
            errs.append(_GoValue(f"{path}.nonResourceURLs", _go_strings(urls),
                                 "rules cannot apply to both regular resources and non-resource URLs"))
        return errs
    if not rule.get("apiGroups"):
        errs.append(errors.required(f"{path}.apiGroups", "resource rules must supply at least one api group"))
    if not rule.get("resources"):
        errs.append(errors.required(f"{path}.resources", "resource rules must supply at least one resource"))
    return errs


def _rules(obj: dict, namespaced: bool) -> list[errors.FieldError]:
    errs: list[errors.FieldError] = []
    for i, rule in enumerate(obj.get("rules") or ()):
        errs += _policy_rule(rule if isinstance(rule, dict) else {}, namespaced, f"rules[{i}]")
    return errs


def validate_role(obj: dict, old: dict | None) -> list[errors.FieldError]:
    return _rules(obj, True)


def validate_cluster_role(obj: dict, old: dict | None) -> list[errors.FieldError]:
    from clusters.apiserver import validation

    errs = _rules(obj, False)
    agg = obj.get("aggregationRule")
    if agg is not None:
        selectors = (agg or {}).get("clusterRoleSelectors") or []
        if not selectors:
            errs.append(errors.required("aggregationRule.clusterRoleSelectors",
                                        "at least one clusterRoleSelector required if aggregationRule is non-nil"))
        for i, sel in enumerate(selectors):
            path = f"aggregationRule.clusterRoleSelectors[{i}]"
            for k, v in ((sel or {}).get("matchLabels") or {}).items():
                for msg in validation.qualified_name(str(k)):
                    errs.append(errors.invalid_value(f"{path}.matchLabels", k, msg))
                for msg in validation.label_value(str(v)):
                    errs.append(errors.invalid_value(f"{path}.matchLabels", v, msg))
    return errs


def _role_ref(obj: dict, kinds: list[str]) -> list[errors.FieldError]:
    from clusters.apiserver import validation

    errs: list[errors.FieldError] = []
    ref = obj.get("roleRef") or {}
    if ref.get("apiGroup", "") != GROUP:
        errs.append(errors.not_supported("roleRef.apiGroup", ref.get("apiGroup", ""), [GROUP]))
    if ref.get("kind", "") not in kinds:
        errs.append(errors.not_supported("roleRef.kind", ref.get("kind", ""), kinds))
    name = ref.get("name", "")
    if not name:
        errs.append(errors.required("roleRef.name", ""))
    else:
        for msg in validation.path_segment_name(name):
            errs.append(errors.invalid_value("roleRef.name", name, msg))
    return errs


def _subject(s: dict, namespaced: bool, path: str) -> list[errors.FieldError]:
    from clusters.apiserver import validation

    errs: list[errors.FieldError] = []
    name, kind, group = s.get("name", ""), s.get("kind", ""), s.get("apiGroup", "")
    if not name:
        errs.append(errors.required(f"{path}.name", ""))
    if kind == "ServiceAccount":
        if name:
            for msg in validation.dns1123_subdomain(name):  # ValidateServiceAccountName
                errs.append(errors.invalid_value(f"{path}.name", name, msg))
        if group:
            errs.append(errors.not_supported(f"{path}.apiGroup", group, [""]))
        if not namespaced and not s.get("namespace"):
            errs.append(errors.required(f"{path}.namespace", ""))
    elif kind in ("User", "Group"):
        if group != GROUP:
            errs.append(errors.not_supported(f"{path}.apiGroup", group, [GROUP]))
    else:
        errs.append(errors.not_supported(f"{path}.kind", kind, ["ServiceAccount", "User", "Group"]))
    return errs


def _go_role_ref(ref: dict) -> str:
    return (f'rbac.RoleRef{{APIGroup:{go_quote(ref.get("apiGroup", ""))}, Kind:{go_quote(ref.get("kind", ""))}, '
            f'Name:{go_quote(ref.get("name", ""))}}}')


def _binding(obj: dict, old: dict | None, kinds: list[str], namespaced: bool) -> list[errors.FieldError]:
    errs = _role_ref(obj, kinds)
    for i, s in enumerate(obj.get("subjects") or ()):
        errs += _subject(s if isinstance(s, dict) else {}, namespaced, f"subjects[{i}]")
    if old is not None:
        ref, old_ref = obj.get("roleRef") or {}, old.get("roleRef") or {}
        if any(ref.get(k, "") != old_ref.get(k, "") for k in ("apiGroup", "kind", "name")):
            errs.append(_GoValue("roleRef", _go_role_ref(ref), "cannot change roleRef"))
    return errs


def validate_role_binding(obj: dict, old: dict | None) -> list[errors.FieldError]:
    return _binding(obj, old, ["Role", "ClusterRole"], True)


def validate_cluster_role_binding(obj: dict, old: dict | None) -> list[errors.FieldError]:
    return _binding(obj, old, ["ClusterRole"], False)


VALIDATORS = {
    "Role": validate_role,
    "ClusterRole": validate_cluster_role,
    "RoleBinding": validate_role_binding,
    "ClusterRoleBinding": validate_cluster_role_binding,
}
DEFAULTERS = {"RoleBinding": default_binding, "ClusterRoleBinding": default_binding}
