"""The table printers on crafted objects (kubernetes/kubernetes:pkg/printers/internalversion/printers.go, 1.32)."""
from __future__ import annotations

from clusters import timeutil
from clusters.console.printers import pod_status, tables, tabwriter

T0 = timeutil.parse_rfc3339("2025-06-02T09:00:00Z")
NOW = T0 + 300


def ts(offset: float) -> str:
    return timeutil.rfc3339(T0 + offset)


def pod(**status):
    return {"metadata": {"name": "web", "creationTimestamp": ts(0)},
            "spec": {"containers": [{"name": "c"}]}, "status": status}


def test_pod_waiting_reason_wins_printpod():
    p = pod(phase="Pending", containerStatuses=[{"name": "c", "state": {"waiting": {"reason": "ContainerCreating"}}}])
    assert tables.pod(p, NOW, False) == ["web", "0/1", "ContainerCreating", "0", "5m"]


def test_crashloop_shows_restarts_with_time_since_last_printpod():
    p = pod(phase="Running", containerStatuses=[{"name": "c", "restartCount": 4, "state": {"waiting": {"reason": "CrashLoopBackOff"}},
                                                 "lastState": {"terminated": {"exitCode": 1, "finishedAt": ts(240)}}}])
    assert tables.pod(p, NOW, False)[2:4] == ["CrashLoopBackOff", "4 (60s ago)"]


def test_terminated_without_reason_prints_exit_code_printpod():
    p = pod(phase="Failed", containerStatuses=[{"name": "c", "state": {"terminated": {"exitCode": 2}}}])
    assert tables.pod(p, NOW, False)[2] == "ExitCode:2"


def test_init_containers_show_progress_printpod():
    p = pod(phase="Pending", initContainerStatuses=[{"name": "i", "state": {"running": {}}}])
    p["spec"]["initContainers"] = [{"name": "i"}]
    assert tables.pod(p, NOW, False)[2] == "Init:0/1"


def test_deleting_pod_is_terminating_printpod():
    p = pod(phase="Running", containerStatuses=[{"name": "c", "ready": True, "state": {"running": {}}}])
    p["metadata"]["deletionTimestamp"] = ts(290)
    assert tables.pod(p, NOW, False)[1:3] == ["1/1", "Terminating"]


def test_pod_wide_columns_default_to_none_printpod():
    p = pod(phase="Pending")
    assert tables.pod(p, NOW, True)[5:] == ["<none>", "<none>", "<none>", "<none>"]


def test_node_status_joins_scheduling_disabled_printnode():
    n = {"metadata": {"name": "n1", "creationTimestamp": ts(0), "labels": {"node-role.kubernetes.io/control-plane": "",
                                                                            "kubernetes.io/role": "worker"}},
         "spec": {"unschedulable": True},
         "status": {"conditions": [{"type": "Ready", "status": "Unknown"}], "nodeInfo": {"kubeletVersion": "v1.32.0"}}}
    assert tables.node(n, NOW, False) == ["n1", "NotReady,SchedulingDisabled", "control-plane,worker", "5m", "v1.32.0"]


def test_node_without_ready_condition_is_unknown_printnode():
    n = {"metadata": {"name": "n1", "creationTimestamp": ts(0)}, "status": {}}
    assert tables.node(n, NOW, False)[1:3] == ["Unknown", "<none>"]


def test_service_ports_and_external_ips_printservice():
    lb = {"metadata": {"name": "s", "creationTimestamp": ts(0)},
          "spec": {"type": "LoadBalancer", "clusterIP": "10.96.0.5", "ports": [{"port": 80, "nodePort": 31234, "protocol": "TCP"}]},
          "status": {"loadBalancer": {"ingress": [{"ip": "203.0.113.10"}]}}}
    assert tables.service(lb, NOW, False) == ["s", "LoadBalancer", "10.96.0.5", "203.0.113.10", "80:31234/TCP", "5m"]
    lb["status"] = {}
    assert tables.service(lb, NOW, False)[3] == "<pending>"


def test_long_load_balancer_hostnames_are_truncated_unless_wide_printers_go():
    lb = {"metadata": {"name": "s", "creationTimestamp": ts(0)}, "spec": {"type": "LoadBalancer", "ports": []},
          "status": {"loadBalancer": {"ingress": [{"hostname": "a-very-long-hostname.elb.amazonaws.com"}]}}}
    assert tables.service(lb, NOW, False)[3] == "a-very-long-h..."
    assert tables.service(lb, NOW, True)[3] == "a-very-long-hostname.elb.amazonaws.com"


def test_endpoints_show_three_then_more_formatendpoints():
    ep = {"metadata": {"name": "web", "creationTimestamp": ts(0)},
          "subsets": [{"addresses": [{"ip": f"10.244.1.{i}"} for i in range(5)], "ports": [{"port": 80}]}]}
    assert tables.endpoints(ep, NOW, False)[1] == "10.244.1.0:80,10.244.1.1:80,10.244.1.2:80 + 2 more..."
    assert tables.endpoints({"metadata": {"name": "x"}}, NOW, False)[1] == "<none>"


def test_deployment_ready_column_printdeployment():
    d = {"metadata": {"name": "web", "creationTimestamp": ts(0)},
         "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
                  "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}]}}},
         "status": {"readyReplicas": 2, "updatedReplicas": 3, "availableReplicas": 2}}
    assert tables.deployment(d, NOW, True) == ["web", "2/3", "3", "2", "5m", "nginx", "nginx:1.27", "app=web"]


def test_job_status_completions_and_duration_printjob():
    j = {"metadata": {"name": "pi", "creationTimestamp": ts(0)}, "spec": {"completions": 1},
         "status": {"succeeded": 1, "startTime": ts(0), "completionTime": ts(42),
                    "conditions": [{"type": "Complete", "status": "True"}]}}
    assert tables.job(j, NOW, False) == ["pi", "Complete", "1/1", "42s", "5m"]
    running = {"metadata": {"name": "pi", "creationTimestamp": ts(0)}, "spec": {"parallelism": 3}, "status": {"startTime": ts(0)}}
    assert tables.job(running, NOW, False)[1:4] == ["Running", "0/1 of 3", "5m"]


def test_cronjob_columns_printcronjob():
    cj = {"metadata": {"name": "hello", "creationTimestamp": ts(0)}, "spec": {"schedule": "*/1 * * * *", "suspend": False},
          "status": {"lastScheduleTime": ts(240), "active": [{"name": "x"}]}}
    assert tables.cronjob(cj, NOW, False) == ["hello", "*/1 * * * *", "<none>", "False", "1", "60s", "5m"]


def test_hpa_targets_name_the_resource_formathpametrics():
    h = {"metadata": {"name": "web", "creationTimestamp": ts(0)},
         "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "web"}, "minReplicas": 1, "maxReplicas": 10,
                  "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 80}}}]},
         "status": {"currentReplicas": 2, "currentMetrics": [{"type": "Resource", "resource": {"name": "cpu", "current": {"averageUtilization": 45}}}]}}
    assert tables.hpa(h, NOW, False) == ["web", "Deployment/web", "cpu: 45%/80%", "1", "10", "2", "5m"]
    h["status"] = {}
    assert tables.hpa(h, NOW, False)[2] == "cpu: <unknown>/80%"


def test_events_row_printevent():
    e = {"metadata": {"name": "web.1"}, "type": "Warning", "reason": "BackOff", "count": 3,
         "firstTimestamp": ts(100), "lastTimestamp": ts(280), "message": " Back-off restarting failed container \n",
         "involvedObject": {"kind": "Pod", "name": "web"}, "source": {"component": "kubelet", "host": "node-1"}}
    assert tables.event(e, NOW, False) == ["20s", "Warning", "BackOff", "pod/web", "Back-off restarting failed container"]
    assert tables.event(e, NOW, True)[4:] == ["", "kubelet, node-1", "Back-off restarting failed container", "3m20s", "3", "web.1"]


def test_resource_quota_splits_requests_and_limits_printresourcequota():
    q = {"metadata": {"name": "q", "creationTimestamp": ts(0)},
         "spec": {"hard": {"pods": "10", "limits.memory": "1Gi", "requests.cpu": "1"}},
         "status": {"used": {"pods": "2", "requests.cpu": "500m"}}}
    assert tables.resourcequota(q, NOW, False) == ["q", "5m", "pods: 2/10, requests.cpu: 500m/1", "limits.memory: 0/1Gi"]


def test_apiservice_availability_kube_aggregator_printers():
    a = {"metadata": {"name": "v1beta1.metrics.k8s.io", "creationTimestamp": ts(0)},
         "spec": {"service": {"namespace": "kube-system", "name": "metrics-server"}},
         "status": {"conditions": [{"type": "Available", "status": "False", "reason": "MissingEndpoints"}]}}
    assert tables.apiservice(a, NOW, False) == ["v1beta1.metrics.k8s.io", "kube-system/metrics-server", "False (MissingEndpoints)", "5m"]


def test_tabwriter_pads_all_but_the_last_column_with_three_spaces_min_six():
    assert tabwriter.table([["NAME", "X", "AGE"], ["a", "b", "1s"]]) == "NAME   X     AGE\na      b     1s\n"


def test_tabwriter_column_blocks_end_at_lines_with_fewer_cells_go_tabwriter():
    text = "a\tbb\tc\nlonger line\naaaa\tb\tc\n"
    assert tabwriter.format_lines(text, 0, 2) == "a  bb  c\nlonger line\naaaa  b  c\n"


def test_age_uses_human_duration():
    assert pod_status.columns(pod(), T0 + 3 * 3600 + 125)[3] == "3h2m"
