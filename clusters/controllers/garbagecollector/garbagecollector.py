"""The garbage collector, after kubernetes/kubernetes:pkg/controller/garbagecollector/garbagecollector.go.

Upstream keeps a graph of every object and its ownerReferences (graph_builder.go)
fed by watches of all resources; here one store watch keeps the same graph as
two indexes: uid → store key, and owner uid → dependents' keys. Work items
are store keys:

- a dependent whose owners are all gone is deleted (attemptToDeleteItem):
  Background, or Foreground when an owner is waiting for its dependents and
  it has dependents of its own; owners that are gone or waiting are dropped
  from its ownerReferences when a solid owner remains;
- an owner deleted with ``propagationPolicy=Orphan`` carries the ``orphan``
  finalizer: its dependents lose their ownerReference to it, then the
  finalizer goes (orphanDependents);
- an owner deleted with ``propagationPolicy=Foreground`` carries the
  ``foregroundDeletion`` finalizer: its dependents with blockOwnerDeletion
  are deleted first, and the finalizer goes once none is left
  (processDeletingDependentsItem).
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import errors, resources
from clusters.controllers.base import Controller

ORPHAN = "orphan"
FOREGROUND = "foregroundDeletion"
# Objects that never own or depend on anything, and are written very often.
_SKIP = ("/registry/events/",)


def _refs(obj: dict | None) -> list[dict]:
    if obj is None:
        return []
    return (obj.get("metadata") or {}).get("ownerReferences") or []


class GarbageCollector(Controller):
    name = "garbage-collector-controller"

    def __init__(self, cluster):
        super().__init__(cluster)
        self._uids: dict[str, str] = {}
        self._dependents: dict[str, dict[str, None]] = {}

    def start(self) -> None:
        for kv in self.cluster.store.range("/registry/"):
            if kv.key.startswith(_SKIP):
                continue
            self._add(kv.key, kv.value)
        for kv in self.cluster.store.range("/registry/"):
            if not kv.key.startswith(_SKIP):
                self._check(kv.key, kv.value)
        self.cluster.store.watch("/registry/", self._observe)

    # -- the graph (graph_builder.go) ---------------------------------------------
    def _add(self, key: str, obj: dict) -> None:
        uid = (obj.get("metadata") or {}).get("uid")
        if uid:
            self._uids[uid] = key
        for ref in _refs(obj):
            self._dependents.setdefault(ref.get("uid"), {})[key] = None

    def _drop_refs(self, key: str, obj: dict | None, keep: set) -> list[str]:
        gone = []
        for ref in _refs(obj):
            uid = ref.get("uid")
            if uid in keep:
                continue
            deps = self._dependents.get(uid)
            if deps is not None:
                deps.pop(key, None)
                if not deps:
                    del self._dependents[uid]
            gone.append(uid)
        return gone

    def _observe(self, event) -> None:
        key = event.kv.key
        if key.startswith(_SKIP):
            return
        cause = self.cluster.cause
        self.cluster.cause = event.kv.mod_revision
        try:
            if event.type == "PUT":
                obj = event.kv.value
                new_uids = {r.get("uid") for r in _refs(obj)}
                removed = self._drop_refs(key, event.prev.value if event.prev else None, new_uids)
                self._add(key, obj)
                self._check(key, obj)
                for owner_uid in removed:
                    self._wake_waiting_owner(owner_uid)
            else:
                obj = event.prev.value
                uid = (obj.get("metadata") or {}).get("uid")
                if uid and self._uids.get(uid) == key:
                    del self._uids[uid]
                removed = self._drop_refs(key, obj, set())
                # Its dependents are now dangling.
                for dep in list(self._dependents.get(uid, ())):
                    self.enqueue(dep)
                for owner_uid in removed:
                    self._wake_waiting_owner(owner_uid)
        finally:
            self.cluster.cause = cause

    def _check(self, key: str, obj: dict) -> None:
        """Enqueue what the GC must act on: deletions with its finalizers, and dangling references."""
        m = obj.get("metadata") or {}
        if m.get("deletionTimestamp") and (ORPHAN in (m.get("finalizers") or ()) or FOREGROUND in (m.get("finalizers") or ())):
            self.enqueue(key)
            return
        for ref in _refs(obj):
            owner_key = self._uids.get(ref.get("uid"))
            if owner_key is None:
                self.enqueue(key)
                return
            owner = self.cluster.store.get(owner_key)
            if owner is not None and owner.value["metadata"].get("deletionTimestamp"):
                self.enqueue(key)
                return

    def _wake_waiting_owner(self, owner_uid: str) -> None:
        owner_key = self._uids.get(owner_uid)
        if owner_key is None:
            return
        kv = self.cluster.store.get(owner_key)
        if kv is not None and FOREGROUND in (kv.value["metadata"].get("finalizers") or ()):
            self.enqueue(owner_key)

    def dependents(self, uid: str) -> list[dict]:
        out = []
        for key in sorted(self._dependents.get(uid, ())):
            kv = self.cluster.store.get(key)
            if kv is not None:
                out.append(kv.value)
        return out

    # -- work ---------------------------------------------------------------------
    def sync(self, key: str):
        kv = self.cluster.store.get(key)
        if kv is None:
            return None
        obj = kv.value
        m = obj["metadata"]
        fins = m.get("finalizers") or ()
        if m.get("deletionTimestamp"):
            if ORPHAN in fins:
                self.orphan_dependents(obj)
            elif FOREGROUND in fins:
                self.process_deleting_dependents(obj)
            return None
        self.attempt_to_delete(obj)
        return None

    def _resource(self, obj: dict):
        return resources.by_kind(obj.get("kind", ""), obj.get("apiVersion"))

    def _update(self, obj: dict) -> None:
        r = self._resource(obj)
        try:
            self.client.update(r, obj)
        except errors.StatusError as e:
            if e.code != 404:
                raise

    def _delete(self, obj: dict, policy: str) -> None:
        r = self._resource(obj)
        m = obj["metadata"]
        self.cluster.log(self.name, f'"Deleting item" item="{r.kind} {m.get("namespace", "")}/{m["name"]}" propagationPolicy="{policy}"')
        try:
            self.client.delete(r, m["name"], m.get("namespace"), propagation=policy, uid=m["uid"])
        except errors.StatusError as e:
            if e.code not in (404, 409):
                raise

    def _owner(self, ref: dict) -> dict | None:
        key = self._uids.get(ref.get("uid"))
        if key is None:
            return None
        kv = self.cluster.store.get(key)
        return kv.value if kv is not None else None

    def attempt_to_delete(self, obj: dict) -> None:
        """attemptToDeleteItem: classify owners as solid, dangling or waiting, then act."""
        refs = _refs(obj)
        if not refs:
            return
        solid, dangling, waiting = [], [], []
        for ref in refs:
            owner = self._owner(ref)
            if owner is None:
                dangling.append(ref)
            elif owner["metadata"].get("deletionTimestamp") and FOREGROUND in (owner["metadata"].get("finalizers") or ()):
                waiting.append(ref)
            else:
                solid.append(ref)
        uid = obj["metadata"]["uid"]
        if solid:
            if not dangling and not waiting:
                return
            drop = {r.get("uid") for r in dangling + waiting}
            new = objects.clone(obj)
            new["metadata"]["ownerReferences"] = [r for r in refs if r.get("uid") not in drop]
            self._update(new)
            return
        if waiting and self._dependents.get(uid):
            # Its owner waits for it, and it has dependents of its own: delete it in the foreground too.
            self._delete(obj, "Foreground")
            return
        if not dangling and not waiting:
            return
        fins = obj["metadata"].get("finalizers") or ()
        policy = "Orphan" if ORPHAN in fins else ("Foreground" if FOREGROUND in fins else "Background")
        self._delete(obj, policy)

    def orphan_dependents(self, owner: dict) -> None:
        """orphanDependents, then remove the orphan finalizer."""
        uid = owner["metadata"]["uid"]
        for dep in self.dependents(uid):
            new = objects.clone(dep)
            refs = [r for r in _refs(dep) if r.get("uid") != uid]
            if refs:
                new["metadata"]["ownerReferences"] = refs
            else:
                new["metadata"].pop("ownerReferences", None)
            self._update(new)
        self._remove_finalizer(owner, ORPHAN)

    def process_deleting_dependents(self, owner: dict) -> None:
        """processDeletingDependentsItem: delete blocking dependents; drop the finalizer when none remain."""
        uid = owner["metadata"]["uid"]
        blocking = []
        for dep in self.dependents(uid):
            for ref in _refs(dep):
                if ref.get("uid") == uid and ref.get("blockOwnerDeletion"):
                    blocking.append(dep)
                    break
        if not blocking:
            self._remove_finalizer(owner, FOREGROUND)
            return
        for dep in blocking:
            if not dep["metadata"].get("deletionTimestamp"):
                self.attempt_to_delete(dep)

    def _remove_finalizer(self, obj: dict, finalizer: str) -> None:
        new = objects.clone(obj)
        fins = [f for f in new["metadata"].get("finalizers") or () if f != finalizer]
        if fins:
            new["metadata"]["finalizers"] = fins
        else:
            new["metadata"].pop("finalizers", None)
        self._update(new)
