"""Update API Objects in Place Using kubectl patch, typed unchanged with its manifests pasted.

kubernetes/website content/en/docs/tasks/manage-kubernetes-objects/update-api-object-kubectl-patch.md.
The Deployments are written here to describe the page's objects; the patch
files are the page's own few lines, created as the page asks.
"""
from clusters import Cluster

PATCH_DEMO = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: patch-demo
spec:
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
      - name: patch-demo-ctr
        image: nginx
      tolerations:
      - effect: NoSchedule
        key: dedicated
        value: test-team
"""
RETAINKEYS_DEMO = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: retainkeys-demo
spec:
  selector:
    matchLabels:
      app: nginx
  strategy:
    rollingUpdate:
      maxSurge: 30%
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: retainkeys-demo-ctr
        image: nginx
"""
FILES = {
    "patch-file.yaml": "spec:\n  template:\n    spec:\n      containers:\n      - name: patch-demo-ctr-2\n        image: redis\n",
    "patch-file-tolerations.yaml": "spec:\n  template:\n    spec:\n      tolerations:\n      - effect: NoSchedule\n"
                                   "        key: disktype\n        value: ssd\n",
    "patch-file-2.yaml": "spec:\n  template:\n    spec:\n      containers:\n      - name: patch-demo-ctr-3\n"
                         "        image: gcr.io/google-samples/node-hello:1.0\n",
    "patch-file-no-retainkeys.yaml": "spec:\n  strategy:\n    type: Recreate\n",
    "patch-file-retainkeys.yaml": "spec:\n  strategy:\n    $retainKeys:\n    - type\n    type: Recreate\n",
    "patch-file.json": '{\n   "spec": {\n      "template": {\n         "spec": {\n            "containers": [\n'
                       '               {\n                  "name": "patch-demo-ctr-2",\n'
                       '                  "image": "redis"\n               }\n            ]\n         }\n      }\n   }\n}\n',
}


def page_cluster():
    c = Cluster(seed=5)
    for name, text in {"deployment-patch.yaml": PATCH_DEMO, "deployment-retainkeys.yaml": RETAINKEYS_DEMO,
                       **FILES}.items():
        c.run(f"cat > {name} <<'EOF'\n{text}EOF")
    return c


def pods(c):
    return [(row.split()[0], row.split()[1], row.split()[2]) for row in c.run("kubectl get pods").text.splitlines()[1:]]


def template(c, name="patch-demo"):
    return c.get("deployments", name)["spec"]["template"]["spec"]


def test_a_strategic_merge_patch_merges_containers_and_replaces_tolerations():
    c = page_cluster()
    assert c.run("kubectl apply -f deployment-patch.yaml").text == "deployment.apps/patch-demo created\n"
    c.run("sim advance 30s")
    before = pods(c)
    assert [(ready, status) for _, ready, status in before] == [("1/1", "Running")] * 2
    assert c.run("kubectl patch deployment patch-demo --patch-file patch-file.yaml").text == \
        "deployment.apps/patch-demo patched\n"
    yaml_out = c.run("kubectl get deployment patch-demo --output yaml").text
    # the new container comes first, as the page shows (strategicpatch normalizeElementOrder)
    assert "      containers:\n      - image: redis\n        imagePullPolicy: Always\n        name: patch-demo-ctr-2\n" \
        in yaml_out
    assert [x["name"] for x in template(c)["containers"]] == ["patch-demo-ctr-2", "patch-demo-ctr"]
    c.run("sim advance 60s")
    after = pods(c)
    assert [(ready, status) for _, ready, status in after] == [("2/2", "Running")] * 2
    assert not {n for n, _, _ in before} & {n for n, _, _ in after}
    pod = after[0][0]
    assert [x["image"] for x in c.get("pods", pod)["spec"]["containers"]] == ["redis", "nginx"]
    assert c.run("kubectl patch deployment patch-demo --patch-file patch-file-tolerations.yaml").text == \
        "deployment.apps/patch-demo patched\n"
    assert template(c)["tolerations"] == [{"effect": "NoSchedule", "key": "disktype", "value": "ssd"}]


def test_a_json_merge_patch_replaces_the_containers_list():
    c = page_cluster()
    c.run("kubectl apply -f deployment-patch.yaml")
    c.run("kubectl patch deployment patch-demo --patch-file patch-file.yaml")
    assert c.run("kubectl patch deployment patch-demo --type merge --patch-file patch-file-2.yaml").text == \
        "deployment.apps/patch-demo patched\n"
    assert [(x["name"], x["image"]) for x in template(c)["containers"]] == \
        [("patch-demo-ctr-3", "gcr.io/google-samples/node-hello:1.0")]
    c.run("sim advance 90s")
    assert [(ready, status) for _, ready, status in pods(c)] == [("1/1", "Running")] * 2


def test_retain_keys_drops_rolling_update_where_a_merge_patch_is_refused():
    c = page_cluster()
    assert c.run("kubectl apply -f deployment-retainkeys.yaml").text == "deployment.apps/retainkeys-demo created\n"
    out = c.run("kubectl patch deployment retainkeys-demo --type merge --patch-file patch-file-no-retainkeys.yaml")
    assert (out.text, out.exit_code) == (
        "The Deployment \"retainkeys-demo\" is invalid: spec.strategy.rollingUpdate: Forbidden: may not be specified "
        "when strategy `type` is 'Recreate'\n", 1)
    assert c.run("kubectl patch deployment retainkeys-demo --patch-file patch-file-retainkeys.yaml").text == \
        "deployment.apps/retainkeys-demo patched\n"
    assert "  strategy:\n    type: Recreate\n  template:\n" in \
        c.run("kubectl get deployment retainkeys-demo --output yaml").text


def test_the_alternate_forms_are_equivalent_and_the_escaped_one_fails_as_in_bash():
    c = page_cluster()
    c.run("kubectl apply -f deployment-patch.yaml")
    assert c.run("kubectl patch deployment patch-demo --patch-file patch-file.yaml").text == \
        "deployment.apps/patch-demo patched\n"
    # single quotes keep \n as two characters, so this one is one line of YAML (go-yaml's words)
    out = c.run("kubectl patch deployment patch-demo --patch 'spec:\\n template:\\n  spec:\\n   containers:\\n"
                "   - name: patch-demo-ctr-2\\n     image: redis'")
    assert out.text == ('error: unable to parse "spec:\\\\n template:\\\\n  spec:\\\\n   containers:\\\\n   - name: '
                        'patch-demo-ctr-2\\\\n     image: redis": yaml: mapping values are not allowed in this context\n')
    assert c.run("kubectl patch deployment patch-demo --patch-file patch-file.json").text == \
        "deployment.apps/patch-demo patched (no change)\n"
    assert c.run("kubectl patch deployment patch-demo --patch '{\"spec\": {\"template\": {\"spec\": {\"containers\": "
                 "[{\"name\": \"patch-demo-ctr-2\",\"image\": \"redis\"}]}}}}'").text == \
        "deployment.apps/patch-demo patched (no change)\n"
