"""The Job controller as a learner sees it (pkg/controller/job/job_controller.go).

The pods select a node that does not exist, so no kubelet runs them and the
tests decide how each one ends (as a kubelet would report it).
"""
from tests.clusters.controllers.job.conftest import cond, end, job, pods


def test_a_job_runs_to_completion_and_says_so(cluster):
    cluster.api.create("jobs", job(completions=2, parallelism=1))
    cluster.settle()
    [p] = pods(cluster)
    assert p["metadata"]["generateName"] == "pi-"
    assert p["metadata"]["labels"]["job-name"] == "pi"
    end(cluster, p, "Succeeded")
    [p2] = [x for x in pods(cluster) if x["status"]["phase"] == "Pending"]
    end(cluster, p2, "Succeeded")
    j = cluster.get("jobs", "pi")
    assert j["status"]["succeeded"] == 2 and "active" not in j["status"]
    assert cond(j, "Complete")["status"] == "True" and j["status"]["completionTime"]
    reasons = [e["reason"] for e in cluster.list("events", "default") if e["involvedObject"]["kind"] == "Job"]
    assert reasons.count("SuccessfulCreate") == 2 and "Completed" in reasons


def test_parallelism_keeps_that_many_pods_active(cluster):
    cluster.api.create("jobs", job(completions=5, parallelism=3))
    cluster.settle()
    assert len(pods(cluster)) == 3
    assert cluster.get("jobs", "pi")["status"]["active"] == 3


def test_failures_beyond_the_backoff_limit_fail_the_job_job_controller_go(cluster):
    cluster.api.create("jobs", job(backoffLimit=1))
    cluster.settle()
    end(cluster, pods(cluster)[0], "Failed")
    # a replacement comes after the pod failure back-off (10 s for the first failure)
    assert len(pods(cluster)) == 1
    cluster.advance(11)
    [retry] = [p for p in pods(cluster) if p["status"]["phase"] == "Pending"]
    end(cluster, retry, "Failed")
    j = cluster.get("jobs", "pi")
    f = cond(j, "Failed")
    assert (f["reason"], f["message"]) == ("BackoffLimitExceeded", "Job has reached the specified backoff limit")
    assert j["status"]["failed"] == 2


def test_active_deadline_seconds_fails_a_job_that_runs_too_long(cluster):
    cluster.api.create("jobs", job(activeDeadlineSeconds=30))
    cluster.advance(31)
    f = cond(cluster.get("jobs", "pi"), "Failed")
    assert (f["reason"], f["message"]) == ("DeadlineExceeded", "Job was active longer than specified deadline")
    assert all(p["metadata"].get("deletionTimestamp") or p["status"]["phase"] != "Pending" for p in pods(cluster)) or pods(cluster) == []
