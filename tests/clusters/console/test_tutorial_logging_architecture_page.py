"""The counter examples of kubernetes.io's "Logging Architecture", typed unchanged.

kubernetes/website content/en/docs/concepts/cluster-administration/logging.md, with its
debug/counter-pod.yaml and admin/logging/two-files-counter-pod-streaming-sidecar.yaml pasted into
heredocs (the manifests below are written here to describe the same pods). The counter's loop
runs in virtual time: each pass prints its own number and its own ``date``; in the two-files pod
the count container appends to two files in a shared emptyDir and each sidecar's ``tail -n+1 -F``
streams one of them to its own log, as the page shows. The dates are the simulated cluster's.
"""
from clusters import Cluster

COUNTER = """apiVersion: v1
kind: Pod
metadata:
  name: counter
spec:
  containers:
  - name: count
    image: busybox:1.28
    args: [/bin/sh, -c,
            'i=0; while true; do echo "$i: $(date)"; i=$((i+1)); sleep 1; done']
"""

TWO_FILES_STREAMING = """apiVersion: v1
kind: Pod
metadata:
  name: counter
spec:
  containers:
  - name: count
    image: busybox:1.28
    args:
    - /bin/sh
    - -c
    - >
      i=0;
      while true;
      do
        echo "$i: $(date)" >> /var/log/1.log;
        echo "$(date) INFO $i" >> /var/log/2.log;
        i=$((i+1));
        sleep 1;
      done
    volumeMounts:
    - name: varlog
      mountPath: /var/log
  - name: count-log-1
    image: busybox:1.28
    args: [/bin/sh, -c, 'tail -n+1 -F /var/log/1.log']
    volumeMounts:
    - name: varlog
      mountPath: /var/log
  - name: count-log-2
    image: busybox:1.28
    args: [/bin/sh, -c, 'tail -n+1 -F /var/log/2.log']
    volumeMounts:
    - name: varlog
      mountPath: /var/log
  volumes:
  - name: varlog
    emptyDir: {}
"""


def _apply(c: Cluster, manifest: str) -> str:
    return c.run(f"cat <<'EOF' | kubectl apply -f -\n{manifest}EOF").text


def _date(c: Cluster, seconds_after: float) -> str:
    """busybox date's default format at a virtual time (``%a %b %e %H:%M:%S UTC %Y``)."""
    import datetime

    t = datetime.datetime.fromtimestamp(c.epoch + seconds_after, datetime.timezone.utc)
    return t.strftime("%a %b %e %H:%M:%S UTC %Y")


def test_the_counter_prints_its_number_and_the_time_once_a_second():
    c = Cluster(seed=3)
    assert _apply(c, COUNTER) == "pod/counter created\n"
    c.run("sim advance 20s")
    start = c.kubelets[c.get("pods", "counter")["spec"]["nodeName"]].pods[
        c.get("pods", "counter")["metadata"]["uid"]].containers["count"].started_at
    lines = c.run("kubectl logs counter").text.splitlines()
    assert lines[:3] == [f"{k}: {_date(c, start + k)}" for k in range(3)]
    assert lines == [f"{k}: {_date(c, start + k)}" for k in range(len(lines))]
    assert len(lines) >= 15
    c.run("sim advance 100s")
    later = c.run("kubectl logs counter --tail=1").text
    assert later.startswith(f"{len(lines) + 99}: ") or later.startswith(f"{len(lines) + 100}: ")
    # --now: a one-second grace period (delete.go); sh as PID 1 ignores SIGTERM, so it is killed then
    before = c.clock.now
    assert c.run("kubectl delete pod counter --now").text == 'pod "counter" deleted\n'
    assert c.clock.now - before == 1


def test_each_streaming_sidecar_logs_one_of_the_two_files():
    c = Cluster(seed=3)
    assert _apply(c, TWO_FILES_STREAMING) == "pod/counter created\n"
    c.run("sim advance 20s")
    assert c.run("kubectl get pod counter").text.splitlines()[1].split()[1:3] == ["3/3", "Running"]
    rt = c.kubelets[c.get("pods", "counter")["spec"]["nodeName"]].pods[c.get("pods", "counter")["metadata"]["uid"]]
    start = rt.containers["count"].started_at
    one = c.run("kubectl logs counter count-log-1").text.splitlines()
    two = c.run("kubectl logs counter count-log-2").text.splitlines()
    assert one[:3] == [f"{k}: {_date(c, start + k)}" for k in range(3)]
    assert two[:3] == [f"{_date(c, start + k)} INFO {k}" for k in range(3)]
    assert len(one) == len(two) >= 15
    # the files themselves hold every line so far; the count container logs nothing of its own
    assert c.run("kubectl exec counter -c count -- head -n 2 /var/log/1.log").text == "\n".join(one[:2]) + "\n"
    assert c.run("kubectl logs counter -c count").text == ""
    # The sidecars go on as the files grow.
    c.run("sim advance 10s")
    assert len(c.run("kubectl logs counter count-log-1").text.splitlines()) == len(one) + 10


def test_tail_of_a_file_nobody_writes_says_so_and_keeps_waiting():
    c = Cluster(seed=3)
    c.run("kubectl run follower --image=busybox:1.28 -- tail -F /var/log/none.log")
    c.run("sim advance 20s")
    assert c.run("kubectl get pod follower").text.splitlines()[1].split()[2] == "Running"
    assert c.run("kubectl logs follower").text == "tail: can't open '/var/log/none.log': No such file or directory\n"


def test_a_loop_that_appends_the_same_line_grows_its_file_every_pass():
    c = Cluster(seed=3)
    c.run('kubectl run w --image=busybox -- sh -c "while true; do echo hello >> /tmp/x; sleep 2; done"')
    c.run("sim advance 20s")
    lines = c.run("kubectl exec w -- cat /tmp/x").text.splitlines()
    assert set(lines) == {"hello"} and len(lines) >= 8
    c.run("sim advance 10s")
    assert c.run("kubectl exec w -- wc -l /tmp/x").text == f"{len(lines) + 5}\n"
