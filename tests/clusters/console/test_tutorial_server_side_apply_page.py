"""kubernetes.io's "Server-Side Apply" page (website content/en/docs/reference/using-api/server-side-apply.md)
typed as a learner would, and the prune sections of "Declarative Management of Kubernetes Objects Using
Configuration Files" (.../tasks/manage-kubernetes-objects/declarative-config.md).

The manifests are the few lines each example needs, written here; kubectl's
texts come from kubectl v0.32 pkg/cmd/apply/apply.go and pkg/util/prune/prune.go.
"""
from __future__ import annotations

import re

import pytest

from clusters import Cluster

ADVICE = """Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the `--force-conflicts` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts
"""
CM = """apiVersion: v1
kind: ConfigMap
metadata:
  name: test-cm
  namespace: default
  labels:
    test-label: test
data:
  key: some value
"""
DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
  labels:
    app: nginx
spec:
  replicas: 3
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
        image: nginx:1.14.2
"""
PRUNE_WARNING = re.compile(r"^W\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ prune\.go:71\] Deprecated: kubectl apply will no "
                           r"longer prune non-namespaced resources by default when used with the --namespace flag "
                           r"in a future release\. To preserve the current behaviour, list the resources you want "
                           r"to target explicitly in the --prune-allowlist flag\.$", re.M)


@pytest.fixture
def learner():
    c = Cluster(seed=7)
    yield c
    assert c.bugs == []


def save(c, name, text):
    c.run(f"cat > {name} <<'EOF'\n{text}EOF")


def managers(c, resource, name):
    return [(e["manager"], e["operation"]) for e in c.get(resource, name)["metadata"].get("managedFields") or []]


def test_it_applies_the_configmap_and_shows_its_managed_fields_only_when_asked(learner):
    save(learner, "cm.yaml", CM)
    assert learner.run("kubectl apply --server-side -f cm.yaml").text == "configmap/test-cm serverside-applied\n"
    assert "managedFields" not in learner.run("kubectl get cm test-cm -o yaml").text
    shown = learner.run("kubectl get cm test-cm -o yaml --show-managed-fields").text
    assert ("  managedFields:\n  - apiVersion: v1\n    fieldsType: FieldsV1\n    fieldsV1:\n      f:data:\n"
            "        f:key: {}\n      f:metadata:\n        f:labels:\n          f:test-label: {}\n"
            "    manager: kubectl\n    operation: Apply\n    time: \"2025-06-02T09:01:00Z\"\n") in shown
    assert learner.run("kubectl get cm test-cm -o jsonpath={.metadata.managedFields[0].manager}").text == "kubectl"


def test_it_refuses_a_conflicting_apply_with_kubectls_advice_and_forces_it_when_told(learner):
    save(learner, "cm.yaml", CM)
    learner.run("kubectl apply --server-side -f cm.yaml")
    learner.run("""kubectl patch cm test-cm -p '{"data":{"key":"new value"}}'""")
    save(learner, "cm.yaml", CM.replace("some value", "third value"))
    out = learner.run("kubectl apply --server-side -f cm.yaml")
    assert out.exit_code == 1
    assert out.text == ('error: Apply failed with 1 conflict: conflict with "kubectl-patch" using v1: .data.key\n'
                        + ADVICE)
    assert learner.run("kubectl apply --server-side -f cm.yaml --force-conflicts").text == \
        "configmap/test-cm serverside-applied\n"
    assert learner.get("configmaps", "test-cm")["data"] == {"key": "third value"}
    assert managers(learner, "configmaps", "test-cm") == [("kubectl", "Apply")]  # kubectl-patch owned nothing more


def test_it_hands_replicas_over_to_a_private_manager_before_dropping_them(learner):
    save(learner, "nginx-deployment.yaml", DEPLOYMENT)
    learner.run("kubectl apply -f nginx-deployment.yaml --server-side")
    save(learner, "nginx-deployment-replicas-only.yaml",
         "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nginx-deployment\nspec:\n  replicas: 3\n")
    out = learner.run("kubectl apply -f nginx-deployment-replicas-only.yaml --server-side "
                      "--field-manager=handover-to-hpa --validate=false")
    assert out.text == "deployment.apps/nginx-deployment serverside-applied\n"
    save(learner, "nginx-deployment-no-replicas.yaml", DEPLOYMENT.replace("  replicas: 3\n", ""))
    learner.run("kubectl apply -f nginx-deployment-no-replicas.yaml --server-side")
    assert learner.get("deployments", "nginx-deployment")["spec"]["replicas"] == 3  # still owned by the handover
    learner.run("kubectl apply -f nginx-deployment-replicas-only.yaml --server-side --field-manager=handover-to-hpa"
                " --validate=false".replace("replicas-only", "no-replicas"))
    assert learner.get("deployments", "nginx-deployment")["spec"]["replicas"] == 1  # nobody's: the default


def test_it_upgrades_from_client_side_apply_without_conflicts_but_not_past_kubectl_scale(learner):
    save(learner, "d.yaml", DEPLOYMENT)
    learner.run("kubectl apply -f d.yaml")
    assert learner.run("kubectl apply --server-side -f d.yaml").text == \
        "deployment.apps/nginx-deployment serverside-applied\n"
    # kubectl migrated client-side apply's fields to its own Apply entry and kept the annotation's owner
    assert [m for m in managers(learner, "deployments", "nginx-deployment") if m[0].startswith("kubectl")] == [
        ("kubectl-last-applied", "Apply"), ("kubectl", "Apply")]
    learner.run("kubectl scale deployment nginx-deployment --replicas=5")
    out = learner.run("kubectl apply --server-side -f d.yaml")
    assert out.text.startswith('error: Apply failed with 1 conflict: conflict with "kubectl" with subresource '
                               '"scale" using apps/v1: .spec.replicas\n')


def test_it_downgrades_to_client_side_apply_with_the_annotation_kept_up_to_date(learner):
    save(learner, "d.yaml", DEPLOYMENT)
    learner.run("kubectl apply -f d.yaml")
    save(learner, "d.yaml", DEPLOYMENT.replace("nginx:1.14.2", "nginx:1.16.1"))
    learner.run("kubectl apply --server-side -f d.yaml")
    annotation = learner.get("deployments", "nginx-deployment")["metadata"]["annotations"][
        "kubectl.kubernetes.io/last-applied-configuration"]
    assert '"image":"nginx:1.16.1"' in annotation
    # the server wrote the annotation from the applied object, without client-side apply's "annotations":{}
    assert learner.run("kubectl apply -f d.yaml").text == "deployment.apps/nginx-deployment configured\n"
    assert learner.run("kubectl apply -f d.yaml").text == "deployment.apps/nginx-deployment unchanged\n"


def test_server_dry_run_changes_nothing_and_client_dry_run_is_refused(learner):
    save(learner, "cm.yaml", CM)
    assert learner.run("kubectl apply --server-side --dry-run=server -f cm.yaml").text == \
        "configmap/test-cm serverside-applied (server dry run)\n"
    assert learner.api.try_get("configmaps", "test-cm", "default") is None
    assert learner.run("kubectl apply --server-side --dry-run=client -f cm.yaml").text == \
        "error: --dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)\n"
    assert learner.run("kubectl apply --force-conflicts -f cm.yaml").text == \
        "error: --force-conflicts only works with --server-side\n"


def test_diff_server_side_shows_the_apply_and_its_conflicts(learner):
    save(learner, "cm.yaml", CM)
    learner.run("kubectl apply --server-side -f cm.yaml")
    save(learner, "cm.yaml", CM.replace("some value", "other"))
    out = learner.run("kubectl diff --server-side -f cm.yaml")
    assert out.exit_code == 1 and "-  key: some value\n+  key: other\n" in out.text
    out = learner.run("kubectl diff --server-side --field-manager=someone -f cm.yaml")
    assert out.text == ('Error from server (Conflict): Apply failed with 1 conflict: conflict with "kubectl": '
                        '.data.key\n') and out.exit_code == 2


# -- declarative-config.md: "How to delete objects" / "Alternative: kubectl apply -f <directory> --prune"
def manifests(c):
    c.run("mkdir -p manifests")
    for name in ("one", "two"):
        save(c, f"manifests/{name}.yaml", f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n"
                                          f"  labels:\n    app: web\ndata:\n  k: v\n")


def test_apply_prune_deletes_what_the_directory_no_longer_holds_with_the_1_32_warning(learner):
    manifests(learner)
    learner.run("kubectl create configmap made-imperatively --from-literal=k=v")
    learner.run("kubectl label configmap made-imperatively app=web")
    out = learner.run("kubectl apply -f manifests/ --prune -l app=web")
    assert out.text.splitlines()[:2] == ["configmap/one created", "configmap/two created"]
    assert PRUNE_WARNING.search(out.text)
    learner.run("rm manifests/two.yaml")
    out = learner.run("kubectl apply -f manifests/ --prune -l app=web")
    assert out.text.endswith("configmap/two pruned\n") and "made-imperatively" not in out.text  # no annotation
    assert learner.api.try_get("configmaps", "two", "default") is None


def test_apply_prune_with_all_and_an_allowlist_prints_no_warning(learner):
    manifests(learner)
    learner.run("kubectl apply -f manifests/")
    learner.run("rm manifests/one.yaml")
    out = learner.run("kubectl apply -f manifests/ --prune --all --prune-allowlist=core/v1/ConfigMap")
    assert out.text == "configmap/two unchanged\nconfigmap/one pruned\n"


def test_apply_prune_refusals_follow_apply_go_validate(learner):
    manifests(learner)
    assert learner.run("kubectl apply -f manifests/ --prune").text == (
        "error: all resources selected for prune without explicitly passing --all. To prune all resources, pass the "
        "--all flag. If you did not mean to prune all resources, specify a label selector\n")
    assert learner.run("kubectl apply -f manifests/ --prune --all -l app=web").text == \
        "error: cannot set --all and --selector at the same time\n"
    assert learner.run("kubectl apply -f manifests/ --prune -l app=web --server-side").text == \
        "error: --prune is in alpha and doesn't currently work on objects created by server-side apply\n"
    assert learner.run("kubectl apply -f manifests/ --prune --all --prune-allowlist=v1/ConfigMap").text == \
        "error: invalid GroupVersionKind format: v1/ConfigMap, please follow <group/version/kind>\n"


def test_diff_prune_shows_what_apply_would_prune_as_removed(learner):
    manifests(learner)
    learner.run("kubectl apply -f manifests/")
    learner.run("rm manifests/two.yaml")
    out = learner.run("kubectl diff -f manifests/ --prune -l app=web --prune-allowlist=core/v1/ConfigMap")
    assert out.exit_code == 1
    assert re.search(r"^diff -u -N /tmp/LIVE-\d+/v1\.ConfigMap\.default\.two /tmp/MERGED-\d+/v1\.ConfigMap\.default"
                     r"\.two$", out.text, re.M)
    assert "-  name: two\n" in out.text
    assert learner.api.try_get("configmaps", "two", "default") is not None


def test_applying_to_an_object_being_deleted_warns_as_apply_go_does(learner):
    save(learner, "cm.yaml", CM.replace("  labels:\n", "  finalizers:\n  - example.com/hold\n  labels:\n"))
    learner.run("kubectl apply --server-side -f cm.yaml")
    learner.run("kubectl delete cm test-cm --wait=false")
    out = learner.run("kubectl apply --server-side -f cm.yaml")
    assert out.text == ("Warning: Detected changes to resource test-cm which is currently being deleted.\n"
                        "configmap/test-cm serverside-applied\n")
