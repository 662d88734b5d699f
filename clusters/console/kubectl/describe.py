"""kubectl describe (kubernetes/kubectl:pkg/cmd/describe/describe.go).

``describe TYPE NAME`` falls back to every object whose name starts with
NAME when none is called exactly that (DescribeMatchingResources); several
objects are separated by two blank lines. Named objects are fetched as
cli-runtime visitor.go Info.Get does (a missing namespace is the NotFound
left); with ``-f`` the file's object needs no fetch and the describer's own
GET reports a plain NotFound.
"""
from __future__ import annotations

from clusters.apiserver import errors as api_errors
from clusters.console.kubectl import base, builder
from clusters.console.printers import describe as describers


class Verb(base.Verb):
    name = "describe"

    def run(self, kc, args):
        o = kc.opts
        filenames = o.get("filename") or []
        has_files = bool(filenames or o.get("kustomize"))  # -k DIR, as FilenameOptions counts it
        if not args and not has_files:
            raise base.KubectlError('You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.')
        objs: list = []
        errs: list = []
        if has_files:
            from clusters.console.kubectl import mutating

            for m in mutating.manifests(kc, filenames, bool(o.get("recursive", False))):
                r = mutating.resource_of(m)
                meta = m.obj.get("metadata") or {}
                try:
                    objs.append(kc.api.get(r, meta.get("name", ""), (meta.get("namespace") or kc.namespace) if r.namespaced else None))
                except api_errors.StatusError as e:
                    errs.append(e)
        else:
            reqs = builder.parse_args(args, "describe")
            selector = o.get("selector") or ""
            for q in reqs:
                r = q.resource
                ns = kc.namespace if r.namespaced else None
                if not q.names:
                    objs.extend(builder.list_objects(kc, r, selector, "", kc.all_namespaces))
                    continue
                for name in q.names:
                    try:  # a missing namespace's NotFound still tries the prefix match, and is what is left
                        objs.append(builder.info_get(kc, r, name))
                    except api_errors.StatusError as e:
                        if e.reason == "NotFound" and len(args) == 2 and "/" not in args[0]:
                            matches = [x for x in kc.api.list(r, ns) if x["metadata"]["name"].startswith(name)]
                            if matches:
                                objs.extend(matches)
                                continue
                        errs.append(e)
        texts = []
        for obj in objs:  # describe.go: a describer's error is collected (once per text) and the next object described
            try:
                texts.append(describers.describe(kc.api, obj, kc.now))
            except api_errors.StatusError as e:
                if all(base.standard_error_message(e) != base.standard_error_message(x) for x in errs
                       if isinstance(x, api_errors.StatusError)):
                    errs.append(e)
        if texts:
            kc.out(texts[0] + "".join("\n\n" + t for t in texts[1:]))
        elif not errs:
            if all(r.namespaced for r in [q.resource for q in builder.parse_args(args, "describe")]) and not kc.all_namespaces and args:
                kc.err(f"No resources found in {kc.namespace} namespace.\n")
            else:
                kc.err("No resources found\n")
        if errs:
            kc.err(base.multiple_errors(errs))
            return 1
        return 0
