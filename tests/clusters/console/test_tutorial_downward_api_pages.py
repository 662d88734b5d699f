"""The two downward API tasks typed unchanged, their manifests pasted as a learner would.

- kubernetes/website content/en/docs/tasks/inject-data-application/environment-variable-expose-pod-information.md
- kubernetes/website content/en/docs/tasks/inject-data-application/downward-api-volume-expose-pod-information.md
The manifests are written here to describe the same objects: busybox loops that print the
variables or files every few seconds with ``echo -en '\\n'`` between them.
"""
import re

from clusters import Cluster

FIELDS = [("MY_NODE_NAME", "spec.nodeName"), ("MY_POD_NAME", "metadata.name"),
          ("MY_POD_NAMESPACE", "metadata.namespace"), ("MY_POD_IP", "status.podIP"),
          ("MY_POD_SERVICE_ACCOUNT", "spec.serviceAccountName")]

FIELDREF = """apiVersion: v1
kind: Pod
metadata:
  name: dapi-envars-fieldref
spec:
  containers:
    - name: test-container
      image: registry.k8s.io/busybox:1.27.2
      command: [ "sh", "-c"]
      args:
      - while true; do
          echo -en '\\n';
          printenv MY_NODE_NAME MY_POD_NAME MY_POD_NAMESPACE;
          printenv MY_POD_IP MY_POD_SERVICE_ACCOUNT;
          sleep 10;
        done;
      env:
""" + "".join(f"""        - name: {name}
          valueFrom:
            fieldRef:
              fieldPath: {path}
""" for name, path in FIELDS) + """  restartPolicy: Never
"""

RESOURCES = [("MY_CPU_REQUEST", "requests.cpu"), ("MY_CPU_LIMIT", "limits.cpu"),
             ("MY_MEM_REQUEST", "requests.memory"), ("MY_MEM_LIMIT", "limits.memory")]
LIMITS = """      resources:
        requests:
          memory: "32Mi"
          cpu: "125m"
        limits:
          memory: "64Mi"
          cpu: "250m"
"""
RESOURCEFIELDREF = """apiVersion: v1
kind: Pod
metadata:
  name: dapi-envars-resourcefieldref
spec:
  containers:
    - name: test-container
      image: registry.k8s.io/busybox:1.27.2
      command: [ "sh", "-c"]
      args:
      - while true; do
          echo -en '\\n';
          printenv MY_CPU_REQUEST MY_CPU_LIMIT;
          printenv MY_MEM_REQUEST MY_MEM_LIMIT;
          sleep 10;
        done;
""" + LIMITS + """      env:
""" + "".join(f"""        - name: {name}
          valueFrom:
            resourceFieldRef:
              containerName: test-container
              resource: {res}
""" for name, res in RESOURCES) + """  restartPolicy: Never
"""

VOLUME = """apiVersion: v1
kind: Pod
metadata:
  name: kubernetes-downwardapi-volume-example
  labels:
    zone: us-est-coast
    cluster: test-cluster1
    rack: rack-22
  annotations:
    build: two
    builder: john-doe
spec:
  containers:
    - name: client-container
      image: registry.k8s.io/busybox:1.27.2
      command: ["sh", "-c"]
      args:
      - while true; do
          if [[ -e /etc/podinfo/labels ]]; then
            echo -en '\\n\\n'; cat /etc/podinfo/labels; fi;
          if [[ -e /etc/podinfo/annotations ]]; then
            echo -en '\\n\\n'; cat /etc/podinfo/annotations; fi;
          sleep 5;
        done;
      volumeMounts:
        - name: podinfo
          mountPath: /etc/podinfo
  volumes:
    - name: podinfo
      downwardAPI:
        items:
          - path: "labels"
            fieldRef:
              fieldPath: metadata.labels
          - path: "annotations"
            fieldRef:
              fieldPath: metadata.annotations
"""

FILES = [("cpu_limit", "limits.cpu", "1m"), ("cpu_request", "requests.cpu", "1m"),
         ("mem_limit", "limits.memory", "1Mi"), ("mem_request", "requests.memory", "1Mi")]
VOLUME_RESOURCES = """apiVersion: v1
kind: Pod
metadata:
  name: kubernetes-downwardapi-volume-example-2
spec:
  containers:
    - name: client-container
      image: registry.k8s.io/busybox:1.27.2
      command: ["sh", "-c"]
      args:
      - while true; do
          echo -en '\\n';
          if [[ -e /etc/podinfo/cpu_limit ]]; then
            echo -en '\\n'; cat /etc/podinfo/cpu_limit; fi;
          if [[ -e /etc/podinfo/cpu_request ]]; then
            echo -en '\\n'; cat /etc/podinfo/cpu_request; fi;
          if [[ -e /etc/podinfo/mem_limit ]]; then
            echo -en '\\n'; cat /etc/podinfo/mem_limit; fi;
          if [[ -e /etc/podinfo/mem_request ]]; then
            echo -en '\\n'; cat /etc/podinfo/mem_request; fi;
          sleep 5;
        done;
""" + LIMITS + """      volumeMounts:
        - name: podinfo
          mountPath: /etc/podinfo
  volumes:
    - name: podinfo
      downwardAPI:
        items:
""" + "".join(f"""          - path: "{path}"
            resourceFieldRef:
              containerName: client-container
              resource: {res}
              divisor: {div}
""" for path, res, div in FILES)

LABELS = 'cluster="test-cluster1"\nrack="rack-22"\nzone="us-est-coast"'


def apply(c, manifest):
    return c.run(f"cat <<'EOF' | kubectl apply -f -\n{manifest}EOF")


def test_it_exposes_pod_fields_as_environment_variables_every_ten_seconds():
    c = Cluster(seed=3)
    assert apply(c, FIELDREF).text == "pod/dapi-envars-fieldref created\n"
    c.run("sim advance 15s")
    assert c.run("kubectl get pods").text.splitlines()[1].split()[:3] == ["dapi-envars-fieldref", "1/1", "Running"]
    pod = c.get("pods", "dapi-envars-fieldref")
    node, ip = pod["spec"]["nodeName"], pod["status"]["podIP"]
    once = f"\n{node}\ndapi-envars-fieldref\ndefault\n{ip}\ndefault\n"
    assert c.run("kubectl logs dapi-envars-fieldref").text == once * 2  # at 0s and 10s
    env = c.run("kubectl exec dapi-envars-fieldref -- printenv").text.splitlines()
    assert {f"MY_POD_SERVICE_ACCOUNT=default", "MY_POD_NAMESPACE=default", f"MY_POD_IP={ip}", f"MY_NODE_NAME={node}",
            "MY_POD_NAME=dapi-envars-fieldref"} <= set(env)


def test_it_exposes_container_resources_as_environment_variables_rounded_up_to_cores_and_bytes():
    c = Cluster(seed=3)
    apply(c, RESOURCEFIELDREF)
    c.run("sim advance 5s")
    assert c.run("kubectl logs dapi-envars-resourcefieldref").text == "\n1\n1\n33554432\n67108864\n"


def test_it_writes_labels_and_annotations_files_and_the_loop_prints_them():
    c = Cluster(seed=3)
    assert apply(c, VOLUME).text == "pod/kubernetes-downwardapi-volume-example created\n"
    c.run("sim advance 7s")
    assert c.run("kubectl exec kubernetes-downwardapi-volume-example -- cat /etc/podinfo/labels").text == LABELS
    annotations = c.run("kubectl exec kubernetes-downwardapi-volume-example -- cat /etc/podinfo/annotations").text
    lines = annotations.split("\n")
    assert lines[:2] == ['build="two"', 'builder="john-doe"']
    # kubectl apply's annotation, Go-quoted; then the two the kubelet's config source adds to its copy.
    assert lines[2].startswith('kubectl.kubernetes.io/last-applied-configuration="{\\"apiVersion\\":\\"v1\\"')
    assert re.fullmatch(r'kubernetes\.io/config\.seen="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z"', lines[3])
    assert lines[4:] == ['kubernetes.io/config.source="api"']  # no newline after the last
    logs = c.run("kubectl logs kubernetes-downwardapi-volume-example").text
    # Each pass: two newlines, the labels, two newlines, the annotations (whose last line the next pass ends).
    assert logs.startswith(f"\n\n{LABELS}\n\n{annotations}\n\n{LABELS}\n\n")
    c.run("kubectl label pod kubernetes-downwardapi-volume-example rack=rack-23 --overwrite")
    c.run("sim advance 5s")
    assert 'rack="rack-23"' in c.run("kubectl exec kubernetes-downwardapi-volume-example -- cat /etc/podinfo/labels").text


def test_it_writes_container_resources_in_the_divisors_units():
    c = Cluster(seed=3)
    apply(c, VOLUME_RESOURCES)
    c.run("sim advance 7s")
    pod = "kubernetes-downwardapi-volume-example-2"
    assert c.run(f"kubectl exec {pod} -- cat /etc/podinfo/cpu_limit").text == "250"
    assert [c.run(f"kubectl exec {pod} -- cat /etc/podinfo/{f}").text for f in ("cpu_request", "mem_limit", "mem_request")] \
        == ["125", "64", "32"]
    assert c.run(f"kubectl logs {pod}").text.startswith("\n\n250\n125\n64\n32\n\n250\n125\n64\n")
