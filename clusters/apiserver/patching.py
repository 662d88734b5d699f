"""Patches: JSON merge (RFC 7386), JSON patch (RFC 6902) and strategic merge.

Strategic merge keys follow the ``patchMergeKey`` tags in
k8s.io/api/core/v1/types.go and apps/v1/types.go: lists of named things merge
by their key instead of being replaced.
"""
from __future__ import annotations

from typing import Any

from clusters import objects
from clusters.strings import isdigits


class PatchError(ValueError):
    pass


# list field name -> merge key
MERGE_KEYS = {
    "containers": "name", "initContainers": "name", "ephemeralContainers": "name",
    "env": "name", "ports": "containerPort", "volumeMounts": "mountPath", "volumes": "name",
    "imagePullSecrets": "name", "conditions": "type", "envFrom": None, "ownerReferences": "uid",
    "hostAliases": "ip", "volumeDevices": "devicePath", "topologySpreadConstraints": "topologyKey",
}
_SERVICE_PORT_KEY = "port"


def merge_patch(target: Any, patch: Any) -> Any:
    if not isinstance(patch, dict):
        return objects.clone(patch)
    out = objects.clone(target) if isinstance(target, dict) else {}
    for k, v in patch.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = merge_patch(out.get(k), v)
    return out


def strategic_merge(target: Any, patch: Any, kind: str = "", field: str = "") -> Any:
    if not isinstance(patch, dict):
        if isinstance(patch, list) and isinstance(target, list):
            key = MERGE_KEYS.get(field)
            if field == "ports" and kind == "Service":
                key = _SERVICE_PORT_KEY
            if key:
                return _merge_list(target, patch, key, kind)
        return objects.clone(patch)
    out = objects.clone(target) if isinstance(target, dict) else {}
    for k, v in patch.items():
        if k == "$patch":
            if v == "replace":
                return {kk: objects.clone(vv) for kk, vv in patch.items() if kk != "$patch"}
            if v == "delete":
                return None
            continue
        if k.startswith("$setElementOrder/") or k.startswith("$deleteFromPrimitiveList/") or k == "$retainKeys":
            continue
        if v is None:
            out.pop(k, None)
        else:
            out[k] = strategic_merge(out.get(k), v, kind, k)
    return out


def _merge_list(target: list, patch: list, key: str, kind: str) -> list:
    out = [objects.clone(x) for x in target]
    for item in patch:
        if not isinstance(item, dict) or key not in item:
            out.append(objects.clone(item))
            continue
        if item.get("$patch") == "delete":
            out = [x for x in out if not (isinstance(x, dict) and x.get(key) == item[key])]
            continue
        for i, existing in enumerate(out):
            if isinstance(existing, dict) and existing.get(key) == item[key]:
                out[i] = strategic_merge(existing, item, kind)
                break
        else:
            out.append(objects.clone(item))
    return out


def _pointer(path: str) -> list[str]:
    if path == "":
        return []
    if not path.startswith("/"):
        raise PatchError(f"invalid JSON pointer: {path!r}")
    return [p.replace("~1", "/").replace("~0", "~") for p in path[1:].split("/")]


def json_patch(doc: Any, ops: Any) -> Any:
    if not isinstance(ops, list):
        raise PatchError("json: cannot unmarshal object into Go value of type jsonpatch.Patch")
    doc = objects.clone(doc)
    for op in ops:
        if not isinstance(op, dict) or "op" not in op:
            raise PatchError("Unexpected kind: ")
        kind = op["op"]
        path = _pointer(op.get("path", ""))
        if kind in ("add", "replace", "test"):
            if "value" not in op:
                raise PatchError(f"missing value for {kind} operation")
        if kind == "move" or kind == "copy":
            src = _pointer(op.get("from", ""))
            value = _get(doc, src)
            if kind == "move":
                doc = _remove(doc, src)
            doc = _add(doc, path, objects.clone(value))
        elif kind == "add":
            doc = _add(doc, path, objects.clone(op["value"]))
        elif kind == "remove":
            doc = _remove(doc, path)
        elif kind == "replace":
            _get(doc, path)
            doc = _remove(doc, path)
            doc = _add(doc, path, objects.clone(op["value"]))
        elif kind == "test":
            if _get(doc, path) != op["value"]:
                raise PatchError("testing value " + op.get("path", "") + " failed: test failed")
        else:
            raise PatchError(f"Unexpected kind: {kind}")
    return doc


def _get(doc, path):
    cur = doc
    for p in path:
        if isinstance(cur, dict) and p in cur:
            cur = cur[p]
        elif isinstance(cur, list) and isdigits(p) and int(p) < len(cur):
            cur = cur[int(p)]
        else:
            raise PatchError(f"doc is missing path: \"/{'/'.join(path)}\": missing value")
    return cur


def _add(doc, path, value):
    if not path:
        return value
    parent = _get(doc, path[:-1])
    last = path[-1]
    if isinstance(parent, dict):
        parent[last] = value
    elif isinstance(parent, list):
        if last == "-":
            parent.append(value)
        elif isdigits(last) and int(last) <= len(parent):
            parent.insert(int(last), value)
        else:
            raise PatchError(f"add operation does not apply: doc is missing path: \"/{'/'.join(path)}\": missing value")
    else:
        raise PatchError(f"add operation does not apply: doc is missing path: \"/{'/'.join(path)}\": missing value")
    return doc


def _remove(doc, path):
    if not path:
        return None
    parent = _get(doc, path[:-1])
    last = path[-1]
    if isinstance(parent, dict) and last in parent:
        del parent[last]
    elif isinstance(parent, list) and isdigits(last) and int(last) < len(parent):
        del parent[int(last)]
    else:
        raise PatchError(f"remove operation does not apply: doc is missing path: \"/{'/'.join(path)}\": missing value")
    return doc


def apply_patch(kind: str, current: dict, patch: Any, patch_type: str) -> dict:
    if patch_type == "merge":
        if not isinstance(patch, dict):
            raise PatchError("json: cannot unmarshal array into Go value of type map[string]interface {}")
        return merge_patch(current, patch)
    if patch_type == "json":
        return json_patch(current, patch)
    if patch_type == "strategic":
        if not isinstance(patch, dict):
            raise PatchError("json: cannot unmarshal array into Go value of type map[string]interface {}")
        return strategic_merge(current, patch, kind)
    raise PatchError(f'--type must be one of [json merge strategic], not "{patch_type}"')
