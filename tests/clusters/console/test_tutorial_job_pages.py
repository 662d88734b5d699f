"""kubernetes.io's Job task pages, typed unchanged, the lines of their manifests a test needs pasted.

- content/en/docs/tasks/job/indexed-parallel-processing-static.md (application/job/indexed-job.yaml and
  indexed-job-vol.yaml: an Indexed Job of 5 completions, 3 at a time, whose busybox worker runs
  ``rev /input/data.txt`` on what an init container or the downward API wrote there)
- content/en/docs/tasks/job/job-with-pod-to-pod-communication.md (its headless Service and Indexed Job
  whose bash workers ping each other by hostname until all three answer)
- content/en/docs/tasks/job/pod-failure-policy.md (controllers/job-pod-failure-policy-failjob.yaml,
  -ignore.yaml, -config-issue.yaml and job-backoff-limit-per-index-failindex.yaml)
- content/en/docs/tasks/job/parallel-processing-expansion.md (application/job/job-tmpl.yaml expanded
  with sed; the page's second part, rendering a Jinja2 template with python, is not replayed here:
  the console has no python)

Names, ages and UIDs differ from the pages'; the Job controller follows
pkg/controller/job (job_controller.go, indexed_job_utils.go, pod_failure_policy.go) of 1.32.
"""
import pytest

from clusters import Cluster

INDEXED_JOB_VOL = """apiVersion: batch/v1
kind: Job
metadata:
  name: 'indexed-job'
spec:
  completions: 5
  parallelism: 3
  completionMode: Indexed
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: 'worker'
        image: 'docker.io/library/busybox'
        command:
        - "rev"
        - "/input/data.txt"
        volumeMounts:
        - mountPath: /input
          name: input
      volumes:
      - name: input
        downwardAPI:
          items:
          - path: "data.txt"
            fieldRef:
              fieldPath: metadata.annotations['batch.kubernetes.io/job-completion-index']
"""

INDEXED_JOB = """apiVersion: batch/v1
kind: Job
metadata:
  name: 'indexed-job'
spec:
  completions: 5
  parallelism: 3
  completionMode: Indexed
  template:
    spec:
      restartPolicy: Never
      initContainers:
      - name: 'input'
        image: 'docker.io/library/bash'
        command:
        - "bash"
        - "-c"
        - |
          items=(foo bar baz qux xyz)
          echo ${items[$JOB_COMPLETION_INDEX]} > /input/data.txt
        volumeMounts:
        - mountPath: /input
          name: input
      containers:
      - name: 'worker'
        image: 'docker.io/library/busybox'
        command:
        - "rev"
        - "/input/data.txt"
        volumeMounts:
        - mountPath: /input
          name: input
      volumes:
      - name: input
        emptyDir: {}
"""

FAILJOB = """apiVersion: batch/v1
kind: Job
metadata:
  name: job-pod-failure-policy-failjob
spec:
  completions: 8
  parallelism: 2
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: docker.io/library/bash:5
        command: ["bash"]
        args:
        - -c
        - echo "Hello world! I'm going to exit with 42 to simulate a software bug." && sleep 30 && exit 42
  backoffLimit: 6
  podFailurePolicy:
    rules:
    - action: FailJob
      onExitCodes:
        containerName: main
        operator: In
        values: [42]
"""

IGNORE = """apiVersion: batch/v1
kind: Job
metadata:
  name: job-pod-failure-policy-ignore
spec:
  completions: 4
  parallelism: 2
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: docker.io/library/bash:5
        command: ["bash"]
        args:
        - -c
        - echo "Hello world! I'm going to exit with 0 (success)." && sleep 90 && exit 0
  backoffLimit: 0
  podFailurePolicy:
    rules:
    - action: Ignore
      onPodConditions:
      - type: DisruptionTarget
"""

CONFIG_ISSUE = """apiVersion: batch/v1
kind: Job
metadata:
  name: job-pod-failure-policy-config-issue
spec:
  completions: 8
  parallelism: 2
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: "non-existing-repo/non-existing-image:example"
  backoffLimit: 6
  podFailurePolicy:
    rules:
    - action: FailJob
      onPodConditions:
      - type: ConfigIssue
"""

FAILINDEX = """apiVersion: batch/v1
kind: Job
metadata:
  name: job-backoff-limit-per-index-failindex
spec:
  completions: 4
  parallelism: 2
  completionMode: Indexed
  backoffLimitPerIndex: 1
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: docker.io/library/python:3
        command:
          - python3
          - -c
          - |
            import os, sys
            index = int(os.environ.get("JOB_COMPLETION_INDEX"))
            if index == 0:
              sys.exit(1)
            elif index == 1:
              sys.exit(42)
            else:
              sys.exit(0)
  backoffLimit: 6
  podFailurePolicy:
    rules:
    - action: FailIndex
      onExitCodes:
        containerName: main
        operator: In
        values: [42]
"""

JOB_TMPL = """apiVersion: batch/v1
kind: Job
metadata:
  name: process-item-$ITEM
  labels:
    jobgroup: jobexample
spec:
  template:
    metadata:
      name: jobexample
      labels:
        jobgroup: jobexample
    spec:
      containers:
      - name: c
        image: busybox:1.28
        command: ["sh", "-c", "echo Processing item $ITEM && sleep 5"]
      restartPolicy: Never
"""


@pytest.fixture
def c():
    cluster = Cluster(seed=3)
    yield cluster
    assert cluster.bugs == []


def _write(c, name: str, text: str) -> None:
    assert c.run(f"cat <<'EOF' > {name}\n{text}EOF").text == ""


def _field(text: str, label: str) -> str:
    return next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith(label + ":"))


def test_it_runs_the_indexed_job_whose_init_container_picks_each_index_its_item(c):
    _write(c, "indexed-job.yaml", INDEXED_JOB)
    # "This uses the first approach (relying on $JOB_COMPLETION_INDEX)"
    assert c.run("kubectl apply -f indexed-job.yaml").text == "job.batch/indexed-job created\n"
    c.run("sim advance 60s")
    described = c.run("kubectl describe jobs/indexed-job").text
    assert _field(described, "Parallelism") == "3" and _field(described, "Completions") == "5"
    assert _field(described, "Completed Indexes") == "0-4"
    assert ("  Init Containers:\n   input:\n    Image:      docker.io/library/bash\n" in described)
    assert "      items=(foo bar baz qux xyz)\n      echo ${items[$JOB_COMPLETION_INDEX]} > /input/data.txt\n" in described
    created = [line.split()[-1] for line in described.splitlines() if "Created pod:" in line]
    assert [name.rsplit("-", 1)[0] for name in created] == [f"indexed-job-{i}" for i in range(5)]
    # kubectl logs indexed-job-fdhq5 (the page's pod of index 3) prints "xuq".
    assert [c.run(f"kubectl logs {name} --container=worker").text for name in created] == \
        ["oof\n", "rab\n", "zab\n", "xuq\n", "zyx\n"]


def test_it_runs_the_indexed_job_whose_workers_reverse_the_index_the_downward_api_wrote(c):
    _write(c, "indexed-job-vol.yaml", INDEXED_JOB_VOL)
    assert c.run("kubectl apply -f indexed-job-vol.yaml").text == "job.batch/indexed-job created\n"
    c.run("sim advance 30s")
    described = c.run("kubectl describe jobs/indexed-job").text
    assert _field(described, "Completion Mode") == "Indexed"
    assert _field(described, "Pods Statuses") == "0 Active (0 Ready) / 5 Succeeded / 0 Failed"
    assert _field(described, "Completed Indexes") == "0-4"  # describe.go capIndexesListOrNone
    assert "      metadata.annotations['batch.kubernetes.io/job-completion-index'] -> data.txt\n" in described
    created = [line.split()[-1] for line in described.splitlines() if "Created pod:" in line]
    # indexed_job_utils.go podGenerateNameWithIndex: <job>-<index>-<suffix>, indexes in order.
    assert [name.rsplit("-", 1)[0] for name in created] == [f"indexed-job-{i}" for i in range(5)]
    assert described.rstrip("\n").splitlines()[-1].split()[:2] == ["Normal", "Completed"]
    # Each worker printed its index reversed: one digit, the same backwards.
    for i, name in enumerate(created):
        assert c.run(f"kubectl logs {name} --container=worker").text == f"{i}\n"
    pod = c.get("pods", created[2])
    assert pod["metadata"]["annotations"] == {"batch.kubernetes.io/job-completion-index": "2"}
    assert pod["metadata"]["labels"]["batch.kubernetes.io/job-completion-index"] == "2"
    assert pod["spec"]["hostname"] == "indexed-job-2"
    # addCompletionIndexEnvVariables: JOB_COMPLETION_INDEX from the index label (PodIndexLabel, 1.28+).
    assert pod["spec"]["containers"][0]["env"] == [{"name": "JOB_COMPLETION_INDEX", "valueFrom": {"fieldRef": {
        "apiVersion": "v1", "fieldPath": "metadata.labels['batch.kubernetes.io/job-completion-index']"}}}]
    status = c.run("kubectl get job indexed-job -o yaml").text.split("\nstatus:\n", 1)[1]
    assert "  completedIndexes: 0-4\n" in status and "  succeeded: 5\n" in status
    # 1.32 (delayTerminalCondition): SuccessCriteriaMet first, then Complete.
    assert [line.split(": ")[1] for line in status.splitlines() if line.startswith("    type: ")] == \
        ["SuccessCriteriaMet", "Complete"]


POD_TO_POD = """apiVersion: v1
kind: Service
metadata:
  name: headless-svc
spec:
  clusterIP: None
  selector:
    job-name: example-job
---
apiVersion: batch/v1
kind: Job
metadata:
  name: example-job
spec:
  completions: 3
  parallelism: 3
  completionMode: Indexed
  template:
    spec:
      subdomain: headless-svc
      restartPolicy: Never
      containers:
      - name: example-workload
        image: bash:latest
        command:
        - bash
        - -c
        - |
          for i in 0 1 2
          do
            gotStatus="-1"
            wantStatus="0"
            while [ $gotStatus -ne $wantStatus ]
            do
              ping -c 1 example-job-${i}.headless-svc > /dev/null 2>&1
              gotStatus=$?
              if [ $gotStatus -ne $wantStatus ]; then
                echo "Failed to ping pod example-job-${i}.headless-svc, retrying in 1 second..."
                sleep 1
              fi
            done
            echo "Successfully pinged pod: example-job-${i}.headless-svc"
          done
"""


def test_the_pod_to_pod_job_completes_once_every_pod_pinged_the_others(c):
    # The first pod to finish stays Ready, and in the headless Service's DNS, until its kubelet's next
    # relist (pleg/generic.go, 1 s): long enough for the others' next ping to reach it.
    _write(c, "job.yaml", POD_TO_POD)
    assert c.run("kubectl apply -f job.yaml").text == "service/headless-svc created\njob.batch/example-job created\n"
    c.run("sim advance 60s")
    assert c.run("kubectl get job example-job").text.splitlines()[1].split()[1:3] == ["Complete", "3/3"]
    described = c.run("kubectl describe jobs/example-job").text
    assert _field(described, "Pods Statuses") == "0 Active (0 Ready) / 3 Succeeded / 0 Failed"
    assert _field(described, "Completed Indexes") == "0-2"
    first = c.run("kubectl get pods -l batch.kubernetes.io/job-completion-index=0 -o name").text.strip()
    # The page's `kubectl logs example-job-0-qws42`: its own name not yet in DNS once, then all three.
    assert c.run(f"kubectl logs {first}").text == (
        "Failed to ping pod example-job-0.headless-svc, retrying in 1 second...\n"
        "Successfully pinged pod: example-job-0.headless-svc\n"
        "Successfully pinged pod: example-job-1.headless-svc\n"
        "Successfully pinged pod: example-job-2.headless-svc\n")


def test_busybox_ping_answers_as_busybox_prints_it(c):
    c.run("kubectl run a --image=busybox:1.36 -- sleep 3600; kubectl run b --image=busybox:1.36 -- sleep 3600")
    c.run("sim advance 30s")
    ip = c.get("pods", "b")["status"]["podIP"]
    ttl = 63 if c.get("pods", "a")["spec"]["nodeName"] == c.get("pods", "b")["spec"]["nodeName"] else 62
    shown = c.run(f"kubectl exec a -- ping -c 1 {ip}").text
    lines = shown.splitlines()
    # networking/ping.c: the header, one line a reply, then the statistics.
    assert lines[0] == f"PING {ip} ({ip}): 56 data bytes"
    assert lines[1].startswith(f"64 bytes from {ip}: seq=0 ttl={ttl} time=") and lines[1].endswith(" ms")
    assert lines[2:5] == ["", f"--- {ip} ping statistics ---", "1 packets transmitted, 1 packets received, 0% packet loss"]
    assert lines[5].startswith("round-trip min/avg/max = ")
    assert c.run("kubectl exec a -- ping -c 1 nowhere.invalid").text == \
        "ping: bad address 'nowhere.invalid'\ncommand terminated with exit code 1\n"


def test_it_fails_the_whole_job_on_exit_code_42_with_the_failjob_rule(c):
    _write(c, "job-pod-failure-policy-failjob.yaml", FAILJOB)
    assert c.run("kubectl create -f job-pod-failure-policy-failjob.yaml").text == \
        "job.batch/job-pod-failure-policy-failjob created\n"
    c.run("sim advance 20s")
    assert [row.split()[2] for row in c.run("kubectl get pods").text.splitlines()[1:]] == ["Running", "Running"]
    c.run("sim advance 20s")  # "After around 30s the entire Job should be terminated."
    shown = c.run("kubectl get jobs -l job-name=job-pod-failure-policy-failjob -o yaml").text
    status = shown.split("\n  status:\n", 1)[1]
    conditions = status.split("    failed:", 1)[0]
    first = conditions.split("    - lastProbeTime")[1]
    second = conditions.split("    - lastProbeTime")[2]
    assert "      type: FailureTarget\n" in first and "      type: Failed\n" in second
    for cond in (first, second):
        assert "      reason: PodFailurePolicy\n" in cond
        # pod_failure_policy.go: "Container %s for pod %s/%s failed with exit code %v matching %v rule at index %d"
        assert "      message: Container main for pod default/job-pod-failure-policy-failjob-" in cond
        assert "\n        failed with exit code 42 matching FailJob rule at index 0\n" in cond
    assert "    failed: 2\n" in status and "    terminating: 0\n" in status
    assert "  podReplacementPolicy: Failed\n" in shown  # defaults.go: a pod failure policy replaces failed pods only
    events = c.run("kubectl describe job job-pod-failure-policy-failjob").text.split("Events:\n", 1)[1]
    assert [line.split()[1] for line in events.splitlines()[2:]] == \
        ["SuccessfulCreate", "SuccessfulCreate", "SuccessfulDelete", "PodFailurePolicy"]
    logs = c.run("for p in $(kubectl get pods -l job-name=job-pod-failure-policy-failjob -o name); do kubectl logs $p; done")
    assert logs.text.startswith("Hello world! I'm going to exit with 42 to simulate a software bug.\n")
    assert c.run("kubectl delete jobs/job-pod-failure-policy-failjob").text == \
        'job.batch "job-pod-failure-policy-failjob" deleted\n'
    c.run("sim advance 5s")
    # "The cluster automatically cleans up the Pods": the tracking finalizers come off the orphans.
    assert c.run("kubectl get pods").text == "No resources found in default namespace.\n"


def _status(c, job: str) -> str:
    shown = c.run(f"kubectl get jobs -l job-name={job} -o yaml").text
    return shown.split("\n  status:\n", 1)[1].split("\nkind: List\n", 1)[0]


def test_it_ignores_the_pod_a_drain_evicts_and_the_job_still_succeeds(c):
    _write(c, "job-pod-failure-policy-ignore.yaml", IGNORE)
    assert c.run("kubectl create -f job-pod-failure-policy-ignore.yaml").text == \
        "job.batch/job-pod-failure-policy-ignore created\n"
    c.run("sim advance 10s")
    find = "nodeName=$(kubectl get pods -l job-name=job-pod-failure-policy-ignore -o jsonpath='{.items[0].spec.nodeName}')"
    drained = c.run(f"{find}\nkubectl drain nodes/$nodeName --ignore-daemonsets --grace-period=0").text
    evicted = [line.split()[0] for line in drained.splitlines() if line.startswith("pod/job-pod-failure-policy-ignore-")]
    assert len(evicted) == 1 and drained.endswith(" drained\n")
    c.run("sim advance 5s")
    # The evicted pod has DisruptionTarget: the Ignore rule keeps it out of .status.failed (backoffLimit is 0).
    status = _status(c, "job-pod-failure-policy-ignore")
    assert "failed:" not in status and "conditions:" not in status
    assert c.run("kubectl uncordon nodes/$nodeName").text.endswith(" uncordoned\n")
    c.run("sim advance 300s")
    status = _status(c, "job-pod-failure-policy-ignore")
    assert "    succeeded: 4\n" in status and "failed:" not in status
    assert "      type: Complete\n" in status
    assert c.run("kubectl delete jobs/job-pod-failure-policy-ignore").text == \
        'job.batch "job-pod-failure-policy-ignore" deleted\n'


def test_it_fails_the_job_on_the_custom_config_issue_condition_of_a_deleted_pending_pod(c):
    _write(c, "job-pod-failure-policy-config-issue.yaml", CONFIG_ISSUE)
    assert c.run("kubectl create -f job-pod-failure-policy-config-issue.yaml").text == \
        "job.batch/job-pod-failure-policy-config-issue created\n"
    c.run("sim advance 30s")
    pods = c.run("kubectl get pods -l job-name=job-pod-failure-policy-config-issue -o yaml").text
    assert "    - image: non-existing-repo/non-existing-image:example\n" in pods
    assert "          message: 'Back-off pulling image \"non-existing-repo/non-existing-image:example\"" in pods
    assert "          reason: ImagePullBackOff\n" in pods and "    phase: Pending\n" in pods
    patch = ('cat <<EOF > patch.yaml\nstatus:\n  conditions:\n  - type: ConfigIssue\n    status: \"True\"\n'
             '    reason: \"NonExistingImage\"\n    lastTransitionTime: \"$(date -u +\"%Y-%m-%dT%H:%M:%SZ\")\"\nEOF')
    assert c.run(patch).text == ""
    select = "podName=$(kubectl get pods -l job-name=job-pod-failure-policy-config-issue -o jsonpath='{.items[0].metadata.name}')"
    patched = c.run(f"{select}\nkubectl patch pod $podName --subresource=status --patch-file=patch.yaml").text
    name = patched.split()[0].split("/", 1)[1]
    assert patched == f"pod/{name} patched\n"
    assert c.run("kubectl delete pods/$podName").text == f'pod "{name}" deleted\n'
    c.run("sim advance 5s")
    status = _status(c, "job-pod-failure-policy-config-issue")
    # pod_failure_policy.go: "Pod %s/%s has condition %v matching %v rule at index %d"
    message = f"      message: Pod default/{name} has condition\n        ConfigIssue matching FailJob rule at index 0\n"
    assert status.count(message) == 2 and status.count("      reason: PodFailurePolicy\n") == 2
    assert status.index("type: FailureTarget") < status.index("type: Failed")
    assert c.run("kubectl get pods").text == "No resources found in default namespace.\n"


def test_it_retries_index_0_once_and_fails_index_1_at_once_with_backoff_limit_per_index(c):
    _write(c, "job-backoff-limit-per-index-failindex.yaml", FAILINDEX)
    assert c.run("kubectl create -f job-backoff-limit-per-index-failindex.yaml").text == \
        "job.batch/job-backoff-limit-per-index-failindex created\n"
    c.run("sim advance 60s")
    rows = c.run("kubectl get pods -l job-name=job-backoff-limit-per-index-failindex").text.splitlines()[1:]
    # "there are two Pods with index 0 ... there is only one Pod with index 1"
    seen = sorted((r.split()[0].rsplit("-", 2)[1], r.split()[2]) for r in rows)
    assert seen == [("0", "Error"), ("0", "Error"), ("1", "Error"), ("2", "Completed"), ("3", "Completed")]
    status = _status(c, "job-backoff-limit-per-index-failindex")
    assert "    failedIndexes: 0,1\n" in status and "    failed: 3\n" in status
    assert "    completedIndexes: 2,3\n" in status and "    succeeded: 2\n" in status
    assert status.count("      reason: FailedIndexes\n") == 2 and status.count("      message: Job has failed indexes\n") == 2
    assert status.index("type: FailureTarget") < status.index("type: Failed")
    # indexed_job_utils.go addIndexFailureCountAnnotation: the retry of index 0 carries the failure it replaces.
    retry = max((p for p in c.list("pods", "default") if p["metadata"]["annotations"][
        "batch.kubernetes.io/job-completion-index"] == "0"), key=lambda p: p["metadata"]["creationTimestamp"])
    assert retry["metadata"]["annotations"]["batch.kubernetes.io/job-index-failure-count"] == "1"
    assert c.run("kubectl delete jobs/job-backoff-limit-per-index-failindex").text == \
        'job.batch "job-backoff-limit-per-index-failindex" deleted\n'


def test_it_expands_the_job_template_with_sed_and_runs_the_three_jobs(c):
    _write(c, "job-tmpl.yaml", JOB_TMPL)
    expand = ("# Expand the template into multiple files, one for each item to be processed.\n"
              "mkdir ./jobs\n"
              "for i in apple banana cherry\n"
              "do\n"
              '  cat job-tmpl.yaml | sed "s/\\$ITEM/$i/" > ./jobs/job-$i.yaml\n'
              "done")
    assert c.run(expand).text == ""
    assert c.run("ls jobs/").text == "job-apple.yaml  job-banana.yaml  job-cherry.yaml\n"
    # GNU sed's BRE: a $ that does not end the pattern is a literal dollar sign.
    assert "  name: process-item-banana\n" in c.run("cat jobs/job-banana.yaml").text
    assert c.run("kubectl create -f ./jobs").text == (
        "job.batch/process-item-apple created\njob.batch/process-item-banana created\n"
        "job.batch/process-item-cherry created\n")
    c.run("sim advance 20s")
    rows = c.run("kubectl get jobs -l jobgroup=jobexample").text.splitlines()
    assert rows[0].split() == ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"]
    assert [r.split()[:3] for r in rows[1:]] == [[f"process-item-{i}", "Complete", "1/1"]
                                                 for i in ("apple", "banana", "cherry")]
    pods = c.run("kubectl get pods -l jobgroup=jobexample").text.splitlines()
    assert [p.split()[0].rsplit("-", 1)[0] for p in pods[1:]] == [f"process-item-{i}" for i in ("apple", "banana", "cherry")]
    assert {p.split()[2] for p in pods[1:]} == {"Completed"}
    logs = c.run("for p in $(kubectl get pods -l jobgroup=jobexample -o name); do kubectl logs $p; done").text
    assert logs == "Processing item apple\nProcessing item banana\nProcessing item cherry\n"
    assert c.run("kubectl delete job -l jobgroup=jobexample").text == (
        'job.batch "process-item-apple" deleted\njob.batch "process-item-banana" deleted\n'
        'job.batch "process-item-cherry" deleted\n')
    c.run("sim advance 5s")
    assert c.run("kubectl get jobs,pods").text == "No resources found in default namespace.\n"
