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


def _same(a: dict, b: dict) -> bool:
    a, b = objects.clone(a), objects.clone(b)
    for o in (a, b):
        o.get("metadata", {}).pop("resourceVersion", None)
    return a == b


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
            creating = False
            try:
                r = mutating.resource_of(m)
                ns = mutating.namespace_for(kc, r, m.obj)
                name = (m.obj.get("metadata") or {}).get("name")
                if not name:
                    raise base.KubectlError(f'error when retrieving current configuration of:\nResource: "{r.group}/{r.version}, Resource={r.plural}", GroupVersionKind: "{r.api_version}, Kind={r.kind}"\nName: "", Namespace: "{ns or ""}"\nfrom server for: "{m.source}": resource name may not be empty')
                live = kc.api.try_get(r, name, ns)
                client = kc.client()
                if live is None:
                    creating = True
                    mutating.strict_check(m, r, "creating")
                    obj = applying.with_annotation(m.obj)
                    if dry != "client":
                        obj = client.create(r, obj, ns, dry_run=(dry == "server"))
                    op = "created"
                else:
                    mutating.strict_check(m, r, "patching")
                    new = applying.apply_to(live, m.obj)
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
                # apply.go wraps a create's API error with cmdutil.AddSourceToErr("creating", ...),
                # whatever its code; a patch's gets the patch printed, so only its usual codes here.
                if (creating or e.code in (409, 422, 403)) and not e.message.startswith("error when"):
                    verb = "creating" if e.code != 409 or "already exists" in e.message else "applying patch"
                    e = api_errors.StatusError(e.code, e.reason, f'error when {verb} "{m.source}": {e.message}', e.details)
                errs.append(e)
            except base.KubectlError as e:
                errs.append(e)
        if errs:
            kc.err(base.multiple_errors(errs) if len(errs) > 1 else base.error_message(errs[0]))
            return 1
        return 0
