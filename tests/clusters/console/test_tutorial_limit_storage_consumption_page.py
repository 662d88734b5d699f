"""kubernetes.io tasks/administer-cluster/limit-storage-consumption.md typed unchanged.

The page's LimitRange bounds each claim's storage request (plugin/pkg/admission/limitranger
PersistentVolumeClaimValidateLimitFunc: "minimum/maximum storage usage per PersistentVolumeClaim is ...")
and its ResourceQuota caps the namespace's claims and their total request (quota admission's
"exceeded quota: ..., requested: ..., used: ..., limited: ..."). The claims here are the learner's own.
"""
from clusters import Cluster

STORAGE_LIMITS = """apiVersion: v1
kind: LimitRange
metadata:
  name: storagelimits
spec:
  limits:
  - type: PersistentVolumeClaim
    max:
      storage: 2Gi
    min:
      storage: 1Gi
"""

STORAGE_QUOTA = """apiVersion: v1
kind: ResourceQuota
metadata:
  name: storagequota
spec:
  hard:
    persistentvolumeclaims: "5"
    requests.storage: "5Gi"
"""


def _claim(c, name, size):
    manifest = (f"apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: {name}\nspec:\n"
                f"  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: {size}\n")
    return c.run(f"cat <<EOF | kubectl apply -f -\n{manifest}EOF")


def _limited():
    c = Cluster(seed=3)
    assert c.run(f"cat <<EOF | kubectl apply -f -\n{STORAGE_LIMITS}EOF").text == "limitrange/storagelimits created\n"
    assert c.run(f"cat <<EOF | kubectl apply -f -\n{STORAGE_QUOTA}EOF").text == "resourcequota/storagequota created\n"
    return c


def _forbidden(name, why):
    return f'Error from server (Forbidden): error when creating "STDIN": persistentvolumeclaims "{name}" is forbidden: {why}\n'


def test_the_limit_range_refuses_a_claim_above_the_max_or_below_the_min():
    c = _limited()
    out = _claim(c, "big", "10Gi")
    assert (out.exit_code, out.text) == (1, _forbidden("big", "maximum storage usage per PersistentVolumeClaim is 2Gi, "
                                                              "but request is 10Gi"))
    assert _claim(c, "small", "500Mi").text == _forbidden(
        "small", "minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi")
    assert _claim(c, "fits", "2Gi").text == "persistentvolumeclaim/fits created\n"
    assert c.run("kubectl describe limitrange storagelimits").text == (
        "Name:                  storagelimits\n"
        "Namespace:             default\n"
        "Type                   Resource  Min  Max  Default Request  Default Limit  Max Limit/Request Ratio\n"
        "----                   --------  ---  ---  ---------------  -------------  -----------------------\n"
        "PersistentVolumeClaim  storage   1Gi  2Gi  -                -              -\n")


def test_three_claims_of_2gi_do_not_fit_the_5gi_quota():
    c = _limited()
    assert _claim(c, "claim-0", "2Gi").text == "persistentvolumeclaim/claim-0 created\n"
    assert _claim(c, "claim-1", "2Gi").text == "persistentvolumeclaim/claim-1 created\n"
    assert _claim(c, "claim-2", "2Gi").text == _forbidden(
        "claim-2", "exceeded quota: storagequota, requested: requests.storage=2Gi, used: requests.storage=4Gi, "
                   "limited: requests.storage=5Gi")
    assert c.run("kubectl describe quota storagequota").text == (
        "Name:                   storagequota\n"
        "Namespace:              default\n"
        "Resource                Used  Hard\n"
        "--------                ----  ----\n"
        "persistentvolumeclaims  2     5\n"
        "requests.storage        4Gi   5Gi\n")


def test_a_sixth_claim_exceeds_the_count_of_five():
    c = _limited()
    for i in range(5):
        assert _claim(c, f"claim-{i}", "1Gi").text == f"persistentvolumeclaim/claim-{i} created\n"
    assert _claim(c, "claim-5", "1Gi").text == _forbidden(
        "claim-5", "exceeded quota: storagequota, requested: persistentvolumeclaims=1,requests.storage=1Gi, "
                   "used: persistentvolumeclaims=5,requests.storage=5Gi, limited: persistentvolumeclaims=5,"
                   "requests.storage=5Gi")
    assert c.run("kubectl get quota storagequota -o jsonpath='{.status.used}'").text == \
        '{"persistentvolumeclaims":"5","requests.storage":"5Gi"}'
