"""kubernetes.io's Job concept page, section "Success policy", typed unchanged
(content/en/docs/concepts/workloads/controllers/job.md, controllers/job-success-policy.yaml, the lines
a test needs pasted): ten indexes of which only index 2 exits 0, and a rule that one of 0, 2 and 3
is enough.

The Job controller follows pkg/controller/job (success_policy.go matchSuccessPolicy, job_controller.go)
of 1.32: SuccessCriteriaMet with reason SuccessPolicy and message "Matched rules at index 0", the
lingering pods deleted, then Complete. Names, ages and UIDs differ from a real cluster's.
"""
import pytest

from clusters import Cluster

JOB_SUCCESS = """apiVersion: batch/v1
kind: Job
metadata:
  name: job-success
spec:
  parallelism: 10
  completions: 10
  completionMode: Indexed # Required for the success policy
  successPolicy:
    rules:
      - succeededIndexes: 0,2-3
        succeededCount: 1
  template:
    spec:
      containers:
      - name: main
        image: python
        command:          # Provided that at least one of the Pods with 0, 2, and 3 indexes has succeeded,
                          # the overall Job is a success.
          - python3
          - -c
          - |
            import os, sys
            if os.environ.get("JOB_COMPLETION_INDEX") == "2":
              sys.exit(0)
            else:
              sys.exit(1)
      restartPolicy: Never
"""


@pytest.fixture
def c():
    cluster = Cluster(seed=3)
    yield cluster
    assert cluster.bugs == []


def test_the_job_completes_once_index_2_succeeded_and_the_other_pods_are_deleted(c):
    assert c.run(f"cat <<'EOF' > job-success-policy.yaml\n{JOB_SUCCESS}EOF").text == ""
    assert c.run("kubectl apply -f job-success-policy.yaml").text == "job.batch/job-success created\n"
    c.run("sim advance 5s")
    assert c.run("kubectl get job job-success").text.splitlines()[1].split()[:3] == ["job-success", "Running", "0/10"]
    assert len(c.run("kubectl get pods --no-headers").text.splitlines()) == 10
    c.run("sim advance 60s")
    # printers.go printJob: the STATUS column is Complete once the Complete condition is there.
    row = c.run("kubectl get job job-success").text.splitlines()[1].split()
    assert row[:3] == ["job-success", "Complete", "1/10"]
    shown = c.run("kubectl get job job-success -o yaml").text
    status = shown.split("\nstatus:\n", 1)[1]
    assert '  completedIndexes: "2"\n' in status and "  succeeded: 1\n" in status
    assert "  terminating: 0\n" in status and "  active:" not in status
    met, complete = status.split("  - lastProbeTime")[1:3]
    for cond, type_ in ((met, "SuccessCriteriaMet"), (complete, "Complete")):
        # success_policy.go: "Matched rules at index %d"; job_controller.go: reason SuccessPolicy.
        assert "    message: Matched rules at index 0\n    reason: SuccessPolicy\n" in cond
        assert f'    status: "True"\n    type: {type_}\n' in cond
    assert "  successPolicy:\n    rules:\n    - succeededCount: 1\n      succeededIndexes: 0,2-3\n" in shown
    # The pods still running when index 2 succeeded were deleted and are gone; none of index 2 is left running.
    rows = [line.split() for line in c.run("kubectl get pods --no-headers").text.splitlines()]
    assert all(r[2] in ("Error", "Completed") for r in rows) and len(rows) < 10
    assert [r[0].rsplit("-", 2)[1] for r in rows if r[2] == "Completed"] == ["2"]
    described = c.run("kubectl describe job job-success").text
    assert "Completed Indexes:  2\n" in described
    events = [line.split()[1] for line in described.split("Events:\n", 1)[1].splitlines()[2:]]
    assert events.count("SuccessfulCreate") == 10 and events[-1] == "Completed"
    assert events.count("SuccessfulDelete") == 10 - len(rows)
    assert described.rstrip().endswith("job-controller  Job completed")


def test_without_the_indexed_completion_mode_the_api_server_rejects_the_success_policy(c):
    # "completionMode: Indexed # Required for the success policy" (validation.go ValidateJobSpec).
    nonindexed = JOB_SUCCESS.replace("  completionMode: Indexed # Required for the success policy\n", "")
    assert c.run(f"cat <<'EOF' > job-success-policy.yaml\n{nonindexed}EOF").text == ""
    shown = c.run("kubectl apply -f job-success-policy.yaml").text
    assert shown.startswith('The Job "job-success" is invalid: spec.successPolicy: Invalid value: batch.SuccessPolicy{')
    assert shown.endswith("}}}: requires indexed completion mode\n")
    assert c.run("kubectl get jobs").text == "No resources found in default namespace.\n"
