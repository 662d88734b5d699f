"""Debug Running Pods, typed unchanged (kubernetes/website
content/en/docs/tasks/debug/debug-application/debug-running-pod.md): the ephemeral container
demo (a pause pod that has no shell, then ``kubectl debug -it --target``), the pod copies
(``--copy-to`` with ``--share-processes``, ``--container ... -- sh``, ``--set-image``) and the node
shell (``kubectl debug node/NAME -it --image=ubuntu``). Texts come from kubectl 1.32's
debug.go, attach.go and profiles.go; node names are this cluster's.
"""
from clusters import Cluster
from clusters.console import EOF

HINT = "If you don't see a command prompt, try pressing enter.\n"
LEGACY = ('--profile=legacy is deprecated and will be removed in the future. It is recommended to explicitly '
          'specify a profile, for example "--profile=general".\n')


def _field(c: Cluster, pod: str, path: str) -> str:
    return c.run(f"kubectl get pod {pod} -o jsonpath='{{{path}}}'").text


def test_it_adds_an_ephemeral_container_to_a_pod_without_a_shell_as_debug_running_pod_shows():
    c = Cluster(seed=4)
    assert c.run("kubectl run ephemeral-demo --image=registry.k8s.io/pause:3.1 --restart=Never").text == \
        "pod/ephemeral-demo created\n"
    c.run("sim advance 20s")
    out = c.run("kubectl exec -it ephemeral-demo -- sh")
    assert out.exit_code == 1
    assert 'OCI runtime exec failed: exec failed: unable to start container process: exec: "sh": ' \
           'executable file not found in $PATH: unknown' in out.text
    out = c.run("kubectl debug -it ephemeral-demo --image=busybox:1.28 --target=ephemeral-demo")
    lines = out.text.splitlines(keepends=True)
    assert lines[0] == ('Targeting container "ephemeral-demo". If you don\'t see processes from this container it '
                        "may be because the container runtime doesn't support this feature.\n")
    assert lines[1] == LEGACY
    assert lines[2].startswith("Defaulting debug container name to debugger-") and len(lines[2]) == len(
        "Defaulting debug container name to debugger-xxxxx.\n")
    assert lines[3:] == [HINT]
    assert out.prompt == "/ # "  # busybox's ash, attached
    name = lines[2].split()[-1].rstrip(".")
    assert c.run("echo hi").text == "hi\n"
    c.run(EOF)
    # The shell's exit is in the status once the kubelet's PLEG relists (pleg/generic.go, every second).
    assert _field(c, "ephemeral-demo", ".status.ephemeralContainerStatuses[0].state.running.startedAt") != ""
    c.run("sim advance 1s")
    assert _field(c, "ephemeral-demo", ".spec.ephemeralContainers[0].targetContainerName") == "ephemeral-demo"
    assert _field(c, "ephemeral-demo", ".status.ephemeralContainerStatuses[0].name") == name
    assert _field(c, "ephemeral-demo", ".status.ephemeralContainerStatuses[0].state.terminated.reason") == "Completed"
    described = c.run("kubectl describe pod ephemeral-demo").text
    assert "\nEphemeral Containers:\n  " + name + ":\n" in described
    assert "    Image:          busybox:1.28\n" in described
    # the pod is untouched: still one container, Running
    assert c.run("kubectl get pod ephemeral-demo").text.splitlines()[1].split()[1:3] == ["1/1", "Running"]


def test_it_debugs_copies_of_myapp_as_debug_running_pod_shows():
    c = Cluster(seed=4)
    c.run("kubectl run myapp --image=busybox:1.28 --restart=Never -- sleep 1d")
    c.run("sim advance 20s")
    assert c.run("kubectl get pod myapp").text.splitlines()[1].split()[1:3] == ["1/1", "Running"]
    out = c.run("kubectl debug myapp -it --image=ubuntu --share-processes --copy-to=myapp-debug")
    assert out.text.splitlines(keepends=True)[-1] == HINT
    assert out.prompt == "root@myapp-debug:/# "
    c.run("exit")
    assert _field(c, "myapp-debug", ".spec.shareProcessNamespace") == "true"
    assert _field(c, "myapp-debug", ".spec.containers[*].image") == "busybox:1.28 ubuntu"
    assert _field(c, "myapp-debug", ".metadata.labels") == ""  # legacy drops the labels of a copy
    # change the command of the copy's container
    out = c.run("kubectl debug myapp -it --copy-to=myapp-debug2 --container=myapp -- sh")
    assert out.text == LEGACY + HINT and out.prompt == "/ # "
    c.run("exit")
    assert _field(c, "myapp-debug2", ".spec.containers[0].command") == '["sh"]'
    # change every container's image
    assert c.run("kubectl debug myapp --copy-to=myapp-debug3 --set-image=*=ubuntu").text == LEGACY
    c.run("sim advance 20s")
    assert _field(c, "myapp-debug3", ".spec.containers[0].image") == "ubuntu"
    out = c.run("kubectl delete pod myapp myapp-debug myapp-debug2 myapp-debug3")
    assert out.exit_code == 0


def test_it_opens_a_shell_on_a_node_as_debug_running_pod_shows():
    c = Cluster(seed=4)
    out = c.run("kubectl debug node/node-1 -it --image=ubuntu")
    first = out.text.splitlines()[1]
    assert first.startswith("Creating debugging pod node-debugger-node-1-") and \
        first.endswith(" with container debugger on node node-1.")
    assert out.text.endswith(HINT)
    pod = first.split()[3]
    # ubuntu's bash in a host-network pod: the node's hostname, as the page's root@ek8s
    assert out.prompt == "root@node-1:/# "
    c.run("exit")
    spec = " ".join(_field(c, pod, p) for p in (".spec.hostPID", ".spec.hostNetwork", ".spec.hostIPC", ".spec.nodeName",
                                                  ".spec.volumes[0].hostPath.path",
                                                  ".spec.containers[0].volumeMounts[0].mountPath"))
    assert spec == "true true true node-1 / /host"
