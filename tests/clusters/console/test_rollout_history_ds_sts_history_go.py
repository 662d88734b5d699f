"""kubectl rollout history / undo on DaemonSets and StatefulSets, from their ControllerRevisions
(kubectl pkg/polymorphichelpers/history.go: DaemonSetHistoryViewer, StatefulSetHistoryViewer,
printHistory; rollback.go: DaemonSetRollbacker, StatefulSetRollbacker, findHistory;
pkg/cmd/rollout/rollout_history.go, rollout_undo.go; printers.go printControllerRevision).

The texts were checked against kubectl 1.32 talking to a stub API server
serving the same objects.
"""
from clusters import Cluster
from clusters.controllers import history

DS = """kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: busybox:1.36
        command: [sleep, '3600']
EOF"""

STS = """kubectl create -f - <<EOF
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
  annotations:
    kubernetes.io/change-cause: first release
spec:
  replicas: 2
  serviceName: web
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
EOF"""


def template_text(image: str, command: bool = True, app: str = "agent", name: str = "agent") -> str:
    """describe.DescribePodTemplate through history.go printTemplate (raw tabs, no tabwriter)."""
    cmd = "    Command:\n      sleep\n      3600\n" if command else ""
    return (f"Pod Template:\n  Labels:\tapp={app}\n  Containers:\n   {name}:\n    Image:\t{image}\n"
            f"    Port:\t<none>\n    Host Port:\t<none>\n{cmd}    Environment:\t<none>\n    Mounts:\t<none>\n"
            "  Volumes:\t<none>\n  Node-Selectors:\t<none>\n  Tolerations:\t<none>\n")


def _daemonset():
    c = Cluster(seed=7)
    c.run(DS)
    c.run("kubectl rollout status ds/agent")
    return c


def _rolled(c, image, kind="ds/agent", container="agent"):
    c.run(f"kubectl set image {kind} {container}={image}")
    c.run(f"kubectl rollout status {kind}")


def test_history_lists_revisions_with_the_change_cause_each_was_made_with():
    c = _daemonset()
    assert c.run("kubectl rollout history ds/agent").text == (
        "daemonset.apps/agent \nREVISION  CHANGE-CAUSE\n1         <none>\n\n")
    c.run("kubectl annotate ds agent kubernetes.io/change-cause='image 1.37'")
    _rolled(c, "busybox:1.37")
    # revision 1 was made before the annotation; revision 2 copied the DaemonSet's annotations
    assert c.run("kubectl rollout history daemonset/agent").text == (
        "daemonset.apps/agent \nREVISION  CHANGE-CAUSE\n1         <none>\n2         image 1.37\n\n")
    assert c.bugs == []


def test_history_of_one_revision_describes_the_template_it_restores():
    c = _daemonset()
    _rolled(c, "busybox:1.37")
    assert c.run("kubectl rollout history ds/agent --revision=1").text == (
        "daemonset.apps/agent with revision #1\n" + template_text("busybox:1.36") + "\n")
    out = c.run("kubectl rollout history ds/agent --revision=3")
    assert (out.text, out.exit_code) == ("error: unable to find the specified revision\n", 1)
    assert c.run("kubectl rollout history ds/agent --revision=-1").text == (
        "error: revision must be a positive integer: -1\n")


def test_history_with_output_prints_the_daemonset_as_each_revision_would_make_it():
    c = _daemonset()
    _rolled(c, "busybox:1.37")
    assert c.run("kubectl rollout history ds/agent -o name").text == "daemonset.apps/agent\ndaemonset.apps/agent\n"
    out = c.run("kubectl rollout history ds/agent --revision=1 -o jsonpath={.spec.template.spec.containers[0].image}")
    assert out.text == "busybox:1.36"


def test_get_controllerrevisions_shows_the_controller_as_kind_group_and_name():
    c = _daemonset()
    _rolled(c, "busybox:1.37")
    d = c.get("daemonsets", "agent")
    new = history.template_hash(d["spec"]["template"], None)
    old = next(r["metadata"]["name"] for r in c.list("controllerrevisions", "default") if r["revision"] == 1)
    rows = sorted([(f"agent-{new}", "2"), (old, "1")])
    out = c.run("kubectl get controllerrevisions").text.splitlines()
    assert out[0] == "NAME               CONTROLLER             REVISION   AGE"
    assert [line.split()[:3] for line in out[1:]] == [[n, "daemonset.apps/agent", r] for n, r in rows]
    assert [n.rsplit("-", 1)[0] for n in c.run("kubectl get controllerrevision -n kube-system -o name").text.split()] == [
        "controllerrevision.apps/kindnet", "controllerrevision.apps/kube-proxy"]


def test_undo_sends_the_previous_revision_back_and_renumbers_it():
    c = _daemonset()
    assert c.run("kubectl rollout undo ds/agent").text == "error: no last revision to roll back to\n"
    _rolled(c, "busybox:1.37")
    first = next(r["metadata"]["name"] for r in c.list("controllerrevisions", "default") if r["revision"] == 1)
    assert c.run("kubectl rollout undo ds/agent").text == "daemonset.apps/agent rolled back\n"
    assert c.get("daemonsets", "agent")["spec"]["template"]["spec"]["containers"][0]["image"] == "busybox:1.36"
    c.run("kubectl rollout status ds/agent")
    assert {r["revision"]: r["metadata"]["name"] for r in c.list("controllerrevisions", "default")}[3] == first
    assert c.run("kubectl rollout history ds/agent").text == (
        "daemonset.apps/agent \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n")
    hashes = {p["metadata"]["labels"]["controller-revision-hash"] for p in c.list("pods", "default", "app=agent")}
    assert hashes == {first.rsplit("-", 1)[1]}
    assert c.bugs == []


def test_undo_to_the_current_revision_is_skipped_and_a_missing_one_is_an_error():
    c = _daemonset()
    _rolled(c, "busybox:1.37")
    assert c.run("kubectl rollout undo ds/agent --to-revision=2").text == (
        "daemonset.apps/agent skipped rollback (current template already matches revision 2)\n")
    assert c.run("kubectl rollout undo ds/agent --to-revision=9").text == (
        "error: unable to find specified revision 9 in history\n")
    assert c.run("kubectl rollout undo ds/agent --to-revision=-1").text == (
        "error: unable to find specified revision -1 in history\n")


def test_undo_dry_runs_print_the_template_or_change_nothing():
    c = _daemonset()
    _rolled(c, "busybox:1.37")
    assert c.run("kubectl rollout undo ds/agent --dry-run=client").text == (
        "daemonset.apps/agent will roll back to " + template_text("busybox:1.36") + " (dry run)\n")
    assert c.run("kubectl rollout undo ds/agent --to-revision=1 --dry-run=server").text == (
        "daemonset.apps/agent rolled back (server dry run)\n")
    assert c.get("daemonsets", "agent")["spec"]["template"]["spec"]["containers"][0]["image"] == "busybox:1.37"


def test_statefulset_history_and_undo_use_its_revisions_too():
    c = Cluster(seed=7)
    c.run(STS)
    c.run("kubectl rollout status sts/web")
    assert c.run("kubectl rollout history sts/web").text == (
        "statefulset.apps/web \nREVISION  CHANGE-CAUSE\n1         first release\n\n")
    assert c.run("kubectl rollout undo sts/web").text == "error: no last revision to roll back to\n"
    _rolled(c, "nginx:1.28", "sts/web", "nginx")
    assert c.run("kubectl rollout history statefulset/web --revision=1").text == (
        "statefulset.apps/web with revision #1\n" + template_text("nginx:1.27", False, "web", "nginx") + "\n")
    assert c.run("kubectl rollout undo sts/web --to-revision=1").text == "statefulset.apps/web rolled back\n"
    c.run("kubectl rollout status sts/web")
    assert c.run("kubectl rollout history sts/web").text == (
        "statefulset.apps/web \nREVISION  CHANGE-CAUSE\n2         first release\n3         first release\n\n")
    assert c.run("kubectl rollout undo sts/web --to-revision=3").text == (
        "statefulset.apps/web skipped rollback (current template already matches revision 3)\n")
    images = {p["spec"]["containers"][0]["image"] for p in c.list("pods", "default", "app=web")
              if not p["metadata"].get("deletionTimestamp")}
    assert images == {"nginx:1.27"}
    assert c.bugs == []


def test_kinds_without_history_name_their_group_kind():
    c = Cluster(seed=7)
    c.run("kubectl create deployment web --image=nginx")
    assert c.run("kubectl rollout history rs").text == (
        'error: no history viewer has been implemented for "ReplicaSet.apps"\n')
    assert c.run("kubectl rollout undo rs").text == 'error: no rollbacker has been implemented for "ReplicaSet.apps"\n'
    assert c.run("kubectl rollout history svc/kubernetes").text == (
        'error: error retrieving history for "Service", no visitor method exists for { Service}\n')
