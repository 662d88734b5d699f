"""``while``/``until COMMAND`` loops in the simulated shell, as busybox ash runs them (POSIX 2.9.4.4)."""
from clusters.kubelet import shell

from tests.clusters.kubelet.conftest import kubelet_of, run, status_of


class _NoFiles:
    def exists(self, p):
        return False

    def read(self, p):
        return None


def _env():
    return shell.Env({}, _NoFiles(), "pod", lambda o: "date")


def test_while_sleep_loops_forever_like_while_true_because_sleep_exits_0():
    tl = shell.timeline(["sh", "-c", "while sleep 2; do echo tick; done"], _env())
    assert tl.exit_at is None
    start, period, lines = tl.loop
    assert (start, period) == (0.0, 2.0)
    assert [l for _, l in lines] == ["tick"]


def test_while_with_a_failing_condition_never_runs_its_body_and_exits_0():
    tl = shell.timeline(["sh", "-c", "while false; do echo never; done; echo after"], _env())
    assert [l for _, l in tl.lines] == ["after"]
    assert (tl.exit_at, tl.exit_code) == (0.0, 0)


def test_until_true_never_runs_its_body_and_until_failing_command_loops():
    tl = shell.timeline(["sh", "-c", "until true; do echo never; done"], _env())
    assert tl.lines == [] and tl.exit_at == 0.0
    tl = shell.timeline(["sh", "-c", "until test -f /tmp/x; do echo wait; sleep 1; done"], _env())
    assert tl.exit_at is None and tl.loop[1] == 1.0


def test_pod_running_while_sleep_loop_keeps_running_and_logging(cluster):
    run(cluster, "loop", image="busybox:1.36", ctr={"command": ["sh", "-c", "while sleep 10; do echo tick; done"]})
    cluster.advance(45)
    assert status_of(cluster, "loop")["phase"] == "Running"
    assert [l for _, l in kubelet_of(cluster, "loop").logs("default", "loop")] == ["tick"] * 4
