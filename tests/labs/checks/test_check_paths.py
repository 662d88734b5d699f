"""Field paths and the JSONPath subset checks read objects with."""
import pytest

from labs.checks import paths

OBJ = {"metadata": {"labels": {"app.kubernetes.io/name": "web"}},
       "spec": {"containers": [{"name": "a", "image": "nginx"}, {"name": "b", "image": "redis"}]},
       "status": {"conditions": [{"type": "Ready", "status": "True"}, {"type": "PodScheduled", "status": "True"}]}}


@pytest.mark.parametrize("path, want", [
    ("spec.containers[0].image", "nginx"),
    ("spec.containers[-1].name", "b"),
    ("{.spec.containers[*].image}", ["nginx", "redis"]),
    ('{.status.conditions[?(@.type=="Ready")].status}', "True"),
    ("$.status.conditions[type=PodScheduled].status", "True"),
    (r"metadata.labels.app\.kubernetes\.io/name", "web"),
    ("metadata.labels['app.kubernetes.io/name']", "web"),
])
def test_it_reads_paths_as_kubectl_jsonpath_does(path, want):
    assert paths.first(OBJ, path) == (True, want)


def test_a_path_that_reaches_nothing_is_not_found():
    assert paths.first(OBJ, "status.podIP") == (False, None)
    assert paths.first(OBJ, "spec.containers[5]") == (False, None)


def test_a_malformed_path_is_an_error_with_advice():
    with pytest.raises(paths.PathError, match="write it as"):
        paths.parse("status.conditions[?type=Ready]")
