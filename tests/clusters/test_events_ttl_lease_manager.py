"""Events expire after --event-ttl (1 h) through shared etcd leases
(k8s.io/apiserver/pkg/storage/etcd3/lease_manager.go: TTL + 60 s, reused for 60 s)."""
from clusters import Cluster, ClusterSpec


def _events(c, reason):
    return [e for e in c.api.list("events", "default") if e["reason"] == reason]


def test_events_live_an_hour_then_go_with_their_lease():
    c = Cluster(ClusterSpec(nodes=1), seed=4)
    c.run("kubectl run a --image=nginx")
    c.advance(30)
    c.run("kubectl run b --image=nginx")  # 30 s later: joins the first lease
    c.advance(50)
    c.run("kubectl run d --image=nginx")  # 80 s after the first: a new lease
    assert len(_events(c, "Scheduled")) == 3
    c.advance(3600 - 80 - 1)  # 3,599 s after the first event
    assert len(_events(c, "Scheduled")) == 3
    c.advance(62)  # past 3,660 s: the first lease ran out, taking a and b's events
    names = sorted(e["involvedObject"]["name"] for e in _events(c, "Scheduled"))
    assert names == ["d"]
    c.advance(120)
    assert _events(c, "Scheduled") == []


def test_a_deduplicated_event_is_found_again_after_its_predecessor_expired():
    c = Cluster(ClusterSpec(nodes=1), seed=4)
    c.run("kubectl run crash --image=busybox -- sh -c 'exit 1'")
    c.advance(3700)
    # BackOff keeps being recorded: after the old object expired a new one is created.
    assert _events(c, "BackOff"), "the kubelet's BackOff event must exist after an hour of back-off"
