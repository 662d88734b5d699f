"""Two kubernetes.io pages about a container's start and end, typed unchanged.

- kubernetes/website content/en/docs/tasks/configure-pod-container/attach-handler-lifecycle-event.md
- kubernetes/website content/en/docs/tasks/debug/debug-application/determine-reason-pod-failure.md
The manifests are written here to describe the pages' objects (lifecycle-demo, termination-demo).
"""
from clusters import Cluster

LIFECYCLE = """apiVersion: v1
kind: Pod
metadata:
  name: lifecycle-demo
spec:
  containers:
  - name: lifecycle-demo-container
    image: nginx
    lifecycle:
      postStart:
        exec:
          command: ["/bin/sh", "-c", "echo Hello from the postStart handler > /usr/share/message"]
      preStop:
        exec:
          command: ["/bin/sh", "-c", "nginx -s quit; while killall -0 nginx; do sleep 1; done"]
"""

TERMINATION = """apiVersion: v1
kind: Pod
metadata:
  name: termination-demo
spec:
  containers:
  - name: termination-demo-container
    image: debian
    command: ["/bin/sh"]
    args: ["-c", "sleep 10 && echo Sleep expired > /dev/termination-log"]
"""


def apply(c, manifest):
    return c.run(f"cat <<EOF | kubectl apply -f -\n{manifest}EOF")


def test_it_shows_the_file_the_post_start_handler_wrote():
    c = Cluster(seed=3)
    assert apply(c, LIFECYCLE).text == "pod/lifecycle-demo created\n"
    c.run("sim advance 20s")
    assert c.run("kubectl get pod lifecycle-demo").text.splitlines()[1].split()[:4] == \
        ["lifecycle-demo", "1/1", "Running", "0"]
    assert c.run("kubectl exec lifecycle-demo -- cat /usr/share/message").text == "Hello from the postStart handler\n"
    # The page's shell in the container (nginx's Debian bash), and the file read there
    assert c.run("kubectl exec -it lifecycle-demo -- /bin/bash").prompt == "root@lifecycle-demo:/# "
    assert c.run("cat /usr/share/message").text == "Hello from the postStart handler\n"
    assert c.run("exit").text == "exit\n"


def test_it_stops_the_pod_after_its_pre_stop_handler_without_a_failed_hook():
    c = Cluster(seed=3)
    apply(c, LIFECYCLE)
    c.run("sim advance 20s")
    assert c.run("kubectl delete pod lifecycle-demo").text == 'pod "lifecycle-demo" deleted\n'
    reasons = c.run("kubectl get events --field-selector involvedObject.name=lifecycle-demo "
                    "-o custom-columns=REASON:.reason --no-headers").text.split()
    assert reasons[-1] == "Killing" and "FailedPreStopHook" not in reasons
    assert c.run("kubectl get pod lifecycle-demo").text == \
        'Error from server (NotFound): pods "lifecycle-demo" not found\n'


def test_a_failing_post_start_hook_kills_the_container_as_kubelet_1_32_words_it():
    c = Cluster(seed=3)
    apply(c, LIFECYCLE.replace("echo Hello from the postStart handler", "badcommand"))
    c.run("sim advance 5s")
    described = c.run("kubectl describe pod lifecycle-demo").text
    # kuberuntime_container.go: the event leaves the hook's output out (since 1.26, kubernetes #119541).
    assert "Warning  FailedPostStartHook  " in described and described.count("PostStartHook failed") == 1
    assert "kubelet            FailedPostStartHook\n" in described  # the Killing event's message


def test_it_reads_the_termination_message_the_container_wrote():
    c = Cluster(seed=3)
    assert apply(c, TERMINATION).text == "pod/termination-demo created\n"
    c.run("sim advance 5s")
    assert c.run("kubectl get pod termination-demo").text.splitlines()[1].split()[2] == "Running"
    seen = set()
    for _ in range(30):  # "Repeat the preceding command until the Pod is no longer running"
        c.run("sim advance 1s")
        seen.add(c.run("kubectl get pod termination-demo").text.splitlines()[1].split()[2])
    assert {"Completed", "CrashLoopBackOff"} <= seen
    yaml = c.run("kubectl get pod termination-demo --output=yaml").text
    last = yaml.split("    lastState:\n", 1)[1]
    assert last.startswith("      terminated:\n        containerID: containerd://")
    assert "        exitCode: 0\n" in last
    assert "        message: |\n          Sleep expired\n        reason: Completed\n" in last
    tmpl = '{{range .status.containerStatuses}}{{.lastState.terminated.message}}{{end}}'
    assert c.run(f'kubectl get pod termination-demo -o go-template="{tmpl}"').text == "Sleep expired\n"


def test_a_failed_container_with_fallback_to_logs_reports_its_last_lines():
    c = Cluster(seed=3)
    apply(c, TERMINATION.replace("sleep 10 && echo Sleep expired > /dev/termination-log", "echo oops; exit 3")
          .replace("    command:", "    terminationMessagePolicy: FallbackToLogsOnError\n    command:"))
    c.run("sim advance 5s")
    tmpl = '{{range .status.containerStatuses}}{{printf "%s:\\n%s\\n\\n" .name .lastState.terminated.message}}{{end}}'
    assert c.run(f"kubectl get pod termination-demo -o go-template='{tmpl}'").text == \
        "termination-demo-container:\noops\n\n\n"
