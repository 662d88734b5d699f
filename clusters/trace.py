"""Who wrote what, and why.

Every API write is recorded with the component that made it, the verb, the
object, and its cause: the revision of the earlier write whose watch event
made the component act, or the learner's command (``"cmd:N"``, the Nth entry
of the journal). ``chain(revision)`` walks causes back to the command, which
is what ``sim explain`` prints.

The trace is bounded: old entries fall off once ``limit`` is exceeded, and
the live panel reads it by cursor.
"""
from __future__ import annotations

from collections import deque
from typing import Any


class Entry:
    __slots__ = ("seq", "revision", "t", "component", "verb", "kind", "resource", "namespace", "name", "cause", "message")

    def __init__(self, seq, revision, t, component, verb, kind, resource, namespace, name, cause, message):
        self.seq = seq
        self.revision = revision
        self.t = t
        self.component = component
        self.verb = verb
        self.kind = kind
        self.resource = resource
        self.namespace = namespace
        self.name = name
        self.cause = cause
        self.message = message

    def as_dict(self) -> dict:
        return {
            "seq": self.seq, "revision": self.revision, "t": self.t, "component": self.component,
            "verb": self.verb, "kind": self.kind, "namespace": self.namespace, "name": self.name,
            "cause": self.cause, "message": self.message,
        }


class Trace:
    def __init__(self, limit: int = 20_000):
        self.limit = limit
        self.entries: deque[Entry] = deque()
        self.by_revision: dict[int, Entry] = {}
        self.seq = 0

    def record(self, revision: int, t: float, component: str, verb: str, resource, namespace, name: str,
               cause: Any = None, message: str = "") -> Entry:
        self.seq += 1
        e = Entry(self.seq, revision, t, component, verb, resource.kind, resource.plural, namespace, name, cause, message)
        self.entries.append(e)
        self.by_revision[revision] = e
        if len(self.entries) > self.limit:
            old = self.entries.popleft()
            self.by_revision.pop(old.revision, None)
        return e

    def note(self, t: float, component: str, message: str, cause: Any = None) -> Entry:
        """A trace line that is not a write (a kubelet pulling an image, a probe failing)."""
        self.seq += 1
        e = Entry(self.seq, None, t, component, "note", "", "", None, "", cause, message)
        self.entries.append(e)
        if len(self.entries) > self.limit:
            old = self.entries.popleft()
            self.by_revision.pop(old.revision, None)
        return e

    def since(self, cursor: int, limit: int | None = None) -> tuple[list[Entry], int]:
        out = [e for e in self.entries if e.seq > cursor] if self.entries and self.entries[-1].seq > cursor else []
        if limit is not None and len(out) > limit:
            out = out[-limit:]
        return out, self.seq

    def chain(self, revision: int) -> list[Entry]:
        """The causal chain ending at ``revision``, oldest first."""
        out: list[Entry] = []
        seen = set()
        cur = self.by_revision.get(revision)
        while cur is not None and cur.revision not in seen:
            out.append(cur)
            seen.add(cur.revision)
            if isinstance(cur.cause, int):
                cur = self.by_revision.get(cur.cause)
            else:
                break
        out.reverse()
        return out

    def last_write(self, kind: str, namespace: str | None, name: str) -> Entry | None:
        for e in reversed(self.entries):
            if e.kind == kind and e.name == name and e.namespace == namespace and e.revision is not None:
                return e
        return None
