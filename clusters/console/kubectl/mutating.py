"""What the verbs that change things share: targets, manifests, and the lines they print.

- ``targets``: ``TYPE NAME...``, ``TYPE/NAME...``, ``-l`` selectors and ``--all``,
  resolved the way kubectl's resource builder does.
- ``manifests``: ``-f file``, ``-f dir/`` (the scratch directory's .yaml, .yml
  and .json files, sorted), ``-f -`` (stdin, e.g. a heredoc), ``-f URL``
  (offline: its host does not resolve, ``clusters.console.offline``),
  multi-document YAML and ``kind: List``.
- ``operation_line``: ``deployment.apps/web created`` (the name printer of
  k8s.io/cli-runtime/pkg/printers/name.go: lower-case kind, group, name,
  then the operation, plus `` (dry run)`` / `` (server dry run)``).
- ``print_object``: ``-o name|yaml|json`` for ``--dry-run`` and ``-o``.
"""
from __future__ import annotations

import json
from typing import Any

from clusters import objects
from clusters.apiserver import errors as api_errors, resources
from clusters.console import files, offline
from clusters.console.kubectl import base


def kind_group(obj_or_resource: Any) -> str:
    if isinstance(obj_or_resource, dict):
        kind = obj_or_resource.get("kind", "")
        av = obj_or_resource.get("apiVersion", "")
        group = av.rpartition("/")[0] if "/" in av else ""
    else:
        kind, group = obj_or_resource.kind, obj_or_resource.group
    return kind.lower() + (f".{group}" if group else "")


def dry_run_mode(kc) -> str:
    """--dry-run: none|client|server (a bare --dry-run is the deprecated "unchanged" = client)."""
    v = kc.opts.get("dry-run", "none") if kc.opts.has("dry-run") else "none"
    if v in ("", "none", "false"):
        return "none"
    if v in ("client", "true", "unchanged"):
        return "client"
    if v == "server":
        return "server"
    raise base.KubectlError(f'Invalid dry-run value ({v}). Must be "none", "server", or "client".')


def operation_line(obj_or_resource: Any, name: str, operation: str, dry_run: str = "none") -> str:
    suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(dry_run, "")
    return f"{kind_group(obj_or_resource)}/{name} {operation}{suffix}\n"


# -- targets -----------------------------------------------------------------------

def resolve_type(name: str) -> resources.Resource:
    r = resources.lookup(name)
    if r is None:
        raise base.no_resource_type(name)
    return r


def targets(kc, args: list[str]) -> list[tuple[resources.Resource, str]]:
    """(resource, name) pairs from ``TYPE NAME...`` or ``TYPE/NAME...`` (types may be comma lists)."""
    out: list[tuple[resources.Resource, str]] = []
    if not args:
        return out
    if all("/" in a for a in args):
        for a in args:
            t, _, n = a.partition("/")
            if not n:
                raise base.KubectlError(f"arguments in resource/name form must have a single resource and name")
            out.append((resolve_type(t), n))
        return out
    if any("/" in a for a in args):
        raise base.KubectlError("there is no need to specify a resource type as a separate argument when passing "
                                "arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' "
                                "instead of 'kubectl get resource resource/<resource_name>'")
    types = [resolve_type(t) for t in args[0].split(",") if t]
    for r in types:
        for n in args[1:]:
            out.append((r, n))
    return out


def namespace_for(kc, r: resources.Resource, obj: dict | None = None) -> str | None:
    if not r.namespaced:
        return None
    if isinstance(obj, dict):
        meta = obj.get("metadata")
        ns = meta.get("namespace") if isinstance(meta, dict) else None
        if ns and kc.explicit_namespace and ns != kc.namespace:
            raise base.KubectlError(f"the namespace from the provided object \"{ns}\" does not match the namespace "
                                    f"\"{kc.namespace}\". You must pass '--namespace={ns}' to perform this operation.")
        if ns:
            return ns
    return kc.namespace


def in_namespace(obj: dict, r: resources.Resource, ns: str | None) -> dict:
    """The object as the resource builder hands it on (cli-runtime's DefaultNamespace visitor): a
    namespaced object carries the namespace it goes to, so apply's last-applied annotation names it."""
    if not r.namespaced or not ns or (obj.get("metadata") or {}).get("namespace") == ns:
        return obj
    out = objects.clone(obj)
    meta = out.get("metadata")
    if not isinstance(meta, dict):
        meta = out["metadata"] = {}
    meta["namespace"] = ns
    return out


def selected(kc, r: resources.Resource, selector: str, all_: bool = False) -> list[dict]:
    ns = None if (kc.all_namespaces or not r.namespaced) else kc.namespace
    sel = None
    if selector:
        try:
            sel = objects.parse_selector(selector)
        except objects.SelectorError as e:
            raise base.KubectlError(str(e)) from None
    field = kc.opts.get("field-selector", "") if kc.opts.has("field-selector") else ""
    items = kc.api.list(r, ns, sel)
    if field:
        items = [o for o in items if _field_match(o, field)]
    return items


def _field_match(obj: dict, selector: str) -> bool:
    for part in selector.split(","):
        if not part:
            continue
        neg = "!=" in part
        k, _, v = part.partition("!=" if neg else ("==" if "==" in part else "="))
        actual = objects.get_path(obj, k.strip())
        actual = "" if actual is None else str(actual)
        if (actual == v) == neg:
            return False
    return True


# -- manifests -------------------------------------------------------------------------

def yaml_error(e: BaseException) -> str:
    """``yaml: line N: problem`` as go-yaml v2 (under sigs.k8s.io/yaml) words a parse error that
    PyYAML found: its scanner's line counted from 1 and left out on the first line, its parser's
    mark as it stands (yaml.go ``fail``), and the problems in go-yaml's words."""
    import yaml

    problem = getattr(e, "problem", None) or str(e).splitlines()[0]
    mark, context = getattr(e, "problem_mark", None), getattr(e, "context_mark", None)
    if isinstance(e, yaml.scanner.ScannerError):
        line = mark.line + 1 if mark is not None and mark.line else 0
        if problem == "mapping values are not allowed here":
            problem = "mapping values are not allowed in this context"
        elif problem.startswith("found character") and problem.endswith("that cannot start any token"):
            problem = "found character that cannot start any token"
    else:
        line = (mark.line if mark is not None else 0) or (context.line if context is not None else 0)
        if problem.startswith("expected ',' or ']'"):
            problem = "did not find expected ',' or ']'"
        elif problem.startswith("expected ',' or '}'"):
            problem = "did not find expected ',' or '}'"
        elif problem.startswith("expected the node content"):
            problem = "did not find expected node content"
        elif problem.startswith("expected <block end>"):
            collection = "block collection" in (getattr(e, "context", "") or "")
            problem = "did not find expected '-' indicator" if collection else "did not find expected key"
    return f"yaml: line {line}: {problem}" if line else f"yaml: {problem}"


class Manifest:
    __slots__ = ("obj", "source")

    def __init__(self, obj: dict, source: str):
        self.obj = obj
        self.source = source


def _decode(text: str, source: str) -> list[dict]:
    import yaml

    stripped = text.lstrip()
    docs: list[Any]
    try:
        if stripped.startswith("{") or stripped.startswith("["):
            docs = [json.loads(text)]
        else:
            docs = list(yaml.safe_load_all(text))
    except (ValueError, yaml.YAMLError) as e:
        raise base.KubectlError(f'error parsing {source}: error converting YAML to JSON: {yaml_error(e)}') from None
    out: list[dict] = []
    for d in docs:
        if d is None:
            continue
        if not isinstance(d, dict):
            raise base.KubectlError(f"error validating \"{source}\": error validating data: invalid object to validate")
        if d.get("kind") == "List" or (isinstance(d.get("kind"), str) and d["kind"].endswith("List") and "items" in d):
            for item in d.get("items") or []:
                if isinstance(item, dict):
                    out.append(item)
            continue
        out.append(d)
    return out


def manifests(kc, filenames: list[str], recursive: bool = False, allow_empty: bool = False) -> list[Manifest]:
    """The objects the files hold; none is an error unless ``allow_empty`` (kubectl diff visits nothing)."""
    out: list[Manifest] = []
    kustomize_dir = kc.opts.get("kustomize", "") or ""
    if kustomize_dir:  # -k DIR (FilenameOptions.Kustomize): what kustomize builds from it
        from clusters.console.kubectl import kustomization

        out += [Manifest(d, kustomize_dir) for d in kustomization.build(kc, kustomize_dir)]
    for fname in filenames:
        if fname in ("-", "/dev/stdin"):
            # "-" is cli-runtime's STDIN; /dev/stdin is a file like any other that reads the same input
            # (apparmor.md's ``kubectl create -f /dev/stdin <<EOF``).
            source = "STDIN" if fname == "-" else fname
            for d in _decode(kc.stdin or "", source):
                out.append(Manifest(d, source))
            continue
        if offline.is_url(fname):
            # cli-runtime's URLVisitor; the console host is offline.
            try:
                text = offline.kubectl_read(fname)
            except offline.ReadError as e:
                raise base.KubectlError(str(e)) from None
            for d in _decode(text, fname):
                out.append(Manifest(d, fname))
            continue
        cluster = kc.cluster
        if files.is_dir(cluster, fname):
            paths = [p for p in sorted(files.walk(cluster, fname) if recursive else files.listdir(cluster, fname))
                     if p.endswith((".yaml", ".yml", ".json"))]
            base_dir = fname.rstrip("/")
            for p in paths:
                full = p if p.startswith(base_dir + "/") or recursive else f"{base_dir}/{p}"
                text = files.read(cluster, full)
                if text is None:
                    continue
                for d in _decode(text, full):
                    out.append(Manifest(d, full))
            continue
        text = files.read(cluster, fname)
        if text is None:
            raise base.KubectlError(f'the path "{fname}" does not exist')
        for d in _decode(text, fname):
            out.append(Manifest(d, fname))
    if not out and filenames and not allow_empty:
        raise base.KubectlError("no objects passed to " + kc.verb.name.split()[0])
    return out


def resource_of(m: Manifest) -> resources.Resource:
    obj = m.obj
    kind = obj.get("kind")
    av = obj.get("apiVersion")
    if not kind or not isinstance(kind, str):
        raise base.KubectlError(f'error validating "{m.source}": error validating data: kind not set')
    if not av or not isinstance(av, str):
        raise base.KubectlError(f'error validating "{m.source}": error validating data: apiVersion not set')
    meta = obj.get("metadata")
    if meta is not None and not isinstance(meta, dict):
        # Client-side schema validation (kubectl validation.go) refuses a metadata that is not a map.
        got = "array" if isinstance(meta, list) else "string" if isinstance(meta, str) else "number"
        raise base.KubectlError(f'error validating "{m.source}": error validating data: ValidationError({kind}.metadata): '
                                f'invalid type for io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta: got "{got}", '
                                f'expected "map"; if you choose to ignore these errors, turn validation off with --validate=false')
    r = resources.by_kind(kind, av)
    if r is None or r.aggregated:
        group, _, version = av.rpartition("/")
        raise base.KubectlError(f'resource mapping not found for name: "{(obj.get("metadata") or {}).get("name", "")}" '
                                f'namespace: "{(obj.get("metadata") or {}).get("namespace", "")}" from "{m.source}": '
                                f'no matches for kind "{kind}" in version "{av}"\n'
                                f'ensure CRDs are installed first')
    if r.version != av.rpartition("/")[2]:
        raise base.KubectlError(f'resource mapping not found for name: "{(obj.get("metadata") or {}).get("name", "")}" '
                                f'namespace: "" from "{m.source}": no matches for kind "{kind}" in version "{av}"\n'
                                f'ensure CRDs are installed first')
    return r


def strict_check(m: Manifest, r: resources.Resource, operation: str) -> None:
    """Server-side strict field validation (fieldValidation=Strict, kubectl's default since 1.27).

    Uses the field schema shipped for ``kubectl explain`` when there is one.
    """
    unknown = unknown_fields(r.kind, m.obj)
    if unknown:
        if len(unknown) == 1:
            detail = f'unknown field "{unknown[0]}"'
        else:
            detail = ", ".join(f'unknown field "{u}"' for u in unknown)
        raise api_errors.StatusError(400, "BadRequest",
                                     f'error when {operation} "{m.source}": {r.kind} in version "{r.version}" cannot be '
                                     f'handled as a {r.kind}: strict decoding error: {detail}')


def unknown_fields(kind: str, obj: dict) -> list[str]:
    try:
        from clusters.console.kubectl import schema  # the explain engineer's shipped field schema
    except ImportError:
        return []
    fn = getattr(schema, "unknown_fields", None)
    if fn is None:
        return []
    try:
        return list(fn(kind, obj))
    except Exception:
        return []


# -- printing objects -------------------------------------------------------------------

def print_object(kc, obj: dict, fmt: str, typed: bool = False) -> None:
    """-o name|yaml|json|jsonpath|go-template for an object kubectl built or got back."""
    from clusters.console.kubectl import visiting

    kc.out(visiting.render(kc, [obj], fmt, typed=typed))
