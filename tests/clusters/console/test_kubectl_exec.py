"""kubectl exec (pkg/cmd/exec/exec.go) over the kubelet's exec and the modelled network."""
from clusters import Cluster


def _cluster():
    c = Cluster(seed=12)
    c.run("kubectl create deployment web --image=nginx --replicas=2 --port=80")
    c.run("kubectl expose deployment web")
    c.run("kubectl run bb --image=busybox -- sleep 3600")
    c.advance(20)
    return c


def test_exec_env_shows_the_container_environment_with_service_variables():
    out = _cluster().run("kubectl exec bb -- env")
    assert out.exit_code == 0
    assert "HOSTNAME=bb\n" in out.text and "WEB_SERVICE_PORT=80\n" in out.text


def test_exec_hostname_and_cat():
    c = _cluster()
    assert c.run("kubectl exec bb -- hostname").text == "bb\n"
    assert c.run("kubectl exec bb -- cat /etc/hostname").text == "bb\n"


def test_exec_wget_and_curl_reach_the_service_through_the_network_model():
    c = _cluster()
    out = c.run("kubectl exec bb -- wget -qO- web")
    assert "<title>Welcome to nginx!</title>" in out.text and out.exit_code == 0
    assert c.run("kubectl exec bb -- sh -c 'wget -qO- http://web'").text == out.text


def test_exec_nslookup_resolves_the_service():
    out = _cluster().run("kubectl exec bb -- nslookup web")
    assert "Name:\tweb.default.svc.cluster.local\n" in out.text


def test_a_failing_command_reports_its_exit_code_client_go_CodeExitError():
    out = _cluster().run("kubectl exec bb -- ls /nope")
    assert out.text.endswith("command terminated with exit code 1\n")
    assert out.exit_code == 1


def test_exec_into_a_deployment_picks_one_of_its_pods():
    out = _cluster().run("kubectl exec deploy/web -- cat /etc/hostname")
    assert out.text.startswith("web-") and out.exit_code == 0


def test_exec_errors_exec_go():
    c = _cluster()
    cases = {
        "kubectl exec bb ls": ("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] "
                               "instead\nSee 'kubectl exec -h' for help and examples\n"),
        "kubectl exec bb": "error: you must specify at least one command for the container\n",
        "kubectl exec -- ls": "error: pod, type/name or --filename must be specified\n",
        "kubectl exec ghost -- ls": 'Error from server (NotFound): pods "ghost" not found\n',
        "kubectl exec bb -c x -- ls": "error: container x not found in pod bb\n",
    }
    for line, text in cases.items():
        out = c.run(line)
        assert (line, out.text, out.exit_code) == (line, text, 1)


def test_exec_into_a_completed_pod_is_refused():
    c = Cluster(seed=12)
    c.run("kubectl run once --image=busybox --restart=Never -- echo hi")
    c.advance(30)
    out = c.run("kubectl exec once -- ls")
    assert out.text == "error: cannot exec into a container in a completed pod; current phase is Succeeded\n"


def test_exec_network_tools_fail_like_cat_before_the_container_runs_exec_go():
    # kubectl exec reaches the container through the kubelet: no running container, no wget/curl/nslookup either.
    c = Cluster(seed=12)
    c.run("kubectl run bb --image=busybox -- sleep 3600")
    for wait in (0, 0.5):
        c.advance(wait)
        cat = c.run("kubectl exec bb -- cat /etc/hostname")
        assert "container not found (\"bb\")" in cat.text and cat.exit_code == 1
        for cmd in ("wget -qO- kubernetes", "curl kubernetes", "nslookup kubernetes", "sh -c 'wget -qO- kubernetes'"):
            out = c.run(f"kubectl exec bb -- {cmd}")
            assert (cmd, out.text, out.exit_code) == (cmd, cat.text, 1)


# -- scripts in virtual time (shell.Session) -------------------------------------------------------------

def test_sleep_in_an_exec_script_moves_the_cluster_clock():
    c = _cluster()
    before = c.now
    out = c.run("kubectl exec bb -- sh -c 'for i in 1 2 3; do date; sleep 5; done'")
    assert out.exit_code == 0 and len(set(out.text.splitlines())) == 3
    assert c.now == before + 15


def test_each_pass_of_a_loop_sees_the_cluster_as_it_is_then():
    c = Cluster(seed=12)
    c.run("kubectl run bb --image=busybox -- sleep 3600")
    c.advance(20)
    c.run("kubectl create deployment web --image=nginx")
    c.run("kubectl expose deployment web --port=80")
    out = c.run("kubectl exec bb -- sh -c 'for i in 1 2 3 4 5 6; do wget -q -O- -T 1 http://web >/dev/null "
                "&& echo up || echo down; sleep 3; done'")
    states = out.text.split()
    assert states[0] == "down" and states[-1] == "up"  # the pod became ready while the loop ran
    assert c.bugs == []


def test_an_endless_loop_stops_after_the_follow_window_as_ctrl_c_would():
    c = _cluster()
    before = c.now
    out = c.run("kubectl exec bb -- sh -c 'while true; do echo tick; sleep 10; done'")
    assert out.text.splitlines()[:3] == ["tick"] * 3
    assert "so it was stopped as Ctrl-C would stop it." in out.text
    assert out.exit_code == 130 and c.now == before + 30


def test_a_loop_that_never_sleeps_is_stopped_without_moving_time():
    c = _cluster()
    before = c.now
    out = c.run("kubectl exec bb -- sh -c 'while true; do echo spin; done'")
    assert out.text.count("spin\n") == 100 and out.exit_code == 130 and c.now == before


def test_a_counting_loop_ends_by_itself():
    out = _cluster().run("kubectl exec bb -- sh -c 'i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); done'")
    assert (out.text, out.exit_code) == ("0\n1\n2\n", 0)
