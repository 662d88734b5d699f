"""kubectl create: generators and -f, byte for byte what kubectl 1.32 prints.

The expected YAML below was printed by the real binary (/usr/bin/kubectl 1.32,
`kubectl create ... --dry-run=client -o yaml`, which runs offline); generators
follow kubernetes/kubectl:pkg/cmd/create/create_*.go.
"""
import pytest

from clusters import Cluster

GOLDEN = {
    'deployment web --image=nginx --replicas=3 --port=80': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: web\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  strategy: {}\n  template:\n    metadata:\n      creationTimestamp: null\n      labels:\n        app: web\n    spec:\n      containers:\n      - image: nginx\n        name: nginx\n        ports:\n        - containerPort: 80\n        resources: {}\nstatus: {}\n',
    'namespace dev': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  creationTimestamp: null\n  name: dev\nspec: {}\nstatus: {}\n',
    'configmap cfg --from-literal=a=1 --from-literal=b=two': 'apiVersion: v1\ndata:\n  a: "1"\n  b: two\nkind: ConfigMap\nmetadata:\n  creationTimestamp: null\n  name: cfg\n',
    'secret generic s --from-literal=password=abc': 'apiVersion: v1\ndata:\n  password: YWJj\nkind: Secret\nmetadata:\n  creationTimestamp: null\n  name: s\n',
    'service clusterip web --tcp=80:8080': 'apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: web\n  name: web\nspec:\n  ports:\n  - name: 80-8080\n    port: 80\n    protocol: TCP\n    targetPort: 8080\n  selector:\n    app: web\n  type: ClusterIP\nstatus:\n  loadBalancer: {}\n',
    'service loadbalancer lb --tcp=80': 'apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: lb\n  name: lb\nspec:\n  ports:\n  - name: "80"\n    port: 80\n    protocol: TCP\n    targetPort: 80\n  selector:\n    app: lb\n  type: LoadBalancer\nstatus:\n  loadBalancer: {}\n',
    'service externalname ex --external-name=example.com': 'apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: ex\n  name: ex\nspec:\n  externalName: example.com\n  selector:\n    app: ex\n  type: ExternalName\nstatus:\n  loadBalancer: {}\n',
    'quota q --hard=pods=10,cpu=2': 'apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  creationTimestamp: null\n  name: q\nspec:\n  hard:\n    cpu: "2"\n    pods: "10"\nstatus: {}\n',
    'serviceaccount sa1': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  creationTimestamp: null\n  name: sa1\n',
    'secret docker-registry d --docker-username=u --docker-password=p --docker-server=r.io': 'apiVersion: v1\ndata:\n  .dockerconfigjson: eyJhdXRocyI6eyJyLmlvIjp7InVzZXJuYW1lIjoidSIsInBhc3N3b3JkIjoicCIsImF1dGgiOiJkVHB3In19fQ==\nkind: Secret\nmetadata:\n  creationTimestamp: null\n  name: d\ntype: kubernetes.io/dockerconfigjson\n',
    'job j --image=busybox --dry-run=client -o yaml -- echo hi': 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  creationTimestamp: null\n  name: j\nspec:\n  template:\n    metadata:\n      creationTimestamp: null\n    spec:\n      containers:\n      - command:\n        - echo\n        - hi\n        image: busybox\n        name: j\n        resources: {}\n      restartPolicy: Never\nstatus: {}\n',
}


@pytest.fixture(scope="module")
def cluster():
    return Cluster(seed=2)


@pytest.mark.parametrize("args", sorted(GOLDEN))
def test_dry_run_client_yaml_is_byte_identical_to_kubectl_1_32(cluster, args):
    line = f"kubectl create {args}"
    if "--dry-run" not in args:
        line += " --dry-run=client -o yaml"
    out = cluster.run(line)
    assert (out.text, out.exit_code) == (GOLDEN[args], 0)


def test_dry_run_client_creates_nothing(cluster):
    out = cluster.run("kubectl create deployment ghost --image=nginx --dry-run=client")
    assert out.text == "deployment.apps/ghost created (dry run)\n"
    assert cluster.get("deployments", "ghost") is None


def test_create_deployment_prints_the_name_printer_line_and_stores_the_object():
    c = Cluster(seed=2)
    out = c.run("kubectl create deployment web --image=nginx:1.27 --replicas=2")
    assert (out.text, out.exit_code) == ("deployment.apps/web created\n", 0)
    d = c.get("deployments", "web")
    assert d["spec"]["replicas"] == 2 and d["spec"]["template"]["spec"]["containers"][0]["name"] == "nginx"
    assert "creationTimestamp" in d["metadata"] and d["metadata"]["creationTimestamp"] is not None
    assert c.bugs == []


def test_create_twice_is_already_exists_errors_go():
    c = Cluster(seed=2)
    c.run("kubectl create namespace dev")
    out = c.run("kubectl create namespace dev")
    assert (out.text, out.exit_code) == ('Error from server (AlreadyExists): namespaces "dev" already exists\n', 1)


def test_create_deployment_without_image_names_the_required_flag():
    out = Cluster(seed=2).run("kubectl create deployment web")
    assert (out.text, out.exit_code) == ('error: required flag(s) "image" not set\n', 1)


def test_create_deployment_without_a_name_is_a_usage_error():
    out = Cluster(seed=2).run("kubectl create deployment --image=x")
    assert out.text == ("error: exactly one NAME is required, got 0\n"
                        "See 'kubectl create deployment -h' for help and examples\n")


@pytest.mark.parametrize("args, message", [
    ("configmap c --from-literal=a", "error: invalid literal source a, expected key=value\n"),
    ("configmap c --from-literal=a=1 --from-literal=a=2",
     'error: cannot add key "a", another key by that name already exists in Data for ConfigMap "c"\n'),
    ("service clusterip web", "error: at least one tcp port specifier must be provided\n"),
])
def test_generator_errors_in_kubectls_words(args, message):
    out = Cluster(seed=2).run(f"kubectl create {args} --dry-run=client -o yaml")
    assert (out.text, out.exit_code) == (message, 1)


def test_create_in_a_namespace_sets_metadata_namespace_in_dry_run_output():
    out = Cluster(seed=2).run("kubectl create deployment web --image=nginx -n dev --dry-run=client -o yaml")
    assert "  name: web\n  namespace: dev\n" in out.text


def test_create_dash_f_reads_a_scratch_file_and_a_heredoc():
    c = Cluster(seed=2)
    c.run("cat > cm.yaml <<EOF\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fromfile\ndata:\n  a: b\nEOF")
    out = c.run("kubectl create -f cm.yaml")
    assert (out.text, out.exit_code) == ("configmap/fromfile created\n", 0)
    out = c.run("cat <<EOF | kubectl create -f -\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: piped\nEOF")
    assert (out.text, out.exit_code) == ("namespace/piped created\n", 0)
    assert c.get("namespaces", "piped", None) is not None


def test_create_dash_f_of_a_missing_file():
    out = Cluster(seed=2).run("kubectl create -f nope.yaml")
    assert (out.text, out.exit_code) == ('error: the path "nope.yaml" does not exist\n', 1)


def test_create_edit_reads_the_files_then_ends_as_an_unchanged_edit_creating_nothing():
    """create.go RunEditOnCreate with the editor closed on the unchanged text (editoptions.go): nothing is
    created. This console has no editor; the web console opens the file in its editor pane instead."""
    from clusters import Cluster

    c = Cluster(seed=1)
    c.run("kubectl create deployment web --image=nginx --dry-run=client -o yaml > web.yaml")
    out = c.run("kubectl create -f web.yaml --edit")
    assert out.exit_code == 0 and out.text.endswith("Edit cancelled, no changes made.\n")
    assert c.run("kubectl get deploy").text == "No resources found in default namespace.\n"
    out = c.run("kubectl create -f nope.yaml --edit")
    assert (out.text, out.exit_code) == ('error: the path "nope.yaml" does not exist\n', 1)
