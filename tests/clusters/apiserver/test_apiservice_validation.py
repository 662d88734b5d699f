"""APIService names are ``<version>.<group>``, as kube-aggregator validates them
(pkg/apis/apiregistration/validation/validation.go ValidateAPIService, path.IsValidPathSegmentName)."""
import pytest

from clusters import Cluster, ClusterSpec
from clusters.apiserver import discovery, errors


def _apply(c, name, spec):
    return c.run(f"""kubectl apply -f - <<EOF
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {{name: "{name}"}}
spec: {spec}
EOF""")


def test_the_core_group_s_apiservice_is_named_v1_dot():
    c = Cluster(ClusterSpec(nodes=1), seed=1)
    out = c.run("kubectl get apiservices")
    assert out.text.splitlines()[1].split()[:3] == ["v1.", "Local", "True"]
    assert c.run("kubectl get apiservice v1. -o jsonpath={.spec.version}").text == "v1"
    assert discovery.apiservice_name("v1") == "v1." and discovery.group_version_of("v1.") == "v1"


def test_a_name_that_is_not_version_dot_group_is_invalid():
    c = Cluster(ClusterSpec(nodes=1), seed=1)
    out = _apply(c, "v1alpha1.example.com", "{group: example.io, version: v1alpha1, groupPriorityMinimum: 100, "
                                            "versionPriority: 10, service: {name: api, namespace: default}}")
    assert out.text == ('The APIService "v1alpha1.example.com" is invalid: metadata.name: Invalid value: '
                        '"v1alpha1.example.com": must be `spec.version+"."+spec.group`: "v1alpha1.example.io"\n')


def test_only_v1_may_have_an_empty_group():
    c = Cluster(ClusterSpec(nodes=1), seed=1)
    out = _apply(c, "v2.", "{version: v2, groupPriorityMinimum: 100, versionPriority: 10}")
    assert out.text == ('The APIService "v2." is invalid: spec.group: Required value: '
                        "only v1 may have an empty group and it better be legacy kube\n")


def test_path_segment_rules_priorities_and_the_service_are_checked():
    c = Cluster(ClusterSpec(nodes=1), seed=1)
    with pytest.raises(errors.StatusError) as e:
        c.api.create("apiservices", {"metadata": {"name": "v1%x"}, "spec": {
            "group": "x", "version": "v1", "groupPriorityMinimum": 0, "versionPriority": 1001, "service": {"name": "api"}}})
    assert e.value.code == 422
    assert e.value.message == ('APIService.apiregistration.k8s.io "v1%x" is invalid: ['
                               "metadata.name: Invalid value: \"v1%x\": may not contain '%', "
                               "spec.groupPriorityMinimum: Invalid value: 0: must be positive and less than 20000, "
                               "spec.versionPriority: Invalid value: 1001: must be positive and less than 1000, "
                               "spec.service.namespace: Required value]")


def test_a_valid_aggregated_apiservice_is_created():
    c = Cluster(ClusterSpec(nodes=1), seed=1)
    out = _apply(c, "v1beta1.custom.metrics.k8s.io", "{group: custom.metrics.k8s.io, version: v1beta1, "
                 "groupPriorityMinimum: 100, versionPriority: 100, insecureSkipTLSVerify: true, "
                 "service: {name: adapter, namespace: monitoring}}")
    assert out.text == "apiservice.apiregistration.k8s.io/v1beta1.custom.metrics.k8s.io created\n"
