"""kubectl replace -f (kubernetes/kubectl:pkg/cmd/replace/replace.go).

Each object in the manifests replaces the live one (PUT; a manifest without
``resourceVersion`` takes the live one's, as resource.Helper.Replace with
overwrite does) and prints ``deployment.apps/web replaced``. API errors gain
``error when replacing "web.yaml": `` (helpers.go AddSourceToErr).
``--force`` deletes each object (``deployment.apps "web" deleted``), waits in
virtual time until it is gone, then creates it again (``... replaced``).
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import errors as api_errors
from clusters.console import timing
from clusters.console.kubectl import applying, base, mutating, visiting


def _with_source(e: api_errors.StatusError, source: str) -> api_errors.StatusError:
    if not source or e.message.startswith("error when"):
        return e
    return api_errors.StatusError(e.code, e.reason, f'error when replacing "{source}": {e.message}', e.details)


class Verb(base.Verb):
    name = "replace"

    def run(self, kc, args):
        opts = kc.opts
        visiting.check_output(kc)  # replace.go Complete builds the printer first
        force = bool(opts.get("force", False))
        dry = mutating.dry_run_mode(kc)
        if int(opts.get("grace-period", -1)) >= 0 and not force:
            raise base.KubectlError("--grace-period must have --force specified")
        if float(opts.get("timeout", 0) or 0) and not force:
            raise base.KubectlError("--timeout must have --force specified")
        if force and dry != "none":
            raise base.KubectlError("--dry-run can not be used when --force is set")
        filenames = opts.get("filename", []) or []
        if not filenames:
            raise base.KubectlError("must specify one of -f and -k")  # FilenameOptions.RequireFilenameOrKustomize
        ms = mutating.manifests(kc, filenames, bool(opts.get("recursive", False)))
        if force:
            return self.force_replace(kc, ms)
        fmt = visiting.output_format(kc)
        errs: list[BaseException] = []
        client = kc.client()
        for m in ms:
            try:
                r = mutating.resource_of(m)
                ns = mutating.namespace_for(kc, r, m.obj)
                obj = self.prepared(kc, m)
                if dry == "client":
                    out = obj
                else:
                    mutating.strict_check(m, r, "replacing")
                    name = (obj.get("metadata") or {}).get("name", "")
                    live = kc.api.get(r, name, ns)
                    obj = objects.clone(obj)
                    meta = obj.setdefault("metadata", {})
                    if ns:
                        meta["namespace"] = ns
                    if not meta.get("resourceVersion"):
                        meta["resourceVersion"] = live["metadata"].get("resourceVersion")
                    out = client.update(r, obj, dry_run=(dry == "server"))
            except api_errors.StatusError as e:
                errs.append(_with_source(e, m.source))
                continue
            except base.KubectlError as e:
                errs.append(e)
                continue
            visiting.report(kc, out, "replaced", dry, fmt)
        return visiting.finish(kc, errs)

    def prepared(self, kc, m) -> dict:
        if kc.opts.get("save-config", False):
            return applying.with_annotation(m.obj)
        return m.obj

    def force_replace(self, kc, ms) -> int:
        client = kc.client()
        errs: list[BaseException] = []
        gone: list[tuple] = []
        grace = int(kc.opts.get("grace-period", -1))
        for m in ms:
            r = mutating.resource_of(m)
            ns = mutating.namespace_for(kc, r, m.obj)
            name = (m.obj.get("metadata") or {}).get("name", "")
            try:
                live = kc.api.get(r, name, ns)
                client.delete(r, name, ns, grace_period=None if grace < 0 else grace, propagation="Background")
                kc.out(f'{mutating.kind_group(r)} "{name}" deleted\n')
                gone.append((r, name, ns, live["metadata"].get("uid")))
            except api_errors.StatusError as e:
                if e.code != 404:
                    errs.append(e)
        # replace.go: poll every second until each is gone (timeout 5m unless --timeout)
        bound = float(kc.opts.get("timeout", 0) or 0) or 300.0
        waited = 0.0
        while gone and waited < min(bound, timing.WAIT_BOUND):
            kc.cluster.settle()
            gone = [g for g in gone if (o := kc.api.try_get(g[0], g[1], g[2])) is not None
                    and o["metadata"].get("uid") == g[3]]
            if not gone:
                break
            timing.advance(kc.cluster, 1.0)
            waited += 1.0
        if gone:
            r, name, _, _ = gone[0]
            errs.append(base.KubectlError("timed out waiting for the condition"))
            return visiting.finish(kc, errs)
        fmt = visiting.output_format(kc)
        for m in ms:
            try:
                r = mutating.resource_of(m)
                ns = mutating.namespace_for(kc, r, m.obj)
                obj = objects.clone(self.prepared(kc, m))
                obj.get("metadata", {}).pop("resourceVersion", None)
                out = client.create(r, obj, ns)
            except api_errors.StatusError as e:
                errs.append(e)
                continue
            visiting.report(kc, out, "replaced", "none", fmt)
        return visiting.finish(kc, errs)
