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


def _php_apache():
    from clusters import Cluster

    cluster = Cluster(seed=3)  # with CoreDNS, kube-proxy: the full cluster
    cluster.run("kubectl create deployment php-apache --image=registry.k8s.io/hpa-example --port=80")
    cluster.run("kubectl expose deployment php-apache --port=80")
    cluster.advance(30)
    return cluster


def test_hpa_walkthrough_load_generator_wgets_php_apache_from_busybox_horizontal_pod_autoscale_walkthrough():
    # kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale-walkthrough: busybox has wget.
    cluster = _php_apache()
    cluster.run("kubectl run load-generator --image=busybox:1.28 --restart=Never -- "
                "/bin/sh -c 'while sleep 0.01; do wget -q -O- http://php-apache; done'")
    cluster.advance(10)
    logs = [l for _, l in kubelet_of(cluster, "load-generator").logs("default", "load-generator")]
    assert logs and set(logs) == {"OK!"}
    assert "wget: not found" not in cluster.run("kubectl logs load-generator --tail=5").text
    assert status_of(cluster, "load-generator")["phase"] == "Running"
    assert cluster.bugs == []


def test_busybox_has_wget_and_nslookup_but_not_curl_while_curlimages_curl_has_curl():
    cluster = _php_apache()
    cluster.run("kubectl run bb --image=busybox -- sh -c 'curl php-apache; nslookup php-apache; sleep 3600'")
    cluster.run("kubectl run cu --image=curlimages/curl:8.11.1 -- curl -s http://php-apache")
    cluster.advance(20)
    bb = cluster.run("kubectl logs bb").text
    assert bb.startswith("sh: curl: not found\nServer:\t\t10.96.0.10\n")
    assert "Name:\tphp-apache.default.svc.cluster.local\n" in bb
    assert cluster.run("kubectl logs cu").text == "OK!\n"
    out = cluster.run("kubectl exec bb -- sh -c 'wget -qO- php-apache; curl php-apache'")
    # php-apache answers "OK!" with no newline: on the terminal the shell's error follows it on the same line.
    assert out.text == "OK!sh: curl: not found\ncommand terminated with exit code 127\n"
    assert cluster.bugs == []


class _Files(_NoFiles):
    def __init__(self):
        self.d = {}

    def exists(self, p):
        return p in self.d

    def read(self, p):
        return self.d.get(p)

    def write(self, p, c):
        self.d[p] = c


def _run(script):
    return shell.run(["sh", "-c", script], shell.Env({}, _Files(), "pod", lambda o: "date"))


def test_variables_arithmetic_and_numeric_tests_posix_2_6():
    assert _run("i=2; echo $((i*3+1)) ${i}; [ $i -lt 3 ] && echo small") == (0, "7 2\nsmall\n")
    assert _run("echo $((1/0))") == (2, "sh: divide by zero\n")


def test_if_elif_else_and_exit_status_of_the_last_command():
    assert _run("if false; then echo a; elif [ x = x ]; then echo b; else echo c; fi") == (0, "b\n")
    assert _run("false; echo $?") == (0, "1\n")


def test_command_substitution_and_seq_split_into_for_words():
    assert _run("for i in $(seq 2 4); do echo n$i; done; echo $(echo hi there)") == (0, "n2\nn3\nn4\nhi there\n")


def test_break_and_continue_and_keywords_as_plain_words():
    assert _run("for i in 1 2 3 4; do [ $i = 2 ] && continue; [ $i = 4 ] && break; echo $i; done; echo done") == \
        (0, "1\n3\ndone\n")


class _Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self, seconds):
        self.now += seconds
        return True


def test_a_session_runs_while_loops_pass_by_pass_and_moves_the_clock():
    clock = _Clock()
    env = shell.Env({}, _Files(), "pod", lambda o: f"t={clock.now:g}")
    env.session = shell.Session(clock, window=30.0)
    code, out = shell.run(["sh", "-c", "while true; do date; sleep 10; done"], env)
    assert (code, out, clock.now) == (130, "t=0\nt=10\nt=20\n", 30.0)
    assert env.session.interrupted == "window"
