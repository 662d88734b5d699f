"""The three "Manage Kubernetes Objects" pages typed unchanged, their manifests pasted as a learner would.

- kubernetes/website content/en/docs/tasks/manage-kubernetes-objects/declarative-config.md
- .../imperative-config.md
- .../imperative-command.md
The console host is offline, so a learner saves a page's manifest under the
name its URL ends with (``simple_deployment.yaml``) and types the page's
commands with that file; the manifests below are written here to describe the
same objects. Names, ages and IPs differ from the pages.
"""
import json
import re

from clusters import Cluster

SIMPLE = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
spec:
  selector:
    matchLabels:
      app: nginx
  minReadySeconds: 5
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
        ports:
        - containerPort: 80
"""
UPDATED = SIMPLE.replace("  minReadySeconds: 5\n", "").replace("nginx:1.14.2", "nginx:1.16.1")
ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration"


def save(c, name, text):
    c.run(f"cat > {name} <<'EOF'\n{text}EOF")


def last_applied(c):
    return json.loads(c.get("deployments", "nginx-deployment")["metadata"]["annotations"][ANNOTATION])


def test_declarative_config_creates_diffs_and_updates_keeping_what_scale_wrote():
    c = Cluster(seed=7)
    save(c, "simple_deployment.yaml", SIMPLE)
    out = c.run("kubectl diff -f simple_deployment.yaml")
    assert out.exit_code == 1 and re.match(r"diff -u -N /tmp/LIVE-\d+/apps\.v1\.Deployment\.default\.nginx-deployment "
                                           r"/tmp/MERGED-\d+/apps\.v1\.Deployment\.default\.nginx-deployment\n", out.text)
    assert "+  minReadySeconds: 5\n" in out.text
    assert c.run("kubectl apply -f simple_deployment.yaml").text == "deployment.apps/nginx-deployment created\n"
    live = c.run("kubectl get -f simple_deployment.yaml -o yaml").text
    # the annotation as the page shows it: the file's JSON with "annotations":{} and the namespace
    assert ('    kubectl.kubernetes.io/last-applied-configuration: |\n      {"apiVersion":"apps/v1","kind":"Deployment",'
            '"metadata":{"annotations":{},"name":"nginx-deployment","namespace":"default"},"spec":{"minReadySeconds":5,'
            '"selector":{"matchLabels":{"app":"nginx"}},"template":{"metadata":{"labels":{"app":"nginx"}},"spec":'
            '{"containers":[{"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80}]}]}}}}\n') in live
    # and the defaults the API server filled in (the page's "Default field values")
    for line in ("  replicas: 1\n", "      maxSurge: 25%\n", "    type: RollingUpdate\n",
                 "        imagePullPolicy: IfNotPresent\n", "          protocol: TCP\n", "      dnsPolicy: ClusterFirst\n"):
        assert line in live
    assert c.run("kubectl scale deployment/nginx-deployment --replicas=2").text == \
        "deployment.apps/nginx-deployment scaled\n"
    assert "replicas" not in last_applied(c)["spec"]
    c.run("sim advance 30s")
    save(c, "update_deployment.yaml", UPDATED)
    out = c.run("kubectl diff -f update_deployment.yaml")
    changed = [line for line in out.text.splitlines()[3:] if line[:1] in "+-" and not line.startswith("@@")]
    assert changed == ["-  generation: 2", "+  generation: 3", "-  minReadySeconds: 5",
                       "-      - image: nginx:1.14.2", "+      - image: nginx:1.16.1"]
    assert c.run("kubectl apply -f update_deployment.yaml").text == "deployment.apps/nginx-deployment configured\n"
    live = c.get("deployments", "nginx-deployment")
    assert live["spec"]["replicas"] == 2  # retained: the file never set it
    assert "minReadySeconds" not in live["spec"]  # cleared: the last applied file set it, this one does not
    assert live["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.16.1"
    assert "minReadySeconds" not in last_applied(c)["spec"]
    assert last_applied(c)["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.16.1"
    assert c.run("kubectl diff -f update_deployment.yaml").exit_code == 0
    assert c.run("kubectl delete -f update_deployment.yaml").text == 'deployment.apps "nginx-deployment" deleted\n'


def test_declarative_config_applies_and_diffs_a_directory_and_clears_a_field_set_to_null():
    c = Cluster(seed=7)
    c.run("mkdir -p configs")
    save(c, "configs/simple_deployment.yaml", SIMPLE)
    save(c, "configs/service.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\nspec:\n  selector:\n"
                                    "    app: nginx\n  ports:\n  - port: 80\n")
    out = c.run("kubectl diff -f configs/")
    names = re.findall(r"^diff -u -N /tmp/LIVE-\d+/(\S+) ", out.text, re.M)
    assert names == ["apps.v1.Deployment.default.nginx-deployment", "v1.Service.default.nginx"]
    assert c.run("kubectl apply -f configs/").text == \
        "service/nginx created\ndeployment.apps/nginx-deployment created\n"
    assert c.run("kubectl diff -f configs/").text == ""
    save(c, "configs/simple_deployment.yaml", SIMPLE.replace("  minReadySeconds: 5\n", "  minReadySeconds: null\n"))
    assert c.run("kubectl apply -f configs/").text == \
        "service/nginx unchanged\ndeployment.apps/nginx-deployment configured\n"
    assert "minReadySeconds" not in c.get("deployments", "nginx-deployment")["spec"]


def test_imperative_config_creates_replaces_views_and_deletes_from_a_file():
    c = Cluster(seed=7)
    save(c, "nginx.yaml", SIMPLE)
    assert c.run("kubectl create -f nginx.yaml").text == "deployment.apps/nginx-deployment created\n"
    assert ANNOTATION not in (c.get("deployments", "nginx-deployment")["metadata"].get("annotations") or {})
    assert "  name: nginx-deployment\n" in c.run("kubectl get -f nginx.yaml -o yaml").text
    c.run("kubectl scale deployment nginx-deployment --replicas=3")
    save(c, "nginx.yaml", SIMPLE.replace("nginx:1.14.2", "nginx:1.16.1"))
    assert c.run("kubectl replace -f nginx.yaml").text == "deployment.apps/nginx-deployment replaced\n"
    live = c.get("deployments", "nginx-deployment")
    assert live["spec"]["replicas"] == 1  # replace drops what another writer set (the page's "Limitations")
    assert live["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.16.1"
    # migrating from imperative commands: export, drop the status, replace from then on
    assert c.run("kubectl get deployment/nginx-deployment -o yaml > deployment_nginx-deployment.yaml").exit_code == 0
    assert c.run("kubectl replace -f deployment_nginx-deployment.yaml").text == \
        "deployment.apps/nginx-deployment replaced\n"
    out = c.run("kubectl replace --force -f nginx.yaml")
    assert out.text == 'deployment.apps "nginx-deployment" deleted\ndeployment.apps/nginx-deployment replaced\n'
    assert c.run("kubectl delete -f nginx.yaml").text == 'deployment.apps "nginx-deployment" deleted\n'
    out = c.run("kubectl create -f https://k8s.io/examples/application/simple_deployment.yaml --edit")
    assert out.exit_code == 1 and out.text.endswith(": dial tcp: lookup k8s.io on 127.0.0.53:53: no such host\n")


def test_create_save_config_writes_the_annotation_apply_would():
    c = Cluster(seed=7)
    save(c, "nginx.yaml", SIMPLE)
    assert c.run("kubectl create --save-config -f nginx.yaml").text == "deployment.apps/nginx-deployment created\n"
    assert last_applied(c)["metadata"] == {"annotations": {}, "name": "nginx-deployment", "namespace": "default"}
    save(c, "nginx.yaml", UPDATED)
    assert c.run("kubectl apply -f nginx.yaml").text == "deployment.apps/nginx-deployment configured\n"
    assert "minReadySeconds" not in c.get("deployments", "nginx-deployment")["spec"]


def test_imperative_command_pipes_a_generated_service_through_set_selector_into_create():
    c = Cluster(seed=7)
    line = ("kubectl create service clusterip my-svc --clusterip=\"None\" -o yaml --dry-run=client | "
            "kubectl set selector --local -f - 'environment=qa' -o yaml | kubectl create -f -")
    assert c.run(line).text == "service/my-svc created\n"
    svc = c.get("services", "my-svc")
    assert (svc["spec"]["clusterIP"], svc["spec"]["selector"]) == ("None", {"environment": "qa"})
    assert c.run("kubectl create service nodeport myservicename").text == \
        "error: at least one tcp port specifier must be provided\n"
    assert c.run("kubectl create service nodeport -h").text.startswith(
        "Create a NodePort service with the specified name.\n")
    assert c.run("kubectl create service clusterip my-svc2 --clusterip=\"None\" -o yaml --dry-run=client "
                 "> /tmp/srv.yaml").exit_code == 0
    assert "  clusterIP: None\n" in c.run("cat /tmp/srv.yaml").text
    c.run("kubectl create deployment nginx --image=nginx")
    assert c.run("kubectl delete deployment/nginx").text == 'deployment.apps "nginx" deleted\n'
