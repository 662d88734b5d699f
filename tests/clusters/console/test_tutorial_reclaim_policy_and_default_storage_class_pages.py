"""kubernetes.io tasks/administer-cluster/change-pv-reclaim-policy.md and
change-default-storage-class.md typed unchanged.

The pages' volumes are dynamically provisioned; in this kind cluster the default StorageClass is
``standard`` (rancher.io/local-path, WaitForFirstConsumer), so each claim binds once a pod uses
it. The pages' ``gold`` class is created here with the same provisioner. With two classes marked
default, the DefaultStorageClass admission plugin picks the newest
(plugin/pkg/admission/storage/storageclass/setdefault, GetDefaultClass since 1.26).
"""
from __future__ import annotations

from clusters import Cluster

CLAIM_AND_POD = """apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: claim{i}
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 4Gi
---
apiVersion: v1
kind: Pod
metadata:
  name: user{i}
spec:
  containers:
  - name: c
    image: busybox:1.28
    command: [sleep, "3600"]
    volumeMounts:
    - {{name: v, mountPath: /data}}
  volumes:
  - name: v
    persistentVolumeClaim:
      claimName: claim{i}
"""
GOLD = """apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: gold
provisioner: rancher.io/local-path
"""
CLAIM = """apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: {name}
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
"""
PV_HEADER = ("NAME                                       CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS   CLAIM            "
             "STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE")


def _three_claims() -> Cluster:
    c = Cluster(seed=3)
    for i in (1, 2, 3):
        assert c.run(f"cat <<'EOF' | kubectl apply -f -\n{CLAIM_AND_POD.format(i=i)}EOF").exit_code == 0
        c.run("sim advance 5s")
    return c


def _policies(c) -> dict:
    rows = [line.split() for line in c.run("kubectl get pv").text.splitlines()[1:]]
    return {row[5]: (row[3], row[4]) for row in rows}


def test_patching_one_volume_to_retain_keeps_it_after_its_claim_is_deleted():
    c = _three_claims()
    out = c.run("kubectl get pv").text
    assert out.splitlines()[0] == PV_HEADER
    assert _policies(c) == {f"default/claim{i}": ("Delete", "Bound") for i in (1, 2, 3)}
    pv = c.run("kubectl get pvc claim3 -o jsonpath='{.spec.volumeName}'").text
    assert pv.startswith("pvc-")
    out = c.run(f"""kubectl patch pv {pv} -p '{{"spec":{{"persistentVolumeReclaimPolicy":"Retain"}}}}'""")
    assert out.text == f"persistentvolume/{pv} patched\n"
    assert _policies(c) == {"default/claim1": ("Delete", "Bound"), "default/claim2": ("Delete", "Bound"),
                            "default/claim3": ("Retain", "Bound")}
    # what the page promises: Retain outlives its claim (Released), Delete goes with it
    c.run("kubectl delete pod user1 user3 --now")
    c.run("kubectl delete pvc claim1 claim3")
    c.run("sim advance 10s")
    assert _policies(c) == {"default/claim2": ("Delete", "Bound"), "default/claim3": ("Retain", "Released")}


def test_the_default_mark_moves_with_the_annotation():
    c = Cluster(seed=3)
    assert c.run("kubectl get storageclass").text.splitlines()[1].split()[:3] == \
        ["standard", "(default)", "rancher.io/local-path"]
    assert c.run(f"cat <<'EOF' | kubectl apply -f -\n{GOLD}EOF").text == "storageclass.storage.k8s.io/gold created\n"
    out = c.run("""kubectl patch storageclass standard -p '{"metadata": {"annotations":"""
                """{"storageclass.kubernetes.io/is-default-class":"false"}}}'""")
    assert out.text == "storageclass.storage.k8s.io/standard patched\n"
    out = c.run("""kubectl patch storageclass gold -p '{"metadata": {"annotations":"""
                """{"storageclass.kubernetes.io/is-default-class":"true"}}}'""")
    assert out.text == "storageclass.storage.k8s.io/gold patched\n"
    lines = c.run("kubectl get storageclass").text.splitlines()
    assert lines[0].split() == ["NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"]
    assert [line.split()[:2] for line in lines[1:]] == [["gold", "(default)"], ["standard", "rancher.io/local-path"]]
    # a claim that names no class now gets gold
    c.run(f"cat <<'EOF' | kubectl apply -f -\n{CLAIM.format(name='claim9')}EOF")
    assert c.run("kubectl get pvc claim9 -o jsonpath='{.spec.storageClassName}'").text == "gold"


def test_with_two_defaults_a_new_claim_gets_the_newest_setdefault_admission():
    c = Cluster(seed=3)
    c.run(f"cat <<'EOF' | kubectl apply -f -\n{GOLD}EOF")
    c.run("""kubectl patch storageclass gold -p '{"metadata": {"annotations":"""
          """{"storageclass.kubernetes.io/is-default-class":"true"}}}'""")
    assert [line.split()[:2] for line in c.run("kubectl get storageclass").text.splitlines()[1:]] == \
        [["gold", "(default)"], ["standard", "(default)"]]
    assert c.run(f"cat <<'EOF' | kubectl apply -f -\n{CLAIM.format(name='claim10')}EOF").exit_code == 0
    assert c.run("kubectl get pvc claim10 -o jsonpath='{.spec.storageClassName}'").text == "gold"
