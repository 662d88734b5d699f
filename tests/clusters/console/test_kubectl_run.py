"""kubectl run (pkg/cmd/run/run.go, pkg/generate/versioned/run.go).

The dry-run YAML and the errors were produced by kubectl 1.32 itself (against
a stub API server for discovery) and are compared byte for byte.
"""
from clusters import Cluster

POD_YAML = """apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  labels:
    run: web
  name: web
spec:
  containers:
  - image: nginx
    name: web
    resources: {}
  dnsPolicy: ClusterFirst
  restartPolicy: Always
status: {}
"""

FULL_YAML = """apiVersion: v1
kind: Pod
metadata:
  annotations:
    k: v
  creationTimestamp: null
  labels:
    a: b
    c: d
  name: web
spec:
  containers:
  - command:
    - sleep
    - "10"
    env:
    - name: X
      value: "1"
    - name: "Y"
      value: "2"
    image: nginx
    imagePullPolicy: IfNotPresent
    name: web
    ports:
    - containerPort: 80
    resources: {}
  dnsPolicy: ClusterFirst
  restartPolicy: Never
status: {}
"""

EXPOSE_YAML = """apiVersion: v1
kind: Service
metadata:
  creationTimestamp: null
  name: web
spec:
  ports:
  - port: 80
    protocol: TCP
    targetPort: 80
  selector:
    run: web
status:
  loadBalancer: {}
---
---
apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  labels:
    run: web
  name: web
spec:
  containers:
  - image: nginx
    name: web
    ports:
    - containerPort: 80
    resources: {}
  dnsPolicy: ClusterFirst
  restartPolicy: Always
status: {}
"""


def test_dry_run_yaml_is_byte_identical_to_kubectl_1_32():
    assert Cluster(seed=9).run("kubectl run web --image=nginx --dry-run=client -o yaml").text == POD_YAML


def test_dry_run_yaml_with_labels_env_port_restart_annotations_and_command():
    line = ("kubectl run web --image=nginx --labels=a=b,c=d --env=X=1 --env=Y=2 --port=80 --restart=Never "
            "--annotations=k=v --image-pull-policy=IfNotPresent --dry-run=client -o yaml --command -- sleep 10")
    assert Cluster(seed=9).run(line).text == FULL_YAML


def test_arguments_after_dash_dash_are_args_without_command():
    out = Cluster(seed=9).run("kubectl run web --image=nginx --dry-run=client -o yaml -- sleep 10").text
    assert "  - args:\n    - sleep\n    - \"10\"\n" in out


def test_expose_with_port_prints_the_service_then_two_separators_then_the_pod():
    assert Cluster(seed=9).run("kubectl run web --image=nginx --port=80 --expose --dry-run=client -o yaml").text == \
        EXPOSE_YAML


def test_run_creates_a_pod_that_starts():
    c = Cluster(seed=9)
    out = c.run("kubectl run web --image=nginx")
    assert (out.text, out.exit_code) == ("pod/web created\n", 0)
    c.advance(30)
    assert c.get("pods", "web")["status"]["phase"] == "Running"
    assert c.get("pods", "web")["metadata"]["labels"] == {"run": "web"}
    assert c.bugs == []


def test_run_with_expose_creates_service_then_pod():
    c = Cluster(seed=9)
    assert c.run("kubectl run web --image=nginx --port=80 --expose").text == "service/web created\npod/web created\n"
    assert c.get("services", "web")["spec"]["selector"] == {"run": "web"}


def test_run_errors_run_go():
    c = Cluster(seed=9)
    usage = "\nSee 'kubectl run -h' for help and examples\n"
    cases = {
        "kubectl run --image=nginx": "error: NAME is required for run" + usage,
        "kubectl run web --image=nginx --restart=Bad": "error: invalid restart policy: Bad" + usage,
        "kubectl run web --image=nginx --rm": "error: --rm should only be used for attached containers" + usage,
        "kubectl run web --image=nginx --expose": "error: --port must be set when exposing a service" + usage,
        "kubectl run web --image=nginx -t": "error: -i/--stdin is required for containers with -t/--tty=true" + usage,
        "kubectl run web --image=nginx --image-pull-policy=Sometimes": "error: invalid image pull policy: Sometimes" + usage,
        "kubectl run web --image=nginx -it --dry-run=client": (
            "error: --dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or "
            "--tty)" + usage),
        "kubectl run web --image=NGINX": 'error: Invalid image name "NGINX": invalid reference format\n',
        "kubectl run web --image=nginx --env=FOO": "error: invalid env: FOO\n",
        "kubectl run web --image=nginx --labels=a=b,c": "error: unexpected label spec: c\n",
    }
    for line, text in cases.items():
        out = c.run(line)
        assert (line, out.text, out.exit_code) == (line, text, 1)


def test_attached_run_of_a_finite_command_prints_its_output_and_rm_deletes_the_pod():
    c = Cluster(seed=9)
    out = c.run("kubectl run -it --rm test --image=busybox --restart=Never -- echo hello")
    assert out.text.endswith('hello\npod "test" deleted\n')
    assert out.exit_code == 0


def test_attached_interactive_shell_gets_the_terminal_until_it_exits_run_go():
    c = Cluster(seed=9)
    out = c.run("kubectl run -it shell --image=busybox -- sh")
    assert (out.text, out.prompt) == ("If you don't see a command prompt, try pressing enter.\n", "/ # ")
    assert c.run("hostname").text == "shell\n"
    # restartPolicy Always: attach.go's reattachMessage, and the shell comes back
    out = c.run("exit")
    assert (out.text, out.exit_code, out.prompt) == (
        "Session ended, resume using 'kubectl attach shell -c shell -i -t' command when the pod is running\n", 0, None)
    assert c.get("pods", "shell") is not None
