"""kubectl apply -f: client-side apply (kubernetes/kubectl:pkg/cmd/apply/apply.go).

Each object in the manifests is created with its last-applied annotation
when missing (``created``), or three-way merged onto the live object
(clusters/console/kubectl/applying.py): ``configured`` when that changes
anything, ``unchanged`` when not. Unknown fields fail strict server-side
validation as ``error when creating "f.yaml": ... strict decoding error``.
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import errors as api_errors
from clusters.console.kubectl import applying, base, mutating
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
        fmt = kc.opts.get("output", "") or ""
        errs: list[BaseException] = []
        for m in mutating.manifests(kc, filenames, bool(kc.opts.get("recursive", False))):
            creating, patch = False, None
            try:
                r = mutating.resource_of(m)
                ns = mutating.namespace_for(kc, r, m.obj)
                name = (m.obj.get("metadata") or {}).get("name")
                if not name:
                    raise base.KubectlError(f'error when retrieving current configuration of:\n{_info(r, "", ns)}\n'
                                            f'from server for: "{m.source}": resource name may not be empty')
                local = mutating.in_namespace(m.obj, r, ns)
                live = kc.api.try_get(r, name, ns)
                client = kc.client()
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
        if errs:
            kc.err(base.multiple_errors(errs) if len(errs) > 1 else base.error_message(errs[0]))
            return 1
        return 0
