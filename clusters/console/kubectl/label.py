"""kubectl label (kubernetes/kubectl:pkg/cmd/label/label.go).

``KEY=VALUE`` adds, ``KEY-`` removes; an existing different value needs
``--overwrite`` (``error: 'app' already has a value (web), and --overwrite is
false``). The printed operation is label.go's ``updateDataChangeMsg``:
``labeled`` when the object's JSON changed, ``not labeled`` when not, and
``unlabeled`` when it shrank without ``--overwrite``. Removing a key the
object lacks prints ``label "k" not found.`` first (not under --dry-run).
``--list`` prints ``key=value`` lines (sorted here; Go's map order is random).
"""
from __future__ import annotations

import json

from clusters import objects
from clusters.apiserver import errors as api_errors, validation
from clusters.console.kubectl import base, mutating, visiting

# annotate.go / polymorphichelpers: the change-cause annotation may always be overwritten.
CHANGE_CAUSE = "kubernetes.io/change-cause"


def resources_and_pairs(args: list[str], pair_type: str) -> tuple[list[str], list[str]]:
    """cmdutil.GetResourcesAndPairs (pkg/cmd/util/helpers.go)."""
    resources, pairs = [], []
    found = False
    for s in args:
        non_resource = ("=" in s and s[0] != "=") or (s.endswith("-") and s != "-")
        if non_resource:
            found = True
            pairs.append(s)
        elif not found:
            resources.append(s)
        else:
            raise base.KubectlError(f"all resources must be specified before {pair_type} changes: {s}")
    return resources, pairs


def _go_json_len(obj: dict) -> int:
    return len(json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode())


class Verb(base.Verb):
    name = "label"
    field = "labels"
    pair_type = "label"
    op_changed, op_unchanged, op_shrunk = "labeled", "not labeled", "unlabeled"

    # -- parsing ---------------------------------------------------------------
    def parse_pairs(self, pairs: list[str]) -> tuple[dict, list[str]]:
        """label.go parseLabels."""
        new: dict[str, str] = {}
        remove: list[str] = []
        for spec in pairs:
            if "=" in spec:
                parts = spec.split("=")
                if len(parts) != 2:
                    raise base.KubectlError(f"invalid label spec: {spec}")
                errs = validation.label_value(parts[1])
                if errs:
                    raise base.KubectlError(f'invalid label value: "{spec}": {";".join(errs)}')
                new[parts[0]] = parts[1]
            elif spec.endswith("-"):
                remove.append(spec[:-1])
            else:
                raise base.KubectlError(f"unknown label spec: {spec}")
        for k in remove:
            if k in new:
                raise base.KubectlError("can not both modify and remove a label in the same command")
        return new, remove

    def overwrite_errors(self, current: dict, new: dict) -> list[BaseException]:
        """label.go validateNoOverwrites: one error per key (sorted; Go visits its map at random)."""
        return [base.KubectlError(f"'{k}' already has a value ({current[k]}), and --overwrite is false")
                for k in sorted(new) if k in current and current[k] != new[k]]

    def operation(self, old: dict, new: dict, overwrite: bool) -> str:
        """label.go updateDataChangeMsg."""
        if old == new:
            return self.op_unchanged
        if not overwrite and _go_json_len(new) < _go_json_len(old):
            return self.op_shrunk
        return self.op_changed

    def missing_notice(self, key: str) -> str:
        return f'label "{key}" not found.\n'

    # -- running ---------------------------------------------------------------
    def run(self, kc, args):
        opts = kc.opts
        resources, pairs = resources_and_pairs(args, self.pair_type)
        new, remove = self.parse_pairs(pairs)
        fmt = visiting.output_format(kc)
        listing = bool(opts.get("list", False))
        if listing and fmt:
            raise base.KubectlError("--list and --output may not be specified together")
        dry = mutating.dry_run_mode(kc)
        all_ = bool(opts.get("all", False))
        selector = opts.get("selector", "") or ""
        field_selector = opts.get("field-selector", "") or ""
        filenames = opts.get("filename", []) or []
        local = bool(opts.get("local", False))
        overwrite = bool(opts.get("overwrite", False))
        if all_ and selector:
            raise base.KubectlError("cannot set --all and --selector at the same time")
        if all_ and field_selector:
            raise base.KubectlError("cannot set --all and --field-selector at the same time")
        if local:
            if dry == "server":
                raise base.KubectlError("cannot specify --local and --dry-run=server - did you mean --dry-run=client?")
            if resources:
                raise base.KubectlError(self.local_with_resources())
            if not filenames:
                raise base.KubectlError(self.local_without_files())
        elif not resources and not filenames:
            raise base.KubectlError("one or more resources must be specified as <resource> <name> or <resource>/<name>")
        if not new and not remove and not listing:
            raise base.KubectlError(f"at least one {self.pair_type} update is required")
        if local:
            found = [visiting.Info(mutating.resource_of(m), m.obj) for m in mutating.manifests(kc, filenames)]
            errs: list[BaseException] = []
            single = len(found) == 1
        else:
            found, errs, single = visiting.infos(kc, resources, filenames=filenames, selector=selector, all_=all_,
                                                 field_selector=field_selector, verb=self.name)
        rv = opts.get("resource-version", "") or ""
        if rv and not single:
            raise base.KubectlError("--resource-version may only be used with a single resource")
        done_errs: list[BaseException] = []
        for info in found:
            current = dict((info.obj.get("metadata") or {}).get(self.field) or {})
            if not listing and dry == "none" and not local:
                for k in remove:
                    if k not in current:
                        kc.out(self.missing_notice(k))
            if not overwrite:
                problems = self.overwrite_errors(current, new)
                if problems:
                    done_errs.extend(problems)
                    continue
            updated = objects.clone(info.obj)
            values = dict(current)
            values.update(new)
            for k in remove:
                values.pop(k, None)
            updated.setdefault("metadata", {})[self.field] = values
            op = self.operation(info.obj, updated, overwrite)
            if listing:
                self.print_list(kc, info, values, single)
                continue
            visiting.drop_empty(updated, self.field)
            if rv:
                updated["metadata"]["resourceVersion"] = rv
                if rv != info.obj["metadata"].get("resourceVersion"):
                    done_errs.append(api_errors.conflict(info.resource.qualified, info.name,
                                                         api_errors.OBJECT_MODIFIED))
                    continue
            try:
                out = updated if local else visiting.write(kc, info, updated, dry)
            except api_errors.StatusError as e:
                done_errs.append(e)
                continue
            visiting.report(kc, out, op, dry, fmt)
        return visiting.finish(kc, errs + done_errs)

    def print_list(self, kc, info, values: dict, single: bool) -> None:
        indent = ""
        if not single:
            indent = " "
            kind = info.obj.get("kind", info.resource.kind)
            kc.out(f"Listing {self.field} for {kind}.{info.resource.group}/{info.name}:\n")
        for k in sorted(values):
            kc.out(f"{indent}{k}={values[k]}\n")

    def local_with_resources(self) -> str:
        return "can only use local files by -f pod.yaml or --filename=pod.json when --local=true is set"

    def local_without_files(self) -> str:
        return "one or more files must be specified as -f pod.yaml or --filename=pod.json"
