"""kubectl expose (pkg/cmd/expose/expose.go) and autoscale (pkg/cmd/autoscale/autoscale.go).

YAML and messages as kubectl 1.32 printed them against a stub API server serving these objects.
"""
from clusters import Cluster

SERVICE_YAML = """apiVersion: v1
kind: Service
metadata:
  creationTimestamp: null
  labels:
    app: web
  name: web
spec:
  ports:
  - port: 80
    protocol: TCP
    targetPort: 80
  selector:
    app: web
status:
  loadBalancer: {}
"""

HPA_YAML = """apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata:
  creationTimestamp: null
  name: web
spec:
  maxReplicas: 5
  minReplicas: 2
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  targetCPUUtilizationPercentage: 50
status:
  currentReplicas: 0
  desiredReplicas: 0
"""


def _cluster(port=True):
    c = Cluster(seed=10)
    c.run("kubectl create deployment web --image=nginx" + (" --port=80" if port else ""))
    return c


def test_expose_a_deployment_takes_its_selector_labels_and_container_port():
    assert _cluster().run("kubectl expose deployment web --dry-run=client -o yaml").text == SERVICE_YAML


def test_expose_creates_the_service_and_says_exposed():
    c = _cluster()
    out = c.run("kubectl expose deployment web --port=8080 --target-port=80 --type=NodePort")
    assert (out.text, out.exit_code) == ("service/web exposed\n", 0)
    svc = c.get("services", "web")
    assert svc["spec"]["type"] == "NodePort"
    assert svc["spec"]["ports"][0]["port"] == 8080 and svc["spec"]["ports"][0]["targetPort"] == 80
    assert svc["spec"]["selector"] == {"app": "web"}
    assert c.bugs == []


def test_expose_a_pod_under_another_name():
    c = _cluster()
    c.run("kubectl run db --image=nginx --port=5432")
    assert c.run("kubectl expose pod db --name=db-svc").text == "service/db-svc exposed\n"
    assert c.get("services", "db-svc")["spec"]["selector"] == {"run": "db"}


def test_expose_errors():
    c = _cluster(port=False)
    assert c.run("kubectl expose deploy web").text == "error: couldn't find port via --port flag or introspection\n"
    assert c.run("kubectl expose node node-1").text == "error: cannot expose a Node\n"
    assert c.run("kubectl expose svc/kubernetes --name=k2").text == (
        "error: couldn't retrieve selectors via --selector flag or introspection: the service has no pod selector set\n")


def test_autoscale_dry_run_prints_the_v1_object_kubectl_builds():
    out = _cluster().run("kubectl autoscale deploy web --min=2 --max=5 --cpu-percent=50 --dry-run=client -o yaml")
    assert out.text == HPA_YAML


def test_autoscale_creates_an_autoscaling_v2_hpa_with_a_cpu_metric():
    c = _cluster()
    out = c.run("kubectl autoscale deployment web --cpu-percent=50 --min=1 --max=10")
    assert (out.text, out.exit_code) == ("horizontalpodautoscaler.autoscaling/web autoscaled\n", 0)
    hpa = c.get("horizontalpodautoscalers", "web")
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["metrics"] == [{"type": "Resource", "resource": {"name": "cpu", "target": {
        "type": "Utilization", "averageUtilization": 50}}}]
    assert (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == (1, 10)


def test_autoscale_errors():
    c = _cluster()
    assert c.run("kubectl autoscale deploy web --min=5 --max=2").text == (
        "error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: 2, min: 5\n")
    assert c.run("kubectl autoscale svc kubernetes --max=3").text == (
        "error: cannot autoscale a Service: could not find scale subresource for /v1, Resource=services in "
        "discovery information\n")
