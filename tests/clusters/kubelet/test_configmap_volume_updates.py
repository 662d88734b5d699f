"""ConfigMap and Secret volumes as the kubelet keeps them up to date.

pkg/volume/util/atomic_writer.go lays a volume out as ``..data -> ..<time>.<random>`` with each key a
symlink into ``..data``; pkg/kubelet/pod_workers.go resyncs a pod wait.Jitter(1m, 0.5) after its last
sync, and that sync's remount (volumemanager, RequiresRemount) is when a changed ConfigMap reaches
the files: the docs' "kubelet sync period + cache propagation delay" (watch-based: none to speak of).
subPath mounts and environment variables never change.
"""
from __future__ import annotations

import re

from clusters import Cluster

POD = """apiVersion: v1
kind: Pod
metadata:
  name: reader
spec:
  containers:
  - name: main
    image: {image}
    command: ["sh", "-c", "while true; do echo \\"$(cat /etc/config/colour) $COLOUR\\"; sleep 5; done"]
    env:
    - name: COLOUR
      valueFrom:
        configMapKeyRef:
          name: paint
          key: colour
    volumeMounts:
    - name: config
      mountPath: /etc/config
    - name: config
      mountPath: /etc/pinned
      subPath: colour
  volumes:
  - name: config
    configMap:
      name: paint
"""

TS = r"\.\.\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\.\d{1,10}"


def started(image="alpine:3"):
    c = Cluster(seed=5)
    c.run("kubectl create configmap paint --from-literal=colour=red")
    c.run(f"cat <<'EOF' | kubectl apply -f -\n{POD.format(image=image)}EOF")
    c.run("sim advance 10s")
    return c


def cat(c, path):
    return c.run(f"kubectl exec reader -- cat {path}").text


def test_ls_la_shows_the_atomic_writers_layout_as_busybox_prints_it():
    c = started()
    out = c.run("kubectl exec reader -- ls -la /etc/config").text.splitlines()
    assert out[0] == "total 12"
    assert re.fullmatch(r"drwxrwxrwx    3 root     root          4096 \w{3} [ \d]\d \d\d:\d\d \.", out[1])
    assert re.fullmatch(r"drwxr-xr-x    1 root     root          4096 .{12} \.\.", out[2])
    ts = re.fullmatch(rf"drwxr-xr-x    2 root     root          4096 .{{12}} ({TS})", out[3]).group(1)
    assert re.fullmatch(rf"lrwxrwxrwx    1 root     root      {len(ts):8d} .{{12}} \.\.data -> {ts}", out[4])
    assert re.fullmatch(r"lrwxrwxrwx    1 root     root            13 .{12} colour -> \.\.data/colour", out[5])
    assert out[6:] == []
    recursive = c.run("kubectl exec reader -- ls -laR /etc/config").text.split("\n\n")
    assert recursive[0].startswith("/etc/config:\ntotal 12\n")
    inner = recursive[1].splitlines()
    assert inner[0] == f"/etc/config/{ts}:"
    assert inner[1] == "total 12"
    assert re.fullmatch(r"-rw-r--r--    1 root     root             3 .{12} colour", inner[4])
    assert c.run("kubectl exec reader -- ls /etc/config").text == "colour\n"
    assert c.run(f"kubectl exec reader -- cat /etc/config/..data/colour /etc/config/{ts}/colour").text == "redred"


def test_gnu_ls_pads_each_column_to_its_widest_entry():
    c = started(image="debian")
    out = c.run("kubectl exec reader -- ls -la /etc/config").text.splitlines()
    assert out[0] == "total 12"
    assert re.fullmatch(r"drwxrwxrwx 3 root root 4096 \w{3} [ \d]\d \d\d:\d\d \.", out[1])
    assert re.fullmatch(r"drwxr-xr-x 1 root root 4096 .{12} \.\.", out[2])
    assert re.fullmatch(r"lrwxrwxrwx 1 root root   13 .{12} colour -> \.\.data/colour", out[5])


def test_a_changed_config_map_reaches_the_files_at_the_pods_next_periodic_sync():
    c = started()
    before = c.run("kubectl exec reader -- ls -la /etc/config").text
    c.run("kubectl create configmap paint --from-literal=colour=blue --dry-run=client -o yaml | kubectl apply -f -")
    c.run("sim advance 45s")  # the container started 10 s ago: no resync before 60 s after that
    assert cat(c, "/etc/config/colour") == "red"
    c.run("sim advance 40s")  # ... and one by 90 s
    assert cat(c, "/etc/config/colour") == "blue"
    after = c.run("kubectl exec reader -- ls -la /etc/config").text
    assert re.search(TS, before).group(0) != re.search(TS, after).group(0)
    # A subPath mount bound the file when the container was created; the variable was set then.
    assert cat(c, "/etc/pinned") == "red"
    assert c.run("kubectl exec reader -- printenv COLOUR").text == "red\n"
    # The loop read the file each pass: its lines change from the first pass after the write.
    lines = c.run("kubectl logs reader").text.splitlines()
    assert lines[0] == "red red" and lines[-1] == "blue red"
    assert lines == sorted(lines, key=lambda line: line.startswith("blue"))


def test_a_restarted_container_binds_the_new_file_to_its_sub_path():
    c = Cluster(seed=5)
    c.run("kubectl create configmap paint --from-literal=colour=red")
    c.run("kubectl run once --image=busybox --overrides='{\"spec\":{\"containers\":[{\"name\":\"once\","
          "\"image\":\"busybox\",\"command\":[\"sh\",\"-c\",\"cat /etc/pinned; echo; sleep 30\"],"
          "\"volumeMounts\":[{\"name\":\"c\",\"mountPath\":\"/etc/pinned\",\"subPath\":\"colour\"}]}],"
          "\"volumes\":[{\"name\":\"c\",\"configMap\":{\"name\":\"paint\"}}]}}'")
    c.run("sim advance 10s")
    c.run("kubectl patch configmap paint -p '{\"data\":{\"colour\":\"green\"}}'")
    c.run("sim advance 30s")  # the container exits after 30 s: that sync remounts, then it restarts
    assert c.run("kubectl logs once --previous").text == "red\n"
    assert c.run("kubectl logs once").text == "green\n"
    assert c.run("kubectl exec once -- cat /etc/pinned").text == "green"


def test_a_deleted_config_map_leaves_the_files_and_fails_the_remount():
    c = started()
    c.run("kubectl delete configmap paint")
    c.run("sim advance 100s")
    assert cat(c, "/etc/config/colour") == "red"
    events = c.run("kubectl get events --field-selector involvedObject.name=reader").text
    assert 'MountVolume.SetUp failed for volume "config" : configmap "paint" not found' in events


def test_a_secret_volume_is_on_tmpfs():
    c = Cluster(seed=5)
    c.run("kubectl create secret generic creds --from-literal=username=admin --from-literal=password=s3cr3t")
    c.run("kubectl run vault --image=busybox --overrides='{\"spec\":{\"containers\":[{\"name\":\"vault\","
          "\"image\":\"busybox\",\"command\":[\"sleep\",\"3600\"],\"volumeMounts\":[{\"name\":\"s\","
          "\"mountPath\":\"/etc/secret-volume\",\"readOnly\":true}]}],\"volumes\":[{\"name\":\"s\","
          "\"secret\":{\"secretName\":\"creds\"}}]}}'")
    c.run("sim advance 10s")
    out = c.run("kubectl exec vault -- ls -la /etc/secret-volume").text.splitlines()
    # tmpfs: a directory is 40 bytes and 20 a name, with no blocks; the root is a tmpfs's 1777.
    assert out[0] == "total 4"
    assert out[1].startswith("drwxrwxrwt    3 root     root           120 ")
    assert re.match(r"drwxr-xr-x    2 root     root            80 ", out[3])
    assert out[5].endswith(" password -> ..data/password") and out[6].endswith(" username -> ..data/username")
    assert c.run("kubectl exec vault -- cat /etc/secret-volume/password").text == "s3cr3t"
