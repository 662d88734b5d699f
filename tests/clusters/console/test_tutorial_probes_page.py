"""kubernetes.io's "Configure Liveness, Readiness and Startup Probes", typed unchanged.

kubernetes/website content/en/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes.md,
its three pods pasted as a learner would (the manifests here are written to describe the same objects:
exec-liveness, http-liveness, tcp-liveness-readiness). Names, ages and IPs differ from the page; the
events, their counts and messages, and the RESTARTS column are what it shows.
"""
from clusters import Cluster

EXEC_LIVENESS = """apiVersion: v1
kind: Pod
metadata:
  name: liveness-exec
  labels:
    test: liveness
spec:
  containers:
  - name: liveness
    image: registry.k8s.io/busybox:1.27.2
    args: ["/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"]
    livenessProbe:
      exec:
        command: ["cat", "/tmp/healthy"]
      initialDelaySeconds: 5
      periodSeconds: 5
"""

HTTP_LIVENESS = """apiVersion: v1
kind: Pod
metadata:
  name: liveness-http
  labels:
    test: liveness
spec:
  containers:
  - name: liveness
    image: registry.k8s.io/e2e-test-images/agnhost:2.40
    args: [liveness]
    livenessProbe:
      httpGet:
        path: /healthz
        port: 8080
        httpHeaders:
        - {name: Custom-Header, value: Awesome}
      initialDelaySeconds: 3
      periodSeconds: 3
"""

TCP_PROBES = """apiVersion: v1
kind: Pod
metadata:
  name: goproxy
  labels:
    app.kubernetes.io/name: goproxy
spec:
  containers:
  - name: goproxy
    image: registry.k8s.io/goproxy:0.1
    ports:
    - containerPort: 8080
    readinessProbe:
      tcpSocket: {port: 8080}
      initialDelaySeconds: 15
      periodSeconds: 10
    livenessProbe:
      tcpSocket: {port: 8080}
      initialDelaySeconds: 15
      periodSeconds: 10
"""


def apply(c, manifest):
    return c.run(f"cat <<EOF | kubectl apply -f -\n{manifest}EOF")


def events(described: str) -> list[list[str]]:
    """The Events table's rows as [type, reason, age, from, message]."""
    rows = described.split("\nEvents:\n", 1)[1].splitlines()[2:]
    out = []
    for row in rows:
        cells = [x for x in row.strip().split("  ") if x]
        out.append([cell.strip() for cell in cells])
    return out


def test_it_shows_no_failed_probe_within_30_seconds_then_three_failures_and_a_kill():
    c = Cluster(seed=3)
    assert apply(c, EXEC_LIVENESS).text == "pod/liveness-exec created\n"
    c.run("sim advance 11s")
    early = events(c.run("kubectl describe pod liveness-exec").text)
    assert [e[1] for e in early] == ["Scheduled", "Pulling", "Pulled", "Created", "Started"]
    assert early[-1][-1] == "Started container liveness"
    c.run("sim advance 46s")  # the page's second describe is 57s after the pod's creation
    later = events(c.run("kubectl describe pod liveness-exec").text)
    unhealthy = [e for e in later if e[1] == "Unhealthy"]
    assert len(unhealthy) == 1 and unhealthy[0][0] == "Warning"
    assert "(x3 over" in unhealthy[0][2]
    assert unhealthy[0][-1] == "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory"
    assert later[-1][:2] == ["Normal", "Killing"]
    assert later[-1][-1] == "Container liveness failed liveness probe, will be restarted"


def test_it_restarts_the_container_and_counts_it_in_restarts():
    c = Cluster(seed=3)
    apply(c, EXEC_LIVENESS)
    c.run("sim advance 57s")
    # busybox's sh ignores SIGTERM: the killed container stays Running (and ready: SyncPod blocks in
    # killContainer, kuberuntime_manager.go) through its 30s grace period.
    assert c.run("kubectl get pod liveness-exec").text.splitlines()[1].split()[1:4] == ["1/1", "Running", "0"]
    c.run("sim advance 30s")
    row = c.run("kubectl get pod liveness-exec").text.splitlines()[1].split()
    assert row[:4] == ["liveness-exec", "1/1", "Running", "1"]


def test_it_kills_agnhost_liveness_once_healthz_answers_500_after_ten_seconds():
    c = Cluster(seed=3)
    assert apply(c, HTTP_LIVENESS).text == "pod/liveness-http created\n"
    c.run("sim advance 25s")
    rows = events(c.run("kubectl describe pod liveness-http").text)
    unhealthy = [e for e in rows if e[1] == "Unhealthy"]
    assert unhealthy and unhealthy[0][-1] == "Liveness probe failed: HTTP probe failed with statuscode: 500"
    assert ["Container liveness failed liveness probe, will be restarted"] == \
        [e[-1] for e in rows if e[1] == "Killing"]
    described = c.run("kubectl describe pod liveness-http").text
    # agnhost is a Go program without a SIGTERM handler: as PID 1 it exits 2 (runtime dieFromSignal).
    assert "    Last State:     Terminated\n      Reason:       Error\n      Exit Code:    2\n" in described
    assert "    Restart Count:  1\n" in described
    assert "    Liveness:       http-get http://:8080/healthz delay=3s timeout=1s period=3s #success=1 #failure=3\n" \
        in described


def test_it_marks_goproxy_ready_after_its_first_tcp_probe_at_15_seconds():
    c = Cluster(seed=3)
    assert apply(c, TCP_PROBES).text == "pod/goproxy created\n"
    c.run("sim advance 10s")
    assert c.run("kubectl get pod goproxy").text.splitlines()[1].split()[1:3] == ["0/1", "Running"]
    c.run("sim advance 20s")
    assert c.run("kubectl get pod goproxy").text.splitlines()[1].split()[1:4] == ["1/1", "Running", "0"]
    described = c.run("kubectl describe pod goproxy").text
    assert "    Liveness:       tcp-socket :8080 delay=15s timeout=1s period=10s #success=1 #failure=3\n" in described
    assert "    Readiness:      tcp-socket :8080 delay=15s timeout=1s period=10s #success=1 #failure=3\n" in described
    assert [e[1] for e in events(described)] == ["Scheduled", "Pulling", "Pulled", "Created", "Started"]
