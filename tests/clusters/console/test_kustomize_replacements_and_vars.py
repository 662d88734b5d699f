"""A kustomization's ``replacements`` and ``vars`` (kustomize v5.5.0 in kubectl 1.32:
api/filters/replacement/replacement.go, api/internal/accumulator/refvartransformer.go). Every
expected output here was printed by /usr/bin/kubectl 1.32 ``kubectl kustomize`` over the same files
(klog's time and pid aside)."""
from __future__ import annotations

import re

import pytest

from clusters import Cluster

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: app
        image: nginx:1.27
        command: ["start", "--svc=$(SVC_NAME)", "$$(LITERAL)", "$(UNKNOWN)"]
        env:
        - name: SVC
          value: placeholder
        - name: PORT
          value: "$(SVC_PORT)"
"""
SERVICE = """apiVersion: v1
kind: Service
metadata:
  name: web-svc
spec:
  selector:
    app: web
  ports:
  - port: 8080
    targetPort: 80
"""
VARS_WARNING = ("# Warning: 'vars' is deprecated. Please use 'replacements' instead. [EXPERIMENTAL] Run "
                "'kustomize edit fix' to update your Kustomization automatically.\n")


def put(c, path, text):
    assert c.run(f"cat <<'EOF' > {path}\n{text}EOF").exit_code == 0


@pytest.fixture
def app():
    c = Cluster(seed=1)
    c.run("mkdir -p app")
    put(c, "app/dep.yaml", DEPLOYMENT)
    put(c, "app/svc.yaml", SERVICE)
    return c


def build(c, kustomization: str, path: str = "app"):
    put(c, f"{path}/kustomization.yaml", kustomization)
    out = c.run(f"kubectl kustomize {path}")
    return out.exit_code, re.sub(r"^([IE])\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ ", r"\1 ", out.text, flags=re.M)


def test_replacements_and_vars_after_the_prefix_as_kubectl_kustomize_prints_them(app):
    code, text = build(app, """namePrefix: dev-
resources:
- dep.yaml
- svc.yaml
replacements:
- source:
    kind: Service
    name: web-svc
  targets:
  - select:
      kind: Deployment
    fieldPaths:
    - spec.template.spec.containers.[name=app].env.[name=SVC].value
- source:
    kind: Deployment
    fieldPath: spec.template.spec.containers.0.image
    options:
      delimiter: ':'
      index: 1
  targets:
  - select:
      kind: Deployment
    fieldPaths:
    - metadata.labels.version
    options:
      create: true
vars:
- name: SVC_NAME
  objref:
    kind: Service
    name: web-svc
    apiVersion: v1
- name: SVC_PORT
  objref:
    kind: Service
    name: web-svc
    apiVersion: v1
  fieldref:
    fieldpath: spec.ports[0].port
- name: UNUSED
  objref: {kind: Deployment, name: web, apiVersion: apps/v1}
""")
    assert code == 0
    assert text == VARS_WARNING + """I log.go:245] well-defined vars that were never replaced: UNUSED
apiVersion: v1
kind: Service
metadata:
  name: dev-web-svc
spec:
  ports:
  - port: 8080
    targetPort: 80
  selector:
    app: web
---
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    version: "1.27"
  name: dev-web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - command:
        - start
        - --svc=dev-web-svc
        - $(LITERAL)
        - $(UNKNOWN)
        env:
        - name: SVC
          value: dev-web-svc
        - name: PORT
          value: 8080
        image: nginx:1.27
        name: app
"""


def test_a_base_var_an_overlay_replacement_with_selectors_wildcards_and_a_scalar_list_match(app):
    app.run("mkdir -p overlay")
    put(app, "app/kustomization.yaml", "resources: [dep.yaml, svc.yaml]\nvars:\n- name: SVC_NAME\n"
             "  objref: {kind: Service, name: web-svc, apiVersion: v1}\n")
    code, text = build(app, """namePrefix: prod-
namespace: shop
resources: [../app]
labels:
- pairs: {tier: web}
replacements:
- source: {kind: Service, fieldPath: metadata.namespace}
  targets:
  - select: {labelSelector: "tier=web"}
    reject: [{kind: Service}]
    fieldPaths: ["spec.template.spec.containers.*.env.[name=SVC].value", "spec.template.spec.containers.[name=app].command.[=start]"]
- source: {kind: Deployment, fieldPath: "spec.template.spec.containers.[name=app].image", options: {delimiter: ":"}}
  targets:
  - select: {kind: Service}
    fieldPaths: [metadata.annotations.image]
    options: {create: true}
""", path="overlay")
    assert code == 0
    assert text.startswith(VARS_WARNING + """apiVersion: v1
kind: Service
metadata:
  annotations:
    image: nginx
  labels:
    tier: web
  name: prod-web-svc
  namespace: shop
""")
    assert """      - command:
        - shop
        - --svc=prod-web-svc
        - $(LITERAL)
        - $(UNKNOWN)
        env:
        - name: SVC
          value: shop
""" in text


def test_create_makes_a_list_element_and_a_number_keeps_its_type_but_an_annotation_is_a_string(app):
    code, text = build(app, """resources: [dep.yaml, svc.yaml]
replacements:
- source: {kind: Service, fieldPath: spec.ports.0.port}
  targets:
  - select: {kind: Deployment}
    fieldPaths: [spec.template.spec.containers.0.image]
    options: {delimiter: ":", index: 1}
  - select: {kind: Deployment}
    fieldPaths: [spec.replicas, metadata.annotations.x, metadata.labels.y]
    options: {create: true}
- source: {kind: Service, fieldPath: spec.ports.0.targetPort}
  targets:
  - select: {kind: Deployment}
    fieldPaths: ["spec.template.spec.containers.[name=app].ports.[containerPort=80].containerPort"]
    options: {create: true}
""")
    assert code == 0
    assert "metadata:\n  annotations:\n    x: \"8080\"\n  labels:\n    \"y\": 8080\n  name: web\nspec:\n  replicas: 8080\n" in text
    assert "        image: nginx:8080\n        name: app\n        ports:\n        - containerPort: 80\n" in text


@pytest.mark.parametrize("kustomization, error", [
    ("replacements:\n- source:\n    kind: Service\n    name: nope\n  targets:\n  - select:\n      kind: Deployment\n",
     'E run.go:72] "command failed" err="nothing selected by Service.[noVer].[noGrp]/nope.[noNs]"\n'),
    ("replacements:\n- source:\n    kind: Service\n  targets:\n  - select:\n      kind: Deployment\n    fieldPaths:\n"
     "    - spec.template.spec.containers.[name=x].image\n",
     'E run.go:72] "command failed" err="unable to find field \\"spec.template.spec.containers.[name=x].image\\" '
     'in replacement target"\n'),
    ("replacements:\n- source:\n    kind: Service\n    fieldPath: metadata.namespace\n  targets:\n  - select:\n"
     "      kind: Deployment\n",
     'E run.go:72] "command failed" err="fieldPath `metadata.namespace` is missing for replacement source '
     'Service.[noVer].[noGrp]/[noName].[noNs]"\n'),
    ("vars:\n- name: X\n  objref: {kind: ConfigMap, name: nope, apiVersion: v1}\n",
     VARS_WARNING + 'E run.go:72] "command failed" err="var \'{X ConfigMap.v1.[noGrp] {metadata.name}}\' cannot be '
     'mapped to a field in the set of known resources"\n'),
    ("vars:\n- name: X\n  objref: {kind: Service, name: web-svc, apiVersion: v1}\n- name: X\n"
     "  objref: {kind: Service, name: web-svc, apiVersion: v1}\n",
     VARS_WARNING + 'E run.go:72] "command failed" err="merging vars [{X Service.[noVer].[noGrp] {}} '
     '{X Service.[noVer].[noGrp] {}}]: var \'X\' already encountered"\n'),
    ("vars:\n- name: X\n  objref: {kind: Service, name: web-svc, apiVersion: v1}\n  fieldref: {fieldpath: spec.nothere}\n",
     VARS_WARNING + 'E run.go:72] "command failed" err="field specified in var \'{X Service.v1.[noGrp] '
     '{spec.nothere}}\' not found in corresponding resource"\n'),
    ("replacements:\n- path: r.yaml\n  source:\n    kind: Service\n",
     'E run.go:72] "command failed" err=<\n\ttrouble configuring builtin ReplacementTransformer with config: `\n'
     '\tReplacements:\n\t- path: r.yaml\n\t  source:\n\t    kind: Service\n\t`: cannot specify both path and '
     'inline replacement\n >\n'),
])
def test_errors_in_kustomizes_words_logged_as_kubectl_kustomize_logs_them(app, kustomization, error):
    code, text = build(app, "resources:\n- dep.yaml\n- svc.yaml\n" + kustomization)
    assert (code, text) == (1, error)


def test_apply_k_prints_the_same_error_as_kubectl_errors(app):
    put(app, "app/kustomization.yaml", "resources: [dep.yaml]\nreplacements:\n- source: {kind: Service, name: nope}\n"
             "  targets:\n  - select: {kind: Deployment}\n")
    out = app.run("kubectl apply -k app")
    assert (out.exit_code, out.text) == (1, "error: nothing selected by Service.[noVer].[noGrp]/nope.[noNs]\n")
