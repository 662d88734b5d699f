"""What apply prints when the server refuses its patch (apply.go, patcher.go: AddSourceToErr with the patch
and the object), checked against kubectl 1.32 pointed at a server that answered the same way."""
from __future__ import annotations

import json

import pytest

from clusters import Cluster

WEB = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
"""


@pytest.fixture
def learner():
    c = Cluster(seed=2)
    c.run(f"cat > web.yaml <<'EOF'\n{WEB}EOF")
    assert c.run("kubectl apply -f web.yaml").exit_code == 0
    return c


def test_a_saved_manifest_with_a_stale_resource_version_conflicts_and_shows_the_patch(learner):
    learner.run("kubectl get deploy web -o yaml > saved.yaml")
    learner.run("kubectl scale deploy web --replicas=4")
    learner.run("sed -i 's/nginx:1.27/nginx:1.28/' saved.yaml")
    out = learner.run("kubectl apply -f saved.yaml")
    lines = out.text.split("\n")
    assert out.exit_code == 1
    assert lines[0] == "Error from server (Conflict): error when applying patch:"
    patch = json.loads(lines[1])
    assert patch["spec"]["template"]["spec"]["$setElementOrder/containers"] == [{"name": "nginx"}]
    assert patch["spec"]["template"]["spec"]["containers"] == [{"image": "nginx:1.28", "name": "nginx"}]
    assert lines[2:5] == ["to:", 'Resource: "apps/v1, Resource=deployments", GroupVersionKind: "apps/v1, Kind=Deployment"',
                          'Name: "web", Namespace: "default"']
    assert lines[5].startswith('for: "saved.yaml": error when patching "saved.yaml": Operation cannot be fulfilled on '
                               'deployments.apps "web": the object has been modified')
    # nothing was written: the scale stands, the image is the old one
    assert learner.api.get("deployments", "web", "default")["spec"]["replicas"] == 4


def test_an_invalid_patch_prints_the_invalid_error_alone_as_checkerr_does(learner):
    learner.run("sed -i 's/app: web/app: other/' web.yaml")
    out = learner.run("kubectl apply -f web.yaml")
    assert out.exit_code == 1
    assert out.text.startswith('The Deployment "web" is invalid: spec.selector: Invalid value: ')
    assert "error when applying patch" not in out.text
