"""Shared informers: watch handlers per resource, fed synchronously by the store.

Like client-go's SharedInformerFactory, one store watch per resource fans out
to every registered handler (``on_add(obj)``, ``on_update(old, new)``,
``on_delete(obj)``). Handlers must only map an event to keys and enqueue them
(replica_set.go addPod/updatePod/deletePod → enqueueRS), because they run
inside the write that caused them.

While a handler runs, ``cluster.cause`` is the revision of the event, so the
keys it enqueues remember what caused them.

It also keeps an index of dependents by controller owner UID and store
directory, which the ReplicaSet, Job, DaemonSet and StatefulSet controllers use
to find their pods (or revisions, or jobs) without listing a whole namespace,
nor an owner's pods when they want its revisions.
"""
from __future__ import annotations

from typing import Callable

from clusters.apiserver import resources


class _Handlers:
    __slots__ = ("add", "update", "delete")

    def __init__(self):
        self.add: list[Callable] = []
        self.update: list[Callable] = []
        self.delete: list[Callable] = []


class Informers:
    def __init__(self, cluster):
        self.cluster = cluster
        self._handlers: dict[str, _Handlers] = {}
        self._prefix_to_plural: dict[str, str] = {}
        # owner uid -> store directory ("/registry/pods/ns/") -> {key: obj}, in last-write order
        self.owned: dict[str, dict[str, dict[str, dict]]] = {}
        # store directory ("/registry/pods/ns/") -> its handlers, found once by prefix
        self._by_dir: dict[str, _Handlers | None] = {}
        cluster.store.watch("/registry/", self._dispatch)

    def on(self, plural: str, add: Callable | None = None, update: Callable | None = None,
           delete: Callable | None = None, group: str | None = None) -> None:
        r = resources.by_plural(plural, group)
        h = self._handlers.get(r.directory())
        if h is None:
            h = self._handlers[r.directory()] = _Handlers()
        self._by_dir.clear()
        if add:
            h.add.append(add)
        if update:
            h.update.append(update)
        if delete:
            h.delete.append(delete)

    def _dispatch(self, event) -> None:
        kv = event.kv
        key = kv.key
        # "/registry/pods/ns/name" -> "/registry/pods/" ; "/registry/services/specs/ns/name" -> "/registry/services/specs/"
        directory = key[: key.rfind("/") + 1]
        try:
            h = self._by_dir[directory]
        except KeyError:
            h = None
            for d, hh in self._handlers.items():
                if key.startswith(d):
                    h = hh
                    break
            self._by_dir[directory] = h
        self._index(event, directory)
        if h is None:
            return
        cluster = self.cluster
        saved = cluster.cause
        cluster.cause = kv.mod_revision
        try:
            if event.type == "PUT":
                if event.prev is None:
                    for fn in h.add:
                        fn(kv.value)
                else:
                    for fn in h.update:
                        fn(event.prev.value, kv.value)
            else:
                for fn in h.delete:
                    fn(event.prev.value)
        finally:
            cluster.cause = saved

    def _index(self, event, directory: str) -> None:
        key = event.kv.key
        owned = self.owned
        if event.prev is not None:
            old_owner = _controller_uid(event.prev.value)
            if old_owner is not None:
                dirs = owned.get(old_owner)
                bucket = dirs.get(directory) if dirs is not None else None
                if bucket is not None:
                    bucket.pop(key, None)
                    if not bucket:
                        del dirs[directory]
                        if not dirs:
                            del owned[old_owner]
        if event.type == "PUT":
            owner = _controller_uid(event.kv.value)
            if owner is not None:
                dirs = owned.get(owner)
                if dirs is None:
                    dirs = owned[owner] = {}
                bucket = dirs.get(directory)
                if bucket is None:
                    dirs[directory] = {key: event.kv.value}
                else:
                    bucket[key] = event.kv.value

    def owned_by(self, uid: str, prefix: str = "") -> list[dict]:
        """What ``uid`` controls under a store directory ("/registry/pods/ns/"), in the order
        of their last writes; a prefix that is not a directory gathers every directory under it."""
        dirs = self.owned.get(uid)
        if not dirs:
            return []
        bucket = dirs.get(prefix)
        if bucket is not None:
            return list(bucket.values())
        return [o for d, bucket in dirs.items() if d.startswith(prefix) for o in bucket.values()]


def _controller_uid(obj: dict) -> str | None:
    for ref in (obj.get("metadata") or {}).get("ownerReferences") or ():
        if ref.get("controller"):
            return ref.get("uid")
    return None
