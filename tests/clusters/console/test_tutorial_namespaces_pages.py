"""Two kubernetes.io pages typed unchanged, their manifests pasted as a learner would.

- kubernetes/website content/en/docs/tasks/administer-cluster/namespaces-walkthrough.md
- kubernetes/website content/en/docs/tasks/administer-cluster/namespaces.md
The pages' contexts copy "cluster" and "user" from the current context; here those are
kubeadm's names as `kubectl config view` shows them (kubernetes, kubernetes-admin). The
namespace and Deployment files are written here to describe the same objects. Ages and pod
names differ.
"""
from clusters import Cluster

NAMESPACE = """{{
  "apiVersion": "v1",
  "kind": "Namespace",
  "metadata": {{
    "name": "{name}",
    "labels": {{
      "name": "{name}"
    }}
  }}
}}
"""

SNOWFLAKE = """---
{
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: {
    labels: { app: "snowflake" },
    name: "snowflake",
  },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: "snowflake" } },
    template: {
      metadata: { labels: { app: "snowflake" } },
      spec: {
        containers: [{
          image: "registry.k8s.io/serve_hostname",
          imagePullPolicy: "Always",
          name: "snowflake",
        }],
      },
    },
  },
}
"""


def rows(text):
    return [line.split() for line in text.splitlines()[1:]]


def with_namespaces():
    c = Cluster(seed=4)
    for name in ("development", "production"):
        c.run(f"cat > namespace-{name[:4]}.json <<'EOF'\n{NAMESPACE.format(name=name)}EOF")
        assert c.run(f"kubectl create -f namespace-{name[:4]}.json").text == f"namespace/{name} created\n"
    return c


def test_a_fresh_cluster_has_the_initial_namespaces():
    c = Cluster(seed=4)
    names = [r[0] for r in rows(c.run("kubectl get namespaces").text)]
    assert {"default", "kube-system", "kube-public"} <= set(names)
    assert [r[:2] for r in rows(c.run("kubectl get namespaces default").text)] == [["default", "Active"]]
    assert c.run("kubectl describe namespaces default").text == (
        "Name:         default\n"
        "Labels:       kubernetes.io/metadata.name=default\n"
        "Annotations:  <none>\n"
        "Status:       Active\n\n"
        "No resource quota.\n\n"
        "No LimitRange resource.\n")


def test_it_creates_the_two_namespaces_with_their_labels():
    c = with_namespaces()
    labelled = {r[0]: r[3] for r in rows(c.run("kubectl get namespaces --show-labels").text)}
    assert labelled["development"] == "kubernetes.io/metadata.name=development,name=development"
    assert labelled["production"] == "kubernetes.io/metadata.name=production,name=production"


def test_contexts_scope_each_team_to_its_namespace():
    c = with_namespaces()
    assert c.run("kubectl config current-context").text == "kubernetes-admin@kubernetes\n"
    view = c.run("kubectl config view").text
    assert "  name: kubernetes\n" in view and "- name: kubernetes-admin\n" in view
    assert c.run("kubectl config set-context dev --namespace=development \\\n  --cluster=kubernetes \\\n"
                 "  --user=kubernetes-admin\n\nkubectl config set-context prod --namespace=production \\\n"
                 "  --cluster=kubernetes \\\n  --user=kubernetes-admin").text == \
        'Context "dev" created.\nContext "prod" created.\n'
    view = c.run("kubectl config view").text
    assert ("- context:\n    cluster: kubernetes\n    namespace: development\n    user: kubernetes-admin\n"
            "  name: dev\n") in view
    assert ("- context:\n    cluster: kubernetes\n    namespace: production\n    user: kubernetes-admin\n"
            "  name: prod\n") in view
    assert "current-context: kubernetes-admin@kubernetes\n" in view
    assert c.run("kubectl config use-context dev").text == 'Switched to context "dev".\n'
    assert c.run("kubectl config current-context").text == "dev\n"

    assert c.run(f"cat <<EOF | kubectl apply -f -\n{SNOWFLAKE}EOF").text == "deployment.apps/snowflake created\n"
    c.run("sim advance 30s")
    assert [r[:4] for r in rows(c.run("kubectl get deployment").text)] == [["snowflake", "2/2", "2", "2"]]
    pods = rows(c.run("kubectl get pods -l app=snowflake").text)
    assert [(p[0].startswith("snowflake-"), p[1], p[2]) for p in pods] == [(True, "1/1", "Running")] * 2
    assert c.get("deployments", "snowflake", "development") is not None

    assert c.run("kubectl config use-context prod").text == 'Switched to context "prod".\n'
    assert c.run("kubectl get deployment\nkubectl get pods").text == \
        "No resources found in production namespace.\n" * 2
    out = c.run("kubectl create deployment cattle --image=registry.k8s.io/serve_hostname\n"
                "kubectl scale deployment cattle --replicas=5\n\nkubectl get deployment").text
    assert out.startswith("deployment.apps/cattle created\ndeployment.apps/cattle scaled\nNAME ")
    c.run("sim advance 30s")
    assert [r[:4] for r in rows(c.run("kubectl get deployment").text)] == [["cattle", "5/5", "5", "5"]]
    pods = rows(c.run("kubectl get pods -l app=cattle").text)
    assert [(p[1], p[2]) for p in pods] == [("1/1", "Running")] * 5
    assert "snowflake" not in c.run("kubectl get pods").text


def test_the_namespace_flag_works_without_contexts_as_namespaces_md_types_it():
    c = with_namespaces()
    assert c.run("kubectl create deployment snowflake --image=registry.k8s.io/serve_hostname  -n=development "
                 "--replicas=2").text == "deployment.apps/snowflake created\n"
    c.run("sim advance 30s")
    assert [r[:2] for r in rows(c.run("kubectl get deployment -n=development").text)] == [["snowflake", "2/2"]]
    assert len(rows(c.run("kubectl get pods -l app=snowflake -n=development").text)) == 2
    assert c.run("kubectl get deployment -n=production").text == "No resources found in production namespace.\n"
    c.run("kubectl create deployment cattle --image=registry.k8s.io/serve_hostname -n=production")
    c.run("kubectl scale deployment cattle --replicas=5 -n=production")
    c.run("sim advance 30s")
    assert [r[:2] for r in rows(c.run("kubectl get deployment -n=production").text)] == [["cattle", "5/5"]]


def test_serve_hostname_answers_with_the_pod_name():
    c = with_namespaces()
    c.run("kubectl create deployment cattle --image=registry.k8s.io/serve_hostname -n=production")
    c.run("kubectl expose deployment cattle --port=80 --target-port=9376 -n=production")
    c.run("kubectl run client --image=busybox -n=development -- sleep 3600")
    c.run("sim advance 30s")
    [pod] = rows(c.run("kubectl get pods -n production").text)
    assert c.run("kubectl exec client -n development -- wget -qO- cattle.production").text == pod[0]


def test_deleting_a_namespace_deletes_everything_in_it():
    c = with_namespaces()
    c.run("kubectl create deployment cattle --image=registry.k8s.io/serve_hostname --replicas=2 -n=production")
    c.run("sim advance 30s")
    assert c.run("kubectl delete namespaces production").text == 'namespace "production" deleted\n'
    assert "production" not in c.run("kubectl get namespaces").text
    assert c.run("kubectl get pods -n production").text == "No resources found in production namespace.\n"
