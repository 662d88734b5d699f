"""kubelet_pods.go convertContainerStatus: a created container reports its mounts (RecursiveReadOnlyMounts, on in 1.32)."""
from clusters import Cluster


def test_a_running_container_reports_its_mounts_with_recursive_read_only_disabled():
    c = Cluster(seed=1)
    c.run("kubectl run web --image=nginx")
    c.advance(20)
    pod = c.get("pods", "web")
    [vol] = [v for v in pod["spec"]["volumes"] if v["name"].startswith("kube-api-access-")]
    [cs] = pod["status"]["containerStatuses"]
    assert cs["volumeMounts"] == [{"name": vol["name"], "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
                                   "readOnly": True, "recursiveReadOnly": "Disabled"}]


def test_a_container_never_created_reports_no_mounts():
    c = Cluster(seed=1)
    c.run("kubectl run bad --image=nosuch/image:1")
    c.advance(20)
    [cs] = c.get("pods", "bad")["status"]["containerStatuses"]
    assert cs["state"]["waiting"]["reason"] in ("ErrImagePull", "ImagePullBackOff")
    assert "volumeMounts" not in cs
