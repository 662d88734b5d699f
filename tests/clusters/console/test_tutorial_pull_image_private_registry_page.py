"""kubernetes.io tasks/configure-pod-container/pull-image-private-registry.md typed unchanged.

``docker login`` and ``~/.docker/config.json`` are the learner's laptop, not this console; the
page's ``kubectl`` and ``base64`` steps run here, and its example image,
``your.private.registry.example.com/janedoe/jdoe-private:v1``, lives in a simulated private
registry (kubelet/images.py PRIVATE_REGISTRIES) that answers only pulls with credentials for its
host (kubelet/pull_secrets.py, pkg/credentialprovider keyring.go). The page downloads its manifest
with wget (the console is offline), so the test writes it, with the image the page suggests.
The secret's bytes were checked against ``kubectl create secret docker-registry --dry-run=client``
of kubectl 1.32.
"""
from __future__ import annotations

import pytest

from clusters import Cluster

IMAGE = "your.private.registry.example.com/janedoe/jdoe-private:v1"
POD = f"""apiVersion: v1
kind: Pod
metadata:
  name: private-reg
spec:
  containers:
  - name: private-reg-container
    image: {IMAGE}
  imagePullSecrets:
  - name: regcred
"""
CREATE = ("kubectl create secret docker-registry regcred --docker-server=your.private.registry.example.com "
          "--docker-username=janedoe --docker-password=xxxxxxxxxxx --docker-email=jdoe@example.com")
CONFIG = ('{"auths":{"your.private.registry.example.com":{"username":"janedoe","password":"xxxxxxxxxxx",'
          '"email":"jdoe@example.com","auth":"amFuZWRvZTp4eHh4eHh4eHh4eA=="}}}')
ENCODED = ("eyJhdXRocyI6eyJ5b3VyLnByaXZhdGUucmVnaXN0cnkuZXhhbXBsZS5jb20iOnsidXNlcm5hbWUiOiJqYW5lZG9lIiwicGFzc3dvcmQi"
           "OiJ4eHh4eHh4eHh4eCIsImVtYWlsIjoiamRvZUBleGFtcGxlLmNvbSIsImF1dGgiOiJhbUZ1WldSdlpUcDRlSGg0ZUhoNGVIaDRlQT09In19fQ==")
# containerd 1.7 on a 401 from a basic-auth registry (remotes/docker resolver.go, errors.go ErrUnexpectedStatus)
UNAUTHORIZED = (f'rpc error: code = Unknown desc = failed to pull and unpack image "{IMAGE}": failed to resolve '
                f'reference "{IMAGE}": unexpected status from HEAD request to '
                "https://your.private.registry.example.com/v2/janedoe/jdoe-private/manifests/v1: 401 Unauthorized")


@pytest.fixture
def learner():
    c = Cluster(seed=3)
    assert c.run(f"cat <<'EOF' > my-private-reg-pod.yaml\n{POD}EOF").text == ""
    return c


def _row(c, name="private-reg"):
    return c.run(f"kubectl get pod {name}").text.splitlines()[1].split()[:4]


def test_the_secret_holds_the_docker_config_the_page_decodes(learner):
    assert learner.run(CREATE).text == "secret/regcred created\n"
    yaml = learner.run("kubectl get secret regcred --output=yaml").text
    assert yaml.startswith(f"apiVersion: v1\ndata:\n  .dockerconfigjson: {ENCODED}\nkind: Secret\nmetadata:\n")
    assert yaml.endswith("type: kubernetes.io/dockerconfigjson\n")
    out = learner.run('kubectl get secret regcred --output="jsonpath={.data.\\.dockerconfigjson}" | base64 --decode')
    assert out.text == CONFIG  # no newline: jsonpath prints none
    assert learner.run('echo "amFuZWRvZTp4eHh4eHh4eHh4eA==" | base64 --decode').text == "janedoe:xxxxxxxxxxx"


def test_the_pages_elided_auth_decodes_as_far_as_gnu_base64_gets(learner):
    # "c3R...zE2" stands for a token; coreutils decodes "c3R" to "st", then stops at the first "."
    out = learner.run('echo "c3R...zE2" | base64 --decode')
    assert (out.text, out.exit_code) == ("stbase64: invalid input\n", 1)


def test_the_pod_runs_with_the_secret(learner):
    learner.run(CREATE)
    assert learner.run("kubectl apply -f my-private-reg-pod.yaml").text == "pod/private-reg created\n"
    learner.run("sim advance 20s")
    assert _row(learner) == ["private-reg", "1/1", "Running", "0"]
    events = learner.run("kubectl describe pod private-reg").text
    assert f'Pulling image "{IMAGE}"' in events
    assert f'Successfully pulled image "{IMAGE}"' in events


def test_without_the_secret_the_registry_refuses_and_the_kubelet_says_why_kubelet_pods_go(learner):
    assert learner.run("kubectl apply -f my-private-reg-pod.yaml").text == "pod/private-reg created\n"
    learner.run("sim advance 5s")
    assert _row(learner)[:3] == ["private-reg", "0/1", "ImagePullBackOff"]
    events = learner.run("kubectl describe pod private-reg").text
    assert ("Unable to retrieve some image pull secrets (regcred); attempting to pull the image may not succeed."
            in events)
    assert f'Failed to pull image "{IMAGE}": {UNAUTHORIZED}' in events
    assert learner.run("kubectl get pod private-reg -o jsonpath='{.status.containerStatuses[0].state.waiting.message}'"
                       ).text == f'Back-off pulling image "{IMAGE}": ErrImagePull: {UNAUTHORIZED}'
    # the Secret made afterwards is read at the next pull, after the back-off
    assert learner.run(CREATE).text == "secret/regcred created\n"
    learner.run("sim advance 40s")
    assert _row(learner)[:3] == ["private-reg", "1/1", "Running"]


def test_credentials_for_another_registry_do_not_count_keyring_go(learner):
    learner.run("kubectl create secret docker-registry regcred --docker-server=https://index.docker.io/v1/ "
                "--docker-username=janedoe --docker-password=xxxxxxxxxxx")
    learner.run("kubectl apply -f my-private-reg-pod.yaml")
    learner.run("sim advance 5s")
    assert _row(learner)[2] in ("ErrImagePull", "ImagePullBackOff")
    assert UNAUTHORIZED in learner.run("kubectl describe pod private-reg").text


def test_a_key_with_scheme_and_v1_path_matches_the_host_keyring_go(learner):
    learner.run("kubectl create secret docker-registry regcred --docker-server=https://your.private.registry.example.com/v1/ "
                "--docker-username=janedoe --docker-password=xxxxxxxxxxx")
    learner.run("kubectl apply -f my-private-reg-pod.yaml")
    learner.run("sim advance 20s")
    assert _row(learner)[:3] == ["private-reg", "1/1", "Running"]
