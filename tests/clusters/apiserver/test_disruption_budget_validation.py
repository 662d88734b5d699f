"""PodDisruptionBudget validation as kube-apiserver 1.32 words it
(pkg/apis/policy/validation/validation.go ValidatePodDisruptionBudgetSpec,
pkg/apis/apps/validation ValidatePositiveIntOrPercent and IsNotMoreThan100Percent)."""
from clusters import Cluster, ClusterSpec


def _apply(c, spec):
    return c.run(f"""kubectl apply -f - <<EOF
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: zk-pdb
spec:
  selector:
    matchLabels:
      app: zk
{spec}
EOF""").text


def test_min_available_and_max_unavailable_cannot_be_both_set():
    c = Cluster(ClusterSpec(nodes=1), seed=1)
    out = _apply(c, "  minAvailable: 2\n  maxUnavailable: 1")
    assert out == (
        'The PodDisruptionBudget "zk-pdb" is invalid: spec: Invalid value: policy.PodDisruptionBudgetSpec{'
        "MinAvailable:(*intstr.IntOrString)(0xc0008d2e40), Selector:(*v1.LabelSelector)(0xc0008d2e60), "
        "MaxUnavailable:(*intstr.IntOrString)(0xc0008d2e80), "
        "UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)(nil)}: "
        "minAvailable and maxUnavailable cannot be both set\n")
    assert c.run("kubectl get pdb").text == "No resources found in default namespace.\n"


def test_negative_numbers_and_bad_percentages():
    c = Cluster(ClusterSpec(nodes=1), seed=1)
    assert _apply(c, "  minAvailable: -1") == (
        'The PodDisruptionBudget "zk-pdb" is invalid: spec.minAvailable: Invalid value: -1: '
        "must be greater than or equal to 0\n")
    assert _apply(c, '  maxUnavailable: "150%"') == (
        'The PodDisruptionBudget "zk-pdb" is invalid: spec.maxUnavailable: Invalid value: '
        'intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%\n')
    assert _apply(c, '  maxUnavailable: "half"') == (
        'The PodDisruptionBudget "zk-pdb" is invalid: spec.maxUnavailable: Invalid value: '
        'intstr.IntOrString{Type:1, IntVal:0, StrVal:"half"}: a valid percent string must be a numeric string '
        "followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')\n")


def test_an_update_setting_both_is_refused():
    c = Cluster(ClusterSpec(nodes=1), seed=1)
    assert _apply(c, '  minAvailable: "50%"') == "poddisruptionbudget.policy/zk-pdb created\n"
    out = c.run("""kubectl patch pdb zk-pdb --type=merge -p '{"spec":{"maxUnavailable":1}}'""").text
    assert out.startswith('The PodDisruptionBudget "zk-pdb" is invalid: spec: Invalid value: '
                          "policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)")
    assert out.endswith(": minAvailable and maxUnavailable cannot be both set\n")
