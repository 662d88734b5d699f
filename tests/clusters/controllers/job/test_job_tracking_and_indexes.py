"""The Job controller's tracking finalizer, interim conditions and per-index limits
(pkg/controller/job/job_controller.go, indexed_job_utils.go, 1.32).

As in test_job_controller.py, the pods select a node that does not exist and the
tests end them as a kubelet would report it (conftest.py).
"""
from tests.clusters.controllers.job.conftest import end, job, pods

TRACKING = "batch.kubernetes.io/job-tracking"


def pending(c, name="pi"):
    return [p for p in pods(c, name) if p["status"]["phase"] == "Pending" and not p["metadata"].get("deletionTimestamp")]


def types(j):
    return [x["type"] for x in (j.get("status") or {}).get("conditions") or ()]


def test_pods_carry_the_tracking_finalizer_until_they_are_counted(cluster):
    cluster.api.create("jobs", job(completions=2))
    cluster.settle()
    [p] = pods(cluster)
    assert p["metadata"]["finalizers"] == [TRACKING]
    end(cluster, p, "Succeeded")
    assert "finalizers" not in cluster.get("pods", p["metadata"]["name"])["metadata"]
    assert cluster.get("jobs", "pi")["status"]["succeeded"] == 1


def test_a_pod_deleted_before_it_finished_is_still_counted_as_failed(cluster):
    cluster.api.create("jobs", job(completions=1, backoffLimit=3))
    cluster.settle()
    [p] = pods(cluster)
    cluster.api.delete("pods", p["metadata"]["name"], "default", grace_period=0)
    cluster.settle()
    assert cluster.get("jobs", "pi")["status"]["failed"] == 1
    assert cluster.api.try_get("pods", p["metadata"]["name"], "default") is None  # the finalizer came off


def test_success_criteria_met_comes_before_complete_job_controller_go(cluster):
    cluster.api.create("jobs", job())
    cluster.settle()
    end(cluster, pods(cluster)[0], "Succeeded")
    assert types(cluster.get("jobs", "pi")) == ["SuccessCriteriaMet", "Complete"]


def test_too_many_failed_indexes_fail_the_job_with_max_failed_indexes_exceeded(cluster):
    cluster.api.create("jobs", job(completionMode="Indexed", completions=4, parallelism=4,
                                   backoffLimitPerIndex=0, maxFailedIndexes=1))
    cluster.settle()
    assert cluster.get("jobs", "pi")["spec"]["backoffLimit"] == 2**31 - 1  # defaults.go with backoffLimitPerIndex
    by_index = {p["metadata"]["annotations"]["batch.kubernetes.io/job-completion-index"]: p for p in pods(cluster)}
    assert sorted(by_index) == ["0", "1", "2", "3"]
    end(cluster, by_index["0"], "Failed")
    j = cluster.get("jobs", "pi")
    assert j["status"]["failedIndexes"] == "0" and "FailureTarget" not in types(j)
    end(cluster, by_index["2"], "Failed")
    j = cluster.get("jobs", "pi")
    target = next(x for x in j["status"]["conditions"] if x["type"] == "FailureTarget")
    assert (target["reason"], target["message"]) == (
        "MaxFailedIndexesExceeded", "Job has exceeded the specified maximal number of failed indexes")
    assert j["status"]["failedIndexes"] == "0,2"
    # The still active indexes were deleted (unscheduled pods go at once), then the job Failed.
    assert types(j) == ["FailureTarget", "Failed"]
    assert sorted(p["status"]["phase"] for p in pods(cluster)) == ["Failed", "Failed"]


def test_the_count_action_counts_and_the_ignore_action_does_not(cluster):
    rules = [{"action": "Ignore", "onExitCodes": {"operator": "In", "values": [3]}},
             {"action": "Count", "onExitCodes": {"operator": "NotIn", "values": [3]}}]
    cluster.api.create("jobs", job(backoffLimit=1, podFailurePolicy={"rules": rules}))
    cluster.settle()
    end(cluster, pods(cluster)[0], "Failed", code=3)
    assert "failed" not in cluster.get("jobs", "pi")["status"]
    cluster.advance(11)  # the failure back-off counts ignored failures too (newBackoffRecord)
    end(cluster, pending(cluster)[0], "Failed", code=5)
    assert cluster.get("jobs", "pi")["status"]["failed"] == 1 and "FailureTarget" not in types(cluster.get("jobs", "pi"))


def test_orphaned_pods_lose_the_finalizer_when_their_job_is_deleted(cluster):
    cluster.api.create("jobs", job(completions=2, parallelism=2))
    cluster.settle()
    cluster.api.delete("jobs", "pi", "default", propagation="Orphan")
    cluster.settle()
    assert [p["metadata"].get("finalizers") for p in cluster.list("pods", "default")] == [None, None]
