"""type: event, trace and order — things that happened, and in which order."""
from clusters.events import EventRecorder

from tests.labs.lab_factories import check, pod, typed


def record(cluster, obj, reason, message, type_="Normal", component="kubelet"):
    EventRecorder(cluster, component).event(obj, type_, reason, message)


def test_an_event_check_finds_an_event_by_reason_object_and_message(cluster):
    p = pod(cluster, "web-1", {"app": "web"})
    record(cluster, p, "BackOff", "Back-off restarting failed container", "Warning")
    record(cluster, p, "BackOff", "Back-off restarting failed container", "Warning")
    spec = {"type": "event", "reason": "BackOff", "kind": "Pod", "name_matches": "^web-", "message": "Back-off", "min": 2}
    out = check(spec, cluster)
    assert out.ok and out.actual == 2


def test_a_missing_event_says_so(cluster):
    out = check({"type": "event", "reason": "Killing", "kind": "Pod", "name": "web-1"}, cluster)
    assert not out.ok and out.message == "no Killing event for pod web-1 has been recorded yet"


def test_absent_asks_that_an_event_never_happened(cluster):
    p = pod(cluster, "web-1")
    assert check({"type": "event", "reason": "Failed", "absent": True}, cluster).ok
    record(cluster, p, "Failed", "Error: ErrImagePull", "Warning")
    out = check({"type": "event", "reason": "Failed", "absent": True}, cluster)
    assert not out.ok and "Error: ErrImagePull" in out.message


def test_a_trace_check_sees_which_component_wrote_what(cluster):
    pod(cluster, "web-1")
    assert check({"type": "trace", "component": "kubectl", "verb": "create", "kind": "Pod", "name": "web-1"}, cluster).ok
    # The cluster's own add-ons (coredns, metrics-server) were created by the ReplicaSet controller at boot.
    assert check({"type": "trace", "component": "replicaset-controller", "verb": "create", "kind": "Pod"}, cluster).ok
    out = check({"type": "trace", "component": "replicaset-controller", "verb": "create", "kind": "Pod",
                 "name_matches": "^web-"}, cluster)
    assert not out.ok and out.message == 'the trace does not show "replicaset-controller creates pod /^web-/" yet'


def test_order_compares_first_occurrences_in_virtual_time(cluster):
    p = pod(cluster, "web-1")
    record(cluster, p, "Scheduled", "Successfully assigned default/web-1 to node-1")
    cluster.clock.run(cluster.now + 5)
    record(cluster, p, "Killing", "Stopping container c")
    spec = {"type": "order", "first": {"event": {"reason": "Scheduled"}}, "then": {"event": {"reason": "Killing"}}}
    assert check(spec, cluster).ok
    out = check({"type": "order", "first": spec["then"], "then": spec["first"]}, cluster)
    assert not out.ok and "the task asks for it afterwards" in out.message


def test_order_between_commands_typed_in_the_same_instant_follows_the_journal(cluster):
    typed(cluster, "kubectl cordon node-1", "kubectl drain node-1 --ignore-daemonsets")
    spec = {"type": "order", "first": {"command": "kubectl cordon"}, "then": {"command": "kubectl drain"}}
    assert check(spec, cluster).ok
    assert not check({"type": "order", "first": spec["then"], "then": spec["first"]}, cluster).ok


def test_order_waits_for_both_sides(cluster):
    typed(cluster, "kubectl cordon node-1")
    out = check({"type": "order", "first": {"command": "cordon"}, "then": {"command": "drain"}}, cluster)
    assert not out.ok and "has not happened yet" in out.message


def test_order_sides_must_name_exactly_one_kind():
    from labs import checks
    assert checks.build({"type": "order", "first": {}, "then": {"command": "("}}).problems() == [
        (("first",), "give exactly one of event, trace or command"),
        (("then", "command"), "not a valid regular expression: missing ), unterminated subpattern at position 0")]


def test_order_passes_when_the_second_thing_happens_again_afterwards(cluster):
    spec = {"type": "order", "first": {"command": "kubectl label"}, "then": {"command": "etcdctl get .* -w json"}}
    typed(cluster, "etcdctl get /registry/pods/default/my-app -w json", "kubectl label pod my-app tier=web")
    assert not check(spec, cluster).ok
    typed(cluster, "etcdctl get /registry/pods/default/my-app -w json")
    assert check(spec, cluster).ok
