"""--as on every verb: impersonation.go swaps the user, RBAC decides, errors.go words the refusal."""
from clusters import Cluster


def test_a_user_without_bindings_is_refused_in_forbidden_message_words():
    c = Cluster(seed=1)
    c.run("kubectl create deployment web --image=nginx")
    out = c.run("kubectl get pods --as=jane")
    assert out.exit_code == 1
    assert out.text == ('Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" '
                        'in API group "" in the namespace "default"\n')
    out = c.run("kubectl get nodes --as=jane")
    assert out.text.endswith('cannot list resource "nodes" in API group "" at the cluster scope\n')
    out = c.run("kubectl get deploy web --as=jane")
    assert out.text == ('Error from server (Forbidden): deployments.apps "web" is forbidden: User "jane" cannot get '
                        'resource "deployments" in API group "apps" in the namespace "default"\n')


def test_a_role_binding_grants_exactly_its_rules():
    c = Cluster(seed=1)
    c.run("kubectl create deployment web --image=nginx --replicas=2")
    c.run("kubectl create role pod-reader --verb=get,list --resource=pods")
    c.run("kubectl create rolebinding jane-reads --role=pod-reader --user=jane")
    out = c.run("kubectl get pods --as=jane")
    assert out.exit_code == 0 and out.text.count("web-") == 2
    out = c.run("kubectl delete pod --all --as=jane")
    assert out.text.count('cannot delete resource "pods"') == 2
    assert len(c.api.list("pods", "default")) == 2  # nothing was deleted
    out = c.run("kubectl create deployment x --image=nginx --as=jane")
    assert out.text == ('error: failed to create deployment: deployments.apps is forbidden: User "jane" cannot create '
                        'resource "deployments" in API group "apps" in the namespace "default"\n')
    assert c.run("kubectl get pods -n kube-system --as=jane").text.endswith('in the namespace "kube-system"\n')


def test_service_accounts_and_groups_impersonate_too():
    c = Cluster(seed=1)
    c.run("kubectl create serviceaccount bot")
    c.run("kubectl create rolebinding bot-view --clusterrole=view --serviceaccount=default:bot")
    assert c.run("kubectl get pods --as=system:serviceaccount:default:bot").text == "No resources found in default namespace.\n"
    out = c.run("kubectl get secrets --as=system:serviceaccount:default:bot")
    assert "cannot list resource \"secrets\"" in out.text  # view leaves secrets out
    assert c.run("kubectl get ns --as=bob --as-group=system:masters").exit_code == 0
    out = c.run("kubectl create token default --as=jane")
    assert out.text == ('error: failed to create token: serviceaccounts "default" is forbidden: User "jane" cannot '
                        'create resource "serviceaccounts/token" in API group "" in the namespace "default"\n')
    assert c.run("kubectl auth can-i list pods --as=jane").text == "no\n"
    assert c.bugs == []


def test_auth_whoami_prints_the_self_subject_review_whoami_go():
    c = Cluster(seed=1)
    assert c.run("kubectl auth whoami").text == ("ATTRIBUTE   VALUE\nUsername    kubernetes-admin\n"
                                                 "Groups      [kubeadm:cluster-admins system:authenticated]\n")
    assert c.run("kubectl auth whoami --as=system:serviceaccount:dev:bot").text.splitlines()[2] == \
        "Groups      [system:serviceaccounts system:serviceaccounts:dev system:authenticated]"
    out = c.run("kubectl auth whoami -o yaml").text
    assert out.startswith("apiVersion: authentication.k8s.io/v1\nkind: SelfSubjectReview\nmetadata:\n  creationTimestamp: ")
    assert out.endswith("    username: kubernetes-admin\n")
