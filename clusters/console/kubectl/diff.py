"""kubectl diff -f: the live objects against what apply would make of them (kubectl pkg/cmd/diff/diff.go).

For each object in the manifests, the live one (GET; nothing when it does not
exist) and the merged one (a server-side dry run: a create when there is no
live object, else apply's three-way patch with the live annotation left as
it is, so ``last-applied-configuration`` never shows) are written as YAML
into two temporary directories, ``/tmp/LIVE-N`` and ``/tmp/MERGED-N`` (Go's
os.MkdirTemp: the prefix and a random uint32, drawn here from the cluster's
seeded generator), one file per object named ``GROUP.VERSION.KIND.NAMESPACE.NAME``
(no group for the core group). managedFields are left out unless
``--show-managed-fields``; a Secret's data values are masked (``***``, or
``*** (before)``/``*** (after)`` where they differ). Then the console's
``diff -u -N LIVE MERGED`` runs (clusters/console/diffutils.py), or the program
``KUBECTL_EXTERNAL_DIFF`` names with those of its arguments made of letters,
digits, ``-`` and ``=``, and both directories are removed.

``--server-side`` takes the merged object from a server-side apply dry run
(under the field manager ``kubectl`` unless ``--field-manager``); ``--prune``
writes each object apply would prune into the LIVE directory only, as diff.go
prints them (managedFields and all), so they show as removed.

Exit status: 0 no differences, 1 differences, and kubectl's errors one higher
than elsewhere (helpers.go CheckDiffErr), so 2.
"""
from __future__ import annotations

import re

from clusters import objects
from clusters.apiserver import errors as api_errors
from clusters.console import files, programs
from clusters import objects as objects_
from clusters.console.kubectl import applying, base, mutating, pruning, serverside
from clusters.console.printers import yamlout

# diff.go
SENSITIVE_MASK = "***"
SENSITIVE_MASK_BEFORE = "*** (before)"
SENSITIVE_MASK_AFTER = "*** (after)"
_EXTERNAL_ARG = re.compile(r"^[a-zA-Z0-9-=]+$")


class Verb(base.Verb):
    name = "diff"
    error_exit_offset = 1

    def flag_error(self, message: str) -> str:
        # diff.go SetFlagErrorFunc: CheckDiffErr(UsageErrorf(cmd, err.Error()))
        return f"error: {message}\nSee 'kubectl diff -h' for help and examples\n"

    def run(self, kc, args):
        # DiffOptions.Complete, in its order
        if args:
            raise base.UsageError(f"Unexpected args: {base.go_list(args)}\nSee 'kubectl diff -h' for help and examples")
        filenames = kc.opts.get("filename", []) or []
        if not filenames and not kc.opts.get("kustomize", ""):
            raise base.KubectlError("must specify one of -f and -k")
        if kc.opts.get("force-conflicts", False) and not kc.opts.get("server-side", False):
            raise base.KubectlError("--force-conflicts only works with --server-side")
        show_managed = bool(kc.opts.get("show-managed-fields", False))
        allowlist = pruning.parse_allowlist(kc, kc.opts.get("prune-allowlist") or []) if kc.opts.get("prune") else None
        selector = kc.opts.get("selector", "") or ""
        sel = objects_.parse_selector(selector) if selector else None
        tracker = pruning.Tracker()
        cluster = kc.cluster
        live_dir, merged_dir = _temp_dir(cluster, "LIVE"), _temp_dir(cluster, "MERGED")  # NewDiffer, first
        try:
            # the builder visits each object; an empty manifest leaves both directories empty
            for m in mutating.manifests(kc, filenames, bool(kc.opts.get("recursive", False)), allow_empty=True):
                if sel is not None and not sel.matches(((m.obj.get("metadata") or {}).get("labels")) or {}):
                    continue
                name, live, merged = self.versions(kc, m)
                r = mutating.resource_of(m)
                tracker.visit(r, mutating.namespace_for(kc, r, m.obj), live)
                if not show_managed:
                    live, merged = _without_managed_fields(live), _without_managed_fields(merged)
                if merged.get("apiVersion") == "v1" and merged.get("kind") == "Secret":
                    live, merged = _masked(live, merged)
                # DiffVersion.Print: the file is created even for no object (nothing live), and stays empty
                files.write(cluster, f"{live_dir}/{name}", yamlout.dumps(live) if live is not None else "")
                files.write(cluster, f"{merged_dir}/{name}", yamlout.dumps(merged))
            if allowlist is not None:
                for r, ns, o in pruning.candidates(kc, tracker, allowlist, selector):
                    group = f"{r.group}." if r.group else ""
                    files.write(cluster, f"{live_dir}/{group}{r.version}.{r.kind}.{ns or ''}.{o['metadata']['name']}",
                                yamlout.dumps(o))
            return _run_diff(kc, live_dir, merged_dir)
        finally:
            files.rmdir(cluster, live_dir)
            files.rmdir(cluster, merged_dir)

    def versions(self, kc, m: mutating.Manifest) -> tuple[str, dict | None, dict]:
        """The object's file name, its live version and the merged one (InfoObject Live and Merged)."""
        r = mutating.resource_of(m)
        ns = mutating.namespace_for(kc, r, m.obj)
        local = mutating.in_namespace(m.obj, r, ns)
        name = (local.get("metadata") or {}).get("name") or ""
        for field in mutating.unknown_fields(r.kind, local):  # no fieldValidation sent: the server warns
            kc.err(f'Warning: unknown field "{field}"\n')
        client = kc.client()
        live = kc.api.try_get(r, name, ns) if name else None
        if kc.opts.get("server-side", False):  # InfoObject.Merged: an apply patch, dry run
            manager = kc.opts.get("field-manager") if kc.opts.changed("field-manager") else serverside.SERVER_SIDE_MANAGER
            # a conflict is the server's error as it is (no apply advice): Error from server (Conflict)
            merged = client.apply(r, name, local, ns, field_manager=manager, dry_run=True,
                                  force=bool(kc.opts.get("force-conflicts", False)))
            live = objects.clone(live) if live is not None else None
        elif live is None:
            merged = client.create(r, local, ns, dry_run=True)
        else:
            live = objects.clone(live)
            if not applying.patch_of(live, local, annotate=False):
                merged = objects.clone(live)  # patcher.go: an empty patch is not sent
            else:
                try:
                    merged = client.update(r, applying.apply_to(live, local, annotate=False), dry_run=True)
                except api_errors.StatusError as e:  # patcher.go Patch: cmdutil.AddSourceToErr("patching", ...)
                    if e.message.startswith("error when"):
                        raise
                    raise api_errors.StatusError(e.code, e.reason, f'error when patching "{m.source}": {e.message}',
                                                 e.details) from None
        if live is not None:
            serverside.warn_if_deleting(kc, live)  # apply.WarnIfDeleting
        group = f"{r.group}." if r.group else ""
        return f"{group}{r.version}.{r.kind}.{ns or ''}.{name}", live, objects.clone(merged)


def _temp_dir(cluster, prefix: str) -> str:
    """os.MkdirTemp("", prefix+"-"): $TMPDIR/prefix-<random uint32>, made afresh."""
    while True:
        path = f"/tmp/{prefix}-{cluster.rand.randint(0, 2**32 - 1)}"
        if not files.exists(cluster, path):
            files.mkdir(cluster, path)
            return path


def _without_managed_fields(obj: dict | None) -> dict | None:
    if obj is None or "managedFields" not in (obj.get("metadata") or {}):
        return obj
    out = dict(obj)
    out["metadata"] = {k: v for k, v in obj["metadata"].items() if k != "managedFields"}
    return out


def _masked(live: dict | None, merged: dict) -> tuple[dict | None, dict]:
    """diff.go Masker: every data value of a Secret hidden, with (before)/(after) where they differ."""
    before = dict((live or {}).get("data") or {}) if live is not None and "data" in live else None
    after = dict(merged.get("data") or {}) if "data" in merged else None
    for k in list(before or {}):
        if after is not None and k in after:
            if before[k] != after[k]:
                before[k], after[k] = SENSITIVE_MASK_BEFORE, SENSITIVE_MASK_AFTER
                continue
            after[k] = SENSITIVE_MASK
        before[k] = SENSITIVE_MASK
    for k in list(after or {}):
        if before is None or k not in before:
            after[k] = SENSITIVE_MASK
    if before is not None:
        live = {**live, "data": before}
    if after is not None:
        merged = {**merged, "data": after}
    return live, merged


def _run_diff(kc, live_dir: str, merged_dir: str) -> int:
    """DiffProgram.Run: diff's own exit status 0 or 1 is kubectl's; anything else is an error."""
    external = (kc.ctx.env.get("KUBECTL_EXTERNAL_DIFF") or "")
    args = [live_dir, merged_dir]
    if external:
        words = external.split(" ")
        command = words[0]
        args += [w for w in words[1:] if _EXTERNAL_ARG.match(w)]
    else:
        command = "diff"
        args = ["-u", "-N"] + args
    # exec.Command: a bare name is looked up in $PATH (the console's programs), a path is run as is
    directory, _, base_name = command.rpartition("/")
    program = programs.find(base_name) if directory in ("", "/bin", "/usr/bin") else None
    if program is None:
        if not command:
            raise base.KubectlError('failed to run "": exec: no command')
        if directory:
            raise base.KubectlError(f'failed to run "{command}": fork/exec {command}: no such file or directory')
        raise base.KubectlError(f'failed to run "{command}": exec: "{command}": executable file not found in $PATH')
    status = program(programs.Context(kc.ctx.console, "", kc.out, kc.err), args)
    status = 0 if status is None else int(status)
    if status > 1:
        raise base.KubectlError(f'failed to run "{command}": exit status {status}')
    return status
