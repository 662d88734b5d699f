"""kubectl explain (kubernetes/kubectl:pkg/cmd/explain, pkg/explain/v2).

The text is what explain's plaintext template (pkg/explain/v2/templates/
plaintext.tmpl at kubernetes-1.32.0) renders, ported template by template:
``output``, ``description``, ``fieldList``, ``fieldDetail``, ``typeGuess``,
``extractEnum``, with go-wordwrap's WrapString for ``wrap``. The schema is
shipped in ``data/openapi.json``: what kube-apiserver 1.32.0 serves at
/openapi/v3 for every kind this cluster serves (but APIService), trimmed to
the keys explain reads. It was generated from the Go types of k8s.io/api
v0.32.0 and k8s.io/apimachinery v0.32.0 (each group's types.go, e.g.
rbac/v1/types.go, core/v1/types.go, meta/v1/types.go: type and field
comments processed as kube-openapi's openapi-gen generateDescription does,
json tags, ``+optional``, and ``+enum`` types with their constants as
kube-openapi's enum.go lists them); Quantity, IntOrString, Time, MicroTime
and FieldsV1 keep their hand-written OpenAPI definitions.
"""
from __future__ import annotations

import functools
import json
import os

from clusters.apiserver import resources
from clusters.console.kubectl import base

DATA = os.path.join(os.path.dirname(__file__), "data", "openapi.json")


@functools.lru_cache(maxsize=1)
def document() -> dict:
    with open(DATA, encoding="utf-8") as f:
        return json.load(f)


def _schemas() -> dict:
    return document()["components"]["schemas"]


def resolve_ref(ref: str | None):
    if not ref:
        return None
    return _schemas().get(ref.rsplit("/", 1)[-1])


def wrap(s: str, lim: int) -> str:
    """github.com/mitchellh/go-wordwrap WrapString."""
    out: list[str] = []
    current = 0
    word: list[str] = []
    space: list[str] = []
    for ch in s:
        if ch == "\n":
            if not word:
                if current + len(space) > lim:
                    current = 0
                else:
                    current += len(space)
                    out.extend(space)
                space = []
            else:
                current += len(space) + len(word)
                out.extend(space)
                out.extend(word)
                space, word = [], []
            out.append(ch)
            current = 0
        elif ch.isspace() and ch != "\u00a0":
            if not space or word:
                current += len(space) + len(word)
                out.extend(space)
                out.extend(word)
                space, word = [], []
            space.append(ch)
        else:
            word.append(ch)
            if current + len(space) + len(word) > lim and len(word) < lim:
                out.append("\n")
                current = 0
                space = []
    if not word:
        if current + len(space) <= lim:
            out.extend(space)
    else:
        out.extend(space)
        out.extend(word)
    return "".join(out)


def indent(amount: int, s: str) -> str:
    pad = " " * amount
    return pad + s.replace("\n", "\n" + pad)


def _additional(schema: dict):
    ap = schema.get("additionalProperties")
    return ap if isinstance(ap, dict) and ap else None


def type_guess(schema: dict) -> str:
    if schema.get("items"):
        return "[]" + type_guess(schema["items"])
    if _additional(schema):
        return "map[string]" + type_guess(schema["additionalProperties"])
    if schema.get("allOf") and not schema.get("properties") and len(schema["allOf"]) == 1:
        return type_guess(schema["allOf"][0])
    if schema.get("$ref"):
        ref = schema["$ref"]
        target = resolve_ref(ref)
        if not target or not target.get("type") or target.get("type") == "object":
            name = ref.split("/")[-1]
            return name.split(".")[-1] or "Object"
        return target.get("type") or "Object"
    if schema.get("type") == "object":
        return "Object"
    return schema.get("type") or "Object"


def _enum(schema: dict, long: bool, limit: int, indent_amount: int = 0) -> str:
    values = schema.get("enum")
    if not values:
        return ""
    out = ["ENUM:" if long else "\n" + " " * indent_amount + "enum: "]
    for i, v in enumerate(values):
        if limit > -1 and i >= limit:
            out.append(", ....")
            break
        if i > 0 and not long:
            out.append(", ")
        elif long:
            out.append("\n    ")
        out.append('""' if v == "" else str(v))
    return "".join(out)


def description(schema: dict) -> str:
    s = resolve_ref(schema.get("$ref")) or schema
    out = []
    if s.get("description"):
        out.append(s["description"] + "\n")
    for sub in s.get("allOf") or ():
        out.append(description(sub))
    if s.get("items"):
        out.append(description(s["items"]))
    if _additional(s):
        out.append(description(s["additionalProperties"]))
    return "".join(out)


def field_detail(name: str, schema: dict, short: bool, level: int) -> str:
    ind = level * 2
    field = schema["properties"][name]
    out = [indent(ind, name), "\t<", type_guess(field), ">"]
    if name in (schema.get("required") or ()):
        out.append(" -required-")
    out.append(_enum(field, False, 4, ind))
    out.append("\n")
    if not short:
        out.append(indent(ind + 2, wrap(field.get("description") or "<no description>", 78 - ind)))
        out.append("\n\n")
    return "".join(out)


def field_list(schema: dict, level: int, recursive: bool, history: set) -> str:
    ref = schema.get("$ref") or ""
    if ref and ref in history:
        return ""
    history = set(history) | {ref}
    resolved = resolve_ref(ref) or schema
    out = []
    for k in sorted((resolved.get("properties") or {})):
        out.append(field_detail(k, resolved, recursive, level))
        if recursive:
            out.append(field_list(resolved["properties"][k], level + 1, recursive, history))
    for sub in resolved.get("allOf") or ():
        out.append(field_list(sub, level, recursive, history))
    if resolved.get("items"):
        out.append(field_list(resolved["items"], level, recursive, history))
    if _additional(resolved):
        out.append(field_list(resolved["additionalProperties"], level, recursive, history))
    return "".join(out)


def output(schema: dict, path: list[str], recursive: bool, history: set) -> str:
    ref = schema.get("$ref") or ""
    resolved = resolve_ref(ref) or schema
    if not path:
        text = "DESCRIPTION:\n" + indent(4, wrap(description(resolved) or "<empty>", 76)) + "\n"
        fields = field_list(resolved, 1, recursive, set())
        if fields:
            text += "FIELDS:\n" + fields
        return text
    if ref and ref in history:
        return ""
    history = set(history) | {ref}
    props = resolved.get("properties") or {}
    if path[0] in props:
        sub = props[path[0]]
        head = ""
        if len(path) == 1:
            head = f"FIELD: {path[0]} <{type_guess(sub)}>\n" + _enum(sub, True, -1) + "\n\n"
        return head + output(sub, path[1:], recursive, set())
    if resolved.get("items"):
        return output(resolved["items"], path, recursive, history)
    if _additional(resolved):
        return output(resolved["additionalProperties"], path, recursive, history)
    for sub in resolved.get("allOf") or ():
        text = output(sub, path, recursive, history)
        if text:
            return text
    return ""


def schema_for(r) -> dict | None:
    for name, s in _schemas().items():
        for g in s.get("x-kubernetes-group-version-kind") or ():
            if g.get("group", "") == r.group and g.get("version") == r.version and g.get("kind") == r.kind:
                return s
    return None


class Verb(base.Verb):
    name = "explain"

    def run(self, kc, args):
        if len(args) != 1:
            if not args:
                raise base.KubectlError('You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\n')
            raise base.KubectlError("We accept only this format: explain RESOURCE\n")
        fmt = kc.opts.get("output") or "plaintext"
        if fmt not in ("plaintext", "plaintext-openapiv2"):
            raise base.KubectlError(f"unsupported output format: {fmt}")
        first, *path = args[0].split(".") if "/" not in args[0] else [args[0]]
        r = resources.lookup(first)
        # "deployments.apps.spec"? kubectl takes RESOURCE[.FIELD...]; groups come from --api-version
        if r is None:
            raise base.no_resource_type(first)
        av = kc.opts.get("api-version") or ""
        if av and av != r.api_version:
            group, _, version = av.rpartition("/")
            alt = resources.by_plural(r.plural, group)
            if alt is None or alt.version != version:
                raise base.KubectlError(f"couldn't find resource for \"{group + '/' if group else ''}{version}, Kind={r.kind}\"")
            r = alt
        s = schema_for(r)
        if s is None:
            raise base.KubectlError(f"GVR ({r.group}/{r.version}, Resource={r.plural}) not found in OpenAPI schema")
        body = output(s, path, bool(kc.opts.get("recursive")), set())
        if not body:
            raise base.KubectlError(f'field "{path[-1]}" does not exist')
        head = (f"GROUP:      {r.group}\n" if r.group else "") + f"KIND:       {r.kind}\nVERSION:    {r.version}\n\n"
        kc.out(head + body + "\n")
        return 0
