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
