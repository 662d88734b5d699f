"""kubernetes.io's AppArmor and seccomp tutorials, as far as a kind cluster lets them be typed.

kubernetes/website content/en/docs/tutorials/security/apparmor.md and seccomp.md, with the example
manifests of content/en/examples/pods/security/ pasted. Both pages work on the nodes (ssh and
``apparmor_parser`` for AppArmor; kind's extraMounts of ./profiles for seccomp). Here a node's shell
is ``kubectl debug node/NAME -it --image=busybox`` with the node's disk under /host: a profile
written under the node's /etc/apparmor.d is loaded (kubelet/apparmor.py), and the seccomp profiles
are written where the extraMounts would put them, /var/lib/kubelet/seccomp/profiles. ``docker exec
... curl localhost:PORT`` becomes the console's ``curl NODE-IP:PORT``.

Out of reach: ``apparmor_parser`` itself, the syslog/audit lines of SCMP_ACT_LOG, ``crictl inspect``.
"""
from __future__ import annotations

import re

from clusters import Cluster

DENY_WRITE = """#include <tunables/global>

profile k8s-apparmor-example-deny-write flags=(attach_disconnected) {
  #include <abstractions/base>

  file,

  # Deny all file writes.
  deny /** w,
}
"""

HELLO_APPARMOR = """apiVersion: v1
kind: Pod
metadata:
  name: hello-apparmor
spec:
  securityContext:
    appArmorProfile:
      type: Localhost
      localhostProfile: k8s-apparmor-example-deny-write
  containers:
  - name: hello
    image: busybox:1.28
    command: [ "sh", "-c", "echo 'Hello AppArmor!' && sleep 1h" ]
"""

HELLO_APPARMOR_2 = """kubectl create -f /dev/stdin <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: hello-apparmor-2
  annotations:
    container.apparmor.security.beta.kubernetes.io/hello: localhost/k8s-apparmor-example-allow-write
spec:
  containers:
  - name: hello
    image: busybox:1.28
    command: [ "sh", "-c", "echo 'Hello AppArmor!' && sleep 1h" ]
EOF"""

NODES = ("node-1", "node-2", "node-3")


def _on_nodes(c: Cluster, *lines: str) -> None:
    """Each line in a shell on every worker node, as the page's ``for NODE in ...; do ssh $NODE ...``."""
    for node in NODES:
        out = c.run(f"kubectl debug node/{node} -it --image=busybox")
        assert f"with container debugger on node {node}." in out.text
        for line in lines:
            assert c.run(line).exit_code == 0, line
        c.run("exit")


def _apply(c: Cluster, manifest: str):
    return c.run(f"kubectl apply -f - <<EOF\n{manifest}EOF")


def _loaded(c: Cluster) -> None:
    _on_nodes(c, f"cat <<EOF >/host/etc/apparmor.d/k8s-apparmor-example-deny-write\n{DENY_WRITE}EOF")


def test_the_node_lists_a_loaded_profile_beside_containerds_default():
    c = Cluster(seed=5)
    _loaded(c)
    c.run("kubectl debug node/node-2 -it --image=busybox")
    out = c.run("cat /host/sys/kernel/security/apparmor/profiles | sort")
    assert out.text == "cri-containerd.apparmor.d (enforce)\nk8s-apparmor-example-deny-write (enforce)\n"


def test_hello_apparmor_runs_confined_and_cannot_write():
    c = Cluster(seed=5)
    _loaded(c)
    assert _apply(c, HELLO_APPARMOR).text == "pod/hello-apparmor created\n"
    c.run("kubectl wait --for=condition=Ready pod/hello-apparmor --timeout=60s")
    out = c.run("kubectl exec hello-apparmor -- cat /proc/1/attr/current")
    assert out.text == "k8s-apparmor-example-deny-write (enforce)\n"
    out = c.run("kubectl exec hello-apparmor -- touch /tmp/test")
    assert out.text == "touch: /tmp/test: Permission denied\ncommand terminated with exit code 1\n"
    assert out.exit_code == 1
    assert c.run("kubectl logs hello-apparmor").text == "Hello AppArmor!\n"


def test_a_profile_not_loaded_fails_container_creation_and_the_annotation_is_deprecated():
    c = Cluster(seed=5)
    _loaded(c)
    out = c.run(HELLO_APPARMOR_2)
    # pkg/registry/core/pod/strategy.go applyAppArmorVersionSkew: the annotation becomes the field, with a warning
    assert out.text == ('Warning: metadata.annotations[container.apparmor.security.beta.kubernetes.io/hello]: '
                        'deprecated since v1.30; use the "appArmorProfile" field instead\n'
                        'pod/hello-apparmor-2 created\n')
    assert c.get("pods", "hello-apparmor-2")["spec"]["containers"][0]["securityContext"] == {
        "appArmorProfile": {"type": "Localhost", "localhostProfile": "k8s-apparmor-example-allow-write"}}
    c.run("sim advance 20s")
    row = c.run("kubectl get pod hello-apparmor-2").text.splitlines()[1].split()
    assert row[:4] == ["hello-apparmor-2", "0/1", "CreateContainerError", "0"]
    describe = c.run("kubectl describe pod hello-apparmor-2").text
    assert "Status:           Pending\n" in describe
    assert "      Reason:       CreateContainerError\n" in describe
    # containerd pkg/cri/server: containerSpecOpts -> generateApparmorSpecOpts, as the kubelet's Failed event
    assert re.search(r"Warning  Failed     \S+ \(x2 over \S+\)\s+kubelet\s+Error: failed to get container spec opts: "
                     r"failed to generate apparmor spec opts: apparmor profile not found "
                     r"k8s-apparmor-example-allow-write\n", describe)
    status = c.get("pods", "hello-apparmor-2")["status"]["containerStatuses"][0]["state"]["waiting"]
    assert status["message"] == ("failed to get container spec opts: failed to generate apparmor spec opts: "
                                 "apparmor profile not found k8s-apparmor-example-allow-write")


def test_an_annotation_that_contradicts_the_field_is_refused():
    c = Cluster(seed=5)
    out = c.run("""kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: mixed
  annotations:
    container.apparmor.security.beta.kubernetes.io/hello: runtime/default
spec:
  containers:
  - name: hello
    image: busybox:1.28
    securityContext:
      appArmorProfile:
        type: Unconfined
EOF""")
    # validateAppArmorAnnotationsAndFieldsMatchOnCreate
    assert out.text == ('The Pod "mixed" is invalid: spec.containers[0].securityContext.appArmorProfile.type: '
                        'Forbidden: apparmor type in annotation and field must match\n')
    assert out.exit_code == 1


def test_runtime_default_and_unconfined_profiles():
    c = Cluster(seed=5)
    for name, kind in (("default-aa", "RuntimeDefault"), ("unconfined-aa", "Unconfined")):
        _apply(c, f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  securityContext:\n"
                  f"    appArmorProfile:\n      type: {kind}\n  containers:\n  - name: hello\n    image: busybox:1.28\n"
                  f"    command: [\"sleep\", \"1h\"]\n")
    c.run("sim advance 20s")
    out = c.run("kubectl exec default-aa -- cat /proc/1/attr/current")
    assert out.text == "cri-containerd.apparmor.d (enforce)\n"
    assert c.run("kubectl exec unconfined-aa -- cat /proc/1/attr/current").text == "unconfined\n"
    assert c.run("kubectl exec unconfined-aa -- touch /tmp/test").exit_code == 0


# --- seccomp.md ------------------------------------------------------------------------------------
AUDIT_JSON = '{\n    "defaultAction": "SCMP_ACT_LOG"\n}\n'
VIOLATION_JSON = '{\n    "defaultAction": "SCMP_ACT_ERRNO"\n}\n'
# fine-grained.json, a few of its allowed syscalls
FINE_GRAINED_JSON = """{
    "defaultAction": "SCMP_ACT_ERRNO",
    "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
    "syscalls": [
        {
            "names": ["accept4", "epoll_wait", "pselect6", "futex", "madvise", "epoll_ctl", "getsockname",
                      "setsockopt", "vfork", "mmap", "read", "write", "close", "arch_prctl", "sched_getaffinity",
                      "munmap", "brk", "rt_sigaction", "rt_sigprocmask", "sigaltstack", "gettid", "clone", "bind",
                      "socket", "openat", "readlinkat", "exit_group", "epoll_create1", "listen", "rt_sigreturn",
                      "sched_yield", "clock_gettime", "connect", "dup2", "epoll_pwait", "execve", "exit", "fcntl",
                      "getpid", "getuid", "ioctl", "mprotect", "nanosleep", "open", "poll", "recvfrom", "sendto",
                      "set_tid_address", "setitimer", "writev", "fstatfs", "getdents64", "pipe2", "getrlimit"],
            "action": "SCMP_ACT_ALLOW"
        }
    ]
}
"""


def _pod(name: str, profile: str) -> str:
    """ga/audit-pod.yaml, ga/violation-pod.yaml and ga/fine-pod.yaml: one shape, one profile each."""
    return f"""apiVersion: v1
kind: Pod
metadata:
  name: {name}
  labels:
    app: {name}
spec:
  securityContext:
    seccompProfile:
      type: Localhost
      localhostProfile: profiles/{profile}
  containers:
  - name: test-container
    image: hashicorp/http-echo:1.0
    args:
    - "-text=just made some syscalls!"
    securityContext:
      allowPrivilegeEscalation: false
"""


DEFAULT_POD = """apiVersion: v1
kind: Pod
metadata:
  name: default-pod
  labels:
    app: default-pod
spec:
  securityContext:
    seccompProfile:
      type: RuntimeDefault
  containers:
  - name: test-container
    image: hashicorp/http-echo:1.0
    args:
    - "-text=just made some more syscalls!"
    securityContext:
      allowPrivilegeEscalation: false
"""


def _profiles(c: Cluster) -> None:
    """What kind.yaml's extraMounts does: ./profiles at /var/lib/kubelet/seccomp/profiles on the node."""
    d = "/host/var/lib/kubelet/seccomp/profiles"
    _on_nodes(c, f"mkdir -p {d}", f"cat <<EOF >{d}/audit.json\n{AUDIT_JSON}EOF",
              f"cat <<EOF >{d}/violation.json\n{VIOLATION_JSON}EOF",
              f"cat <<EOF >{d}/fine-grained.json\n{FINE_GRAINED_JSON}EOF")


def test_the_profiles_are_where_the_kubelet_looks():
    c = Cluster(seed=5)
    _profiles(c)
    c.run("kubectl debug node/node-1 -it --image=busybox")
    out = c.run("ls /host/var/lib/kubelet/seccomp/profiles")
    assert out.text == "audit.json         fine-grained.json  violation.json\n"


def test_runtime_default_pod_runs_filtered():
    c = Cluster(seed=5)
    _apply(c, DEFAULT_POD)
    c.run("sim advance 20s")
    row = c.run("kubectl get pod default-pod").text.splitlines()[1].split()
    assert row[:4] == ["default-pod", "1/1", "Running", "0"]
    assert c.run("kubectl delete pod default-pod --wait --now").text == 'pod "default-pod" deleted\n'


def test_audit_pod_answers_through_a_node_port_and_runs_under_its_filter():
    c = Cluster(seed=5)
    _profiles(c)
    assert _apply(c, _pod("audit-pod", "audit.json")).text == "pod/audit-pod created\n"
    c.run("sim advance 20s")
    assert c.run("kubectl get pod/audit-pod").text.splitlines()[1].split()[:4] == ["audit-pod", "1/1", "Running", "0"]
    assert c.run("kubectl expose pod audit-pod --type NodePort --port 5678").text == "service/audit-pod exposed\n"
    row = c.run("kubectl get service audit-pod").text.splitlines()[1].split()
    port = re.fullmatch(r"5678:(\d+)/TCP", row[4]).group(1)
    node_ip = c.run("kubectl get node node-1 -o jsonpath='{.status.addresses[0].address}'").text
    assert c.run(f"curl {node_ip}:{port}").text == "just made some syscalls!\n"
    assert c.run("kubectl logs audit-pod").text.endswith(" [INFO] server is listening on :5678\n")
    # FROM scratch: the page never execs into it, and nothing but /http-echo is there to exec
    out = c.run("kubectl exec audit-pod -- cat /proc/1/status")
    assert out.exit_code == 1 and out.text.endswith(
        'exec: "cat": executable file not found in $PATH: unknown\n')


def test_the_filter_shows_in_proc_status():
    c = Cluster(seed=5)
    _profiles(c)
    for name, profile in (("audit-busybox", "Localhost\n      localhostProfile: profiles/audit.json"),
                          ("default-busybox", "RuntimeDefault"), ("plain-busybox", None)):
        sc = f"  securityContext:\n    seccompProfile:\n      type: {profile}\n" if profile else ""
        _apply(c, f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n{sc}  containers:\n"
                  f"  - name: c\n    image: busybox:1.28\n    command: [\"sleep\", \"1h\"]\n")
    c.run("sim advance 20s")
    for name, mode, filters in (("audit-busybox", 2, 1), ("default-busybox", 2, 1), ("plain-busybox", 0, 0)):
        text = c.run(f"kubectl exec {name} -- grep Seccomp /proc/1/status").text
        assert text == f"Seccomp:\t{mode}\nSeccomp_filters:\t{filters}\n", name


def test_violation_pod_cannot_start_its_program():
    c = Cluster(seed=5)
    _profiles(c)
    _apply(c, _pod("violation-pod", "violation.json"))
    c.run("sim advance 15s")
    row = c.run("kubectl get pod/violation-pod").text.splitlines()[1].split()
    assert row[:3] == ["violation-pod", "0/1", "CrashLoopBackOff"] and int(row[3]) >= 1
    describe = c.run("kubectl describe pod violation-pod").text
    assert "SeccompProfile:    Localhost\nLocalhostProfile:  profiles/violation.json\n" in describe
    assert ("Error: failed to create containerd task: failed to create shim task: OCI runtime create failed: runc "
            "create failed: unable to start container process: exec /http-echo: operation not permitted: unknown"
            in describe)
    last = c.get("pods", "violation-pod")["status"]["containerStatuses"][0]["lastState"]["terminated"]
    assert (last["reason"], last["exitCode"], last["startedAt"]) == ("StartError", 128, "1970-01-01T00:00:00Z")
    assert "      Started:      Thu, 01 Jan 1970 00:00:00 +0000\n" in describe


def test_fine_pod_runs_and_answers():
    c = Cluster(seed=5)
    _profiles(c)
    _apply(c, _pod("fine-pod", "fine-grained.json"))
    c.run("sim advance 20s")
    assert c.run("kubectl get pod fine-pod").text.splitlines()[1].split()[:4] == ["fine-pod", "1/1", "Running", "0"]
    c.run("kubectl expose pod fine-pod --type NodePort --port 5678")
    port = c.get("services", "fine-pod")["spec"]["ports"][0]["nodePort"]
    assert c.run(f"curl 172.18.0.3:{port}").text == "just made some syscalls!\n"


def test_a_missing_profile_is_the_runtimes_create_error():
    c = Cluster(seed=5)
    _apply(c, _pod("audit-pod", "audit.json"))  # nothing written on the nodes
    c.run("sim advance 20s")
    row = c.run("kubectl get pod audit-pod").text.splitlines()[1].split()
    assert row[:3] == ["audit-pod", "0/1", "CreateContainerError"]
    waiting = c.get("pods", "audit-pod")["status"]["containerStatuses"][0]["state"]["waiting"]
    # containerd contrib/seccomp WithProfile, applied by NewContainer
    assert waiting["message"] == ('failed to create containerd container: cannot load seccomp profile '
                                  '"/var/lib/kubelet/seccomp/profiles/audit.json": open '
                                  '/var/lib/kubelet/seccomp/profiles/audit.json: no such file or directory')
