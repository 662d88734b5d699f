"""kubernetes.io's "Running ZooKeeper, A Distributed System Coordinator", typed unchanged.

- kubernetes/website content/en/docs/tutorials/stateful-application/zookeeper.md
- its manifest content/en/examples/application/zookeeper/zookeeper.yaml, pasted below (the console host is
  offline, so a learner pastes it; the quoted heredoc keeps the command's backslashes for YAML to fold).

The cluster has four worker nodes, as the page asks. Where a real cluster of kubectl 1.32 answers
otherwise than the page (written for an older kubectl and GKE), the test asserts what the learner sees:
- the manifest labels its pods ``app.kubernetes.io/name: zk`` while the page's commands select ``app=zk``
  and its anti-affinity term matches ``app In (zk)``: those select nothing (the last test pastes the
  manifest with ``app: zk``, as the page's text assumes, and the anti-affinity keeps a server Pending);
- ``kubectl exec zk-0 zkCli.sh ...`` without ``--`` is refused by kubectl 1.32;
- the claims are kind's local-path volumes, bound to the node that made them, so a drained server
  stays Pending until its node is uncordoned (GKE's disks follow the pod to another node);
- the container runs as the zookeeper user, which may not remove /usr/bin/zookeeper-ready.
"""
import re

from clusters import Cluster, ClusterSpec

ZK = r"""apiVersion: v1
kind: Service
metadata:
  name: zk-hs
  labels:
    app.kubernetes.io/name: zk
spec:
  ports:
  - port: 2888
    name: server
  - port: 3888
    name: leader-election
  clusterIP: None
  selector:
    app.kubernetes.io/name: zk
---
apiVersion: v1
kind: Service
metadata:
  name: zk-cs
  labels:
    app.kubernetes.io/name: zk
spec:
  ports:
  - port: 2181
    name: client
  selector:
    app.kubernetes.io/name: zk
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: zk-pdb
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: zk
  maxUnavailable: 1
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: zk
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: zk
  serviceName: zk-hs
  replicas: 3
  updateStrategy:
    type: RollingUpdate
  podManagementPolicy: OrderedReady
  template:
    metadata:
      labels:
        app.kubernetes.io/name: zk
    spec:
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - labelSelector:
                matchExpressions:
                  - key: "app"
                    operator: In
                    values:
                    - zk
              topologyKey: "kubernetes.io/hostname"
      containers:
      - name: kubernetes-zookeeper
        imagePullPolicy: Always
        image: "registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10"
        resources:
          requests:
            memory: "1Gi"
            cpu: "0.5"
        ports:
        - containerPort: 2181
          name: client
        - containerPort: 2888
          name: server
        - containerPort: 3888
          name: leader-election
        command:
        - sh
        - -c
        - "start-zookeeper \
          --servers=3 \
          --data_dir=/var/lib/zookeeper/data \
          --data_log_dir=/var/lib/zookeeper/data/log \
          --conf_dir=/opt/zookeeper/conf \
          --client_port=2181 \
          --election_port=3888 \
          --server_port=2888 \
          --tick_time=2000 \
          --init_limit=10 \
          --sync_limit=5 \
          --heap=512M \
          --max_client_cnxns=60 \
          --snap_retain_count=3 \
          --purge_interval=12 \
          --max_session_timeout=40000 \
          --min_session_timeout=4000 \
          --log_level=INFO"
        readinessProbe:
          exec:
            command:
            - sh
            - -c
            - "zookeeper-ready 2181"
          initialDelaySeconds: 10
          timeoutSeconds: 5
        livenessProbe:
          exec:
            command:
            - sh
            - -c
            - "zookeeper-ready 2181"
          initialDelaySeconds: 10
          timeoutSeconds: 5
        volumeMounts:
        - name: datadir
          mountPath: /var/lib/zookeeper
      securityContext:
        runAsUser: 1000
        fsGroup: 1000
  volumeClaimTemplates:
  - metadata:
      name: datadir
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 10Gi
"""
APP_ZK = ZK.replace("app.kubernetes.io/name: zk", "app: zk")  # the labels the page's commands assume
SELECT = "-l app.kubernetes.io/name=zk"  # what selects the manifest's pods
CLIENT_LOG = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \[myid:\] - ")
PATCH = ("""kubectl patch sts zk --type='json' -p='[{"op": "replace", "path": """
         """"/spec/template/spec/containers/0/resources/requests/cpu", "value":"0.3"}]'""")
RETRY = ('error when evicting pods/"{pod}" -n "default" (will retry after 5s): '
         "Cannot evict pod as it would violate the pod's disruption budget.")


def apply(c, manifest=ZK):
    return c.run(f"cat <<'EOF' | kubectl apply -f -\n{manifest}EOF")


def ensemble(manifest=ZK, nodes=4):
    """The page's four-node cluster with the ensemble up: zk-0, zk-1 and zk-2 Running and Ready."""
    c = Cluster(ClusterSpec(nodes=nodes), seed=1)
    apply(c, manifest)
    c.run("sim advance 90s")
    return c


def answer(text):
    """zkCli.sh's output without its client's log4j lines (the page leaves them out too)."""
    return "".join(line + "\n" for line in text.splitlines() if not CLIENT_LOG.match(line))


def watch_rows(text):
    return [row.split()[:4] for row in text.splitlines() if not row.startswith("NAME")]


def test_it_creates_the_ensemble_and_each_server_knows_its_identity_as_the_page_shows():
    c = Cluster(ClusterSpec(nodes=4), seed=1)
    assert apply(c).text == ("service/zk-hs created\nservice/zk-cs created\n"
                             "poddisruptionbudget.policy/zk-pdb created\nstatefulset.apps/zk created\n")
    rows = watch_rows(c.run(f"kubectl get pods -w {SELECT}").text)
    for name in ("zk-0", "zk-1"):
        mine = [r[1:3] for r in rows if r[0] == name]
        assert mine == [["0/1", "Pending"], ["0/1", "Pending"], ["0/1", "ContainerCreating"], ["0/1", "Running"],
                        ["1/1", "Running"]]
    assert [r[0] for r in rows].index("zk-1") > [r[0] for r in rows].index("zk-0")  # OrderedReady: one by one
    # The page watches -l app=zk; the manifest's pods carry app.kubernetes.io/name=zk, so nothing shows.
    assert c.run("kubectl get pods -w -l app=zk").text == ""
    assert c.run("for i in 0 1 2; do kubectl exec zk-$i -- hostname; done").text == "zk-0\nzk-1\nzk-2\n"
    assert c.run('for i in 0 1 2; do echo "myid zk-$i";kubectl exec zk-$i -- cat /var/lib/zookeeper/data/myid; done'
                 ).text == "myid zk-0\n1\nmyid zk-1\n2\nmyid zk-2\n3\n"
    assert c.run("for i in 0 1 2; do kubectl exec zk-$i -- hostname -f; done").text == (
        "zk-0.zk-hs.default.svc.cluster.local\nzk-1.zk-hs.default.svc.cluster.local\n"
        "zk-2.zk-hs.default.svc.cluster.local\n")
    # start-zookeeper's zoo.cfg (kow3ns/kubernetes-zookeeper docker/scripts/start-zookeeper create_config).
    assert c.run("kubectl exec zk-0 -- cat /opt/zookeeper/conf/zoo.cfg").text == (
        "#This file was autogenerated DO NOT EDIT\nclientPort=2181\ndataDir=/var/lib/zookeeper/data\n"
        "dataLogDir=/var/lib/zookeeper/data/log\ntickTime=2000\ninitLimit=10\nsyncLimit=5\nmaxClientCnxns=60\n"
        "minSessionTimeout=4000\nmaxSessionTimeout=40000\nautopurge.snapRetainCount=3\nautopurge.purgeInteval=12\n"
        "server.1=zk-0.zk-hs.default.svc.cluster.local:2888:3888\n"
        "server.2=zk-1.zk-hs.default.svc.cluster.local:2888:3888\n"
        "server.3=zk-2.zk-hs.default.svc.cluster.local:2888:3888\n")
    # The headless Service's records are the servers' addresses, once each is Ready.
    c.run("kubectl run dns --image=busybox:1.28 --restart=Never -- sleep 3600")
    c.run("sim advance 10s")
    ip = c.get("pods", "zk-1")["status"]["podIP"]
    assert f"Name:      zk-1.zk-hs.default.svc.cluster.local\nAddress 1: {ip} " in \
        c.run("kubectl exec dns -- nslookup zk-1.zk-hs.default.svc.cluster.local").text


def test_a_znode_written_on_zk_0_is_read_on_zk_1_and_outlives_the_statefulset():
    c = ensemble()
    # kubectl 1.32 refuses the page's form without "--" (exec.go Complete).
    refused = c.run("kubectl exec zk-0 zkCli.sh create /hello world")
    assert refused.text == ("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\n"
                            "See 'kubectl exec -h' for help and examples\n")
    created = c.run("kubectl exec zk-0 -- zkCli.sh create /hello world").text
    assert created.startswith("Connecting to localhost:2181\n")
    assert "Client environment:host.name=zk-0.zk-hs.default.svc.cluster.local\n" in created
    assert answer(created) == ("Connecting to localhost:2181\n\nWATCHER::\n\n"
                               "WatchedEvent state:SyncConnected type:None path:null\nCreated /hello\n")
    got = answer(c.run("kubectl exec zk-1 -- zkCli.sh get /hello").text)
    when = "Mon Jun 02 09:02:30 UTC 2025"
    stat = (f"world\ncZxid = 0x100000002\nctime = {when}\nmZxid = 0x100000002\nmtime = {when}\npZxid = 0x100000002\n"
            "cversion = 0\ndataVersion = 0\naclVersion = 0\nephemeralOwner = 0x0\ndataLength = 5\nnumChildren = 0\n")
    assert got == ("Connecting to localhost:2181\n\nWATCHER::\n\nWatchedEvent state:SyncConnected type:None path:null\n"
                   + stat)
    assert c.run("kubectl delete statefulset zk").text == 'statefulset.apps "zk" deleted\n'
    gone = watch_rows(c.run(f"kubectl get pods -w {SELECT}").text)
    assert {r[0] for r in gone if r[2] == "Terminating"} == {"zk-0", "zk-1", "zk-2"}
    assert c.run(f"kubectl get pods {SELECT}").text == "No resources found in default namespace.\n"
    assert apply(c).text == ("service/zk-hs unchanged\nservice/zk-cs unchanged\n"
                             "poddisruptionbudget.policy/zk-pdb unchanged\nstatefulset.apps/zk created\n")
    c.run(f"kubectl get pods -w {SELECT}")
    c.run("sim advance 30s")
    # A new election (epoch 2), but the node keeps the zxid it was made with: the logs live on the claims.
    again = answer(c.run("kubectl exec zk-2 -- zkCli.sh get /hello").text)
    assert again.endswith(stat)
    assert c.run("kubectl get pvc -l app=zk").text == "No resources found in default namespace.\n"
    claims = c.run(f"kubectl get pvc {SELECT}").text.splitlines()
    assert [r.split()[:2] + r.split()[3:5] for r in claims[1:]] == [
        [f"datadir-zk-{i}", "Bound", "10Gi", "RWO"] for i in range(3)]
    assert "create" in c.run("kubectl exec zk-0 -- cat /var/lib/zookeeper/data/log/version-2/log.100000001").text
    assert c.run("kubectl exec zk-0 -- cat /var/lib/zookeeper/data/version-2/currentEpoch").text == "2"


def test_zk_cli_answers_a_missing_node_and_an_existing_one_as_zookeeper_3_4_does():
    c = ensemble()
    assert answer(c.run("kubectl exec zk-0 -- zkCli.sh get /nothing").text).endswith("Node does not exist: /nothing\n")
    c.run("kubectl exec zk-0 -- zkCli.sh create /hello world")
    assert answer(c.run("kubectl exec zk-2 -- zkCli.sh create /hello again").text).endswith(
        "Node already exists: /hello\n")
    # DataNode's children are a java.util.HashSet: "hello" hashes to an earlier bucket than "zookeeper".
    assert answer(c.run("kubectl exec zk-1 -- zkCli.sh ls /").text).endswith("[hello, zookeeper]\n")
    changed = answer(c.run("kubectl exec zk-1 -- zkCli.sh set /hello there").text)
    # Each session is a transaction: five before this one's, the create among them.
    assert "cZxid = 0x100000003\n" in changed and "mZxid = 0x100000007\n" in changed and "dataVersion = 1\n" in changed


def test_a_server_without_a_quorum_takes_no_client():
    c = Cluster(ClusterSpec(nodes=4), seed=1)
    apply(c)
    c.run("sim advance 25s")  # zk-0 alone is Ready; zk-1 is starting
    out = c.run("kubectl exec zk-0 -- zkCli.sh get /hello")
    assert "Socket connection established to localhost/127.0.0.1:2181, initiating session\n" in out.text
    assert "likely server has closed socket, closing socket connection and attempting reconnect\n" in out.text
    assert "WATCHER::" not in out.text
    assert "was still running after 30s of virtual time" in out.text


def test_the_configuration_logging_and_processes_are_the_page_s():
    c = ensemble()
    sts = c.run("kubectl get sts zk -o yaml").text
    assert ("        - start-zookeeper --servers=3 --data_dir=/var/lib/zookeeper/data --data_log_dir=/var/lib/zookeeper/data/log\n"
            "          --conf_dir=/opt/zookeeper/conf --client_port=2181 --election_port=3888 --server_port=2888\n") in sts
    assert c.run("kubectl exec zk-0 -- cat /usr/etc/zookeeper/log4j.properties").text == (
        "zookeeper.root.logger=CONSOLE\nzookeeper.console.threshold=INFO\nlog4j.rootLogger=${zookeeper.root.logger}\n"
        "log4j.appender.CONSOLE=org.apache.log4j.ConsoleAppender\n"
        "log4j.appender.CONSOLE.Threshold=${zookeeper.console.threshold}\n"
        "log4j.appender.CONSOLE.layout=org.apache.log4j.PatternLayout\n"
        "log4j.appender.CONSOLE.layout.ConversionPattern=%d{ISO8601} [myid:%X{myid}] - %-5p [%t:%C{1}@%L] - %m%n\n")
    logs = c.run("kubectl logs zk-0 --tail 20").text.splitlines()
    assert len(logs) == 20
    # zookeeper-ready's ruok, twice every 10 s (the readiness and the liveness probe), as NIOServerCnxn logs it.
    pattern = re.compile(r"^2025-06-02 09:0\d:\d\d,\d{3} \[myid:1\] - INFO  \[(NIOServerCxn\.Factory:0\.0\.0\.0/0\.0\.0\.0:2181:"
                         r"NIOServerCnxn(Factory@192|@827)|Thread-\d+:NIOServerCnxn@1008)\] - (Accepted socket connection from|"
                         r"Processing ruok command from|Closed socket connection for client) /127\.0\.0\.1:\d+")
    assert all(pattern.match(line) for line in logs), logs
    assert sum("Processing ruok command" in line for line in logs) >= 6
    first = c.run("kubectl logs zk-0").text
    assert first.startswith("#This file was autogenerated DO NOT EDIT\nclientPort=2181\n")
    assert "Creating ZooKeeper log4j configuration\nZooKeeper JMX enabled by default\n" \
           "Using config: /usr/bin/../etc/zookeeper/zoo.cfg\n" in first
    # start-zookeeper execs zkServer.sh, which execs the JVM: it is PID 1, run as the zookeeper user.
    ps = c.run("kubectl exec zk-0 -- ps -ef").text.splitlines()
    assert ps[0] == "UID        PID  PPID  C STIME TTY          TIME CMD"
    assert ps[1].startswith("zookeep+     1     0  0 09:01 ?        00:00:00 /usr/lib/jvm/java-8-openjdk-amd64/bin/java "
                            "-Dzookeeper.log.dir=/var/log/zookeeper -Dzookeeper.root.logger=INFO,CONSOLE -cp ")
    assert ps[1].endswith(" -Xmx512M -Xms512M -Dcom.sun.management.jmxremote -Dcom.sun.management.jmxremote.local.only=false "
                          "org.apache.zookeeper.server.quorum.QuorumPeerMain /usr/bin/../etc/zookeeper/zoo.cfg")
    assert re.match(r"^zookeep\+ +\d+     0  0 09:02 \?        00:00:00 ps -ef$", ps[2])
    # -elf's long columns, laid out as procps does when SZ outgrows its column.
    elf = c.run("kubectl exec zk-0 -- ps -elf").text.splitlines()
    assert elf[0] == "F S UID        PID  PPID  C PRI  NI ADDR SZ WCHAN  STIME TTY          TIME CMD"
    assert elf[1].startswith("4 S zookeep+     1     0  0  80   0 - 760217 -     09:01 ?        00:00:00 /usr/lib/jvm/")
    assert re.match(r"^4 R zookeep\+ +\d+     0  0  80   0 -  8948 -      09:02 \?        00:00:00 ps -elf$", elf[2])


def test_killing_the_jvm_restarts_the_container_as_the_page_shows():
    c = ensemble()
    assert c.run("kubectl exec zk-0 -- pkill java").text == ""
    rows = watch_rows(c.run(f"kubectl get pod -w {SELECT}").text)
    assert rows[:3] == [["zk-0", "1/1", "Running", "0"], ["zk-1", "1/1", "Running", "0"], ["zk-2", "1/1", "Running", "0"]]
    assert [r[1:4] for r in rows[3:]] == [["0/1", "Error", "0"], ["0/1", "Running", "1"], ["1/1", "Running", "1"]]
    assert "Exit Code:    143\n" in c.run("kubectl describe pod zk-0").text
    assert c.run("kubectl exec zk-0 -- pkill nothing; echo $?").text == "command terminated with exit code 1\n1\n"


def test_the_zookeeper_user_may_not_remove_the_probe_s_script():
    c = ensemble()
    out = c.run("kubectl exec zk-0 -- rm /usr/bin/zookeeper-ready")
    assert out.text == "rm: cannot remove '/usr/bin/zookeeper-ready': Permission denied\ncommand terminated with exit code 1\n"
    c.run("sim advance 60s")
    assert c.run(f"kubectl get pods {SELECT}").text.splitlines()[1].split()[1:4] == ["1/1", "Running", "0"]


def test_a_rolling_update_replaces_the_servers_one_at_a_time_and_rolls_back():
    c = ensemble()
    assert c.run(PATCH).text == "statefulset.apps/zk patched\n"
    # kubectl 1.32's StatefulSetStatusViewer: apps/v1 defaults the partition to 0, so the rollout is "partitioned".
    assert c.run("kubectl rollout status sts/zk").text == (
        "Waiting for partitioned roll out to finish: 0 out of 3 new pods have been updated...\n"
        "Waiting for 1 pods to be ready...\n"
        "Waiting for partitioned roll out to finish: 1 out of 3 new pods have been updated...\n"
        "Waiting for 1 pods to be ready...\n"
        "Waiting for partitioned roll out to finish: 2 out of 3 new pods have been updated...\n"
        "Waiting for 1 pods to be ready...\n"
        "partitioned roll out complete: 3 new pods have been updated...\n")
    assert c.get("pods", "zk-0")["spec"]["containers"][0]["resources"]["requests"]["cpu"] == "300m"
    assert c.run("kubectl rollout history sts/zk").text == \
        "statefulset.apps/zk \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n"
    assert c.run("kubectl rollout undo sts/zk").text == "statefulset.apps/zk rolled back\n"
    c.run("kubectl rollout status sts/zk")
    assert c.get("pods", "zk-0")["spec"]["containers"][0]["resources"]["requests"]["cpu"] == "500m"


def test_draining_respects_the_budget_and_the_local_claims_keep_a_server_on_its_node():
    c = ensemble()
    assert c.run("kubectl cordon <node-name>").text == "bash: syntax error near unexpected token `newline'\n"
    assert c.run("kubectl get pdb zk-pdb").text.splitlines()[1].split()[:4] == ["zk-pdb", "N/A", "1", "1"]
    nodes = c.run('for i in 0 1 2; do kubectl get pod zk-$i --template {{.spec.nodeName}}; echo ""; done').text.split()
    assert len(set(nodes)) == 3
    drained = c.run("kubectl drain $(kubectl get pod zk-0 --template {{.spec.nodeName}}) "
                    "--ignore-daemonsets --force --delete-emptydir-data").text
    assert drained.startswith(f"node/{nodes[0]} cordoned\n")
    assert "evicting pod default/zk-0\n" in drained and "pod/zk-0 evicted\n" in drained
    assert drained.endswith(f"node/{nodes[0]} drained\n")
    c.run("sim advance 20s")
    # kind's local-path claim was made on that node, and its volume cannot leave it.
    events = c.run("kubectl describe pod zk-0").text
    assert "FailedScheduling" in events and "1 node(s) were unschedulable" in events
    assert "3 node(s) had volume node affinity conflict" in events
    # With zk-0 gone the budget allows no more disruption: the next drain retries every 5 s.
    refused = c.run("kubectl drain $(kubectl get pod zk-1 --template {{.spec.nodeName}}) "
                    "--ignore-daemonsets --force --delete-emptydir-data").text.splitlines()
    assert refused[0] == f"node/{nodes[1]} cordoned"
    assert RETRY.format(pod="zk-1") in refused
    assert refused.count("evicting pod default/zk-1") == refused.count(RETRY.format(pod="zk-1"))
    # Two of three servers still make a quorum: the service keeps answering.
    assert answer(c.run("kubectl exec zk-2 -- zkCli.sh ls /").text).endswith("[zookeeper]\n")
    assert c.run(f"kubectl uncordon {nodes[0]}").text == f"node/{nodes[0]} uncordoned\n"
    c.run("sim advance 60s")
    assert c.get("pods", "zk-0")["spec"]["nodeName"] == nodes[0]
    assert c.run("kubectl get pdb zk-pdb").text.splitlines()[1].split()[3] == "1"
    again = c.run("kubectl drain $(kubectl get pod zk-1 --template {{.spec.nodeName}}) "
                  "--ignore-daemonsets --force --delete-emptydir-data").text
    assert again.startswith(f"node/{nodes[1]} already cordoned\n") and again.endswith(f"node/{nodes[1]} drained\n")
    assert c.run(f"kubectl uncordon {nodes[1]}").text == f"node/{nodes[1]} uncordoned\n"


def test_with_the_labels_the_page_assumes_anti_affinity_keeps_the_servers_apart():
    c = ensemble(APP_ZK, nodes=2)
    rows = [r.split()[:3] for r in c.run("kubectl get pods -l app=zk").text.splitlines()[1:]]
    assert rows == [["zk-0", "1/1", "Running"], ["zk-1", "1/1", "Running"], ["zk-2", "0/1", "Pending"]]
    assert ("0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, "
            "2 node(s) didn't satisfy existing pods anti-affinity rules.") in c.run("kubectl describe pod zk-2").text
    # Without them the term selects nothing, and the third server shares a node.
    c = ensemble(ZK, nodes=2)
    assert [r.split()[2] for r in c.run(f"kubectl get pods {SELECT}").text.splitlines()[1:]] == ["Running"] * 3


def test_as_root_removing_the_probe_s_script_fails_the_liveness_probe_and_restarts_the_server():
    c = ensemble(ZK.replace("      securityContext:\n        runAsUser: 1000\n        fsGroup: 1000\n", ""))
    assert c.run("kubectl exec zk-0 -- rm /usr/bin/zookeeper-ready").text == ""
    rows = watch_rows(c.run(f"kubectl get pod -w {SELECT}").text)
    # The kubelet's SIGTERM ends the JVM with 143, so the container shows Error before it runs again.
    assert [r[1:4] for r in rows if r[0] == "zk-0"][1:] == [["0/1", "Error", "0"], ["0/1", "Running", "1"],
                                                            ["1/1", "Running", "1"]]
    described = c.run("kubectl describe pod zk-0").text
    assert "Liveness probe failed: sh: 1: zookeeper-ready: not found" in described
    assert "Container kubernetes-zookeeper failed liveness probe, will be restarted" in described
