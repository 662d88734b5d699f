"""status.used follows what a namespace holds (pkg/controller/resourcequota/resource_quota_controller.go)."""
from tests.clusters.network.netfactories import make_cluster, run_pod


def _quota(c, name="compute"):
    return c.api.get("resourcequotas", name, "default")


def test_status_hard_and_used_are_filled_on_create():
    c = make_cluster()
    run_pod(c, "a", {"app": "a"}, requests={"cpu": "250m", "memory": "64Mi"})
    c.api.create("resourcequotas", {"metadata": {"name": "compute"},
                                    "spec": {"hard": {"requests.cpu": "1", "requests.memory": "1Gi", "pods": "10"}}}, "default")
    c.settle()
    st = _quota(c)["status"]
    assert st["hard"] == {"requests.cpu": "1", "requests.memory": "1Gi", "pods": "10"}
    assert st["used"] == {"pods": "1", "requests.cpu": "250m", "requests.memory": "64Mi"}
    assert c.bugs == []


def test_used_follows_pods_coming_and_going():
    c = make_cluster()
    c.api.create("resourcequotas", {"metadata": {"name": "compute"}, "spec": {"hard": {"pods": "5", "requests.cpu": "2"}}}, "default")
    c.settle()
    assert _quota(c)["status"]["used"] == {"pods": "0", "requests.cpu": "0"}
    run_pod(c, "a", {"app": "a"}, requests={"cpu": "500m"})
    run_pod(c, "b", {"app": "b"}, requests={"cpu": "500m"})
    assert _quota(c)["status"]["used"] == {"pods": "2", "requests.cpu": "1"}
    c.api.delete("pods", "a", "default", grace_period=0)
    c.settle()
    assert _quota(c)["status"]["used"]["pods"] == "1"


def test_object_counts_and_spec_changes():
    c = make_cluster()
    c.api.create("resourcequotas", {"metadata": {"name": "objects"}, "spec": {"hard": {"configmaps": "3"}}}, "default")
    c.settle()
    base = int(_quota(c, "objects")["status"]["used"]["configmaps"])
    c.api.create("configmaps", {"metadata": {"name": "x"}, "data": {}}, "default")
    c.settle()
    assert _quota(c, "objects")["status"]["used"]["configmaps"] == str(base + 1)
    q = dict(_quota(c, "objects"))
    q = {**q, "spec": {"hard": {"configmaps": "4", "services": "2"}}}
    c.api.update("resourcequotas", q)
    c.settle()
    assert _quota(c, "objects")["status"]["hard"] == {"configmaps": "4", "services": "2"}
    assert "services" in _quota(c, "objects")["status"]["used"]
