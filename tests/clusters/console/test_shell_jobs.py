"""Job control on the console host, in bash 5.2's words (jobs.c): ``&``, ``jobs``, ``kill``, ``fg``,
``bg``, ``wait`` and ``$!`` over the jobs a one-terminal console can have: kubectl proxy and
port-forward serving in the background, ``sleep N &``, and commands that run to their end at once."""
from __future__ import annotations

import pytest

from clusters import Cluster

CTRL_C = ("^C\nThis console is not a terminal: the command was still running after 30s of virtual time, "
          "so it was stopped as Ctrl-C would stop it.\n")


@pytest.fixture
def learner():
    return Cluster(seed=1)


def run(c, line):
    out = c.run(line)
    return out.text, out.exit_code


def test_an_ampersand_starts_kubectl_proxy_as_a_job_bash_numbers_with_its_pid(learner):
    text, code = run(learner, "kubectl proxy --port=8001 &")
    job, serving = text.splitlines()
    assert code == 0 and job.startswith("[1] ") and job[4:].isdigit()
    assert serving == "Starting to serve on 127.0.0.1:8001"
    assert run(learner, "echo $!") == (job[4:] + "\n", 0)
    assert '"minor": "32"' in run(learner, "curl -s http://localhost:8001/version")[0]


def test_jobs_lists_running_jobs_with_current_and_previous_marks(learner):
    learner.run("kubectl proxy --port=8001 &")
    learner.run("sleep 100 &")
    assert run(learner, "jobs") == ("[1]-  Running                 kubectl proxy --port=8001 &\n"
                                    "[2]+  Running                 sleep 100 &\n", 0)
    pids = run(learner, "jobs -p")[0].split()
    assert run(learner, "jobs -l")[0] == (f"[1]-  {pids[0]} Running                 kubectl proxy --port=8001 &\n"
                                          f"[2]+  {pids[1]} Running                 sleep 100 &\n")
    assert run(learner, "jobs %1") == ("[1]-  Running                 kubectl proxy --port=8001 &\n", 0)
    assert run(learner, "jobs %3") == ("bash: jobs: %3: no such job\n", 1)


def test_pids_are_the_same_on_every_replay(learner):
    learner.run("kubectl proxy &")
    learner.run("sleep 5 &")
    again = Cluster.replay(learner.spec, learner.seed, learner.journal)
    assert again.run("jobs -p").text == learner.run("jobs -p").text


def test_kill_stops_the_proxy_and_bash_reports_it_terminated_at_the_next_prompt(learner):
    learner.run("kubectl proxy &")
    assert run(learner, "kill %1") == ("", 0)
    assert run(learner, "echo next") == ("next\n[1]+  Terminated              kubectl proxy\n", 0)
    assert run(learner, "jobs") == ("", 0)
    text, code = run(learner, "curl http://localhost:8001/version")
    assert code == 7 and "Failed to connect to localhost port 8001" in text


def test_kill_by_pid_and_by_signal_name(learner):
    pid = learner.run("kubectl proxy &").text.split()[1]
    learner.run("sleep 100 &")
    assert run(learner, f"kill -9 {pid}") == ("", 0)
    assert run(learner, "jobs") == ("[1]-  Killed                  kubectl proxy\n"
                                    "[2]+  Running                 sleep 100 &\n", 0)
    assert run(learner, "kill -s HUP %sleep; true") == ("", 0)
    assert run(learner, "true") == ("[2]+  Hangup                  sleep 100\n", 0)


def test_kill_s_mistakes_in_bash_s_words(learner):
    learner.run("sleep 100 &")
    assert run(learner, "kill") == ("kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... "
                                    "or kill -l [sigspec]\n", 2)
    assert run(learner, "kill %5") == ("bash: kill: %5: no such job\n", 1)
    assert run(learner, "kill 99999") == ("bash: kill: (99999) - No such process\n", 1)
    assert run(learner, "kill abc") == ("bash: kill: abc: arguments must be process or job IDs\n", 1)
    assert run(learner, "kill -s FOO %1") == ("bash: kill: FOO: invalid signal specification\n", 1)
    assert run(learner, "kill -l 15") == ("TERM\n", 0)


def test_a_proxy_typed_without_an_ampersand_is_listed_so_kill_can_stop_it(learner):
    text, _ = run(learner, "kubectl proxy")
    assert text == ("Starting to serve on 127.0.0.1:8001\n"
                    "This console is not a terminal: kubectl proxy keeps serving on 127.0.0.1:8001 in the background, "
                    "as it would in a second terminal; curl http://localhost:8001/... reaches it, and 'kill %1' "
                    "stops it.\n")
    assert run(learner, "jobs") == ("[1]+  Running                 kubectl proxy &\n", 0)


def test_a_job_that_fails_at_once_is_reported_with_its_exit_status(learner):
    learner.run("kubectl proxy &")
    text, _ = run(learner, "kubectl proxy &")
    assert text == "[2] " + text.split()[1] + "\nerror: listen tcp 127.0.0.1:8001: bind: address already in use\n"
    assert run(learner, "true") == ("[2]+  Exit 1                  kubectl proxy\n", 0)


def test_a_background_command_runs_at_once_and_is_done_at_the_next_prompt(learner):
    text, _ = run(learner, "echo hi &")
    assert text.endswith("\nhi\n") and text.startswith("[1] ")
    assert run(learner, "true") == ("[1]+  Done                    echo hi\n", 0)


def test_sleep_in_the_background_lets_the_line_end_and_finishes_in_virtual_time(learner):
    before = learner.now
    learner.run("sleep 60 &")
    assert learner.now == pytest.approx(before)
    assert run(learner, "jobs")[0] == "[1]+  Running                 sleep 60 &\n"
    assert run(learner, "sim advance 61s")[0].endswith("[1]+  Done                    sleep 60\n")


def test_wait_runs_the_clock_until_the_sleeps_end(learner):
    before = learner.now
    learner.run("sleep 10 &")
    learner.run("sleep 20 &")
    assert run(learner, "wait") == ("[1]-  Done                    sleep 10\n[2]+  Done                    sleep 20\n", 0)
    assert learner.now == pytest.approx(before + 20)


def test_fg_brings_a_server_back_then_stops_it_as_ctrl_c_would(learner):
    learner.run("kubectl proxy --port=8001 &")
    assert run(learner, "fg") == ("kubectl proxy --port=8001\n" + CTRL_C, 130)
    assert run(learner, "jobs") == ("", 0)
    assert run(learner, "curl -s localhost:8001/version")[1] == 7
    assert run(learner, "fg") == ("bash: fg: current: no such job\n", 1)
    assert run(learner, "fg %9") == ("bash: fg: %9: no such job\n", 1)


def test_fg_of_a_sleep_waits_out_its_time(learner):
    before = learner.now
    learner.run("sleep 45 &")
    assert run(learner, "fg %1") == ("sleep 45\n", 0)
    assert learner.now == pytest.approx(before + 45)


def test_bg_of_a_running_job_says_it_already_is(learner):
    learner.run("sleep 100 &")
    assert run(learner, "bg") == ("bash: bg: job 1 already in background\n", 0)
    assert run(learner, "kill %1; bg %1") == ("bash: bg: job has terminated\n", 1)


_MONGO = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: mongo
spec:
  selector:
    matchLabels: {app: mongo}
  template:
    metadata:
      labels: {app: mongo}
    spec:
      containers:
      - name: mongo
        image: mongo:4.2
        ports:
        - containerPort: 27017
"""


def _mongo() -> Cluster:
    c = Cluster(seed=3)
    c.run(f"cat <<EOF | kubectl apply -f -\n{_MONGO}EOF")
    c.run("sim advance 40s")
    return c


def test_port_forward_in_the_background_forwards_and_kill_ends_it():
    c = _mongo()
    text, _ = run(c, "kubectl port-forward deployment/mongo 28015:27017 &")
    lines = text.splitlines()
    assert lines[0].startswith("[1] ")
    assert lines[1:] == ["Forwarding from 127.0.0.1:28015 -> 27017", "Forwarding from [::1]:28015 -> 27017"]
    assert run(c, "curl -s localhost:28015")[0].startswith("Handling connection for 28015\n")
    assert run(c, "jobs") == ("[1]+  Running                 kubectl port-forward deployment/mongo 28015:27017 &\n", 0)
    c.run("kill %1")
    assert run(c, "true") == ("[1]+  Terminated              kubectl port-forward deployment/mongo 28015:27017\n", 0)
    assert run(c, "curl -s localhost:28015")[1] == 7


def test_a_port_forward_that_loses_its_pod_is_reported_exit_1_after_the_line():
    c = _mongo()
    c.run("kubectl port-forward deployment/mongo 7000:6379 &")
    text, _ = run(c, "curl -s localhost:7000")
    assert text.endswith("error: lost connection to pod\n"
                         "[1]+  Exit 1                  kubectl port-forward deployment/mongo 7000:6379\n")
