"""kubectl diff -f as kubectl 1.32 runs it (kubernetes/kubectl pkg/cmd/diff/diff.go).

The live and the merged (server-side dry run) objects go to /tmp/LIVE-N and
/tmp/MERGED-N as YAML, ``diff -u -N`` compares them, and kubectl exits as diff
did (0 same, 1 different) or 2 on its own errors.
"""
from __future__ import annotations

import re

from clusters import Cluster

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  minReadySeconds: 5
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
"""

SECRET = """apiVersion: v1
kind: Secret
metadata:
  name: creds
data:
  user: {user}
  password: cGFzcw==
"""


def write(c, name, text):
    c.run(f"cat > {name} <<'EOF'\n{text}EOF")


def header(text: str) -> list[str]:
    return text.splitlines()[:3]


def test_a_new_object_is_all_added_lines_under_kubectls_temp_dir_names():
    c = Cluster(seed=2)
    write(c, "web.yaml", DEPLOYMENT)
    out = c.run("kubectl diff -f web.yaml")
    assert out.exit_code == 1
    first, minus, plus = header(out.text)
    m = re.fullmatch(r"diff -u -N (/tmp/LIVE-\d+)/apps\.v1\.Deployment\.default\.web "
                     r"(/tmp/MERGED-\d+)/apps\.v1\.Deployment\.default\.web", first)
    assert m, first
    assert minus == f"--- {m.group(1)}/apps.v1.Deployment.default.web\t2025-06-02 09:01:00.000000000 +0000"
    assert plus.startswith(f"+++ {m.group(2)}/apps.v1.Deployment.default.web\t")
    body = out.text.splitlines()[3:]
    assert body[0] == f"@@ -0,0 +1,{len(body) - 1} @@"
    assert all(line.startswith("+") for line in body[1:])
    # the dry run's object: defaults, a uid and generation 1, no resourceVersion and no last-applied annotation
    assert "+  generation: 1" in body and "+  namespace: default" in body and "+status: {}" in body
    assert not any("resourceVersion" in line or "last-applied" in line for line in body)
    assert c.get("deployments", "web") is None
    assert "LIVE" not in c.run("ls -a /tmp").text  # both directories are gone again


def test_no_change_prints_nothing_and_exits_0():
    c = Cluster(seed=2)
    write(c, "web.yaml", DEPLOYMENT)
    c.run("kubectl apply -f web.yaml")
    c.run("sim advance 30s")
    out = c.run("kubectl diff -f web.yaml")
    assert (out.text, out.exit_code) == ("", 0)


def test_an_update_shows_the_changed_fields_and_the_generation_bump_not_the_annotation():
    c = Cluster(seed=2)
    write(c, "web.yaml", DEPLOYMENT)
    c.run("kubectl apply -f web.yaml")
    c.run("kubectl scale deployment/web --replicas=2")
    c.run("sim advance 30s")
    write(c, "web.yaml", DEPLOYMENT.replace("nginx:1.14.2", "nginx:1.16.1").replace("  minReadySeconds: 5\n", ""))
    out = c.run("kubectl diff -f web.yaml")
    assert out.exit_code == 1
    changed = [line for line in out.text.splitlines()[3:] if line[:1] in "+-" and not line.startswith("@@")]
    assert changed == ["-  generation: 2", "+  generation: 3", "-  minReadySeconds: 5",
                       "-      - image: nginx:1.14.2", "+      - image: nginx:1.16.1"]
    hunks = [line for line in out.text.splitlines() if line.startswith("@@")]
    assert hunks == ["@@ -6,13 +6,12 @@", "@@ -31,7 +30,7 @@"]
    # nothing was changed by the diff
    assert c.get("deployments", "web")["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.14.2"


def test_a_secrets_data_is_masked_diff_go_masker():
    c = Cluster(seed=2)
    write(c, "s.yaml", SECRET.format(user="YWRtaW4="))
    c.run("kubectl apply -f s.yaml")
    write(c, "s.yaml", SECRET.format(user="cm9vdA=="))
    out = c.run("kubectl diff -f s.yaml").text
    assert "-  user: '*** (before)'\n+  user: '*** (after)'\n" in out
    assert "   password: '***'\n" in out
    assert "cm9vdA" not in out and "YWRtaW4" not in out


def test_kubectl_external_diff_names_the_program_and_its_safe_arguments():
    c = Cluster(seed=2)
    write(c, "web.yaml", DEPLOYMENT)
    out = c.run("KUBECTL_EXTERNAL_DIFF='diff -q /etc/passwd' kubectl diff -f web.yaml")  # a path is dropped
    assert re.fullmatch(r"Files /tmp/LIVE-\d+/apps\.v1\.Deployment\.default\.web and "
                        r"/tmp/MERGED-\d+/apps\.v1\.Deployment\.default\.web differ\n", out.text)
    assert out.exit_code == 1
    out = c.run('KUBECTL_EXTERNAL_DIFF="colordiff -N -u" kubectl diff -f web.yaml')
    assert (out.text, out.exit_code) == \
        ('error: failed to run "colordiff": exec: "colordiff": executable file not found in $PATH\n', 2)


def test_its_errors_exit_2_check_diff_err():
    c = Cluster(seed=2)
    assert (c.run("kubectl diff").text, c.run("kubectl diff").exit_code) == \
        ("error: must specify one of -f and -k\n", 2)
    out = c.run("kubectl diff --bogus")
    assert (out.text, out.exit_code) == ("error: unknown flag: --bogus\nSee 'kubectl diff -h' for help and examples\n", 2)
    out = c.run("kubectl diff x y")
    assert (out.text, out.exit_code) == ("error: Unexpected args: [x y]\nSee 'kubectl diff -h' for help and examples\n", 2)
    out = c.run("kubectl diff -f nothere.yaml")
    assert (out.text, out.exit_code) == ('error: the path "nothere.yaml" does not exist\n', 2)
    out = c.run("kubectl diff -f nothere.yaml --force-conflicts")
    assert (out.text, out.exit_code) == ("error: --force-conflicts only works with --server-side\n", 2)
