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


def strategic_merge(target: Any, patch: Any, kind: str = "", field: str = "", order: list | None = None) -> Any:
    """strategicpatch mergeMap/mergeSlice (apimachinery pkg/util/strategicpatch/patch.go)."""
    if not isinstance(patch, dict):
        if isinstance(patch, list) and isinstance(target, list):
            key = MERGE_KEYS.get(field)
            if field == "ports" and kind == "Service":
                key = _SERVICE_PORT_KEY
            if key:
                return _merge_list(target, patch, key, kind, order)
        return objects.clone(patch)
    out = objects.clone(target) if isinstance(target, dict) else {}
    if "$retainKeys" in patch:
        _retain_keys(out, patch)
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
            wanted = patch.get("$setElementOrder/" + k)
            out[k] = strategic_merge(out.get(k), v, kind, k, wanted if isinstance(wanted, list) else None)
    return out


def _retain_keys(original: dict, patch: dict) -> None:
    """applyRetainKeysDirective: every key the patch sets must be listed, and the original keeps
    only the listed keys (how a Deployment's strategy drops rollingUpdate for Recreate)."""
    keep = patch["$retainKeys"]
    if not isinstance(keep, list):
        raise PatchError("invalid patch format of retainKeys")
    for k, v in patch.items():
        if v is None or k == "$retainKeys" or k.startswith(("$deleteFromPrimitiveList/", "$setElementOrder/")):
            continue
        if k not in keep:
            raise PatchError("invalid patch format of retainKeys")
    for k in [k for k in original if k not in keep]:
        del original[k]


def _merge_list(target: list, patch: list, key: str, kind: str, order: list | None = None) -> list:
    """mergeSlice for a list of maps with a merge key: ``$patch`` elements first (delete, replace),
    then each item merged into its namesake or appended, then normalizeElementOrder: the patch's
    items in the patch's order (or ``$setElementOrder``'s), the server's others in theirs,
    interleaved by mergeSortedSlice, so a new item lands before the items it does not name."""
    original = [objects.clone(x) for x in target]
    items = []
    for item in patch:
        directive = item.get("$patch") if isinstance(item, dict) else None
        if directive is None:
            items.append(item)
        elif directive == "delete":
            original = [x for x in original if not (isinstance(x, dict) and x.get(key) == item.get(key))]
        elif directive == "replace":
            return [objects.clone(x) for x in patch if not (isinstance(x, dict) and "$patch" in x)]
        elif directive == "merge":
            raise PatchError("merging lists cannot yet be specified in the patch")
        else:
            raise PatchError(f"Unexpected patch type {directive}")
    server_order = [x.get(key) for x in original if isinstance(x, dict)]
    merged = list(original)
    for item in items:
        if not isinstance(item, dict) or key not in item:
            merged.append(objects.clone(item))
            continue
        for i, existing in enumerate(merged):
            if isinstance(existing, dict) and existing.get(key) == item[key]:
                merged[i] = strategic_merge(existing, item, kind)
                break
        else:
            merged.append(objects.clone(item))
    patch_order = [x.get(key) for x in (order if order is not None else items) if isinstance(x, dict)]
    named = [x for x in merged if isinstance(x, dict) and x.get(key) in patch_order]
    others = [x for x in merged if not (isinstance(x, dict) and x.get(key) in patch_order)]
    named.sort(key=lambda x: patch_order.index(x.get(key)))
    return _merge_sorted(others, named, server_order, key)


def _merge_sorted(server_only: list, patched: list, server_order: list, key: str) -> list:
    """mergeSortedSlice: take the server's item while both sides are in the server's order and it
    comes first; otherwise the patch's."""
    def position(x) -> int:
        k = x.get(key) if isinstance(x, dict) else None
        return server_order.index(k) if k in server_order else -1

    out = []
    i = j = 0
    while i < len(server_only) or j < len(patched):
        if i >= len(server_only):
            out.append(patched[j])
            j += 1
        elif j >= len(patched):
            out.append(server_only[i])
            i += 1
        else:
            li, ri = position(server_only[i]), position(patched[j])
            if li >= 0 and ri >= 0 and li < ri:
                out.append(server_only[i])
                i += 1
            else:
                out.append(patched[j])
                j += 1
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
