"""The kubectl.kubernetes.io/last-applied-configuration annotation, as client-side apply writes it.

Here, below the console, because the add-ons a cluster boots with are applied
the way kind applies them (with kubectl apply), before any console runs; the
rest of apply lives in clusters/console/kubectl/applying.py.
"""
from __future__ import annotations

import json

from clusters import objects

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


def without_annotation(manifest: dict) -> dict:
    """GetModifiedConfiguration(obj, annotate=false) (kubectl pkg/util/apply.go): the manifest with
    its annotations less this one, set back as a map even when that leaves it empty, as
    Unstructured.SetAnnotations sets any non-nil map (so the JSON has ``"annotations":{}``)."""
    m = objects.clone(manifest)
    md = m.get("metadata")
    if not isinstance(md, dict):
        md = m["metadata"] = {}
    ann = md.get("annotations")
    ann = dict(ann) if isinstance(ann, dict) else {}
    ann.pop(LAST_APPLIED, None)
    md["annotations"] = ann
    return m


def last_applied_json(manifest: dict) -> str:
    """The annotation's value: the manifest without it, JSON with sorted keys, plus a newline
    (the unstructured JSON scheme's encoding)."""
    return json.dumps(without_annotation(manifest), sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"


def with_annotation(manifest: dict) -> dict:
    """The manifest as apply sends it: carrying its own last-applied annotation."""
    value = last_applied_json(manifest)
    out = objects.clone(manifest)
    md = out.setdefault("metadata", {})
    ann = md.get("annotations")
    if not isinstance(ann, dict):
        ann = md["annotations"] = {}
    ann[LAST_APPLIED] = value
    return out
