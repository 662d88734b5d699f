"""A cluster is a pure function of (spec, seed, journal).

Replaying a journal gives the same state byte for byte, and a snapshot
restores to the same state and then evolves identically (DESIGN.md §2,
"Determinism"). Hypothesis draws random command sequences.
"""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clusters import Cluster, ClusterSpec

NAMES = st.sampled_from(["web", "api", "db", "cache"])
IMAGES = st.sampled_from(["nginx", "nginx:1.27", "busybox", "redis", "no-such-image:0.1", "kubelab/crashloop"])

COMMANDS = st.one_of(
    st.builds(lambda n, i, r: f"kubectl create deployment {n} --image={i} --replicas={r}", NAMES, IMAGES, st.integers(0, 6)),
    st.builds(lambda n, r: f"kubectl scale deployment {n} --replicas={r}", NAMES, st.integers(0, 8)),
    st.builds(lambda n: f"kubectl delete deployment {n}", NAMES),
    st.builds(lambda n, i: f"kubectl set image deployment/{n} {n}={i}", NAMES, IMAGES),
    st.builds(lambda n: f"kubectl expose deployment {n} --port=80", NAMES),
    st.builds(lambda n: f"kubectl run {n}-pod --image=busybox -- sleep 3600", NAMES),
    st.builds(lambda s: f"sim advance {s}s", st.integers(1, 400)),
    st.sampled_from(["kubectl get pods -A", "kubectl get deploy,rs,svc", "kubectl get nodes", "sim node fail node-2",
                     "sim node recover node-2", "kubectl cordon node-1", "kubectl uncordon node-1",
                     "kubectl create namespace dev", "kubectl delete namespace dev", "kubectl get events -A"]),
)
STEP = st.one_of(COMMANDS.map(lambda c: ("cmd", c)), st.floats(0.0, 120.0).map(lambda d: ("wait", d)))


def _play(steps, seed=3):
    c = Cluster(ClusterSpec(nodes=2), seed=seed)
    outputs = []
    for kind, arg in steps:
        if kind == "cmd":
            outputs.append(c.run(arg).text)
        else:
            c.advance(arg)
    return c, outputs


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(STEP, min_size=1, max_size=12))
def test_replaying_the_journal_gives_the_same_cluster_byte_for_byte(steps):
    original, outputs = _play(steps)
    replayed = Cluster.replay(original.spec, original.seed, original.journal)
    assert replayed.state_digest() == original.state_digest()
    assert original.bugs == [] and replayed.bugs == []


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(STEP, min_size=1, max_size=8), st.lists(STEP, min_size=1, max_size=6))
def test_a_snapshot_restores_and_then_evolves_like_the_original(before, after):
    original, _ = _play(before)
    restored = Cluster.restore(original.snapshot())
    assert restored.state_digest() == original.state_digest()
    outs_a, outs_b = [], []
    for kind, arg in after:
        for c, outs in ((original, outs_a), (restored, outs_b)):
            if kind == "cmd":
                outs.append(c.run(arg).text)
            else:
                c.advance(arg)
    assert outs_a == outs_b
    assert restored.state_digest() == original.state_digest()


def test_plain_advances_collapse_into_one_journal_entry():
    c = Cluster(seed=1)
    c.advance_to(c.now + 5)
    c.advance_to(c.now + 5)
    c.run("kubectl get nodes")
    c.advance_to(c.now + 1)
    assert [sorted(e) for e in c.journal] == [["t"], ["cmd", "t"], ["t"]]


def test_a_snapshot_from_other_simulation_code_is_refused_so_the_host_replays():
    import pytest

    from clusters import cluster as cluster_module

    data = Cluster(seed=1).snapshot()
    head = len(cluster_module.SNAPSHOT_MAGIC)
    other = data[:head] + bytes(b ^ 0xFF for b in data[head:head + 16]) + data[head + 16:]
    with pytest.raises(ValueError, match="another version"):
        Cluster.restore(other)
    with pytest.raises(ValueError, match="not a cluster snapshot"):
        Cluster.restore(b"garbage")
