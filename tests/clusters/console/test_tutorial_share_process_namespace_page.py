"""Share Process Namespace between Containers in a Pod, typed as the page has it, its manifest pasted.

kubernetes/website content/en/docs/tasks/configure-pod-container/share-process-namespace.md: with
``shareProcessNamespace: true`` every container runs in the sandbox's PID namespace (kuberuntime
NamespaceMode POD), so PID 1 is the pause image's /pause (build/pause/Dockerfile: USER 65535:65535), the
containers' processes are numbered in the order runc starts them, busybox ``ps ax`` in the shell container
lists nginx's master and workers (the workers as nginx.conf's ``user nginx``, uid 101, which busybox's
/etc/passwd does not name), ``kill -HUP`` reaches nginx's master, which reloads with new workers and says so
in its log (ngx_process_cycle.c), and /proc/PID/root opens the other container's files where ptrace's
access check allows it (kernel/ptrace.c __ptrace_may_access, commoncap.c cap_ptrace_access_check). The page
attaches to the shell container, whose command is now ``sleep 3600``, so the shell here is exec'd.
"""
from __future__ import annotations

from clusters import Cluster

# content/en/examples/pods/share-process-namespace.yaml, with the SYS_PTRACE the page says kill needs.
SHARE_PROCESS_NAMESPACE = """apiVersion: v1
kind: Pod
metadata:
  name: nginx
spec:
  shareProcessNamespace: true
  containers:
  - name: nginx
    image: nginx
  - name: shell
    image: busybox:1.28
    securityContext:
      capabilities:
        add:
        - SYS_PTRACE
    command: ["sleep", "3600"]
    stdin: true
    tty: true
"""
WITHOUT_PTRACE = SHARE_PROCESS_NAMESPACE.replace("""    securityContext:
      capabilities:
        add:
        - SYS_PTRACE
""", "")
UNSHARED = SHARE_PROCESS_NAMESPACE.replace("  shareProcessNamespace: true\n", "")

# nginx 1.27's nginx.conf, its first ten lines, as head prints them.
NGINX_CONF_HEAD = """
user  nginx;
worker_processes  auto;

error_log  /var/log/nginx/error.log notice;
pid        /run/nginx.pid;


events {
    worker_connections  1024;
"""


def _running(manifest: str) -> Cluster:
    c = Cluster(seed=3)
    assert c.run(f"cat <<EOF | kubectl apply -f -\n{manifest}EOF").text == "pod/nginx created\n"
    c.run("sim advance 30s")
    assert c.run("kubectl get pod nginx").text.splitlines()[1].split()[1:3] == ["2/2", "Running"]
    return c


def _shell(c: Cluster) -> None:
    opened = c.run("kubectl exec -it nginx -c shell -- /bin/sh")
    assert (opened.text, opened.prompt) == ("", "/ # ")


def test_ps_ax_in_the_shell_container_lists_pause_and_nginx_numbered_in_the_pods_namespace():
    c = _running(SHARE_PROCESS_NAMESPACE)
    _shell(c)
    assert c.run("ps ax").text == (
        "PID   USER     TIME  COMMAND\n"
        "    1 65535     0:00 /pause\n"
        "    2 root      0:00 nginx: master process nginx -g daemon off;\n"
        "   30 101       0:00 nginx: worker process\n"
        "   31 101       0:00 nginx: worker process\n"
        "   32 root      0:00 sleep 3600\n"
        "   33 root      0:00 /bin/sh\n"
        "   34 root      0:00 ps ax\n")
    assert c.run("exit").text == ""
    # nginx's own log numbers its master and workers the same way.
    logs = c.run("kubectl logs nginx -c nginx").text
    assert "[notice] 2#2: start worker process 30\n" in logs and "[notice] 2#2: start worker process 31\n" in logs


def test_kill_hup_reaches_nginx_in_the_other_container_which_starts_new_workers_ngx_process_cycle_c():
    c = _running(SHARE_PROCESS_NAMESPACE)
    _shell(c)
    assert c.run("ps ax").text.count("nginx: worker process") == 2
    killed = c.run("kill -HUP 2")
    assert (killed.text, killed.prompt) == ("", "/ # ")
    assert c.run("ps ax").text == (
        "PID   USER     TIME  COMMAND\n"
        "    1 65535     0:00 /pause\n"
        "    2 root      0:00 nginx: master process nginx -g daemon off;\n"
        "   32 root      0:00 sleep 3600\n"
        "   33 root      0:00 /bin/sh\n"
        "   35 101       0:00 nginx: worker process\n"
        "   36 101       0:00 nginx: worker process\n"
        "   37 root      0:00 ps ax\n")
    c.run("exit")
    reload = [line.split(" ", 2)[2] for line in c.run("kubectl logs nginx -c nginx --tail=16").text.splitlines()]
    assert reload == [
        "[notice] 2#2: signal 1 (SIGHUP) received from 33, reconfiguring",
        "[notice] 2#2: reconfiguring",
        '[notice] 2#2: using the "epoll" event method',
        "[notice] 2#2: start worker processes",
        "[notice] 2#2: start worker process 35",
        "[notice] 2#2: start worker process 36",
        "[notice] 30#30: gracefully shutting down",
        "[notice] 31#31: gracefully shutting down",
        "[notice] 30#30: exiting",
        "[notice] 31#31: exiting",
        "[notice] 30#30: exit",
        "[notice] 31#31: exit",
        "[notice] 2#2: signal 17 (SIGCHLD) received from 30",
        "[notice] 2#2: worker process 30 exited with code 0",
        "[notice] 2#2: worker process 31 exited with code 0",
        "[notice] 2#2: signal 29 (SIGIO) received",
    ]
    # Stopped later, the master reaps the workers it has now.
    assert c.run("kubectl delete pod nginx").text == 'pod "nginx" deleted\n'


def test_kill_of_a_pid_no_process_has_fails_as_busybox_says():
    c = _running(SHARE_PROCESS_NAMESPACE)
    _shell(c)
    assert c.run("kill 99").text == "sh: can't kill pid 99: No such process\n"
    assert c.run("echo $?").text == "1\n"


def test_proc_pid_root_opens_the_nginx_containers_files():
    c = _running(SHARE_PROCESS_NAMESPACE)
    _shell(c)
    assert c.run("head /proc/2/root/etc/nginx/nginx.conf").text == NGINX_CONF_HEAD
    assert c.run("cat /proc/30/root/etc/hostname").text == "nginx\n"  # a worker's root is its master's


def test_without_sys_ptrace_a_workers_root_is_refused_but_its_masters_is_not_ptrace_c():
    # root to root with the same capabilities passes ptrace's check; the workers run as nginx (101).
    c = _running(WITHOUT_PTRACE)
    _shell(c)
    assert c.run("head /proc/2/root/etc/nginx/nginx.conf").text == NGINX_CONF_HEAD
    refused = c.run("head /proc/30/root/etc/nginx/nginx.conf")
    assert refused.text == "head: /proc/30/root/etc/nginx/nginx.conf: Permission denied\n"
    assert c.run("echo $?").text == "1\n"
    assert c.run("cat /proc/31/root/etc/hostname").text == \
        "cat: can't open '/proc/31/root/etc/hostname': Permission denied\n"


def test_without_the_field_each_container_has_its_own_namespace():
    c = _running(UNSHARED)
    assert c.run("kubectl exec nginx -c shell -- ps ax").text == (
        "PID   USER     TIME  COMMAND\n"
        "    1 root      0:00 sleep 3600\n"
        "    2 root      0:00 ps ax\n")
    assert c.run("kubectl exec nginx -c shell -- kill -HUP 8").text == \
        "sh: can't kill pid 8: No such process\ncommand terminated with exit code 1\n"
    logs = c.run("kubectl logs nginx -c nginx").text
    assert "[notice] 1#1: start worker process 29\n" in logs and "SIGHUP" not in logs


def test_a_script_sees_the_workers_a_kill_in_it_started_and_pid_1_is_the_sandboxs():
    c = _running(SHARE_PROCESS_NAMESPACE)
    out = c.run("kubectl exec nginx -c shell -- sh -c 'kill -HUP 2; echo; ps ax'").text
    assert "\n   34 101       0:00 nginx: worker process\n   35 101       0:00 nginx: worker process\n" in out
    assert " 30 101 " not in out
    assert c.run("kubectl exec nginx -c nginx -- cat /proc/1/cmdline").text == "/pause\x00"


def test_sleep_is_not_init_in_a_shared_namespace_so_sigterm_ends_it_signal_7():
    c = _running(SHARE_PROCESS_NAMESPACE)
    assert c.run("kubectl exec nginx -c nginx -- kill 32").text == ""
    c.run("sim advance 30s")
    assert c.run("kubectl get pod nginx -o jsonpath='{.status.containerStatuses[1].lastState.terminated.exitCode}"
                 " {.status.containerStatuses[1].lastState.terminated.reason}'").text == "143 Error"
    assert c.run("kubectl get pod nginx -o jsonpath='{.status.containerStatuses[1].restartCount}'").text == "1"


def test_deleting_the_pod_ends_its_sleep_at_once_rather_than_at_the_grace_period():
    shared, unshared = _running(SHARE_PROCESS_NAMESPACE), _running(UNSHARED)
    for c in (shared, unshared):
        assert c.run("kubectl delete pod nginx --wait=false").text == 'pod "nginx" deleted\n'
        c.run("sim advance 5s")
    assert shared.run("kubectl get pod nginx").text == 'Error from server (NotFound): pods "nginx" not found\n'
    assert unshared.run("kubectl get pod nginx").text.splitlines()[1].split()[2] == "Terminating"
