"""Virtual time: ordered timers, nothing reads the wall clock."""
from clusters.clock import Clock


def test_timers_run_in_time_then_priority_then_insertion_order():
    c = Clock()
    seen = []
    c.schedule(2, seen.append, "late")
    c.schedule(1, seen.append, "b", priority=5)
    c.schedule(1, seen.append, "a", priority=1)
    c.schedule(1, seen.append, "c", priority=5)
    c.run(until=10)
    assert seen == ["a", "b", "c", "late"]
    assert c.now == 10


def test_run_until_stops_before_later_timers_and_cancel_skips():
    c = Clock()
    seen = []
    c.schedule(5, seen.append, 5)
    t = c.schedule(3, seen.append, 3)
    t.cancel()
    c.run(until=4)
    assert seen == [] and c.now == 4 and c.next_time() == 5
