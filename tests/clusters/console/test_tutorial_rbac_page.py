"""Using RBAC Authorization (kubernetes/website content/en/docs/reference/access-authn-authz/rbac.md),
its kubectl lines typed unchanged; the manifests are written here to describe the page's objects.

Aggregated ClusterRoles are filled by the clusterrole-aggregation controller
(pkg/controller/clusterroleaggregation); kubectl auth reconcile is reconcile.go's.
"""
from clusters import Cluster

MONITORING = """apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: monitoring-endpointslices
  labels:
    rbac.example.com/aggregate-to-monitoring: "true"
rules:
- apiGroups: [""]
  resources: ["services", "pods"]
  verbs: ["get", "list", "watch"]
"""

RULES_FILE = """apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  namespace: default
  name: pod-reader
rules:
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "watch", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: read-pods
  namespace: default
subjects:
- kind: User
  name: jane
  apiGroup: rbac.authorization.k8s.io
roleRef:
  kind: Role
  name: pod-reader
  apiGroup: rbac.authorization.k8s.io
"""


def run(c: Cluster, line: str) -> str:
    out = c.run(line)
    assert out.exit_code == 0, (line, out.text)
    return out.text


def test_it_walks_the_command_line_utilities_section():
    c = Cluster(seed=3)
    assert run(c, "kubectl create role pod-reader --verb=get --verb=list --verb=watch --resource=pods") == \
        "role.rbac.authorization.k8s.io/pod-reader created\n"
    assert c.run("kubectl auth can-i watch pods --as=system:serviceaccount:default:default").text == "no\n"  # unbound
    run(c, "kubectl delete role pod-reader")
    run(c, "kubectl create role pod-reader --verb=get --resource=pods --resource-name=readablepod --resource-name=anotherpod")
    assert run(c, "kubectl get role pod-reader -o jsonpath='{.rules[0].resourceNames}'") == '["readablepod","anotherpod"]'
    run(c, "kubectl create role foo --verb=get,list,watch --resource=replicasets.apps")
    run(c, "kubectl delete role foo")
    run(c, "kubectl create role foo --verb=get,list,watch --resource=pods,pods/status")
    run(c, "kubectl create role my-component-lease-holder --verb=get,list,watch,update --resource=lease "
           "--resource-name=my-component")
    run(c, "kubectl create clusterrole pod-reader --verb=get,list,watch --resource=pods")
    run(c, 'kubectl create clusterrole "foo" --verb=get --non-resource-url=/logs/*')
    run(c, 'kubectl create clusterrole monitoring --aggregation-rule="rbac.example.com/aggregate-to-monitoring=true"')
    run(c, "kubectl create namespace acme")
    run(c, "kubectl create rolebinding bob-admin-binding --clusterrole=admin --user=bob --namespace=acme")
    run(c, "kubectl create rolebinding myapp-view-binding --clusterrole=view --serviceaccount=acme:myapp --namespace=acme")
    run(c, "kubectl create rolebinding myappnamespace-myapp-view-binding --clusterrole=view "
           "--serviceaccount=myappnamespace:myapp --namespace=acme")
    run(c, "kubectl create clusterrolebinding root-cluster-admin-binding --clusterrole=cluster-admin --user=root")
    run(c, "kubectl create clusterrolebinding kube-proxy-binding --clusterrole=system:node-proxier --user=system:kube-proxy")
    run(c, "kubectl create clusterrolebinding myapp-view-binding --clusterrole=view --serviceaccount=acme:myapp")
    # What the bindings grant, as the subjects they name.
    assert c.run("kubectl auth can-i create deployments -n acme --as=bob").text == "yes\n"
    assert c.run("kubectl auth can-i create deployments --as=bob").text == "no\n"
    assert c.run("kubectl auth can-i list pods -A --as=system:serviceaccount:acme:myapp").text == "yes\n"
    assert c.run("kubectl auth can-i get /logs/kube-apiserver.log --as=root").text == "yes\n"
    assert c.run("kubectl auth can-i get pods/status -n default --as=system:serviceaccount:acme:myapp").text == "yes\n"


def test_aggregated_cluster_roles_gather_the_rules_of_the_roles_they_select():
    c = Cluster(seed=3)
    run(c, 'kubectl create clusterrole monitoring --aggregation-rule="rbac.example.com/aggregate-to-monitoring=true"')
    assert "rules" not in run(c, "kubectl get clusterrole monitoring -o jsonpath='{.rules}'")
    run(c, f"cat <<'EOF' | kubectl apply -f -\n{MONITORING}EOF")
    assert run(c, "kubectl get clusterrole monitoring -o jsonpath='{.rules}'") == \
        '[{"apiGroups":[""],"resources":["services","pods"],"verbs":["get","list","watch"]}]'
    # The user-facing roles aggregate too: a role labelled for "view" adds to view, and so to edit and admin.
    run(c, "kubectl create clusterrole crontab-reader --verb=get,list,watch --resource=configmaps")
    run(c, "kubectl label clusterrole crontab-reader rbac.authorization.k8s.io/aggregate-to-view=true")
    want = '{"apiGroups":[""],"resources":["configmaps"],"verbs":["get","list","watch"]}'
    assert run(c, "kubectl get clusterrole view -o jsonpath='{.rules[0]}'") == want
    run(c, "kubectl delete clusterrole crontab-reader")
    assert want not in run(c, "kubectl get clusterrole view -o jsonpath='{.rules}'")
    assert "system:discovery" in run(c, "kubectl get clusterroles system:discovery -o yaml")


def test_service_account_permissions_and_the_permissive_binding():
    c = Cluster(seed=3)
    run(c, "kubectl create namespace my-namespace")
    run(c, "kubectl create rolebinding my-sa-view \\\n  --clusterrole=view \\\n  --serviceaccount=my-namespace:my-sa \\\n"
           "  --namespace=my-namespace")
    assert c.run("kubectl auth can-i list pods -n my-namespace --as=system:serviceaccount:my-namespace:my-sa").text == "yes\n"
    assert c.run("kubectl auth can-i list secrets -n my-namespace --as=system:serviceaccount:my-namespace:my-sa").text == "no\n"
    run(c, "kubectl create rolebinding serviceaccounts-view \\\n  --clusterrole=view \\\n"
           "  --group=system:serviceaccounts:my-namespace \\\n  --namespace=my-namespace")
    assert c.run("kubectl auth can-i list pods -n my-namespace --as=system:serviceaccount:my-namespace:other").text == "yes\n"
    run(c, "kubectl create clusterrolebinding permissive-binding \\\n  --clusterrole=cluster-admin \\\n  --user=admin \\\n"
           "  --user=kubelet \\\n  --group=system:serviceaccounts")
    assert c.run("kubectl auth can-i '*' '*' --as=system:serviceaccount:kube-public:default").text == "yes\n"


def test_kubectl_auth_reconcile_examples():
    c = Cluster(seed=3)
    run(c, f"cat <<'EOF' > my-rbac-rules.yaml\n{RULES_FILE}EOF")
    dry = c.run("kubectl auth reconcile -f my-rbac-rules.yaml --dry-run=client")
    assert dry.text.splitlines()[0] == "role.rbac.authorization.k8s.io/pod-reader reconciled (dry run)"
    assert c.run("kubectl get role pod-reader").exit_code == 1
    out = run(c, "kubectl auth reconcile -f my-rbac-rules.yaml")
    assert out.splitlines()[0] == "role.rbac.authorization.k8s.io/pod-reader reconciled"
    assert c.run("kubectl auth can-i list pods --as=jane").text == "yes\n"
    run(c, "kubectl create rolebinding read-pods-extra --role=pod-reader --user=dave")
    run(c, "kubectl patch rolebinding read-pods --type=json "
           "-p '[{\"op\":\"add\",\"path\":\"/subjects/-\",\"value\":{\"kind\":\"User\",\"name\":\"dave\","
           "\"apiGroup\":\"rbac.authorization.k8s.io\"}}]'")
    cleaned = run(c, "kubectl auth reconcile -f my-rbac-rules.yaml --remove-extra-subjects --remove-extra-permissions")
    assert "\textra subjects removed:\n\t\t{Kind:User APIGroup:rbac.authorization.k8s.io Name:dave Namespace:}\n" in cleaned
    assert run(c, "kubectl get rolebinding read-pods -o jsonpath='{.subjects[*].name}'") == "jane"
