"""type: command — what the learner typed, from the journal."""
from tests.labs.lab_factories import check, typed

SCALE = {"type": "command", "matches": r"kubectl\s+scale\b.*\bweb\b", "absent": r"kubectl\s+(edit|patch)\b",
         "example": "kubectl scale deployment web --replicas=5"}


def test_it_passes_when_a_typed_line_matches(cluster):
    typed(cluster, "kubectl get deploy", "kubectl scale deployment web --replicas=5")
    out = check(SCALE, cluster)
    assert out.ok and out.message == "you typed `kubectl scale deployment web --replicas=5`"


def test_it_suggests_the_example_when_nothing_matches(cluster):
    typed(cluster, "kubectl get deploy")
    out = check(SCALE, cluster)
    assert out.message == "you have not typed a command such as `kubectl scale deployment web --replicas=5` yet"


def test_scaling_by_editing_does_not_count_as_scaling_with_kubectl_scale(cluster):
    typed(cluster, "kubectl edit deployment web", "kubectl scale deployment web --replicas=5")
    out = check(SCALE, cluster)
    assert not out.ok and out.message == "you typed `kubectl edit deployment web`; this step asks you not to do it that way"


def test_cordon_must_come_before_drain(cluster):
    spec = {"type": "command", "matches": r"kubectl\s+cordon\s+node-2", "before": r"kubectl\s+drain\s+node-2"}
    typed(cluster, "kubectl drain node-2 --ignore-daemonsets", "kubectl cordon node-2")
    out = check(spec, cluster)
    assert not out.ok and "the order matters" in out.message


def test_cordon_then_drain_passes(cluster):
    spec = {"type": "command", "matches": r"kubectl\s+cordon\s+node-2", "before": r"kubectl\s+drain\s+node-2"}
    typed(cluster, "kubectl cordon node-2", "kubectl get pods -o wide", "kubectl drain node-2 --ignore-daemonsets")
    assert check(spec, cluster).ok


def test_lines_from_setup_are_not_the_learners(cluster):
    assert not check({"type": "command", "matches": "."}, cluster).ok


def test_min_counts_matching_lines(cluster):
    typed(cluster, "kubectl logs web", "kubectl logs web --previous")
    assert check({"type": "command", "matches": r"kubectl logs", "min": 2}, cluster).ok
    assert not check({"type": "command", "matches": r"kubectl logs", "min": 3}, cluster).ok
