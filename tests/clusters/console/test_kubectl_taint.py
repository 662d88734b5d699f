"""kubectl taint (pkg/cmd/taint/taint.go, utils.go), checked against kubectl 1.32 on a stub API server."""
from clusters import Cluster


def test_taint_adds_and_prints_tainted():
    c = Cluster(seed=3)
    out = c.run("kubectl taint nodes node-1 dedicated=gpu:NoSchedule")
    assert (out.text, out.exit_code) == ("node/node-1 tainted\n", 0)
    assert c.get("nodes", "node-1", None)["spec"]["taints"] == [{"effect": "NoSchedule", "key": "dedicated", "value": "gpu"}]
    assert c.bugs == []


def test_taint_removes_by_key_and_effect_or_by_key_and_prints_untainted():
    c = Cluster(seed=3)
    c.run("kubectl taint nodes node-1 a=1:NoSchedule")
    c.run("kubectl taint nodes node-1 a=1:NoExecute")
    assert c.run("kubectl taint nodes node-1 a:NoSchedule-").text == "node/node-1 untainted\n"
    assert c.run("kubectl taint nodes node-1 a-").text == "node/node-1 untainted\n"
    assert "taints" not in c.get("nodes", "node-1", None)["spec"]


def test_removing_the_control_plane_taint_lets_pods_schedule_there():
    c = Cluster(seed=3)
    out = c.run("kubectl taint nodes control-plane node-role.kubernetes.io/control-plane:NoSchedule-")
    assert out.text == "node/control-plane untainted\n"


def test_taint_already_present_needs_overwrite_utils_go():
    c = Cluster(seed=3)
    c.run("kubectl taint nodes node-1 a=1:NoSchedule")
    out = c.run("kubectl taint nodes node-1 a=2:NoSchedule")
    assert (out.text, out.exit_code) == (
        "error: node node-1 already has a taint(s) with same effect(s) and --overwrite is false\n", 1)
    assert c.run("kubectl taint nodes node-1 a=2:NoSchedule --overwrite").text == "node/node-1 modified\n"


def test_removing_a_missing_taint_is_an_error():
    out = Cluster(seed=3).run("kubectl taint nodes node-1 a:NoSchedule-")
    assert (out.text, out.exit_code) == ('error: taint "a:NoSchedule" not found\n', 1)


def test_taint_all_nodes():
    out = Cluster(seed=3).run("kubectl taint nodes --all a=b:PreferNoSchedule")
    assert out.text == "node/control-plane tainted\nnode/node-1 tainted\nnode/node-2 tainted\nnode/node-3 tainted\n"


def test_taint_argument_errors_taint_go():
    c = Cluster(seed=3)
    cases = {
        "kubectl taint nodes node-1 a=b:Bad": "error: invalid taint effect: Bad, unsupported taint effect\n"
                                              "See 'kubectl taint -h' for help and examples\n",
        "kubectl taint nodes node-1 a=b": (
            "error: invalid taint spec: a=b, name part must consist of alphanumeric characters, '-', '_' or '.', and "
            "must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex "
            "used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')\nSee 'kubectl taint -h' for help and examples\n"),
        "kubectl taint nodes node-1 a=b:NoSchedule a=c:NoSchedule": (
            "error: duplicated taints with the same key and effect: {a c NoSchedule <nil>}\n"
            "See 'kubectl taint -h' for help and examples\n"),
        "kubectl taint pods x a=b:NoSchedule": "error: invalid resource type pods, only node types are supported\n",
        "kubectl taint nodes a=b:NoSchedule": (
            "error: at least one resource name must be specified since 'all' parameter is not set\n"),
        "kubectl taint nodes node-1 x": "error: at least one taint update is required\n",
        "kubectl taint node/node-1 a=b:NoSchedule": 'the server doesn\'t have a resource type "node/node-1"\n',
        "kubectl taint nodes ghost a=b:NoSchedule": 'Error from server (NotFound): nodes "ghost" not found\n',
        "kubectl taint nodes node-1 a=b:NoSchedule a-": (
            "error: can not both modify and remove the following taint(s) in the same command: a=\n"),
    }
    for line, text in cases.items():
        out = c.run(line)
        assert (line, out.text, out.exit_code) == (line, text, 1)
