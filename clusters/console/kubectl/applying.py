"""Client-side apply: the last-applied annotation and the three-way merge.

kubernetes/kubectl:pkg/cmd/apply/apply.go and patcher.go: kubectl keeps the
manifest it last applied in the ``kubectl.kubernetes.io/last-applied-configuration``
annotation (util.GetModifiedConfiguration: the object, without that
annotation, encoded by the unstructured JSON scheme, so keys sorted and a
trailing newline). On the next apply it computes a three-way strategic merge
patch from (last applied, new manifest, live object): fields the learner
removed from the manifest are deleted, fields the manifest sets win, and
fields only the cluster set (defaults, status, a controller's annotations)
stay. An empty patch prints ``unchanged``.

Lists of named things merge by their patchMergeKey
(clusters/apiserver/patching.py MERGE_KEYS), as strategicpatch does.
"""
from __future__ import annotations

import json
from typing import Any

from clusters import objects
from clusters.apiserver import patching

from clusters.last_applied import LAST_APPLIED, last_applied_json, with_annotation, without_annotation  # noqa: F401  (apply's API)


def original_of(live: dict) -> dict | None:
    ann = ((live.get("metadata") or {}).get("annotations") or {}).get(LAST_APPLIED)
    if not ann:
        return None
    try:
        v = json.loads(ann)
    except ValueError:
        return None
    return v if isinstance(v, dict) else None


def _merge_key(field: str, kind: str) -> str | None:
    if field == "ports" and kind == "Service":
        return "port"
    return patching.MERGE_KEYS.get(field)


def three_way(original: Any, modified: Any, current: Any, kind: str = "", field: str = "") -> Any:
    """The live object after applying ``modified`` on top of ``current``, given the last ``original``."""
    if isinstance(modified, dict):
        if not isinstance(current, dict):
            return objects.clone(modified)
        orig = original if isinstance(original, dict) else {}
        out = objects.clone(current)
        for k in orig:
            if k not in modified:
                out.pop(k, None)
        for k, v in modified.items():
            if v is None:
                out.pop(k, None)
                continue
            out[k] = three_way(orig.get(k), v, current.get(k), kind, k)
        return out
    if isinstance(modified, list) and isinstance(current, list):
        key = _merge_key(field, kind)
        if key and all(isinstance(x, dict) and key in x for x in modified) and all(isinstance(x, dict) for x in current):
            orig_items = {x.get(key): x for x in (original or []) if isinstance(x, dict)} if isinstance(original, list) else {}
            mod_keys = [x[key] for x in modified]
            out = []
            for item in current:
                k = item.get(key)
                if k in orig_items and k not in mod_keys:
                    continue  # removed from the manifest since the last apply
                if k in mod_keys:
                    m = modified[mod_keys.index(k)]
                    out.append(three_way(orig_items.get(k), m, item, kind))
                else:
                    out.append(objects.clone(item))
            have = {x.get(key) for x in out}
            for m in modified:
                if m[key] not in have:
                    out.append(objects.clone(m))
            # strategic merge keeps the manifest's order for the items it names
            order = {k: i for i, k in enumerate(mod_keys)}
            named = sorted((x for x in out if x.get(key) in order), key=lambda x: order[x[key]])
            rest = [x for x in out if x.get(key) not in order]
            return named + rest
    return objects.clone(modified)


def modified_of(manifest: dict, annotate: bool = True) -> dict:
    """util.GetModifiedConfiguration: apply sends the manifest carrying its new annotation;
    kubectl diff (annotate false) leaves the live annotation as it is, so it never shows."""
    return with_annotation(manifest) if annotate else without_annotation(manifest)


def apply_to(live: dict, manifest: dict, annotate: bool = True) -> dict:
    """The object to send as the update: live with the manifest's three-way merge (and a fresh annotation)."""
    modified = modified_of(manifest, annotate)
    original = original_of(live)
    kind = live.get("kind", "")
    new = three_way(original, modified, live, kind)
    # A manifest that carries a resourceVersion (saved from `get -o yaml`) sends it in the patch, and a
    # stale one is a conflict; otherwise the patch applies to the object as it is now.
    rv = (manifest.get("metadata") or {}).get("resourceVersion") or (live.get("metadata") or {}).get("resourceVersion")
    new.setdefault("metadata", {})["resourceVersion"] = rv
    return new


_MISSING = object()


def patch_of(live: dict, manifest: dict, annotate: bool = True) -> dict:
    """The strategic merge patch kubectl sends (strategicpatch CreateThreeWayMergePatch): what the
    manifest changed against the live object, ``null`` for what it dropped since the last apply, and
    for lists merged by key the changed items plus a ``$setElementOrder/<list>`` of the manifest's order."""
    return _patch(original_of(live), modified_of(manifest, annotate), live, live.get("kind", ""))


def _patch(original: Any, modified: dict, current: Any, kind: str) -> dict:
    orig = original if isinstance(original, dict) else {}
    cur = current if isinstance(current, dict) else {}
    out: dict = {k: None for k in orig if k not in modified}
    for k, v in modified.items():
        c = cur.get(k, _MISSING)
        key = _merge_key(k, kind)
        if isinstance(v, dict) and isinstance(c, dict):
            sub = _patch(orig.get(k), v, c, kind)
            if sub:
                out[k] = sub
        elif (key and isinstance(v, list) and isinstance(c, list)
              and all(isinstance(x, dict) and key in x for x in v) and all(isinstance(x, dict) for x in c)):
            olist = orig.get(k) if isinstance(orig.get(k), list) else []
            changed = []
            for m in v:
                live_item = next((x for x in c if x.get(key) == m[key]), None)
                if live_item is None:
                    changed.append(m)
                    continue
                o = next((x for x in olist if isinstance(x, dict) and x.get(key) == m[key]), None)
                sub = _patch(o, m, live_item, kind)
                if sub:
                    changed.append({key: m[key], **sub})
            gone = [{"$patch": "delete", key: x.get(key)} for x in olist
                    if isinstance(x, dict) and not any(m[key] == x.get(key) for m in v)]
            if changed or gone:
                out["$setElementOrder/" + k] = [{key: m[key]} for m in v]
                out[k] = changed + gone
        elif c is _MISSING or c != v:
            out[k] = v
    return out
