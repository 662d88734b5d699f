"""kubectl auth reconcile -f FILE: RBAC objects merged into the server's by what they allow.

kubernetes/kubectl:pkg/cmd/auth/reconcile.go over
component-helpers/auth/rbac/reconciliation (clusters/apiserver/rbac_reconciliation.py
computes; this module reads and writes as the RuleOwnerModifier and
RoleBindingModifier adapters do):

- The files are read locally (the builder's ``Local()``): a Role or
  RoleBinding is taken in the namespace its manifest names, not -n's nor the
  context's, so one without a namespace is looked up at the cluster scope and
  cannot be created (``resource name may not be empty``, from the namespace
  lookup tryEnsureNamespace makes). Other kinds kubectl knows are skipped in
  silence; rbac v1beta1/v1alpha1 kinds and kinds it does not know are errors.
- Each object is printed as reconciled (``clusterrole.rbac.authorization.k8s.io/x
  reconciled``, `` (dry run)``, or ``-o``), then printResults' lines go to
  stderr: ``reconciliation required create|update|recreate`` (with the opt-out
  caveat for ``rbac.authorization.kubernetes.io/autoupdate: "false"``), the
  missing subjects and rules as Go's ``%+v`` prints the structs, and the
  extra ones when they are being removed.
- A missing object's namespace is created first when it can be (errors
  NotFound and Forbidden tolerated); a binding whose roleRef differs is
  deleted (with its uid as precondition) and created again.
- Errors are collected and printed after every object was visited
  (ContinueOnError), as CheckErr prints an aggregate.
"""
from __future__ import annotations

from clusters.apiserver import errors as api_errors, rbac_reconciliation as recon, resources
from clusters.console.kubectl import base, impersonation, mutating, visiting

GROUP = "rbac.authorization.k8s.io"
KINDS = ("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding")
OLD_VERSIONS = ("v1beta1", "v1alpha1")  # still in kubectl's scheme, refused by RunReconcile
# Versions client-go's scheme registers besides the served ones (kubectl decodes with it).
_LEGACY_VERSIONS = ("v1", "v1beta1", "v1beta2", "v1alpha1", "v2", "v2beta1", "v2beta2")
MAX_ATTEMPTS = {"role": 2, "binding": 3}  # reconcile_role.go / reconcile_rolebindings.go


class Reconcile(base.Verb):
    name = "auth reconcile"

    def run(self, kc, args):
        if not kc.opts.get("filename") and not kc.opts.get("kustomize"):
            raise base.KubectlError("must specify one of -f and -k")  # RequireFilenameOrKustomize
        if args:
            raise base.KubectlError("no arguments are allowed")
        dry = mutating.dry_run_mode(kc)
        if dry == "server":  # getClientSideDryRun
            raise base.KubectlError("--dry-run=server for command reconcile is not supported yet")
        fmt = visiting.check_output(kc)
        remove_perms = bool(kc.opts.get("remove-extra-permissions"))
        remove_subjects = bool(kc.opts.get("remove-extra-subjects"))
        errs: list[BaseException] = []
        printed = 0
        for m in mutating.manifests(kc, kc.opts.get("filename") or [], bool(kc.opts.get("recursive"))):
            try:
                r = _rbac_resource(kc, m)
                if r is None:
                    continue  # klog.V(1) "skipping": another kind kubectl knows
                expected = m.obj
                if r.kind in ("Role", "ClusterRole"):
                    result = _run(kc, r, expected, lambda live: recon.reconcile_role(live, expected, remove_perms),
                                  dry, "role")
                    missing, extra = ("rules", result.missing), ("rules", result.extra if remove_perms else [])
                else:
                    result = _run(kc, r, expected,
                                  lambda live: recon.reconcile_binding(live, expected, remove_subjects), dry, "binding")
                    missing, extra = ("subjects", result.missing), ("subjects", result.extra if remove_subjects else [])
                _print_object(kc, result.obj, fmt, dry, printed)
                printed += 1
                _print_details(kc, result, missing, extra)
            except (api_errors.StatusError, base.KubectlError) as e:
                errs.append(e)
        return visiting.finish(kc, errs)


def _rbac_resource(kc, m: mutating.Manifest) -> resources.Resource | None:
    """The RBAC v1 resource of a manifest; None for other kinds kubectl's scheme decodes."""
    obj = m.obj
    kind, av = obj.get("kind") or "", obj.get("apiVersion") or ""
    group, _, version = av.rpartition("/")
    if group == GROUP and kind in KINDS:
        if version in OLD_VERSIONS:
            raise base.KubectlError(f"only {GROUP}/v1 is supported: not *{version}.{kind}")
        if version == "v1":
            r = resources.by_kind(kind, av)
            mutating.namespace_for(kc, r, obj)  # FilenameParam(enforceNamespace): -n must agree
            return r
    known = resources.by_kind(kind, av)
    if known is None or known.aggregated or (version != known.version and version not in _LEGACY_VERSIONS):
        raise base.KubectlError(f'unable to decode "{m.source}": no kind "{kind}" is registered for version "{av}" '
                                f'in scheme "pkg/scheme/scheme.go:28"')
    return None


def _namespace(r: resources.Resource, obj: dict) -> str:
    return (obj.get("metadata") or {}).get("namespace") or "" if r.namespaced else ""


def _get(kc, r: resources.Resource, name: str, ns: str) -> dict | None:
    """The existing object, None when the server says NotFound."""
    if r.namespaced and not ns:
        # GET /apis/rbac.authorization.k8s.io/v1/roles/NAME: no such route, so a 404.
        impersonation.check(kc.api, "get", r, "", name)
        return None
    try:
        return kc.api.get(r, name, ns or None)
    except api_errors.StatusError as e:
        if e.reason == "NotFound":
            return None
        raise


def _ensure_namespace(kc, ns: str) -> None:
    """namespace.go tryEnsureNamespace: get or create it, tolerating NotFound and Forbidden."""
    if not ns:
        raise base.KubectlError("resource name may not be empty")  # client-go Request.Name("")
    try:
        kc.api.get("namespaces", ns)
        return
    except api_errors.StatusError as e:
        if e.reason not in ("NotFound", "Forbidden"):
            raise
    try:
        kc.client().create("namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}})
    except api_errors.StatusError as e:
        if e.reason not in ("AlreadyExists", "Forbidden"):
            raise


def _run(kc, r: resources.Resource, expected: dict, compute, dry: str, what: str) -> recon.Result:
    """ReconcileRoleOptions.run / ReconcileRoleBindingOptions.run."""
    meta = expected.get("metadata") or {}
    name, ns = meta.get("name") or "", _namespace(r, expected)
    for _ in range(MAX_ATTEMPTS[what] + 1):
        live = _get(kc, r, name, ns)
        if live is None:
            result = recon.Result(expected, recon.CREATE, missing=list(
                expected.get("rules" if what == "role" else "subjects") or []))
        else:
            result = compute(live)
        if result.protected or dry == "client" or result.operation == recon.NONE:
            return result
        client = kc.client()
        try:
            if result.operation == recon.RECREATE:
                try:
                    client.delete(r, name, ns or None, uid=(live.get("metadata") or {}).get("uid"))
                except api_errors.StatusError as e:
                    if e.reason == "Conflict":
                        continue
                    if e.reason != "NotFound":
                        raise
            if result.operation in (recon.CREATE, recon.RECREATE):
                if r.namespaced:
                    _ensure_namespace(kc, ns)
                result.obj = client.create(r, _for_server(result.obj), ns or None)
            else:
                result.obj = client.update(r, result.obj)
            return result
        except api_errors.StatusError as e:
            if (e.reason == "AlreadyExists" and result.operation != recon.UPDATE) or \
                    (e.reason == "NotFound" and result.operation == recon.UPDATE):
                continue  # created or deleted meanwhile: run again
            raise
    raise base.KubectlError("exceeded maximum attempts")


def _for_server(obj: dict) -> dict:
    """What the typed client sends: the manifest's fields, without a null creationTimestamp."""
    from clusters import objects

    out = objects.clone(obj)
    (out.get("metadata") or {}).pop("creationTimestamp", None)
    return out


def _print_object(kc, obj: dict, fmt: str, dry: str, printed: int) -> None:
    """o.PrintObject: the name printer's ``reconciled`` line, or -o (YAMLPrinter puts --- between objects)."""
    if not fmt:
        kc.out(mutating.operation_line(obj, (obj.get("metadata") or {}).get("name", ""), "reconciled", dry))
        return
    text = visiting.render(kc, [_typed(obj)], fmt, typed=True)
    if fmt == "yaml" and printed:
        text = "---\n" + text
    kc.out(text)


def _typed(obj: dict) -> dict:
    """A manifest as kubectl decodes it into its Go struct: creationTimestamp null when unset."""
    from clusters import objects

    out = objects.clone(obj)
    meta = out.setdefault("metadata", {})
    meta.setdefault("creationTimestamp", None)
    return out


def _print_details(kc, result: recon.Result, missing: tuple[str, list[dict]], extra: tuple[str, list[dict]]) -> None:
    """printResults' stderr lines."""
    if result.operation == recon.NONE:
        return
    caveat = ", but object opted out (rbac.authorization.kubernetes.io/autoupdate: false)" if result.protected else ""
    lines = [f"\treconciliation required {result.operation}{caveat}\n"]
    what, items = missing
    if items:
        lines.append(f"\tmissing {what} added:\n")
        lines += [f"\t\t{go_struct(what, i)}\n" for i in items]
    what, items = extra
    if items:
        lines.append(f"\textra {what} removed:\n")
        lines += [f"\t\t{go_struct(what, i)}\n" for i in items]
    kc.err("".join(lines))


def go_struct(what: str, item: dict) -> str:
    """fmt's %+v of an rbacv1.PolicyRule or rbacv1.Subject."""
    if what == "rules":
        fields = (("Verbs", "verbs"), ("APIGroups", "apiGroups"), ("Resources", "resources"),
                  ("ResourceNames", "resourceNames"), ("NonResourceURLs", "nonResourceURLs"))
        return "{" + " ".join(f"{go}:{base.go_list(list(item.get(key) or []))}" for go, key in fields) + "}"
    fields = (("Kind", "kind"), ("APIGroup", "apiGroup"), ("Name", "name"), ("Namespace", "namespace"))
    return "{" + " ".join(f"{go}:{item.get(key) or ''}" for go, key in fields) + "}"
