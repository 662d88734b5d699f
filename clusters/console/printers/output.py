"""``-o`` for every verb that prints objects: yaml, json, name, jsonpath,
custom-columns, go-template (and their -file forms).

Follows k8s.io/cli-runtime/pkg/genericclioptions/print_flags.go (the
allowed formats and the "unable to match a printer" error) and
kubectl's get.go for lists: several objects, or a type with no name, print
as a ``kind: List`` with ``metadata.resourceVersion: ""``; one named object
prints as itself. ``managedFields`` are hidden from yaml and json unless
``--show-managed-fields`` (json_yaml_flags.go wraps only those printers in an
OmitManagedFieldsPrinter, so jsonpath and templates still see them).
"""
from __future__ import annotations

from clusters.console import files
from clusters.console.printers import gotemplate, jsonout, jsonpath, tabwriter, yamlout

ALLOWED = ("custom-columns", "custom-columns-file", "go-template", "go-template-file", "json", "jsonpath",
           "jsonpath-as-json", "jsonpath-file", "name", "template", "templatefile", "wide", "yaml")
# The verbs that print what they did (create, run, expose, set, ...) have no table printer.
OBJECT_FORMATS = tuple(f for f in ALLOWED if f not in ("custom-columns", "custom-columns-file", "wide"))


class PrintError(Exception):
    pass


def split_format(fmt: str) -> tuple[str, str]:
    kind, eq, arg = fmt.partition("=")
    return kind, arg


def check_format(fmt: str, allowed: tuple[str, ...] = ALLOWED) -> None:
    kind, _ = split_format(fmt)
    if fmt and kind not in allowed:
        raise PrintError(f'unable to match a printer suitable for the output format "{fmt}", allowed formats are: '
                         + ",".join(sorted(a for a in allowed)))


def strip_managed(obj: dict) -> dict:
    m = obj.get("metadata")
    if isinstance(m, dict) and "managedFields" in m:
        obj = dict(obj)
        obj["metadata"] = {k: v for k, v in m.items() if k != "managedFields"}
    return obj


def as_list(objs: list[dict], strip: bool = True) -> dict:
    return {"apiVersion": "v1", "items": [strip_managed(o) if strip else o for o in objs], "kind": "List",
            "metadata": {"resourceVersion": ""}}


def _read_arg(cluster, kind: str, arg: str) -> str:
    if kind.endswith("-file") or kind == "templatefile":
        text = files.read(cluster, arg)
        if text is None:
            raise PrintError(f"open {arg}: no such file or directory")
        return text
    return arg


def render(cluster, fmt: str, objs: list[dict], single: bool, names: list[str] | None = None, template: str = "",
           typed: bool = False, show_managed: bool = False) -> str:
    """Text for ``objs`` in format ``fmt`` (not a table format).

    ``typed``: the objects are Go structs in kubectl (it built or decoded them into
    their types), so ``-o json`` keeps struct field order; other formats go
    through maps and are unaffected.
    """
    kind, arg = split_format(fmt)
    if kind in ("template", "templatefile", "go-template", "go-template-file") and not arg:
        arg = template
    strip = kind in ("yaml", "json") and not show_managed
    data = ((strip_managed(objs[0]) if strip else objs[0]) if single and len(objs) == 1
            else as_list(objs, strip))
    if kind == "yaml":
        return yamlout.dumps(data)
    if kind == "json":
        return jsonout.dumps(data, typed=typed and single and len(objs) == 1)
    if kind == "name":
        return "".join(n + "\n" for n in (names or []))
    if kind in ("jsonpath", "jsonpath-file", "jsonpath-as-json"):
        if not arg:
            raise PrintError("template format specified but no template given")
        text = _read_arg(cluster, kind, arg)
        try:
            return jsonpath.render(text, data)
        except jsonpath.JSONPathError as e:
            raise PrintError(str(e))
    if kind in ("custom-columns", "custom-columns-file"):
        spec = _read_arg(cluster, kind, arg)
        return custom_columns(spec, objs, kind == "custom-columns-file")
    if kind in ("go-template", "go-template-file", "template", "templatefile"):
        if not arg:
            raise PrintError("template format specified but no template given")
        from clusters.console.printers import gotemplate

        text = _read_arg(cluster, kind, arg)
        try:
            return gotemplate.render(text, data)
        except gotemplate.TemplateError as e:
            raise PrintError(str(e))
    raise PrintError(f'unable to match a printer suitable for the output format "{fmt}"')


def custom_columns(spec: str, objs: list[dict], from_file: bool = False, no_headers: bool = False) -> str:
    """cli-runtime customcolumn.go: NAME:.path pairs; a missing value prints <none>, others as fmt.Sprint."""
    if from_file:
        lines = [l for l in spec.splitlines() if l.strip()]
        if len(lines) < 2:
            raise PrintError("invalid custom-columns file: expected a header line and a spec line")
        headers = lines[0].split()
        paths = lines[1].split()
        if len(headers) != len(paths):
            raise PrintError(f"number of headers ({len(headers)}) does not match number of templates ({len(paths)})")
        cols = list(zip(headers, paths))
    else:
        if not spec:
            raise PrintError("custom-columns format specified but no custom columns given")
        cols = []
        for part in spec.split(","):
            name, colon, path = part.partition(":")
            if not colon:
                raise PrintError(f'unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>')
            cols.append((name, path))
    parsed = []
    for name, path in cols:
        expr = path if path.startswith("{") else "{" + (path if path.startswith(".") or path.startswith("[") else "." + path) + "}"
        try:
            parsed.append(jsonpath.parse(expr))
        except jsonpath.JSONPathError as e:
            raise PrintError(f"error parsing jsonpath {expr}, {e}")
    rows = [] if no_headers else [[c[0] for c in cols]]
    for o in objs:
        row = []
        for nodes in parsed:
            vals = []
            for node in nodes:
                if node[0] == "list":
                    vals.extend(jsonpath._walk(node[1], [o], o))
            if not vals:
                row.append("<none>")
            else:
                # customcolumn.go printOneObject: fmt.Sprint of each result, so a list of maps
                # prints as Go does ([map[ip:10.244.1.3]]), not as JSON.
                row.append(",".join(gotemplate.sprint(v) for v in vals))
        rows.append(row)
    return tabwriter.table(rows) if rows else ""
