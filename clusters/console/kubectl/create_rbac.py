"""kubectl create role | clusterrole | rolebinding | clusterrolebinding.

kubernetes/kubectl:pkg/cmd/create/create_role.go (Complete: verbs and
resource names de-duplicated, ``*`` alone wins; Validate: the verb warnings,
the special verbs and the RESTMapper lookup of each resource;
generateResourcePolicyRules: one rule per API group, groups sorted),
create_clusterrole.go (non-resource URLs, --aggregation-rule),
create_rolebinding.go and create_clusterrolebinding.go (subjects in the
order users, groups, service accounts). A role's API errors print as the
server sent them; a binding's are wrapped in ``failed to create ...``, as
each command returns them.
"""
from __future__ import annotations

from typing import Any

from clusters.apiserver import errors as api_errors, resources
from clusters.console.kubectl import base, create, mutating, visiting

GROUP = "rbac.authorization.k8s.io"
VALID_RESOURCE_VERBS = ("*", "get", "delete", "list", "create", "update", "patch", "watch", "proxy", "deletecollection",
                        "use", "bind", "escalate", "impersonate")
VALID_NON_RESOURCE_VERBS = ("*", "get", "post", "put", "delete", "patch", "head", "options")
SPECIAL_VERBS = {
    "use": (("policy", "podsecuritypolicies"), ("extensions", "podsecuritypolicies")),
    "bind": ((GROUP, "roles"), (GROUP, "clusterroles")),
    "escalate": ((GROUP, "roles"), (GROUP, "clusterroles")),
    "impersonate": (("", "users"), ("", "serviceaccounts"), ("", "groups"), ("authentication.k8s.io", "userextras")),
}


def _unique(values) -> list[str]:
    out: list[str] = []
    for v in values or ():
        if v not in out:
            out.append(v)
    return out


def _meta(name: str, namespace: str | None) -> dict:
    m: dict[str, Any] = {"name": name}
    if namespace:
        m["namespace"] = namespace
    m["creationTimestamp"] = None
    return m


class _Rbac(base.Verb):
    """Shared run: build on the client, then create (or print with --dry-run=client)."""

    kind = ""
    failed_create = ""  # as create._Generator's: what Run puts before a refused Create's message

    def run(self, kc, args):
        name = self.name_from_args(kc, args)
        fmt = visiting.check_output(kc)
        obj = self.build(kc, name)
        dry = mutating.dry_run_mode(kc)
        if dry != "client":
            r = resources.by_kind(self.kind, f"{GROUP}/v1")
            try:
                obj = kc.client().create(r, _for_server(obj), kc.namespace if r.namespaced else None,
                                         dry_run=(dry == "server"))
            except api_errors.StatusError as e:
                raise create.refused(self.failed_create, e) from None
        if fmt:
            mutating.print_object(kc, obj, fmt, typed=True)
        else:
            kc.out(mutating.operation_line(obj, obj["metadata"]["name"], "created", dry))
        return 0

    def name_from_args(self, kc, args) -> str:
        """create.go NameFromCommandArgs."""
        n = len(args) if kc.dash < 0 else kc.dash
        if n != 1:
            raise base.UsageError(f"exactly one NAME is required, got {n}\nSee 'kubectl {self.name} -h' for help and examples")
        return args[0]

    def build(self, kc, name: str) -> dict:
        raise NotImplementedError


def _for_server(obj: dict) -> dict:
    out = {k: v for k, v in obj.items()}
    out["metadata"] = {k: v for k, v in obj["metadata"].items() if v is not None}
    return out


# -- roles ----------------------------------------------------------------------------

def parse_resources(specs: list[str]) -> list[tuple[str, str, str]]:
    """create_role.go Complete: ``resource.group/subresource`` into (group, resource, subresource);
    a bare ``*`` replaces everything given."""
    out: list[tuple[str, str, str]] = []
    for spec in specs:
        head, _, sub = spec.partition("/")
        resource, _, group = head.partition(".")
        if resource == "*" and "." not in head and "/" not in spec:
            return [("", "*", "")]
        out.append((group, resource, sub))
    return out


def resource_for(group: str, resource: str) -> tuple[str, str] | None:
    """RESTMapper.ResourceFor: the (group, plural) discovery knows for a name, short name or kind."""
    r = resources.lookup(f"{resource}.{group}" if group else resource)
    if r is None or r.aggregated or (group and r.group != group):
        return None
    return r.group, r.plural


def _no_match(group: str, resource: str) -> base.KubectlError:
    """helpers.go checkErr hands a *meta.NoResourceMatchError to fatalErrHandler as is: no "error: " prefix."""
    e = base.no_resource_type(resource, group)
    return base.KubectlError(e.message, raw=True)


def validate_resources(verbs: list[str], specs: list[tuple[str, str, str]]) -> None:
    """create_role.go validateResource."""
    for group, resource, _ in specs:
        if not resource:
            raise base.KubectlError("resource must be specified if apiGroup/subresource specified")
        if resource == "*":
            return
        found = resource_for(group, resource)
        g, res = found if found else (group, resource)
        missing = found is None
        for v in verbs:
            if v in SPECIAL_VERBS:
                if (g, res) in SPECIAL_VERBS[v]:
                    missing = False
                else:
                    raise base.KubectlError(f"can not perform '{v}' on '{res}' in group '{g}'")
        if missing:
            raise _no_match(group, resource)


def policy_rules(verbs: list[str], specs: list[tuple[str, str, str]], names: list[str], urls: list[str]) -> list[dict]:
    """generateResourcePolicyRules: one rule per API group, in sorted group order."""
    by_group: dict[str, list[str]] = {}
    for group, resource, sub in specs:
        found = resource_for(group, resource) if resource != "*" else None
        g, res = found if found else (group, resource)
        if sub:
            res = f"{res}/{sub}"
        lst = by_group.setdefault(g, [])
        if res not in lst:
            lst.append(res)
    rules: list[dict] = []
    for g in sorted(by_group):
        rule: dict[str, Any] = {"verbs": list(verbs), "apiGroups": [g], "resources": by_group[g]}
        if names:
            rule["resourceNames"] = list(names)
        rules.append(rule)
    if urls:
        rules.append({"verbs": list(verbs), "nonResourceURLs": list(urls)})
    return rules


def _warn_verbs(kc, verbs: list[str]) -> None:
    for v in verbs:
        if v not in VALID_RESOURCE_VERBS:
            kc.err(f"Warning: '{v}' is not a standard resource verb\n")


def _rule_flags(kc) -> tuple[list[str], list[tuple[str, str, str]], list[str]]:
    """create_role.go Complete: --verb (``*`` alone wins), --resource, --resource-name, each de-duplicated."""
    verbs = _unique(kc.opts.get("verb") or [])
    return (["*"] if "*" in verbs else verbs), parse_resources(kc.opts.get("resource") or []), \
        _unique(kc.opts.get("resource-name") or [])


class Role(_Rbac):
    name = "create role"
    kind = "Role"

    def build(self, kc, name):
        verbs, specs, names = _rule_flags(kc)
        if not verbs:
            raise base.KubectlError("at least one verb must be specified")
        _warn_verbs(kc, verbs)
        if not specs:
            raise base.KubectlError("at least one resource must be specified")
        validate_resources(verbs, specs)
        return {"kind": "Role", "apiVersion": f"{GROUP}/v1",
                "metadata": _meta(name, kc.namespace if kc.explicit_namespace else None),
                "rules": policy_rules(verbs, specs, names, [])}


def aggregation_labels(text: str) -> dict[str, str]:
    """cliflag.MapStringString.Set: comma-separated key=value pairs, trimmed."""
    out: dict[str, str] = {}
    for s in text.split(","):
        s = s.strip()
        if not s:
            continue
        k, sep, v = s.partition("=")
        if not sep:
            # a pflag Value's Set error, which cobra prints with its own "Error: " prefix
            raise base.KubectlError(f'Error: invalid argument "{text}" for "--aggregation-rule" flag: malformed pair, '
                                    "expect string=string\nSee 'kubectl create clusterrole --help' for usage.", raw=True)
        out[k.strip()] = v.strip()
    return out


class ClusterRole(_Rbac):
    name = "create clusterrole"
    kind = "ClusterRole"

    def build(self, kc, name):
        verbs, specs, names = _rule_flags(kc)
        urls = _unique(kc.opts.get("non-resource-url") or [])
        agg = aggregation_labels(kc.opts.get("aggregation-rule") or "")
        obj: dict[str, Any] = {"kind": "ClusterRole", "apiVersion": f"{GROUP}/v1", "metadata": _meta(name, None)}
        if agg:
            if urls or verbs or specs or names:
                raise base.KubectlError("aggregation rule must be specified without nonResourceURLs, verbs, resources "
                                        "or resourceNames")
            obj["rules"] = None
            obj["aggregationRule"] = {"clusterRoleSelectors": [{"matchLabels": dict(sorted(agg.items()))}]}
            return obj
        if not verbs:
            raise base.KubectlError("at least one verb must be specified")
        if not specs and not urls:
            raise base.KubectlError("one of resource or nonResourceURL must be specified")
        if specs:
            _warn_verbs(kc, verbs)
            validate_resources(verbs, specs)
        if urls:
            for v in verbs:
                if v not in VALID_NON_RESOURCE_VERBS:
                    raise base.KubectlError(f"invalid verb: '{v}' for nonResourceURL")
            for u in urls:
                if u == "*":
                    continue
                if not u.startswith("/"):
                    raise base.KubectlError("nonResourceURL should start with /")
                if "*" in u[:-1]:
                    raise base.KubectlError("nonResourceURL only supports wildcard matches when '*' is at the end")
        obj["rules"] = policy_rules(verbs, specs, names, urls)
        return obj


# -- bindings -------------------------------------------------------------------------

def subjects(users, groups, service_accounts) -> list[dict]:
    out = [{"kind": "User", "apiGroup": GROUP, "name": u} for u in users or ()]
    out += [{"kind": "Group", "apiGroup": GROUP, "name": g} for g in groups or ()]
    for sa in service_accounts or ():
        parts = sa.split(":")
        if len(parts) != 2 or not parts[0] or not parts[1]:
            raise base.KubectlError("serviceaccount must be <namespace>:<name>")
        out.append({"kind": "ServiceAccount", "name": parts[1], "namespace": parts[0]})
    return out


def _binding(kind: str, name: str, namespace: str | None, role_kind: str, role: str, subj: list[dict]) -> dict:
    obj: dict[str, Any] = {"kind": kind, "apiVersion": f"{GROUP}/v1", "metadata": _meta(name, namespace)}
    if subj:
        obj["subjects"] = subj
    obj["roleRef"] = {"apiGroup": GROUP, "kind": role_kind, "name": role}
    return obj


class RoleBinding(_Rbac):
    name = "create rolebinding"
    kind = "RoleBinding"
    failed_create = "failed to create rolebinding: "

    def build(self, kc, name):
        o = kc.opts
        role, cluster_role = o.get("role") or "", o.get("clusterrole") or ""
        if bool(role) == bool(cluster_role):
            raise base.KubectlError("exactly one of clusterrole or role must be specified")
        subj = subjects(o.get("user"), o.get("group"), o.get("serviceaccount"))
        return _binding("RoleBinding", name, kc.namespace if kc.explicit_namespace else None,
                        "Role" if role else "ClusterRole", role or cluster_role, subj)


class ClusterRoleBinding(_Rbac):
    name = "create clusterrolebinding"
    kind = "ClusterRoleBinding"
    required = ("clusterrole",)  # create_clusterrolebinding.go MarkFlagRequired
    failed_create = "failed to create clusterrolebinding: "

    def build(self, kc, name):
        o = kc.opts
        subj = subjects(o.get("user"), o.get("group"), o.get("serviceaccount"))
        return _binding("ClusterRoleBinding", name, None, "ClusterRole", o.get("clusterrole") or "", subj)

