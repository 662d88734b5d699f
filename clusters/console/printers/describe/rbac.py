"""kubectl describe for Roles, ClusterRoles and their bindings.

kubernetes/kubectl:pkg/describe/describe.go RoleDescriber, ClusterRoleDescriber,
RoleBindingDescriber and ClusterRoleBindingDescriber. A role's rules are
broken down into one rule per group, resource, verb and resource name, the
single-resource ones gathered back per (group, resource, name) with their
verbs in the order they came, and the result sorted by the protobuf
``PolicyRule.String()`` (Verbs first) as ``sort.Stable(SortableRuleSlice)``
does (k8s.io/kubectl/pkg/util/rbac: BreakdownRule, CompactRules,
CombineResourceGroup).
"""
from __future__ import annotations

from clusters.console.printers.describe import common as c


def go_list(values) -> str:
    return "[" + " ".join(values or ()) + "]"


def breakdown(rule: dict) -> list[dict]:
    """BreakdownRule: one verb, one resource, one resource name each; URLs only combine with verbs."""
    out: list[dict] = []
    names = rule.get("resourceNames") or []
    for group in rule.get("apiGroups") or ():
        for resource in rule.get("resources") or ():
            for verb in rule.get("verbs") or ():
                if names:
                    out += [{"apiGroups": [group], "resources": [resource], "verbs": [verb], "resourceNames": [n]} for n in names]
                else:
                    out.append({"apiGroups": [group], "resources": [resource], "verbs": [verb]})
    for url in rule.get("nonResourceURLs") or ():
        for verb in rule.get("verbs") or ():
            out.append({"nonResourceURLs": [url], "verbs": [verb]})
    return out


def compact(rules: list[dict]) -> list[dict]:
    """CompactRules: rules naming one group, one resource and at most one name merge their verbs."""
    complex_rules: list[dict] = []
    simple: dict[tuple, dict] = {}
    for r in rules:
        if r.get("nonResourceURLs") or len(r.get("resourceNames") or ()) > 1 \
                or len(r.get("apiGroups") or ()) != 1 or len(r.get("resources") or ()) != 1:
            complex_rules.append(r)
            continue
        names = r.get("resourceNames") or []
        key = (r["apiGroups"][0], r["resources"][0], names[0] if names else None)
        if key in simple:
            simple[key]["verbs"] = simple[key]["verbs"] + list(r.get("verbs") or ())
        else:
            simple[key] = {**r, "verbs": list(r.get("verbs") or ())}
    return complex_rules + list(simple.values())


def rule_string(r: dict) -> str:
    """The generated (gogo protobuf) PolicyRule.String()."""
    return (f"&PolicyRule{{Verbs:{go_list(r.get('verbs'))},APIGroups:{go_list(r.get('apiGroups'))},"
            f"Resources:{go_list(r.get('resources'))},ResourceNames:{go_list(r.get('resourceNames'))},"
            f"NonResourceURLs:{go_list(r.get('nonResourceURLs'))},}}")


def combine_resource_group(resources: list, groups: list) -> str:
    if not resources:
        return ""
    base, sep, sub = resources[0].partition("/")
    out = base
    if groups and groups[0] != "":
        out += "." + groups[0]
    if sep:
        out += "/" + sub
    return out


def policy_rows(rules) -> list[list[str]]:
    """The rule table's cells, as describe.go and ``auth can-i --list`` (cani.go printAccess) print them."""
    compacted = compact([b for r in rules or () for b in breakdown(r)])
    compacted.sort(key=lambda r: rule_string(r).encode())
    return [[combine_resource_group(r.get("resources"), r.get("apiGroups")), go_list(r.get("nonResourceURLs")),
             go_list(r.get("resourceNames")), go_list(r.get("verbs"))] for r in compacted]


def _header(obj: dict) -> c.Writer:
    meta = obj.get("metadata") or {}
    w = c.Writer()
    w.write(0, f"Name:\t{meta.get('name')}\n")
    c.labels_multiline(w, "Labels", meta.get("labels"))
    c.annotations_multiline(w, "Annotations", meta.get("annotations"))
    return w


def role(api, obj: dict, now: float) -> str:
    w = _header(obj)
    w.write(0, "PolicyRule:\n")
    w.write(1, "Resources\tNon-Resource URLs\tResource Names\tVerbs\n")
    w.write(1, "---------\t-----------------\t--------------\t-----\n")
    for row in policy_rows(obj.get("rules")):
        w.write(1, "\t".join(row) + "\n")
    return w.text()


def binding(api, obj: dict, now: float) -> str:
    ref = obj.get("roleRef") or {}
    w = _header(obj)
    w.write(0, "Role:\n")
    w.write(1, f"Kind:\t{ref.get('kind', '')}\n")
    w.write(1, f"Name:\t{ref.get('name', '')}\n")
    w.write(0, "Subjects:\n")
    w.write(1, "Kind\tName\tNamespace\n")
    w.write(1, "----\t----\t---------\n")
    for s in obj.get("subjects") or ():
        w.write(1, f"{s.get('kind', '')}\t{s.get('name', '')}\t{s.get('namespace', '')}\n")
    return w.text()


DESCRIBERS = {"Role": role, "ClusterRole": role, "RoleBinding": binding, "ClusterRoleBinding": binding}
