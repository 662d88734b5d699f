"""kubectl delete (kubernetes/kubectl:pkg/cmd/delete/delete.go).

Prints ``<kind>.<group> "<name>" deleted`` per object, then (``--wait``, the
default) waits in virtual time until each is really gone: a pod with a
grace period stays Terminating until its kubelet stops it. A real kubectl
waits up to a week (or ``--timeout``); ours gives up after
console.timing.WAIT_BOUND, with wait.go's ``timed out waiting for the
condition on pods/NAME``, as a pod on a node that stopped answering shows. ``--force`` with
grace period 0 prints upstream's warning and ``force deleted``.
"""
from __future__ import annotations

from clusters.apiserver import errors as api_errors
from clusters.console import timing
from clusters.console.kubectl import base, mutating

FORCE_WARNING = ("Warning: Immediate deletion does not wait for confirmation that the running resource has been "
                 "terminated. The resource may continue to run on the cluster indefinitely.\n")
_CASCADE = {"background": "Background", "foreground": "Foreground", "orphan": "Orphan"}
# helpers.go GetCascadingStrategy: a value strconv.ParseBool reads is the old boolean flag, warned about.
_BOOLEAN = {**dict.fromkeys(("1", "t", "T", "TRUE", "true", "True"), "background"),
            **dict.fromkeys(("0", "f", "F", "FALSE", "false", "False"), "orphan")}


class Verb(base.Verb):
    name = "delete"

    def run(self, kc, args):
        filenames = kc.opts.get("filename", []) or []
        selector = kc.opts.get("selector", "") or ""
        all_ = bool(kc.opts.get("all", False))
        cascade = str(kc.opts.get("cascade", "background") or "background")
        if cascade in _BOOLEAN:
            kc.err(f"warning: --cascade={cascade} is deprecated (boolean value) and can be replaced with "
                   f"--cascade={_BOOLEAN[cascade]}.\n")
            cascade = _BOOLEAN[cascade]
        if cascade not in _CASCADE:
            raise base.KubectlError(f'invalid cascade value ({cascade}). Must be "background", "foreground", or "orphan"')
        grace = int(kc.opts.get("grace-period", -1))
        if kc.opts.get("now"):  # delete.go Complete: --now is a one-second grace period
            if grace != -1:
                raise base.KubectlError("--now and --grace-period cannot be specified together")
            grace = 1
        force = bool(kc.opts.get("force", False))
        if force and grace < 0:
            grace = 0
        if grace == 0 and not force:
            grace = 1  # delete.go: a zero grace period without --force means 1 second
        dry = mutating.dry_run_mode(kc)
        items: list[tuple] = []
        if filenames or kc.opts.get("kustomize"):  # -f, or -k DIR (FilenameOptions)
            for m in mutating.manifests(kc, filenames, bool(kc.opts.get("recursive", False))):
                r = mutating.resource_of(m)
                items.append((r, (m.obj.get("metadata") or {}).get("name", ""), mutating.namespace_for(kc, r, m.obj)))
        elif not args and (selector or all_):  # builder.go: a selector needs a type
            raise base.KubectlError("at least one resource must be specified to use a selector")
        elif args and (selector or all_) and all("/" not in a for a in args):
            for t in args[0].split(","):
                r = mutating.resolve_type(t)
                for o in mutating.selected(kc, r, selector):
                    items.append((r, o["metadata"]["name"], o["metadata"].get("namespace")))
        elif args:
            if len(args) == 1 and "/" not in args[0]:
                raise base.KubectlError(f'resource(s) were provided, but no name was specified')
            for r, n in mutating.targets(kc, args):
                items.append((r, n, kc.namespace if r.namespaced else None))
        else:
            raise base.no_resources()
        if not items:
            kc.err("No resources found\n" if kc.all_namespaces or not kc.namespace else
                   f"No resources found in {kc.namespace} namespace.\n")
            return 0
        if force and grace == 0:
            kc.err(FORCE_WARNING)
        client = kc.client()
        errs: list[BaseException] = []
        waiting: list[tuple] = []
        for r, name, ns in items:
            try:
                before = kc.api.get(r, name, ns)
                client.delete(r, name, ns, grace_period=None if grace < 0 else grace,
                              propagation=_CASCADE[cascade], dry_run=(dry != "none"))
                suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(dry, "")
                verb = "force deleted" if (force and grace == 0) else "deleted"
                kc.out(f'{mutating.kind_group(r)} "{name}" {verb}{suffix}\n')
                waiting.append((r, name, ns, before["metadata"].get("uid")))
            except api_errors.StatusError as e:
                errs.append(e)
        left: list[tuple] = []
        if waiting and dry == "none" and kc.opts.get("wait", True):
            # delete.go: no --timeout is a week's wait (bounded here); wait.go IsDeleted's error when it runs out.
            bound = float(kc.opts.get("timeout", 0) or 0) or timing.WAIT_BOUND
            waited = 0.0
            while True:
                kc.cluster.settle()
                left = [w for w in waiting if (o := kc.api.try_get(w[0], w[1], w[2])) is not None
                        and o["metadata"].get("uid") == w[3]]
                if not left or waited >= bound:
                    break
                timing.advance(kc.cluster, 1.0)
                waited += 1.0
        if errs:
            kc.err(base.multiple_errors(errs))
            return 1
        if left:
            r, name = left[0][0], left[0][1]
            kc.err(f"error: timed out waiting for the condition on {r.plural}{'.' + r.group if r.group else ''}/{name}\n")
            return 1
        return 0
