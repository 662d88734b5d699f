"""An Indexed Job's successPolicy (pkg/controller/job/success_policy.go, job_controller.go, 1.32).

As in test_job_controller.py, the pods select a node that does not exist and the
tests end them as a kubelet would report it (conftest.py).
"""
import pytest

from clusters.controllers.job import success_policy
from tests.clusters.controllers.job.conftest import end, job, pods

INDEX = "batch.kubernetes.io/job-completion-index"


def types(j):
    return [x["type"] for x in (j.get("status") or {}).get("conditions") or ()]


def by_index(c):
    return {int(p["metadata"]["annotations"][INDEX]): p for p in pods(c)
            if not p["metadata"].get("deletionTimestamp") and p["status"]["phase"] == "Pending"}


@pytest.mark.parametrize("rules, succeeded, expected", [
    ([{"succeededIndexes": "0,2-3", "succeededCount": 1}], [[2, 2]], "Matched rules at index 0"),
    ([{"succeededIndexes": "0,2-3"}], [[0, 0], [2, 2]], None),  # 3 has not succeeded yet
    ([{"succeededIndexes": "0,2-3"}], [[0, 3]], "Matched rules at index 0"),
    ([{"succeededIndexes": "1"}, {"succeededCount": 2}], [[3, 4]], "Matched rules at index 1"),
    ([{"succeededIndexes": "x"}, {"succeededCount": 1}], [[0, 0]], "Matched rules at index 1"),  # unparsable: skipped
    ([{"succeededCount": 1}], [], None),
])
def test_match_success_policy_success_policy_go(rules, succeeded, expected):
    assert success_policy.match({"rules": rules}, 10, succeeded) == expected


def test_a_matched_rule_ends_the_job_with_success_criteria_met_then_complete(cluster):
    cluster.api.create("jobs", job(completionMode="Indexed", completions=4, parallelism=4,
                                   successPolicy={"rules": [{"succeededIndexes": "0,2-3", "succeededCount": 1}]}))
    cluster.settle()
    pods_ = by_index(cluster)
    assert sorted(pods_) == [0, 1, 2, 3]
    end(cluster, pods_[1], "Succeeded")  # index 1 is not in the rule
    assert types(cluster.get("jobs", "pi")) == []
    end(cluster, pods_[2], "Succeeded")
    j = cluster.get("jobs", "pi")
    met, complete = j["status"]["conditions"]
    assert (met["type"], met["reason"], met["message"]) == ("SuccessCriteriaMet", "SuccessPolicy",
                                                            "Matched rules at index 0")
    assert (complete["type"], complete["reason"], complete["message"]) == ("Complete", "SuccessPolicy",
                                                                           "Matched rules at index 0")
    assert j["status"]["completedIndexes"] == "1,2" and j["status"]["succeeded"] == 2
    assert j["status"].get("completionTime") == complete["lastTransitionTime"]
    # The other indexes' pods were deleted (unscheduled pods go at once) and none is made again.
    assert sorted(p["status"]["phase"] for p in pods(cluster)) == ["Succeeded", "Succeeded"]
    # Pods a success ends are not failures (trackJobStatusAndRemoveFinalizers).
    assert "failed" not in j["status"] and "active" not in j["status"]


def test_a_failure_policy_that_decides_first_wins_over_the_success_policy(cluster):
    cluster.api.create("jobs", job(completionMode="Indexed", completions=2, parallelism=2, backoffLimit=0,
                                   successPolicy={"rules": [{"succeededCount": 1}]}))
    cluster.settle()
    pods_ = by_index(cluster)
    end(cluster, pods_[0], "Failed")
    j = cluster.get("jobs", "pi")
    assert types(j) == ["FailureTarget", "Failed"]
    assert j["status"]["conditions"][1]["reason"] == "BackoffLimitExceeded"


def test_without_a_success_policy_all_completions_are_needed(cluster):
    cluster.api.create("jobs", job(completionMode="Indexed", completions=2, parallelism=2))
    cluster.settle()
    pods_ = by_index(cluster)
    end(cluster, pods_[0], "Succeeded")
    assert types(cluster.get("jobs", "pi")) == []
    end(cluster, pods_[1], "Succeeded")
    j = cluster.get("jobs", "pi")
    assert types(j) == ["SuccessCriteriaMet", "Complete"] and "reason" not in j["status"]["conditions"][0]
