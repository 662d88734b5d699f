"""kubernetes.io tasks/inject-data-application/define-interdependent-environment-variables.md typed unchanged.

The kubelet expands ``$(VAR)`` in an env value from the variables defined before it
(third_party/forked/golang/expansion/expand.go): a reference to one defined later, or not at all,
stays as written, and ``$$`` escapes it. The pod's manifest is written here to describe the page's
object; its loop prints the three variables every 30 seconds, after a blank line.
"""
from clusters import Cluster

DEMO = r"""apiVersion: v1
kind: Pod
metadata:
  name: dependent-envars-demo
spec:
  containers:
  - name: dependent-envars-demo
    image: busybox:1.28
    command: [sh, -c]
    args:
    - >-
      while true; do echo -en '\n';
      printf UNCHANGED_REFERENCE=$UNCHANGED_REFERENCE'\n';
      printf SERVICE_ADDRESS=$SERVICE_ADDRESS'\n';
      printf ESCAPED_REFERENCE=$ESCAPED_REFERENCE'\n'; sleep 30; done;
    env:
    - {name: SERVICE_PORT, value: "80"}
    - {name: SERVICE_IP, value: "172.17.0.1"}
    - {name: UNCHANGED_REFERENCE, value: "$(PROTOCOL)://$(SERVICE_IP):$(SERVICE_PORT)"}
    - {name: PROTOCOL, value: "https"}
    - {name: SERVICE_ADDRESS, value: "$(PROTOCOL)://$(SERVICE_IP):$(SERVICE_PORT)"}
    - {name: ESCAPED_REFERENCE, value: "$$(PROTOCOL)://$(SERVICE_IP):$(SERVICE_PORT)"}
"""

PASS = ("\nUNCHANGED_REFERENCE=$(PROTOCOL)://172.17.0.1:80\nSERVICE_ADDRESS=https://172.17.0.1:80\n"
        "ESCAPED_REFERENCE=$(PROTOCOL)://172.17.0.1:80\n")


def _started():
    c = Cluster(seed=3)
    assert c.run(f"cat <<'EOF' > dependent-envars.yaml\n{DEMO}EOF").text == ""
    assert c.run("kubectl apply -f dependent-envars.yaml").text == "pod/dependent-envars-demo created\n"
    c.run("sim advance 9s")
    return c


def test_the_logs_show_the_expanded_the_escaped_and_the_unresolved_reference_as_the_page_shows():
    c = _started()
    assert c.run("kubectl get pods dependent-envars-demo").text.splitlines()[1].split()[:4] == \
        ["dependent-envars-demo", "1/1", "Running", "0"]
    assert c.run("kubectl logs pod/dependent-envars-demo").text == PASS
    c.run("sim advance 30s")
    assert c.run("kubectl logs dependent-envars-demo").text == PASS * 2  # the loop's second pass


def test_the_container_environment_holds_the_values_the_kubelet_expanded():
    c = _started()
    env = c.run("kubectl exec dependent-envars-demo -- env").text.splitlines()
    assert "SERVICE_ADDRESS=https://172.17.0.1:80" in env
    assert "UNCHANGED_REFERENCE=$(PROTOCOL)://172.17.0.1:80" in env  # PROTOCOL comes later in the list
    assert "ESCAPED_REFERENCE=$(PROTOCOL)://172.17.0.1:80" in env  # $$ is one literal $
    # The API server keeps the values as written; only the container sees them expanded.
    assert c.run("kubectl get pod dependent-envars-demo -o jsonpath='{.spec.containers[0].env[5].value}'").text == \
        "$$(PROTOCOL)://$(SERVICE_IP):$(SERVICE_PORT)"
    assert c.run("kubectl delete pod dependent-envars-demo").text == 'pod "dependent-envars-demo" deleted\n'
