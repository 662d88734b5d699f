"""Two kubernetes.io pages on reaching an application through Services, typed unchanged.

- kubernetes/website content/en/docs/tasks/access-application-cluster/service-access-application-cluster.md
- kubernetes/website content/en/docs/tasks/access-application-cluster/connecting-frontend-backend.md

The console host is offline, so a learner pastes each page's manifest into a heredoc; the
manifests below are written here to describe the same objects. Names, ages and addresses differ
from the pages. The simulated cluster is a kind cluster: a node's "public" address is its
INTERNAL-IP, reachable from the console host, and a LoadBalancer's EXTERNAL-IP stays <pending>
(no cloud provider), so the frontend is reached on its NodePort instead of ``${EXTERNAL_IP}``.
The first page's "Hello Kubernetes!" predates hello-app:2.0, which answers as asserted here.
"""
import re

from clusters import Cluster

HELLO_WORLD = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello-world
spec:
  replicas: 2
  selector:
    matchLabels:
      run: load-balancer-example
  template:
    metadata:
      labels:
        run: load-balancer-example
    spec:
      containers:
      - name: hello-world
        image: us-docker.pkg.dev/google-samples/containers/gke/hello-app:2.0
        ports:
        - containerPort: 8080
          protocol: TCP
"""

BACKEND = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: backend
spec:
  replicas: 3
  selector:
    matchLabels:
      app.kubernetes.io/name: hello
      tier: backend
      track: stable
  template:
    metadata:
      labels:
        app.kubernetes.io/name: hello
        tier: backend
        track: stable
    spec:
      containers:
      - name: hello
        image: gcr.io/google-samples/hello-go-gke:1.0
        ports:
        - name: http
          containerPort: 80
"""

BACKEND_SERVICE = """apiVersion: v1
kind: Service
metadata:
  name: hello
spec:
  selector:
    app.kubernetes.io/name: hello
    tier: backend
  ports:
  - protocol: TCP
    port: 80
    targetPort: http
"""

FRONTEND = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: frontend
spec:
  replicas: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: hello
      tier: frontend
      track: stable
  template:
    metadata:
      labels:
        app.kubernetes.io/name: hello
        tier: frontend
        track: stable
    spec:
      containers:
      - name: nginx
        image: gcr.io/google-samples/hello-frontend:1.0
        lifecycle:
          preStop:
            exec:
              command: ["/usr/sbin/nginx", "-s", "quit"]
"""

FRONTEND_SERVICE = """apiVersion: v1
kind: Service
metadata:
  name: frontend
spec:
  type: LoadBalancer
  selector:
    app.kubernetes.io/name: hello
    tier: frontend
  ports:
  - protocol: TCP
    port: 80
    targetPort: 80
"""


def apply(c: Cluster, manifest: str) -> str:
    return c.run(f"cat <<EOF | kubectl apply -f -\n{manifest}EOF").text


def node_ip(c: Cluster, node: str) -> str:
    return c.run(f"kubectl get node {node} -o jsonpath='{{.status.addresses[0].address}}'").text


def test_it_reaches_hello_world_on_a_node_port_from_outside_the_cluster():
    c = Cluster(seed=3)
    assert apply(c, HELLO_WORLD) == "deployment.apps/hello-world created\n"
    c.run("sim advance 30s")
    assert c.run("kubectl get deployments hello-world").text.splitlines()[1].split()[:4] == \
        ["hello-world", "2/2", "2", "2"]
    assert "Replicas:               2 desired | 2 updated | 2 total | 2 available | 0 unavailable\n" in \
        c.run("kubectl describe deployments hello-world").text
    rs = c.run("kubectl get replicasets").text.splitlines()[1].split()
    assert re.fullmatch(r"hello-world-[a-z0-9]+", rs[0]) and rs[1:4] == ["2", "2", "2"]
    assert "Pods Status:    2 Running / 0 Waiting / 0 Succeeded / 0 Failed\n" in c.run("kubectl describe replicasets").text

    assert c.run("kubectl expose deployment hello-world --type=NodePort --name=example-service").text == \
        "service/example-service exposed\n"
    described = c.run("kubectl describe services example-service").text
    assert "Type:                     NodePort\n" in described and "Port:                     <unset>  8080/TCP\n" in described
    node_port = re.search(r"NodePort:                 <unset>  (\d+)/TCP\n", described).group(1)
    pods = [r.split() for r in c.run('kubectl get pods --selector="run=load-balancer-example" --output=wide').text.splitlines()[1:]]
    assert [p[2] for p in pods] == ["Running", "Running"]
    assert "Endpoints:                " + ",".join(sorted(f"{p[5]}:8080" for p in pods)) + "\n" in described

    # curl http://<public-node-ip>:<node-port>, from the learner's machine next to the kind nodes
    answer = c.run(f"curl http://{node_ip(c, pods[0][6])}:{node_port}").text
    assert re.fullmatch(r"Hello, world!\nVersion: 2\.0\.0\nHostname: hello-world-[a-z0-9]+-[a-z0-9]{5}\n", answer)
    assert answer.split("Hostname: ")[1].strip() in [p[0] for p in pods]
    logs = c.run("kubectl logs -l run=load-balancer-example").text
    assert logs.count("Server listening on port 8080\n") == 2 and "Serving request: /\n" in logs

    assert c.run("kubectl delete services example-service").text == 'service "example-service" deleted\n'
    assert c.run("kubectl delete deployment hello-world").text == 'deployment.apps "hello-world" deleted\n'


def test_it_connects_the_frontend_to_the_backend_through_the_hello_service():
    c = Cluster(seed=3)
    assert apply(c, BACKEND) == "deployment.apps/backend created\n"
    c.run("sim advance 30s")
    described = c.run("kubectl describe deployment backend").text
    for line in ("Selector:               app.kubernetes.io/name=hello,tier=backend,track=stable\n",
                 "Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable\n",
                 "    Image:         gcr.io/google-samples/hello-go-gke:1.0\n", "    Port:          80/TCP\n",
                 "  Available      True    MinimumReplicasAvailable\n", "  Progressing    True    NewReplicaSetAvailable\n"):
        assert line in described
    assert apply(c, BACKEND_SERVICE) == "service/hello created\n"
    assert apply(c, FRONTEND) == "deployment.apps/frontend created\n"
    assert apply(c, FRONTEND_SERVICE) == "service/frontend created\n"
    c.run("sim advance 30s")

    row = c.run("kubectl get service frontend").text.splitlines()[1].split()
    assert row[:2] == ["frontend", "LoadBalancer"] and row[3] == "<pending>"
    node_port = re.fullmatch(r"80:(\d+)/TCP", row[4]).group(1)
    frontend = c.run("kubectl get pods -l tier=frontend").text.splitlines()[1].split()
    assert frontend[1:4] == ["1/1", "Running", "0"]
    # nginx proxies to the Service named hello, which answers from one of the backend's pods
    assert c.run(f"curl http://{node_ip(c, 'node-2')}:{node_port}").text == '{"message":"Hello"}'
    head = c.run(f"curl -i http://{node_ip(c, 'node-1')}:{node_port}").text
    assert head.startswith("HTTP/1.1 200 OK\r\nServer: nginx/") and "Content-Type: application/json\r\n" in head
    assert '"GET / HTTP/1.1" 200 19' in c.run("kubectl logs deploy/frontend").text

    assert c.run("kubectl delete services frontend hello").text == 'service "frontend" deleted\nservice "hello" deleted\n'
    assert c.run("kubectl delete deployment frontend backend").text == \
        'deployment.apps "frontend" deleted\ndeployment.apps "backend" deleted\n'
    c.run("sim advance 40s")
    assert c.run("kubectl get pods").text == "No resources found in default namespace.\n"


def test_a_frontend_started_before_its_backend_service_crashes_until_the_name_resolves():
    c = Cluster(seed=3)
    apply(c, FRONTEND)
    c.run("sim advance 20s")
    status = c.run("kubectl get pods -l tier=frontend").text.splitlines()[1].split()[2]
    assert status in ("Error", "CrashLoopBackOff")
    assert 'nginx: [emerg] host not found in upstream "hello" in ' in c.run("kubectl logs deploy/frontend").text
    apply(c, BACKEND)
    apply(c, BACKEND_SERVICE)
    c.run("sim advance 5m")  # the next restart after the back-off finds the name
    assert c.run("kubectl get pods -l tier=frontend").text.splitlines()[1].split()[1:3] == ["1/1", "Running"]
