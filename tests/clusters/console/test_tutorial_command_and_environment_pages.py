"""Two kubernetes.io tasks typed unchanged, their manifests pasted as a learner would.

- kubernetes/website content/en/docs/tasks/inject-data-application/define-command-argument-container.md
- kubernetes/website content/en/docs/tasks/inject-data-application/define-environment-variable-container.md
The manifests are written here to describe the same objects. A manifest with ``$(VAR)`` references
is pasted into a quoted heredoc (``<<'EOF'``): unquoted, the console's shell, like bash, would run
``$(GREETING)`` as a command.
"""
from clusters import Cluster

COMMAND_DEMO = """apiVersion: v1
kind: Pod
metadata:
  name: command-demo
  labels:
    purpose: demonstrate-command
spec:
  containers:
  - name: command-demo-container
    image: debian
    command: ["printenv"]
    args: ["HOSTNAME", "KUBERNETES_PORT"]
  restartPolicy: OnFailure
"""

ENVAR_DEMO = """apiVersion: v1
kind: Pod
metadata:
  name: envar-demo
  labels:
    purpose: demonstrate-envars
spec:
  containers:
  - name: envar-demo-container
    image: gcr.io/google-samples/hello-app:2.0
    env:
    - name: DEMO_GREETING
      value: "Hello from the environment"
    - name: DEMO_FAREWELL
      value: "Such a sweet sorrow"
"""

PRINT_GREETING = """apiVersion: v1
kind: Pod
metadata:
  name: print-greeting
spec:
  containers:
  - name: env-print-demo
    image: bash
    env:
    - name: GREETING
      value: "Warm greetings to"
    - name: HONORIFIC
      value: "The Most Honorable"
    - name: NAME
      value: "Kubernetes"
    - name: MESSAGE
      value: "$(GREETING) $(HONORIFIC) $(NAME)"
    command: ["echo"]
    args: ["$(MESSAGE)"]
"""


def apply(c, manifest):
    return c.run(f"cat <<'EOF' | kubectl apply -f -\n{manifest}EOF")


def test_it_runs_the_command_and_arguments_and_logs_hostname_and_kubernetes_port():
    c = Cluster(seed=3)
    assert apply(c, COMMAND_DEMO).text == "pod/command-demo created\n"
    c.run("sim advance 30s")
    row = c.run("kubectl get pods").text.splitlines()[1].split()
    assert row[:4] == ["command-demo", "0/1", "Completed", "0"]
    assert c.run("kubectl logs command-demo").text == "command-demo\ntcp://10.96.0.1:443\n"


def test_it_lists_the_container_environment_with_printenv_as_the_page_shows():
    c = Cluster(seed=3)
    assert apply(c, ENVAR_DEMO).text == "pod/envar-demo created\n"
    c.run("sim advance 30s")
    assert c.run("kubectl get pods -l purpose=demonstrate-envars").text.splitlines()[1].split()[:3] == \
        ["envar-demo", "1/1", "Running"]
    env = c.run("kubectl exec envar-demo -- printenv").text.splitlines()
    assert "HOSTNAME=envar-demo" in env and "KUBERNETES_SERVICE_HOST=10.96.0.1" in env
    assert "DEMO_GREETING=Hello from the environment" in env and "DEMO_FAREWELL=Such a sweet sorrow" in env
    # The kubelet hands the runtime the container's variables before the service links.
    assert env.index("DEMO_FAREWELL=Such a sweet sorrow") < env.index("KUBERNETES_SERVICE_HOST=10.96.0.1")
    # hello-app has no bash (issue kubernetes/website#48273): the page's older `-it ... -- /bin/bash` fails.
    out = c.run("kubectl exec -it envar-demo -- /bin/bash")
    assert out.exit_code == 1 and 'exec: "/bin/bash": stat /bin/bash: no such file or directory: unknown' in out.text


def test_it_expands_dependent_variables_into_the_arguments():
    c = Cluster(seed=3)
    assert apply(c, PRINT_GREETING).text == "pod/print-greeting created\n"
    c.run("sim advance 20s")
    assert c.run("kubectl logs print-greeting").text == "Warm greetings to The Most Honorable Kubernetes\n"


def test_the_environment_order_is_the_kubelets_go_map_order_seeded_per_container_start():
    """kubelet_pods.go makeEnvironmentVariables ranges over Go maps: two variables come in either order."""
    c = Cluster(seed=3)
    orders = set()
    for i in range(8):
        c.run(f"kubectl run env-{i} --image=busybox:1.36 --restart=Never --env=A=1 --env=B=2 -- printenv")
    c.run("sim advance 20s")
    for i in range(8):
        env = c.run(f"kubectl logs env-{i}").text.splitlines()
        orders.add(tuple(line for line in env if line in ("A=1", "B=2")))
    assert orders == {("A=1", "B=2"), ("B=2", "A=1")}
