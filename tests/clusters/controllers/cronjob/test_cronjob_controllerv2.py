"""The CronJob controller as a learner sees it (pkg/controller/cronjob/cronjob_controllerv2.go, utils.go).

The cluster starts at 2025-06-02T09:00:00Z; its pods run on the real kubelet,
so a ``sh -c "exit 0"`` Job completes within seconds and a ``sleep 3600`` one
keeps running.
"""
import pytest

from clusters import Cluster, ClusterSpec, objects, timeutil
from clusters.apiserver import errors


@pytest.fixture
def cluster():
    c = Cluster(ClusterSpec(nodes=2, settle=0), seed=9)
    yield c
    assert c.bugs == []


def cronjob(name="hello", schedule="*/1 * * * *", command=("sh", "-c", "echo hi; exit 0"), **spec):
    body = {"schedule": schedule, "jobTemplate": {"spec": {"template": {"spec": {
        "restartPolicy": "OnFailure",
        "containers": [{"name": "hello", "image": "busybox:1.36", "command": list(command)}]}}}}}
    body.update(spec)
    return {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": name, "namespace": "default"}, "spec": body}


def jobs(c, name="hello"):
    return sorted(j["metadata"]["name"] for j in c.list("jobs", "default")
                  if (objects.controller_of(j) or {}).get("name") == name)


def events(c, reason):
    return [e["message"] for e in c.list("events", "default")
            if e["involvedObject"]["kind"] == "CronJob" and e["reason"] == reason]


def minute(c, m):
    """Epoch minutes of the cluster's 09:00 + m minutes (the Job name suffix)."""
    return int(c.epoch) // 60 + m


def until(c, m, s=30):
    """Advance to m minutes s seconds past the cluster's start."""
    c.advance_to(m * 60 + s)


def test_an_every_minute_schedule_creates_one_job_each_minute_named_by_epoch_minutes_utils_go(cluster):
    cluster.api.create("cronjobs", cronjob(command=("sleep", "3600")))
    until(cluster, 3)
    assert jobs(cluster) == [f"hello-{minute(cluster, m)}" for m in (1, 2, 3)]
    assert events(cluster, "SuccessfulCreate") == [f"Created job hello-{minute(cluster, m)}" for m in (1, 2, 3)]
    cj = cluster.get("cronjobs", "hello")
    assert cj["status"]["lastScheduleTime"] == "2025-06-02T09:03:00Z"
    assert [r["name"] for r in cj["status"]["active"]] == jobs(cluster)
    j = cluster.get("jobs", f"hello-{minute(cluster, 1)}")
    assert j["metadata"]["annotations"]["batch.kubernetes.io/cronjob-scheduled-timestamp"] == "2025-06-02T09:01:00Z"
    assert j["metadata"]["ownerReferences"][0]["kind"] == "CronJob"
    assert j["metadata"]["ownerReferences"][0]["controller"] is True


def test_the_job_appears_at_the_schedule_time_not_before(cluster):
    cluster.api.create("cronjobs", cronjob(schedule="*/5 * * * *"))
    cluster.advance_to(299)
    assert jobs(cluster) == []
    cluster.advance_to(301)
    assert jobs(cluster) == [f"hello-{minute(cluster, 5)}"]
    assert cluster.get("jobs", jobs(cluster)[0])["metadata"]["creationTimestamp"] == "2025-06-02T09:05:00Z"


def test_successful_history_limit_keeps_the_three_newest_finished_jobs(cluster):
    cluster.api.create("cronjobs", cronjob())
    until(cluster, 6)
    assert jobs(cluster) == [f"hello-{minute(cluster, m)}" for m in (4, 5, 6)]
    assert events(cluster, "SuccessfulDelete") == [f"Deleted job hello-{minute(cluster, m)}" for m in (1, 2, 3)]
    seen = events(cluster, "SawCompletedJob")
    assert f"Saw completed job: hello-{minute(cluster, 1)}, condition: Complete" in seen
    st = cluster.get("cronjobs", "hello")["status"]
    assert "active" not in st
    assert st["lastSuccessfulTime"].startswith("2025-06-02T09:06:")
    # the deleted Jobs' pods went with them (background propagation)
    cluster.advance(60)
    owners = {(objects.controller_of(p) or {}).get("name") for p in cluster.list("pods", "default")}
    assert f"hello-{minute(cluster, 1)}" not in owners


def test_failed_history_limit_defaults_to_one(cluster):
    cluster.api.create("cronjobs", cronjob(command=("sh", "-c", "exit 1"),
                                           jobTemplate={"spec": {"backoffLimit": 0, "template": {"spec": {
                                               "restartPolicy": "Never", "containers": [
                                                   {"name": "x", "image": "busybox:1.36", "command": ["sh", "-c", "exit 1"]}]}}}}))
    until(cluster, 4)
    assert jobs(cluster) == [f"hello-{minute(cluster, 4)}"] or jobs(cluster) == [f"hello-{minute(cluster, m)}" for m in (3, 4)]
    assert f"Deleted job hello-{minute(cluster, 1)}" in events(cluster, "SuccessfulDelete")


def test_forbid_skips_a_run_while_the_previous_job_is_still_running(cluster):
    cluster.api.create("cronjobs", cronjob(command=("sleep", "3600"), concurrencyPolicy="Forbid"))
    until(cluster, 4)
    assert jobs(cluster) == [f"hello-{minute(cluster, 1)}"]
    assert "Not starting job because prior execution is running and concurrency policy is Forbid" in \
        events(cluster, "JobAlreadyActive")
    assert cluster.get("cronjobs", "hello")["status"]["lastScheduleTime"] == "2025-06-02T09:01:00Z"


def test_forbid_starts_a_skipped_run_late_once_the_job_has_finished_without_a_deadline(cluster):
    cluster.api.create("cronjobs", cronjob(command=("sleep", "70"), concurrencyPolicy="Forbid"))
    until(cluster, 2, 5)
    assert jobs(cluster) == [f"hello-{minute(cluster, 1)}"]
    # 09:01's pod sleeps until about 09:02:11; then the 09:02 run, still unmet, starts late
    until(cluster, 2, 30)
    assert jobs(cluster) == [f"hello-{minute(cluster, m)}" for m in (1, 2)]
    assert cluster.get("jobs", f"hello-{minute(cluster, 2)}")["metadata"]["creationTimestamp"] > "2025-06-02T09:02:05Z"


def test_forbid_with_a_starting_deadline_drops_the_skipped_run(cluster):
    cluster.api.create("cronjobs", cronjob(command=("sleep", "70"), concurrencyPolicy="Forbid", startingDeadlineSeconds=10))
    until(cluster, 3, 30)
    assert jobs(cluster) == [f"hello-{minute(cluster, m)}" for m in (1, 3)]


def test_replace_deletes_the_running_job_and_starts_a_new_one(cluster):
    cluster.api.create("cronjobs", cronjob(command=("sleep", "3600"), concurrencyPolicy="Replace"))
    until(cluster, 2)
    assert jobs(cluster) == [f"hello-{minute(cluster, 2)}"]
    assert events(cluster, "SuccessfulDelete") == [f"Deleted job hello-{minute(cluster, 1)}"]
    assert [r["name"] for r in cluster.get("cronjobs", "hello")["status"]["active"]] == [f"hello-{minute(cluster, 2)}"]


def test_a_suspended_cronjob_creates_nothing_until_resumed(cluster):
    cluster.api.create("cronjobs", cronjob(suspend=True))
    until(cluster, 3)
    assert jobs(cluster) == []
    cj = objects.clone(cluster.get("cronjobs", "hello"))
    cj["spec"]["suspend"] = False
    cluster.api.update("cronjobs", cj)
    cluster.settle()
    # resuming runs the most recent missed time at once (no startingDeadlineSeconds)
    assert jobs(cluster) == [f"hello-{minute(cluster, 3)}"]


def test_starting_deadline_seconds_drops_a_run_later_than_the_deadline_utils_go(cluster):
    # mostRecentScheduleTime starts looking at now - startingDeadlineSeconds, so 09:03 is not even a candidate
    cluster.api.create("cronjobs", cronjob(suspend=True, startingDeadlineSeconds=10))
    until(cluster, 3, 30)
    cj = objects.clone(cluster.get("cronjobs", "hello"))
    cj["spec"]["suspend"] = False
    cluster.api.update("cronjobs", cj)
    cluster.settle()
    assert jobs(cluster) == []
    assert cluster.get("cronjobs", "hello")["status"] == {}
    cluster.advance_to(4 * 60 + 1)
    assert jobs(cluster) == [f"hello-{minute(cluster, 4)}"]


def test_time_zone_shifts_the_schedule_and_the_annotation(cluster):
    # 11:02 in Paris (CEST, UTC+2) is 09:02Z
    cluster.api.create("cronjobs", cronjob(schedule="2 11 * * *", timeZone="Europe/Paris"))
    until(cluster, 2)
    [name] = jobs(cluster)
    assert name == f"hello-{minute(cluster, 2)}"
    ann = cluster.get("jobs", name)["metadata"]["annotations"]["batch.kubernetes.io/cronjob-scheduled-timestamp"]
    assert ann == "2025-06-02T11:02:00+02:00"


def test_a_manual_job_from_the_cronjob_is_reported_and_left_running(cluster):
    cluster.api.create("cronjobs", cronjob(schedule="@hourly"))
    cj = cluster.get("cronjobs", "hello")
    manual = {"apiVersion": "batch/v1", "kind": "Job", "metadata": {
        "name": "manual-1", "namespace": "default", "annotations": {"cronjob.kubernetes.io/instantiate": "manual"},
        "ownerReferences": [objects.owner_ref(cj, controller=True)]}, "spec": objects.clone(cj["spec"]["jobTemplate"]["spec"])}
    cluster.api.create("jobs", manual)
    cluster.settle()
    assert events(cluster, "UnexpectedJob") == ["Saw a job that the controller did not create or forgot: manual-1"]
    assert cluster.get("jobs", "manual-1") is not None


@pytest.mark.parametrize("schedule,message", [
    ("61 * * * *", "end of range (61) above maximum (59): 61"),
    ("* * *", "expected exactly 5 fields, found 3: [* * *]"),
    ("@weird", "unrecognized descriptor: @weird"),
    ("CRON_TZ=UTC * * * * *", "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"),
])
def test_an_invalid_schedule_is_refused_in_upstream_words_validation_go(cluster, schedule, message):
    with pytest.raises(errors.StatusError) as e:
        cluster.api.create("cronjobs", cronjob(name="bad", schedule=schedule))
    assert e.value.code == 422
    assert f'spec.schedule: Invalid value: "{schedule}": {message}' in e.value.message


def test_an_unknown_time_zone_is_refused(cluster):
    with pytest.raises(errors.StatusError) as e:
        cluster.api.create("cronjobs", cronjob(name="bad", timeZone="Europe/Pariss"))
    assert 'spec.timeZone: Invalid value: "Europe/Pariss": unknown time zone Europe/Pariss' in e.value.message


def test_a_cronjob_name_longer_than_52_characters_is_refused(cluster):
    with pytest.raises(errors.StatusError) as e:
        cluster.api.create("cronjobs", cronjob(name="a" * 53))
    assert "must be no more than 52 characters" in e.value.message


def test_the_cronjob_wakes_exactly_at_its_schedule_with_no_polling(cluster):
    cluster.api.create("cronjobs", cronjob(schedule="@hourly"))
    cluster.settle()
    cluster.advance_to(3600 + 1)
    assert jobs(cluster) == [f"hello-{minute(cluster, 60)}"]
    assert timeutil.parse_rfc3339(cluster.get("cronjobs", "hello")["status"]["lastScheduleTime"]) == cluster.epoch + 3600
