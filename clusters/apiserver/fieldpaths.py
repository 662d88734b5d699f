"""Sets of field paths, as sigs.k8s.io/structured-merge-diff v4 computes them for managedFields.

A set is kept in the shape FieldsV1 serialises it: a dict from path elements
(``f:name`` a field, ``k:{"name":"web"}`` an item of a list keyed by the
schema's listMapKeys, ``v:"x"`` an item of a set list) to the set below it,
with ``"."`` present when the path itself is a member. ``to_fields`` and
``from_fields`` convert to and from the wire form, where a member with no
children is ``{}`` and one with children carries ``.: {}``.

``to_set`` is typed.ToFieldSet (what an applied configuration claims) and
``compare`` is typed.Compare (what an update added, modified or removed).
Both need the schema only where merging needs it: which lists are maps and by
which keys, which are sets, and which lists and structs are atomic (the
``+listType``/``+listMapKey``/``+structType``/``+mapType`` markers of
k8s.io/api v0.32 types.go); every other list is atomic, every other object
granular, as SMD reads the built-in types' OpenAPI.
"""
from __future__ import annotations

import json
from typing import Any, Iterator

MEMBER = "."
MISSING: Any = object()  # a field absent, unlike a null one (Go's nil Value in the walkers)

# listType=map and its keys, by field name (core/v1, apps/v1, batch/v1 types.go). A key missing
# from an item takes the key field's default (ports' protocol has +default="TCP").
_LIST_KEYS: dict[str, tuple[str, ...]] = {
    "containers": ("name",), "initContainers": ("name",), "ephemeralContainers": ("name",),
    "volumes": ("name",), "imagePullSecrets": ("name",), "env": ("name",), "resourceClaims": ("name",),
    "schedulingGates": ("name",), "volumeMounts": ("mountPath",), "volumeDevices": ("devicePath",),
    "hostAliases": ("ip",), "topologySpreadConstraints": ("topologyKey", "whenUnsatisfiable"),
    "conditions": ("type",), "podIPs": ("ip",), "hostIPs": ("ip",), "ownerReferences": ("uid",),
    "ports": ("containerPort", "protocol"),
}
_SERVICE_PORT_KEYS = ("port", "protocol")  # ServiceSpec.Ports +listMapKey=port +listMapKey=protocol
_KEY_DEFAULTS = {"protocol": "TCP"}
# listType=set (ObjectMeta.Finalizers)
_SET_LISTS = frozenset({"finalizers"})
# +structType=atomic / +mapType=atomic objects: LabelSelector (every selector), the Service's
# selector map, NodeSelector, the key selectors of env sources, RoleRef.
_ATOMIC_OBJECTS = frozenset({"selector", "labelSelector", "namespaceSelector", "podSelector",
                             "configMapKeyRef", "secretKeyRef", "fieldRef", "resourceFieldRef", "roleRef",
                             "requiredDuringSchedulingIgnoredDuringExecution"})
# Maps from strings (not structs): an entry of one is a member even with children (tofieldset.go).
_MAPS = frozenset({"labels", "annotations", "data", "binaryData", "stringData", "nodeSelector",
                   "limits", "requests", "capacity", "allocatable", "hard", "used", "parameters"})


def _list_keys(field: str, kind: str, parent: str) -> tuple[str, ...] | None:
    if field == "ports" and kind == "Service" and parent == "spec":
        return _SERVICE_PORT_KEYS
    if field == "ports" and parent not in ("", "containers", "initContainers", "ephemeralContainers"):
        return None  # EndpointSlice, Endpoints and Ingress ports are atomic
    if field == "conditions" and kind == "Job":
        return None  # JobStatus.Conditions is +listType=atomic
    return _LIST_KEYS.get(field)


def _key_json(value: Any) -> str:
    # encoding/json: compact, and <, > and & escaped as Go escapes them
    return (json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _item_element(item: Any, keys: tuple[str, ...]) -> str | None:
    if not isinstance(item, dict):
        return None
    fields = {}
    for k in keys:
        v = item.get(k, _KEY_DEFAULTS.get(k))
        if v is None:
            if len(keys) == 1:
                return None
            continue
        fields[k] = v
    return "k:" + _key_json(fields)


class _Shape:
    """Where a walk is in the object: the field name, its parent field's name, and the kind."""
    __slots__ = ("kind", "field", "parent")

    def __init__(self, kind: str, field: str = "", parent: str = ""):
        self.kind, self.field, self.parent = kind, field, parent

    def child(self, field: str) -> "_Shape":
        return _Shape(self.kind, field, self.field)

    def item(self) -> "_Shape":
        return _Shape(self.kind, self.field, self.parent)

    def atomic_object(self) -> bool:
        return self.field in _ATOMIC_OBJECTS and self.parent != ""

    def list_keys(self) -> tuple[str, ...] | None:
        return _list_keys(self.field, self.kind, self.parent)

    def is_set(self) -> bool:
        return self.field in _SET_LISTS and self.parent == "metadata"


# -- set operations -----------------------------------------------------------------
def insert(s: dict, path: list[str]) -> None:
    node = s
    for e in path:
        node = node.setdefault(e, {})
    node[MEMBER] = {}


def union(a: dict, b: dict) -> dict:
    out = dict(a)
    for k, v in b.items():
        out[k] = v if k == MEMBER else (union(out[k], v) if k in out else _copy(v))
    return out


def _copy(s: dict) -> dict:
    return {k: ({} if k == MEMBER else _copy(v)) for k, v in s.items()}


def difference(a: dict, b: dict) -> dict:
    """The members of ``a`` that are not members of ``b``."""
    out = {}
    for k, v in a.items():
        if k == MEMBER:
            if MEMBER not in b:
                out[MEMBER] = {}
            continue
        sub = difference(v, b[k]) if k in b else _copy(v)
        if sub:
            out[k] = sub
    return out


def intersection(a: dict, b: dict) -> dict:
    out = {}
    for k, v in a.items():
        if k not in b:
            continue
        if k == MEMBER:
            out[MEMBER] = {}
            continue
        sub = intersection(v, b[k])
        if sub:
            out[k] = sub
    return out


def has(s: dict, path: list[str]) -> bool:
    node = s
    for e in path:
        node = node.get(e)
        if node is None:
            return False
    return MEMBER in node


def without(s: dict, paths: list[list[str]]) -> dict:
    """Set.Difference of exact paths (stripmeta.go: only those members, not what is below them)."""
    out = _copy(s)
    for path in paths:
        node, chain = out, []
        for e in path:
            chain.append((node, e))
            node = node.get(e)
            if node is None:
                break
        else:
            node.pop(MEMBER, None)
            for parent, e in reversed(chain):
                if parent[e]:
                    break
                del parent[e]
    return out


def _wire_member(node: dict) -> bool:
    return not node or MEMBER in node


def wire_covers(f: dict, s: dict) -> bool:
    """Whether FieldsV1 ``f`` (the wire form) has every member of ``s``, read without decoding it."""
    for k, sub in s.items():
        if k == MEMBER:
            continue
        fk = f.get(k)
        if fk is None or (MEMBER in sub and not _wire_member(fk)) or not wire_covers(fk, sub):
            return False
    return True


def wire_intersects(f: dict, s: dict) -> bool:
    """Whether FieldsV1 ``f`` has any member of ``s``."""
    for k, sub in s.items():
        if k == MEMBER:
            continue
        fk = f.get(k)
        if fk is not None and ((MEMBER in sub and _wire_member(fk)) or wire_intersects(fk, sub)):
            return True
    return False


def paths(s: dict, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Set.Iterate: the members at each level first, then the children, each in element order."""
    for k in sorted((k for k in s if k != MEMBER), key=_element_order):
        if MEMBER in s[k]:
            yield prefix + (k,)
    for k in sorted((k for k in s if k != MEMBER), key=_element_order):
        if len(s[k]) > (1 if MEMBER in s[k] else 0):
            yield from paths(s[k], prefix + (k,))


def _element_order(e: str) -> tuple[int, str]:
    # PathElement.Compare: field names, then keys, then values, then indexes
    return ({"f": 0, "k": 1, "v": 2, "i": 3}.get(e[:1], 4), e)


def path_string(path: tuple[str, ...]) -> str:
    """fieldpath.Path.String(): ``.spec.template.spec.containers[name="nginx"].image``."""
    out = []
    for e in path:
        kind, _, rest = e.partition(":")
        if kind == "f":
            out.append("." + rest)
        elif kind == "k":
            fields = json.loads(rest)
            out.append("[" + ",".join(f"{k}={json.dumps(v, separators=(',', ':'))}" for k, v in fields.items()) + "]")
        elif kind == "v":
            out.append(f"[={rest}]")
        else:
            out.append(f"[{rest}]")
    return "".join(out)


# -- wire form ------------------------------------------------------------------------
def to_fields(s: dict) -> dict:
    """SetToFields: a member alone is ``{}``; a member with children keeps ``.: {}``, written first,
    then the elements in PathElement order (SMD serialize.go emitContentsV1)."""
    if set(s) == {MEMBER}:
        return {}
    out = {MEMBER: {}} if MEMBER in s else {}
    for k in sorted((k for k in s if k != MEMBER), key=_element_order):
        out[k] = to_fields(s[k])
    return out


def from_fields(f: Any) -> dict:
    if not isinstance(f, dict):
        raise ValueError("FieldsV1 must be an object")
    if not f:
        return {MEMBER: {}}
    return {k: ({} if k == MEMBER else from_fields(v)) for k, v in f.items()}


# -- ToFieldSet -------------------------------------------------------------------------
def to_set(obj: dict, kind: str) -> dict:
    out: dict = {}
    _to_set(obj, _Shape(kind), out)
    return out


def _to_set(value: Any, shape: _Shape, out: dict) -> None:
    """Fills ``out`` (the node at value's path) with what value claims below it."""
    if isinstance(value, dict):
        if shape.atomic_object():
            out[MEMBER] = {}
            return
        is_map = shape.field in _MAPS
        for k, v in value.items():
            child = out.setdefault("f:" + k, {})
            _to_set(v, shape.child(k), child)
            if v is None or (isinstance(v, dict) and not v) or is_map or not isinstance(v, (dict, list)):
                child[MEMBER] = {}
            if not child:
                del out["f:" + k]
        return
    if isinstance(value, list):
        keys = shape.list_keys()
        if shape.is_set():
            for v in value:
                out.setdefault("v:" + _key_json(v), {})[MEMBER] = {}
            return
        elements = [_item_element(item, keys) for item in value] if keys else None
        if not keys or None in elements:
            out[MEMBER] = {}
            return
        for item, e in zip(value, elements):
            node = out.setdefault(e, {})
            _to_set(item, shape.item(), node)
            node[MEMBER] = {}
        return
    out[MEMBER] = {}


# -- Compare ------------------------------------------------------------------------------
class Comparison:
    __slots__ = ("added", "modified", "removed")

    def __init__(self):
        self.added: dict = {}
        self.modified: dict = {}
        self.removed: dict = {}

    def changed(self) -> dict:
        return union(self.modified, self.added)

    def same(self) -> bool:
        return not (self.added or self.modified or self.removed)


def compare(lhs: Any, rhs: Any, kind: str) -> Comparison:
    c = Comparison()
    _compare(lhs, rhs, _Shape(kind), [], c)
    return c


def _leaf(lhs: Any, rhs: Any, path: list[str], c: Comparison) -> None:
    if lhs is MISSING and rhs is MISSING:
        return
    if lhs is MISSING:
        insert(c.added, path)
    elif rhs is MISSING:
        insert(c.removed, path)
    elif lhs != rhs:
        insert(c.modified, path)


def _compare(lhs: Any, rhs: Any, shape: _Shape, path: list[str], c: Comparison) -> None:
    if lhs is rhs or (lhs is not MISSING and rhs is not MISSING and lhs == rhs):
        return  # equal on both sides: nothing added, changed or removed below (and a C-speed check)
    probe = rhs if rhs is not MISSING and rhs is not None else lhs
    if isinstance(probe, dict) and not shape.atomic_object():
        l = lhs if isinstance(lhs, dict) else None
        r = rhs if isinstance(rhs, dict) else None
        if not l and not r:  # empty or null on both sides: a leaf, keeping {} apart from null
            _leaf(lhs, rhs, path, c)
            return
        l, r = l or {}, r or {}
        for k in list(l) + [k for k in r if k not in l]:
            _compare(l.get(k, MISSING), r.get(k, MISSING), shape.child(k), path + ["f:" + k], c)
    elif isinstance(probe, list) and (shape.list_keys() or shape.is_set()):
        l = lhs if isinstance(lhs, list) else None
        r = rhs if isinstance(rhs, list) else None
        if not l and not r:
            _leaf(lhs, rhs, path, c)
            return
        if shape.is_set():
            lv = {"v:" + _key_json(v) for v in l or ()}
            rv = {"v:" + _key_json(v) for v in r or ()}
            for e in sorted(lv | rv):
                _leaf(MISSING if e not in lv else True, MISSING if e not in rv else True, path + [e], c)
        else:
            keys = shape.list_keys()
            li = _index(l or [], keys)
            ri = _index(r or [], keys)
            if li is None or ri is None:
                _leaf(lhs, rhs, path, c)
                return
            for e in list(ri) + [e for e in li if e not in ri]:
                _compare(li.get(e, MISSING), ri.get(e, MISSING), shape.item(), path + [e], c)
    else:
        _leaf(lhs, rhs, path, c)
        return
    if path:
        if lhs is MISSING:
            insert(c.added, path)
        elif rhs is MISSING:
            insert(c.removed, path)


def _index(items: list, keys) -> dict | None:
    out = {}
    for item in items:
        e = _item_element(item, keys)
        if e is None:
            return None
        out[e] = item
    return out


# -- reading and removing by path --------------------------------------------------------
def lookup(obj: Any, path: tuple[str, ...], kind: str) -> Any:
    node, shape = obj, _Shape(kind)
    for e in path:
        if e.startswith("f:") and isinstance(node, dict):
            name = e[2:]
            node, shape = node.get(name, MISSING), shape.child(name)
        elif e.startswith("k:") and isinstance(node, list):
            node = (_index(node, shape.list_keys()) or {}).get(e, MISSING)
            shape = shape.item()
        elif e.startswith("v:") and isinstance(node, list):
            node = json.loads(e[2:]) if any("v:" + _key_json(v) == e for v in node) else MISSING
        else:
            return MISSING
        if node is MISSING:
            return MISSING
    return node


def remove(obj: Any, s: dict, kind: str, keep: dict) -> None:
    """Removes from ``obj`` (a copy it owns) the members of ``s`` no member of ``keep`` lies at or
    below, and then the objects those removals leave empty when ``s`` names them (Updater.prune:
    what the applier dropped and nobody else owns goes; the server's defaulting puts back defaults)."""
    _remove(obj, s, _Shape(kind), keep)


def _remove(node: Any, s: dict, shape: _Shape, keep: dict) -> None:
    if isinstance(node, dict):
        for e, sub in s.items():
            if not e.startswith("f:"):
                continue
            name = e[2:]
            if name not in node:
                continue
            k = keep.get(e, {})
            child = node[name]
            if not k and MEMBER in sub:
                del node[name]
                continue
            if isinstance(child, (dict, list)) and child:
                _remove(child, sub, shape.child(name), k)
                # EnsureNamedFieldsAreMembers: a field the removals leave empty goes too, unless kept
                if not child and not k:
                    del node[name]
    elif isinstance(node, list):
        keys = shape.list_keys()
        if shape.is_set():
            gone = {e for e, sub in s.items() if e.startswith("v:") and MEMBER in sub and not keep.get(e)}
            node[:] = [v for v in node if "v:" + _key_json(v) not in gone]
            return
        if not keys:
            return
        out = []
        for item in node:
            e = _item_element(item, keys)
            sub = s.get(e)
            if sub is None:
                out.append(item)
                continue
            k = keep.get(e, {})
            if not k and MEMBER in sub:
                continue
            _remove(item, sub, shape.item(), k)
            out.append(item)
        node[:] = out
