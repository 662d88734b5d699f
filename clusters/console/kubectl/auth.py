"""kubectl auth can-i VERB [TYPE | TYPE/NAME | NONRESOURCEURL], kubectl auth can-i --list and kubectl auth whoami
(kubectl auth reconcile is reconcile.py).

kubernetes/kubectl:pkg/cmd/auth/cani.go: Complete (the resource found
through discovery, a warning when it is unknown), Validate (the
namespace-scope and unknown-verb warnings), then a SelfSubjectAccessReview
(``yes``, or ``no`` and the reason, exit 1) or a SelfSubjectRulesReview
printed as describe prints a role's rules. The API server answers with its
RBAC authorizer (clusters/apiserver/authorization.py).

The console's own user is kind's ``kubernetes-admin`` in the
``kubeadm:cluster-admins`` group, bound to ``cluster-admin``: it may do
anything, so only ``--as``/``--as-group`` make an answer worth asking for.
"""
from __future__ import annotations

from clusters.apiserver import authorization, resources
from clusters.console.kubectl import base
from clusters.console.printers import tabwriter
from clusters.console.printers.describe import rbac as describe_rbac

ADMIN = authorization.User(base.USER_NAME, ("kubeadm:cluster-admins", authorization.AUTHENTICATED))
RESOURCE_VERBS = {"get", "list", "watch", "create", "update", "patch", "delete", "deletecollection", "use", "bind",
                  "impersonate", "*", "approve", "sign", "escalate", "attest"}
NON_RESOURCE_VERBS = {"get", "put", "post", "head", "options", "delete", "patch", "*"}
NON_STANDARD_RESOURCES = {"users", "groups"}


class Verb(base.Verb):
    name = "auth"
    subcommands = {"can-i": "auth:CanI", "reconcile": "reconcile:Reconcile", "whoami": "auth:WhoAmI"}

    def run(self, kc, args):
        return base.parent_command(kc, self, args)


def requester(kc) -> authorization.User:
    """Who the request is made as: the kubeconfig's admin, or whom --as/--as-group name."""
    as_user = kc.opts.get("as") or ""
    as_groups = kc.opts.get("as-group") or []
    if not as_user and not as_groups:
        return getattr(kc, "user", ADMIN)  # whom the kubeconfig's credentials authenticate (connection.check)
    if not as_user:
        raise base.KubectlError("requesting uid, groups or user-extra for  without impersonating a user")
    return authorization.impersonated(as_user, as_groups)


def _resource_for(kc, arg: str) -> tuple[str, str, bool | None]:
    """cani.go resourceFor: (group, resource, namespaced) from discovery, or the argument as given
    with a warning (namespaced None) when discovery does not know it."""
    if arg == "*":
        return "", "*", True
    low = arg.lower()
    r = resources.lookup(low)
    if r is not None and not r.aggregated:
        return r.group, r.plural, r.namespaced
    resource, _, group = low.partition(".")
    if low not in NON_STANDARD_RESOURCES:
        where = f" in group '{group}'" if group else ""
        kc.err(f"Warning: the server doesn't have a resource type '{resource}'{where}\n")
    return "", arg, None


class CanI(base.Verb):
    name = "auth can-i"

    def run(self, kc, args):
        o = kc.opts
        if o.get("list"):
            if args:
                raise base.KubectlError("list option must be specified with no arguments")
            if o.get("quiet") or o.get("all-namespaces") or o.get("subresource"):
                raise base.KubectlError("list option can't be specified with neither quiet, all-namespaces nor subresource options")
            return self.list(kc, requester(kc))
        if len(args) != 2:
            raise base.KubectlError("you must specify two arguments: verb resource or verb resource/resourceName.\n"
                                    "See 'kubectl auth can-i -h' for help and examples.")
        verb, target = args
        namespace = "" if o.get("all-namespaces") else kc.namespace
        subresource = o.get("subresource") or ""
        if target.startswith("/"):
            if subresource:
                raise base.KubectlError("--subresource can not be used with NonResourceURL")
            if verb not in NON_RESOURCE_VERBS:
                kc.err(f"Warning: verb '{verb}' is not a known verb\n")
            req = authorization.Request(verb, path=target)
        else:
            arg, _, name = target.partition("/")
            group, resource, namespaced = _resource_for(kc, arg)
            if not o.get("all-namespaces") and namespaced is False:
                where = f" in group '{group}'" if group else ""
                kc.err(f"Warning: resource '{resource}' is not namespace scoped{where}\n")
            if verb not in RESOURCE_VERBS:
                kc.err(f"Warning: verb '{verb}' is not a known verb\n")
            req = authorization.Request(verb, namespace, group, resource, subresource, name)
        if o.get("no-headers"):
            raise base.KubectlError("--no-headers cannot be set without --list specified")
        allowed, reason = authorization.authorize(kc.cluster.api, requester(kc), req)  # the server's authorizer
        if not o.get("quiet"):
            kc.out("yes\n" if allowed else "no" + (f" - {reason}" if reason else "") + "\n")
        return 0 if allowed else 1

    def list(self, kc, user: authorization.User) -> int:
        found = authorization.rules_for(kc.cluster.api, user, kc.namespace)  # the server's authorizer
        rules = list(found.rules)
        if authorization.MASTERS in user.groups:  # the privileged-group authorizer's RulesFor
            rules[:0] = [{"verbs": ["*"], "apiGroups": ["*"], "resources": ["*"]}, {"verbs": ["*"], "nonResourceURLs": ["*"]}]
        if found.errors:
            errs = found.errors
            kc.err("Warning: the list may be incomplete: "
                   + (errs[0] if len(errs) == 1 else "[" + ", ".join(errs) + "]") + "\n")
        header = [] if kc.opts.get("no-headers") else [["Resources", "Non-Resource URLs", "Resource Names", "Verbs"]]
        rows = header + describe_rbac.policy_rows(rules)
        kc.out(tabwriter.table(rows))
        return 0


class WhoAmI(base.Verb):
    """kubernetes/kubectl:pkg/cmd/auth/whoami.go: a SelfSubjectReview (registry
    selfsubjectreview/rest.go: the request's user, creationTimestamp now) printed
    as an ATTRIBUTE/VALUE table, or with -o as the object."""

    name = "auth whoami"

    def run(self, kc, args):
        fmt = _visiting().check_output(kc)
        user = requester(kc)
        info: dict = {"username": user.name}
        if user.uid:
            info["uid"] = user.uid
        if user.groups:
            info["groups"] = list(user.groups)
        if user.extra:
            info["extra"] = {k: list(v) for k, v in user.extra}
        review = {"kind": "SelfSubjectReview", "apiVersion": "authentication.k8s.io/v1",
                  "metadata": {"creationTimestamp": kc.api.timestamp()}, "status": {"userInfo": info}}
        if fmt:
            from clusters.console.kubectl import mutating

            mutating.print_object(kc, review, fmt, typed=True)
            return 0
        rows = [["ATTRIBUTE", "VALUE"], ["Username", user.name]]
        if user.uid:
            rows.append(["UID", user.uid])
        if user.groups:
            rows.append(["Groups", "[" + " ".join(user.groups) + "]"])  # fmt %v of a []string
        for key, values in user.extra:
            rows.append([f"Extra: {key}", "[" + " ".join(values) + "]"])
        kc.out(tabwriter.table(rows))
        return 0


def _visiting():
    from clusters.console.kubectl import visiting

    return visiting
