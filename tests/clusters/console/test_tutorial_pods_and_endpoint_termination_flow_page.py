"""kubernetes.io's "Explore Termination Behavior for Pods And Their Endpoints", typed unchanged.

kubernetes/website content/en/docs/tutorials/services/pods-and-endpoint-termination-flow.md. The
page's pod-with-graceful-termination.yaml is pasted into a heredoc; the manifest below is written
here to describe the same Deployment (terminationGracePeriodSeconds 120, a preStop hook that
sleeps 180) and Service. Names, ages, addresses and UIDs differ; kind's nodes have no zone, so
the endpoints carry none.

``kubectl delete pod`` waits until the pod is gone, which here is the whole 120-second grace
period; the page's next commands show the pod still Terminating, as a learner sees them from a
second terminal or after ``--wait=false``. Both are replayed.
"""
import json

from clusters import Cluster

GRACEFUL = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
  labels:
    app: nginx
spec:
  replicas: 1
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      terminationGracePeriodSeconds: 120 # extra long grace period
      containers:
      - name: nginx
        image: nginx:latest
        ports:
        - containerPort: 80
        lifecycle:
          preStop:
            exec:
              command: [
                "/bin/sh", "-c", "sleep 180"
              ]

---

apiVersion: v1
kind: Service
metadata:
  name: nginx-service
spec:
  selector:
    app: nginx
  ports:
    - protocol: TCP
      port: 80
      targetPort: 80
"""


def _running() -> tuple[Cluster, dict, str]:
    c = Cluster(seed=3)
    assert c.run(f"cat <<EOF | kubectl apply -f -\n{GRACEFUL}EOF").text == \
        "deployment.apps/nginx-deployment created\nservice/nginx-service created\n"
    c.run("sim advance 30s")
    pod = next(p for p in c.api.list("pods") if p["metadata"]["name"].startswith("nginx-deployment-"))
    rows = c.run("kubectl get endpointslice").text.splitlines()
    assert rows[0].split() == ["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"]
    row = next(r.split() for r in rows if r.startswith("nginx-service-"))
    assert row[1:4] == ["IPv4", "80", pod["status"]["podIP"]]
    return c, pod, row[0]


def _endpoint(pod: dict, ready: bool, serving: bool, terminating: bool) -> dict:
    m = pod["metadata"]
    return {"addresses": [pod["status"]["podIP"]],
            "conditions": {"ready": ready, "serving": serving, "terminating": terminating},
            "nodeName": pod["spec"]["nodeName"],
            "targetRef": {"kind": "Pod", "name": m["name"], "namespace": "default", "uid": m["uid"]}}


def test_the_slice_shows_one_ready_endpoint_then_keeps_the_terminating_one_serving():
    c, pod, slice_name = _running()
    out = json.loads(c.run("kubectl get endpointslices -o json -l kubernetes.io/service-name=nginx-service").text)
    assert [s["endpoints"] for s in out["items"]] == [[_endpoint(pod, True, True, False)]]
    assert out["items"][0]["addressType"] == "IPv4"

    name = pod["metadata"]["name"]
    assert c.run(f"kubectl delete pod {name} --wait=false").text == f'pod "{name}" deleted\n'
    c.run("sim advance 5s")
    rows = [r.split() for r in c.run("kubectl get pods").text.splitlines()[1:]]
    new = next(p for p in c.api.list("pods") if p["metadata"]["name"] != name)
    assert [r[:5] for r in rows] == sorted([[name, "1/1", "Terminating", "0", "35s"],
                                            [new["metadata"]["name"], "1/1", "Running", "0", "5s"]])
    # The old endpoint: no longer ready, still serving (nginx answers until the grace period ends), terminating.
    text = c.run(f"kubectl get endpointslice -o json {slice_name}").text
    assert text.startswith('{\n    "addressType": "IPv4",\n    "apiVersion": "discovery.k8s.io/v1",\n    "endpoints": [\n')
    assert json.loads(text)["endpoints"] == [_endpoint(pod, False, True, True), _endpoint(new, True, True, False)]

    # The preStop hook's sleep outlasts the grace period: the container is killed at 120 s, and the endpoint goes.
    c.run("sim advance 110s")
    assert c.api.try_get("pods", name, "default") is not None
    c.run("sim advance 10s")
    assert c.api.try_get("pods", name, "default") is None
    final = json.loads(c.run(f"kubectl get endpointslice -o json {slice_name}").text)
    assert final["endpoints"] == [_endpoint(new, True, True, False)]
    # EndpointSlice utils.go: the trigger-time annotation is deleted, and an empty map is not written
    assert "annotations" not in final["metadata"]


def test_typed_as_is_the_delete_waits_out_the_grace_period():
    c, pod, slice_name = _running()
    name = pod["metadata"]["name"]
    before = c.clock.now
    assert c.run(f"kubectl delete pod {name}").text == f'pod "{name}" deleted\n'
    assert 120 <= c.clock.now - before <= 125
    rows = [r.split() for r in c.run("kubectl get pods").text.splitlines()[1:]]
    assert [r[2] for r in rows] == ["Running"] and rows[0][0] != name
    assert len(json.loads(c.run(f"kubectl get endpointslice -o json {slice_name}").text)["endpoints"]) == 1
