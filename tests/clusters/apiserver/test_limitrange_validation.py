"""LimitRange validation as kube-apiserver 1.32 words it
(pkg/apis/core/validation/validation.go ValidateLimitRange); the bad value is a
resource.Quantity, which field.Error prints with %#v."""
from clusters import Cluster, ClusterSpec


def _apply(c, limits):
    return c.run(f"""kubectl apply -f - <<EOF
apiVersion: v1
kind: LimitRange
metadata:
  name: cpu-limits
spec:
  limits:
{limits}
EOF""").text


def test_min_greater_than_max():
    c = Cluster(ClusterSpec(nodes=1), seed=1)
    assert _apply(c, "  - type: Pod\n    min: {cpu: 100m}\n    max: {cpu: 50m}") == (
        'The LimitRange "cpu-limits" is invalid: spec.limits[0].min[cpu]: Invalid value: resource.Quantity{'
        'i:resource.int64Amount{value:100, scale:-3}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"100m", '
        'Format:"DecimalSI"}: min value 100m is greater than max value 50m\n')
    assert c.run("kubectl get limitrange").text == "No resources found in default namespace.\n"


def test_a_container_item_is_defaulted_before_it_is_validated():
    # SetDefaults_LimitRangeItem copies max into default and default into defaultRequest first
    c = Cluster(ClusterSpec(nodes=1), seed=1)
    assert _apply(c, "  - type: Container\n    min: {cpu: 100m}\n    max: {cpu: 50m}") == (
        'The LimitRange "cpu-limits" is invalid: \n'
        '* spec.limits[0].min[cpu]: Invalid value: resource.Quantity{i:resource.int64Amount{value:100, scale:-3}, '
        'd:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"100m", Format:"DecimalSI"}: '
        "min value 100m is greater than max value 50m\n"
        '* spec.limits[0].defaultRequest[cpu]: Invalid value: resource.Quantity{i:resource.int64Amount{value:50, '
        'scale:-3}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"50m", Format:"DecimalSI"}: '
        "min value 100m is greater than default request value 50m\n"
        '* spec.limits[0].default[cpu]: Invalid value: resource.Quantity{i:resource.int64Amount{value:100, scale:-3}, '
        'd:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"100m", Format:"DecimalSI"}: '
        "min value 100m is greater than default value 50m\n")
    assert c.run("kubectl get limitrange").text == "No resources found in default namespace.\n"


def test_defaults_between_min_and_max():
    c = Cluster(ClusterSpec(nodes=1), seed=1)
    assert _apply(c, "  - type: Container\n    max: {memory: 1Gi}\n    default: {memory: 2Gi}\n"
                     "    defaultRequest: {memory: 3Gi}") == (
        'The LimitRange "cpu-limits" is invalid: \n'
        '* spec.limits[0].defaultRequest[memory]: Invalid value: resource.Quantity{i:resource.int64Amount{'
        'value:3221225472, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"3Gi", Format:"BinarySI"}: '
        "default request value 3Gi is greater than max value 1Gi\n"
        '* spec.limits[0].defaultRequest[memory]: Invalid value: resource.Quantity{i:resource.int64Amount{'
        'value:3221225472, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"3Gi", Format:"BinarySI"}: '
        "default request value 3Gi is greater than default limit value 2Gi\n"
        '* spec.limits[0].default[memory]: Invalid value: resource.Quantity{i:resource.int64Amount{'
        'value:1073741824, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"1Gi", Format:"BinarySI"}: '
        "default value 2Gi is greater than max value 1Gi\n")


def test_ratios_pod_defaults_and_types():
    c = Cluster(ClusterSpec(nodes=1), seed=1)
    assert _apply(c, "  - type: Container\n    min: {cpu: 100m}\n    max: {cpu: 200m}\n"
                     "    maxLimitRequestRatio: {cpu: 4}") == (
        'The LimitRange "cpu-limits" is invalid: spec.limits[0].maxLimitRequestRatio[cpu]: Invalid value: '
        'resource.Quantity{i:resource.int64Amount{value:4, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, '
        's:"4", Format:"DecimalSI"}: ratio 4 is greater than max/min = 2.000000\n')
    assert _apply(c, "  - type: Pod\n    max: {cpu: 2}\n    default: {cpu: 1}") == (
        'The LimitRange "cpu-limits" is invalid: spec.limits[0].default: Forbidden: '
        "may not be specified when `type` is 'Pod'\n")
    assert _apply(c, "  - type: Node\n    max: {cpu: 2}\n  - type: PersistentVolumeClaim\n    max: {cpu: 2}") == (
        'The LimitRange "cpu-limits" is invalid: \n'
        '* spec.limits[0].type: Invalid value: "Node": must be a standard limit type or fully qualified\n'
        "* spec.limits[1].limits: Required value: either minimum or maximum storage value is required, "
        "but neither was provided\n")


def test_a_valid_limitrange_and_an_invalid_update():
    c = Cluster(ClusterSpec(nodes=1), seed=1)
    assert _apply(c, "  - type: Container\n    default: {cpu: 500m}\n    defaultRequest: {cpu: 250m}") == (
        "limitrange/cpu-limits created\n")
    assert _apply(c, "  - type: Container\n    default: {cpu: 500m}\n    defaultRequest: {cpu: 750m}") == (
        'The LimitRange "cpu-limits" is invalid: spec.limits[0].defaultRequest[cpu]: Invalid value: '
        'resource.Quantity{i:resource.int64Amount{value:750, scale:-3}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, '
        's:"750m", Format:"DecimalSI"}: default request value 750m is greater than default limit value 500m\n')
