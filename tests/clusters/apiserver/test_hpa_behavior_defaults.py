"""autoscaling/v2 behavior defaulting (pkg/apis/autoscaling/v2/defaults.go
SetDefaults_HorizontalPodAutoscalerBehavior) and what kubectl describe then shows."""
from clusters import Cluster, ClusterSpec


def _hpa(c, behavior=""):
    out = c.run(f"""kubectl apply -f - <<EOF
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {{name: h}}
spec:
  scaleTargetRef: {{apiVersion: apps/v1, kind: Deployment, name: web}}
  maxReplicas: 5
{behavior}
EOF""")
    assert out.exit_code == 0, out.text
    return c.get("horizontalpodautoscalers", "h")


def test_without_behavior_the_hpa_keeps_none_defaults_go():
    c = Cluster(ClusterSpec(nodes=1), seed=1)
    assert "behavior" not in _hpa(c)["spec"]
    assert "Behavior:" not in c.run("kubectl describe hpa h").text


def test_a_partial_behavior_gets_both_directions_filled_defaults_go():
    c = Cluster(ClusterSpec(nodes=1), seed=1)
    hpa = _hpa(c, "  behavior:\n    scaleDown: {stabilizationWindowSeconds: 60}")
    assert hpa["spec"]["behavior"] == {
        "scaleUp": {"stabilizationWindowSeconds": 0, "selectPolicy": "Max",
                    "policies": [{"type": "Pods", "value": 4, "periodSeconds": 15},
                                 {"type": "Percent", "value": 100, "periodSeconds": 15}]},
        "scaleDown": {"stabilizationWindowSeconds": 60, "selectPolicy": "Max",
                      "policies": [{"type": "Percent", "value": 100, "periodSeconds": 15}]},
    }
    text = c.run("kubectl describe hpa h").text
    assert ("Behavior:\n"
            "  Scale Up:\n"
            "    Stabilization Window: 0 seconds\n"
            "    Select Policy: Max\n"
            "    Policies:\n"
            "      - Type: Pods     Value: 4    Period: 15 seconds\n"
            "      - Type: Percent  Value: 100  Period: 15 seconds\n"
            "  Scale Down:\n"
            "    Stabilization Window: 60 seconds\n"
            "    Select Policy: Max\n"
            "    Policies:\n"
            "      - Type: Percent  Value: 100  Period: 15 seconds\n") in text


def test_scale_down_leaves_its_window_to_the_controller_flag_defaults_go():
    c = Cluster(ClusterSpec(nodes=1), seed=1)
    hpa = _hpa(c, "  behavior: {}")
    assert hpa["spec"]["behavior"]["scaleDown"] == {"selectPolicy": "Max",
                                                    "policies": [{"type": "Percent", "value": 100, "periodSeconds": 15}]}
    text = c.run("kubectl describe hpa h").text
    assert "  Scale Down:\n    Select Policy: Max\n" in text


def test_policies_and_select_policy_that_are_set_are_kept_copy_hpa_scaling_rules():
    c = Cluster(ClusterSpec(nodes=1), seed=1)
    hpa = _hpa(c, "  behavior:\n    scaleUp:\n      selectPolicy: Disabled\n      policies: [{type: Pods, value: 1, periodSeconds: 60}]")
    assert hpa["spec"]["behavior"]["scaleUp"] == {"stabilizationWindowSeconds": 0, "selectPolicy": "Disabled",
                                                  "policies": [{"type": "Pods", "value": 1, "periodSeconds": 60}]}
