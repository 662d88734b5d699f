"""kind's local-path provisioner does its work through helper pods and logs it
(rancher/local-path-provisioner v0.0.30 provisioner.go createHelperPod, Provision, Delete;
sig-storage-lib-external-provisioner v10.0.1 controller.go; kind v0.26.0 const_storage.go)."""
import re

import pytest

from clusters import Cluster, ClusterSpec, objects
from tests.clusters.volumes import apply, claim, pod

NS = "local-path-storage"
HELPER_IMAGE = "docker.io/kindest/local-path-helper:v20241212-8ac705d0"
LOGRUS = r'time="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ" level=(\w+) msg=(.*) '
KLOG = r"([IE])\d{4} \d\d:\d\d:\d\d\.\d{6}       1 ([\w.]+:\d+)\] (.*)"


@pytest.fixture
def cluster():
    c = Cluster(ClusterSpec(nodes=2, settle=0), seed=22)
    c.advance(5)
    yield c
    assert c.bugs == []


def provisioner_log(c) -> list[tuple[str, str, str]]:
    """(level or klog severity, source, message) of each line ``kubectl logs`` shows."""
    out = []
    for line in c.run(f"kubectl logs -n {NS} deploy/local-path-provisioner").text.splitlines():
        m = re.fullmatch(LOGRUS, line)
        if m:
            out.append((m.group(1), "logrus", m.group(2)))
            continue
        m = re.fullmatch(KLOG, line)
        assert m, line
        out.append(m.groups())
    return out


def claim_uid(c, name="data"):
    return c.get("persistentvolumeclaims", name)["metadata"]["uid"]


def test_a_claim_is_provisioned_by_a_helper_pod_kubectl_get_pods_w_shows(cluster):
    apply(cluster, claim(), pod())
    uid = claim_uid(cluster)
    rows = [line.split() for line in cluster.run("kubectl get pods -A -w --request-timeout=8s").text.splitlines()]
    helper = [r for r in rows if r[1] == f"helper-pod-create-pvc-{uid}"]
    assert [r[0] for r in helper] == [NS] * len(helper)
    assert [r[3] for r in helper][0] == "ContainerCreating"
    assert "Completed" in [r[3] for r in helper]
    # Waited for, then deleted: only the provisioner is left in its namespace, and the claim is Bound.
    assert [p["metadata"]["name"] for p in cluster.list("pods", NS)] == \
        [p["metadata"]["name"] for p in cluster.list("pods", NS) if p["metadata"]["name"].startswith("local-path-provisioner-")]
    assert cluster.run("kubectl get pvc data -o jsonpath={.status.phase}").text == "Bound"
    events = cluster.run(f"kubectl get events -n {NS} --field-selector involvedObject.name=helper-pod-create-pvc-{uid}").text
    assert [line.split()[2] for line in events.splitlines()[1:]] == ["Pulled", "Created", "Started"]
    assert f'Container image "{HELPER_IMAGE}" already present on machine' in events


def test_the_helper_pod_is_create_helper_pods_pod_from_kinds_template(cluster):
    apply(cluster, claim(), pod())
    uid = claim_uid(cluster)
    node = cluster.get("persistentvolumeclaims", "data")["metadata"]["annotations"]["volume.kubernetes.io/selected-node"]
    helper = cluster.get("pods", f"helper-pod-create-pvc-{uid}", NS)
    path = f"/var/local-path-provisioner/pvc-{uid}_default_data"
    spec = helper["spec"]
    (c,) = spec["containers"]
    assert (spec["nodeName"], spec["restartPolicy"], spec["serviceAccountName"], spec["priorityClassName"]) == \
        (node, "Never", "local-path-provisioner-service-account", "system-node-critical")
    assert spec["tolerations"][:2] == [{"key": "node.kubernetes.io/disk-pressure", "operator": "Exists", "effect": "NoSchedule"},
                                       {"operator": "Exists"}]
    assert (c["name"], c["image"], c["command"]) == ("helper-pod", HELPER_IMAGE, ["/bin/sh", "/script/setup"])
    assert c["args"] == ["-p", path, "-s", "1073741824", "-m", "Filesystem", "-a", "create"]
    assert c["env"] == [{"name": "VOL_DIR", "value": path}, {"name": "VOL_MODE", "value": "Filesystem"},
                        {"name": "VOL_SIZE_BYTES", "value": "1073741824"}]
    assert c["volumeMounts"][:2] == [{"name": "script", "mountPath": "/script"},
                                     {"name": "data", "mountPath": "/var/local-path-provisioner/"}]
    assert spec["volumes"][:2] == [
        {"name": "data", "hostPath": {"path": "/var/local-path-provisioner/", "type": "DirectoryOrCreate"}},
        {"name": "script", "configMap": {"name": "local-path-config", "defaultMode": 420,
                                         "items": [{"key": "setup", "path": "setup"}, {"key": "teardown", "path": "teardown"}]}}]


def test_the_setup_script_run_by_the_kubelet_makes_the_directory_0777_on_the_node(cluster):
    apply(cluster, claim(), pod())
    cluster.advance(10)
    uid = claim_uid(cluster)
    node = cluster.get("pods", "user")["spec"]["nodeName"]
    out = cluster.run(f"kubectl debug node/{node} -it --image=busybox -- ls -l /host/var/local-path-provisioner")
    assert re.search(rf"^drwxrwxrwx .* pvc-{uid}_default_data$", out.text, re.M), out.text
    assert cluster.run("kubectl exec user -- sh -c 'echo kept > /data/note; cat /data/note'").text == "kept\n"


def test_the_provisioner_logs_its_start_and_each_step_as_upstream_does(cluster):
    start = provisioner_log(cluster)
    (pod_,) = [p for p in cluster.list("pods", NS)]
    ident = [e for e in start if e[0] == "I"][0][2]
    component = re.fullmatch(r'"Starting provisioner controller" component="(.*)"', ident).group(1)
    assert re.fullmatch(rf"rancher\.io/local-path_{pod_['metadata']['name']}_[0-9a-f]{{8}}-[0-9a-f]{{4}}-4[0-9a-f]{{3}}-"
                        r"[89ab][0-9a-f]{3}-[0-9a-f]{12}", component)
    assert start == [
        ("debug", "logrus", r'"Applied config: {\"nodePathMap\":[{\"node\":\"DEFAULT_PATH_FOR_NON_LISTED_NODES\",'
                            r'\"paths\":[\"/var/local-path-provisioner\"]}],\"storageClassConfigs\":null}"'),
        ("debug", "logrus", '"Provisioner started"'),
        ("I", "controller.go:824", f'"Starting provisioner controller" component="{component}"'),
        ("I", "controller.go:873", f'"Started provisioner controller" component="{component}"'),
    ]
    apply(cluster, claim(), pod())
    cluster.advance(10)
    uid = claim_uid(cluster)
    node = cluster.get("pods", "user")["spec"]["nodeName"]
    pv, path = f"pvc-{uid}", f"/var/local-path-provisioner/pvc-{uid}_default_data"
    helper = f"helper-pod-create-{pv}"
    assert provisioner_log(cluster)[4:] == [
        ("I", "event.go:389", '"Event occurred" object="default/data" fieldPath="" kind="PersistentVolumeClaim" '
                              'apiVersion="v1" type="Normal" reason="Provisioning" '
                              'message="External provisioner is provisioning volume for claim \\"default/data\\""'),
        ("debug", "logrus", f'"config doesn\'t contain node {node}, use DEFAULT_PATH_FOR_NON_LISTED_NODES instead"'),
        ("info", "logrus", f'"Creating volume {pv} at {node}:{path}"'),
        ("info", "logrus", f'"create the helper pod {helper} into local-path-storage"'),
        ("info", "logrus", f'"Volume {pv} has been created on {node}:{path}"'),
        ("info", "logrus", f'"Start of {helper} logs"'),
        ("info", "logrus", f'"End of {helper} logs"'),
        ("I", "event.go:389", '"Event occurred" object="default/data" fieldPath="" kind="PersistentVolumeClaim" '
                              'apiVersion="v1" type="Normal" reason="ProvisioningSucceeded" '
                              f'message="Successfully provisioned volume {pv}"'),
    ]
    # The events come from the identity the log names.
    sources = {e["source"]["component"] for e in cluster.list("events") if e["reason"].startswith("Provisioning")}
    assert sources == {component}


def test_a_released_volume_is_removed_by_a_teardown_helper_pod(cluster):
    apply(cluster, claim(), pod())
    cluster.advance(10)
    uid = claim_uid(cluster)
    node = cluster.get("pods", "user")["spec"]["nodeName"]
    cluster.run("kubectl delete pod user")
    cluster.run("kubectl delete pvc data")
    rows = [line.split() for line in cluster.run(f"kubectl get pods -n {NS} -w --request-timeout=5s").text.splitlines()]
    assert f"helper-pod-delete-pvc-{uid}" in [r[0] for r in rows]
    assert cluster.run("kubectl get pv").text == "No resources found\n"
    path = f"/var/local-path-provisioner/pvc-{uid}_default_data"
    log = provisioner_log(cluster)
    assert ("info", "logrus", f'"Deleting volume pvc-{uid} at {node}:{path}"') in log
    assert ("info", "logrus", f'"Volume pvc-{uid} has been deleted on {node}:{path}"') in log
    out = cluster.run(f"kubectl debug node/{node} -it --image=busybox -- ls /host/var/local-path-provisioner")
    assert f"pvc-{uid}" not in out.text


def test_a_failing_setup_script_fails_provisioning_after_the_120_s_timeout(cluster):
    cluster.run("kubectl patch configmap local-path-config -n local-path-storage --type merge "
                """-p '{"data":{"setup":"#!/bin/sh\\nset -eu\\necho no space left >&2\\nexit 1"}}'""")
    apply(cluster, claim(), pod())
    uid = claim_uid(cluster)
    helper = f"helper-pod-create-pvc-{uid}"
    cluster.advance(10)
    assert cluster.run(f"kubectl get pod {helper} -n {NS} --no-headers").text.split()[2] == "Error"
    assert cluster.run("kubectl get pvc data -o jsonpath={.status.phase}").text == "Pending"
    cluster.advance(112)  # createHelperPod looks once a second for 120 s
    assert cluster.api.try_get("pods", helper, NS) is None
    err = f"failed to create volume pvc-{uid}: create process timeout after 120 seconds"
    failed = [e["message"] for e in cluster.list("events") if e["reason"] == "ProvisioningFailed"]
    assert failed == [f'failed to provision volume with StorageClass "standard": {err}']
    log = provisioner_log(cluster)
    i = log.index(("info", "logrus", f'"Start of {helper} logs"'))
    assert log[i + 1:i + 3] == [("info", "logrus", '"no space left"'), ("info", "logrus", f'"End of {helper} logs"')]
    assert log[-2:] == [
        ("I", "controller.go:954", f'"Retrying syncing claim because failures < threshold" key="{uid}" failures=0 threshold=15'),
        ("E", "controller.go:974", f'error syncing claim "{uid}": failed to provision volume with StorageClass "standard": {err}'),
    ]
    cluster.advance(16)  # retried 15 s later, with a new helper pod
    assert cluster.api.try_get("pods", helper, NS) is not None


def test_a_helper_image_that_cannot_be_pulled_fails_provisioning(cluster):
    cm = cluster.get("configmaps", "local-path-config", NS)
    template = cm["data"]["helperPod.yaml"].replace(HELPER_IMAGE, "docker.io/kindest/local-path-helper:v0-missing")
    cluster.api.update("configmaps", dict(cm, data=dict(cm["data"], **{"helperPod.yaml": template})))
    apply(cluster, claim(), pod())
    uid = claim_uid(cluster)
    helper = f"helper-pod-create-pvc-{uid}"
    cluster.advance(30)
    assert cluster.run(f"kubectl get pod {helper} -n {NS} --no-headers").text.split()[2] in ("ErrImagePull", "ImagePullBackOff")
    cluster.advance(95)
    failed = [e["message"] for e in cluster.list("events") if e["reason"] == "ProvisioningFailed"]
    assert failed == [f'failed to provision volume with StorageClass "standard": failed to create volume pvc-{uid}: '
                      "create process timeout after 120 seconds"]
    assert ("error", "logrus", f'"failed to save {helper} logs: error in opening stream: container \\"helper-pod\\" in pod '
                               f'\\"{helper}\\" is waiting to start: trying and failing to pull image"') in provisioner_log(cluster)
    assert cluster.run("kubectl get pod user -o jsonpath={.status.phase}").text == "Pending"


def test_a_read_write_once_pod_claim_is_provisioned_too_provisioner_go_v0_0_30(cluster):
    apply(cluster, claim(modes="[ReadWriteOncePod]"), pod())
    cluster.advance(10)
    assert cluster.run("kubectl get pvc data -o jsonpath={.status.phase}").text == "Bound"
    assert cluster.run("kubectl get pv -o jsonpath={.items[0].spec.accessModes}").text == '["ReadWriteOncePod"]'


def test_a_failed_provisioning_replays_to_the_same_cluster(cluster):
    cluster.run("kubectl patch configmap local-path-config -n local-path-storage --type merge "
                """-p '{"data":{"setup":"exit 3"}}'""")
    apply(cluster, claim(), pod())
    cluster.advance(150)
    again = Cluster.replay(cluster.spec, cluster.seed, objects.clone(cluster.journal))
    assert again.state_digest() == cluster.state_digest()
    assert again.run(f"kubectl logs -n {NS} deploy/local-path-provisioner").text == \
        cluster.run(f"kubectl logs -n {NS} deploy/local-path-provisioner").text
