"""Configure a Security Context for a Pod or Container, typed unchanged, its manifest pasted.

kubernetes/website content/en/docs/tasks/configure-pod-container/security-context.md: ``id`` in the
busybox container shows runAsUser, runAsGroup, and fsGroup and supplementalGroups as supplementary
groups (kuberuntime security_context.go determineEffectiveSecurityContext; the kernel keeps them
sorted); busybox ``ps`` lists the processes as that user, the emptyDir is fsGroup's and setgid, so a
new file in it is too; /proc/1/status shows containerd's default capabilities and the ones added;
runAsNonRoot refuses a root image and readOnlyRootFilesystem refuses writes outside the volumes.
The manifests are written here to describe the page's pods.
"""
from __future__ import annotations

from clusters import Cluster

SECURITY_CONTEXT_DEMO = """apiVersion: v1
kind: Pod
metadata:
  name: security-context-demo
spec:
  securityContext:
    runAsUser: 1000
    runAsGroup: 3000
    fsGroup: 2000
  volumes:
  - name: sec-ctx-vol
    emptyDir: {}
  containers:
  - name: sec-ctx-demo
    image: busybox:1.28
    command: ["sh", "-c", "sleep 1h"]
    volumeMounts:
    - name: sec-ctx-vol
      mountPath: /data/demo
    securityContext:
      allowPrivilegeEscalation: false
"""


def _started(c: Cluster, manifest: str) -> None:
    c.run(f"cat <<EOF | kubectl apply -f -\n{manifest}EOF")
    c.run("sim advance 30s")


def test_id_in_the_shell_shows_run_as_user_group_and_fs_group():
    c = Cluster(seed=3)
    _started(c, SECURITY_CONTEXT_DEMO)
    assert c.run("kubectl get pod security-context-demo").text.splitlines()[1].split()[:3] == \
        ["security-context-demo", "1/1", "Running"]
    out = c.run("kubectl exec -it security-context-demo -- sh")
    assert out.prompt == "/ $ "  # busybox's \\w \\$ for a uid that is not 0
    assert c.run("id").text == "uid=1000 gid=3000 groups=2000,3000\n"
    out = c.run("whoami")
    assert (out.text, out.exit_code) == ("whoami: unknown uid 1000\n", 1)
    assert c.run("exit").prompt is None


def test_supplemental_groups_join_the_fs_group_in_numeric_order():
    c = Cluster(seed=3)
    _started(c, SECURITY_CONTEXT_DEMO.replace("    fsGroup: 2000\n", "    fsGroup: 2000\n    supplementalGroups: [4000]\n"))
    assert c.run("kubectl exec security-context-demo -- id").text == "uid=1000 gid=3000 groups=2000,3000,4000\n"


def test_without_run_as_group_the_gid_stays_root():
    c = Cluster(seed=3)
    _started(c, SECURITY_CONTEXT_DEMO.replace("    runAsGroup: 3000\n", ""))
    assert c.run("kubectl exec security-context-demo -- id").text == "uid=1000 gid=0(root) groups=0(root),2000\n"
    assert c.run("kubectl run root --image=busybox -- sleep 3600").exit_code == 0
    c.run("sim advance 20s")
    assert c.run("kubectl exec root -- id").text == "uid=0(root) gid=0(root) groups=0(root),10(wheel)\n"


def test_ps_lists_the_processes_as_the_run_as_user_busybox_ps():
    c = Cluster(seed=3)
    _started(c, SECURITY_CONTEXT_DEMO)
    c.run("kubectl exec -it security-context-demo -- sh")
    lines = c.run("ps").text.splitlines()
    # procps/ps.c: pid,user,time,args; sh -c execs its last command, so PID 1 is the sleep.
    assert lines[0] == "PID   USER     TIME  COMMAND"
    assert lines[1] == "    1 1000      0:00 sleep 1h"
    assert lines[2].split()[1:] == ["1000", "0:00", "sh"]
    assert lines[3].split()[1:] == ["1000", "0:00", "ps"] and int(lines[3].split()[0]) > int(lines[2].split()[0])
    assert len(lines) == 4


def test_the_volume_is_the_fs_groups_and_a_new_file_in_it_too():
    c = Cluster(seed=3)
    _started(c, SECURITY_CONTEXT_DEMO)
    c.run("kubectl exec -it security-context-demo -- sh")
    assert c.run("cd /data").prompt == "/data $ "
    listing = c.run("ls -l").text.splitlines()
    assert listing[1].split()[:5] == ["drwxrwsrwx", "2", "root", "2000", "4096"] and listing[1].endswith(" demo")
    c.run("cd demo")
    assert c.run("echo hello > testfile").text == ""
    listing = c.run("ls -l").text.splitlines()
    assert listing[1].split()[:5] == ["-rw-r--r--", "1", "1000", "2000", "6"] and listing[1].endswith(" testfile")
    # Outside the volume the user may not write to root's directories; /tmp is everyone's.
    out = c.run("echo hi > /hello")
    assert (out.text, out.exit_code) == ("sh: can't create /hello: Permission denied\n", 1)
    assert c.run("touch /tmp/mine && ls -l /tmp/mine").text.split()[2:4] == ["1000", "3000"]


def test_run_as_non_root_refuses_a_root_image_kuberuntime_verify_run_as_non_root():
    c = Cluster(seed=3)
    _started(c, SECURITY_CONTEXT_DEMO.replace("    runAsUser: 1000\n", "    runAsNonRoot: true\n"))
    row = c.run("kubectl get pod security-context-demo").text.splitlines()[1].split()
    assert row[1:3] == ["0/1", "CreateContainerConfigError"]
    uid = c.run("kubectl get pod security-context-demo -o jsonpath={.metadata.uid}").text
    message = (f'container has runAsNonRoot and image will run as root (pod: "security-context-demo_default({uid})", '
               f"container: sec-ctx-demo)")
    assert f"Error: {message}" in c.run("kubectl describe pod security-context-demo").text
    assert c.run("kubectl get pod security-context-demo -o "
                 "jsonpath={.status.containerStatuses[0].state.waiting.message}").text == message


def test_a_read_only_root_file_system_refuses_writes_outside_the_volumes():
    c = Cluster(seed=3)
    _started(c, SECURITY_CONTEXT_DEMO.replace("    runAsUser: 1000\n", "").replace(
        "      allowPrivilegeEscalation: false\n", "      readOnlyRootFilesystem: true\n"))
    out = c.run("kubectl exec security-context-demo -- sh -c 'echo hi > /tmp/x'")
    assert out.text == "sh: can't create /tmp/x: Read-only file system\ncommand terminated with exit code 1\n"
    assert c.run("kubectl exec security-context-demo -- touch /tmp/x").text.startswith(
        "touch: /tmp/x: Read-only file system\n")
    assert c.run("kubectl exec security-context-demo -- sh -c 'echo hi > /data/demo/x; cat /data/demo/x'").text == "hi\n"


HELLO_APP = """apiVersion: v1
kind: Pod
metadata:
  name: security-context-demo-3
spec:
  containers:
  - name: sec-ctx-3
    image: gcr.io/google-samples/hello-app:2.0
"""


def _capabilities(c: Cluster, pod: str) -> list[str]:
    c.run(f"kubectl exec -it {pod} -- sh")
    c.run("cd /proc/1")
    lines = [line for line in c.run("cat status").text.splitlines() if line.startswith(("CapPrm", "CapEff"))]
    c.run("exit")
    return lines


def test_proc_status_shows_containerds_default_capabilities_and_the_added_ones():
    c = Cluster(seed=3)
    _started(c, HELLO_APP)
    assert _capabilities(c, "security-context-demo-3") == ["CapPrm:\t00000000a80425fb", "CapEff:\t00000000a80425fb"]
    _started(c, HELLO_APP.replace("-3", "-4") + "    securityContext:\n      capabilities:\n        add:\n"
                                               "        - NET_ADMIN\n        - SYS_TIME\n")
    # bits 12 (CAP_NET_ADMIN) and 25 (CAP_SYS_TIME) set (include/uapi/linux/capability.h)
    assert _capabilities(c, "security-context-demo-4") == ["CapPrm:\t00000000aa0435fb", "CapEff:\t00000000aa0435fb"]


def test_a_non_root_user_keeps_capabilities_only_as_its_bounding_set():
    c = Cluster(seed=3)
    _started(c, SECURITY_CONTEXT_DEMO)
    status = c.run("kubectl exec security-context-demo -- cat /proc/1/status").text
    assert "CapEff:\t0000000000000000\n" in status and "CapBnd:\t00000000a80425fb\n" in status
    assert "NoNewPrivs:\t1\n" in status and "Uid:\t1000\t1000\t1000\t1000\n" in status
