"""The MVCC store behaves like etcd where the API server relies on it."""
import pytest

from clusters.store import CompactedError, Store


def test_every_write_bumps_one_global_revision_like_etcd():
    s = Store()
    a = s.put("/registry/pods/default/a", {"n": 1})
    b = s.put("/registry/pods/default/b", {"n": 2})
    a2 = s.put("/registry/pods/default/a", {"n": 3})
    assert (a.mod_revision, b.mod_revision, a2.mod_revision) == (2, 3, 4)
    assert a2.create_revision == 2 and a2.version == 2


def test_range_returns_keys_sorted_under_a_prefix():
    s = Store()
    for k in ("/registry/pods/ns2/x", "/registry/pods/default/b", "/registry/pods/default/a", "/registry/minions/n1"):
        s.put(k, {})
    assert [kv.key for kv in s.range("/registry/pods/")] == [
        "/registry/pods/default/a", "/registry/pods/default/b", "/registry/pods/ns2/x"]
    assert [kv.key for kv in s.range("/registry/pods/default/a")] == ["/registry/pods/default/a"]


def test_reads_at_a_past_revision_see_the_old_value():
    s = Store()
    s.put("/k/a", {"v": 1})
    rev = s.revision
    s.put("/k/a", {"v": 2})
    s.delete("/k/a")
    assert s.get("/k/a") is None
    assert s.get("/k/a", revision=rev).value == {"v": 1}


def test_watch_from_a_compacted_revision_is_refused_like_etcd():
    s = Store()
    for i in range(5):
        s.put("/k/a", {"v": i})
    s.compact(4)
    with pytest.raises(CompactedError):
        s.watch("/k/", lambda e: None, start_revision=2)
    seen = []
    s.watch("/k/", seen.append, start_revision=5)
    assert [e.revision for e in seen] == [5, 6]


def test_watch_delivers_puts_and_deletes_with_previous_values():
    s = Store()
    events = []
    s.watch("/registry/pods/", events.append)
    s.put("/registry/pods/default/a", {"v": 1})
    s.put("/registry/pods/default/a", {"v": 2})
    s.delete("/registry/pods/default/a")
    s.put("/registry/minions/n", {})
    assert [(e.type, e.prev.value if e.prev else None) for e in events] == [
        ("PUT", None), ("PUT", {"v": 1}), ("DELETE", {"v": 2})]
