"""kubernetes.io's "Run a Replicated Stateful Application" (MySQL with replicas), typed unchanged.

- kubernetes/website content/en/docs/tasks/run-application/run-replicated-stateful-application.md
Its three manifests (application/mysql/mysql-configmap.yaml, mysql-services.yaml,
mysql-statefulset.yaml) are pasted as a learner pastes them, ``cat <<'EOF' | kubectl apply -f -``
(the console host is offline, and the scripts' ``$`` must reach the API server unexpanded).

The three scripts run through the pods' shell over the pod's files: ``init-mysql`` writes
server-id.cnf and copies primary.cnf or replica.cnf from the ConfigMap volume, and mysqld reads
them (server-id 100 + ordinal, a binary log on mysql-0, super-read-only on the replicas);
``clone-mysql`` streams the previous pod's data with ncat and xbstream; the ``xtrabackup`` sidecar
waits for mysqld (its until loop is replayed as the cluster answers), starts replication with
CHANGE MASTER TO from the clone's position, and execs ncat to serve backups on 3307.

Where the page's transcript came from an older kubectl or another cluster: kubectl 1.32 prints no
``Waiting for pod default/mysql-client to be running ...`` line, and the claims here are kind's
local-path volumes, bound to their node, so a drained mysql-2 waits for its node to come back
rather than moving to another one as the page's cluster shows.
"""
import re

from clusters import Cluster

CONFIGMAP = """apiVersion: v1
kind: ConfigMap
metadata:
  name: mysql
  labels:
    app: mysql
    app.kubernetes.io/name: mysql
data:
  primary.cnf: |
    # Apply this config only on the primary.
    [mysqld]
    log-bin
  replica.cnf: |
    # Apply this config only on replicas.
    [mysqld]
    super-read-only
"""
SERVICES = """apiVersion: v1
kind: Service
metadata:
  name: mysql
  labels:
    app: mysql
    app.kubernetes.io/name: mysql
spec:
  ports:
  - name: mysql
    port: 3306
  clusterIP: None
  selector:
    app: mysql
---
apiVersion: v1
kind: Service
metadata:
  name: mysql-read
  labels:
    app: mysql
    app.kubernetes.io/name: mysql
    readonly: "true"
spec:
  ports:
  - name: mysql
    port: 3306
  selector:
    app: mysql
"""
STATEFULSET = """apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: mysql
spec:
  selector:
    matchLabels:
      app: mysql
      app.kubernetes.io/name: mysql
  serviceName: mysql
  replicas: 3
  template:
    metadata:
      labels:
        app: mysql
        app.kubernetes.io/name: mysql
    spec:
      initContainers:
      - name: init-mysql
        image: mysql:5.7
        command:
        - bash
        - "-c"
        - |
          set -ex
          # Generate mysql server-id from pod ordinal index.
          [[ $HOSTNAME =~ -([0-9]+)$ ]] || exit 1
          ordinal=${BASH_REMATCH[1]}
          echo [mysqld] > /mnt/conf.d/server-id.cnf
          # Add an offset to avoid reserved server-id=0 value.
          echo server-id=$((100 + $ordinal)) >> /mnt/conf.d/server-id.cnf
          # Copy appropriate conf.d files from config-map to emptyDir.
          if [[ $ordinal -eq 0 ]]; then
            cp /mnt/config-map/primary.cnf /mnt/conf.d/
          else
            cp /mnt/config-map/replica.cnf /mnt/conf.d/
          fi
        volumeMounts:
        - name: conf
          mountPath: /mnt/conf.d
        - name: config-map
          mountPath: /mnt/config-map
      - name: clone-mysql
        image: gcr.io/google-samples/xtrabackup:1.0
        command:
        - bash
        - "-c"
        - |
          set -ex
          # Skip the clone if data already exists.
          [[ -d /var/lib/mysql/mysql ]] && exit 0
          # Skip the clone on primary (ordinal index 0).
          [[ $HOSTNAME =~ -([0-9]+)$ ]] || exit 1
          ordinal=${BASH_REMATCH[1]}
          [[ $ordinal -eq 0 ]] && exit 0
          # Clone data from previous peer.
          ncat --recv-only mysql-$(($ordinal-1)).mysql 3307 | xbstream -x -C /var/lib/mysql
          # Prepare the backup.
          xtrabackup --prepare --target-dir=/var/lib/mysql
        volumeMounts:
        - name: data
          mountPath: /var/lib/mysql
          subPath: mysql
        - name: conf
          mountPath: /etc/mysql/conf.d
      containers:
      - name: mysql
        image: mysql:5.7
        env:
        - name: MYSQL_ALLOW_EMPTY_PASSWORD
          value: "1"
        ports:
        - name: mysql
          containerPort: 3306
        volumeMounts:
        - name: data
          mountPath: /var/lib/mysql
          subPath: mysql
        - name: conf
          mountPath: /etc/mysql/conf.d
        resources:
          requests:
            cpu: 500m
            memory: 1Gi
        livenessProbe:
          exec:
            command: ["mysqladmin", "ping"]
          initialDelaySeconds: 30
          periodSeconds: 10
          timeoutSeconds: 5
        readinessProbe:
          exec:
            # Check we can execute queries over TCP (skip-networking is off).
            command: ["mysql", "-h", "127.0.0.1", "-e", "SELECT 1"]
          initialDelaySeconds: 5
          periodSeconds: 2
          timeoutSeconds: 1
      - name: xtrabackup
        image: gcr.io/google-samples/xtrabackup:1.0
        ports:
        - name: xtrabackup
          containerPort: 3307
        command:
        - bash
        - "-c"
        - |
          set -ex
          cd /var/lib/mysql

          # Determine binlog position of cloned data, if any.
          if [[ -f xtrabackup_slave_info && "x$(<xtrabackup_slave_info)" != "x" ]]; then
            # XtraBackup already generated a partial "CHANGE MASTER TO" query
            # because we're cloning from an existing replica. (Need to remove the tailing semicolon!)
            cat xtrabackup_slave_info | sed -E 's/;$//g' > change_master_to.sql.in
            # Ignore xtrabackup_binlog_info in this case (it's useless).
            rm -f xtrabackup_slave_info xtrabackup_binlog_info
          elif [[ -f xtrabackup_binlog_info ]]; then
            # We're cloning directly from primary. Parse binlog position.
            [[ `cat xtrabackup_binlog_info` =~ ^(.*?)[[:space:]]+(.*?)$ ]] || exit 1
            rm -f xtrabackup_binlog_info xtrabackup_slave_info
            echo "CHANGE MASTER TO MASTER_LOG_FILE='${BASH_REMATCH[1]}',\\
                  MASTER_LOG_POS=${BASH_REMATCH[2]}" > change_master_to.sql.in
          fi

          # Check if we need to complete a clone by starting replication.
          if [[ -f change_master_to.sql.in ]]; then
            echo "Waiting for mysqld to be ready (accepting connections)"
            until mysql -h 127.0.0.1 -e "SELECT 1"; do sleep 1; done

            echo "Initializing replication from clone position"
            mysql -h 127.0.0.1 \\
                  -e "$(<change_master_to.sql.in), \\
                          MASTER_HOST='mysql-0.mysql', \\
                          MASTER_USER='root', \\
                          MASTER_PASSWORD='', \\
                          MASTER_CONNECT_RETRY=10; \\
                        START SLAVE;" || exit 1
            # In case of container restart, attempt this at-most-once.
            mv change_master_to.sql.in change_master_to.sql.orig
          fi

          # Start a server to send backups when requested by peers.
          exec ncat --listen --keep-open --send-only --max-conns=1 3307 -c \\
            "xtrabackup --backup --slave-info --stream=xbstream --host=127.0.0.1 --user=root"
        volumeMounts:
        - name: data
          mountPath: /var/lib/mysql
          subPath: mysql
        - name: conf
          mountPath: /etc/mysql/conf.d
        resources:
          requests:
            cpu: 100m
            memory: 100Mi
      volumes:
      - name: conf
        emptyDir: {}
      - name: config-map
        configMap:
          name: mysql
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 10Gi
"""
WRITE = """kubectl run mysql-client --image=mysql:5.7 -i --rm --restart=Never --\\
  mysql -h mysql-0.mysql <<EOF
CREATE DATABASE test;
CREATE TABLE test.messages (message VARCHAR(250));
INSERT INTO test.messages VALUES ('hello');
EOF"""
READ = """kubectl run mysql-client --image=mysql:5.7 -i -t --rm --restart=Never --\\
  mysql -h mysql-read -e "SELECT * FROM test.messages\""""
LOOP = """kubectl run mysql-client-loop --image=mysql:5.7 -i -t --rm --restart=Never --\\
  bash -ic "while sleep 1; do mysql -h mysql-read -e 'SELECT @@server_id,NOW()'; done\""""
HELLO = "+---------+\n| message |\n+---------+\n| hello   |\n+---------+\n"


def apply(c, manifest):
    return c.run(f"cat <<'EOF' | kubectl apply -f -\n{manifest}EOF")


def deployed(seed=3):
    c = Cluster(seed=seed)
    apply(c, CONFIGMAP)
    apply(c, SERVICES)
    apply(c, STATEFULSET)
    c.run("sim advance 90s")
    return c


def server_ids(text):
    """The @@server_id values of the loop's boxed results, in order."""
    return [int(v) for v in re.findall(r"^\|\s+(\d+) \| \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \|$", text, re.M)]


def test_it_starts_mysql_0_then_each_replica_once_the_one_before_is_ready():
    c = Cluster(seed=3)
    assert apply(c, CONFIGMAP).text == "configmap/mysql created\n"
    assert apply(c, SERVICES).text == "service/mysql created\nservice/mysql-read created\n"
    assert apply(c, STATEFULSET).text == "statefulset.apps/mysql created\n"
    rows = [line.split() for line in c.run("kubectl get pods -l app=mysql --watch").text.splitlines()[1:]]
    # Each pod goes through its two init containers, then its two containers become ready in turn.
    for name in ("mysql-0", "mysql-1", "mysql-2"):
        statuses = list(dict.fromkeys((r[1], r[2]) for r in rows if r[0] == name))  # each once, in order
        assert statuses == [("0/2", "Pending"), ("0/2", "Init:0/2"), ("0/2", "Init:1/2"), ("0/2", "PodInitializing"),
                            ("1/2", "Running"), ("2/2", "Running")]
    first = {name: next(i for i, r in enumerate(rows) if r[0] == name) for name in ("mysql-1", "mysql-2")}
    ready = {name: next(i for i, r in enumerate(rows) if r[0] == name and r[1] == "2/2") for name in ("mysql-0", "mysql-1")}
    assert ready["mysql-0"] < first["mysql-1"] and ready["mysql-1"] < first["mysql-2"]
    listed = c.run("kubectl get pods -l app=mysql").text.splitlines()
    assert [line.split()[:4] for line in listed] == [["NAME", "READY", "STATUS", "RESTARTS"],
                                                     ["mysql-0", "2/2", "Running", "0"],
                                                     ["mysql-1", "2/2", "Running", "0"],
                                                     ["mysql-2", "2/2", "Running", "0"]]


def test_init_mysql_s_script_writes_the_server_id_and_the_primary_or_replica_config():
    c = deployed()
    assert c.run("kubectl exec mysql-0 -c mysql -- cat /etc/mysql/conf.d/server-id.cnf").text == "[mysqld]\nserver-id=100\n"
    assert c.run("kubectl exec mysql-2 -c mysql -- cat /etc/mysql/conf.d/server-id.cnf").text == "[mysqld]\nserver-id=102\n"
    assert c.run("kubectl exec mysql-0 -c mysql -- ls /etc/mysql/conf.d").text == "primary.cnf\nserver-id.cnf\n"
    assert c.run("kubectl exec mysql-1 -c mysql -- ls /etc/mysql/conf.d").text == "replica.cnf\nserver-id.cnf\n"
    # set -x traces each command to the init container's log, as bash prints it
    assert c.run("kubectl logs mysql-1 -c init-mysql").text == (
        "+ [[ mysql-1 =~ -([0-9]+)$ ]]\n+ ordinal=1\n+ echo '[mysqld]'\n+ echo server-id=101\n+ [[ 1 -eq 0 ]]\n"
        "+ cp /mnt/config-map/replica.cnf /mnt/conf.d/\n")
    for n in range(3):
        out = c.run(f'kubectl exec mysql-{n} -c mysql -- mysql -h 127.0.0.1 -e "SELECT @@server_id"').text
        assert out == f"@@server_id\n{100 + n}\n"
    assert "Version: '5.7.44-log'" in c.run("kubectl logs mysql-0 -c mysql").text  # primary.cnf's log-bin
    assert c.run('kubectl exec mysql-0 -c mysql -- mysql -e "SELECT VERSION()"').text == "VERSION()\n5.7.44-log\n"
    assert "Version: '5.7.44'  socket" in c.run("kubectl logs mysql-1 -c mysql").text


def test_clone_mysql_streams_the_previous_pod_s_data_and_the_sidecar_starts_replication():
    c = deployed()
    assert c.run("kubectl logs mysql-0 -c clone-mysql").text.endswith("+ [[ 0 -eq 0 ]]\n+ exit 0\n")
    cloned = c.run("kubectl logs mysql-2 -c clone-mysql").text
    assert "+ ncat --recv-only mysql-1.mysql 3307\n+ xbstream -x -C /var/lib/mysql\n" in cloned
    assert cloned.endswith("completed OK!\n")
    side = c.run("kubectl logs mysql-1 -c xtrabackup").text.splitlines()
    assert side[0] == "+ cd /var/lib/mysql"
    waiting = side.index("Waiting for mysqld to be ready (accepting connections)")
    # it asks mysqld each second until it answers, then starts replication and serves backups
    assert side[waiting + 1:waiting + 4] == ["+ mysql -h 127.0.0.1 -e 'SELECT 1'",
                                             "ERROR 2003 (HY000): Can't connect to MySQL server on '127.0.0.1:3306' (111)",
                                             "+ sleep 1"]
    ready = side.index("Initializing replication from clone position")
    assert side[ready - 3:ready - 1] == ["1", "1"]  # SELECT 1's answer, batch mode
    assert side[-2:] == ["+ mv change_master_to.sql.in change_master_to.sql.orig",
                         "+ exec ncat --listen --keep-open --send-only --max-conns=1 3307 -c "
                         "'xtrabackup --backup --slave-info --stream=xbstream --host=127.0.0.1 --user=root'"]
    assert c.run("kubectl exec mysql-1 -c xtrabackup -- cat /var/lib/mysql/master.info").text == \
        "25\nmysql-0-bin.000001\n154\nmysql-0.mysql\nroot\n\n3306\n10\n"
    # mysql-1 cloned mysql-0, the primary: its binary log position; mysql-2 cloned a replica: its position
    assert c.run("kubectl exec mysql-1 -c xtrabackup -- cat /var/lib/mysql/change_master_to.sql.orig").text == \
        "CHANGE MASTER TO MASTER_LOG_FILE='mysql-0-bin.000001',        MASTER_LOG_POS=154\n"
    assert c.run("kubectl exec mysql-2 -c xtrabackup -- cat /var/lib/mysql/change_master_to.sql.orig").text == \
        "CHANGE MASTER TO MASTER_LOG_FILE='mysql-0-bin.000001', MASTER_LOG_POS=154\n"
    assert c.run("kubectl exec mysql-2 -c xtrabackup -- ls /var/lib/mysql").text.split() == \
        ["change_master_to.sql.orig", "ibdata1", "master.info", "mysql"]


def test_the_page_s_clients_write_on_mysql_0_and_read_the_row_through_mysql_read():
    c = deployed()
    out = c.run(WRITE)
    assert (out.text, out.exit_code) == ("If you don't see a command prompt, try pressing enter.\n"
                                         'pod "mysql-client" deleted\n', 0)
    out = c.run(READ)
    assert (out.text, out.exit_code) == (HELLO + 'pod "mysql-client" deleted\n', 0)
    for n in range(3):  # every replica has it, whichever one mysql-read chose
        assert c.run(f'kubectl exec mysql-{n} -c mysql -- mysql -h 127.0.0.1 -e "SELECT * FROM test.messages"').text \
            == "message\nhello\n"
    # only the primary takes writes: the replicas run with super-read-only
    out = c.run("kubectl exec mysql-1 -c mysql -- mysql -h 127.0.0.1 -e \"INSERT INTO test.messages VALUES ('x')\"")
    assert out.text == ("ERROR 1290 (HY000) at line 1: The MySQL server is running with the --super-read-only option "
                        "so it cannot execute this statement\ncommand terminated with exit code 1\n")


def test_the_server_id_loop_skips_mysql_2_while_its_readiness_probe_is_broken():
    c = deployed()
    c.run(WRITE)
    out = c.run(LOOP)
    assert out.text.startswith("+-------------+---------------------+\n| @@server_id | NOW()               |\n")
    assert out.text.endswith("This console is not a terminal: pod/mysql-client-loop keeps running after 30s; "
                             "'kubectl logs -f mysql-client-loop' shows more.\n"
                             "To stop it, as Ctrl-C would with --rm: 'kubectl delete pod mysql-client-loop'.\n")
    ids = server_ids(out.text)
    assert len(ids) == 30 and set(ids) == {100, 101, 102}  # a connection each second, to any ready pod
    assert c.run("kubectl exec mysql-2 -c mysql -- mv /usr/bin/mysql /usr/bin/mysql.off").text == ""
    c.run("sim advance 10s")
    assert c.run("kubectl get pod mysql-2").text.splitlines()[1].split()[:3] == ["mysql-2", "1/2", "Running"]
    assert ('Readiness probe failed: OCI runtime exec failed: exec failed: unable to start container process: '
            'exec: "mysql": executable file not found in $PATH: unknown') in c.run("kubectl describe pod mysql-2").text
    seen = len(c.run("kubectl logs mysql-client-loop").text)
    c.run("sim advance 40s")
    assert set(server_ids(c.run("kubectl logs mysql-client-loop").text[seen:])) == {100, 101}
    assert c.run("kubectl exec mysql-2 -c mysql -- mv /usr/bin/mysql.off /usr/bin/mysql").text == ""
    c.run("sim advance 10s")
    seen = len(c.run("kubectl logs mysql-client-loop").text)
    c.run("sim advance 40s")
    assert set(server_ids(c.run("kubectl logs mysql-client-loop").text[seen:])) == {100, 101, 102}


def test_a_deleted_mysql_2_comes_back_on_its_claim_with_its_data():
    c = deployed()
    c.run(WRITE)
    assert c.run("kubectl delete pod mysql-2").text == 'pod "mysql-2" deleted\n'
    c.run("sim advance 60s")
    assert c.run("kubectl get pod mysql-2").text.splitlines()[1].split()[:4] == ["mysql-2", "2/2", "Running", "0"]
    # the data directory was there: no clone, and the same server with the same row
    assert c.run("kubectl logs mysql-2 -c clone-mysql").text == "+ [[ -d /var/lib/mysql/mysql ]]\n+ exit 0\n"
    assert c.run('kubectl exec mysql-2 -c mysql -- mysql -h 127.0.0.1 -e "SELECT @@server_id; SELECT * FROM '
                 'test.messages"').text == "@@server_id\n102\nmessage\nhello\n"


def test_a_drained_node_s_mysql_pod_waits_for_it_as_its_local_volume_is_there():
    c = deployed()
    c.run(WRITE)
    wide = c.run("kubectl get pod mysql-2 -o wide").text.splitlines()
    assert wide[0].split()[:7] == ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE"]
    node = wide[1].split()[6]
    drained = c.run(f"kubectl drain {node} --force --delete-emptydir-data --ignore-daemonsets").text
    assert drained.startswith(f"node/{node} cordoned\n")
    assert "pod/mysql-2 evicted\n" in drained and drained.endswith(f"node/{node} drained\n")
    c.run("sim advance 30s")
    assert c.run("kubectl get pod mysql-2").text.splitlines()[1].split()[1:3] == ["0/2", "Pending"]
    assert "had volume node affinity conflict" in c.run("kubectl describe pod mysql-2").text
    assert c.run(f"kubectl uncordon {node}").text == f"node/{node} uncordoned\n"
    rows = c.run("kubectl get pod mysql-2 -o wide --watch").text.splitlines()
    assert rows[-1].split()[1:3] == ["2/2", "Running"] and rows[-1].split()[6] == node
    assert c.run('kubectl exec mysql-2 -c mysql -- mysql -h 127.0.0.1 -e "SELECT * FROM test.messages"').text == \
        "message\nhello\n"


def test_scaling_to_five_clones_the_new_replicas_and_leaves_their_claims_when_scaled_back():
    c = deployed()
    c.run(WRITE)
    assert c.run("kubectl scale statefulset mysql  --replicas=5").text == "statefulset.apps/mysql scaled\n"
    rows = [line.split() for line in c.run("kubectl get pods -l app=mysql --watch").text.splitlines()[1:]]
    assert [r[1:3] for r in rows if r[0] == "mysql-4"][-1] == ["2/2", "Running"]
    out = c.run("kubectl run mysql-client --image=mysql:5.7 -i -t --rm --restart=Never --\\\n"
                '  mysql -h mysql-3.mysql -e "SELECT * FROM test.messages"')
    assert out.text == HELLO + 'pod "mysql-client" deleted\n'
    for n in (3, 4):
        assert c.run(f'kubectl exec mysql-{n} -c mysql -- mysql -h 127.0.0.1 -e "SELECT @@server_id"').text == \
            f"@@server_id\n{100 + n}\n"
    assert c.run("kubectl scale statefulset mysql --replicas=3").text == "statefulset.apps/mysql scaled\n"
    c.run("sim advance 60s")
    assert len(c.run("kubectl get pods -l app=mysql").text.splitlines()) == 4
    claims = [line.split() for line in c.run("kubectl get pvc -l app=mysql").text.splitlines()]
    assert claims[0][:2] == ["NAME", "STATUS"]
    assert [(r[0], r[1], r[3], r[4]) for r in claims[1:]] == [(f"data-mysql-{n}", "Bound", "10Gi", "RWO") for n in range(5)]
    assert c.run("kubectl delete pvc data-mysql-3 data-mysql-4").text == \
        'persistentvolumeclaim "data-mysql-3" deleted\npersistentvolumeclaim "data-mysql-4" deleted\n'


def test_the_cleanup_removes_the_loop_the_statefulset_and_everything_labelled_app_mysql():
    c = deployed()
    c.run(LOOP)
    assert c.run("kubectl delete pod mysql-client-loop --now").text == 'pod "mysql-client-loop" deleted\n'
    assert c.run("kubectl delete statefulset mysql").text == 'statefulset.apps "mysql" deleted\n'
    c.run("sim advance 60s")
    assert c.run("kubectl get pods -l app=mysql").text == "No resources found in default namespace.\n"
    assert c.run("kubectl delete configmap,service,pvc -l app=mysql").text == (
        'configmap "mysql" deleted\nservice "mysql" deleted\nservice "mysql-read" deleted\n'
        'persistentvolumeclaim "data-mysql-0" deleted\npersistentvolumeclaim "data-mysql-1" deleted\n'
        'persistentvolumeclaim "data-mysql-2" deleted\n')
