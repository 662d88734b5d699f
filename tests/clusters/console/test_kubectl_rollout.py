"""kubectl rollout (pkg/cmd/rollout/, pkg/polymorphichelpers/rollout_status.go, history.go, rollback.go).

The deployment and replicaset controllers roll out in virtual time; the texts
were checked against kubectl 1.32 talking to a stub API server serving the
same objects.
"""
from clusters import Cluster


def _rolled_out(replicas=3):
    c = Cluster(seed=7)
    c.run(f"kubectl create deployment web --image=nginx --replicas={replicas}")
    c.run("kubectl rollout status deployment/web")
    return c


def test_status_waits_in_virtual_time_and_prints_upstream_progress_lines_rollout_status_go():
    c = Cluster(seed=7)
    c.run("kubectl create deployment web --image=nginx --replicas=3")
    t0 = c.now
    out = c.run("kubectl rollout status deployment/web")
    lines = out.text.splitlines()
    assert lines[-1] == 'deployment "web" successfully rolled out'
    assert all(line.startswith('Waiting for deployment "web" rollout to finish: ') for line in lines[:-1])
    assert 'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...' in lines
    assert out.exit_code == 0 and c.now > t0
    assert c.bugs == []


def test_status_of_an_image_change_counts_new_replicas_then_old_ones_pending_termination():
    c = _rolled_out()
    c.run("kubectl set image deploy/web nginx=nginx:1.27")
    lines = c.run("kubectl rollout status deploy/web").text.splitlines()
    assert lines[0] == 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...'
    assert 'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...' in lines
    assert lines[-1] == 'deployment "web" successfully rolled out'


def test_status_of_a_finished_rollout_and_watch_false():
    c = _rolled_out()
    assert c.run("kubectl rollout status deploy/web").text == 'deployment "web" successfully rolled out\n'
    assert c.run("kubectl rollout status deploy/web --watch=false").text == 'deployment "web" successfully rolled out\n'


def test_status_times_out_with_wait_s_message():
    c = _rolled_out(1)
    c.run("kubectl set resources deploy/web --requests=cpu=100")  # no node can hold the new pod
    t0 = c.now
    out = c.run("kubectl rollout status deploy/web --timeout=3s")
    assert out.exit_code == 1
    assert out.text.endswith("error: timed out waiting for the condition\n")
    assert c.now == t0 + 3


def test_stalled_rollout_status_reports_exceeded_progress_deadline_rollout_status_go():
    # polymorphichelpers/rollout_status.go: Progressing=ProgressDeadlineExceeded ends the wait with this error,
    # even when the rollout stalled from the start (default progressDeadlineSeconds 600 = our wait bound).
    from clusters import Cluster

    c = Cluster(seed=1)
    c.run("kubectl create deployment web --image=nginx:1.99")
    t0 = c.now
    out = c.run("kubectl rollout status deployment/web")
    assert out.exit_code == 1
    assert out.text.endswith('error: deployment "web" exceeded its progress deadline\n')
    assert "timed out" not in out.text
    assert 600 < c.now - t0 < 660


def test_status_errors():
    c = _rolled_out(1)
    assert c.run("kubectl rollout status").text == "error: required resource not specified\n"
    assert c.run("kubectl rollout status svc/kubernetes").text == "error: no status viewer has been implemented for Service\n"
    assert c.run("kubectl rollout status deploy/web --revision=5").text == (
        "error: desired revision (5) is different from the running revision (1)\n")


def test_history_lists_revisions_and_change_causes_history_go():
    c = _rolled_out(1)
    c.run("kubectl set image deploy/web nginx=nginx:1.27")
    c.run("kubectl annotate deploy web kubernetes.io/change-cause='image 1.27'")
    c.run("kubectl rollout status deploy/web")
    out = c.run("kubectl rollout history deployment/web")
    assert out.text == "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         image 1.27\n\n"


def test_history_of_one_revision_describes_its_pod_template_with_raw_tabs():
    c = _rolled_out(1)
    out = c.run("kubectl rollout history deployment/web --revision=1")
    assert out.text.startswith("deployment.apps/web with revision #1\nPod Template:\n  Labels:\tapp=web\n"
                               "\tpod-template-hash=")
    assert "    Image:\tnginx\n" in out.text


def test_undo_copies_the_previous_template_back_rollback_go():
    c = _rolled_out(2)
    c.run("kubectl set image deploy/web nginx=nginx:1.27")
    c.run("kubectl rollout status deploy/web")
    assert c.run("kubectl rollout undo deployment/web").text == "deployment.apps/web rolled back\n"
    image = c.get("deployments", "web")["spec"]["template"]["spec"]["containers"][0]["image"]
    assert image == "nginx"
    c.run("kubectl rollout status deploy/web")
    assert c.run("kubectl rollout history deploy/web").text == (
        "deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n")
    assert c.bugs == []


def test_undo_errors():
    c = _rolled_out(1)
    assert c.run("kubectl rollout undo deploy/web").text == 'error: no rollout history found for deployment "web"\n'
    assert c.run("kubectl rollout undo deploy/web --to-revision=9").text == (
        "error: unable to find specified revision 9 in history\n")
    assert c.run("kubectl rollout undo svc/kubernetes").text == (
        'error: error retrieving rollbacker for "Service", no visitor method exists for { Service}\n')


def test_pause_resume_and_their_errors_objectpauser_go():
    c = _rolled_out(1)
    assert c.run("kubectl rollout pause deploy/web").text == "deployment.apps/web paused\n"
    assert c.get("deployments", "web")["spec"]["paused"] is True
    assert c.run("kubectl rollout pause deploy/web").text == 'error: deployments.apps "web" is already paused\n'
    assert c.run("kubectl rollout restart deploy/web").text == (
        'error: deployments.apps "web" can\'t restart paused deployment (run rollout resume first)\n')
    assert c.run("kubectl rollout resume deploy/web").text == "deployment.apps/web resumed\n"
    assert c.run("kubectl rollout resume deploy/web").text == 'error: deployments.apps "web" is not paused\n'


def test_restart_stamps_the_template_and_rolls_new_pods_objectrestarter_go():
    c = _rolled_out(1)
    assert c.run("kubectl rollout restart deploy/web").text == "deployment.apps/web restarted\n"
    ann = c.get("deployments", "web")["spec"]["template"]["metadata"]["annotations"]
    assert ann["kubectl.kubernetes.io/restartedAt"].endswith("Z")
    out = c.run("kubectl rollout restart deploy/web")
    assert out.text == ("error: failed to create patch for web: if restart has already been triggered within the past "
                        "second, please wait before attempting to trigger another\n")
    assert c.run("kubectl rollout status deploy/web").text.endswith('deployment "web" successfully rolled out\n')


def test_rollout_alone_prints_help_and_fails():
    out = _rolled_out(1).run("kubectl rollout")
    assert out.exit_code == 1 and out.text.startswith("Manage the rollout of one or many resources.")
