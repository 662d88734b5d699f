"""What it takes to make an existing role or binding match an expected one.

kubernetes/component-helpers:auth/rbac/reconciliation (reconcile_role.go
computeReconciledRole, reconcile_rolebindings.go computeReconciledRoleBinding
and diffSubjectLists) over auth/rbac/validation/policy_comparator.go (Covers,
BreakdownRule, ruleCovers): the kube-apiserver reconciles its bootstrap roles
with it, and ``kubectl auth reconcile`` uses it against the server. Pure
functions of the two objects; the caller reads and writes.

Rules are compared by coverage, not by equality: each expected rule is broken
down into one (group, resource, verb[, name]) or (URL, verb) at a time, and
the ones no existing rule covers are missing. Subjects are compared as Go
compares structs, field by field, so a subject the server defaulted
(``apiGroup``) differs from one a manifest left undefaulted.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from clusters import objects

AUTOUPDATE = "rbac.authorization.kubernetes.io/autoupdate"  # rbacv1.AutoUpdateAnnotationKey

CREATE, UPDATE, RECREATE, NONE = "create", "update", "recreate", "none"


@dataclass
class Result:
    """ReconcileClusterRoleResult / ReconcileClusterRoleBindingResult."""
    obj: dict
    operation: str = NONE
    protected: bool = False
    missing: list[dict] = field(default_factory=list)  # rules or subjects
    extra: list[dict] = field(default_factory=list)


def breakdown(rule: dict) -> list[dict]:
    """BreakdownRule: one group, resource, verb and resource name a rule; URLs with one verb each."""
    out: list[dict] = []
    names = rule.get("resourceNames") or []
    for group in rule.get("apiGroups") or []:
        for resource in rule.get("resources") or []:
            for verb in rule.get("verbs") or []:
                base = {"verbs": [verb], "apiGroups": [group], "resources": [resource]}
                out += [dict(base, resourceNames=[n]) for n in names] if names else [base]
    for url in rule.get("nonResourceURLs") or []:
        for verb in rule.get("verbs") or []:
            out.append({"verbs": [verb], "nonResourceURLs": [url]})
    return out


def _has_all(owner: list[str], wanted: list[str]) -> bool:
    return all(w in owner for w in wanted)


def _resources_cover(owner: list[str], wanted: list[str]) -> bool:
    if "*" in owner or _has_all(owner, wanted):
        return True
    for path in wanted:
        if path in owner:
            continue
        if "/" not in path or "*/" + path.split("/", 1)[1] not in owner:
            return False
    return True


def _url_covers(owner: str, path: str) -> bool:
    return owner == path or (owner.endswith("*") and path.startswith(owner.rstrip("*")))


def rule_covers(owner: dict, sub: dict) -> bool:
    """ruleCovers: ``sub`` holds at most one verb, resource and name."""
    o_verbs, o_groups = owner.get("verbs") or [], owner.get("apiGroups") or []
    o_names = owner.get("resourceNames") or []
    s_names = sub.get("resourceNames") or []
    return (("*" in o_verbs or _has_all(o_verbs, sub.get("verbs") or []))
            and ("*" in o_groups or _has_all(o_groups, sub.get("apiGroups") or []))
            and _resources_cover(owner.get("resources") or [], sub.get("resources") or [])
            and all(any(_url_covers(o, p) for o in owner.get("nonResourceURLs") or [])
                    for p in sub.get("nonResourceURLs") or [])
            and (not o_names if not s_names else (not o_names or _has_all(o_names, s_names))))


def covers(owner_rules: list[dict], servant_rules: list[dict]) -> tuple[bool, list[dict]]:
    """Covers: whether ``owner_rules`` allow all ``servant_rules`` do, and the broken-down rules they do not."""
    uncovered = [sub for rule in servant_rules for sub in breakdown(rule)
                 if not any(rule_covers(o, sub) for o in owner_rules)]
    return not uncovered, uncovered


def _merge(expected: dict | None, existing: dict | None) -> dict | None:
    """merge: the existing map's values win; nil only when both are."""
    if expected is None and existing is None:
        return None
    return {**(expected or {}), **(existing or {})}


def _merge_metadata(result: dict, existing: dict, expected: dict) -> bool:
    """Expected labels and annotations added to the existing object's; whether that changed them."""
    changed = False
    meta, old, want = result["metadata"], existing.get("metadata") or {}, expected.get("metadata") or {}
    for key in ("annotations", "labels"):
        merged = _merge(want.get(key), meta.get(key))
        if merged is None:
            meta.pop(key, None)
        else:
            meta[key] = merged
        changed |= merged != old.get(key)  # reflect.DeepEqual: a nil map is not an empty one
    return changed


def _add_or_stomp(result: Result, key: str, expected: dict, remove_extra: bool) -> None:
    """Add the missing items (the union case), or with remove_extra take the expected ones whole."""
    if not remove_extra and result.missing:
        result.obj[key] = list(result.obj.get(key) or []) + objects.clone(result.missing)
        result.operation = UPDATE
    elif remove_extra and (result.missing or result.extra):
        result.obj[key] = objects.clone(expected.get(key) or [])
        result.operation = UPDATE


def _selectors_missing(owner: dict | None, servant: dict | None) -> list[dict]:
    """aggregationRuleCovers: the servant's selectors the owner does not hold (Semantic.DeepEqual)."""
    if servant is None:
        return []
    if owner is None:
        return list(servant.get("clusterRoleSelectors") or [])
    have = [_semantic(s) for s in owner.get("clusterRoleSelectors") or []]
    return [s for s in servant.get("clusterRoleSelectors") or [] if _semantic(s) not in have]


def _semantic(selector: dict) -> dict:
    """equality.Semantic treats empty and absent maps and lists alike."""
    return {k: v for k, v in (selector or {}).items() if v}


def reconcile_role(existing: dict, expected: dict, remove_extra: bool) -> Result:
    """computeReconciledRole, for a Role or ClusterRole (a Role has no aggregation rule)."""
    result = Result(objects.clone(existing))
    result.protected = ((existing.get("metadata") or {}).get("annotations") or {}).get(AUTOUPDATE) == "false"
    role = result.obj
    if _merge_metadata(role, existing, expected):
        result.operation = UPDATE
    want_agg, have_agg = expected.get("aggregationRule"), existing.get("aggregationRule")
    if want_agg is None or have_agg is None:
        result.extra = covers(expected.get("rules") or [], existing.get("rules") or [])[1]
    result.missing = covers(existing.get("rules") or [], expected.get("rules") or [])[1]
    _add_or_stomp(result, "rules", expected, remove_extra)
    if expected.get("kind") != "ClusterRole":
        return result
    extra_sel = _selectors_missing(want_agg, have_agg)
    missing_sel = _selectors_missing(have_agg, want_agg)
    if want_agg is None and have_agg is not None:
        role.pop("aggregationRule", None)
        result.operation = UPDATE
    elif not remove_extra and missing_sel:
        agg = role.setdefault("aggregationRule", {})
        agg["clusterRoleSelectors"] = list(agg.get("clusterRoleSelectors") or []) + objects.clone(missing_sel)
        result.operation = UPDATE
    elif remove_extra and (missing_sel or extra_sel):
        role["aggregationRule"] = objects.clone(want_agg)
        result.operation = UPDATE
    return result


def _subject_key(s: dict) -> tuple[str, str, str, str]:
    return (s.get("kind") or "", s.get("apiGroup") or "", s.get("name") or "", s.get("namespace") or "")


def _only_in(a: list[dict], b: list[dict]) -> list[dict]:
    others = {_subject_key(s) for s in b}
    out: list[dict] = []
    for s in a:
        if _subject_key(s) not in others and _subject_key(s) not in {_subject_key(o) for o in out}:
            out.append(s)
    return out


def _role_ref(obj: dict) -> tuple[str, str, str]:
    ref = obj.get("roleRef") or {}
    return (ref.get("apiGroup") or "", ref.get("kind") or "", ref.get("name") or "")


def reconcile_binding(existing: dict, expected: dict, remove_extra: bool) -> Result:
    """computeReconciledRoleBinding: another roleRef means delete and create again."""
    protected = ((existing.get("metadata") or {}).get("annotations") or {}).get(AUTOUPDATE) == "false"
    if _role_ref(expected) != _role_ref(existing):
        return Result(expected, RECREATE, protected)
    result = Result(objects.clone(existing), protected=protected)
    binding = result.obj
    if _merge_metadata(binding, existing, expected):
        result.operation = UPDATE
    want, have = expected.get("subjects") or [], existing.get("subjects") or []
    result.missing, result.extra = _only_in(want, have), _only_in(have, want)
    _add_or_stomp(result, "subjects", expected, remove_extra)
    return result
