"""stateful_set.go getPodsForStatefulSet: ClaimPods adopts orphans that match the selector and are
members of the set, and releases owned pods that stop matching (controller_ref_manager.go)."""
from clusters import Cluster

STS = """cat <<EOF | kubectl apply -f -
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: {n}
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: c
        image: nginx
EOF"""


def test_a_recreated_set_adopts_its_orphans_and_scales_the_extra_one_away():
    c = Cluster(seed=2)
    c.run(STS.format(n=3))
    c.advance(60)
    c.run("kubectl delete statefulset db --cascade=orphan")
    assert all(not (p["metadata"].get("ownerReferences")) for p in c.api.list("pods", "default"))
    c.run(STS.format(n=2))
    c.advance(60)
    uid = c.get("statefulsets", "db")["metadata"]["uid"]
    pods = {p["metadata"]["name"]: p for p in c.api.list("pods", "default")}
    assert sorted(pods) == ["db-0", "db-1"]
    assert all(p["metadata"]["ownerReferences"][0]["uid"] == uid for p in pods.values())
    assert c.bugs == []


def test_a_pod_relabelled_away_is_released():
    c = Cluster(seed=2)
    c.run(STS.format(n=1))
    c.advance(60)
    c.run("kubectl label pod db-0 app=other --overwrite")
    c.advance(5)
    assert not c.get("pods", "db-0")["metadata"].get("ownerReferences")
    assert c.bugs == []
