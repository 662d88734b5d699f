"""kubectl auth reconcile -f, as kubectl 1.32 runs it (kubectl pkg/cmd/auth/reconcile.go over
component-helpers auth/rbac/reconciliation and auth/rbac/validation/policy_comparator.go).

The expected texts were read off the real kubectl 1.32 binary pointed at a stub API server holding
the same objects: the ``reconciled`` line on stdout, printResults' tab-indented lines on stderr with
the rules and subjects as Go's %+v prints them, the errors after every object was visited.
"""
from __future__ import annotations

import pytest

from clusters import Cluster

MIXED = """apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: no-namespace
rules:
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: reader
rules:
- apiGroups: ["", "apps"]
  resources: ["pods", "deployments"]
  verbs: ["get"]
  resourceNames: [a]
- nonResourceURLs: ["/healthz"]
  verbs: ["get"]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: skipped
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: readers
  namespace: fresh
subjects:
- kind: User
  name: jane
  apiGroup: rbac.authorization.k8s.io
- kind: ServiceAccount
  name: app
roleRef:
  kind: Role
  name: no-namespace
  apiGroup: rbac.authorization.k8s.io
"""

UPDATE = """apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: reader
  labels: {new: label}
rules:
- apiGroups: ["", "apps"]
  resources: ["pods", "deployments"]
  verbs: ["get", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: readers
  namespace: dev
subjects:
- kind: User
  name: jane
  apiGroup: rbac.authorization.k8s.io
roleRef:
  kind: Role
  name: pod-reader
  apiGroup: rbac.authorization.k8s.io
"""

MISSING_RULES = """\tmissing rules added:
\t\t{Verbs:[watch] APIGroups:[] Resources:[pods] ResourceNames:[] NonResourceURLs:[]}
\t\t{Verbs:[get] APIGroups:[] Resources:[deployments] ResourceNames:[] NonResourceURLs:[]}
\t\t{Verbs:[watch] APIGroups:[] Resources:[deployments] ResourceNames:[] NonResourceURLs:[]}
\t\t{Verbs:[get] APIGroups:[apps] Resources:[pods] ResourceNames:[] NonResourceURLs:[]}
\t\t{Verbs:[watch] APIGroups:[apps] Resources:[pods] ResourceNames:[] NonResourceURLs:[]}
\t\t{Verbs:[get] APIGroups:[apps] Resources:[deployments] ResourceNames:[] NonResourceURLs:[]}
\t\t{Verbs:[watch] APIGroups:[apps] Resources:[deployments] ResourceNames:[] NonResourceURLs:[]}
"""


def write(c: Cluster, name: str, text: str) -> None:
    assert c.run(f"cat <<'EOF' > {name}\n{text}EOF").exit_code == 0


@pytest.fixture
def c():
    return Cluster(seed=1)


@pytest.fixture
def existing(c):
    """A cluster role and a binding that the UPDATE manifest partly matches."""
    c.run("kubectl create namespace dev")
    c.run("kubectl create clusterrole reader --verb=get,list --resource=pods")
    c.run("kubectl patch clusterrole reader --type=json "
          "-p '[{\"op\":\"add\",\"path\":\"/rules/-\",\"value\":{\"verbs\":[\"delete\"],\"apiGroups\":[\"\"],\"resources\":[\"secrets\"]}}]'")
    c.run("kubectl label clusterrole reader keep=me")
    c.run("kubectl create rolebinding readers --role=pod-reader --user=bob -n dev")
    write(c, "rbac.yaml", UPDATE)
    return c


def test_it_creates_what_is_missing_and_the_binding_s_namespace_and_skips_other_kinds(c):
    write(c, "rbac.yaml", MIXED)
    out = c.run("kubectl auth reconcile -f rbac.yaml")
    assert out.text == (
        "clusterrole.rbac.authorization.k8s.io/reader reconciled\n"
        "\treconciliation required create\n"
        "\tmissing rules added:\n"
        "\t\t{Verbs:[get] APIGroups:[ apps] Resources:[pods deployments] ResourceNames:[a] NonResourceURLs:[]}\n"
        "\t\t{Verbs:[get] APIGroups:[] Resources:[] ResourceNames:[] NonResourceURLs:[/healthz]}\n"
        "rolebinding.rbac.authorization.k8s.io/readers reconciled\n"
        "\treconciliation required create\n"
        "\tmissing subjects added:\n"
        "\t\t{Kind:User APIGroup:rbac.authorization.k8s.io Name:jane Namespace:}\n"
        "\t\t{Kind:ServiceAccount APIGroup: Name:app Namespace:}\n"
        # The Role names no namespace: the local builder gives it none, and the namespace lookup fails.
        "error: resource name may not be empty\n")
    assert out.exit_code == 1
    assert c.run("kubectl get ns fresh -o name").text == "namespace/fresh\n"
    assert "skipped" not in c.run("kubectl get cm").text
    again = c.run("kubectl auth reconcile -f rbac.yaml")
    assert again.text == ("clusterrole.rbac.authorization.k8s.io/reader reconciled\n"
                          "rolebinding.rbac.authorization.k8s.io/readers reconciled\n"
                          "error: resource name may not be empty\n")


def test_it_adds_missing_rules_broken_down_and_missing_subjects_and_merges_labels(existing):
    out = existing.run("kubectl auth reconcile -f rbac.yaml")
    assert out.text == ("clusterrole.rbac.authorization.k8s.io/reader reconciled\n"
                        "\treconciliation required update\n" + MISSING_RULES +
                        "rolebinding.rbac.authorization.k8s.io/readers reconciled\n"
                        "\treconciliation required update\n"
                        "\tmissing subjects added:\n"
                        "\t\t{Kind:User APIGroup:rbac.authorization.k8s.io Name:jane Namespace:}\n")
    rules = existing.run("kubectl get clusterrole reader -o jsonpath='{range .rules[*]}{.verbs} {.apiGroups} {.resources}{\"\\n\"}{end}'")
    assert rules.text.splitlines()[:3] == ['["get","list"] [""] ["pods"]', '["delete"] [""] ["secrets"]',
                                           '["watch"] [""] ["pods"]']
    assert existing.run("kubectl get clusterrole reader -o jsonpath='{.metadata.labels}'").text == '{"keep":"me","new":"label"}'
    assert existing.run("kubectl get rolebinding readers -n dev -o jsonpath='{.subjects[*].name}'").text == "bob jane"
    assert existing.run("kubectl auth reconcile -f rbac.yaml").text == (
        "clusterrole.rbac.authorization.k8s.io/reader reconciled\nrolebinding.rbac.authorization.k8s.io/readers reconciled\n")


def test_remove_extra_flags_stomp_to_the_manifest_and_list_what_went(existing):
    out = existing.run("kubectl auth reconcile -f rbac.yaml --remove-extra-permissions --remove-extra-subjects")
    assert out.text == ("clusterrole.rbac.authorization.k8s.io/reader reconciled\n"
                        "\treconciliation required update\n" + MISSING_RULES +
                        "\textra rules removed:\n"
                        "\t\t{Verbs:[list] APIGroups:[] Resources:[pods] ResourceNames:[] NonResourceURLs:[]}\n"
                        "\t\t{Verbs:[delete] APIGroups:[] Resources:[secrets] ResourceNames:[] NonResourceURLs:[]}\n"
                        "rolebinding.rbac.authorization.k8s.io/readers reconciled\n"
                        "\treconciliation required update\n"
                        "\tmissing subjects added:\n"
                        "\t\t{Kind:User APIGroup:rbac.authorization.k8s.io Name:jane Namespace:}\n"
                        "\textra subjects removed:\n"
                        "\t\t{Kind:User APIGroup:rbac.authorization.k8s.io Name:bob Namespace:}\n")
    assert existing.run("kubectl get clusterrole reader -o jsonpath='{.rules}'").text == (
        '[{"apiGroups":["","apps"],"resources":["pods","deployments"],"verbs":["get","watch"]}]')


def test_dry_run_client_says_so_and_changes_nothing(existing):
    before = existing.run("kubectl get clusterrole reader -o yaml").text
    out = existing.run("kubectl auth reconcile -f rbac.yaml --dry-run=client")
    assert out.text.splitlines()[0] == "clusterrole.rbac.authorization.k8s.io/reader reconciled (dry run)"
    assert "rolebinding.rbac.authorization.k8s.io/readers reconciled (dry run)" in out.text
    assert existing.run("kubectl get clusterrole reader -o yaml").text == before


def test_dry_run_server_is_refused_reconcile_go_get_client_side_dry_run(c):
    write(c, "rbac.yaml", UPDATE)
    out = c.run("kubectl auth reconcile -f rbac.yaml --dry-run=server")
    assert (out.text, out.exit_code) == ("error: --dry-run=server for command reconcile is not supported yet\n", 1)


def test_a_binding_to_another_role_is_recreated(existing):
    write(existing, "other.yaml", UPDATE.split("---\n")[1].replace("kind: Role\n  name: pod-reader",
                                                                     "kind: ClusterRole\n  name: view"))
    uid = existing.run("kubectl get rolebinding readers -n dev -o jsonpath='{.metadata.uid}'").text
    out = existing.run("kubectl auth reconcile -f other.yaml")
    assert out.text == "rolebinding.rbac.authorization.k8s.io/readers reconciled\n\treconciliation required recreate\n"
    now = existing.run("kubectl get rolebinding readers -n dev -o wide").text.splitlines()[1].split()
    assert now[1] == "ClusterRole/view" and now[3] == "jane"
    assert existing.run("kubectl get rolebinding readers -n dev -o jsonpath='{.metadata.uid}'").text != uid


def test_output_yaml_prints_each_object_with_separators_and_name_prints_names(existing):
    out = existing.run("kubectl auth reconcile -f rbac.yaml -o yaml --dry-run=client")
    role, binding = out.text.split("---\n")
    assert role.startswith("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n")
    assert "    keep: me\n    new: label\n" in role and "  - watch\n" in role
    assert "\treconciliation required update\n" + MISSING_RULES in role  # each object's lines follow it
    assert binding.startswith("apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\n")
    assert binding.endswith("\treconciliation required update\n\tmissing subjects added:\n"
                            "\t\t{Kind:User APIGroup:rbac.authorization.k8s.io Name:jane Namespace:}\n")
    existing.run("kubectl auth reconcile -f rbac.yaml")
    named = existing.run("kubectl auth reconcile -f rbac.yaml -o name")
    assert named.text == "clusterrole.rbac.authorization.k8s.io/reader\nrolebinding.rbac.authorization.k8s.io/readers\n"


def test_an_opted_out_role_is_reported_but_left_alone(existing):
    existing.run("kubectl annotate clusterrole reader rbac.authorization.kubernetes.io/autoupdate=false")
    out = existing.run("kubectl auth reconcile -f rbac.yaml")
    assert out.text.splitlines()[1] == ("\treconciliation required update, but object opted out "
                                        "(rbac.authorization.kubernetes.io/autoupdate: false)")
    assert "watch" not in existing.run("kubectl get clusterrole reader -o yaml").text


def test_old_rbac_versions_and_unknown_kinds_are_errors_after_the_rest(c):
    write(c, "mixed.yaml", """apiVersion: rbac.authorization.k8s.io/v1beta1
kind: Role
metadata:
  name: old
  namespace: default
rules: []
---
apiVersion: example.com/v1
kind: Foo
metadata:
  name: f
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: after
rules: []
""")
    out = c.run("kubectl auth reconcile -f mixed.yaml")
    assert out.text == ("clusterrole.rbac.authorization.k8s.io/after reconciled\n"
                        "\treconciliation required create\n"
                        "only rbac.authorization.k8s.io/v1 is supported: not *v1beta1.Role\n"
                        'unable to decode "mixed.yaml": no kind "Foo" is registered for version "example.com/v1" '
                        'in scheme "pkg/scheme/scheme.go:28"\n')
    assert out.exit_code == 1


@pytest.mark.parametrize("line, message", [
    ("kubectl auth reconcile", "error: must specify one of -f and -k\n"),
    ("kubectl auth reconcile extra -f rbac.yaml", "error: no arguments are allowed\n"),
    ("kubectl auth reconcile -f rbac.yaml -n kube-system",
     "error: the namespace from the provided object \"dev\" does not match the namespace \"kube-system\". "
     "You must pass '--namespace=dev' to perform this operation.\n"),
])
def test_it_refuses_bad_invocations_in_kubectl_s_words(existing, line, message):
    out = existing.run(line)
    assert (out.text.splitlines()[-1] + "\n", out.exit_code) == (message.splitlines()[-1] + "\n", 1)


def test_as_a_user_who_may_not_read_roles_it_is_forbidden(existing):
    out = existing.run("kubectl auth reconcile -f rbac.yaml --as=jane")
    assert out.text == (
        'Error from server (Forbidden): clusterroles.rbac.authorization.k8s.io "reader" is forbidden: User "jane" '
        'cannot get resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope\n'
        'Error from server (Forbidden): rolebindings.rbac.authorization.k8s.io "readers" is forbidden: User "jane" '
        'cannot get resource "rolebindings" in API group "rbac.authorization.k8s.io" in the namespace "dev"\n')


def test_help_is_the_real_kubectl_text(c):
    out = c.run("kubectl auth reconcile --help")
    assert out.text.startswith("Reconciles rules for RBAC role, role binding, cluster role, and cluster role binding objects.")
    assert "--remove-extra-subjects=false:" in out.text
