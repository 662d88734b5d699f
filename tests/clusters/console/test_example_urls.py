"""kubernetes.io tutorials load manifests by URL; the offline console serves them from clusters/console/examples.

Pages cited: content/en/docs/tasks/run-application/run-stateless-application-deployment.md
(``kubectl apply -f https://k8s.io/examples/application/deployment.yaml``),
content/en/docs/tutorials/stateful-application/basic-stateful-set.md
(``kubectl apply -f https://k8s.io/examples/application/web/web.yaml``). Failure texts are
cli-runtime resource/visitor.go readHttpWithRetries's.
"""
import pytest

from clusters import Cluster
from clusters.console import examples


@pytest.mark.parametrize("url", [
    "https://k8s.io/examples/application/deployment.yaml",
    "http://k8s.io/examples/application/deployment.yaml",
    "https://kubernetes.io/examples/application/deployment.yaml",
    "https://raw.githubusercontent.com/kubernetes/website/main/content/en/examples/application/deployment.yaml",
    "https://raw.githubusercontent.com/kubernetes/website/release-1.32/content/en/examples/application/deployment.yaml",
])
def test_it_applies_the_example_every_url_form_names(url):
    c = Cluster(seed=3)
    assert c.run(f"kubectl apply -f {url}").text == "deployment.apps/nginx-deployment created\n"
    assert c.get("deployments", "nginx-deployment")["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.14.2"


def test_it_creates_both_objects_of_a_multi_document_example_basic_stateful_set_md():
    c = Cluster(seed=3)
    out = c.run("kubectl create -f https://k8s.io/examples/application/web/web.yaml").text
    assert out == "service/nginx created\nstatefulset.apps/web created\n"


def test_a_kyaml_example_applies_like_block_yaml():
    c = Cluster(seed=3)
    assert c.run("kubectl apply -f https://k8s.io/examples/pods/simple-pod.yaml").text == "pod/nginx created\n"


def test_an_example_not_shipped_is_a_404_visitor_go():
    c = Cluster(seed=3)
    r = c.run("kubectl apply -f https://k8s.io/examples/no/such.yaml")
    assert r.text == ('error: unable to read URL "https://k8s.io/examples/no/such.yaml", '
                      "server reported 404 Not Found, status code=404\n")
    assert r.exit_code == 1


def test_another_host_cannot_be_resolved_offline():
    c = Cluster(seed=3)
    r = c.run("kubectl apply -f https://example.com/app.yaml")
    assert r.text == ('error: Get "https://example.com/app.yaml": dial tcp: lookup example.com on 127.0.0.53:53: '
                      "no such host\n")
    assert r.exit_code == 1


def test_the_url_is_the_source_kubectl_names_in_errors():
    c = Cluster(seed=3)
    c.run("kubectl apply -f https://k8s.io/examples/application/deployment.yaml")
    r = c.run("kubectl create -f https://k8s.io/examples/application/deployment.yaml")
    assert 'from server (AlreadyExists)' in r.text or "already exists" in r.text


def test_paths_outside_the_examples_are_not_served():
    assert examples.example_path("https://k8s.io/examples/../__init__.py") is None
    assert examples.read("README.md") is None
    assert examples.get("https://kubernetes.io/examples/__init__.py").outcome == "missing"


def test_wget_prints_the_example_to_stdout_for_a_pipe():
    c = Cluster(seed=3)
    r = c.run("wget -qO- https://k8s.io/examples/application/deployment.yaml | kubectl apply -f -")
    assert r.text == "deployment.apps/nginx-deployment created\n"


def test_wget_saves_the_example_in_the_working_directory():
    c = Cluster(seed=3)
    c.run("wget -q https://k8s.io/examples/application/web/web.yaml")
    assert c.run("head -4 web.yaml").text == "apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\n"


def test_wget_of_a_missing_example_exits_8_as_gnu_wget_does():
    c = Cluster(seed=3)
    r = c.run("wget -qO- https://k8s.io/examples/no/such.yaml; echo $?")
    assert r.text.endswith("8\n")


def test_curl_follows_k8s_io_to_the_example_so_a_pipe_applies_it():
    c = Cluster(seed=3)
    r = c.run("curl -sL https://k8s.io/examples/pods/simple-pod.yaml | kubectl apply -f -")
    assert r.text == "pod/nginx created\n"


def test_curl_without_l_prints_the_redirectors_301_page():
    c = Cluster(seed=3)
    assert "301 Moved Permanently" in c.run("curl -s https://k8s.io/examples/pods/simple-pod.yaml").text
    assert c.run("curl -s https://kubernetes.io/examples/pods/simple-pod.yaml").text.startswith("---\n{\n")


def test_curl_of_another_host_cannot_resolve_it():
    c = Cluster(seed=3)
    assert c.run("curl -sS https://example.com/x.yaml").text == "curl: (6) Could not resolve host: example.com\n"


def test_get_template_alone_prints_the_go_template_print_flags_go():
    c = Cluster(seed=3)
    c.run("kubectl apply -f https://k8s.io/examples/pods/simple-pod.yaml")
    assert c.run("kubectl get pod nginx --template '{{.metadata.name}}'").text == "nginx"
