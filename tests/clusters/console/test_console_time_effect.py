"""Console.time_effect: what a line would do to virtual time, for the web console's progress bar."""
from clusters import Cluster, ClusterSpec


def test_it_reports_how_far_sim_advance_moves_the_clock():
    assert Cluster(seed=1).console.time_effect("sim advance 1h") == 3600.0


def test_it_caps_the_jump_at_the_cluster_s_max_advance():
    spec = ClusterSpec()
    spec.max_advance = 600.0
    assert Cluster(spec, seed=1).console.time_effect("sim advance 1h") == 600.0


def test_a_line_that_does_not_move_time_reports_none():
    assert Cluster(seed=1).console.time_effect("kubectl create namespace dev") is None


def test_an_exec_d_script_moves_time_by_its_sleeps_and_a_loop_by_the_follow_window():
    console = Cluster(seed=1).console
    assert console.time_effect("kubectl exec bb -- sh -c 'for i in 1 2 3; do sleep 2; done'") == 6.0
    assert console.time_effect("kubectl exec bb -- sh -c 'while true; do date; sleep 10; done'") == 30.0
    assert console.time_effect("kubectl exec bb -- date") is None


def test_the_console_s_own_sleeps_and_loops_move_time_as_they_will_run():
    console = Cluster(seed=1).console
    assert console.time_effect("sleep 5") == 5.0
    assert console.time_effect("for i in 1 2 3; do kubectl get pods; sleep 2; done") == 6.0
    assert console.time_effect("while true; do curl -s localhost:8001/; sleep 10; done") == 30.0
    assert console.time_effect("sleep infinity") == 30.0
    assert console.time_effect("if true; then sleep 3; else sleep 9; fi") == 9.0


def test_a_background_job_does_not_hold_the_line():
    console = Cluster(seed=1).console
    assert console.time_effect("sleep 60 &") is None
    assert console.time_effect("kubectl proxy &") is None
