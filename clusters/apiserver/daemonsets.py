"""The DaemonSet's template generation, as the API server keeps it.

The internal DaemonSet has ``spec.templateGeneration``; apps/v1 has no such
field and carries it in the ``deprecated.daemonset.template.generation``
annotation (pkg/apis/apps/v1/conversion.go): decoding parses the annotation
with strconv.ParseInt and refuses a body whose value is not an integer;
encoding always writes it. The registry strategy
(pkg/registry/apps/daemonset/strategy.go) sets it: at least 1 on create (a
larger value sent by the client is kept), and on update the stored value, plus
one when the pod template changed. So every DaemonSet a learner reads shows
``deprecated.daemonset.template.generation: "1"`` at first, as kind's
kube-proxy does, and the controller labels its pods ``pod-template-generation``
with it.
"""
from __future__ import annotations

import json

from clusters.apiserver import errors

ANNOTATION = "deprecated.daemonset.template.generation"  # apps/v1 DeprecatedTemplateGeneration
_INT64_MAX = (1 << 63) - 1


def _parse_int64(s: str) -> int | str:
    """strconv.ParseInt(s, 10, 64): the value, or the error's text."""
    def error(why: str) -> str:
        return f"strconv.ParseInt: parsing {json.dumps(s, ensure_ascii=False)}: {why}"

    neg = s[:1] == "-"
    digits = s[1:] if s[:1] in ("+", "-") else s
    if not digits:
        return error("invalid syntax")
    n = 0
    for ch in digits:
        if not "0" <= ch <= "9":
            return error("invalid syntax")
        n = n * 10 + ord(ch) - 48
        if n >= 1 << 64:  # ParseUint's own overflow stops the scan
            return error("value out of range")
    if n > _INT64_MAX + neg:
        return error("value out of range")
    return -n if neg else n


def _carried(obj: dict) -> int:
    """The templateGeneration an object carries: its annotation's value, 0 without one."""
    ann = (obj.get("metadata") or {}).get("annotations")
    value = ann.get(ANNOTATION) if isinstance(ann, dict) else None
    parsed = _parse_int64(value) if isinstance(value, str) else 0
    return parsed if isinstance(parsed, int) else 0


def decode(r, obj: dict) -> None:
    """Convert_v1_DaemonSet_To_apps_DaemonSet: an annotation that is not an integer fails
    decoding, before defaulting and validation."""
    ann = (obj.get("metadata") or {}).get("annotations")
    value = ann.get(ANNOTATION) if isinstance(ann, dict) else None
    parsed = _parse_int64(value) if isinstance(value, str) else 0
    if isinstance(parsed, str):
        raise errors.bad_request(f'{r.kind} in version "{r.version}" cannot be handled as a {r.kind}: {parsed}')


def _set(obj: dict, generation: int) -> None:
    m = obj.setdefault("metadata", {})
    ann = m.get("annotations")
    m["annotations"] = ann = dict(ann) if isinstance(ann, dict) else {}
    ann[ANNOTATION] = str(generation)


def prepare_for_create(server, obj: dict) -> None:
    """PrepareForCreate: templateGeneration is at least 1."""
    _set(obj, max(_carried(obj), 1))


def prepare_for_update(new: dict, old: dict) -> None:
    """PrepareForUpdate: the client cannot set templateGeneration; a changed pod template
    moves it on by one."""
    generation = _carried(old)
    if (new.get("spec") or {}).get("template") != (old.get("spec") or {}).get("template"):
        generation += 1
    _set(new, generation)
