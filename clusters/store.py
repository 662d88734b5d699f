"""An etcd-like MVCC store.

One global revision; every put or delete bumps it. A key's value is the
object as the API server stored it (a dict, encoded as JSON when etcdctl
prints it; real clusters store protobuf, see clusters/console/etcdctl.py).
``resourceVersion`` is the key's mod revision, as upstream's etcd3 store
sets it (k8s.io/apiserver/pkg/storage/etcd3/store.go).

Past revisions live in an event log until compaction, which is what makes
``etcdctl get --rev`` and watches from a revision work, and what gives the
``410 Expired`` a stale watch gets (k8s.io/apiserver/pkg/storage/cacher/
watch_cache.go, "too old resource version: %d (%d)").

Keys are indexed by directory (everything up to the last "/") so that a
listing of one resource in one namespace never scans the whole store.
"""
from __future__ import annotations

from typing import Callable, Iterator


class KeyValue:
    __slots__ = ("key", "value", "create_revision", "mod_revision", "version")

    def __init__(self, key: str, value: dict, create_revision: int, mod_revision: int, version: int):
        self.key = key
        self.value = value
        self.create_revision = create_revision
        self.mod_revision = mod_revision
        self.version = version


class WatchEvent:
    __slots__ = ("type", "kv", "prev")

    def __init__(self, type: str, kv: KeyValue, prev: KeyValue | None):
        self.type = type  # "PUT" or "DELETE"
        self.kv = kv
        self.prev = prev

    @property
    def revision(self) -> int:
        return self.kv.mod_revision


class CompactedError(Exception):
    """A read or watch asked for a revision that compaction has removed."""

    def __init__(self, requested: int, compacted: int):
        super().__init__(f"mvcc: required revision has been compacted")
        self.requested = requested
        self.compacted = compacted


class FutureRevisionError(Exception):
    def __init__(self):
        super().__init__("mvcc: required revision is a future revision")


def _split(key: str) -> tuple[str, str]:
    i = key.rfind("/")
    return key[: i + 1], key[i + 1 :]


class Store:
    # History kept before the oldest half is compacted regardless of time, so
    # a burst of writes cannot grow memory without bound between compactions.
    # The API server compacts every 5 minutes (bootstrap.compact), and a lab's
    # cluster writes a few thousand times in that; a 30,000-pod burst writes
    # 360,000, whose old versions would hold a tenth of a gigabyte.
    MAX_LOG = 50_000

    def __init__(self):
        self.revision = 1  # etcd starts at revision 1 with an empty keyspace
        self.compact_revision = 0
        self._dirs: dict[str, dict[str, KeyValue]] = {}
        self._log: list[WatchEvent] = []
        self._watchers: list[tuple[str, Callable[[WatchEvent], None]]] = []
        self.bytes_estimate = 0

    # -- writes ---------------------------------------------------------
    def put(self, key: str, value: dict) -> KeyValue:
        d, name = _split(key)
        bucket = self._dirs.get(d)
        if bucket is None:
            bucket = self._dirs[d] = {}
        prev = bucket.get(name)
        self.revision += 1
        rev = self.revision
        if prev is None:
            kv = KeyValue(key, value, rev, rev, 1)
        else:
            kv = KeyValue(key, value, prev.create_revision, rev, prev.version + 1)
        bucket[name] = kv
        self._emit(WatchEvent("PUT", kv, prev))
        return kv

    def delete(self, key: str) -> KeyValue | None:
        d, name = _split(key)
        bucket = self._dirs.get(d)
        prev = bucket.pop(name, None) if bucket else None
        if prev is None:
            return None
        if not bucket:
            del self._dirs[d]
        self.revision += 1
        tomb = KeyValue(key, prev.value, prev.create_revision, self.revision, 0)
        self._emit(WatchEvent("DELETE", tomb, prev))
        return prev

    def _emit(self, event: WatchEvent) -> None:
        self._log.append(event)
        if len(self._log) > self.MAX_LOG:
            self.compact(self._log[len(self._log) // 2].revision)
        key = event.kv.key
        for prefix, callback in self._watchers:
            if key.startswith(prefix):
                callback(event)

    # -- reads ----------------------------------------------------------
    def get(self, key: str, revision: int | None = None) -> KeyValue | None:
        if revision is not None and revision != self.revision:
            return self._get_at(key, revision)
        d, name = _split(key)
        bucket = self._dirs.get(d)
        return bucket.get(name) if bucket else None

    def range(self, prefix: str, revision: int | None = None) -> list[KeyValue]:
        """Every key starting with ``prefix``, sorted by key, as etcd returns them."""
        if revision is not None and revision != self.revision:
            return self._range_at(prefix, revision)
        out: list[KeyValue] = []
        for d, bucket in self._dirs.items():
            if d.startswith(prefix):
                out.extend(bucket.values())
            elif prefix.startswith(d):
                for name, kv in bucket.items():
                    if kv.key.startswith(prefix):
                        out.append(kv)
        out.sort(key=lambda kv: kv.key)
        return out

    def bucket(self, directory: str) -> dict[str, KeyValue]:
        """The keys directly under ``directory`` (which ends with "/"), unsorted, read-only."""
        return self._dirs.get(directory, {})

    def directories(self, prefix: str) -> Iterator[str]:
        for d in self._dirs:
            if d.startswith(prefix):
                yield d

    def count(self, prefix: str) -> int:
        n = 0
        for d, bucket in self._dirs.items():
            if d.startswith(prefix):
                n += len(bucket)
            elif prefix.startswith(d):
                n += sum(1 for kv in bucket.values() if kv.key.startswith(prefix))
        return n

    def _check_revision(self, revision: int) -> None:
        if revision > self.revision:
            raise FutureRevisionError()
        if revision < self.compact_revision:
            raise CompactedError(revision, self.compact_revision)

    def _state_at(self, prefix: str, revision: int) -> dict[str, KeyValue]:
        # Undo the log backwards from now to ``revision``.
        self._check_revision(revision)
        state = {kv.key: kv for kv in self.range(prefix)}
        for event in reversed(self._log):
            if event.revision <= revision:
                break
            key = event.kv.key
            if not key.startswith(prefix):
                continue
            if event.prev is None:
                state.pop(key, None)
            else:
                state[key] = event.prev
        return state

    def _get_at(self, key: str, revision: int) -> KeyValue | None:
        return self._state_at(key, revision).get(key)

    def _range_at(self, prefix: str, revision: int) -> list[KeyValue]:
        return sorted(self._state_at(prefix, revision).values(), key=lambda kv: kv.key)

    # -- watches --------------------------------------------------------
    def watch(self, prefix: str, callback: Callable[[WatchEvent], None], start_revision: int | None = None) -> Callable[[], None]:
        """Deliver every event under ``prefix``; replay from ``start_revision`` first.

        Returns a function that cancels the watch.
        """
        if start_revision is not None and start_revision > 0:
            if start_revision < self.compact_revision:
                raise CompactedError(start_revision, self.compact_revision)
            for event in self._log:
                if event.revision >= start_revision and event.kv.key.startswith(prefix):
                    callback(event)
        entry = (prefix, callback)
        self._watchers.append(entry)

        def cancel() -> None:
            if entry in self._watchers:
                self._watchers.remove(entry)

        return cancel

    def events_since(self, revision: int, prefix: str = "") -> list[WatchEvent]:
        if revision < self.compact_revision:
            raise CompactedError(revision, self.compact_revision)
        return [e for e in self._log if e.revision > revision and e.kv.key.startswith(prefix)]

    # -- compaction -----------------------------------------------------
    def compact(self, revision: int) -> None:
        """Forget history at and before ``revision``, as ``etcdctl compact`` does."""
        if revision <= self.compact_revision:
            return
        revision = min(revision, self.revision)
        log = self._log
        i = 0
        while i < len(log) and log[i].revision <= revision:
            i += 1
        del log[:i]
        self.compact_revision = revision

    def log_size(self) -> int:
        return len(self._log)

    def __len__(self) -> int:
        return sum(len(b) for b in self._dirs.values())
