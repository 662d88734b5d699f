"""The kubectl.kubernetes.io/last-applied-configuration annotation, as client-side apply writes it.

Here, below the console, because the add-ons a cluster boots with are applied
the way kind applies them (with kubectl apply), before any console runs; the
rest of apply lives in clusters/console/kubectl/applying.py.
"""
from __future__ import annotations

import json

from clusters import objects

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


def last_applied_json(manifest: dict) -> str:
    """GetModifiedConfiguration: the manifest without the annotation, JSON with sorted keys, plus newline."""
    m = objects.clone(manifest)
    ann = (m.get("metadata") or {}).get("annotations")
    if isinstance(ann, dict) and LAST_APPLIED in ann:
        del ann[LAST_APPLIED]
        if not ann:
            del m["metadata"]["annotations"]
    return json.dumps(m, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"


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
