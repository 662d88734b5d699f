"""The console host is offline: a URL's host does not resolve, in each client's words.

kubectl: cli-runtime resource/visitor.go readHttpWithRetries returns http.Get's *url.Error;
curl: exit 6, "Could not resolve host"; GNU Wget: exit 4.
"""
from clusters import Cluster

URL = "https://k8s.io/examples/application/deployment.yaml"


def test_kubectl_apply_of_a_url_fails_to_resolve_its_host():
    c = Cluster(seed=3)
    r = c.run(f"kubectl apply -f {URL}")
    assert r.text == f'error: Get "{URL}": dial tcp: lookup k8s.io on 127.0.0.53:53: no such host\n'
    assert r.exit_code == 1


def test_curl_and_wget_cannot_resolve_it_either():
    c = Cluster(seed=3)
    assert c.run(f"curl -sS {URL}").text == "curl: (6) Could not resolve host: k8s.io\n"
    assert c.run(f"wget -qO- {URL}; echo $?").text == "4\n"
    r = c.run(f"wget {URL}")
    assert "wget: unable to resolve host address ‘k8s.io’" in r.text


def test_get_template_alone_prints_the_go_template_print_flags_go():
    c = Cluster(seed=3)
    c.run("kubectl run nginx --image=nginx")
    assert c.run("kubectl get pod nginx --template '{{.metadata.name}}'").text == "nginx"
