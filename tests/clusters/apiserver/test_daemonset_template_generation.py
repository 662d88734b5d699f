"""The DaemonSet's template generation, which apps/v1 carries in the
``deprecated.daemonset.template.generation`` annotation (pkg/apis/apps/v1/conversion.go)
and the registry strategy sets (pkg/registry/apps/daemonset/strategy.go)."""
import pytest

from clusters import Cluster, ClusterSpec

ANN = "deprecated.daemonset.template.generation"


@pytest.fixture
def cluster():
    c = Cluster(ClusterSpec(nodes=2, settle=0), seed=3)
    yield c
    assert c.bugs == []


def _create(c, annotations=""):
    return c.run(f"""kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  {annotations}
spec:
  selector: {{matchLabels: {{app: agent}}}}
  template:
    metadata: {{labels: {{app: agent}}}}
    spec: {{containers: [{{name: a, image: busybox:1.36, command: [sleep, "3600"]}}]}}
EOF""")


def _generations(c):
    path = ANN.replace(".", "\\.")
    return c.run(f"kubectl get ds agent -o jsonpath='{{.metadata.generation}} {{.metadata.annotations.{path}}}'").text


def test_kube_proxy_shows_template_generation_1_as_on_kind(cluster):
    out = cluster.run("kubectl get ds kube-proxy -n kube-system -o yaml").text
    assert out.startswith("apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  annotations:\n"
                          f'    {ANN}: "1"\n  creationTimestamp: ')
    describe = cluster.run("kubectl describe ds kube-proxy -n kube-system").text.splitlines()
    assert describe[4] == f"Annotations:    {ANN}: 1"


def test_a_template_change_moves_it_on_and_other_spec_changes_only_the_generation_prepare_for_update(cluster):
    _create(cluster)
    cluster.advance(10)
    assert _generations(cluster) == "1 1"
    cluster.run("kubectl set image ds/agent a=busybox:1.37")
    assert _generations(cluster) == "2 2"
    cluster.run("""kubectl patch ds agent -p '{"spec":{"minReadySeconds":1}}'""")
    assert _generations(cluster) == "3 2"
    cluster.advance(120)  # node by node, each old pod's sleep waiting out its 30 s grace period
    labels = cluster.run("kubectl get pods -l app=agent -o jsonpath='{.items[*].metadata.labels.pod-template-generation}'")
    assert labels.text == "2 2"  # the template generation, not metadata.generation


def test_a_client_cannot_set_it_on_update_nor_remove_it(cluster):
    _create(cluster)
    cluster.run(f"kubectl annotate ds agent {ANN}=7 --overwrite")
    assert _generations(cluster) == "1 1"
    assert cluster.run(f"kubectl annotate ds agent {ANN}-").text == "daemonset.apps/agent annotated\n"
    assert _generations(cluster) == "1 1"
    cluster.run("kubectl get ds agent -o yaml > ds.yaml")
    cluster.run("kubectl replace -f ds.yaml")
    assert _generations(cluster) == "1 1"


@pytest.mark.parametrize("given, kept", [('"5"', "5"), ('"0"', "1"), ('"-3"', "1"), ('"+007"', "7")])
def test_a_client_may_start_it_higher_on_create_prepare_for_create(cluster, given, kept):
    _create(cluster, f"annotations: {{{ANN}: {given}}}")
    assert _generations(cluster) == f"1 {kept}"


@pytest.mark.parametrize("given, why", [("abc", 'parsing "abc": invalid syntax'), ("", 'parsing "": invalid syntax'),
                                        ("9223372036854775808", 'parsing "9223372036854775808": value out of range')])
def test_a_value_that_is_not_an_integer_fails_decoding_conversion_go(cluster, given, why):
    out = _create(cluster, f'annotations: {{{ANN}: "{given}"}}')
    assert out.text == ('Error from server (BadRequest): error when creating "STDIN": DaemonSet in version "v1" '
                        f"cannot be handled as a DaemonSet: strconv.ParseInt: {why}\n")
    assert cluster.api.try_get("daemonsets", "agent", "default") is None
