"""Two kubernetes.io pages typed unchanged, their manifests pasted as a learner would.

- kubernetes/website content/en/docs/tasks/run-application/run-stateless-application-deployment.md
- kubernetes/website content/en/docs/tutorials/stateful-application/basic-stateful-set.md
The console host is offline (clusters/console/offline.py), so a learner pastes a page's
manifest into a heredoc; the manifests below are written here to describe the same
objects. Names, ages and IPs differ from the pages; what the pages show otherwise is asserted.
"""
from clusters import Cluster

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
spec:
  selector:
    matchLabels:
      app: nginx
  replicas: {replicas}
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: {image}
        ports:
        - containerPort: 80
"""

WEB = """apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app: nginx
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.8
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 1Gi
"""


def apply(c, manifest, verb="apply"):
    return c.run(f"cat <<EOF | kubectl {verb} -f -\n{manifest}EOF")

IMAGE = "--template '{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}'"


def names_and_status(text):
    return [(row.split()[0], row.split()[2]) for row in text.splitlines()[1:]]


def test_it_runs_a_stateless_application_using_a_deployment_as_the_page_shows():
    c = Cluster(seed=3)
    assert apply(c, DEPLOYMENT.format(replicas=2, image="nginx:1.14.2")).text == \
        "deployment.apps/nginx-deployment created\n"
    c.run("sim advance 30s")
    described = c.run("kubectl describe deployment nginx-deployment").text
    assert "Replicas:               2 desired | 2 updated | 2 total | 2 available | 0 unavailable\n" in described
    assert "    Image:         nginx:1.14.2\n" in described
    assert len(names_and_status(c.run("kubectl get pods -l app=nginx").text)) == 2
    assert apply(c, DEPLOYMENT.format(replicas=2, image="nginx:1.16.1")).text == \
        "deployment.apps/nginx-deployment configured\n"
    c.run("sim advance 30s")
    assert c.get("deployments", "nginx-deployment")["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.16.1"
    assert apply(c, DEPLOYMENT.format(replicas=4, image="nginx:1.16.1")).text == \
        "deployment.apps/nginx-deployment configured\n"
    c.run("sim advance 30s")
    pods = names_and_status(c.run("kubectl get pods -l app=nginx").text)
    assert [s for _, s in pods] == ["Running"] * 4
    assert c.run("kubectl delete deployment nginx-deployment").text == 'deployment.apps "nginx-deployment" deleted\n'


def test_it_walks_statefulset_basics_creation_scaling_and_partitioned_updates():
    c = Cluster(seed=3)
    assert apply(c, WEB).text == "service/nginx created\nstatefulset.apps/web created\n"
    assert c.run("kubectl get service nginx").text.splitlines()[1].split()[:5] == \
        ["nginx", "ClusterIP", "None", "<none>", "80/TCP"]
    c.run("sim advance 30s")
    assert c.run("kubectl get statefulset web").text.splitlines()[1].split()[:2] == ["web", "2/2"]
    assert c.run("for i in 0 1; do kubectl exec \"web-$i\" -- sh -c 'hostname'; done").text == "web-0\nweb-1\n"
    # Writing to stable storage: nginx serves what each pod wrote to its own claim, and a pod
    # recreated by the controller mounts the same claim again.
    assert c.run("for i in 0 1; do kubectl exec \"web-$i\" -- curl -s http://localhost/ | grep -o '403 Forbidden' | head -1; done").text \
        == "403 Forbidden\n403 Forbidden\n"  # the claim mounted over the document root is empty
    c.run("for i in 0 1; do kubectl exec \"web-$i\" -- sh -c 'echo \"$(hostname)\" > /usr/share/nginx/html/index.html'; done")
    assert c.run("for i in 0 1; do kubectl exec -i -t \"web-$i\" -- curl http://localhost/; done").text == "web-0\nweb-1\n"
    c.run("kubectl delete pod -l app=nginx")
    c.run("sim advance 60s")
    assert c.run("for i in 0 1; do kubectl exec -i -t \"web-$i\" -- curl http://localhost/; done").text == "web-0\nweb-1\n"
    pvcs = c.run("kubectl get pvc -l app=nginx").text.splitlines()[1:]
    assert [(p.split()[0], p.split()[1], p.split()[3]) for p in pvcs] == [("www-web-0", "Bound", "1Gi"),
                                                                          ("www-web-1", "Bound", "1Gi")]
    assert c.run("kubectl scale sts web --replicas=5").text == "statefulset.apps/web scaled\n"
    c.run("sim advance 90s")
    assert [n for n, _ in names_and_status(c.run("kubectl get pods -l app=nginx").text)] == \
        ["web-0", "web-1", "web-2", "web-3", "web-4"]
    assert c.run("kubectl patch sts web -p '{\"spec\":{\"replicas\":3}}'").text == "statefulset.apps/web patched\n"
    c.run("sim advance 60s")
    assert len(c.run("kubectl get pvc -l app=nginx").text.splitlines()) == 6  # five claims stay
    c.run("kubectl patch statefulset web --type='json' -p='[{\"op\": \"replace\", \"path\": "
          "\"/spec/template/spec/containers/0/image\", \"value\":\"registry.k8s.io/nginx-slim:0.24\"}]'")
    c.run("sim advance 120s")
    images = f"for p in 0 1 2; do kubectl get pod \"web-$p\" {IMAGE}; echo; done"
    assert c.run(images).text == "registry.k8s.io/nginx-slim:0.24\n" * 3
    c.run("kubectl patch statefulset web -p '{\"spec\":{\"updateStrategy\":{\"type\":\"RollingUpdate\","
          "\"rollingUpdate\":{\"partition\":3}}}}'")
    c.run("kubectl patch statefulset web --type='json' -p='[{\"op\": \"replace\", \"path\": "
          "\"/spec/template/spec/containers/0/image\", \"value\":\"registry.k8s.io/nginx-slim:0.21\"}]'")
    assert c.run("kubectl delete pod web-2").text == 'pod "web-2" deleted\n'
    c.run("sim advance 60s")
    assert c.run(f"kubectl get pod web-2 {IMAGE}").text == "registry.k8s.io/nginx-slim:0.24"
    c.run("kubectl patch statefulset web -p '{\"spec\":{\"updateStrategy\":{\"type\":\"RollingUpdate\","
          "\"rollingUpdate\":{\"partition\":2}}}}'")
    c.run("sim advance 60s")
    assert c.run(f"kubectl get pod web-2 {IMAGE}").text == "registry.k8s.io/nginx-slim:0.21"
    c.run("kubectl patch statefulset web -p '{\"spec\":{\"updateStrategy\":{\"type\":\"RollingUpdate\","
          "\"rollingUpdate\":{\"partition\":0}}}}'")
    c.run("sim advance 120s")
    assert c.run(images).text == "registry.k8s.io/nginx-slim:0.21\n" * 3
    assert c.run("kubectl delete statefulset web --cascade=orphan").text == 'statefulset.apps "web" deleted\n'
    assert len(names_and_status(c.run("kubectl get pods -l app=nginx").text)) == 3
    assert apply(c, WEB).text == "service/nginx unchanged\nstatefulset.apps/web created\n"
    # The new set adopts the orphans (ClaimPods) and, with replicas: 2, terminates web-2.
    c.run("sim advance 60s")
    assert [n for n, _ in names_and_status(c.run("kubectl get pods -l app=nginx").text)] == ["web-0", "web-1"]
    uid = c.get("statefulsets", "web")["metadata"]["uid"]
    assert c.get("pods", "web-0")["metadata"]["ownerReferences"][0]["uid"] == uid
    assert c.bugs == []
