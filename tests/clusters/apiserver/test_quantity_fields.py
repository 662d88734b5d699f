"""Every Quantity-typed field reads back in canonical form, as the real API server's
decode/encode leaves it (quantity.go): ``102400Mi`` is ``100Gi``, ``1000m`` is ``1``, ``0.5`` is ``500m``."""
import json

from clusters import Cluster, ClusterSpec

POD = """kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    image: nginx
    resources:
      requests: {cpu: 0.5, memory: 1.5Gi}
      limits: {cpu: 1000m, memory: 102400Mi}
  volumes:
  - name: scratch
    emptyDir: {sizeLimit: 1024Mi}
EOF"""


def _jsonpath(c, what, path):
    out = c.run(f"kubectl get {what} -o jsonpath={{{path}}}")
    assert out.exit_code == 0, out.text
    return json.loads(out.text)


def test_a_pod_reads_back_its_requests_limits_and_size_limit_in_canonical_form():
    c = Cluster(ClusterSpec(nodes=1), seed=2)
    assert c.run(POD).text == "pod/p created\n"
    assert _jsonpath(c, "pod p", ".spec.containers[0].resources") == {
        "limits": {"cpu": "1", "memory": "100Gi"}, "requests": {"cpu": "500m", "memory": "1536Mi"}}
    assert _jsonpath(c, "pod p", ".spec.volumes[0].emptyDir") == {"sizeLimit": "1Gi"}
    described = c.run("kubectl describe pod p").text
    assert "    Limits:\n      cpu:     1\n      memory:  100Gi\n" in described
    assert "    Requests:\n      cpu:        500m\n      memory:     1536Mi\n" in described


def test_a_yaml_integer_is_stored_as_a_quoted_quantity():
    c = Cluster(ClusterSpec(nodes=1), seed=2)
    c.run("kubectl create deployment web --image=nginx")
    c.run("""kubectl patch deployment web -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","resources":{"requests":{"cpu":1}}}]}}}}'""")
    c.advance(60)  # the rollout replaces the pod
    assert 'cpu: "1"' in c.run("kubectl get deployment web -o yaml").text
    [pod] = c.api.list("pods", "default")
    assert pod["spec"]["containers"][0]["resources"]["requests"] == {"cpu": "1"}


def test_node_capacity_prints_as_upstream_prints_it():
    c = Cluster(ClusterSpec(nodes=1, node_memory="16384Mi", node_cpu="4000m"), seed=2)
    node = c.get("nodes", "node-1", None)
    assert node["status"]["capacity"] == {"cpu": "4", "ephemeral-storage": "100Gi", "hugepages-1Gi": "0",
                                          "hugepages-2Mi": "0", "memory": "16Gi", "pods": "110"}
    assert "  memory:             16Gi\n" in c.run("kubectl describe node node-1").text
    rv = node["metadata"]["resourceVersion"]
    c.advance(60)  # the kubelet's 10 s status checks see nothing to write
    assert c.get("nodes", "node-1", None)["metadata"]["resourceVersion"] == rv


def test_quota_limit_range_and_claims_store_canonical_quantities():
    c = Cluster(ClusterSpec(nodes=1), seed=2)
    c.run("""kubectl apply -f - <<EOF
apiVersion: v1
kind: ResourceQuota
metadata: {name: q}
spec: {hard: {requests.cpu: 2000m, requests.memory: 2048Mi, pods: 10}}
---
apiVersion: v1
kind: LimitRange
metadata: {name: lr}
spec:
  limits:
  - type: Container
    default: {cpu: 0.5, memory: 0.25Gi}
    defaultRequest: {cpu: 100m, memory: 131072Ki}
    max: {cpu: 2}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1024Mi}}}
EOF""")
    assert _jsonpath(c, "quota q", ".spec.hard") == {"pods": "10", "requests.cpu": "2", "requests.memory": "2Gi"}
    assert _jsonpath(c, "limitrange lr", ".spec.limits[0]") == {
        "default": {"cpu": "500m", "memory": "256Mi"}, "defaultRequest": {"cpu": "100m", "memory": "128Mi"},
        "max": {"cpu": "2"}, "type": "Container"}
    assert _jsonpath(c, "pvc data", ".spec.resources.requests") == {"storage": "1Gi"}
    c.run("kubectl run web --image=nginx")  # LimitRanger copies the canonical defaults in
    assert _jsonpath(c, "pod web", ".spec.containers[0].resources") == {
        "limits": {"cpu": "500m", "memory": "256Mi"}, "requests": {"cpu": "100m", "memory": "128Mi"}}


def test_hpa_metric_targets_are_quantities():
    c = Cluster(ClusterSpec(nodes=1), seed=2)
    c.run("""kubectl apply -f - <<EOF
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: h}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 3
  metrics:
  - type: Resource
    resource: {name: memory, target: {type: AverageValue, averageValue: 1024Mi}}
  - type: Pods
    pods: {metric: {name: qps}, target: {type: AverageValue, averageValue: 1000}}
EOF""")
    assert c.run("kubectl get hpa h -o jsonpath={.spec.metrics[*].*.target.averageValue}").text == "1Gi 1k"
    hpa = c.get("horizontalpodautoscalers", "h")
    assert [m[m["type"].lower()]["target"]["averageValue"] for m in hpa["spec"]["metrics"]] == ["1Gi", "1k"]


def test_a_value_that_is_not_a_quantity_is_refused_as_decoding_refuses_it():
    c = Cluster(ClusterSpec(nodes=1), seed=2)
    out = c.run(POD.replace("102400Mi", "2MMi"))
    assert out.exit_code == 1
    assert out.text.endswith('Pod in version "v1" cannot be handled as a Pod: unable to parse quantity\'s suffix\n')
    out = c.run(POD.replace("102400Mi", "lots"))
    assert out.text.endswith("Pod in version \"v1\" cannot be handled as a Pod: quantities must match the regular "
                             "expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'\n")
    assert c.get("pods", "p") is None


def test_reapplying_a_non_canonical_quantity_says_configured_every_time_issue_116135():
    # kubectl's three-way patch compares the manifest with the live, canonical value (issues 116135, 66450).
    c = Cluster(ClusterSpec(nodes=1), seed=2)
    canonical = POD.replace("0.5", "500m").replace("1000m", '"1"').replace("102400Mi", "100Gi") \
        .replace("1.5Gi", "1536Mi").replace("1024Mi", "1Gi").replace("name: p}", "name: q}")
    assert [c.run(POD).text for _ in range(3)] == ["pod/p created\n", "pod/p configured\n", "pod/p configured\n"]
    assert [c.run(canonical).text for _ in range(2)] == ["pod/q created\n", "pod/q unchanged\n"]
