"""kubernetes.io tasks/access-application-cluster/list-all-running-container-images.md typed unchanged.

The page's pipelines over ``kubectl get pods -o jsonpath`` / ``-o go-template``: the recursive
``{..image}`` finds the spec's images and the status's (client-go util/jsonpath evalRecursive),
``range ... end`` iterates, and the console's ``tr -s '[[:space:]]' '\\n' | sort | uniq -c``
counts them. jsonpath and go-template print no newline of their own. The page's pods are
whatever runs; here two nginx replicas run beside the kind cluster's kube-system pods.
"""
from __future__ import annotations

import re

import pytest

from clusters import Cluster

NGINX = "nginx:1.14.2"


@pytest.fixture(scope="module")
def running():
    c = Cluster(seed=3)
    assert c.run(f"kubectl create deployment nginx --image={NGINX} --replicas=2").exit_code == 0
    c.run("sim advance 30s")
    assert c.run("kubectl get pods -l app=nginx --no-headers").text.count(" Running ") == 2
    return c


def _pods(c, namespace_flag="--all-namespaces"):
    """(name, [images]) for each pod, as the spec lists them, in the API's order."""
    out = c.run(f"kubectl get pods {namespace_flag} -o jsonpath='{{range .items[*]}}{{.metadata.name}}"
                f"{{\"=\"}}{{.spec.containers[*].image}}{{\"\\n\"}}{{end}}'").text
    return [(name, images.split()) for name, _, images in (line.partition("=") for line in out.splitlines())]


def test_the_recursive_image_path_counted_by_tr_sort_and_uniq(running):
    out = running.run("kubectl get pods --all-namespaces -o jsonpath=\"{..image}\" |\\\n"
                      "tr -s '[[:space:]]' '\\n' |\\\nsort |\\\nuniq -c")
    lines = out.text.splitlines()
    assert all(re.fullmatch(r" {6}\d+ \S+", line) for line in lines), lines
    counts = {line.split()[1]: int(line.split()[0]) for line in lines}
    # each running container's image appears twice: spec.containers and status.containerStatuses
    assert counts[NGINX] == 2
    assert counts["docker.io/library/nginx:1.14.2"] == 2
    spec_images = [i for _, images in _pods(running) for i in images]
    assert sum(counts.values()) == 2 * len(spec_images)
    assert [line.split()[1] for line in lines] == sorted(counts)


def test_the_absolute_path_lists_the_spec_images_on_one_line_without_a_newline(running):
    out = running.run('kubectl get pods --all-namespaces -o jsonpath="{.items[*].spec.containers[*].image}"')
    assert out.text == " ".join(i for _, images in _pods(running) for i in images)
    assert not out.text.endswith("\n")


def test_range_prints_each_pod_and_its_images_and_sort_puts_the_blank_first_line_first(running):
    out = running.run("kubectl get pods --all-namespaces -o=jsonpath='{range .items[*]}{\"\\n\"}{.metadata.name}"
                      "{\":\\t\"}{range .spec.containers[*]}{.image}{\", \"}{end}{end}' |\\\nsort")
    lines = out.text.split("\n")
    assert lines[0] == "" and lines[-1] == ""
    expected = sorted(f"{name}:\t" + "".join(f"{i}, " for i in images) for name, images in _pods(running))
    assert lines[1:-1] == expected
    assert any(line.startswith("nginx-") and line.endswith(f":\t{NGINX}, ") for line in lines)


def test_a_label_selector_keeps_the_nginx_pods_only(running):
    out = running.run('kubectl get pods --all-namespaces -o=jsonpath="{..image}" -l app=nginx')
    assert sorted(out.text.split(" ")) == sorted([NGINX, "docker.io/library/nginx:1.14.2"] * 2)


def test_the_namespace_flag_keeps_kube_system(running):
    out = running.run('kubectl get pods --namespace kube-system -o jsonpath="{..image}"')
    images = out.text.split(" ")
    assert NGINX not in images
    assert "registry.k8s.io/kube-apiserver:v1.32.0" in images
    assert len(images) == 2 * sum(len(i) for _, i in _pods(running, "-n kube-system"))


def test_the_go_template_variant_leaves_a_space_after_each_image(running):
    out = running.run('kubectl get pods --all-namespaces -o go-template --template='
                      '"{{range .items}}{{range .spec.containers}}{{.image}} {{end}}{{end}}"')
    assert out.text == "".join(f"{i} " for _, images in _pods(running) for i in images)
