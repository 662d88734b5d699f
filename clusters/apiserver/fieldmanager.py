"""metadata.managedFields: who owns which fields, and server-side apply.

A port of k8s.io/apimachinery/pkg/util/managedfields/internal (fieldmanager.go
and the managers it stacks: stripmeta, managedfieldsupdater,
lastappliedmanager, lastappliedupdater) over sigs.k8s.io/structured-merge-diff
v4's Updater (merge/update.go), on the sets of ``fieldpaths``.

An *update* (create, PUT, any non-apply patch) gives its manager the fields
it added or changed and takes them from every other manager; fields it
removed leave every manager. An *apply* claims exactly the fields of the
configuration sent, merges it into the live object by the schema's list keys,
removes what the applier dropped since its last apply and nobody else owns,
and fails with a conflict where it would change a field another manager owns,
unless forced.

Cost: the API server records managedFields for writes from kubectl and, once
an object has them, for every later write to it (a controller's status, the
kubelet's); objects the control plane makes on its own (a ReplicaSet's pods,
events, leases) carry none, so the 30,000-pod cluster pays nothing for them.
"""
from __future__ import annotations

import json
from typing import Any

from clusters import objects
from clusters.apiserver import errors, fieldpaths
from clusters.last_applied import LAST_APPLIED

# stripmeta.go: fields no manager owns
_STRIP = [["f:apiVersion"], ["f:kind"], ["f:metadata"], ["f:metadata", "f:name"], ["f:metadata", "f:namespace"],
          ["f:metadata", "f:creationTimestamp"], ["f:metadata", "f:selfLink"], ["f:metadata", "f:uid"],
          ["f:metadata", "f:clusterName"], ["f:metadata", "f:generation"], ["f:metadata", "f:managedFields"],
          ["f:metadata", "f:resourceVersion"]]
_UNTRACKED_META = ("name", "namespace", "creationTimestamp", "selfLink", "uid", "generation", "managedFields",
                   "resourceVersion")

# The managers the control plane's components write as: their user agent's program name
# (handlers' managerOrUserAgent: the User-Agent up to its first "/").
_COMPONENT_MANAGERS = {"kubelet": "kubelet", "default-scheduler": "kube-scheduler", "kubeadm": "kubeadm",
                       "kube-apiserver": "kube-apiserver", "local-path-provisioner": "local-path-provisioner"}


# Controllers whose names do not say so; every controller runs in kube-controller-manager.
_IN_CONTROLLER_MANAGER = frozenset({"horizontal-pod-autoscaler", "root-ca-cert-publisher", "pod-garbage-collector"})


def manager_of(actor: str) -> str:
    """The manager a component's writes are recorded under when it names none."""
    if actor in _COMPONENT_MANAGERS:
        return _COMPONENT_MANAGERS[actor]
    return "kube-controller-manager" if "controller" in actor or actor in _IN_CONTROLLER_MANAGER else actor


class Entry:
    """One ManagedFieldsEntry, its FieldsV1 decoded to a set."""
    __slots__ = ("manager", "operation", "api_version", "time", "subresource", "fields")

    def __init__(self, manager: str, operation: str, api_version: str, time: str | None, subresource: str,
                 fields: dict):
        self.manager, self.operation, self.api_version = manager, operation, api_version
        self.time, self.subresource, self.fields = time, subresource, fields

    def ident(self) -> tuple:
        # BuildManagerIdentifier: an applier is the same whatever apiVersion it used
        return (self.manager, self.operation, "" if self.operation == "Apply" else self.api_version, self.subresource)

    def printed(self) -> str:
        """conflict.go printManager."""
        s = json.dumps(self.manager)
        if self.subresource:
            s += f" with subresource {json.dumps(self.subresource)}"
        if self.operation == "Update":
            s += f" using {self.api_version}"
        return s

    def encode(self) -> dict:
        """In ManagedFieldsEntry's field order, as the stored JSON (etcdctl, get --raw) has it."""
        out = {"manager": self.manager, "operation": self.operation, "apiVersion": self.api_version}
        if self.time is not None:
            out["time"] = self.time
        out["fieldsType"] = "FieldsV1"
        out["fieldsV1"] = fieldpaths.to_fields(self.fields)
        if self.subresource:
            out["subresource"] = self.subresource
        return out


def decode(entries: Any) -> list[Entry] | None:
    """DecodeManagedFields; None when they do not decode (the handler then keeps the live ones)."""
    if not isinstance(entries, list):
        return None
    out = []
    try:
        for e in entries:
            if not isinstance(e, dict) or e.get("operation") not in ("Apply", "Update"):
                return None
            out.append(Entry(e.get("manager", ""), e["operation"], e.get("apiVersion", ""), e.get("time"),
                             e.get("subresource", ""), fieldpaths.from_fields(e.get("fieldsV1") or {})))
    except ValueError:
        return None
    return out


def encode(entries: list[Entry]) -> list[dict] | None:
    """encodeManagedFields: sorted by operation, time, manager, apiVersion, subresource."""
    if not entries:
        return None
    ordered = sorted(entries, key=lambda e: (e.operation, e.time or "", e.manager, e.api_version, e.subresource))
    return [e.encode() for e in ordered]


def _order(e: dict) -> tuple:
    return (e.get("operation", ""), e.get("time") or "", e.get("manager", ""), e.get("apiVersion", ""),
            e.get("subresource", ""))


def _view(obj: dict | None, subresource: str | None, has_status: bool) -> dict:
    """The part of an object an operation's field tracking sees: strategies' reset fields
    (a status write sees only status; a main write, with a status subresource, all but status)."""
    if not obj:
        return {}
    if subresource == "status":
        return {"status": obj["status"]} if "status" in obj else {}
    out = {k: v for k, v in obj.items() if k not in ("apiVersion", "kind") and not (k == "status" and has_status)}
    m = obj.get("metadata")
    if isinstance(m, dict):
        out["metadata"] = {k: v for k, v in m.items() if k not in _UNTRACKED_META}
    return out


def _strip(s: dict) -> dict:
    if "f:metadata" not in s and "f:apiVersion" not in s and "f:kind" not in s:
        return s  # a status write's changes: nothing to strip, and no copy
    return fieldpaths.without(s, _STRIP)


def live_entries(live: dict | None) -> list[Entry]:
    entries = decode(((live or {}).get("metadata") or {}).get("managedFields") or [])
    return entries or []


def request_entries(new: dict, live: dict | None, subresource: str | None) -> list[Entry]:
    """decodeLiveOrNew: a request's own managedFields win (``[{}]`` or ``[]`` resets them),
    unless it is a subresource's or they do not decode."""
    sent = (new.get("metadata") or {}).get("managedFields")
    if subresource is None and isinstance(sent, list):
        if sent == [] or sent == [{}]:
            return []
        entries = decode(sent)
        if entries:
            return entries
    return live_entries(live)


# (a null is there, not absent: json's encoding of a nil slice or Time without omitempty)
_POD_SPEC = {"containers": None}
_TEMPLATE = {"template": {"metadata": {"creationTimestamp": None}, "spec": _POD_SPEC}}
# The non-pointer structs of each kind's Go type: present, empty, in the object a create
# compares against (the handler's scope.Creater.New(kind)), so creating them adds no "." of their own.
_ZERO_SPEC = {"Deployment": {**_TEMPLATE, "strategy": {}}, "ReplicaSet": _TEMPLATE, "Job": _TEMPLATE,
              "StatefulSet": {**_TEMPLATE, "updateStrategy": {}}, "DaemonSet": {**_TEMPLATE, "updateStrategy": {}},
              "CronJob": {"jobTemplate": {"metadata": {"creationTimestamp": None}, "spec": _TEMPLATE}},
              "Pod": _POD_SPEC}
_ZERO_STATUS = {"Service": {"loadBalancer": {}}, "Ingress": {"loadBalancer": {}},
                "Node": {"daemonEndpoints": {"kubeletEndpoint": {}}, "nodeInfo": {}}}


def zero(kind: str) -> dict:
    if kind == "PodTemplate":
        return {"metadata": {}, **objects.clone(_TEMPLATE)}
    return {"metadata": {}, "spec": objects.clone(_ZERO_SPEC.get(kind, {})),
            "status": objects.clone(_ZERO_STATUS.get(kind, {}))}


def track_update(live: dict | None, new: dict, *, kind: str, api_version: str, manager: str,
                 subresource: str | None, has_status: bool, now: str) -> list[dict] | None:
    """The managedFields an update leaves, encoded. The common case, a manager rewriting fields it
    already owns alone (a controller's status, again and again), keeps the stored list, or
    changes only that entry's time, so a busy object's history does not copy its managers."""
    live_mf = ((live or {}).get("metadata") or {}).get("managedFields")
    sent = (new.get("metadata") or {}).get("managedFields")
    if subresource is None and isinstance(sent, list) and sent is not live_mf and sent != live_mf:
        return encode(update(request_entries(new, live, subresource), live, new, kind=kind, api_version=api_version,
                             manager=manager, subresource=subresource, has_status=has_status, now=now))
    c = fieldpaths.compare(_view(live if live is not None else zero(kind), subresource, has_status),
                           _view(new, subresource, has_status), kind)
    if c.same():
        return live_mf
    changed = _strip(c.changed())
    if live_mf and not c.removed:
        sub = subresource if subresource in ("status", "scale") else ""
        mine = [i for i, e in enumerate(live_mf) if e.get("manager") == manager and e.get("operation") == "Update"
                and e.get("apiVersion") == api_version and (e.get("subresource") or "") == sub]
        if mine and fieldpaths.wire_covers(live_mf[mine[0]].get("fieldsV1") or {}, changed) and not any(
                fieldpaths.wire_intersects(e.get("fieldsV1") or {}, changed)
                for i, e in enumerate(live_mf) if i != mine[0]):
            if live_mf[mine[0]].get("time") == now:
                return live_mf
            out = list(live_mf)
            out[mine[0]] = {**out[mine[0]], "time": now}
            return sorted(out, key=_order)
    return encode(_update(live_entries(live), c, changed, api_version=api_version, manager=manager,
                          subresource=subresource, now=now))


def update(entries: list[Entry], live: Any, new: dict, *, kind: str, api_version: str, manager: str,
           subresource: str | None, has_status: bool, now: str) -> list[Entry]:
    """Updater.Update under managedFieldsUpdater: the operation's changes move to ``manager``."""
    if live is None:
        live = zero(kind)
    c = fieldpaths.compare(_view(live, subresource, has_status), _view(new, subresource, has_status), kind)
    if c.same():
        return entries
    return _update(entries, c, _strip(c.changed()), api_version=api_version, manager=manager,
                   subresource=subresource, now=now)


def _update(entries: list[Entry], c, changed: dict, *, api_version: str, manager: str, subresource: str | None,
            now: str) -> list[Entry]:
    out = _taken(entries, changed, c.removed)
    me = Entry(manager, "Update", api_version, now, subresource if subresource in ("status", "scale") else "", changed)
    for i, e in enumerate(out):
        if e.ident() == me.ident():
            me.fields = fieldpaths.union(changed, e.fields)
            out[i] = me
            break
    else:
        if changed:
            out.append(me)
    return _capped([e for e in out if e.fields])


# capmanagers.go: DefaultMaxUpdateManagers, and where the oldest updaters' fields go beyond it
MAX_UPDATE_MANAGERS = 10
ANCIENT_CHANGES = "ancient-changes"


def _capped(entries: list[Entry]) -> list[Entry]:
    """capUpdateManagers: past ten Update managers, the oldest (by time, then identifier) are
    folded, per apiVersion, into one ``ancient-changes`` entry that keeps the last one's time."""
    updaters = [e for e in entries if e.operation == "Update"]
    if len(updaters) <= MAX_UPDATE_MANAGERS:
        return entries
    updaters.sort(key=lambda e: (e.time or "", json.dumps(_ident_json(e), separators=(",", ":"))))
    out = list(entries)
    first: dict[str, Entry] = {}
    length = len(updaters)
    for e in updaters:
        if length <= MAX_UPDATE_MANAGERS:
            break
        if e.api_version not in first:
            first[e.api_version] = e
            continue
        bucket = next((b for b in out if b.manager == ANCIENT_CHANGES and b.operation == "Update"
                       and b.api_version == e.api_version and not b.subresource), None)
        if bucket is None:
            f = first[e.api_version]
            bucket = Entry(ANCIENT_CHANGES, "Update", f.api_version, f.time, "", f.fields)
            out[out.index(f)] = bucket
        bucket.fields = fieldpaths.union(e.fields, bucket.fields)
        bucket.time = e.time
        out.remove(e)
        length -= 1
    return out


def _taken(entries: list[Entry], taken: dict, removed: dict, keep: tuple | None = None) -> list[Entry]:
    out = []
    for e in entries:
        if e.ident() == keep:
            out.append(e)
            continue
        fields = fieldpaths.difference(fieldpaths.difference(e.fields, taken), removed)
        if fields:
            out.append(e if fields == e.fields else Entry(e.manager, e.operation, e.api_version, e.time,
                                                          e.subresource, fields))
    return out


# -- server-side apply -----------------------------------------------------------------
class Conflicts(Exception):
    def __init__(self, items: list[tuple[Entry, tuple[str, ...]]]):
        super().__init__("apply conflicts")
        self.items = items

    def status(self) -> errors.StatusError:
        """conflict.go NewConflictError / getConflictMessage."""
        items = self.items
        if len(items) == 1:
            e, p = items[0]
            msg = f"Apply failed with 1 conflict: conflict with {e.printed()}: {fieldpaths.path_string(p)}"
        else:
            by: dict[str, list] = {}
            for e, p in items:
                by.setdefault(json.dumps(_ident_json(e)), []).append((e, p))
            lines = []
            for key in sorted(by):
                lines.append(f"conflicts with {by[key][0][0].printed()}:")
                lines += [f"- {fieldpaths.path_string(p)}" for _, p in by[key]]
            msg = f"Apply failed with {len(items)} conflicts: " + "\n".join(lines)
        causes = [{"reason": "FieldManagerConflict", "message": f"conflict with {e.printed()}",
                   "field": fieldpaths.path_string(p)} for e, p in items]
        return errors.StatusError(409, "Conflict", msg, {"causes": causes})


def _ident_json(e: Entry) -> dict:
    # the manager identifier is the entry's JSON without fields and time (sorted by it)
    d = {"manager": e.manager, "operation": e.operation}
    if e.operation != "Apply":
        d["apiVersion"] = e.api_version
    if e.subresource:
        d["subresource"] = e.subresource
    return d


def apply(live: dict, config: dict, *, kind: str, manager: str, force: bool, now: str,
          has_status: bool, subresource: str | None = None) -> tuple[dict, list[Entry], bool]:
    """FieldManager.Apply: the merged object (not yet defaulted), the new entries, and whether
    the object changed. Raises Conflicts."""
    try:
        return _apply(live, config, kind, manager, force, now, has_status, subresource)
    except Conflicts as c:
        if manager != "kubectl" or force:
            raise
        # lastappliedmanager.go: kubectl's conflicts with what its client-side apply set, still
        # as the annotation says, are an upgrade from client-side apply, forced
        allowed = _allowed_from_last_applied(live, kind)
        rest = [(e, p) for e, p in c.items if allowed is None or not fieldpaths.has(allowed, list(p))]
        if rest:
            raise Conflicts(rest) from None
        return _apply(live, config, kind, manager, True, now, has_status, subresource)


def _apply(live, config, kind, manager, force, now, has_status, subresource):
    entries = live_entries(live)
    api_version = config.get("apiVersion", "")
    sub = subresource or ""
    me = Entry(manager, "Apply", api_version, None, sub, {})
    previous = next((e for e in entries if e.ident() == me.ident()), None)
    applied = _strip(fieldpaths.to_set(_view(config, subresource, has_status), kind))
    me.fields = applied
    if previous is not None:
        me.time = previous.time
    others = [e for e in entries if e.ident() != me.ident()]
    merged = merge(live, config, kind)
    if previous is not None:
        dropped = fieldpaths.difference(previous.fields, applied)
        if dropped:
            keep = applied
            for e in others:
                keep = fieldpaths.union(keep, e.fields)
            fieldpaths.remove(merged, dropped, kind, keep)
    c = fieldpaths.compare(_view(live, subresource, has_status), _view(merged, subresource, has_status), kind)
    changed = c.changed()
    conflicts = []
    for e in others:
        for p in fieldpaths.paths(fieldpaths.intersection(e.fields, changed)):
            conflicts.append((e, p))
    if conflicts and not force:
        raise Conflicts(conflicts)
    out = _taken(others, changed, c.removed)
    same = c.same()
    if not same:
        me.time = now
    if me.fields:
        out.append(me)
    return merged, out, not same


def _allowed_from_last_applied(live: dict, kind: str) -> dict | None:
    ann = ((live.get("metadata") or {}).get("annotations") or {}).get(LAST_APPLIED)
    if not ann:
        return None
    try:
        last = json.loads(ann)
    except ValueError:
        return None
    if not isinstance(last, dict) or last.get("apiVersion") != live.get("apiVersion"):
        return None
    fields = fieldpaths.to_set(last, kind)
    c = fieldpaths.compare(last, live, kind)
    for s in (c.modified, c.added, c.removed):
        fields = fieldpaths.difference(fields, s)
    return fields


def last_applied_after(live: dict, config: dict, manager: str) -> str | None:
    """lastappliedupdater.go: kubectl's server-side apply keeps an existing client-side annotation
    up to date with the configuration it applied (buildLastApplied: JSON, keys sorted, newline)."""
    if manager != "kubectl" or LAST_APPLIED not in ((live.get("metadata") or {}).get("annotations") or {}):
        return None
    c = objects.clone(config)
    ann = (c.get("metadata") or {}).get("annotations")
    if isinstance(ann, dict):
        ann.pop(LAST_APPLIED, None)
    return json.dumps(c, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"


# -- merging ----------------------------------------------------------------------------
def merge(live: Any, config: Any, kind: str) -> Any:
    """typed.Merge: the configuration's values win; objects merge field by field, keyed lists
    item by item (SMD merge.go's order: the live items, the configuration's shared ones in its
    order, its new ones after the shared one before them); atomic lists and objects are replaced."""
    return _merge(live, config, fieldpaths._Shape(kind))


def _merge(lhs: Any, rhs: Any, shape) -> Any:
    if isinstance(rhs, dict) and isinstance(lhs, dict) and not shape.atomic_object():
        out = dict(lhs)
        for k, v in rhs.items():
            out[k] = _merge(lhs[k], v, shape.child(k)) if k in lhs else objects.clone(v)
        return out
    if isinstance(rhs, list) and isinstance(lhs, list):
        if shape.is_set():
            return objects.clone(lhs) + [objects.clone(v) for v in rhs if v not in lhs]
        keys = shape.list_keys()
        if keys:
            li = fieldpaths._index(lhs, keys)
            ri = fieldpaths._index(rhs, keys)
            if li is not None and ri is not None:
                return _merge_keyed(lhs, rhs, li, ri, keys, shape)
    return objects.clone(rhs)


def _merge_keyed(lhs, rhs, li, ri, keys, shape) -> list:
    lpes = [fieldpaths._item_element(x, keys) for x in lhs]
    rpes = [fieldpaths._item_element(x, keys) for x in rhs]
    shared = [pe for pe in rpes if pe in li]
    out, done = [], set()
    l = r = 0
    while l < len(lpes) or r < len(rpes):
        if l < len(lpes) and r < len(rpes) and lpes[l] == rpes[r]:
            pe = lpes[l]
            out.append(_merge(li[pe], ri[pe], shape.item()))
            done.add(pe)
            if shared and shared[0] == pe:
                shared.pop(0)
            l, r = l + 1, r + 1
            continue
        if l < len(lpes):
            pe = lpes[l]
            if pe not in ri:
                out.append(objects.clone(li[pe]))
                l += 1
                continue
            if pe in done or (shared and shared[0] != pe):
                l += 1
                continue
        if r < len(rpes):
            pe = rpes[r]
            done.add(pe)
            out.append(_merge(li[pe], ri[pe], shape.item()) if pe in li else objects.clone(ri[pe]))
            if shared and shared[0] == pe:
                shared.pop(0)
            r += 1
        else:
            l += 1
    return out
