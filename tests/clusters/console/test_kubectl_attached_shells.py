"""Shells in pods that the console's terminal attaches to: kubectl exec -ti, run -ti, attach -ti.

Pages replayed as typed: Get a Shell to a Running Container
(kubernetes/website content/en/docs/tasks/debug/debug-application/get-shell-running-container.md),
the older Define Environment Variables page's ``kubectl exec -it envar-demo -- /bin/bash``
(pods/inject/envars.yaml's hello-app has no bash, so its ``sh`` is typed after the refusal; the
manifest is the one the Define Environment Variables test writes), and the ``kubectl run -it
--rm ... busybox ... sh`` then ``nslookup`` the Services pages use. The manifests are written
here to describe the same objects. Texts come from kubectl 1.32
(exec.go SetupTTY, attach.go Run and reattachMessage, run.go) and the shells the images ship.
"""
import pickle

from clusters import Cluster
from clusters.console import EOF
from tests.clusters.console.test_tutorial_command_and_environment_pages import ENVAR_DEMO

SHELL_DEMO = """apiVersion: v1
kind: Pod
metadata:
  name: shell-demo
spec:
  volumes:
  - name: shared-data
    emptyDir: {}
  containers:
  - name: nginx
    image: nginx
    volumeMounts:
    - name: shared-data
      mountPath: /usr/share/nginx/html
  hostNetwork: true
  dnsPolicy: Default
"""

HINT = "If you don't see a command prompt, try pressing enter.\n"


def _apply(c: Cluster, manifest: str) -> None:
    c.run(f"cat <<EOF | kubectl apply -f -\n{manifest}EOF")
    c.run("sim advance 30s")


def _sleeper(c: Cluster, name: str = "bb", image: str = "busybox", seconds: str = "3600") -> None:
    c.run(f"kubectl run {name} --image={image} -- sleep {seconds}")
    c.run("sim advance 20s")


def test_it_gets_a_shell_to_shell_demo_as_get_shell_running_container_shows():
    c = Cluster(seed=3)
    _apply(c, SHELL_DEMO)
    assert c.run("kubectl get pod shell-demo").text.splitlines()[1].split()[:3] == ["shell-demo", "1/1", "Running"]
    node = c.run("kubectl get pod shell-demo -o jsonpath='{.spec.nodeName}'").text
    out = c.run("kubectl exec --stdin --tty shell-demo -- /bin/bash")
    # nginx's image is Debian's: bash's prompt is the one /etc/bash.bashrc sets. The page shows
    # root@shell-demo, but shell-demo is on the host network, so it has the node's hostname
    # (kuberuntime_sandbox.go sets none; containerd keeps the host's UTS namespace)
    assert (out.text, out.exit_code, out.prompt) == ("", 0, f"root@{node}:/# ")
    out = c.run("echo 'Hello shell demo' > /usr/share/nginx/html/index.html")
    assert (out.text, out.exit_code, out.prompt) == ("", 0, f"root@{node}:/# ")
    assert c.run("cat /usr/share/nginx/html/index.html").text == "Hello shell demo\n"
    # the prompt follows cd, with root's home as ~
    assert c.run("cd /usr/share/nginx/html").prompt == f"root@{node}:/usr/share/nginx/html# "
    assert c.run("cat index.html").text == "Hello shell demo\n"
    assert c.run("cd").prompt == f"root@{node}:~# "
    # kubectl is not in the container; bash at a prompt names no line
    out = c.run("kubectl get pods")
    assert (out.text, out.exit_code) == ("bash: kubectl: command not found\n", 127)
    out = c.run("exit")  # bash says exit; its status is the last command's, which kubectl reports
    assert (out.text, out.exit_code, out.prompt) == ("exit\ncommand terminated with exit code 127\n", 127, None)
    assert c.run("echo $?").text == "127\n"
    # back at the console's prompt: an ordinary command window, as the page's next section says
    assert c.run("kubectl exec shell-demo -- cat /usr/share/nginx/html/index.html").text == "Hello shell demo\n"


def test_envar_demo_has_no_bash_but_its_sh_lists_the_demo_variables():
    c = Cluster(seed=3)
    _apply(c, ENVAR_DEMO)
    out = c.run("kubectl exec -it envar-demo -- /bin/bash")
    assert out.exit_code == 1 and out.prompt is None
    assert 'exec: "/bin/bash": stat /bin/bash: no such file or directory: unknown' in out.text
    out = c.run("kubectl exec -it envar-demo -- /bin/sh")
    assert (out.text, out.prompt) == ("", "/ # ")
    out = c.run("printenv | grep DEMO")
    assert sorted(out.text.splitlines()) == ["DEMO_FAREWELL=Such a sweet sorrow",
                                             "DEMO_GREETING=Hello from the environment"]
    assert out.exit_code == 0
    # a terminal's exec gets TERM=xterm from the runtime; a variable set at the prompt is not exported
    assert c.run("printenv TERM").text == "xterm\n"
    c.run("GREETING=hi")
    assert (c.run("echo $GREETING").text, c.run("env | grep ^GREETING=").text) == ("hi\n", "")
    c.run("export GREETING")
    assert c.run("env | grep ^GREETING=").text == "GREETING=hi\n"
    out = c.run("exit")
    assert (out.text, out.exit_code, out.prompt) == ("", 0, None)


def test_run_it_rm_busybox_looks_a_service_up_and_exit_deletes_the_pod():
    c = Cluster(seed=3)
    c.run("kubectl create deployment web --image=nginx")
    c.run("kubectl expose deployment web --port=80")
    c.run("sim advance 20s")
    ip = c.get("services", "web")["spec"]["clusterIP"]
    out = c.run("kubectl run -it --rm --restart=Never dns-test --image=busybox:1.28 -- sh")
    assert (out.text, out.exit_code, out.prompt) == (HINT, 0, "/ # ")
    assert c.get("pods", "dns-test")["spec"]["containers"][0]["tty"] is True
    answer = c.run("nslookup web")
    assert answer.exit_code == 0 and answer.prompt == "/ # "
    assert f"Name:      web\nAddress 1: {ip} web.default.svc.cluster.local\n" in answer.text
    out = c.run("exit")
    assert (out.text, out.exit_code, out.prompt) == ('pod "dns-test" deleted\n', 0, None)
    assert c.run("kubectl get pod dns-test").text == 'Error from server (NotFound): pods "dns-test" not found\n'


def test_run_it_returns_the_shells_exit_code_after_deleting_the_pod_run_go():
    c = Cluster(seed=3)
    c.run("kubectl run -it --rm --restart=Never fail --image=busybox -- sh")
    out = c.run("exit 3")
    assert (out.text, out.exit_code) == ('pod "fail" deleted\npod default/fail terminated (Error)\n', 3)
    assert c.run("echo $?").text == "3\n"


def test_run_it_with_restart_always_says_how_to_attach_again_and_attach_does():
    c = Cluster(seed=3)
    assert c.run("kubectl run -it shell --image=busybox -- sh").prompt == "/ # "
    c.run("echo hello > /tmp/note")
    out = c.run("exit")
    assert (out.text, out.prompt) == (
        "Session ended, resume using 'kubectl attach shell -c shell -i -t' command when the pod is running\n", None)
    c.run("sim advance 10s")
    assert c.run("kubectl get pod shell").text.splitlines()[1].split()[1:4] == ["1/1", "Running", "1"]
    out = c.run("kubectl attach shell -c shell -i -t")
    assert (out.text, out.prompt) == (HINT, "/ # ")
    # a new container: the old one's file went with it
    assert c.run("cat /tmp/note").text == "cat: can't open '/tmp/note': No such file or directory\n"
    c.run("echo again")
    out = c.run(EOF)  # Ctrl-D: busybox's sh ends the prompt's line
    assert out.text == "\nSession ended, resume using 'kubectl attach shell -c shell -i -t' command when the pod is running\n"
    # the terminal of a container with a tty is its log
    assert c.run("kubectl logs shell").text == \
        "/ # cat /tmp/note\ncat: can't open '/tmp/note': No such file or directory\n/ # echo again\nagain\n"


def test_attach_refuses_a_tty_the_container_did_not_allocate_attach_go():
    c = Cluster(seed=3)
    _sleeper(c, seconds="5")
    out = c.run("kubectl attach bb -i -t")
    assert out.text.startswith("error: Unable to use a TTY - container bb did not allocate one\n" + HINT)
    assert out.prompt is None


def test_each_image_shell_shows_its_own_prompt():
    c = Cluster(seed=3)
    _sleeper(c, "bb", "busybox")
    _sleeper(c, "web", "nginx")
    _sleeper(c, "plain", "bash")
    assert c.run("kubectl exec -ti bb -- sh").prompt == "/ # "  # busybox ash: \w \$
    assert c.run("cd /etc").prompt == "/etc # "
    assert c.run("cd").prompt == "~ # "
    assert c.run(EOF).text == "\n"
    assert c.run("kubectl exec -ti web -- sh").prompt == "# "  # Debian's dash: no directory in it
    assert c.run("cd /etc").prompt == "# "
    assert c.run("exit").prompt is None
    assert c.run("kubectl exec -ti web -- bash").prompt == "root@web:/# "
    assert c.run("exit").text == "exit\n"
    assert c.run("kubectl exec -ti plain -- bash").prompt == "bash-5.2# "  # bash's own \s-\v\$ on Alpine
    assert c.run("PS1='\\w> '").prompt == "/> "
    c.run("exit")
    # -i without -t: the shell reads the terminal as a script, with no prompt
    assert c.run("kubectl exec -i web -- bash").prompt == ""
    out = c.run("foo")
    assert (out.text, out.exit_code, out.prompt) == ("bash: line 1: foo: command not found\n", 127, "")
    assert c.run("foo").text == "bash: line 2: foo: command not found\n"
    assert c.run(EOF).text == "command terminated with exit code 127\n"


def test_dash_counts_the_lines_it_read_in_its_errors():
    c = Cluster(seed=3)
    _sleeper(c, "web", "nginx")
    c.run("kubectl exec -it web -- sh")
    assert c.run("foo").text == "sh: 1: foo: not found\n"
    assert c.run("cd /nowhere").text == "sh: 2: cd: can't cd to /nowhere\n"
    out = c.run("exit 0")
    assert (out.text, out.exit_code) == ("", 0)


def test_stdin_that_is_not_the_terminal_is_read_through_exec_go():
    c = Cluster(seed=3)
    _sleeper(c)
    # -t without -i: no stdin, so the shell reads end of input at once
    out = c.run("kubectl exec -t bb -- sh")
    assert (out.text, out.exit_code, out.prompt) == ("", 0, None)
    out = c.run("echo 'hostname; exit 4' | kubectl exec -it bb -- sh")
    assert out.text == "Unable to use a TTY - input is not a terminal or the right kind of file\nbb\n" \
                       "command terminated with exit code 4\n"
    assert (out.exit_code, out.prompt) == (4, None)
    assert c.run("kubectl exec -i bb -- sh <<EOF\necho from a heredoc\nEOF").text == "from a heredoc\n"
    assert c.run("echo piped | kubectl exec -i bb -- cat").text == "piped\n"


def test_time_passes_in_the_shell_and_a_dying_container_ends_the_session():
    c = Cluster(seed=3)
    _sleeper(c, seconds="40")
    c.run("kubectl exec -it bb -- sh")
    before = c.now
    assert c.run("sleep 5").text == "" and c.now - before >= 5
    # the container's process ends at 40s: the shell is killed with it, as kubectl reports it
    out = c.run("sleep 60")
    assert (out.text, out.exit_code, out.prompt) == ("command terminated with exit code 137\n", 137, None)


def test_a_container_gone_between_lines_ends_the_session_before_the_next_line_runs_here():
    c = Cluster(seed=3)
    _sleeper(c, seconds="40")
    assert c.run("kubectl exec -it bb -- sh").prompt == "/ # "
    c.advance(60)  # the host lets time pass; the container ends meanwhile
    assert c.prompt() is None
    out = c.run("echo hi")
    assert (out.text, out.exit_code, out.prompt) == ("command terminated with exit code 137\nhi\n", 0, None)


def test_completion_offers_the_containers_files_never_kubectl_words():
    c = Cluster(seed=3)
    _sleeper(c)
    c.run("kubectl exec -it bb -- sh")
    assert c.complete("cat /etc/ho") == ["/etc/hostname", "/etc/hosts"]
    assert c.complete("kubectl ge") == []
    c.run("cd /etc")
    assert c.complete("cat res") == ["resolv.conf"]
    c.run("exit")
    assert "get" in c.complete("kubectl ge")


def test_a_session_survives_snapshot_restore_and_replay():
    c = Cluster(seed=3)
    _sleeper(c)
    c.run("kubectl exec -it bb -- sh")
    c.run("cd /tmp")
    c.run("export GREETING=hello")
    restored = Cluster.restore(c.snapshot())
    assert restored.prompt() == "/tmp # "
    assert restored.run("echo $GREETING; pwd").text == "hello\n/tmp\n"
    assert pickle.loads(pickle.dumps(restored.console.attached)).state.cwd == "/tmp"
    replayed = Cluster.replay(c.spec, 3, c.journal)
    assert replayed.prompt() == "/tmp # " and replayed.state_digest() == c.state_digest()
    for cluster in (c, replayed):
        out = cluster.run("exit 2")
        assert (out.text, out.exit_code, out.prompt) == ("command terminated with exit code 2\n", 2, None)
    assert replayed.state_digest() == c.state_digest()
