"""kubectl patch (pkg/cmd/patch/patch.go) and replace (pkg/cmd/replace/replace.go).

Expected texts were checked against kubectl 1.32 talking to a stub API server.
"""
from clusters import Cluster

REPLICAS_3 = """kubectl patch deployment web -p '{"spec":{"replicas":3}}'"""


def _cluster():
    c = Cluster(seed=5)
    c.run("kubectl create deployment web --image=nginx")
    return c


def test_strategic_patch_prints_patched_then_no_change_patch_go_patchOperation():
    c = _cluster()
    assert c.run(REPLICAS_3).text == "deployment.apps/web patched\n"
    assert c.get("deployments", "web")["spec"]["replicas"] == 3
    rv = c.get("deployments", "web")["metadata"]["resourceVersion"]
    assert c.run(REPLICAS_3).text == "deployment.apps/web patched (no change)\n"
    assert c.get("deployments", "web")["metadata"]["resourceVersion"] == rv
    assert c.bugs == []


def test_strategic_patch_merges_containers_by_name():
    c = _cluster()
    out = c.run("""kubectl patch deploy web -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}}}'""")
    assert out.text == "deployment.apps/web patched\n"
    containers = c.get("deployments", "web")["spec"]["template"]["spec"]["containers"]
    assert [(x["name"], x["image"]) for x in containers] == [("nginx", "nginx:1.27")]


def test_merge_and_json_patches():
    c = _cluster()
    assert c.run("""kubectl patch deploy web --type merge -p '{"metadata":{"labels":{"tier":"fe"}}}'""").text == \
        "deployment.apps/web patched\n"
    assert c.run("""kubectl patch deploy web --type=json -p '[{"op":"replace","path":"/spec/replicas","value":2}]'""").text == \
        "deployment.apps/web patched\n"
    assert c.get("deployments", "web")["spec"]["replicas"] == 2
    assert c.get("deployments", "web")["metadata"]["labels"]["tier"] == "fe"


def test_patch_accepts_yaml_and_a_node_can_be_marked_unschedulable():
    c = _cluster()
    assert c.run("kubectl patch node node-1 -p 'spec: {unschedulable: true}'").text == "node/node-1 patched\n"
    assert c.get("nodes", "node-1", None)["spec"]["unschedulable"] is True


def test_client_dry_run_prints_no_dry_run_suffix_in_1_32():
    c = _cluster()
    assert c.run(REPLICAS_3 + " --dry-run=client").text == "deployment.apps/web patched\n"
    assert c.get("deployments", "web")["spec"]["replicas"] == 1


def test_patch_errors_patch_go():
    c = _cluster()
    cases = {
        "kubectl patch deploy web": "error: must specify --patch or --patch-file containing the contents of the patch\n",
        "kubectl patch deploy web -p {} --type=foo": 'error: --type must be one of [json merge strategic], not "foo"\n',
        "kubectl patch deploy web --type=json -p '[1]'":
            "error: json: cannot unmarshal number into Go value of type jsonpatch.Operation\n",
        "kubectl patch deploy web --type=json -p '{}'":
            "error: json: cannot unmarshal object into Go value of type jsonpatch.Patch\n",
        "kubectl patch deploy -p {}": "error: resource(s) were provided, but no name was specified\n",
        "kubectl patch -p {}": ("error: You must provide one or more resources by argument or filename.\n"
                                "Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n"
                                "   '<resource> <name>'\n   '<resource>'\n"),
        "kubectl patch deploy ghost -p {}": 'Error from server (NotFound): deployments.apps "ghost" not found\n',
    }
    for line, text in cases.items():
        out = c.run(line)
        assert (line, out.text, out.exit_code) == (line, text, 1)


def test_an_invalid_patched_object_is_refused_with_the_validation_error():
    out = _cluster().run("""kubectl patch deploy web --type merge -p '{"spec":{"replicas":-1}}'""")
    assert out.exit_code == 1
    assert out.text.startswith('The Deployment "web" is invalid: spec.replicas: Invalid value: -1')


def test_replace_puts_the_manifest_and_prints_replaced():
    c = _cluster()
    c.run("kubectl create deployment web --image=nginx:1.27 --replicas=2 --dry-run=client -o yaml > web.yaml")
    assert c.run("kubectl replace -f web.yaml").text == "deployment.apps/web replaced\n"
    assert c.get("deployments", "web")["spec"]["replicas"] == 2
    assert c.run("kubectl replace -f web.yaml --dry-run=client").text == "deployment.apps/web replaced (dry run)\n"


def test_replace_of_a_missing_object_names_the_file_helpers_go_AddSourceToErr():
    c = Cluster(seed=5)
    c.run("kubectl create deployment web --image=nginx --dry-run=client -o yaml > web.yaml")
    out = c.run("kubectl replace -f web.yaml")
    assert (out.text, out.exit_code) == (
        'Error from server (NotFound): error when replacing "web.yaml": deployments.apps "web" not found\n', 1)


def test_replace_force_deletes_waits_and_creates_again():
    c = _cluster()
    uid = c.get("deployments", "web")["metadata"]["uid"]
    c.run("kubectl create deployment web --image=nginx:1.27 --dry-run=client -o yaml > web.yaml")
    out = c.run("kubectl replace --force -f web.yaml")
    assert out.text == 'deployment.apps "web" deleted\ndeployment.apps/web replaced\n'
    assert c.get("deployments", "web")["metadata"]["uid"] != uid
    assert c.bugs == []


def test_replace_flag_errors_replace_go():
    c = _cluster()
    assert c.run("kubectl replace").text == "error: must specify one of -f and -k\n"
    assert c.run("kubectl replace -f x.yaml --grace-period=1").text == "error: --grace-period must have --force specified\n"
    assert c.run("kubectl replace -f x.yaml --force --dry-run=client").text == \
        "error: --dry-run can not be used when --force is set\n"


LOCAL_DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  selector:
    matchLabels:
      app: d
  strategy:
    rollingUpdate:
      maxSurge: 30%
  template:
    metadata:
      labels:
        app: d
    spec:
      containers:
      - name: a
        image: nginx
      - name: b
        image: nginx
"""
NAMES = "-o jsonpath='{.spec.template.spec.containers[*].name}'"


def test_strategic_merge_orders_a_merged_list_as_kubectl_does_normalize_element_order():
    # outputs of kubectl 1.32 patch --local on the same file
    c = Cluster(seed=1)
    c.run(f"cat > d.yaml <<'EOF'\n{LOCAL_DEPLOYMENT}EOF")
    patch = """'{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"redis"},{"name":"a","image":"x"}]}}}}'"""
    assert c.run(f"kubectl patch --local -f d.yaml -p {patch} {NAMES}").text == "c a b"
    patch = """'{"spec":{"template":{"spec":{"containers":[{"name":"b","image":"redis"},{"name":"c","image":"x"}]}}}}'"""
    assert c.run(f"kubectl patch --local -f d.yaml -p {patch} {NAMES}").text == "a b c"


def test_retain_keys_clears_the_keys_it_does_not_list_apply_retain_keys_directive():
    c = Cluster(seed=1)
    c.run(f"cat > d.yaml <<'EOF'\n{LOCAL_DEPLOYMENT}EOF")
    out = c.run("""kubectl patch --local -f d.yaml -p '{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}' """
                "-o jsonpath='{.spec.strategy}'")
    assert out.text == '{"type":"Recreate"}'
    out = c.run("""kubectl patch --local -f d.yaml -p '{"spec":{"strategy":{"$retainKeys":["rollingUpdate"],"""
                """"type":"Recreate"}}}' -o name""")
    assert (out.text, out.exit_code) == ("error: invalid patch format of retainKeys\n", 1)
