"""kubectl taint NODE KEY[=VALUE]:EFFECT ... (kubernetes/kubectl:pkg/cmd/taint/taint.go, utils.go).

``key=value:Effect`` adds, ``key:Effect-`` or ``key-`` removes. The printed
operation is utils.go ``reorganizeTaints``: ``tainted`` when taints were
added, ``untainted`` when removed, ``modified`` when both or with
``--overwrite``. Adding a key/effect the node already has needs
``--overwrite``; removing one it lacks is ``error: taint "k:NoSchedule" not
found``.
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import errors as api_errors, resources as resources_, validation
from clusters.console.kubectl import base, builder, mutating, visiting

EFFECTS = ("NoSchedule", "PreferNoSchedule", "NoExecute")


def taint_string(t: dict) -> str:
    """core/v1 Taint.ToString."""
    key, value, effect = t.get("key", ""), t.get("value", ""), t.get("effect", "")
    if not effect:
        return f"{key}={value}:" if value else key
    return f"{key}={value}:{effect}" if value else f"{key}:{effect}"


def parse_taint(st: str) -> dict:
    """utils.go parseTaint: ``key=value:effect``, ``key:effect`` or ``key``."""
    parts = st.split(":")
    value = effect = ""
    if len(parts) == 1:
        key = parts[0]
    elif len(parts) == 2:
        effect = parts[1]
        if effect not in EFFECTS:
            raise ValueError(f"invalid taint effect: {effect}, unsupported taint effect")
        kv = parts[0].split("=")
        if len(kv) > 2:
            raise ValueError(f"invalid taint spec: {st}")
        key = kv[0]
        if len(kv) == 2:
            value = kv[1]
            errs = validation.label_value(value)
            if errs:
                raise ValueError(f"invalid taint spec: {st}, {'; '.join(errs)}")
    else:
        raise ValueError(f"invalid taint spec: {st}")
    errs = validation.qualified_name(key)
    if errs:
        raise ValueError(f"invalid taint spec: {st}, {'; '.join(errs)}")
    t = {"key": key}
    if value:
        t["value"] = value
    if effect:
        t["effect"] = effect
    return t


def parse_taints(specs: list[str]) -> tuple[list[dict], list[dict]]:
    add, remove = [], []
    seen: set[tuple[str, str]] = set()
    for spec in specs:
        if spec.endswith("-"):
            t = parse_taint(spec[:-1])
            remove.append({k: v for k, v in t.items() if k != "value"})
            continue
        t = parse_taint(spec)
        if not t.get("effect"):
            raise ValueError(f"invalid taint spec: {spec}")
        if (t["effect"], t["key"]) in seen:
            # Go's %v of a v1.Taint value: {Key Value Effect TimeAdded}
            raise ValueError(f"duplicated taints with the same key and effect: "
                             f"{{{t['key']} {t.get('value', '')} {t['effect']} <nil>}}")
        seen.add((t["effect"], t["key"]))
        add.append(t)
    return add, remove


def _match(a: dict, b: dict) -> bool:
    """Taint.MatchTaint: same key and effect."""
    return a.get("key") == b.get("key") and a.get("effect", "") == b.get("effect", "")


def reorganize(old: list[dict], overwrite: bool, add: list[dict], remove: list[dict]) -> tuple[str, list[dict], list[str]]:
    new = [dict(t) for t in add]
    for o in old:
        if not any(_match(t, o) for t in new):
            new.append(objects.clone(o))
    added = len(old) != len(new)
    errs = []
    removed = False
    for r in remove:
        before = len(new)
        if r.get("effect"):
            new = [t for t in new if not _match(r, t)]
        else:
            new = [t for t in new if t.get("key") != r.get("key")]
        removed = len(new) != before
        if not removed:
            errs.append(f'taint "{taint_string(r)}" not found')
    if (added and removed) or overwrite:
        op = "modified"
    elif added:
        op = "tainted"
    else:
        op = "untainted"
    return op, new, errs


class Verb(base.Verb):
    name = "taint"

    def run(self, kc, args):
        opts = kc.opts
        resources, specs = [], []
        met = False
        for s in args:
            is_taint = "=" in s or ":" in s or s.endswith("-")
            if is_taint:
                met = True
                specs.append(s)
            elif not met:
                resources.append(s)
            else:
                raise base.KubectlError(f"all resources must be specified before taint changes: {s}")
        dry = mutating.dry_run_mode(kc)
        if not resources:
            raise base.KubectlError("one or more resources must be specified as <resource> <name>")
        if not specs:
            raise base.KubectlError("at least one taint update is required")
        try:
            add, remove = parse_taints(specs)
        except ValueError as e:
            raise base.UsageError(f"{e}\nSee 'kubectl taint -h' for help and examples") from None
        rtype = resources[0].lower()
        r = resources_.lookup(rtype)
        if r is None:  # explain.SplitAndParseResourceRequest's NoResourceMatchError, printed bare
            raise base.KubectlError(base.no_resource_type(rtype).message, raw=True)
        if r.kind != "Node":
            raise base.KubectlError(f"invalid resource type {rtype}, only node types are supported")
        conflicts = [f"{d['key']}={d.get('effect', '')}" for a in add for d in remove
                     if a["key"] == d["key"] and (not d.get("effect") or a["effect"] == d.get("effect"))]
        if conflicts:
            raise base.KubectlError("can not both modify and remove the following taint(s) in the same command: "
                                    + ", ".join(conflicts))
        all_ = bool(opts.get("all", False))
        selector = opts.get("selector", "") or ""
        if all_ and selector:
            raise base.KubectlError("setting 'all' parameter with a non empty selector is prohibited")
        if not all_ and not selector and len(resources) < 2:
            raise base.KubectlError("at least one resource name must be specified since 'all' parameter is not set")
        if all_ or selector:
            found = [visiting.Info(r, o) for o in builder.list_objects(kc, r, selector)]
            errs: list[BaseException] = []
        else:
            found, errs, _ = visiting.infos(kc, ["nodes"] + resources[1:])
        overwrite = bool(opts.get("overwrite", False))
        for info in found:
            node = info.obj
            old = list((node.get("spec") or {}).get("taints") or [])
            if not overwrite:
                exists = [a["key"] for a in add for o in old if a["key"] == o.get("key") and a["effect"] == o.get("effect")]
                if exists:
                    errs.append(base.KubectlError(f"node {info.name} already has {','.join(exists)} taint(s) with same "
                                                  "effect(s) and --overwrite is false"))
                    continue
            op, new_taints, problems = reorganize(old, overwrite, add, remove)
            if problems:
                errs.extend(base.KubectlError(p) for p in problems)
                continue
            updated = objects.clone(node)
            spec = updated.setdefault("spec", {})
            if new_taints:
                spec["taints"] = new_taints
            else:
                spec.pop("taints", None)
            try:
                out = visiting.write(kc, info, updated, dry)
            except api_errors.StatusError as e:
                errs.append(e)
                continue
            # taint.go sets the name printer's operation after the dry-run suffix was decided: 1.32 prints none.
            visiting.report(kc, out, op, "none")
        return visiting.finish(kc, errs)
