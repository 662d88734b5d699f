"""rbac.authorization.k8s.io/v1 in the simulated API server: storage, defaulting, validation
(pkg/apis/rbac/validation/validation.go, pkg/apis/rbac/v1/defaults.go) and the bootstrap policy
(plugin/pkg/auth/authorizer/rbac/bootstrappolicy)."""
import pytest

from clusters import Cluster, ClusterSpec
from clusters.apiserver import bootstrappolicy


@pytest.fixture
def c():
    return Cluster(ClusterSpec(nodes=1), seed=3)


def _apply(c, body):
    return c.run(f"kubectl apply -f - <<EOF\n{body}\nEOF")


def test_objects_are_stored_under_upstream_keys(c):
    c.run("kubectl create role r --verb=get --resource=pods")
    c.run("kubectl create rolebinding rb --role=r --user=jane")
    keys = c.run("etcdctl get /registry --prefix --keys-only").text.split()
    assert "/registry/roles/default/r" in keys
    assert "/registry/rolebindings/default/rb" in keys
    assert "/registry/clusterroles/cluster-admin" in keys
    assert "/registry/clusterrolebindings/cluster-admin" in keys


def test_a_fresh_cluster_has_kind_s_default_roles_and_bindings(c):
    roles = c.run("kubectl get clusterroles -o name").text.split()
    for name in ("admin", "cluster-admin", "edit", "view", "system:node", "system:kube-scheduler",
                 "system:controller:deployment-controller", "kubeadm:get-nodes", "system:coredns"):
        assert f"clusterrole.rbac.authorization.k8s.io/{name}" in roles
    assert len(roles) > 60
    crb = c.run("kubectl get clusterrolebinding cluster-admin -o jsonpath={.subjects[0].name}").text
    assert crb == "system:masters"
    assert "kube-proxy" in c.run("kubectl get roles -n kube-system -o name").text


def test_view_edit_and_admin_are_aggregated_as_the_aggregation_controller_fills_them(c):
    def rules(name):
        return c.api.get("clusterroles", name)["rules"]
    view, edit, admin = rules("view"), rules("edit"), rules("admin")
    assert all(r in edit for r in view) and all(r in admin for r in edit)
    assert {"apiGroups": ["metrics.k8s.io"], "resources": ["pods", "nodes"], "verbs": ["get", "list", "watch"]} in view
    assert not any("secrets" in r.get("resources", ()) for r in view)
    assert any("secrets" in r.get("resources", ()) for r in edit)


def test_editing_one_bootstrap_role_leaves_the_others_alone(c):
    # rules are shared between stored objects to keep idle clusters small; writes must not leak
    before = c.api.get("clusterroles", "system:heapster")["rules"]
    c.run('kubectl patch clusterrole view --type=json -p=\'[{"op":"add","path":"/rules/0/verbs/-","value":"delete"}]\'')
    c.run("kubectl label clusterrole edit extra=yes")
    assert c.api.get("clusterroles", "system:heapster")["rules"] == before
    # view is aggregated: the clusterrole-aggregation controller puts its rules back.
    assert "delete" not in c.api.get("clusterroles", "view")["rules"][0]["verbs"]
    assert "delete" not in c.api.get("clusterroles", "system:aggregate-to-view")["rules"][0]["verbs"]
    assert "extra" not in c.api.get("clusterroles", "admin")["metadata"]["labels"]


def test_a_rule_without_verbs_is_required_validation_go(c):
    out = _apply(c, "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: bad}\n"
                    "rules:\n- apiGroups: ['']\n  resources: [pods]\n- nonResourceURLs: [/x]\n  verbs: [get]")
    assert out.text == ('The Role "bad" is invalid: \n'
                        "* rules[0].verbs: Required value: verbs must contain at least one value\n"
                        '* rules[1].nonResourceURLs: Invalid value: []string{"/x"}: namespaced rules cannot apply to '
                        "non-resource URLs\n")


def test_a_resource_rule_needs_groups_and_resources_validation_go(c):
    out = _apply(c, "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: bad}\n"
                    "rules:\n- verbs: [get]\n- verbs: [get]\n  nonResourceURLs: [/x]\n  resources: [pods]")
    assert out.text == ('The ClusterRole "bad" is invalid: \n'
                        "* rules[0].apiGroups: Required value: resource rules must supply at least one api group\n"
                        "* rules[0].resources: Required value: resource rules must supply at least one resource\n"
                        '* rules[1].nonResourceURLs: Invalid value: []string{"/x"}: rules cannot apply to both regular '
                        "resources and non-resource URLs\n")


def test_a_binding_s_role_ref_is_immutable_validation_go(c):
    c.run("kubectl create rolebinding rb --clusterrole=edit --user=jane")
    out = _apply(c, "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: rb}\n"
                    "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}")
    assert out.text == ('The RoleBinding "rb" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:'
                        '"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"view"}: cannot change roleRef\n')
    assert out.exit_code == 1


def test_a_cluster_role_binding_refers_to_a_cluster_role_and_namespaces_its_service_accounts(c):
    out = _apply(c, "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: x}\n"
                    "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: edit}\n"
                    "subjects:\n- {kind: ServiceAccount, name: foo}\n- {kind: Robot, name: r2}\n- {kind: User, name: ''}")
    assert out.text == ('The ClusterRoleBinding "x" is invalid: \n'
                        '* roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"\n'
                        "* subjects[0].namespace: Required value\n"
                        '* subjects[1].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"\n'
                        "* subjects[2].name: Required value\n")


def test_users_and_groups_default_to_the_rbac_group_defaults_go(c):
    _apply(c, "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: rb}\n"
              "roleRef: {kind: Role, name: r}\nsubjects:\n- {kind: User, name: jane}\n"
              "- {kind: ServiceAccount, name: default}")
    rb = c.api.get("rolebindings", "rb", "default")
    assert rb["roleRef"]["apiGroup"] == "rbac.authorization.k8s.io"
    assert rb["subjects"][0]["apiGroup"] == "rbac.authorization.k8s.io"
    assert "apiGroup" not in rb["subjects"][1]


def test_role_names_may_hold_colons_but_not_slashes(c):
    assert c.run("kubectl create role a:b --verb=get --resource=pods").exit_code == 0
    out = c.run("kubectl create role a/b --verb=get --resource=pods")
    assert out.text == "The Role \"a/b\" is invalid: metadata.name: Invalid value: \"a/b\": may not contain '/'\n"


def test_the_policy_is_built_the_same_every_time():
    assert bootstrappolicy.policy() == bootstrappolicy.policy()
    names = [o["metadata"]["name"] for o in bootstrappolicy.policy(addons=False)]
    assert "system:coredns" not in names and "system:metrics-server" not in names
