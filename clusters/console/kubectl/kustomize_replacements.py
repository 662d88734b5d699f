"""A kustomization's ``replacements`` and its deprecated ``vars``, as kustomize v5.5.0 (kubectl 1.32's)
runs them.

``replacements`` (api/filters/replacement/replacement.go) copy one field of one object (the
source) into fields of others (the targets) once every other transformer of the kustomization has
run. A source must select exactly one object; a target's field must exist unless ``create`` is set.
Field paths are kyaml's (kyaml/yaml/fns.go PathMatcher): dotted names, ``[name=value]`` for the
element of a list whose field has that value, ``[=value]`` for a list's scalar, an index, ``*`` for
every element. ``options.delimiter``/``index`` read or write one part of a delimited string.

``vars`` (api/internal/accumulator/resaccumulator.go, refvartransformer.go, api/filters/refvar)
name a field of an object; ``$(NAME)`` in the places kustomize's varReference field specs list
(api/internal/konfig/builtinpluginconsts/varreference.go: container command, args, env values,
mount paths, Service ports, Ingress hosts, any label or annotation) becomes that field's value as it
is at the very end of the build, so after every prefix, namespace and hash. ``$$`` escapes a ``$``;
a ``$(X)`` naming no var stays as it is, as Kubernetes' own expansion leaves it.
"""
from __future__ import annotations

import copy
import re

import yaml

from clusters import objects
from clusters.console import files
from clusters.console.kubectl import base, klog

REFVARS = "\x00refvars"  # the var names an object answers, as resource.AppendRefVarName keeps them

_SEGMENT = re.compile(r"\[[^\]]*\]|[^.\[\]]+")


def split_path(path: str) -> list[str]:
    """kyaml's SmarterPathSplitter: dots split, but not inside ``[...]``; ``a[0]`` is ``a``, ``0``
    (convertSliceIndex)."""
    return [part[1:-1] if part[1:-1].isdigit() and part[0] == "[" else part for part in _SEGMENT.findall(path)]


def _element_match(seg: str):
    """``[key=value]`` -> (key, value); None for a plain segment."""
    if seg.startswith("[") and seg.endswith("]") and "=" in seg:
        key, _, value = seg[1:-1].partition("=")
        return key, value
    return None


def scalar_text(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return "" if v is None else str(v)


def _as_yaml(text: str):
    """A new list element's key, typed as YAML reads the text (``80`` is a number)."""
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    return value if isinstance(value, (str, int, float, bool)) else text


def _match(node, segs: list[str], create=None) -> list:
    """The (parent, key) slots the path reaches from ``node``; ``create`` (the value's type) makes
    missing fields on the way, as PathMatcher{Create} does."""
    slots = [(None, None, node)]
    for i, seg in enumerate(segs):
        last = i == len(segs) - 1
        nxt = []
        for _parent, _key, cur in slots:
            pair = _element_match(seg)
            if pair is not None:
                if not isinstance(cur, list):
                    continue
                k, v = pair
                hits = [j for j, e in enumerate(cur) if (isinstance(e, dict) and k and scalar_text(e.get(k)) == v)
                        or (not k and not isinstance(e, (dict, list)) and scalar_text(e) == v)]
                if not hits and create is not None and k:
                    cur.append({k: _as_yaml(v)})
                    hits = [len(cur) - 1]
                nxt += [(cur, j, cur[j]) for j in hits]
            elif seg == "*":
                if isinstance(cur, list):
                    nxt += [(cur, j, e) for j, e in enumerate(cur)]
                elif isinstance(cur, dict):
                    nxt += [(cur, k, e) for k, e in cur.items()]
            elif isinstance(cur, list):
                if seg.isdigit() and int(seg) < len(cur):
                    nxt.append((cur, int(seg), cur[int(seg)]))
            elif isinstance(cur, dict):
                if seg not in cur and create is not None:  # a list where the next step indexes one
                    cur[seg] = create() if last else [] if segs[i + 1].startswith("[") or segs[i + 1] == "*" else {}
                if seg in cur:
                    nxt.append((cur, seg, cur[seg]))
        slots = nxt
    return [(p, k) for p, k, _ in slots if p is not None]


def _resid(sel: dict) -> str:
    """resid.ResId.String(): Kind.version.group/name.namespace with [noX] for what is unset."""
    group, _, version = (sel.get("apiVersion") or "").rpartition("/") if sel.get("apiVersion") else ("", "", "")
    group, version = sel.get("group") or group, sel.get("version") or version
    return (f"{sel.get('kind') or '[noKind]'}.{version or '[noVer]'}.{group or '[noGrp]'}/"
            f"{sel.get('name') or '[noName]'}.{sel.get('namespace') or '[noNs]'}")


def _selected(obj: dict, sel: dict, original_key: str) -> bool:
    """ResId.IsSelectedBy over the object's current and earlier names (utils.MakeResIds)."""
    group, _, version = (obj.get("apiVersion") or "").rpartition("/")
    meta = obj.get("metadata") or {}
    if sel.get("kind") and sel["kind"] != obj.get("kind"):
        return False
    if sel.get("group") and sel["group"] != group:
        return False
    if sel.get("version") and sel["version"] != version:
        return False
    if sel.get("name") and sel["name"] not in (meta.get("name"), obj.get(original_key)):
        return False
    return not sel.get("namespace") or sel["namespace"] == (meta.get("namespace") or "default")


def _labelled(obj: dict, sel: dict) -> bool:
    meta = obj.get("metadata") or {}
    try:
        return (objects.parse_selector(sel.get("labelSelector") or "").matches(meta.get("labels") or {})
                and objects.parse_selector(sel.get("annotationSelector") or "").matches(meta.get("annotations") or {}))
    except objects.SelectorError as e:
        raise base.KubectlError(str(e)) from None


def _trouble(entries: list, message: str) -> base.KubectlError:
    """kusttarget_configplugin.go: a builtin plugin's Config error, with the config it was given."""
    from clusters.console.printers import yamlout

    return base.KubectlError(f"trouble configuring builtin ReplacementTransformer with config: `\n"
                             f"{yamlout.dumps({'Replacements': entries})}`: {message}")


def _load(kc, root: str, entries: list) -> list[dict]:
    """ReplacementTransformer.Config: inline entries, or a ``path`` holding one or a list."""
    out = []
    for r in entries or ():
        r = r if isinstance(r, dict) else {}
        if r.get("path") and (r.get("source") or r.get("targets")):
            raise _trouble(entries, "cannot specify both path and inline replacement")
        if not r.get("path"):
            out.append(r)
            continue
        text = files.read(kc.cluster, f"{root}/{r['path']}" if not str(r["path"]).startswith("/") else r["path"])
        if text is None:
            where = files.absolute(kc.cluster, f"{root}/{r['path']}")
            raise _trouble(entries, f"evalsymlink failure on '{where}' : lstat {where}: no such file or directory")
        doc = yaml.safe_load(text)
        if isinstance(doc, list):
            out += [d for d in doc if isinstance(d, dict)]
        elif isinstance(doc, dict):
            out.append(doc)
        else:
            kind = "string" if isinstance(doc, str) else type(doc).__name__
            raise base.KubectlError(f"unsupported replacement type encountered within replacement path: {kind}")
    return out


def _options(sel: dict) -> tuple[str, int, bool]:
    o = sel.get("options") or {}
    return str(o.get("delimiter") or ""), int(o.get("index") or 0), bool(o.get("create"))


def _source_text(source: dict) -> str:
    """SourceSelector.String(): the resid, then ``:fieldPath`` and the options when set."""
    parts = [_resid(source)]
    if source.get("fieldPath"):
        parts.append(source["fieldPath"])
    delim, index, create = _options(source)
    if delim or create:
        parts.append(f"{delim}({index}), create={'true' if create else 'false'}")
    return ":".join(parts)


def _source_value(objs: list[dict], source: dict, original_key: str):
    hits = [o for o in objs if _selected(o, source, original_key)]
    if len(hits) > 1:
        raise base.KubectlError(f"multiple matches for selector {_source_text(source)}")
    if not hits:
        raise base.KubectlError(f"nothing selected by {_source_text(source)}")
    path = source.get("fieldPath") or "metadata.name"
    slots = _match(hits[0], split_path(path))
    value = slots[0][0][slots[0][1]] if slots else None
    if value in (None, "", [], {}):
        raise base.KubectlError(f"fieldPath `{path}` is missing for replacement source {_resid(source)}")
    delim, index, _ = _options(source)
    if not delim:
        return value
    if isinstance(value, (dict, list)):
        raise base.KubectlError("delimiter option can only be used with scalar nodes")
    parts = scalar_text(value).split(delim)
    if not 0 <= index < len(parts):
        raise base.KubectlError(f"options.index {index} is out of bounds for value {scalar_text(value)}")
    return parts[index]


def _set(parent, key, value, delim: str, index: int) -> None:
    current = parent[key]
    if delim:
        if isinstance(current, (dict, list)):
            raise base.KubectlError("delimiter option can only be used with scalar nodes")
        parts = scalar_text(current).split(delim)
        text = scalar_text(value)
        if index < 0:
            parts.insert(0, text)
        elif index >= len(parts):
            parts.append(text)
        else:
            parts[index] = text
        value = delim.join(parts)
    if isinstance(current, (dict, list)) or isinstance(value, (dict, list)):
        parent[key] = copy.deepcopy(value)
    else:
        parent[key] = _retyped(scalar_text(value), current)


def _retyped(text: str, like):
    """setFieldValue copies a scalar's text and keeps the target's type (an int stays an int)."""
    if isinstance(like, bool):
        return {"true": True, "false": False}.get(text, text)
    for kind in (int, float):
        if isinstance(like, kind):
            try:
                return kind(text)
            except ValueError:
                return text
    return text


def replacements(kc, root: str, k: dict, objs: list[dict], original_key: str) -> None:
    for r in _load(kc, root, k.get("replacements")):
        if not r.get("source") or not r.get("targets"):
            raise base.KubectlError("replacements must specify a source and at least one target")
        value = _source_value(objs, r["source"], original_key)
        for target in r["targets"]:
            if not (target or {}).get("select"):
                raise base.KubectlError("target must specify resources to select")
            delim, index, create = _options(target)
            rejects = target.get("reject") or ()
            for obj in objs:
                if not _labelled(obj, target["select"]) or any(
                        (rj.get("labelSelector") or rj.get("annotationSelector")) and _labelled(obj, rj)
                        for rj in rejects):
                    continue
                if not _selected(obj, target["select"], original_key) or any(
                        any(rj.get(f) for f in ("kind", "group", "version", "name", "namespace"))
                        and _selected(obj, rj, original_key) for rj in rejects):
                    continue
                for path in target.get("fieldPaths") or ["metadata.name"]:
                    made = (lambda: copy.deepcopy(value)) if create else None
                    slots = _match(obj, split_path(path), made)
                    if not slots:
                        verb = "find or create" if create else "find"
                        raise base.KubectlError(f'unable to {verb} field "{path}" in replacement target')
                    for parent, key in slots:
                        _set(parent, key, value, delim, index)


# varreference.go: where $(VAR) is replaced, by kind; "" is every kind.
_TEMPLATE_FIELDS = ("spec/containers/args", "spec/containers/command", "spec/containers/env/value",
                    "spec/containers/volumeMounts/mountPath", "spec/initContainers/args",
                    "spec/initContainers/command", "spec/initContainers/env/value",
                    "spec/initContainers/volumeMounts/mountPath")
VAR_REFERENCES = {
    "": ("metadata/labels", "metadata/annotations"),
    "Pod": _TEMPLATE_FIELDS + ("spec/volumes/nfs/server",),
    **{kind: tuple(f"spec/template/{f}" for f in _TEMPLATE_FIELDS) + ("spec/template/spec/volumes/nfs/server",)
       for kind in ("Deployment", "ReplicaSet", "DaemonSet", "Job")},
    "StatefulSet": tuple(f"spec/template/{f}" for f in _TEMPLATE_FIELDS) + ("spec/volumeClaimTemplates/spec/nfs/server",),
    "CronJob": tuple(f"spec/jobTemplate/spec/template/{f}" for f in _TEMPLATE_FIELDS)
    + ("spec/jobTemplate/spec/template/volumes/nfs/server",),
    "Service": ("spec/ports/port", "spec/ports/targetPort"),
    "Ingress": ("spec/rules/host", "spec/tls/hosts", "spec/tls/secretName"),
    "PersistentVolume": ("spec/nfs/server",),
}


def _get_ci(d: dict, key: str):
    """encoding/json matches a struct's field names without regard to case (objref, objRef)."""
    return next((v for k, v in d.items() if isinstance(k, str) and k.lower() == key.lower()), None)


def _go_var(v: dict, defaulted: bool = False) -> str:
    """fmt's %v of a types.Var: ``{Name Kind.version.group {FieldPath}}`` (Target's String is its
    embedded Gvk's). Var.Defaulting fills the field path and, through Target.GVK(), the group and
    version from apiVersion; the vars a kustomization lists are shown as written."""
    ref = _get_ci(v, "objref") or {}
    group, version = _get_ci(ref, "group") or "", _get_ci(ref, "version") or ""
    field_path = _get_ci(_get_ci(v, "fieldref") or {}, "fieldPath") or ""
    if defaulted:
        api_group, _, api_version = str(_get_ci(ref, "apiVersion") or "").rpartition("/")
        group, version = api_group or group, api_version or version
        field_path = field_path or "metadata.name"
    gvk = f"{_get_ci(ref, 'kind') or '[noKind]'}.{version or '[noVer]'}.{group or '[noGrp]'}"
    return f"{{{v.get('name', '')} {gvk} {{{field_path}}}}}"


def declare_vars(k: dict, objs: list[dict], declared: list[dict], original_key: str) -> None:
    """ResAccumulator.MergeVars, after the kustomization's transformers: tie each var to the one object
    it names; a name declared twice is an error, as varSet.Merge says. Errors are wrapped as
    accumulateTarget wraps them."""
    def wrapped(message: str) -> base.KubectlError:
        return base.KubectlError(f"merging vars [{' '.join(_go_var(v) for v in k['vars'])}]: {message}")

    for v in k.get("vars") or ():
        v = v if isinstance(v, dict) else {}
        ref = _get_ci(v, "objref") or {}
        group, _, version = str(_get_ci(ref, "apiVersion") or "").rpartition("/")
        sel = {"kind": _get_ci(ref, "kind"), "name": _get_ci(ref, "name"), "namespace": _get_ci(ref, "namespace"),
               "group": _get_ci(ref, "group") or group, "version": _get_ci(ref, "version") or version}
        hits = [o for o in objs if _selected(o, sel, original_key)]
        if len(hits) > 1:
            raise wrapped(f"found {len(hits)} resId matches for var {_go_var(v)} (unable to disambiguate)")
        if hits:
            hits[0].setdefault(REFVARS, []).append(v.get("name"))
        if any(d.get("name") == v.get("name") for d in declared):
            raise wrapped(f"var '{v.get('name')}' already encountered")
        declared.append(v)


def _field_path(v: dict) -> str:
    return _get_ci(_get_ci(v, "fieldref") or {}, "fieldPath") or "metadata.name"  # Var.Defaulting


def _var_values(objs: list[dict], declared: list[dict]) -> dict:
    """makeVarReplacementMap over the vars in name order (VarSet.AsSlice): each var's field, read
    from the object that answers it."""
    values = {}
    for v in sorted(declared, key=lambda d: str(d.get("name"))):
        shown = _go_var(v, defaulted=True)
        owner = next((o for o in objs if v.get("name") in (o.get(REFVARS) or ())), None)
        if owner is None:
            raise base.KubectlError(f"var '{shown}' cannot be mapped to a field in the set of known resources")
        slots = _match(owner, split_path(_field_path(v)))
        if not slots:
            raise base.KubectlError(f"field specified in var '{shown}' not found in corresponding resource")
        values[v.get("name")] = slots[0][0][slots[0][1]]
    return values


def _expand(text: str, values: dict, used: set):
    """refvar.DoReplacements: ``$(NAME)`` -> its value (the value itself when it is the whole string),
    ``$$`` -> ``$``, anything else kept."""
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "$" and i + 1 < len(text):
            if text[i + 1] == "$":
                out.append("$")
                i += 2
                continue
            if text[i + 1] == "(":
                end = text.find(")", i + 2)
                if end >= 0:
                    name = text[i + 2:end]
                    known = name in values and isinstance(values[name], (str, int, float, bool))
                    if known:
                        used.add(name)
                    if known and text == f"$({name})":
                        return values[name]
                    out.append(scalar_text(values[name]) if known else f"$({name})")
                    i = end + 1
                    continue
                out.append("$(")
                i += 2
                continue
        out.append(c)
        i += 1
    return "".join(out)


def _replace_at(node, segs: list[str], values: dict, used: set) -> None:
    if isinstance(node, list):
        for item in node:
            _replace_at(item, segs, values, used)
        return
    if not isinstance(node, dict) or not segs or segs[0] not in node:
        return
    key, rest = segs[0], segs[1:]
    if rest:
        _replace_at(node[key], rest, values, used)
        return
    value = node[key]
    if isinstance(value, str):
        node[key] = _expand(value, values, used)
    elif isinstance(value, list):
        node[key] = [_expand(v, values, used) if isinstance(v, str) else v for v in value]
    elif isinstance(value, dict):
        node[key] = {k: _expand(v, values, used) if isinstance(v, str) else v for k, v in value.items()}


def resolve_vars(kc, objs: list[dict], declared: list[dict]) -> None:
    """ResAccumulator.ResolveVars, run once the whole build has been transformed."""
    if declared:
        values, used = _var_values(objs, declared), set()
        for obj in objs:
            for path in VAR_REFERENCES[""] + VAR_REFERENCES.get(obj.get("kind"), ()):
                _replace_at(obj, path.split("/"), values, used)
        unused = sorted(set(values) - used)
        if unused:  # log.Printf, which kubectl sends through klog
            kc.err(klog.line("I", kc.now, klog.pid(kc.now), "log.go:245",
                             f"well-defined vars that were never replaced: {','.join(unused)}"))
    for obj in objs:
        obj.pop(REFVARS, None)
