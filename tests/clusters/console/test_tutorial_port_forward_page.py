"""kubernetes.io's "Use Port Forwarding to Access Applications in a Cluster", typed unchanged.

- kubernetes/website content/en/docs/tasks/access-application-cluster/port-forward-access-application-cluster.md
The page's MongoDB Deployment and Service are pasted (the manifests below are written here to describe
the same objects: mongo:4.2 told to bind 0.0.0.0, a Service on 27017). kubectl port-forward prints the
page's lines and keeps forwarding in the background (there is one terminal); the console host has no
mongosh, so bash says so, and curl on the forwarded port gets what mongod answers to HTTP on its
driver port. What kubectl prints is client-go's (tools/portforward/portforward.go, kubectl
pkg/cmd/portforward/portforward.go 1.32).
"""
from clusters import Cluster

MONGO = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: mongo
  labels:
    app.kubernetes.io/name: mongo
    app.kubernetes.io/component: backend
spec:
  replicas: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: mongo
      app.kubernetes.io/component: backend
  template:
    metadata:
      labels:
        app.kubernetes.io/name: mongo
        app.kubernetes.io/component: backend
    spec:
      containers:
      - name: mongo
        image: mongo:4.2
        args: ["--bind_ip", "0.0.0.0"]
        ports:
        - containerPort: 27017
        resources:
          requests:
            cpu: 100m
            memory: 100Mi
"""
SERVICE = """apiVersion: v1
kind: Service
metadata:
  name: mongo
  labels:
    app.kubernetes.io/name: mongo
    app.kubernetes.io/component: backend
spec:
  selector:
    app.kubernetes.io/name: mongo
    app.kubernetes.io/component: backend
  ports:
  - port: 27017
    targetPort: 27017
"""
NOTE = ("This console is not a terminal: kubectl port-forward keeps forwarding in the background, as it would in a "
        "second terminal, and what it prints shows here; curl http://localhost:{port}/ reaches it, and 'kill %1' "
        "stops it.\n")
MONGOD_HTTP = "It looks like you are trying to access MongoDB over HTTP on the native driver port.\r\n"


def apply(c, manifest):
    return c.run(f"cat <<EOF | kubectl apply -f -\n{manifest}EOF")


def _running_mongo():
    c = Cluster(seed=3)
    assert apply(c, MONGO).text == "deployment.apps/mongo created\n"
    c.run("sim advance 40s")
    assert apply(c, SERVICE).text == "service/mongo created\n"
    pod = c.run("kubectl get pods -o name").text.strip().split("/", 1)[1]
    return c, pod


def test_it_creates_the_mongodb_deployment_and_service_as_the_page_shows():
    c, pod = _running_mongo()
    assert c.run("kubectl get pods").text.splitlines()[1].split()[:4] == [pod, "1/1", "Running", "0"]
    assert c.run("kubectl get deployment").text.splitlines()[1].split()[:4] == ["mongo", "1/1", "1", "1"]
    rs = c.run("kubectl get replicaset").text.splitlines()[1].split()
    assert pod.startswith(rs[0] + "-") and rs[1:4] == ["1", "1", "1"]
    svc = c.run("kubectl get service mongo").text.splitlines()[1].split()
    assert svc[:2] == ["mongo", "ClusterIP"] and svc[3:5] == ["<none>", "27017/TCP"]
    template = "--template='{{(index (index .spec.containers 0).ports 0).containerPort}}{{\"\\n\"}}'"
    assert c.run(f"kubectl get pod {pod} {template}").text == "27017\n"
    logs = c.run(f"kubectl logs {pod}").text
    assert 'options: { net: { bindIp: "0.0.0.0" } }' in logs and logs.endswith("waiting for connections on port 27017\n")


def test_it_forwards_a_local_port_to_the_pod_and_mongod_answers_through_it():
    c, pod = _running_mongo()
    out = c.run(f"kubectl port-forward {pod} 28015:27017")
    assert out.exit_code == 0
    assert out.text == "Forwarding from 127.0.0.1:28015 -> 27017\nForwarding from [::1]:28015 -> 27017\n" + \
        NOTE.format(port=28015)
    # The page's client is the MongoDB Shell, which the console host does not have.
    shell = c.run("mongosh --port 28015")
    assert (shell.text, shell.exit_code) == ("bash: mongosh: command not found\n", 127)
    # A connection to the local port reaches mongod in the pod; the background port-forward says so.
    assert c.run("curl localhost:28015").text == "Handling connection for 28015\n" + MONGOD_HTTP
    assert c.run("curl -s http://127.0.0.1:28015/ | wc -l").text == "Handling connection for 28015\n1\n"


def test_every_way_the_page_names_the_pod_selects_it():
    c, pod = _running_mongo()
    rs = pod.rsplit("-", 1)[0]
    for i, target in enumerate((f"pods/{pod}", "deployment/mongo", f"replicaset/{rs}", "service/mongo")):
        port = 28016 + i
        assert c.run(f"kubectl port-forward {target} {port}:27017").text.startswith(
            f"Forwarding from 127.0.0.1:{port} -> 27017\nForwarding from [::1]:{port} -> 27017\n")
        assert c.run(f"curl -s localhost:{port}").text == f"Handling connection for {port}\n" + MONGOD_HTTP


def test_kubectl_chooses_a_free_local_port_when_none_is_given():
    c, _ = _running_mongo()
    lines = c.run("kubectl port-forward deployment/mongo :27017").text.splitlines()
    local = int(lines[0].split(":")[1].split()[0])
    assert 32768 <= local <= 60999  # Linux's ephemeral range (the page's 63753 is another OS's)
    assert lines[:2] == [f"Forwarding from 127.0.0.1:{local} -> 27017", f"Forwarding from [::1]:{local} -> 27017"]
    assert MONGOD_HTTP in c.run(f"curl -s localhost:{local}").text


def test_a_second_forward_on_a_port_in_use_fails_as_the_bind_does():
    c, pod = _running_mongo()
    c.run(f"kubectl port-forward {pod} 28015:27017")
    out = c.run("kubectl port-forward service/mongo 28015:27017")
    assert out.exit_code == 1
    assert out.text == (
        "Unable to listen on port 28015: Listeners failed to create with the following errors: [unable to create "
        "listener: Error listen tcp4 127.0.0.1:28015: bind: address already in use unable to create listener: Error "
        "listen tcp6 [::1]:28015: bind: address already in use]\n"
        "error: unable to listen on any of the requested ports: [{28015 27017}]\n")


def test_a_forward_to_a_port_nothing_listens_on_logs_the_kubelets_error_and_ends():
    c, pod = _running_mongo()
    c.run(f"kubectl port-forward {pod} 7000:6379")
    out = c.run("curl localhost:7000")
    lines = out.text.splitlines()
    assert out.exit_code == 52 and lines[0] == "Handling connection for 7000"
    assert lines[1].startswith("E0602 09:") and ' portforward.go:413] "Unhandled Error" err="an error occurred ' \
        'forwarding 7000 -> 6379: error forwarding port 6379 to pod ' in lines[1]
    assert lines[1].endswith(', IPv4: dial tcp4 127.0.0.1:6379: connect: connection refused IPv6 dial tcp6 '
                             '[::1]:6379: connect: connection refused "')
    # the port-forward exits 1, which bash reports as its job's end before the next prompt (jobs.c)
    assert lines[2:] == ["error: lost connection to pod", "curl: (52) Empty reply from server",
                         f"[1]+  Exit 1                  kubectl port-forward {pod} 7000:6379"]
    # the port-forward has exited: nothing listens on 7000 any more
    assert c.run("curl localhost:7000").text.startswith("curl: (7) Failed to connect to localhost port 7000 after ")


def test_a_forward_whose_pod_was_deleted_loses_its_connection():
    c, pod = _running_mongo()
    c.run(f"kubectl port-forward {pod} 28015:27017")
    c.run(f"kubectl delete pod {pod}")
    lines = c.run("curl -s localhost:28015").text.splitlines()
    assert lines[0] == "Handling connection for 28015"
    assert ', uid : failed to find sandbox \\"' in lines[1] and lines[1].endswith('\\" in store: not found"')
    assert lines[2] == "error: lost connection to pod"
    # the Deployment's new pod is forwarded to by a new port-forward
    c.run("sim advance 30s")
    assert c.run("kubectl port-forward deployment/mongo 28015:27017").exit_code == 0


def test_port_forward_refuses_what_kubectl_refuses():
    c, pod = _running_mongo()

    def err(line):
        out = c.run(line)
        assert out.exit_code == 1
        return out.text
    assert err("kubectl port-forward deployment/mongo") == \
        "error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples\n"
    assert err("kubectl port-forward nosuch 80") == 'Error from server (NotFound): pods "nosuch" not found\n'
    assert err("kubectl port-forward service/mongo 8080:mongodb") == \
        "error: Service 'mongo' does not have a named port 'mongodb'\n"
    assert err(f"kubectl port-forward {pod} 8080:mongodb") == f"error: Pod '{pod}' does not have a named port 'mongodb'\n"
    assert err("kubectl port-forward service/mongo 8080:27018") == "error: Service mongo does not have a service port 27018\n"
    assert err(f"kubectl port-forward {pod} 70000:27017") == \
        "error: error parsing local port '70000': strconv.ParseUint: parsing \"70000\": value out of range\n"
    assert err(f"kubectl port-forward {pod} 8080:0") == "error: remote port must be > 0\n"
    assert err(f"kubectl port-forward --address foo {pod} 8080:27017") == "error: foo is not a valid IP\n"
    assert err("kubectl port-forward configmap/kube-root-ca.crt 80") == \
        "error: cannot attach to *v1.ConfigMap: selector for *v1.ConfigMap not implemented\n"
    c.run("kubectl create service clusterip bare --tcp=80 && kubectl patch svc bare --type=json "
          "-p='[{\"op\":\"remove\",\"path\":\"/spec/selector\"}]'")
    assert err("kubectl port-forward svc/bare 80") == \
        "error: cannot attach to *v1.Service: invalid service 'bare': Service is defined without a selector\n"
    c.run("kubectl run pending --image=nginx --overrides='{\"spec\":{\"nodeName\":\"nowhere\"}}'")
    assert err("kubectl port-forward pending 80") == \
        "error: unable to forward port because pod is not running. Current status=Pending\n"


def test_named_ports_resolve_through_the_service_to_the_container_port():
    c = Cluster(seed=3)
    c.run("kubectl create deployment web --image=nginx --port=80")
    c.run("kubectl patch deployment web --type=json -p='[{\"op\":\"add\",\"path\":"
          "\"/spec/template/spec/containers/0/ports/0/name\",\"value\":\"http\"}]'")
    c.run("kubectl expose deployment web --name=web --port=8080 --target-port=http")
    c.run("kubectl patch svc web --type=json -p='[{\"op\":\"add\",\"path\":\"/spec/ports/0/name\",\"value\":\"web\"}]'")
    c.run("sim advance 40s")
    # service port "web" (8080) -> targetPort "http" -> the container's port 80; the local port follows the service port
    assert c.run("kubectl port-forward svc/web web").text.startswith(
        "Forwarding from 127.0.0.1:8080 -> 80\nForwarding from [::1]:8080 -> 80\n")
    assert "<title>Welcome to nginx!</title>" in c.run("curl -s localhost:8080").text
    assert c.run("kubectl port-forward --address 0.0.0.0 deploy/web 8888:http").text.startswith(
        "Forwarding from 0.0.0.0:8888 -> 80\nThis console")
    assert "Welcome to nginx!" in c.run("curl -s http://127.0.0.1:8888/").text


def test_port_forward_help_is_the_real_kubectls():
    c = Cluster(seed=3)
    out = c.run("kubectl port-forward --help").text
    assert out.startswith("Forward one or more local ports to a pod.\n")
    assert "kubectl port-forward TYPE/NAME [options] [LOCAL_PORT:]REMOTE_PORT [...[LOCAL_PORT_N:]REMOTE_PORT_N]\n" in out
