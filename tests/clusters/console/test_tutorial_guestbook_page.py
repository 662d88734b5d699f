"""kubernetes.io's "Example: Deploying PHP Guestbook application with Redis", typed unchanged.

- kubernetes/website content/en/docs/tutorials/stateless-application/guestbook.md
The page's six manifests are pasted; the ones below are written here to describe the same objects (the
Redis leader on docker.io/redis:6.0.5, two followers on gb-redis-follower:v2, three gb-frontend:v5 PHP
frontends, a Service for each; the redis Deployments select on app: redis alone, as the page's do).
What Redis logs is redis 6.0.5's own (src/server.c, replication.c, rdb.c at tag 6.0.5); what the
frontend answers is guestbook.php's (GoogleCloudPlatform/kubernetes-engine-samples guestbook/php-redis).
Names, ages and IPs differ from the page.
"""
import re

from clusters import Cluster

LEADER = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: redis-leader
  labels:
    app: redis
    role: leader
    tier: backend
spec:
  replicas: 1
  selector:
    matchLabels:
      app: redis
  template:
    metadata:
      labels:
        app: redis
        role: leader
        tier: backend
    spec:
      containers:
      - name: leader
        image: "docker.io/redis:6.0.5"
        resources:
          requests:
            cpu: 100m
            memory: 100Mi
        ports:
        - containerPort: 6379
"""
FOLLOWER = LEADER.replace("redis-leader", "redis-follower").replace("role: leader", "role: follower") \
    .replace("replicas: 1", "replicas: 2").replace("name: leader", "name: follower") \
    .replace('"docker.io/redis:6.0.5"', "us-docker.pkg.dev/google-samples/containers/gke/gb-redis-follower:v2")


def service(name: str, role: str) -> str:
    return f"""apiVersion: v1
kind: Service
metadata:
  name: {name}
  labels:
    app: redis
    role: {role}
    tier: backend
spec:
  ports:
  - port: 6379
    targetPort: 6379
  selector:
    app: redis
    role: {role}
    tier: backend
"""


FRONTEND = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: frontend
spec:
  replicas: 3
  selector:
    matchLabels:
        app: guestbook
        tier: frontend
  template:
    metadata:
      labels:
        app: guestbook
        tier: frontend
    spec:
      containers:
      - name: php-redis
        image: us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5
        env:
        - name: GET_HOSTS_FROM
          value: "dns"
        resources:
          requests:
            cpu: 100m
            memory: 100Mi
        ports:
        - containerPort: 80
"""
FRONTEND_SERVICE = """apiVersion: v1
kind: Service
metadata:
  name: frontend
  labels:
    app: guestbook
    tier: frontend
spec:
  # type: LoadBalancer
  ports:
  - port: 80
  selector:
    app: guestbook
    tier: frontend
"""
REDIS_LINE = re.compile(r"^(\d+):([CMS]) \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d\.\d{3} ([*#]) (.*)$")


def apply(c, manifest):
    return c.run(f"cat <<EOF | kubectl apply -f -\n{manifest}EOF").text


def rows(text):
    return [line.split() for line in text.splitlines()[1:]]


def messages(log: str) -> list[tuple[str, str, str]]:
    """(role, level, message) of each line, every line in redis's serverLog format."""
    out = []
    for line in log.splitlines():
        m = REDIS_LINE.match(line)
        assert m, line
        out.append((m.group(2), m.group(3), m.group(4)))
    return out


def guestbook(seed=3):
    c = Cluster(seed=seed)
    assert apply(c, LEADER) == "deployment.apps/redis-leader created\n"
    c.run("sim advance 15s")
    assert apply(c, service("redis-leader", "leader")) == "service/redis-leader created\n"
    assert apply(c, FOLLOWER) == "deployment.apps/redis-follower created\n"
    c.run("sim advance 30s")
    assert apply(c, service("redis-follower", "follower")) == "service/redis-follower created\n"
    assert apply(c, FRONTEND) == "deployment.apps/frontend created\n"
    c.run("sim advance 30s")
    assert apply(c, FRONTEND_SERVICE) == "service/frontend created\n"
    return c


def test_it_starts_the_redis_leader_whose_log_is_redis_6_0_5s_start_up_server_c():
    c = Cluster(seed=3)
    assert c.run("kubectl apply -f https://k8s.io/examples/application/guestbook/redis-leader-deployment.yaml").text \
        .startswith('error: Get "https://k8s.io/examples/application/guestbook/redis-leader-deployment.yaml": ')
    apply(c, LEADER)
    c.run("sim advance 15s")
    [pod] = rows(c.run("kubectl get pods").text)
    assert pod[0].startswith("redis-leader-") and pod[1:4] == ["1/1", "Running", "0"]
    # docker.io/redis is Docker Hub's library/redis: the image pulls.
    assert 'Successfully pulled image "docker.io/redis:6.0.5"' in c.run(f"kubectl describe pod {pod[0]}").text
    log = c.run("kubectl logs -f deployment/redis-leader").text
    assert messages(log) == [
        ("C", "#", "oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo"),
        ("C", "#", "Redis version=6.0.5, bits=64, commit=00000000, modified=0, pid=1, just started"),
        ("C", "#", "Warning: no config file specified, using the default config. In order to specify a config file "
                   "use redis-server /path/to/redis.conf"),
        ("M", "*", "Running mode=standalone, port=6379."),
        ("M", "#", "Server initialized"),
        ("M", "#", "WARNING overcommit_memory is set to 0! Background save may fail under low memory condition. To "
                   "fix this issue add 'vm.overcommit_memory = 1' to /etc/sysctl.conf and then reboot or run the "
                   "command 'sysctl vm.overcommit_memory=1' for this to take effect."),
        ("M", "*", "Ready to accept connections"),
    ]


def test_it_lists_the_services_and_pods_the_page_shows():
    c = guestbook()
    services = rows(c.run("kubectl get services").text)
    assert [(r[0], r[1], r[3], r[4]) for r in services] == [
        ("frontend", "ClusterIP", "<none>", "80/TCP"), ("kubernetes", "ClusterIP", "<none>", "443/TCP"),
        ("redis-follower", "ClusterIP", "<none>", "6379/TCP"), ("redis-leader", "ClusterIP", "<none>", "6379/TCP")]
    # `-l app=guestbook -l tier=frontend`: the last -l wins, as kubectl's string flag keeps it.
    frontends = rows(c.run("kubectl get pods -l app=guestbook -l tier=frontend").text)
    assert len(frontends) == 3 and all(r[0].startswith("frontend-") and r[1:3] == ["1/1", "Running"] for r in frontends)
    pods = rows(c.run("kubectl get pods").text)
    assert [r[0].rsplit("-", 2)[0] for r in pods] == ["frontend"] * 3 + ["redis-follower"] * 2 + ["redis-leader"]


def test_it_syncs_each_follower_with_the_leader_and_both_log_it_replication_c():
    c = guestbook()
    followers = [r[0] for r in rows(c.run("kubectl get pods -l role=follower -o wide").text)]
    ips = {r[0]: r[5] for r in rows(c.run("kubectl get pods -o wide").text)}
    follower = messages(c.run(f"kubectl logs {followers[0]}").text)
    assert follower[2] == ("C", "#", "Configuration loaded")  # run.sh passes --replicaof: argc > 1
    assert all(role == "S" for role, _, _ in follower[3:])
    said = [m for _, _, m in follower]
    assert said[said.index("Ready to accept connections") + 1:] == [
        "Connecting to MASTER redis-leader:6379", "MASTER <-> REPLICA sync started",
        "Non blocking connect for SYNC fired the event.", "Master replied to PING, replication can continue...",
        "Partial resynchronization not possible (no cached master)", said[said.index("Ready to accept connections") + 6],
        "MASTER <-> REPLICA sync: receiving 175 bytes from master to disk", "MASTER <-> REPLICA sync: Flushing old data",
        "MASTER <-> REPLICA sync: Loading DB in memory", "Loading RDB produced by version 6.0.5", "RDB age 0 seconds",
        "RDB memory usage when created 1.83 Mb", "MASTER <-> REPLICA sync: Finished with success"]
    replid = re.fullmatch(r"Full resync from master: ([0-9a-f]{40}):0", said[said.index("Ready to accept connections") + 6])
    assert replid
    leader = c.run("kubectl logs -l role=leader --tail=-1").text
    first, second = (f"{ips[f]}:6379" for f in followers)
    assert f"* Replication backlog created, my new replication IDs are '{replid.group(1)}' and '{'0' * 40}'" in leader
    for replica in (first, second):
        assert f"* Replica {replica} asks for synchronization" in leader
        assert f"* Synchronization with replica {replica} succeeded" in leader
    # The BGSAVE child logs as role C under its own pid.
    assert re.search(r"^(\d+):C .* \* DB saved on disk$", leader, re.M).group(1) != "1"


def test_it_serves_the_guestbook_through_port_forward_storing_in_the_leader_and_reading_from_followers():
    c = guestbook()
    out = c.run("kubectl port-forward svc/frontend 8080:80").text
    assert out.startswith("Forwarding from 127.0.0.1:8080 -> 80\nForwarding from [::1]:8080 -> 80\n")
    page = c.run("curl -s http://localhost:8080").text
    assert "<title>Guestbook</title>" in page and "<h2>Guestbook</h2>" in page
    assert c.run("curl -s 'http://localhost:8080/guestbook.php?cmd=get'").text == \
        'Handling connection for 8080\n{"data": ""}'
    assert c.run("curl -s 'http://localhost:8080/guestbook.php?cmd=set&value=hello,kubelab'").text == \
        'Handling connection for 8080\n{"message": "Updated"}'
    # Every frontend reads the same entries: they were written to the leader and read from a follower.
    for _ in range(3):
        assert c.run("curl -s 'http://localhost:8080/guestbook.php?cmd=get'").text.endswith('{"data": "hello,kubelab"}')
    head = c.run("curl -sI 'http://localhost:8080/guestbook.php?cmd=get'").text
    assert "Server: Apache/2.4.38 (Debian)\r\nX-Powered-By: PHP/7.4.7\r\n" in head
    assert "Content-Type: application/json\r\n" in head
    # The frontend logs each request in Apache's combined format.
    assert '"GET /guestbook.php?cmd=set&value=hello,kubelab HTTP/1.1" 200 22 "-" "curl/8.11.1"' in \
        c.run("kubectl logs -l app=guestbook --tail=-1").text


def test_it_reaches_the_guestbook_on_a_node_port_when_the_service_is_a_load_balancer_on_kind():
    c = guestbook()
    assert c.run("kubectl delete service frontend").text == 'service "frontend" deleted\n'
    assert apply(c, FRONTEND_SERVICE.replace("  # type: LoadBalancer", "  type: LoadBalancer")) == \
        "service/frontend created\n"
    [svc] = rows(c.run("kubectl get service frontend").text)
    assert svc[1:4:2] == ["LoadBalancer", "<pending>"]  # kind has no cloud load balancer
    port = svc[4].split(":")[1].split("/")[0]
    node_ip = rows(c.run("kubectl get nodes -o wide").text)[1][5]
    c.run(f"curl -s 'http://{node_ip}:{port}/guestbook.php?cmd=set&value=from+a+node+port'")
    assert c.run(f"curl -s 'http://{node_ip}:{port}/guestbook.php?cmd=get'").text == '{"data": "from a node port"}'


def test_it_shows_predis_errors_when_redis_is_out_of_reach():
    c = guestbook()
    c.run("kubectl delete service redis-follower")
    c.run("kubectl port-forward svc/frontend 8080:80")
    out = c.run("curl -s 'http://localhost:8080/guestbook.php?cmd=get'").text
    assert "<b>Fatal error</b>:  Uncaught Predis\\Connection\\ConnectionException: php_network_getaddresses: " \
           "getaddrinfo failed: Name or service not known [tcp://redis-follower:6379]" in out
    # Writes still go to the leader.
    assert c.run("curl -s 'http://localhost:8080/guestbook.php?cmd=set&value=x'").text.endswith('{"message": "Updated"}')


def test_it_scales_the_frontend_up_and_down():
    c = guestbook()
    assert c.run("kubectl scale deployment frontend --replicas=5").text == "deployment.apps/frontend scaled\n"
    c.run("sim advance 20s")
    pods = rows(c.run("kubectl get pods").text)
    assert [r[0].rsplit("-", 2)[0] for r in pods].count("frontend") == 5
    assert all(r[2] == "Running" for r in pods)
    assert c.run("kubectl scale deployment frontend --replicas=2").text == "deployment.apps/frontend scaled\n"
    c.run("sim advance 40s")
    pods = rows(c.run("kubectl get pods").text)
    assert [r[0].rsplit("-", 2)[0] for r in pods] == ["frontend"] * 2 + ["redis-follower"] * 2 + ["redis-leader"]


def test_it_cleans_up_with_label_selectors():
    c = guestbook()
    assert c.run("kubectl delete deployment -l app=redis").text == \
        'deployment.apps "redis-follower" deleted\ndeployment.apps "redis-leader" deleted\n'
    assert c.run("kubectl delete service -l app=redis").text == \
        'service "redis-follower" deleted\nservice "redis-leader" deleted\n'
    assert c.run("kubectl delete deployment frontend").text == 'deployment.apps "frontend" deleted\n'
    assert c.run("kubectl delete service frontend").text == 'service "frontend" deleted\n'
    c.run("sim advance 60s")
    assert c.run("kubectl get pods").text == "No resources found in default namespace.\n"


def test_a_deleted_redis_logs_its_shutdown_server_c_prepare_for_shutdown():
    c = guestbook()
    [leader] = [r[0] for r in rows(c.run("kubectl get pods -l role=leader").text)]
    # redis saves and exits within a tenth of a second of SIGTERM: read its log at once.
    tail = c.run(f"kubectl delete pod {leader} --wait=false; kubectl logs {leader} --tail=5").text.splitlines()[1:]
    assert re.fullmatch(r"1:signal-handler \(\d{10}\) Received SIGTERM scheduling shutdown\.\.\.", tail[0])
    assert [m for _, _, m in messages("\n".join(tail[1:]))] == [
        "User requested shutdown...", "Saving the final RDB snapshot before exiting.", "DB saved on disk",
        "Redis is now ready to exit, bye bye..."]
