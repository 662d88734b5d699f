"""The scheduling queue's timing (pkg/scheduler/backend/queue/scheduling_queue.go, 1.32):
one FailedScheduling per attempt, back-off 1 s doubling to 10 s on a 1 s ticker,
and unschedulable pods flushed after more than 5 minutes on a 30 s ticker."""
from clusters.scheduler import queue

from tests.clusters.scheduler.conftest import events_for, make_pod


def _attempts(cluster, name):
    [ev] = events_for(cluster, name, "FailedScheduling")
    return ev["count"]


def test_one_attempt_records_one_failed_scheduling_event_handle_scheduling_failure(workers_only):
    c = workers_only
    make_pod(c, "big", cpu="64")
    c.advance(5)
    assert _attempts(c, "big") == 1
    text = c.run("kubectl describe pod big").text
    assert "Warning  FailedScheduling  5s    default-scheduler  0/3 nodes are available: 3 Insufficient cpu." in text
    # The scheduler's own PodScheduled=False write left the pod parked.
    assert "default/big" in c.scheduler.queue.unschedulable


def test_a_status_only_update_does_not_requeue_the_pod_is_pod_updated(workers_only):
    c = workers_only
    make_pod(c, "big", cpu="64")
    pod = c.get("pods", "big")
    pod = dict(pod, status=dict(pod["status"], message="touched"))
    c.api.update_status("pods", pod)
    c.advance(5)
    assert _attempts(c, "big") == 1


def test_unschedulable_pods_are_flushed_after_more_than_five_minutes_flush_unschedulable_pods_leftover(workers_only):
    c = workers_only
    make_pod(c, "big", cpu="64")
    start = c.clock.now
    c.advance(queue.MAX_IN_UNSCHEDULABLE)
    assert _attempts(c, "big") == 1
    c.advance(queue.FLUSH_PERIOD + 1)  # the next 30 s tick after 300 s have passed
    assert _attempts(c, "big") == 2
    retried = c.scheduler.decision("default", "big").time
    assert start + queue.MAX_IN_UNSCHEDULABLE < retried <= start + queue.MAX_IN_UNSCHEDULABLE + queue.FLUSH_PERIOD
    assert (retried - c.scheduler.queue.started) % queue.FLUSH_PERIOD == 0


def test_backoff_doubles_to_ten_seconds_backoff_duration():
    assert [queue.backoff_duration(n) for n in range(1, 7)] == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]


def test_a_pod_moved_by_an_event_waits_out_its_backoff_on_the_one_second_ticker(workers_only):
    c = workers_only
    for i in range(3):
        make_pod(c, f"fill-{i}", cpu="1500m")
    c.advance(0.4)  # off the ticker's grid
    make_pod(c, "late", cpu="1")
    failed_at = c.clock.now
    c.api.delete("pods", "fill-0", "default", grace_period=0)  # room again: the pod goes to backoffQ
    c.settle()
    assert "default/late" in c.scheduler.queue.backoff
    c.advance(1.0)
    assert not c.get("pods", "late")["spec"].get("nodeName")  # back-off over at +1 s, but no tick yet
    c.advance(0.6)
    assert c.get("pods", "late")["spec"]["nodeName"]
    assert c.scheduler.decision("default", "late").time == failed_at + 1.6
