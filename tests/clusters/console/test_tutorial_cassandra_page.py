"""kubernetes.io's "Example: Deploying Cassandra with a StatefulSet", typed unchanged.

- kubernetes/website content/en/docs/tutorials/stateful-application/cassandra.md
- its manifests application/cassandra/cassandra-service.yaml and cassandra-statefulset.yaml, pasted below
  (the console host is offline: a learner saves them with a heredoc and applies the files)
The image is kubernetes/examples' cassandra v13 (Cassandra 3.11.2; clusters/kubelet/cassandra.py), nodetool's
table is tools/nodetool/Status.java's. The page's manifests label everything app.kubernetes.io/name=cassandra
while its commands select app=cassandra, so those commands find nothing, as they do on a real cluster; the
tests then select as the manifests label. The StorageClass ``fast`` names minikube's provisioner, which a
kind cluster does not run: its claims stay Pending, and a learner on kind edits the class to ``standard``
(rancher.io/local-path), as the page's note says to adjust for one's cluster. Names, ages and IPs differ
from the page.
"""
from __future__ import annotations

import pickle
import re

from clusters import Cluster
from tests.clusters.console.editing import edit

SERVICE = """apiVersion: v1
kind: Service
metadata:
  labels:
    app.kubernetes.io/name: cassandra
  name: cassandra
spec:
  clusterIP: None
  ports:
  - port: 9042
  selector:
    app.kubernetes.io/name: cassandra
"""
STATEFULSET = """apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: cassandra
  labels:
    app.kubernetes.io/name: cassandra
spec:
  serviceName: cassandra
  replicas: 3
  selector:
    matchLabels:
      app.kubernetes.io/name: cassandra
  template:
    metadata:
      labels:
        app.kubernetes.io/name: cassandra
    spec:
      terminationGracePeriodSeconds: 500
      containers:
      - name: cassandra
        image: gcr.io/google-samples/cassandra:v13
        imagePullPolicy: Always
        ports:
        - containerPort: 7000
          name: intra-node
        - containerPort: 7001
          name: tls-intra-node
        - containerPort: 7199
          name: jmx
        - containerPort: 9042
          name: cql
        resources:
          limits:
            cpu: "500m"
            memory: 1Gi
          requests:
            cpu: "500m"
            memory: 1Gi
        securityContext:
          capabilities:
            add:
              - IPC_LOCK
        lifecycle:
          preStop:
            exec:
              command:
              - /bin/sh
              - -c
              - nodetool drain
        env:
          - name: MAX_HEAP_SIZE
            value: 512M
          - name: HEAP_NEWSIZE
            value: 100M
          - name: CASSANDRA_SEEDS
            value: "cassandra-0.cassandra.default.svc.cluster.local"
          - name: CASSANDRA_CLUSTER_NAME
            value: "K8Demo"
          - name: CASSANDRA_DC
            value: "DC1-K8Demo"
          - name: CASSANDRA_RACK
            value: "Rack1-K8Demo"
          - name: POD_IP
            valueFrom:
              fieldRef:
                fieldPath: status.podIP
        readinessProbe:
          exec:
            command:
            - /bin/bash
            - -c
            - /ready-probe.sh
          initialDelaySeconds: 15
          timeoutSeconds: 5
        volumeMounts:
        - name: cassandra-data
          mountPath: /cassandra_data
  volumeClaimTemplates:
  - metadata:
      name: cassandra-data
    spec:
      accessModes: [ "ReadWriteOnce" ]
      storageClassName: fast
      resources:
        requests:
          storage: 1Gi
---
kind: StorageClass
apiVersion: storage.k8s.io/v1
metadata:
  name: fast
provisioner: k8s.io/minikube-hostpath
parameters:
  type: pd-ssd
"""
LABEL = "app.kubernetes.io/name=cassandra"
# Status.java's legend and header for vnodes with effective ownership, addresses 10 wide (10.244.x.y).
HEADER = ("Datacenter: DC1-K8Demo\n"
          "======================\n"
          "Status=Up/Down\n"
          "|/ State=Normal/Leaving/Joining/Moving\n"
          "--  Address     Load       Tokens       Owns (effective)  Host ID                               Rack\n")
ROW = re.compile(r"^(U|D)(N|J)  (10\.244\.\d\.\d+)  (\d+(?:\.\d{1,2})? KiB) +(32) +(\d+\.\d%|\?) +"
                 r"([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})  Rack1-K8Demo$")


def save_manifests(c, storage_class: str = "fast") -> None:
    c.run(f"cat <<'EOF' > cassandra-service.yaml\n{SERVICE}EOF")
    c.run(f"cat <<'EOF' > cassandra-statefulset.yaml\n{STATEFULSET}EOF")
    if storage_class != "fast":
        c.run(f"sed -i 's/storageClassName: fast/storageClassName: {storage_class}/' cassandra-statefulset.yaml")


def ring(storage_class: str = "standard", seed: int = 5) -> Cluster:
    """The page followed on kind up to a ready three-node ring."""
    c = Cluster(seed=seed)
    save_manifests(c, storage_class)
    c.run("kubectl apply -f cassandra-service.yaml")
    c.run("kubectl apply -f cassandra-statefulset.yaml")
    c.run("sim advance 5m")
    return c


def rows(text: str) -> list[list[str]]:
    return [line.split() for line in text.splitlines()[1:]]


def status(c, pod: str = "cassandra-0") -> list[tuple]:
    """``nodetool status`` run as the page runs it, checked line by line: its rows, parsed."""
    out = c.run(f"kubectl exec -it {pod} -- nodetool status")
    assert out.exit_code == 0, out.text
    assert out.text.startswith(HEADER) and out.text.endswith("\n\n")  # Status.java ends with printf("%n")
    parsed = []
    for line in out.text[len(HEADER):-1].splitlines():
        m = ROW.match(line)
        assert m, line
        parsed.append(m.groups())
    return parsed


def pod_ip(c, name: str) -> str:
    return c.get("pods", name)["status"]["podIP"]


def test_it_creates_the_headless_service_the_page_validates():
    c = Cluster(seed=5)
    out = c.run("kubectl apply -f https://k8s.io/examples/application/cassandra/cassandra-service.yaml")
    assert out.exit_code == 1 and out.text.startswith(
        'error: Get "https://k8s.io/examples/application/cassandra/cassandra-service.yaml": ')
    save_manifests(c)
    assert c.run("kubectl apply -f cassandra-service.yaml").text == "service/cassandra created\n"
    c.run("sim advance 45s")
    assert c.run("kubectl get svc cassandra").text == (
        "NAME        TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)    AGE\n"
        "cassandra   ClusterIP   None         <none>        9042/TCP   45s\n")


def test_the_page_s_fast_class_leaves_the_claims_pending_on_a_kind_cluster():
    """pv_controller.go provisionClaimOperationExternal: no k8s.io/minikube-hostpath runs on kind, so
    the claim waits for it, and the scheduler waits for the claim (volume_binding.go)."""
    c = Cluster(seed=5)
    save_manifests(c)
    c.run("kubectl apply -f cassandra-service.yaml")
    assert c.run("kubectl apply -f cassandra-statefulset.yaml").text == \
        "statefulset.apps/cassandra created\nstorageclass.storage.k8s.io/fast created\n"
    assert c.run("kubectl get statefulset cassandra").text == "NAME        READY   AGE\ncassandra   0/3     0s\n"
    c.run("sim advance 60s")
    # The page's selector names a label its manifests no longer set.
    assert c.run('kubectl get pods -l="app=cassandra"').text == "No resources found in default namespace.\n"
    assert rows(c.run(f"kubectl get pods -l {LABEL}").text) == [["cassandra-0", "0/1", "Pending", "0", "60s"]]
    assert rows(c.run("kubectl get pvc").text) == [
        ["cassandra-data-cassandra-0", "Pending", "fast", "<unset>", "60s"]]
    described = c.run("kubectl describe pvc cassandra-data-cassandra-0").text
    for line in ("StorageClass:  fast\n", "Status:        Pending\n",
                 "Annotations:   volume.beta.kubernetes.io/storage-provisioner: k8s.io/minikube-hostpath\n",
                 "Used By:       cassandra-0\n"):
        assert line in described
    assert ("persistentvolume-controller  Waiting for a volume to be created either by the external provisioner "
            "'k8s.io/minikube-hostpath' or manually by the system administrator. If volume creation is delayed, "
            "please verify that the provisioner is running and correctly registered.\n") in described
    assert "pod has unbound immediate PersistentVolumeClaims" in c.run("kubectl describe pod cassandra-0").text
    assert rows(c.run("kubectl get sc").text)[0][:4] == ["fast", "k8s.io/minikube-hostpath", "Delete", "Immediate"]
    # Adjusting the class on kind: a StatefulSet's claim templates are immutable (apps/validation
    # ValidateStatefulSetUpdate), so the set and its Pending claim go before the edited file is applied.
    c.run("sed -i 's/storageClassName: fast/storageClassName: standard/' cassandra-statefulset.yaml")
    assert c.run("kubectl apply -f cassandra-statefulset.yaml").text == (
        "storageclass.storage.k8s.io/fast unchanged\n"
        'The StatefulSet "cassandra" is invalid: spec: Forbidden: updates to statefulset spec for fields other than '
        "'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and "
        "'minReadySeconds' are forbidden\n")
    assert c.run("kubectl delete statefulset cassandra").text == 'statefulset.apps "cassandra" deleted\n'
    assert c.run(f"kubectl delete pvc -l {LABEL}").text == \
        'persistentvolumeclaim "cassandra-data-cassandra-0" deleted\n'
    assert c.run("kubectl apply -f cassandra-statefulset.yaml").text == \
        "statefulset.apps/cassandra created\nstorageclass.storage.k8s.io/fast unchanged\n"
    c.run("sim advance 4m")
    assert [p[:3] for p in rows(c.run(f"kubectl get pods -l {LABEL}").text)] == \
        [[f"cassandra-{i}", "1/1", "Running"] for i in range(3)]
    assert {r[1] for r in rows(c.run("kubectl get pvc").text)} == {"Bound"}
    assert c.bugs == []


def test_on_kind_s_standard_class_the_pods_start_in_order_and_form_a_ring():
    c = Cluster(seed=5)
    save_manifests(c, "standard")
    c.run("kubectl apply -f cassandra-service.yaml")
    assert c.run("kubectl apply -f cassandra-statefulset.yaml").text == \
        "statefulset.apps/cassandra created\nstorageclass.storage.k8s.io/fast created\n"
    # Just started, before its JVM opens JMX, nodetool cannot connect (NodeTool.java's message, Java 8's
    # exception text).
    for _ in range(60):
        c.run("sim advance 1s")
        if "Running" in c.run(f"kubectl get pods -l {LABEL}").text:
            break
    assert c.run("kubectl exec -it cassandra-0 -- nodetool status").text == (
        "nodetool: Failed to connect to '127.0.0.1:7199' - ConnectException: 'Connection refused "
        "(Connection refused)'.\ncommand terminated with exit code 1\n")
    c.run("sim advance 40s")
    pods = rows(c.run(f"kubectl get pods -l {LABEL}").text)
    assert pods[0][:3] == ["cassandra-0", "1/1", "Running"] and pods[1][:2] == ["cassandra-1", "0/1"] and len(pods) == 2
    c.run("sim advance 4m")
    assert [p[:4] for p in rows(c.run(f"kubectl get pods -l {LABEL}").text)] == [
        ["cassandra-0", "1/1", "Running", "0"], ["cassandra-1", "1/1", "Running", "0"],
        ["cassandra-2", "1/1", "Running", "0"]]
    assert rows(c.run("kubectl get statefulset cassandra").text)[0][:2] == ["cassandra", "3/3"]
    nodes = status(c)
    assert sorted(n[2] for n in nodes) == sorted(pod_ip(c, f"cassandra-{i}") for i in range(3))
    assert {(n[0], n[1], n[4]) for n in nodes} == {("U", "N", "32")}
    # system_traces' two replicas: the effective shares add up to 200% (Murmur3 ranges, six decimals each).
    assert abs(sum(float(n[5][:-1]) for n in nodes) - 200.0) <= 0.2
    assert len({n[6] for n in nodes}) == 3
    # Every node sees the same ring.
    assert sorted(status(c, "cassandra-2")) == sorted(nodes)
    # The image has no Python for cqlsh (kubernetes/website issue 13589: "No Cqlsh environment").
    assert c.run("kubectl exec -it cassandra-0 -- cqlsh").text == \
        "No appropriate python interpreter found.\ncommand terminated with exit code 1\n"
    # The readiness script asks nodetool for this pod's line: the joiners fail it while they bootstrap.
    assert re.search(r"Warning  Unhealthy  \S+ \(x3 over \S+\)\s+kubelet +Readiness probe failed:\n",
                     c.run("kubectl describe pod cassandra-1").text)
    assert c.bugs == []


def test_the_logs_show_run_sh_then_cassandra_starting_as_seed_and_joiners_bootstrapping():
    c = ring()
    ip0, ip1 = pod_ip(c, "cassandra-0"), pod_ip(c, "cassandra-1")
    log0 = c.run("kubectl logs cassandra-0").text.splitlines()
    assert log0[:4] == [f"Starting Cassandra on {ip0}", "CASSANDRA_CONF_DIR /etc/cassandra",
                        "CASSANDRA_CFG /etc/cassandra/cassandra.yaml", "CASSANDRA_AUTO_BOOTSTRAP true"]
    for line in ("CASSANDRA_CLUSTER_NAME K8Demo", "CASSANDRA_NUM_TOKENS 32", "CASSANDRA_COMPACTION_THROUGHPUT_MB_PER_SEC",
                 "CASSANDRA_SEEDS cassandra-0.cassandra.default.svc.cluster.local",
                 "CASSANDRA_SEED_PROVIDER org.apache.cassandra.locator.SimpleSeedProvider"):
        assert line in log0
    stamped = [line for line in log0 if line.startswith(("INFO ", "WARN ", "ERROR"))]
    assert all(re.match(r"^(INFO |WARN |ERROR) \d\d:\d\d:\d\d \S", line) for line in stamped)
    text0 = "\n".join(line[15:] for line in stamped)
    for msg in ("Configuration location: file:/etc/cassandra/cassandra.yaml", "Cassandra version: 3.11.2",
                "Hostname: cassandra-0.cassandra.default.svc.cluster.local",
                f"Starting Messaging Service on /{ip0}:7000 (eth0)",
                "This node will not auto bootstrap because it is configured to be a seed node.",
                f"Node /{ip0} state jump to NORMAL",
                "Starting listening for CQL clients on /0.0.0.0:9042 (unencrypted)...",
                f"Handshaking version with /{ip1}", f"InetAddress /{ip1} is now UP"):
        assert msg in text0
    text1 = c.run("kubectl logs cassandra-1").text
    for msg in ("JOINING: waiting for ring information", "JOINING: sleeping 30000 ms for pending range setup",
                "JOINING: Starting to bootstrap...", f"Node /{ip1} state jump to NORMAL"):
        assert msg in text1
    assert text1.index("JOINING: Starting to bootstrap...") > text1.index("JOINING: sleeping 30000 ms")


def test_edit_scales_the_ring_to_four_nodes():
    c = ring()
    before = {n[6]: n for n in status(c)}
    assert edit(c, "statefulset", "cassandra", "replicas: 3", "replicas: 4") == "statefulset.apps/cassandra configured\n"
    assert rows(c.run("kubectl get statefulset cassandra").text)[0][:2] == ["cassandra", "3/4"]
    # cassandra-3 gossips its bootstrap tokens, then joins: UJ with no ownership yet.
    c.run("sim advance 25s")
    joining = [n for n in status(c) if n[2] == pod_ip(c, "cassandra-3")]
    assert joining and joining[0][:2] == ("U", "J") and joining[0][5] == "?"
    c.run("sim advance 90s")
    assert rows(c.run("kubectl get statefulset cassandra").text)[0][:2] == ["cassandra", "4/4"]
    nodes = status(c)
    assert len(nodes) == 4 and {(n[0], n[1]) for n in nodes} == {("U", "N")}
    assert abs(sum(float(n[5][:-1]) for n in nodes) - 200.0) <= 0.2
    # The old members keep their host IDs and loads; their shares shrink.
    for host, old in before.items():
        new = next(n for n in nodes if n[6] == host)
        assert new[3] == old[3] and float(new[5][:-1]) < float(old[5][:-1])
    assert c.bugs == []


def test_a_node_scaled_away_drains_and_stays_in_the_ring_down_until_it_comes_back():
    """Scaling down runs the preStop ``nodetool drain`` (the node announces its shutdown); Cassandra
    keeps the member as DN, its ranges still counted, until ``nodetool removenode``."""
    c = ring()
    c.run("kubectl scale statefulset cassandra --replicas=4")
    c.run("sim advance 2m")
    ip3 = pod_ip(c, "cassandra-3")
    host3 = next(n[6] for n in status(c) if n[2] == ip3)
    c.run("kubectl scale statefulset cassandra --replicas=3")
    c.run("sim advance 15s")  # drain takes seconds, not the 500 s grace period
    assert [p[0] for p in rows(c.run(f"kubectl get pods -l {LABEL}").text)] == \
        ["cassandra-0", "cassandra-1", "cassandra-2"]
    down = [n for n in status(c) if n[2] == ip3]
    assert down and down[0][:2] == ("D", "N") and down[0][6] == host3 and down[0][5] != "?"
    assert f"InetAddress /{ip3} is now DOWN" in c.run("kubectl logs cassandra-0").text
    assert len(rows(c.run(f"kubectl get pvc -l {LABEL}").text)) == 4  # its claim stays
    # Back on the same claim, the node rejoins with its host ID.
    c.run("kubectl scale statefulset cassandra --replicas=4")
    c.run("sim advance 2m")
    back = [n for n in status(c) if n[6] == host3]
    assert len(status(c)) == 4 and back[0][:2] == ("U", "N") and back[0][2] == pod_ip(c, "cassandra-3")
    assert "Using saved tokens [" in c.run("kubectl logs cassandra-3").text
    assert c.bugs == []


def test_nodetool_removenode_takes_a_down_member_out_of_the_ring_and_refuses_a_live_one():
    """StorageService.removeNode's checks, printed as NodeTool.err prints an exception (exit 2)."""
    c = ring()
    c.run("kubectl scale statefulset cassandra --replicas=4")
    c.run("sim advance 2m")
    c.run("kubectl scale statefulset cassandra --replicas=3")
    c.run("sim advance 15s")
    nodes = status(c)
    down = next(n[6] for n in nodes if n[0] == "D")
    live = next(n for n in nodes if n[2] == pod_ip(c, "cassandra-1"))
    out = c.run(f"kubectl exec cassandra-0 -- nodetool removenode {live[6]}")
    assert out.exit_code == 2 and out.text.startswith(
        f"error: Node /{live[2]} is alive and owns this ID. Use decommission command to remove it from the ring\n"
        "-- StackTrace --\n")
    assert c.run("kubectl exec cassandra-0 -- nodetool removenode 00000000-0000-4000-8000-000000000000").text \
        .startswith("error: Host ID not found.\n")
    assert c.run(f"kubectl exec cassandra-0 -- nodetool removenode {down}").text == ""
    assert c.run("kubectl exec cassandra-0 -- nodetool removenode status").text == \
        "RemovalStatus: No removals in process.\n"
    after = status(c)
    assert len(after) == 3 and {(n[0], n[1]) for n in after} == {("U", "N")}
    assert abs(sum(float(n[5][:-1]) for n in after) - 200.0) <= 0.2
    out = c.run("kubectl exec cassandra-0 -- nodetool ring-of-fire")
    assert (out.text, out.exit_code) == ("nodetool: Found unexpected parameters: [ring-of-fire]\n"
                                         "See 'nodetool help' or 'nodetool help <command>'.\n"
                                         "command terminated with exit code 1\n", 1)
    assert c.bugs == []


def test_the_page_s_cleanup_finds_nothing_by_its_label_and_deletes_by_the_manifests():
    c = ring()
    c.run("kubectl scale statefulset cassandra --replicas=4")
    c.run("sim advance 2m")
    page = ("grace=$(kubectl get pod cassandra-0 -o=jsonpath='{.spec.terminationGracePeriodSeconds}') \\\n"
            "  && kubectl delete statefulset -l app=cassandra \\\n"
            "  && echo \"Sleeping ${grace} seconds\" 1>&2 \\\n"
            "  && sleep $grace \\\n"
            "  && kubectl delete persistentvolumeclaim -l app=cassandra")
    assert c.run(page).text == ("No resources found in default namespace.\nSleeping 500 seconds\n"
                                "No resources found in default namespace.\n")
    assert len(rows(c.run(f"kubectl get pods -l {LABEL}").text)) == 4
    out = c.run(page.replace("app=cassandra", LABEL))
    assert out.text == ('statefulset.apps "cassandra" deleted\nSleeping 500 seconds\n'
                        + "".join(f'persistentvolumeclaim "cassandra-data-cassandra-{i}" deleted\n' for i in range(4)))
    assert c.run(f"kubectl get pods -l {LABEL}").text == "No resources found in default namespace.\n"
    assert c.run("kubectl delete service -l app=cassandra").text == "No resources found in default namespace.\n"
    assert c.run(f"kubectl delete service -l {LABEL}").text == 'service "cassandra" deleted\n'
    assert c.bugs == []


def test_the_ring_is_the_same_on_every_replay_and_survives_a_snapshot():
    a, b = ring(seed=11), ring(seed=11)
    assert a.run("kubectl exec cassandra-1 -- nodetool status").text == \
        b.run("kubectl exec cassandra-1 -- nodetool status").text
    restored = pickle.loads(pickle.dumps(a))
    assert restored.run("kubectl exec cassandra-0 -- nodetool status").text == \
        a.run("kubectl exec cassandra-0 -- nodetool status").text
