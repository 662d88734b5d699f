"""kubernetes.io's "Exposing an External IP Address to Access an Application in a Cluster", typed unchanged.

- kubernetes/website content/en/docs/tutorials/stateless-application/expose-external-ip-address.md
The page's load-balancer-example Deployment is pasted (written here to describe the same object: five
hello-world pods on gcr.io/google-samples/hello-app:2.0, port 8080; the page's older revision ran
gcr.io/google-samples/node-hello:1.0). kind runs no cloud controller: the LoadBalancer Service keeps
EXTERNAL-IP <pending>, describe has no "LoadBalancer Ingress" line and no events, and the application
answers on the Service's NodePort at a node's address instead.
"""
import pytest

from clusters import Cluster

HELLO_WORLD = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello-world
  labels:
    app.kubernetes.io/name: load-balancer-example
spec:
  replicas: 5
  selector:
    matchLabels:
      app.kubernetes.io/name: load-balancer-example
  template:
    metadata:
      labels:
        app.kubernetes.io/name: load-balancer-example
    spec:
      containers:
      - name: hello-world
        image: {image}
        ports:
        - containerPort: 8080
"""


def rows(text):
    return [line.split() for line in text.splitlines()[1:]]


def exposed(image="gcr.io/google-samples/hello-app:2.0"):
    c = Cluster(seed=3)
    assert c.run(f"cat <<EOF | kubectl apply -f -\n{HELLO_WORLD.format(image=image)}EOF").text == \
        "deployment.apps/hello-world created\n"
    c.run("sim advance 30s")
    assert c.run("kubectl expose deployment hello-world --type=LoadBalancer --name=my-service").text == \
        "service/my-service exposed\n"
    return c


def test_it_runs_five_hello_world_pods_in_one_replicaset():
    c = exposed()
    assert rows(c.run("kubectl get deployments hello-world").text)[0][:4] == ["hello-world", "5/5", "5", "5"]
    described = c.run("kubectl describe deployments hello-world").text
    assert "Replicas:               5 desired | 5 updated | 5 total | 5 available | 0 unavailable\n" in described
    assert "Labels:                 app.kubernetes.io/name=load-balancer-example\n" in described
    [rs] = rows(c.run("kubectl get replicasets").text)
    assert rs[0].startswith("hello-world-") and rs[1:4] == ["5", "5", "5"]
    rs_described = c.run("kubectl describe replicasets").text
    assert "Controlled By:  Deployment/hello-world\n" in rs_described
    assert "Pods Status:    5 Running / 0 Waiting / 0 Succeeded / 0 Failed\n" in rs_described
    assert rs_described.count("SuccessfulCreate") == 5


def test_the_load_balancer_stays_pending_on_kind_and_describe_shows_no_ingress():
    c = exposed()
    c.run("sim advance 60s")  # "wait for a minute and enter the same command again"
    [svc] = rows(c.run("kubectl get services my-service").text)
    assert svc[:4] == ["my-service", "LoadBalancer", svc[2], "<pending>"]
    assert svc[4].startswith("8080:") and svc[4].endswith("/TCP")
    described = c.run("kubectl describe services my-service").text
    node_port = svc[4].split(":")[1].split("/")[0]
    assert "Labels:                   app.kubernetes.io/name=load-balancer-example\n" in described
    assert "Type:                     LoadBalancer\n" in described
    assert "Port:                     <unset>  8080/TCP\n" in described
    assert f"NodePort:                 <unset>  {node_port}/TCP\n" in described
    assert "LoadBalancer Ingress" not in described
    assert described.endswith("Events:                   <none>\n")
    # The endpoints are the pods' addresses, three shown "+ 2 more...", as on the page.
    line = next(line for line in described.splitlines() if line.startswith("Endpoints:"))
    assert line.endswith(" + 2 more...")
    shown = line.split()[1].split(",")
    pod_ips = {r[5] for r in rows(c.run("kubectl get pods --output=wide").text)}
    assert len(shown) == 3 and {e.split(":")[0] for e in shown} <= pod_ips and all(e.endswith(":8080") for e in shown)


@pytest.mark.parametrize("image, answer", [
    ("gcr.io/google-samples/hello-app:2.0", "Hello, world!\nVersion: 2.0.0\nHostname: hello-world-"),
    ("gcr.io/google-samples/node-hello:1.0", "Hello Kubernetes!"),
])
def test_the_application_answers_on_the_node_port_a_load_balancer_would_forward_to(image, answer):
    c = exposed(image)
    node_port = rows(c.run("kubectl get services my-service").text)[0][4].split(":")[1].split("/")[0]
    node_ip = rows(c.run("kubectl get nodes -o wide").text)[1][5]
    assert c.run(f"curl http://{node_ip}:{node_port}").text.startswith(answer)
    # The page's curl to <external-ip>: there is none; the ClusterIP is out of the console host's reach.
    cluster_ip = rows(c.run("kubectl get services my-service").text)[0][2]
    assert c.run(f"curl -m 2 http://{cluster_ip}:8080").text.startswith("curl: (28) ")


def test_it_cleans_up():
    c = exposed()
    assert c.run("kubectl delete services my-service").text == 'service "my-service" deleted\n'
    assert c.run("kubectl delete deployment hello-world").text == 'deployment.apps "hello-world" deleted\n'
    c.run("sim advance 60s")
    assert c.run("kubectl get pods").text == "No resources found in default namespace.\n"
