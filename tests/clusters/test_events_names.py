"""Event names are ``<object>.<hex UnixNano>`` and, as time.Now() does upstream
(client-go tools/record/event.go makeEvent), later events carry larger names,
even when many are made within one virtual instant."""
from clusters import Cluster, ClusterSpec


def _nanos(event):
    return int(event["metadata"]["name"].rsplit(".", 1)[1], 16)


def test_events_made_later_have_larger_names_within_one_instant():
    c = Cluster(ClusterSpec(nodes=2), seed=7)
    c.run("kubectl create deployment web --image=nginx --replicas=6")
    c.advance(30)
    made = sorted(c.api.list("events", "default"), key=lambda e: int(e["metadata"]["resourceVersion"]))
    stamps = [_nanos(e) for e in made]
    assert len(stamps) > 20
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)


def test_a_name_stays_within_microseconds_of_its_instant():
    c = Cluster(ClusterSpec(nodes=1), seed=7)
    c.run("kubectl run one --image=nginx")
    [ev] = [e for e in c.api.list("events", "default") if e["reason"] == "Scheduled"]
    instant = int((c.epoch + c.clock.now) * 1e9)
    assert 0 < _nanos(ev) - instant < 1_000_000


def test_get_events_lists_one_object_s_events_in_the_order_they_happened():
    c = Cluster(ClusterSpec(nodes=1), seed=7)
    c.run("kubectl run one --image=nginx")
    c.advance(30)
    reasons = [line.split()[2] for line in c.run("kubectl get events").text.splitlines()
               if "pod/one" in line]
    assert reasons == ["Scheduled", "Pulling", "Pulled", "Created", "Started"]


def test_replaying_names_events_alike():
    a, b = Cluster(ClusterSpec(nodes=1), seed=9), Cluster(ClusterSpec(nodes=1), seed=9)
    for c in (a, b):
        c.run("kubectl run one --image=nginx")
        c.advance(20)
    assert [e["metadata"]["name"] for e in a.api.list("events", "default")] == \
        [e["metadata"]["name"] for e in b.api.list("events", "default")]
