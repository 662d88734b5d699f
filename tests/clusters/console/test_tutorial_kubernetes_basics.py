"""The "Learn Kubernetes Basics" tutorial, typed unchanged into the simulated cluster.

Each test replays one module of kubernetes/website
content/en/docs/tutorials/kubernetes-basics/ (deploy-app/deploy-intro.md,
explore/explore-intro.md, expose/expose-intro.md, scale/scale-intro.md,
update/update-intro.md) and asserts what the page shows, allowing for names,
ages and addresses. The tutorial runs on minikube: ``$(minikube ip)`` is
"command not found" here, and the node's address is typed instead.
"""
import re

import pytest

from clusters import Cluster
from clusters.console.printers import gotemplate

POD_NAME = """export POD_NAME="$(kubectl get pods -o go-template --template '{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}')\""""
NODE_PORT = """export NODE_PORT="$(kubectl get services/kubernetes-bootcamp -o go-template='{{(index .spec.ports 0).nodePort}}')\""""
HELLO = re.compile(r"^Hello Kubernetes bootcamp! \| Running on: kubernetes-bootcamp-[a-z0-9]+-[a-z0-9]{5} \| v=(\d)\n$")


def _deployed(replicas: int = 1) -> Cluster:
    c = Cluster(seed=3)
    c.run("kubectl create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1"
          + (f" --replicas={replicas}" if replicas != 1 else ""))
    c.advance(60)
    return c


def _node_ip(c: Cluster) -> str:
    return c.run("kubectl get nodes node-1 -o jsonpath='{.status.addresses[0].address}'").text


# -- Module 2: deploy-app/deploy-intro.md ----------------------------------------------------------

def test_deploy_intro_the_bootcamp_image_runs_and_is_reached_through_kubectl_proxy():
    c = _deployed()
    assert c.run("kubectl get deployments").text.splitlines()[1].split()[:4] == ["kubernetes-bootcamp", "1/1", "1", "1"]
    out = c.run("kubectl proxy")
    assert out.text.startswith("Starting to serve on 127.0.0.1:8001\n")
    assert '"gitVersion": "v1.32.0"' in c.run("curl http://localhost:8001/version").text
    c.run(POD_NAME)
    assert c.run("echo Name of the Pod: $POD_NAME").text.startswith("Name of the Pod: kubernetes-bootcamp-")
    out = c.run("curl http://localhost:8001/api/v1/namespaces/default/pods/$POD_NAME:8080/proxy/")
    pod = c.run("echo $POD_NAME").text.strip()
    assert out.text == f"Hello Kubernetes bootcamp! | Running on: {pod} | v=1\n"


def test_a_second_kubectl_proxy_cannot_bind_the_same_port():
    c = _deployed()
    c.run("kubectl proxy")
    out = c.run("kubectl proxy")
    assert out.exit_code == 1
    assert "error: listen tcp 127.0.0.1:8001: bind: address already in use" in out.text


def test_curl_to_localhost_without_a_proxy_is_refused():
    out = _deployed().run("curl http://localhost:8001/version")
    assert out.exit_code == 7
    assert "curl: (7) Failed to connect to localhost port 8001" in out.text


def test_the_proxy_answers_the_api_servers_503_when_nothing_listens_on_the_port():
    c = _deployed()
    c.run("kubectl proxy")
    c.run(POD_NAME)
    out = c.run("curl http://localhost:8001/api/v1/namespaces/default/pods/$POD_NAME/proxy/")
    assert '"reason": "ServiceUnavailable"' in out.text and ":80: connect: connection refused" in out.text


# -- Module 3: explore/explore-intro.md --------------------------------------------------------------

def test_explore_describe_logs_env_and_exec():
    c = _deployed()
    c.run(POD_NAME)
    pod = c.run("echo $POD_NAME").text.strip()
    assert re.search(r"kubernetes-bootcamp-\S+\s+1/1\s+Running\s+0", c.run("kubectl get pods").text)
    described = c.run("kubectl describe pods").text
    assert "    Image:          gcr.io/google-samples/kubernetes-bootcamp:v1\n" in described
    assert ("Image ID:       gcr.io/google-samples/kubernetes-bootcamp@sha256:"
            "0d6b8ee63bb57c5f5b6156f446b3bc3b3c143d233037f3a2f00e279c8fcc64af") in described
    logs = c.run("kubectl logs $POD_NAME").text
    assert re.fullmatch(r"Kubernetes Bootcamp App Started At: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \| "
                        rf"Running On:  {pod} \n\n", logs)
    env = c.run('kubectl exec "$POD_NAME" -- env').text.splitlines()
    assert env[:2] == ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", f"HOSTNAME={pod}"]
    assert "NPM_CONFIG_LOGLEVEL=info" in env and "NODE_VERSION=6.3.1" in env and env[-1] == "HOME=/root"
    assert "KUBERNETES_SERVICE_HOST=10.96.0.1" in env
    server_js = c.run("kubectl exec $POD_NAME -- cat server.js").text
    assert server_js.startswith("// server.js of kubernetes-bootcamp v1")  # the source is not reproduced
    assert HELLO.match(c.run("kubectl exec $POD_NAME -- curl http://localhost:8080").text).group(1) == "1"


def test_each_request_is_logged_by_the_app_as_server_js_does():
    c = _deployed()
    c.run(POD_NAME)
    c.run("kubectl exec $POD_NAME -- curl http://localhost:8080")
    c.advance(2)
    c.run("kubectl exec $POD_NAME -- curl http://localhost:8080")
    lines = c.run("kubectl logs $POD_NAME").text.splitlines()
    assert lines[1] == ""
    assert re.fullmatch(r"Running On: kubernetes-bootcamp-\S+ \| Total Requests: 1 \| App Uptime: [\d.]+ seconds "
                        r"\| Log Time: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", lines[2])
    assert "| Total Requests: 2 |" in lines[3]


def test_explore_opens_a_bash_in_the_container_and_leaves_it_with_exit():
    c = _deployed()
    c.run(POD_NAME)
    pod = c.run("echo $POD_NAME").text.strip()
    out = c.run("kubectl exec -ti $POD_NAME -- bash")
    # the image is Debian's (node:6): bash's prompt as /etc/bash.bashrc sets it
    assert (out.text, out.exit_code, out.prompt) == ("", 0, f"root@{pod}:/# ")
    assert c.run("cat server.js").text.startswith("// server.js of kubernetes-bootcamp v1")
    assert HELLO.match(c.run("curl http://localhost:8080").text).group(1) == "1"
    out = c.run("exit")
    assert (out.text, out.exit_code, out.prompt) == ("exit\n", 0, None)
    assert c.run("kubectl exec $POD_NAME -- bash").text == ""  # no stdin: the shell reads EOF and exits 0


# -- Module 4: expose/expose-intro.md ------------------------------------------------------------------

def test_expose_node_port_labels_and_delete():
    c = _deployed()
    assert c.run('kubectl expose deployment/kubernetes-bootcamp --type="NodePort" --port 8080').text == \
        "service/kubernetes-bootcamp exposed\n"
    assert re.search(r"kubernetes-bootcamp\s+NodePort\s+10\.\S+\s+<none>\s+8080:3\d{4}/TCP", c.run("kubectl get services").text)
    assert re.search(r"NodePort:\s+<unset>\s+3\d{4}/TCP", c.run("kubectl describe services/kubernetes-bootcamp").text)
    c.run(NODE_PORT)
    assert re.fullmatch(r"NODE_PORT=3\d{4}\n", c.run('echo "NODE_PORT=$NODE_PORT"').text)
    minikube = c.run('curl http://"$(minikube ip):$NODE_PORT"')
    assert "minikube: command not found" in minikube.text and "curl: (3) URL rejected: No host part in the URL" in minikube.text
    ip = _node_ip(c)
    assert HELLO.match(c.run(f"curl http://{ip}:$NODE_PORT").text)
    assert "Labels:                 app=kubernetes-bootcamp" in c.run("kubectl describe deployment").text
    assert len(c.run("kubectl get pods -l app=kubernetes-bootcamp").text.splitlines()) == 2
    assert "kubernetes-bootcamp   NodePort" in c.run("kubectl get services -l app=kubernetes-bootcamp").text
    c.run(POD_NAME)
    assert re.fullmatch(r"pod/kubernetes-bootcamp-\S+ labeled\n", c.run('kubectl label pods "$POD_NAME" version=v1').text)
    assert "                  version=v1\n" in c.run('kubectl describe pods "$POD_NAME"').text
    assert len(c.run("kubectl get pods -l version=v1").text.splitlines()) == 2
    assert c.run("kubectl delete service -l app=kubernetes-bootcamp").text == 'service "kubernetes-bootcamp" deleted\n'
    assert "kubernetes-bootcamp" not in c.run("kubectl get services").text
    gone = c.run(f"curl http://{ip}:$NODE_PORT")
    assert gone.exit_code == 7 and "Couldn't connect to server" in gone.text
    assert HELLO.match(c.run("kubectl exec -ti $POD_NAME -- curl http://localhost:8080").text)


def test_a_pod_reaches_the_service_by_cluster_ip_and_the_node_port():
    c = _deployed()
    c.run('kubectl expose deployment/kubernetes-bootcamp --type="NodePort" --port 8080')
    c.run(POD_NAME)
    c.run(NODE_PORT)
    ip = c.run("kubectl get service kubernetes-bootcamp -o jsonpath='{.spec.clusterIP}'").text
    assert HELLO.match(c.run(f"kubectl exec $POD_NAME -- curl -s http://{ip}:8080").text)
    assert HELLO.match(c.run(f"kubectl exec $POD_NAME -- curl -s http://{_node_ip(c)}:$NODE_PORT").text)


# -- Module 5: scale/scale-intro.md ----------------------------------------------------------------------

def test_scale_to_four_load_balances_then_down_to_two():
    c = _deployed()
    c.run('kubectl expose deployment/kubernetes-bootcamp --type="LoadBalancer" --port 8080')
    assert re.search(r"kubernetes-bootcamp-[a-z0-9]+\s+1\s+1\s+1\s", c.run("kubectl get rs").text)
    assert c.run("kubectl scale deployments/kubernetes-bootcamp --replicas=4").text == \
        "deployment.apps/kubernetes-bootcamp scaled\n"
    c.advance(30)
    assert c.run("kubectl get deployments").text.splitlines()[1].split()[:4] == ["kubernetes-bootcamp", "4/4", "4", "4"]
    assert len(c.run("kubectl get pods -o wide").text.splitlines()) == 5
    assert "Scaled up replica set kubernetes-bootcamp-" in c.run("kubectl describe deployments/kubernetes-bootcamp").text
    c.run(NODE_PORT)
    ip = _node_ip(c)
    answered = {c.run(f'curl http://"{ip}:$NODE_PORT"').text for _ in range(12)}
    assert len(answered) > 1 and all(HELLO.match(a) for a in answered)
    c.run("kubectl scale deployments/kubernetes-bootcamp --replicas=2")
    assert c.run("kubectl get deployments").text.splitlines()[1].split()[:2] == ["kubernetes-bootcamp", "2/2"]
    c.advance(40)
    assert len(c.run("kubectl get pods -o wide").text.splitlines()) == 3


# -- Module 6: update/update-intro.md -------------------------------------------------------------------

def test_rolling_update_to_v2_then_v10_fails_to_pull_and_rollout_undo_restores_v2():
    c = _deployed(replicas=4)
    c.run('kubectl expose deployment/kubernetes-bootcamp --type="NodePort" --port 8080')
    out = c.run("kubectl set image deployments/kubernetes-bootcamp kubernetes-bootcamp=docker.io/jocatalin/kubernetes-bootcamp:v2")
    assert out.text == "deployment.apps/kubernetes-bootcamp image updated\n"
    assert "Terminating" in c.run("kubectl get pods").text
    c.advance(90)
    c.run(NODE_PORT)
    assert HELLO.match(c.run(f"curl http://{_node_ip(c)}:$NODE_PORT").text).group(1) == "2"
    assert c.run("kubectl rollout status deployments/kubernetes-bootcamp").text == \
        'deployment "kubernetes-bootcamp" successfully rolled out\n'
    assert c.run("kubectl describe pods").text.count("Image:          docker.io/jocatalin/kubernetes-bootcamp:v2") == 4

    c.run("kubectl set image deployments/kubernetes-bootcamp kubernetes-bootcamp=gcr.io/google-samples/kubernetes-bootcamp:v10")
    c.advance(30)
    assert c.run("kubectl get deployments").text.splitlines()[1].split()[1] == "3/4"
    assert "ImagePullBackOff" in c.run("kubectl get pods").text
    assert ('failed to resolve reference "gcr.io/google-samples/kubernetes-bootcamp:v10": '
            "gcr.io/google-samples/kubernetes-bootcamp:v10: not found") in c.run("kubectl describe pods").text
    assert c.run("kubectl rollout undo deployments/kubernetes-bootcamp").text == "deployment.apps/kubernetes-bootcamp rolled back\n"
    c.advance(40)
    pods = c.run("kubectl get pods").text
    assert pods.count("Running") == 4 and "ImagePullBackOff" not in pods
    assert c.run("kubectl describe pods").text.count("Image:          docker.io/jocatalin/kubernetes-bootcamp:v2") == 4
    assert c.run("kubectl delete deployments/kubernetes-bootcamp services/kubernetes-bootcamp").text == \
        'deployment.apps "kubernetes-bootcamp" deleted\nservice "kubernetes-bootcamp" deleted\n'


# -- The go-template forms tutorials use (text/template parse.go and exec.go) -----------------------------

@pytest.mark.parametrize("template, expected", [
    ("{{(index .spec.ports 0).nodePort}}", "31234"),  # a ChainNode: a field of a parenthesised pipeline
    ("{{(index .items 1).metadata.name}}", "b"),
    ('{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}', "a\nb\n"),
    ('{{.metadata.name}}{{"\\t"}}', "n\t"),
    ('{{index .metadata.labels "app"}}', "web"),
    ("{{if .x}}yes{{else}}no{{end}}", "yes"),
    ("{{if .missing}}yes{{else}}no{{end}}", "no"),
    ("{{len .items}}", "2"),
    ('{{printf "%s\\n" .x}}', "hi\n"),
])
def test_go_template_forms_from_the_tutorials(template, expected):
    data = {"spec": {"ports": [{"nodePort": 31234, "port": 8080}]}, "x": "hi",
            "items": [{"metadata": {"name": "a"}}, {"metadata": {"name": "b"}}],
            "metadata": {"name": "n", "labels": {"app": "web"}}}
    assert gotemplate.render(template, data) == expected


def test_a_field_after_a_space_is_an_argument_not_a_chain():
    with pytest.raises(gotemplate.TemplateError, match="can't give argument to non-function"):
        gotemplate.render("{{(index .spec.ports 0) .x}}", {"spec": {"ports": [{}]}, "x": 1})
