"""prober_manager.go UpdatePodStatus: a running container with no failed readiness result is ready,
also while its pod is being deleted: get pods shows 1/1 Terminating through the grace period."""
from clusters import Cluster


def test_a_deleted_pod_stays_ready_until_its_container_exits():
    c = Cluster(seed=1)
    # The bootcamp app ignores SIGTERM: it runs the whole 30 s grace period.
    c.run("kubectl run app --image=gcr.io/google-samples/kubernetes-bootcamp:v1")
    c.advance(30)
    c.run("kubectl delete pod app --wait=false")
    c.advance(5)
    assert c.run("kubectl get pod app --no-headers").text.split()[1:3] == ["1/1", "Terminating"]
    c.advance(30)
    assert c.run("kubectl get pod app").text == 'Error from server (NotFound): pods "app" not found\n'
