"""Three kubernetes.io pages about resources, typed unchanged.

- kubernetes/website content/en/docs/tasks/configure-pod-container/assign-memory-resource.md
- kubernetes/website content/en/docs/tasks/configure-pod-container/assign-cpu-resource.md
- kubernetes/website content/en/docs/tasks/configure-pod-container/quality-service-pod.md
The pods are written here to describe the pages' objects. The simulated cluster runs metrics-server,
as the pages ask, so `kubectl get apiservices` lists v1beta1.metrics.k8s.io and `kubectl top` answers
(once it has scraped a container twice). kubectl 1.32 prints memory in Mi where the pages' older
kubectl printed bytes, and the scheduler's FailedScheduling message is 1.32's, not the pages' older one.
"""
from clusters import Cluster

STRESS = """apiVersion: v1
kind: Pod
metadata:
  name: {name}
  namespace: mem-example
spec:
  containers:
  - name: {name}-ctr
    image: polinux/stress
    resources:
      requests:
        memory: "{request}"
      limits:
        memory: "{limit}"
    command: ["stress"]
    args: ["--vm", "1", "--vm-bytes", "{vm}", "--vm-hang", "1"]
"""

CPU = """apiVersion: v1
kind: Pod
metadata:
  name: {name}
  namespace: cpu-example
spec:
  containers:
  - name: {name}-ctr
    image: vish/stress
    resources:
      limits:
        cpu: "{limit}"
      requests:
        cpu: "{request}"
    args:
    - -cpus
    - "2"
"""

QOS = """apiVersion: v1
kind: Pod
metadata:
  name: {name}
  namespace: qos-example
spec:
  containers:
{containers}"""


def apply(c, manifest, ns):
    return c.run(f"cat <<EOF | kubectl apply -f - --namespace={ns}\n{manifest}EOF")


def row(c, pod, ns):
    return c.run(f"kubectl get pod {pod} --namespace={ns}").text.splitlines()[1].split()


def test_it_finds_the_metrics_api_the_pages_need():
    c = Cluster(seed=3)
    assert c.run("kubectl get apiservices | grep metrics").text.split()[:1] == ["v1beta1.metrics.k8s.io"]


def test_a_container_within_its_memory_limit_uses_about_150_mib():
    c = Cluster(seed=3)
    assert c.run("kubectl create namespace mem-example").text == "namespace/mem-example created\n"
    assert apply(c, STRESS.format(name="memory-demo", request="100Mi", limit="200Mi", vm="150M"), "mem-example").text \
        == "pod/memory-demo created\n"
    c.run("sim advance 40s")
    assert row(c, "memory-demo", "mem-example")[1:3] == ["1/1", "Running"]
    yaml = c.run("kubectl get pod memory-demo --output=yaml --namespace=mem-example").text
    assert "    resources:\n      limits:\n        memory: 200Mi\n      requests:\n        memory: 100Mi\n" in yaml
    top = c.run("kubectl top pod memory-demo --namespace=mem-example").text.splitlines()
    assert top[0].split() == ["NAME", "CPU(cores)", "MEMORY(bytes)"]
    assert top[1].split()[0] == "memory-demo" and top[1].split()[2] == "155Mi"  # the page's 162856960 bytes
    assert c.run("kubectl logs memory-demo --namespace=mem-example").text == \
        "stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd\n"
    assert c.run("kubectl delete pod memory-demo --namespace=mem-example").text == 'pod "memory-demo" deleted\n'


def test_a_container_past_its_memory_limit_is_oom_killed_and_restarted():
    c = Cluster(seed=3)
    c.run("kubectl create namespace mem-example")
    apply(c, STRESS.format(name="memory-demo-2", request="50Mi", limit="100Mi", vm="250M"), "mem-example")
    seen = set()
    for _ in range(40):
        c.run("sim advance 1s")
        r = row(c, "memory-demo-2", "mem-example")
        seen.add((r[1], r[2]))
    # Killed, restarted, killed again: OOMKilled between a kill and the kubelet's next sync, then the back-off.
    assert ("0/1", "OOMKilled") in seen and ("0/1", "CrashLoopBackOff") in seen
    yaml = c.run("kubectl get pod memory-demo-2 --output=yaml --namespace=mem-example").text
    last = yaml.split("    lastState:\n", 1)[1]
    assert "        exitCode: 137\n" in last and "        reason: OOMKilled\n" in last
    described = c.run("kubectl describe pod memory-demo-2 --namespace=mem-example").text
    assert "    Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137\n" in described
    assert "  Warning  BackOff    " in described and "Back-off restarting failed container memory-demo-2-ctr" in described
    assert "Created container: memory-demo-2-ctr" in described


def test_a_memory_request_too_big_for_the_nodes_stays_pending():
    c = Cluster(seed=3)
    c.run("kubectl create namespace mem-example")
    apply(c, STRESS.format(name="memory-demo-3", request="1000Gi", limit="1000Gi", vm="150M"), "mem-example")
    c.run("sim advance 25s")
    assert row(c, "memory-demo-3", "mem-example")[1:4] == ["0/1", "Pending", "0"]
    described = c.run("kubectl describe pod memory-demo-3 --namespace=mem-example").text
    assert "  Warning  FailedScheduling  " in described
    assert "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, " \
           "3 Insufficient memory." in described


def test_a_container_asking_for_two_cpus_is_throttled_just_under_its_limit_of_one():
    c = Cluster(seed=3)
    assert c.run("kubectl create namespace cpu-example").text == "namespace/cpu-example created\n"
    assert apply(c, CPU.format(name="cpu-demo", limit="1", request="0.5"), "cpu-example").text == \
        "pod/cpu-demo created\n"
    c.run("sim advance 60s")
    assert row(c, "cpu-demo", "cpu-example")[1:3] == ["1/1", "Running"]
    yaml = c.run("kubectl get pod cpu-demo --output=yaml --namespace=cpu-example").text
    assert '    resources:\n      limits:\n        cpu: "1"\n      requests:\n        cpu: 500m\n' in yaml
    cpu = c.run("kubectl top pod cpu-demo --namespace=cpu-example").text.splitlines()[1].split()[1]
    assert cpu.endswith("m") and 940 <= int(cpu[:-1]) < 1000  # the page's 974m
    apply(c, CPU.format(name="cpu-demo-2", limit="100", request="100"), "cpu-example")
    c.run("sim advance 7m")
    assert row(c, "cpu-demo-2", "cpu-example")[1:4] == ["0/1", "Pending", "0"]
    assert "3 Insufficient cpu." in c.run("kubectl describe pod cpu-demo-2 --namespace=cpu-example").text
    assert c.run("kubectl delete namespace cpu-example").text == 'namespace "cpu-example" deleted\n'


def test_it_assigns_guaranteed_burstable_and_best_effort():
    c = Cluster(seed=3)
    c.run("kubectl create namespace qos-example")
    guaranteed = ("  - name: qos-demo-ctr\n    image: nginx\n    resources:\n      limits:\n        memory: \"200Mi\"\n"
                  "        cpu: \"700m\"\n      requests:\n        memory: \"200Mi\"\n        cpu: \"700m\"\n")
    burstable = ("  - name: qos-demo-2-ctr\n    image: nginx\n    resources:\n      limits:\n        memory: \"200Mi\"\n"
                 "      requests:\n        memory: \"100Mi\"\n")
    best_effort = "  - name: qos-demo-3-ctr\n    image: nginx\n"
    two = ("  - name: qos-demo-4-ctr-1\n    image: nginx\n    resources:\n      requests:\n        memory: \"200Mi\"\n"
           "  - name: qos-demo-4-ctr-2\n    image: redis\n")
    for name, containers, qos in (("qos-demo", guaranteed, "Guaranteed"), ("qos-demo-2", burstable, "Burstable"),
                                  ("qos-demo-3", best_effort, "BestEffort"), ("qos-demo-4", two, "Burstable")):
        assert apply(c, QOS.format(name=name, containers=containers), "qos-example").text == f"pod/{name} created\n"
        yaml = c.run(f"kubectl get pod {name} --namespace=qos-example --output=yaml").text
        assert f"  qosClass: {qos}\n" in yaml
    yaml = c.run("kubectl get pod qos-demo --namespace=qos-example --output=yaml").text
    assert ("    resources:\n      limits:\n        cpu: 700m\n        memory: 200Mi\n      requests:\n"
            "        cpu: 700m\n        memory: 200Mi\n") in yaml
    yaml = c.run("kubectl get pod qos-demo-4 --namespace=qos-example --output=yaml").text
    assert "    name: qos-demo-4-ctr-2\n    resources: {}\n" in yaml
    assert c.run("kubectl delete namespace qos-example").text == 'namespace "qos-example" deleted\n'
