"""kubernetes/website content/en/docs/tasks/manage-kubernetes-objects/kustomization.md typed in the
console: kubectl kustomize and apply -k over generators, cross-cutting fields, patches, images and a
base with an overlay. Manifests are written here to describe the page's objects; each expected
output was checked against kubectl 1.32's own kustomize (v5.5.0)."""
from __future__ import annotations

import pytest

from clusters import Cluster

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-nginx
spec:
  selector:
    matchLabels:
      run: my-nginx
  replicas: 2
  template:
    metadata:
      labels:
        run: my-nginx
    spec:
      containers:
      - name: my-nginx
        image: nginx
        ports:
        - containerPort: 80
"""
SERVICE = """apiVersion: v1
kind: Service
metadata:
  name: my-nginx
  labels:
    run: my-nginx
spec:
  ports:
  - port: 80
    protocol: TCP
  selector:
    run: my-nginx
"""
WARN = ("# Warning: '{0}' is deprecated. Please use '{1}' instead. Run 'kustomize edit fix' to update your "
        "Kustomization automatically.\n")


@pytest.fixture
def learner():
    return Cluster(seed=1)


def put(c, path, text):
    assert c.run(f"cat <<'EOF' > {path}\n{text}EOF").exit_code == 0


def test_a_generated_configmap_takes_prefix_suffix_then_its_hash(learner):
    learner.run("mkdir -p my-app && cd my-app")
    put(learner, "application.properties", "FOO=Bar\n")
    put(learner, "./kustomization.yaml", "configMapGenerator:\n- name: example-configmap-1\n  files:\n"
        "  - application.properties\nnamePrefix: dev-\nnameSuffix: \"-001\"\n")
    assert learner.run("kubectl kustomize ./").text == (
        "apiVersion: v1\ndata:\n  application.properties: |\n    FOO=Bar\nkind: ConfigMap\nmetadata:\n"
        "  name: dev-example-configmap-1-001-g4hk9g2ff8\n")


def test_generator_options_drop_the_hash_and_label_the_configmap(learner):
    put(learner, "./kustomization.yaml", "configMapGenerator:\n- name: example-configmap-3\n  literals:\n"
        "  - FOO=Bar\ngeneratorOptions:\n  disableNameSuffixHash: true\n  labels:\n    type: generated\n"
        "  annotations:\n    note: generated\n")
    assert learner.run("kubectl kustomize ./").text == (
        "apiVersion: v1\ndata:\n  FOO: Bar\nkind: ConfigMap\nmetadata:\n  annotations:\n    note: generated\n"
        "  labels:\n    type: generated\n  name: example-configmap-3\n")


def test_an_overlay_over_a_base_with_every_transformer(learner):
    learner.run("mkdir base dev")
    put(learner, "base/deployment.yaml", DEPLOYMENT)
    put(learner, "base/service.yaml", SERVICE)
    put(learner, "base/kustomization.yaml", "resources:\n- deployment.yaml\n- service.yaml\n")
    put(learner, "dev/kustomization.yaml", """resources:
- ../base
namePrefix: dev-
nameSuffix: "-001"
namespace: ns1
commonLabels:
  app: bingo
commonAnnotations:
  oncallPager: 800-555-1212
images:
- name: nginx
  newName: my.image.registry/nginx
  newTag: 1.4.0
patchesStrategicMerge:
- mem.yaml
patchesJson6902:
- target:
    group: apps
    version: v1
    kind: Deployment
    name: my-nginx
  path: patch.yaml
""")
    put(learner, "dev/patch.yaml", "- op: replace\n  path: /spec/replicas\n  value: 3\n")
    put(learner, "dev/mem.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: my-nginx\nspec:\n"
        "  template:\n    spec:\n      containers:\n      - name: my-nginx\n        resources:\n"
        "          limits:\n            memory: 512Mi\n")
    out = learner.run("cd dev && kubectl kustomize .").text
    assert out == (WARN.format("commonLabels", "labels") + WARN.format("patchesJson6902", "patches")
                   + WARN.format("patchesStrategicMerge", "patches") + """apiVersion: v1
kind: Service
metadata:
  annotations:
    oncallPager: 800-555-1212
  labels:
    app: bingo
    run: my-nginx
  name: dev-my-nginx-001
  namespace: ns1
spec:
  ports:
  - port: 80
    protocol: TCP
  selector:
    app: bingo
    run: my-nginx
---
apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    oncallPager: 800-555-1212
  labels:
    app: bingo
  name: dev-my-nginx-001
  namespace: ns1
spec:
  replicas: 3
  selector:
    matchLabels:
      app: bingo
      run: my-nginx
  template:
    metadata:
      annotations:
        oncallPager: 800-555-1212
      labels:
        app: bingo
        run: my-nginx
    spec:
      containers:
      - image: my.image.registry/nginx:1.4.0
        name: my-nginx
        ports:
        - containerPort: 80
        resources:
          limits:
            memory: 512Mi
""")


def test_apply_get_and_delete_with_k_dot_slash(learner):
    put(learner, "deployment.yaml", DEPLOYMENT)
    put(learner, "./kustomization.yaml", "namePrefix: dev-\nlabels:\n- pairs:\n    app: my-nginx\n"
        "resources:\n- deployment.yaml\n")
    assert learner.run("kubectl apply -k ./").text == "deployment.apps/dev-my-nginx created\n"
    assert learner.run("kubectl get -k ./ -o jsonpath='{.metadata.labels.app}'").text == "my-nginx"
    assert learner.run("kubectl delete -k ./").text == 'deployment.apps "dev-my-nginx" deleted\n'


def test_a_missing_directory_is_refused_in_kustomizes_words(learner):
    out = learner.run("kubectl kustomize nope")
    assert out.exit_code == 1
    assert ("must build at directory: not a valid directory: evalsymlink failure on '/root/nope' : "
            "lstat /root/nope: no such file or directory") in out.text
