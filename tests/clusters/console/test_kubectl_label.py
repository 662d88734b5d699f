"""kubectl label and annotate in kubectl's words (pkg/cmd/label/label.go, pkg/cmd/annotate/annotate.go).

Expected texts were checked against kubectl 1.32 talking to a stub API server
that served these same objects.
"""
from clusters import Cluster


def _cluster():
    c = Cluster(seed=3)
    c.run("kubectl create deployment web --image=nginx")
    return c


def test_label_adds_a_label_and_prints_labeled():
    c = _cluster()
    out = c.run("kubectl label deployment web tier=frontend")
    assert (out.text, out.exit_code) == ("deployment.apps/web labeled\n", 0)
    assert c.get("deployments", "web")["metadata"]["labels"] == {"app": "web", "tier": "frontend"}
    assert c.bugs == []


def test_label_refuses_to_change_a_value_without_overwrite_label_go_validateNoOverwrites():
    c = _cluster()
    out = c.run("kubectl label deployment web app=api")
    assert (out.text, out.exit_code) == ("error: 'app' already has a value (web), and --overwrite is false\n", 1)
    assert c.run("kubectl label deployment web app=api --overwrite").text == "deployment.apps/web labeled\n"
    assert c.get("deployments", "web")["metadata"]["labels"]["app"] == "api"


def test_label_with_the_same_value_is_not_labeled_and_writes_nothing_label_go_updateDataChangeMsg():
    c = _cluster()
    rv = c.get("deployments", "web")["metadata"]["resourceVersion"]
    assert c.run("kubectl label deployment web app=web").text == "deployment.apps/web not labeled\n"
    assert c.get("deployments", "web")["metadata"]["resourceVersion"] == rv


def test_removing_a_label_says_unlabeled_and_a_missing_one_is_reported():
    c = _cluster()
    c.run("kubectl label deployment web tier=fe")
    assert c.run("kubectl label deployment web tier-").text == "deployment.apps/web unlabeled\n"
    assert c.run("kubectl label deployment web tier-").text == 'label "tier" not found.\ndeployment.apps/web not labeled\n'


def test_label_all_nodes_and_by_selector():
    c = _cluster()
    assert c.run("kubectl label nodes --all zone=a").text == (
        "node/control-plane labeled\nnode/node-1 labeled\nnode/node-2 labeled\nnode/node-3 labeled\n")
    out = c.run("kubectl label nodes -l kubernetes.io/hostname=node-2 zone=b --overwrite")
    assert out.text == "node/node-2 labeled\n"


def test_label_dry_run_says_so_and_changes_nothing():
    c = _cluster()
    assert c.run("kubectl label deploy/web a=b --dry-run=client").text == "deployment.apps/web labeled (dry run)\n"
    assert "a" not in c.get("deployments", "web")["metadata"]["labels"]


def test_label_reports_missing_objects_after_the_ones_it_changed():
    out = _cluster().run("kubectl label deploy/web deploy/ghost a=b")
    assert out.text == 'deployment.apps/web labeled\nError from server (NotFound): deployments.apps "ghost" not found\n'
    assert out.exit_code == 1


def test_label_argument_errors_label_go():
    c = _cluster()
    cases = {
        "kubectl label deployment web": "error: at least one label update is required\n",
        "kubectl label deployment a=b": "error: resource(s) were provided, but no name was specified\n",
        "kubectl label deployment web a=b c": "error: all resources must be specified before label changes: c\n",
        "kubectl label deployment web a=b=c": "error: invalid label spec: a=b=c\n",
        "kubectl label deployment web a b": "error: at least one label update is required\n",
        "kubectl label deployment web a=b a-": "error: can not both modify and remove a label in the same command\n",
        "kubectl label a=b": "error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n",
        "kubectl label deploy web a=-x": (
            "error: invalid label value: \"a=-x\": a valid label must be an empty string or consist of alphanumeric "
            "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
            "'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')\n"),
    }
    for line, text in cases.items():
        out = c.run(line)
        assert (line, out.text, out.exit_code) == (line, text, 1)


def test_label_list_prints_key_value_lines():
    c = _cluster()
    c.run("kubectl label deployment web tier=fe")
    assert c.run("kubectl label deployment web --list").text == "app=web\ntier=fe\n"


def test_annotate_adds_overwrites_and_removes_annotate_go():
    c = _cluster()
    assert c.run("kubectl annotate deployment web owner=alice").text == "deployment.apps/web annotated\n"
    out = c.run("kubectl annotate deployment web owner=bob")
    assert out.text == ("error: --overwrite is false but found the following declared annotation(s): "
                        "'owner' already has a value (alice)\n")
    assert c.run("kubectl annotate deployment web owner=bob --overwrite").text == "deployment.apps/web annotated\n"
    assert c.get("deployments", "web")["metadata"]["annotations"]["owner"] == "bob"
    assert c.run("kubectl annotate deployment web owner-").text == "deployment.apps/web annotated\n"
    assert "owner" not in (c.get("deployments", "web")["metadata"].get("annotations") or {})


def test_annotate_argument_errors():
    c = _cluster()
    assert c.run("kubectl annotate deploy web a b").text == "error: at least one annotation update is required\n"
    assert c.run("kubectl annotate deploy web a=b a-").text == (
        "error: can not both modify and remove the following annotation(s) in the same command: a\n")


def test_annotate_output_name():
    assert _cluster().run("kubectl annotate deploy web a=b -o name").text == "deployment.apps/web\n"
