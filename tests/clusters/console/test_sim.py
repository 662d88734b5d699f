"""sim: time, faults and explanations around the simulated cluster (ours, not Kubernetes')."""
import pytest

from clusters import Cluster
from clusters.console import sim, timing


def fresh():
    return Cluster(seed=5)


def run(c, line):
    return sim.execute(c, line)


def test_pause_and_resume_are_host_settings_kept_on_the_cluster():
    c = fresh()
    out = run(c, "sim pause")
    assert out.text == ("Virtual time paused at 2025-06-02T09:01:00Z.\n"
                        "Nothing happens until you 'sim resume', 'sim advance DURATION' or 'sim step'.\n")
    assert c.time_mode == {"paused": True, "speed": 1.0}
    assert run(c, "sim resume").text == "Virtual time resumed at 2025-06-02T09:01:00Z, running at 1x real time.\n"
    assert c.time_mode == {"paused": False, "speed": 1.0}


def test_speed_sets_virtual_seconds_per_real_second():
    c = fresh()
    assert run(c, "sim speed 10").text == "Virtual time runs at 10x real time.\n"
    assert c.time_mode["speed"] == 10.0
    assert run(c, "sim speed 0.5x").text == "Virtual time runs at 0.5x real time.\n"


@pytest.mark.parametrize("arg", ["0", "-1", "fast", "1001", "nan"])
def test_speed_refuses_nonsense(arg):
    c = fresh()
    out = run(c, f"sim speed {arg}")
    assert out.exit_code == 2 and out.text.startswith("sim: ")
    assert c.time_mode["speed"] == 1.0


def test_advance_moves_virtual_time_and_summarises_what_happened():
    c = fresh()
    start = c.now
    c.clock.schedule(10.0, c.api.create, "configmaps", {"metadata": {"name": "x", "namespace": "default"}}, "default")
    out = run(c, "sim advance 5m")
    assert c.now == start + 300
    # An idle cluster still writes: each of the 4 kubelets renews its Lease every 10 s
    # (4 x 30) and reports node status every 5 m (4), beside our one ConfigMap
    # (pkg/kubelet/kubelet.go nodeLeaseRenewIntervalFraction 0.25 of 40 s; nodeStatusReportFrequency
    # 5m in pkg/kubelet/apis/config/v1beta1/defaults.go).
    assert out.text == ("Advanced 5m0s: 2025-06-02T09:01:00Z -> 2025-06-02T09:06:00Z.\n"
                        "Meanwhile: 125 API writes, 0 events; 5 other object writes.\n")
    assert c.bugs == []


@pytest.mark.parametrize("arg, seconds", [("30s", 30), ("5m", 300), ("1h30m", 5400), ("90", 90), ("2d", 172800)])
def test_advance_accepts_go_durations_bare_seconds_and_days(arg, seconds):
    c = fresh()
    start = c.now
    assert run(c, f"sim advance {arg}").exit_code == 0
    assert c.now == start + seconds


def test_advance_is_bounded_by_the_cluster_spec():
    c = Cluster({"max_advance": 3600.0, "settle": 0}, seed=1)
    out = run(c, "sim advance 2h")
    assert (out.text, out.exit_code) == ("sim: 2h0m0s is more than this cluster's limit of 1h0m0s per advance\n", 2)


@pytest.mark.parametrize("line", ["sim advance", "sim advance soon", "sim advance -5s", "sim advance 0", "sim advance 1x"])
def test_bad_advances_change_nothing(line):
    c = fresh()
    start = c.now
    out = run(c, line)
    assert out.exit_code == 2 and c.now == start


def test_step_jumps_to_the_next_scheduled_moment():
    c = fresh()
    start = c.now
    c.clock.schedule(2.0, c.api.create, "configmaps", {"metadata": {"name": "y", "namespace": "default"}}, "default")
    # The cluster's own timers (node monitor, kubelets) come every few seconds; ours is due first.
    assert c.next_wakeup() == start + 2
    out = run(c, "sim step")
    assert c.now == start + 2
    assert out.text.startswith("Stepped 2s to 2025-06-02T09:01:02Z: 1 API write, 0 events; 1 other object write.\n")
    assert "create ConfigMap default/y" in out.text


def test_explain_walks_back_to_the_learners_command():
    c = fresh()
    c.journal.append({"t": c.now, "cmd": "kubectl create configmap web"})
    idx = len(c.journal) - 1
    cm = c.api.create("configmaps", {"metadata": {"name": "web", "namespace": "default"}}, actor="kubectl", cause=f"cmd:{idx}")
    rev = int(cm["metadata"]["resourceVersion"])
    c.api.update("configmaps", {**cm, "data": {"a": "b"}}, actor="some-controller", cause=rev)
    out = run(c, "sim explain configmap/web")
    assert out.text.splitlines() == [
        "Why configmap/web in namespace default is as it is: the chain of writes that led to its last change.",
        "  09:01:00  you typed: kubectl create configmap web",
        f"  09:01:00  kubectl          create         ConfigMap default/web  rev {rev}",
        f"  09:01:00  some-controller  update         ConfigMap default/web  rev {rev + 1}",
    ]


def test_explain_says_when_the_cluster_itself_made_the_object():
    c = fresh()
    out = run(c, "sim explain ns default")
    assert "(it started with the cluster itself, not with a command of yours)" in out.text


def test_explain_of_a_missing_object_is_not_found():
    c = fresh()
    assert run(c, "sim explain pod/nope").text == 'sim: pods "nope" not found in namespace "default"\n'
    assert run(c, "sim explain widget/x").text == 'sim: the server doesn\'t have a resource type "widget"\n'


def test_scores_renders_the_schedulers_filter_and_score_tables():
    c = fresh()
    d = {"node": "node-2",
         "filters": {"control-plane": "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }",
                     "node-1": None, "node-2": None},
         "scores": {"node-1": {"NodeResourcesFit": (50, 50), "TaintToleration": (100, 300)},
                    "node-2": {"NodeResourcesFit": (80, 80), "TaintToleration": (100, 300)}},
         "weights": {"NodeResourcesFit": 1, "TaintToleration": 3}}
    out = sim.render_decision(c, "default", "web", d)
    assert out == (
        "Scheduling of pod default/web:\n\n"
        "Filter (can the pod run there?):\n"
        "  NODE            RESULT\n"
        "  control-plane   rejected: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }\n"
        "  node-1          passed\n"
        "  node-2          passed\n\n"
        "Score (higher wins; each plugin's 0-100 score times its weight):\n"
        "  NODE     NodeResourcesFit(x1)   TaintToleration(x3)   TOTAL\n"
        "  node-1   50->50                 100->300              350\n"
        "  node-2   80->80                 100->300              380\n\n"
        "Chosen: node-2\n")


def test_events_prints_the_trace_since_the_last_call():
    c = fresh()
    booted, _ = c.trace.since(0)
    first = run(c, "sim events").text.splitlines()
    # Booting writes more than EVENTS_LIMIT entries: the oldest are counted, the newest shown.
    assert len(booted) > sim.EVENTS_LIMIT
    assert first[0] == f"({len(booted) - sim.EVENTS_LIMIT} earlier entries not shown)"
    assert len(first) == sim.EVENTS_LIMIT + 1 and first[-1].endswith(f"  rev {c.store.revision}")
    assert run(c, "sim events").text == "No new control-plane activity.\n"
    c.api.create("configmaps", {"metadata": {"name": "z", "namespace": "default"}}, actor="kubectl")
    assert "kubectl  create ConfigMap default/z" in run(c, "sim events").text


def test_events_follow_watches_a_bounded_window():
    c = fresh()
    run(c, "sim events")
    start = c.now
    c.clock.schedule(3.0, c.api.create, "configmaps", {"metadata": {"name": "f", "namespace": "default"}}, "default")
    out = run(c, "sim events --follow")
    assert c.now == start + timing.FOLLOW_WINDOW
    assert "create ConfigMap default/f" in out.text


def test_status_shows_time_mode_and_counts():
    c = fresh()
    text = run(c, "sim status").text
    assert text.startswith("Time:      2025-06-02T09:01:00Z (virtual second 60)\nMode:      running at 1x\n")
    assert "Nodes:     4 (4 Ready)" in text


def test_help_documents_every_command():
    text = run(Cluster(seed=1), "sim help").text
    for name in sim._COMMANDS:
        if name != "images":
            assert f"sim {name}" in text
    assert "sim node fail NAME" in text and "sim apiservice break NAME" in text


def test_unknown_subcommands_point_to_help():
    assert run(fresh(), "sim fly").text == "sim: unknown command 'fly'; 'sim help' lists them\n"


def test_node_commands_check_the_node_exists():
    out = run(fresh(), "sim node fail node-9")
    assert out.exit_code == 1 and 'node "node-9" not found' in out.text


@pytest.mark.parametrize("line, seconds", [
    ("sim advance 1h", 3600.0), ("sim advance 90", 90.0), ("kubectl get pods", None), ("sim pause", None),
    ("etcdctl watch /registry --prefix", timing.FOLLOW_WINDOW), ("etcdctl watch /registry --rev=5", None),
    ("ETCDCTL_API=3 etcdctl watch /a", timing.FOLLOW_WINDOW), ("kubectl wait --for=condition=Ready pod/x --timeout=2m", 120.0),
    ("kubectl logs -f web", timing.FOLLOW_WINDOW), ("sim advance 5m && sim advance 30s", 330.0),
    ("sim advance 'unterminated", None), ("", None),
])
def test_time_effect_reports_how_far_a_line_may_move_the_clock(line, seconds):
    assert timing.time_effect(line) == seconds


def test_time_effect_is_capped_by_max_advance():
    assert timing.time_effect("sim advance 100h", max_advance=3600.0) == 3600.0
