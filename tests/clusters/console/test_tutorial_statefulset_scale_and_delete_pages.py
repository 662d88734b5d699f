"""kubernetes.io tasks/run-application/ scale-stateful-set.md, delete-stateful-set.md and
force-delete-stateful-set-pod.md typed unchanged, with the pages' placeholders filled in.

The StatefulSet is the basic tutorial's ``web`` with the pages' ``app.kubernetes.io/name: MyApp`` label on
everything, so the label selectors of the delete page reach the Service, the StatefulSet, its pods and its
claims. Scaling goes through the scale subresource or a merge patch; ``--cascade=orphan`` leaves the pods
behind; a pod on a node that stopped answering stays Terminating until it is force deleted, with kubectl's
warning (delete.go), and the controller then makes a new one with the same name.
"""
from clusters import Cluster

WEB = """apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app.kubernetes.io/name: MyApp
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app.kubernetes.io/name: MyApp
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
  labels:
    app.kubernetes.io/name: MyApp
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: MyApp
  serviceName: "nginx"
  replicas: 2
  template:
    metadata:
      labels:
        app.kubernetes.io/name: MyApp
    spec:
      terminationGracePeriodSeconds: 10
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.24
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
      labels:
        app.kubernetes.io/name: MyApp
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Gi
"""

FORCE_WARNING = ("Warning: Immediate deletion does not wait for confirmation that the running resource has been "
                 "terminated. The resource may continue to run on the cluster indefinitely.\n")


def _running():
    c = Cluster(seed=3)
    c.run(f"cat > web.yaml <<'EOF'\n{WEB}EOF")
    assert c.run("kubectl apply -f web.yaml").text == "service/nginx created\nstatefulset.apps/web created\n"
    c.run("sim advance 60s")
    return c


def _pods(c):
    return [line.split()[0] for line in c.run("kubectl get pods -l app.kubernetes.io/name=MyApp --no-headers").text.splitlines()]


def test_scaling_with_kubectl_scale_and_with_a_merge_patch():
    c = _running()
    assert c.run("kubectl get statefulsets web").text.splitlines() == ["NAME   READY   AGE", "web    2/2     60s"]
    assert c.run("kubectl scale statefulsets web --replicas=3").text == "statefulset.apps/web scaled\n"
    c.run("sim advance 30s")
    assert _pods(c) == ["web-0", "web-1", "web-2"]
    assert c.run("kubectl patch statefulsets web -p '{\"spec\":{\"replicas\":1}}'").text == "statefulset.apps/web patched\n"
    c.run("sim advance 30s")
    assert _pods(c) == ["web-0"]  # scaled down from the highest ordinal
    assert c.run("kubectl get statefulsets web").text.splitlines()[1].split()[1] == "1/1"


def test_deleting_by_file_and_by_name_with_the_pods_left_behind():
    c = _running()
    out = c.run("kubectl delete -f web.yaml --cascade=false")
    assert out.text == ("warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.\n"
                        'service "nginx" deleted\nstatefulset.apps "web" deleted\n')
    assert _pods(c) == ["web-0", "web-1"]
    assert c.run("kubectl apply -f web.yaml").text == "service/nginx created\nstatefulset.apps/web created\n"
    c.run("sim advance 30s")  # the new StatefulSet adopts them
    assert c.run("kubectl get pod web-0 -o jsonpath='{.metadata.ownerReferences[0].name}'").text == "web"
    assert c.run("kubectl delete statefulsets web --cascade=orphan").text == 'statefulset.apps "web" deleted\n'
    assert c.run("kubectl delete service nginx").text == 'service "nginx" deleted\n'
    assert c.run("kubectl delete pods -l app.kubernetes.io/name=MyApp").text == 'pod "web-0" deleted\npod "web-1" deleted\n'
    assert c.run("kubectl get pods").text == "No resources found in default namespace.\n"
    claims = c.run("kubectl get pvc -l app.kubernetes.io/name=MyApp --no-headers").text.splitlines()
    assert [line.split()[:2] for line in claims] == [["www-web-0", "Bound"], ["www-web-1", "Bound"]]  # volumes stay


def test_complete_deletion_waits_out_the_grace_period_then_deletes_the_claims():
    c = _running()
    out = c.run("grace=$(kubectl get pods web-0 --template '{{.spec.terminationGracePeriodSeconds}}')\n"
                "kubectl delete statefulset -l app.kubernetes.io/name=MyApp\n"
                "sleep $grace\n"
                "kubectl delete pvc -l app.kubernetes.io/name=MyApp\n")
    assert out.text == ('statefulset.apps "web" deleted\n'
                        'persistentvolumeclaim "www-web-0" deleted\npersistentvolumeclaim "www-web-1" deleted\n')
    assert c.run("echo $grace").text == "10\n"
    assert c.run("kubectl get pods,pvc").text == "No resources found in default namespace.\n"


def test_a_pod_on_an_unreachable_node_stays_terminating_until_it_is_force_deleted():
    c = _running()
    node = c.run("kubectl get pod web-1 -o jsonpath='{.spec.nodeName}'").text
    c.run(f"sim node fail {node}")
    c.run("sim advance 400s")  # NotReady after 40 s, then the taint's 300 s toleration runs out
    row = c.run("kubectl get pod web-1").text.splitlines()[1].split()
    assert row[:3] == ["web-1", "1/1", "Terminating"]
    # a graceful delete waits for a kubelet that will not answer (kubectl waits up to a week; here --timeout)
    out = c.run("kubectl delete pods web-1 --timeout=30s")
    assert (out.exit_code, out.text) == (1, 'pod "web-1" deleted\nerror: timed out waiting for the condition on pods/web-1\n')
    out = c.run("kubectl delete pods web-1 --grace-period=0 --force")
    assert out.text == FORCE_WARNING + 'pod "web-1" force deleted\n'
    c.run("sim advance 1s")
    row = c.run("kubectl get pod web-1 -o wide").text.splitlines()[1].split()
    # the same identity comes back at once; its claim's volume lives on the lost node, so it waits
    assert row[:3] == ["web-1", "0/1", "Pending"]
    assert c.run("kubectl patch pod web-1 -p '{\"metadata\":{\"finalizers\":null}}'").text == "pod/web-1 patched (no change)\n"


def test_a_force_deleted_pod_on_a_healthy_node_is_replaced_at_once():
    c = _running()
    out = c.run("kubectl delete pods web-0 --grace-period=0 --force")
    assert out.text == FORCE_WARNING + 'pod "web-0" force deleted\n'
    assert c.run("kubectl get pod web-0 --no-headers").text.split()[:3] == ["web-0", "0/1", "ContainerCreating"]
    c.run("sim advance 30s")
    assert c.run("kubectl get pod web-0 --no-headers").text.split()[:3] == ["web-0", "1/1", "Running"]


def test_scaling_down_waits_while_a_pod_is_unhealthy_stateful_set_control_go():
    """The page's troubleshooting: with OrderedReady pods, scale-down waits until every pod it keeps is Running
    and Ready. A readiness probe on /index.html fails while the claim mounted over nginx's html directory
    has no index.html (nginx answers 404 there, and 403 for the directory itself)."""
    c = Cluster(seed=3)
    web = WEB.replace("          name: web\n        volumeMounts:", "          name: web\n        readinessProbe:\n"
                      "          httpGet: {path: /index.html, port: 80}\n          periodSeconds: 2\n        volumeMounts:")
    c.run(f"cat > web.yaml <<'EOF'\n{web}EOF")
    c.run("kubectl apply -f web.yaml")
    c.run("sim advance 30s")
    # OrderedReady: web-1 is not made while web-0 is not ready
    assert [r.split()[:3] for r in c.run("kubectl get pods --no-headers").text.splitlines()] == [["web-0", "0/1", "Running"]]
    c.run("kubectl exec web-0 -- sh -c 'echo web-0 > /usr/share/nginx/html/index.html'")
    c.run("sim advance 30s")
    c.run("kubectl exec web-1 -- sh -c 'echo web-1 > /usr/share/nginx/html/index.html'")
    c.run("sim advance 10s")
    assert [r.split()[:2] for r in c.run("kubectl get pods --no-headers").text.splitlines()] == \
        [["web-0", "1/1"], ["web-1", "1/1"]]
    c.run("kubectl exec web-0 -- rm /usr/share/nginx/html/index.html")
    c.run("sim advance 10s")
    assert c.run("kubectl scale statefulsets web --replicas=1").text == "statefulset.apps/web scaled\n"
    c.run("sim advance 30s")
    assert _pods(c) == ["web-0", "web-1"]  # web-0 is not ready: web-1 is kept
    c.run("kubectl exec web-0 -- sh -c 'echo web-0 > /usr/share/nginx/html/index.html'")
    c.run("sim advance 30s")
    assert _pods(c) == ["web-0"]
