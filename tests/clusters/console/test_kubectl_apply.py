"""kubectl apply -f: client-side apply with the last-applied annotation (pkg/cmd/apply/apply.go, patcher.go)."""
import json

from clusters import Cluster

DEPLOY = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web, tier: front}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
"""


def write(c, name, text):
    c.run(f"cat > {name} <<'EOF'\n{text}EOF")


def test_apply_creates_then_is_unchanged_then_configured():
    c = Cluster(seed=4)
    write(c, "web.yaml", DEPLOY)
    assert c.run("kubectl apply -f web.yaml").text == "deployment.apps/web created\n"
    assert c.run("kubectl apply -f web.yaml").text == "deployment.apps/web unchanged\n"
    write(c, "web.yaml", DEPLOY.replace("replicas: 2", "replicas: 4"))
    assert c.run("kubectl apply -f web.yaml").text == "deployment.apps/web configured\n"
    assert c.get("deployments", "web")["spec"]["replicas"] == 4
    assert c.bugs == []


def test_the_last_applied_annotation_is_sorted_compact_json_with_a_newline_apply_go():
    c = Cluster(seed=4)
    write(c, "web.yaml", DEPLOY)
    c.run("kubectl apply -f web.yaml")
    ann = c.get("deployments", "web")["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"]
    # util.GetModifiedConfiguration: annotations set back as an empty map, and the namespace the
    # builder's DefaultNamespace visitor gave the object (the declarative-config page shows both)
    assert ann.endswith("}\n") and ann.startswith(
        '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"labels":')
    assert json.loads(ann)["metadata"]["namespace"] == "default"
    assert json.loads(ann)["spec"]["replicas"] == 2


def test_a_field_removed_from_the_manifest_is_removed_from_the_object_three_way_merge():
    c = Cluster(seed=4)
    write(c, "web.yaml", DEPLOY)
    c.run("kubectl apply -f web.yaml")
    write(c, "web.yaml", DEPLOY.replace(", tier: front", ""))
    assert c.run("kubectl apply -f web.yaml").text == "deployment.apps/web configured\n"
    assert c.get("deployments", "web")["metadata"]["labels"] == {"app": "web"}


def test_fields_set_by_others_survive_an_apply():
    c = Cluster(seed=4)
    write(c, "web.yaml", DEPLOY)
    c.run("kubectl apply -f web.yaml")
    c.run("kubectl scale deployment web --replicas=5")
    c.run("kubectl annotate deployment web owner=me")
    write(c, "web.yaml", DEPLOY.replace("nginx:1.27", "nginx:1.28"))
    c.run("kubectl apply -f web.yaml")
    d = c.get("deployments", "web")
    assert d["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.28"
    assert d["spec"]["template"]["spec"]["containers"][0]["imagePullPolicy"] == "IfNotPresent"


def test_apply_from_a_heredoc_with_several_documents():
    c = Cluster(seed=4)
    out = c.run("cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\n"
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  namespace: shop\ndata:\n  a: b\nEOF")
    assert (out.text, out.exit_code) == ("namespace/shop created\nconfigmap/cfg created\n", 0)


def test_apply_a_directory_applies_every_manifest_in_name_order():
    c = Cluster(seed=4)
    c.run("mkdir app")
    write(c, "app/b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n")
    write(c, "app/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n")
    out = c.run("kubectl apply -f app/")
    assert out.text == "configmap/a created\nconfigmap/b created\n"


def test_apply_without_a_file_says_so_as_filename_options_does():
    out = Cluster(seed=4).run("kubectl apply")
    assert (out.text, out.exit_code) == ("error: must specify one of -f and -k\n", 1)


def test_an_unknown_kind_is_a_mapping_error():
    c = Cluster(seed=4)
    write(c, "w.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n")
    out = c.run("kubectl apply -f w.yaml")
    assert out.text == ('error: resource mapping not found for name: "w" namespace: "" from "w.yaml": no matches for kind '
                        '"Widget" in version "example.com/v1"\nensure CRDs are installed first\n')
