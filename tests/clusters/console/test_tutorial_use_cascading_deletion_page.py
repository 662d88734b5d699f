"""kubernetes.io's "Use Cascading Deletion in a Cluster", typed unchanged.

kubernetes/website content/en/docs/tasks/administer-cluster/use-cascading-deletion.md, with the
nginx Deployment of run-stateless-application-deployment.md (pasted below) recreated for each kind
of deletion as the page asks. The page's ``curl -X DELETE ... -d '{"kind":"DeleteOptions",...}'``
goes through ``kubectl proxy --port=8080`` to the API server's DELETE handler
(k8s.io/apiserver pkg/endpoints/handlers/delete.go): an object that lingers (the foregroundDeletion
or orphan finalizer) is answered as itself, one removed at once as the Status that
registry/store.go finalizeDelete builds. UIDs, resourceVersions and times differ.
"""
import json
import re

from clusters import Cluster

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
spec:
  selector:
    matchLabels:
      app: nginx
  replicas: 2 # tells deployment to run 2 pods matching the template
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

CURL = """curl -X DELETE localhost:8080/apis/apps/v1/namespaces/default/deployments/nginx-deployment \\
    -d '{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"%s"}' \\
    -H "Content-Type: application/json\""""


def _deployed(proxy: bool = True) -> Cluster:
    c = Cluster(seed=5)
    c.run(f"cat > deployment.yaml <<'EOF'\n{DEPLOYMENT}EOF")
    c.run("kubectl apply -f deployment.yaml")
    c.run("sim advance 30s")
    if proxy:
        assert c.run("kubectl proxy --port=8080").text.startswith("Starting to serve on 127.0.0.1:8080\n")
    return c


def _pods(c: Cluster) -> str:
    return c.run("kubectl get pods -l app=nginx").text


def test_the_pods_carry_owner_references_to_their_replicaset():
    c = _deployed(proxy=False)
    out = c.run("kubectl get pods -l app=nginx --output=yaml").text
    assert re.search(r"    ownerReferences:\n    - apiVersion: apps/v1\n      blockOwnerDeletion: true\n"
                     r"      controller: true\n      kind: ReplicaSet\n      name: nginx-deployment-[a-z0-9]+\n"
                     r"      uid: [0-9a-f-]{36}\n", out)


def test_foreground_deletion_through_the_api_answers_the_deployment_with_its_finalizer():
    c = _deployed()
    out = c.run(CURL % "Foreground")
    assert out.exit_code == 0
    text = out.text
    assert text.startswith('{\n  "kind": "Deployment",\n  "apiVersion": "apps/v1",\n  "metadata": {\n'
                           '    "name": "nginx-deployment",\n    "namespace": "default",\n    "uid": "')
    assert re.search(r'    "creationTimestamp": "[0-9TZ:-]+",\n    "deletionTimestamp": "[0-9TZ:-]+",\n'
                     r'    "deletionGracePeriodSeconds": 0,\n', text)
    assert '    "finalizers": [\n      "foregroundDeletion"\n    ],\n' in text
    obj = json.loads(text)
    assert obj["metadata"]["finalizers"] == ["foregroundDeletion"]
    c.run("sim advance 60s")
    # the garbage collector deletes the dependents first, then the Deployment
    assert c.run("kubectl get deployments,replicasets,pods").text == "No resources found in default namespace.\n"


def test_background_deletion_through_the_api_answers_a_success_status():
    c = _deployed()
    uid = c.run("kubectl get deployment nginx-deployment -o jsonpath='{.metadata.uid}'").text
    out = c.run(CURL % "Background")
    assert out.text == ('{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n  "status": "Success",\n'
                        '  "details": {\n    "name": "nginx-deployment",\n    "group": "apps",\n'
                        f'    "kind": "deployments",\n    "uid": "{uid}"\n  }}\n}}')
    c.run("sim advance 60s")
    assert c.run("kubectl get deployments,replicasets,pods").text == "No resources found in default namespace.\n"


def test_orphan_deletion_through_the_api_leaves_the_pods_running():
    c = _deployed()
    out = c.run(CURL % "Orphan")
    assert '    "deletionGracePeriodSeconds": 0,\n' in out.text
    assert '    "finalizers": [\n      "orphan"\n    ],\n' in out.text
    c.run("sim advance 30s")
    assert c.run("kubectl get deployments").text == "No resources found in default namespace.\n"
    lines = _pods(c).splitlines()
    assert len(lines) == 3 and all(re.match(r"nginx-deployment-\S+ +1/1 +Running +0 ", ln) for ln in lines[1:])
    rs = c.run("kubectl get rs -o jsonpath='{.items[0].metadata.ownerReferences}'").text
    assert rs == ""  # the orphan finalizer took the owner reference away


def test_the_kubectl_cascade_variants_do_the_same():
    c = _deployed(proxy=False)
    for cascade, pods_left in (("foreground", 1), ("background", 1), ("orphan", 3)):
        assert c.run(f"kubectl delete deployment nginx-deployment --cascade={cascade}").text == \
            'deployment.apps "nginx-deployment" deleted\n'
        c.run("sim advance 60s")
        assert c.run("kubectl get deployments").text == "No resources found in default namespace.\n"
        assert len(_pods(c).splitlines()) == pods_left  # no pods left: "No resources found" alone
        c.run("kubectl apply -f deployment.yaml")
        c.run("sim advance 30s")


def test_a_delete_without_the_pages_content_type_is_refused_as_the_server_refuses_it():
    c = _deployed()
    # curl's own application/x-www-form-urlencoded: negotiation's 415 (handlers/negotiation/errors.go)
    out = c.run("curl -X DELETE localhost:8080/apis/apps/v1/namespaces/default/deployments/nginx-deployment "
                """-d '{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Foreground"}'""")
    assert out.text == ('{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n  "status": "Failure",\n'
                        '  "message": "the body of the request was in an unknown format - accepted media types '
                        'include: application/json, application/yaml, application/vnd.kubernetes.protobuf",\n'
                        '  "reason": "UnsupportedMediaType",\n  "code": 415\n}')
    out = c.run(CURL % "Sideways")
    assert ('"message": "DeleteOptions.meta.k8s.io \\"\\" is invalid: propagationPolicy: Unsupported value: '
            '\\"Sideways\\": supported values: \\"Foreground\\", \\"Background\\", \\"Orphan\\", \\"nil\\"",') in out.text
    assert '"code": 422' in out.text
    assert c.run("kubectl get deployment nginx-deployment -o name").text == "deployment.apps/nginx-deployment\n"
