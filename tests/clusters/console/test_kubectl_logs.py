"""kubectl logs (pkg/cmd/logs/logs.go, polymorphichelpers/logsforobject.go) over the kubelet's container logs."""
from clusters import Cluster

LOOP = "kubectl run bb --image=busybox -- sh -c 'while true; do date; sleep 5; done'"


def _cluster():
    c = Cluster(seed=11)
    c.run(LOOP)
    c.advance(20)
    return c


def test_logs_prints_the_container_output():
    c = _cluster()
    out = c.run("kubectl logs bb")
    assert out.exit_code == 0
    lines = out.text.splitlines()
    assert len(lines) >= 3 and all(line.endswith(" UTC 2025") for line in lines)
    assert c.bugs == []


def test_tail_and_timestamps_rfc3339nano():
    c = _cluster()
    out = c.run("kubectl logs bb --tail=2 --timestamps").text.splitlines()
    assert len(out) == 2
    stamp, _, rest = out[0].partition(" ")
    assert stamp.startswith("2025-06-02T") and stamp.endswith("Z") and rest.endswith("UTC 2025")


def test_since_limits_to_recent_lines():
    c = _cluster()
    everything = c.run("kubectl logs bb").text.splitlines()
    recent = c.run("kubectl logs bb --since=6s").text.splitlines()
    assert 0 < len(recent) < len(everything)


def test_follow_streams_new_lines_for_a_bounded_window_of_virtual_time():
    c = _cluster()
    before = len(c.run("kubectl logs bb").text.splitlines())
    t0 = c.now
    out = c.run("kubectl logs -f bb")
    assert c.now == t0 + 30
    assert len(out.text.splitlines()) >= before + 5


def test_logs_of_a_deployment_picks_a_pod_and_says_so_logsforobject_go():
    c = Cluster(seed=11)
    c.run("kubectl create deployment web --image=nginx --replicas=2")
    c.advance(20)
    out = c.run("kubectl logs deployment/web")
    first = out.text.splitlines()[0]
    assert first.startswith("Found 2 pods, using pod/web-")


def test_selector_prefix_and_default_tail_of_ten():
    c = Cluster(seed=11)
    c.run("kubectl create deployment web --image=nginx --replicas=2")
    c.advance(20)
    lines = c.run("kubectl logs -l app=web --prefix").text.splitlines()
    assert len(lines) == 20
    assert all(line.startswith("[pod/web-") and "/nginx] " in line for line in lines)


def test_logs_errors_in_kubectl_s_words():
    c = _cluster()
    cases = {
        "kubectl logs ghost": 'error: error from server (NotFound): pods "ghost" not found in namespace "default"\n',
        "kubectl logs": ("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a "
                         "required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n"),
        "kubectl logs bb -l run=bb": ("error: only a selector (-l) or a POD name is allowed\n"
                                      "See 'kubectl logs -h' for help and examples\n"),
        "kubectl logs bb -c nope": "error: container nope is not valid for pod bb\n",
        "kubectl logs bb --tail=-5": "error: --tail must be greater than or equal to -1\n",
        "kubectl logs bb -p": 'Error from server (BadRequest): previous terminated container "bb" in pod "bb" not found\n',
    }
    for line, text in cases.items():
        out = c.run(line)
        assert (line, out.text, out.exit_code) == (line, text, 1)


def test_a_container_still_creating_has_no_logs_yet():
    c = Cluster(seed=11)
    c.run("kubectl run img --image=doesnotexist:1")
    out = c.run("kubectl logs img")
    assert out.text.startswith('Error from server (BadRequest): container "img" in pod "img" is waiting to start: ')


def test_several_containers_default_to_the_first_and_say_so_podcmd_go():
    c = Cluster(seed=11)
    c.run("""cat > two.yaml <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: two
spec:
  containers:
  - name: a
    image: busybox
    command: ["sh", "-c", "echo from-a; sleep 3600"]
  - name: b
    image: busybox
    command: ["sh", "-c", "echo from-b; sleep 3600"]
EOF""")
    c.run("kubectl apply -f two.yaml")
    c.advance(20)
    assert c.run("kubectl logs two").text == 'Defaulted container "a" out of: a, b\nfrom-a\n'
    assert c.run("kubectl logs two -c b").text == "from-b\n"
    assert c.run("kubectl logs two b").text == "from-b\n"
    assert c.run("kubectl logs two --all-containers").text == "from-a\nfrom-b\n"
