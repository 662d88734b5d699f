"""A pod's life on a node as a learner sees it: events, states, restarts, back-offs (pkg/kubelet)."""
from clusters.kubelet.backoff import Backoff
from clusters.kubelet import add_node
from clusters.spec import NodeSpec

from tests.clusters.kubelet.conftest import cstatus, kubelet_of, reasons, run, status_of


def test_pod_runs_within_seconds_with_upstream_event_sequence_event_go(cluster):
    run(cluster, "web", image="nginx")
    assert status_of(cluster, "web")["phase"] == "Pending"
    assert cstatus(cluster, "web")["state"] == {"waiting": {"reason": "ContainerCreating"}}
    cluster.advance(5)
    st = status_of(cluster, "web")
    assert st["phase"] == "Running"
    assert [c["type"] for c in st["conditions"]] == ["PodReadyToStartContainers", "Initialized", "Ready",
                                                     "ContainersReady", "PodScheduled"]
    assert all(c["status"] == "True" for c in st["conditions"])
    assert st["podIP"].startswith("10.244.") and st["hostIP"].startswith("172.18.0.")
    evs = reasons(cluster, "web")
    assert [r for r, _ in evs] == ["Scheduled", "Pulling", "Pulled", "Created", "Started"]
    assert evs[1][1] == 'Pulling image "nginx"'
    assert evs[2][1].startswith('Successfully pulled image "nginx" in ')
    assert evs[2][1].endswith(" including waiting). Image size: 72195292 bytes.")
    assert evs[3][1] == "Created container: app" and evs[4][1] == "Started container app"
    assert cstatus(cluster, "web")["image"] == "docker.io/library/nginx:latest"


def test_second_pod_on_a_node_finds_the_image_present_image_manager_go(cluster):
    run(cluster, "a", image="nginx:1.27", nodeName="node-1")
    cluster.advance(5)
    run(cluster, "b", image="nginx:1.27", nodeName="node-1")
    cluster.advance(2)
    assert ("Pulled", 'Container image "nginx:1.27" already present on machine') in reasons(cluster, "b")


def test_crashloop_backoff_doubles_to_300s_kubelet_go(cluster):
    run(cluster, "crash", image="busybox:1.36", ctr={"command": ["sh", "-c", "echo boom; exit 1"]})
    k = kubelet_of(cluster, "crash")
    starts = []
    messages = []
    for _ in range(1500):
        cluster.advance(1)
        c = k.pods[k.by_key["default/crash"]].containers["app"]
        if c.started_at and (not starts or starts[-1][1] != c.started_at):
            starts.append((c.restart_count, c.started_at))
        cs = cstatus(cluster, "crash")
        w = cs["state"].get("waiting")
        if w and w["reason"] == "CrashLoopBackOff" and (not messages or messages[-1] != w["message"]):
            messages.append(w["message"])
    gaps = [round(b[1] - a[1], 1) for a, b in zip(starts, starts[1:])]
    # Each gap: exit (at once) + PLEG 1 s for the first restart, then the back-off, + 0.1 s create→start.
    assert gaps[:8] == [1.1, 10.1, 20.1, 40.1, 80.1, 160.1, 300.1, 300.1]
    uid = status_of(cluster, "crash") and cluster.get("pods", "crash")["metadata"]["uid"]
    assert messages[:6] == [f"back-off {d} restarting failed container=app pod=crash_default({uid})"
                            for d in ("10s", "20s", "40s", "1m20s", "2m40s", "5m0s")]
    st = cstatus(cluster, "crash")
    assert st["lastState"]["terminated"]["exitCode"] == 1 and st["lastState"]["terminated"]["reason"] == "Error"
    assert ("BackOff", f"Back-off restarting failed container app in pod crash_default({uid})") in reasons(cluster, "crash")


def test_backoff_resets_after_10_minutes_running_backoff_go():
    b = Backoff(10, 300)
    assert b.next("k", 0) == 10
    assert b.next("k", 20) == 20
    assert b.in_backoff_since("k", 25, 30)
    # finished 601 s after the last restart: the entry is stale (hasExpired: > 2 × max).
    assert not b.in_backoff_since("k", 621, 622)
    assert b.next("k", 622) == 10


def test_unknown_image_gives_err_image_pull_then_image_pull_backoff_image_manager_go(cluster):
    run(cluster, "bad", image="nginx:1.99")
    err = ('rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.99": '
           'failed to resolve reference "docker.io/library/nginx:1.99": docker.io/library/nginx:1.99: not found')
    seen = []
    for _ in range(16):
        cluster.advance(0.25)
        w = cstatus(cluster, "bad")["state"]["waiting"]
        if not seen or seen[-1] != w:
            seen.append(w)
    assert seen[0] == {"reason": "ContainerCreating"}
    assert {"reason": "ErrImagePull", "message": err} in seen
    cs = cstatus(cluster, "bad")
    assert cs["state"]["waiting"] == {"reason": "ImagePullBackOff",
                                      "message": f'Back-off pulling image "nginx:1.99": ErrImagePull: {err}'}
    evs = reasons(cluster, "bad")
    assert ("Failed", f'Failed to pull image "nginx:1.99": {err}') in evs
    assert ("Failed", "Error: ErrImagePull") in evs
    assert ("BackOff", 'Back-off pulling image "nginx:1.99"') in evs
    assert ("Failed", "Error: ImagePullBackOff") in evs
    # Pull attempts come 10, 20, 40 s after each failure (imageBackOffPeriod doubling).
    k = kubelet_of(cluster, "bad")
    key = f"{cluster.get('pods', 'bad')['metadata']['uid']}_nginx:1.99"
    seen = []
    for _ in range(200):
        cluster.advance(1)
        e = k.pulls.entries[key]
        if not seen or seen[-1] != e[0]:
            seen.append(e[0])
    assert seen[:5] == [10, 20, 40, 80, 160]


def test_missing_configmap_gives_create_container_config_error_then_runs_kuberuntime_container_go(cluster):
    run(cluster, "cfg", image="nginx:1.27", ctr={"env": [{"name": "MODE", "valueFrom": {"configMapKeyRef": {"name": "app", "key": "mode"}}}]})
    cluster.advance(5)
    assert cstatus(cluster, "cfg")["state"]["waiting"] == {"reason": "CreateContainerConfigError", "message": 'configmap "app" not found'}
    assert ("Failed", 'Error: configmap "app" not found') in reasons(cluster, "cfg")
    cluster.api.create("configmaps", {"metadata": {"name": "app", "namespace": "default"}, "data": {"mode": "blue"}})
    cluster.advance(11)
    assert "running" in cstatus(cluster, "cfg")["state"]
    out = kubelet_of(cluster, "cfg").exec("default", "cfg", None, ["printenv", "MODE"])
    assert (out.exit_code, out.output) == (0, "blue\n")


def test_missing_configmap_volume_fails_the_mount(cluster):
    run(cluster, "vol", image="nginx:1.27", volumes=[{"name": "conf", "configMap": {"name": "site"}}],
        ctr={"volumeMounts": [{"name": "conf", "mountPath": "/usr/share/nginx/html"}]})
    cluster.advance(3)
    assert ("FailedMount", 'MountVolume.SetUp failed for volume "conf" : configmap "site" not found') in reasons(cluster, "vol")
    assert cstatus(cluster, "vol")["state"] == {"waiting": {"reason": "ContainerCreating"}}
    cluster.api.create("configmaps", {"metadata": {"name": "site", "namespace": "default"}, "data": {"index.html": "hi\n"}})
    cluster.advance(10)
    k = kubelet_of(cluster, "vol")
    assert k.exec("default", "vol", "app", ["cat", "/usr/share/nginx/html/index.html"]).output == "hi\n"
    assert k.serve("default", "vol", 80, "/") == (200, "hi\n")


def test_memhog_over_its_limit_is_oom_killed(cluster):
    run(cluster, "hog", image="kubelab/memhog", ctr={"args": ["--mb", "300"], "resources": {"limits": {"memory": "128Mi"}}})
    cluster.advance(8)
    st = cstatus(cluster, "hog")
    term = st["lastState"].get("terminated") or st["state"].get("terminated")
    assert term["reason"] == "OOMKilled" and term["exitCode"] == 137


def test_restart_policy_never_gives_failed_and_on_failure_succeeds(cluster):
    run(cluster, "once", image="busybox:1.36", restartPolicy="Never", ctr={"command": ["sh", "-c", "exit 2"]})
    run(cluster, "job", image="busybox:1.36", restartPolicy="OnFailure", ctr={"command": ["sh", "-c", "echo done"]})
    cluster.advance(10)
    assert status_of(cluster, "once")["phase"] == "Failed"
    assert status_of(cluster, "job")["phase"] == "Succeeded"
    assert cstatus(cluster, "job")["state"]["terminated"]["reason"] == "Completed"
    ready = [c for c in status_of(cluster, "job")["conditions"] if c["type"] == "Ready"][0]
    assert ready["reason"] == "PodCompleted"
    assert [l for _, l in kubelet_of(cluster, "job").logs("default", "job")] == ["done"]


def test_graceful_deletion_waits_for_sigterm_handling_then_deletes_with_grace_0(cluster):
    run(cluster, "web", image="nginx:1.27")
    run(cluster, "sleeper", image="busybox:1.36", ctr={"command": ["sleep", "3600"]})
    cluster.advance(5)
    cluster.api.delete("pods", "web", "default")
    cluster.api.delete("pods", "sleeper", "default")
    cluster.settle()
    assert ("Killing", "Stopping container app") in reasons(cluster, "web")
    cluster.advance(1)
    assert cluster.get("pods", "web") is None  # nginx exits on SIGTERM at once
    cluster.advance(25)
    assert cluster.get("pods", "sleeper")["metadata"]["deletionTimestamp"]  # sh as PID 1 ignores SIGTERM
    cluster.advance(5)
    assert cluster.get("pods", "sleeper") is None


def test_liveness_exec_probe_restarts_the_docs_example(cluster):
    # website: tasks/configure-pod-container/configure-liveness-readiness-startup-probes (exec-liveness.yaml)
    run(cluster, "liveness-exec", image="busybox:1.36", ctr={
        "args": ["/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"],
        "livenessProbe": {"exec": {"command": ["cat", "/tmp/healthy"]}, "initialDelaySeconds": 5, "periodSeconds": 5}})
    cluster.advance(45)
    evs = reasons(cluster, "liveness-exec")
    assert ("Unhealthy", "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory") in evs
    assert ("Killing", "Container app failed liveness probe, will be restarted") in evs
    cluster.advance(40)
    assert cstatus(cluster, "liveness-exec")["restartCount"] == 1


def test_readiness_follows_a_file_with_ready_when(cluster):
    run(cluster, "rw", image="kubelab/ready-when", ctr={
        "readinessProbe": {"httpGet": {"path": "/ready", "port": 8080}, "periodSeconds": 5}})
    cluster.advance(20)
    assert cstatus(cluster, "rw")["ready"] is False
    assert ("Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503") in reasons(cluster, "rw")
    k = kubelet_of(cluster, "rw")
    assert k.exec("default", "rw", None, ["touch", "/tmp/ready"]).exit_code == 0
    cluster.advance(6)
    assert cstatus(cluster, "rw")["ready"] is True
    assert [c["status"] for c in status_of(cluster, "rw")["conditions"] if c["type"] == "Ready"] == ["True"]


def test_slow_start_is_refused_until_it_listens(cluster):
    run(cluster, "slow", image="kubelab/slow-start", ctr={
        "env": [{"name": "STARTUP_SECONDS", "value": "20"}],
        "readinessProbe": {"tcpSocket": {"port": 8080}, "periodSeconds": 5}})
    cluster.advance(12)
    assert cstatus(cluster, "slow")["ready"] is False
    assert any(r == "Unhealthy" and "connect: connection refused" in m for r, m in reasons(cluster, "slow"))
    cluster.advance(20)
    assert cstatus(cluster, "slow")["ready"] is True


def test_init_containers_run_first(cluster):
    run(cluster, "init", image="nginx:1.27", initContainers=[
        {"name": "setup", "image": "busybox:1.36", "command": ["sh", "-c", "sleep 3"]}])
    cluster.advance(2)
    st = status_of(cluster, "init")
    assert st["initContainerStatuses"][0]["state"].get("running")
    assert st["containerStatuses"][0]["state"] == {"waiting": {"reason": "PodInitializing"}}
    assert [c["reason"] for c in st["conditions"] if c["type"] == "Initialized"] == ["ContainersNotInitialized"]
    cluster.advance(6)
    st = status_of(cluster, "init")
    assert st["initContainerStatuses"][0]["state"]["terminated"]["reason"] == "Completed"
    assert st["phase"] == "Running"


def test_logs_of_a_looping_busybox_and_previous_errors(cluster):
    run(cluster, "loop", image="busybox:1.36", ctr={"command": ["sh", "-c", "while true; do echo tick; sleep 10; done"]})
    cluster.advance(35)
    k = kubelet_of(cluster, "loop")
    assert [l for _, l in k.logs("default", "loop")] == ["tick"] * 4
    import pytest
    from clusters.apiserver import errors

    with pytest.raises(errors.StatusError) as e:
        k.logs("default", "loop", previous=True)
    assert e.value.message == 'previous terminated container "app" in pod "loop" not found'


def test_cpu_burner_reports_usage_for_the_hpa(cluster):
    run(cluster, "burn", image="kubelab/cpu-burner", ctr={"env": [{"name": "CPU_MILLICORES", "value": "300"}],
                                                          "resources": {"limits": {"cpu": "250m"}}})
    cluster.advance(5)
    k = kubelet_of(cluster, "burn")
    assert k.cpu_usage("default", "burn") == 250.0  # capped at the limit
    k.set_cpu_load("default", "burn", 100)
    assert k.cpu_usage("default", "burn") == 100.0


def test_node_registers_and_renews_its_lease_every_10s_kubelet_node_status_go(cluster):
    node = cluster.get("nodes", "node-1", None)
    info = node["status"]["nodeInfo"]
    assert info["kubeletVersion"] == "v1.32.0" and info["containerRuntimeVersion"].startswith("containerd://1.7.")
    assert node["status"]["addresses"][0] == {"type": "InternalIP", "address": cluster.kubelets["node-1"].ip}
    assert node["spec"]["podCIDR"].startswith("10.244.")
    conds = {c["type"]: (c["status"], c["reason"]) for c in node["status"]["conditions"]}
    assert conds == {"MemoryPressure": ("False", "KubeletHasSufficientMemory"), "DiskPressure": ("False", "KubeletHasNoDiskPressure"),
                     "PIDPressure": ("False", "KubeletHasSufficientPID"), "Ready": ("True", "KubeletReady")}
    r1 = cluster.get("leases", "node-1", "kube-node-lease")["spec"]["renewTime"]
    cluster.advance(10)
    r2 = cluster.get("leases", "node-1", "kube-node-lease")["spec"]["renewTime"]
    assert r1 != r2


def test_a_node_added_later_is_ready_after_a_few_seconds(cluster):
    add_node(cluster, NodeSpec(name="node-9"))
    cluster.settle()
    ready = lambda: [c["status"] for c in cluster.get("nodes", "node-9", None)["status"]["conditions"] if c["type"] == "Ready"]
    assert ready() == ["False"]
    cluster.advance(5)
    assert ready() == ["True"]


def test_the_next_probe_is_always_strictly_later_even_when_float_division_rounds_down():
    from clusters.kubelet import probes

    ps = probes.ProbeState("readiness", {"periodSeconds": 2}, 0.0822)
    now = ps.base + 1 * ps.period  # (now - base) / period rounds to 0.9999999999999999
    assert ps.next_tick_after(now) > now
