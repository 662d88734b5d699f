"""kubectl apply -f: client-side apply (kubernetes/kubectl:pkg/cmd/apply/apply.go).

Each object in the manifests is created with its last-applied annotation
when missing (``created``), or three-way merged onto the live object
(clusters/console/kubectl/applying.py): ``configured`` when that changes
anything, ``unchanged`` when not. Unknown fields fail strict server-side
validation as ``error when creating "f.yaml": ... strict decoding error``.

``--server-side`` sends each object as an apply patch instead
(clusters/console/kubectl/serverside.py) and prints ``serverside-applied``;
``--prune`` then deletes what the manifests no longer name (pruning.py).
``-l`` applies only the manifests' objects it matches (the builder's
LabelSelectorParam), and is what --prune selects by.
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import errors as api_errors
from clusters.console.kubectl import applying, base, mutating, pruning, serverside
from clusters.console.printers import jsonout


def _same(a: dict, b: dict) -> bool:
    a, b = objects.clone(a), objects.clone(b)
    for o in (a, b):
        o.get("metadata", {}).pop("resourceVersion", None)
    return a == b


def _info(r, name: str, ns: str | None) -> str:
    """resource.Info's String(): the mapping's GroupVersionResource and GroupVersionKind, then name and namespace."""
    return (f'Resource: "{r.group}/{r.version}, Resource={r.plural}", GroupVersionKind: "{r.group}/{r.version}, '
            f'Kind={r.kind}"\nName: "{name}", Namespace: "{ns or ""}"')


class Verb(base.Verb):
    name = "apply"

    def run(self, kc, args):
        filenames = kc.opts.get("filename", []) or []
        if not filenames and not kc.opts.get("kustomize", ""):
            raise base.KubectlError("must specify one of -f and -k")  # FilenameOptions.RequireFilenameOrKustomize
        dry = mutating.dry_run_mode(kc)
        server_side = bool(kc.opts.get("server-side", False))
        selector = kc.opts.get("selector", "") or ""
        prune = bool(kc.opts.get("prune", False))
        allowlist = _validate(kc, server_side, dry, selector, prune)
        # GetApplyFieldManagerFlag
        manager = (kc.opts.get("field-manager") if kc.opts.changed("field-manager")
                   else serverside.SERVER_SIDE_MANAGER if server_side else "kubectl-client-side-apply")
        sel = objects.parse_selector(selector) if selector else None
        fmt = kc.opts.get("output", "") or ""
        errs: list[BaseException] = []
        tracker = pruning.Tracker()
        if kc.opts.changed("namespace") and kc.opts.get("namespace"):
            tracker.namespaces.add(kc.namespace)  # EnforceNamespace: the -n namespace is visited
        visited = 0
        for m in mutating.manifests(kc, filenames, bool(kc.opts.get("recursive", False))):
            if sel is not None and not sel.matches(((m.obj.get("metadata") or {}).get("labels")) or {}):
                continue
            visited += 1
            creating, patch = False, None
            try:
                r = mutating.resource_of(m)
                ns = mutating.namespace_for(kc, r, m.obj)
                name = (m.obj.get("metadata") or {}).get("name")
                if r.namespaced:
                    tracker.namespaces.add(ns)
                if not name:
                    raise base.KubectlError(f'error when retrieving current configuration of:\n{_info(r, "", ns)}\n'
                                            f'from server for: "{m.source}": resource name may not be empty')
                local = mutating.in_namespace(m.obj, r, ns)
                client = kc.client()
                if server_side:
                    mutating.strict_check(m, r, "patching")
                    sub = kc.opts.get("subresource") or None
                    obj = serverside.apply_one(kc, client, r, name, ns, local, manager=manager,
                                               force=bool(kc.opts.get("force-conflicts", False)),
                                               dry_run=(dry == "server"), subresource=sub)
                    serverside.warn_if_deleting(kc, obj)
                    tracker.visit(r, ns, obj)
                    if fmt:
                        mutating.print_object(kc, obj, fmt)
                    else:
                        kc.out(mutating.operation_line(r, name, "serverside-applied", dry))
                    continue
                client.field_manager = manager
                live = kc.api.try_get(r, name, ns)
                if live is None:
                    creating = True
                    mutating.strict_check(m, r, "creating")
                    obj = applying.with_annotation(local)
                    if dry != "client":
                        obj = client.create(r, obj, ns, dry_run=(dry == "server"))
                    op = "created"
                else:
                    mutating.strict_check(m, r, "patching")
                    patch = applying.patch_of(live, local)
                    new = applying.apply_to(live, local)
                    if _same(new, live):
                        op, obj = "unchanged", live
                    else:
                        obj = new
                        if dry != "client":
                            obj = client.update(r, new, dry_run=(dry == "server"))
                        op = "configured"
                tracker.visit(r, ns, obj)
                if fmt:
                    mutating.print_object(kc, obj, fmt)
                else:
                    kc.out(mutating.operation_line(r, name, op, dry))
            except api_errors.StatusError as e:
                if not e.message.startswith("error when") and (creating or patch is not None):
                    if creating:  # apply.go: cmdutil.AddSourceToErr("creating", info.Source, err)
                        msg = f'error when creating "{m.source}": {e.message}'
                    else:  # apply.go: the patch and the object, then patcher.go's AddSourceToErr("patching", ...)
                        msg = (f"error when applying patch:\n{jsonout.compact(patch)}\nto:\n{_info(r, name, ns)}\n"
                               f'for: "{m.source}": error when patching "{m.source}": {e.message}')
                    e = api_errors.StatusError(e.code, e.reason, msg, e.details)
                errs.append(e)
            except base.KubectlError as e:
                errs.append(e)
        if not visited and not errs:
            raise base.KubectlError("no objects passed to apply")
        if errs:
            kc.err(base.multiple_errors(errs) if len(errs) > 1 else base.error_message(errs[0]))
            return 1
        if prune:  # PrintAndPrunePostProcessor, after every object applied
            pruning.prune(kc, tracker, allowlist, selector, dry)
        return 0


def _validate(kc, server_side: bool, dry: str, selector: str, prune: bool) -> list:
    """ApplyOptions.Complete's allowlist and Validate, in their order; the allowlist parsed."""
    allowlist = pruning.parse_allowlist(kc, kc.opts.get("prune-allowlist") or []) if prune else []
    force = bool(kc.opts.get("force", False))
    if kc.opts.get("force-conflicts", False) and not server_side:
        raise base.KubectlError("--force-conflicts only works with --server-side")
    if dry == "client" and server_side:
        raise base.KubectlError("--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)")
    if server_side and force:
        raise base.KubectlError("--force cannot be used with --server-side")
    if dry == "server" and force:
        raise base.KubectlError("--dry-run=server cannot be used with --force")
    if kc.opts.get("all", False) and selector:
        raise base.KubectlError("cannot set --all and --selector at the same time")
    if prune:
        if force:
            raise base.KubectlError("--force cannot be used with --prune")
        if not kc.opts.get("all", False) and not selector:
            raise base.KubectlError("all resources selected for prune without explicitly passing --all. To prune all "
                                    "resources, pass the --all flag. If you did not mean to prune all resources, "
                                    "specify a label selector")
        if server_side:
            raise base.KubectlError("--prune is in alpha and doesn't currently work on objects created by "
                                    "server-side apply")
    if kc.opts.get("subresource") and not server_side:
        raise base.KubectlError("--subresource can only be specified for --server-side")
    return allowlist
