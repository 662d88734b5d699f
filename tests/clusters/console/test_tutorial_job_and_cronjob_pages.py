"""kubernetes.io's Job example and CronJob task, typed unchanged, their manifests pasted.

- kubernetes/website content/en/docs/concepts/workloads/controllers/job.md ("Running an example Job")
- kubernetes/website content/en/docs/tasks/job/automated-tasks-with-cron-jobs.md

The manifests below are written here to describe the same objects (a Job running
``perl -Mbignum=bpi -wle 'print bpi(2000)'`` in perl:5.34.0; a CronJob running busybox
``date; echo Hello from the Kubernetes cluster`` every minute). Names, ages and UIDs differ.
"""
from clusters import Cluster

PI_JOB = """apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      containers:
      - name: pi
        image: perl:5.34.0
        command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]
      restartPolicy: Never
  backoffLimit: 4
"""

HELLO_CRONJOB = """apiVersion: batch/v1
kind: CronJob
metadata:
  name: hello
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: hello
            image: busybox:1.28
            imagePullPolicy: IfNotPresent
            command:
            - /bin/sh
            - -c
            - date; echo Hello from the Kubernetes cluster
          restartPolicy: OnFailure
"""


def test_it_runs_the_pi_job_to_completion_and_shows_its_pods_output():
    c = Cluster(seed=3)
    assert c.run(f"cat <<EOF | kubectl apply -f -\n{PI_JOB}EOF").text == "job.batch/pi created\n"
    c.run("sim advance 60s")
    uid = c.get("jobs", "pi")["metadata"]["uid"]
    described = c.run("kubectl describe job pi").text
    # The API server generated the selector and the template's labels (job strategy generateSelector).
    assert f"Selector:         batch.kubernetes.io/controller-uid={uid}\n" in described
    assert (f"Labels:           batch.kubernetes.io/controller-uid={uid}\n"
            "                  batch.kubernetes.io/job-name=pi\n"
            f"                  controller-uid={uid}\n"
            "                  job-name=pi\n") in described
    assert "Parallelism:      1\nCompletions:      1\n" in described
    assert "Pods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed\n" in described
    assert "    Image:      perl:5.34.0\n" in described
    assert "    Command:\n      perl\n      -Mbignum=bpi\n      -wle\n      print bpi(2000)\n" in described
    events = [line.split()[1] for line in described.split("Events:\n", 1)[1].splitlines()[2:]]
    assert events == ["SuccessfulCreate", "Completed"]
    shown = c.run("kubectl get job pi -o yaml").text
    assert f"  selector:\n    matchLabels:\n      batch.kubernetes.io/controller-uid: {uid}\n" in shown
    assert "  succeeded: 1\n" in shown
    names = "pods=$(kubectl get pods --selector=batch.kubernetes.io/job-name=pi --output=jsonpath='{.items[*].metadata.name}')"
    pods = c.run(f"{names}\necho $pods").text
    assert pods.startswith("pi-") and len(pods.split()) == 1
    printed = c.run(f"{names}\nkubectl logs $pods").text
    # bpi(2000): π to 2000 significant digits on one line.
    assert printed.startswith("3.14159265358979323846264338327950288419716939937510") and len(printed) == 2002
    assert printed.endswith("8908658326459958133904780275901\n")
    assert c.run("kubectl logs jobs/pi").text == printed
    row = c.run("kubectl get jobs").text.splitlines()[1].split()
    assert row[:3] == ["pi", "Complete", "1/1"]


def test_it_runs_the_hello_cronjob_every_minute_and_deletes_what_it_made():
    c = Cluster(seed=3)
    assert c.run(f"cat <<EOF | kubectl create -f -\n{HELLO_CRONJOB}EOF").text == "cronjob.batch/hello created\n"
    rows = c.run("kubectl get cronjob hello").text.splitlines()
    assert rows[0].split() == ["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST", "SCHEDULE", "AGE"]
    assert rows[1].split()[:8] == ["hello", "*", "*", "*", "*", "*", "<none>", "False"]
    assert rows[1].split()[-3:-1] == ["0", "<none>"]
    c.run("sim advance 20s")  # the page says to watch "in around one minute"
    watched = c.run("kubectl get jobs --watch").text.splitlines()
    # An empty list prints nothing; the header comes with the first job (get.go watch, tableprinter.go).
    assert watched[0].split() == ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"]
    job = watched[1].split()[0]
    assert job.startswith("hello-") and watched[1].split()[1:3] == ["Running", "0/1"]
    assert watched[-1].split()[:3] == [job, "Complete", "1/1"]
    row = c.run("kubectl get cronjob hello").text.splitlines()[1].split()
    assert row[-3] == "0" and row[-2] != "<none>"  # no job active; one was scheduled
    logs = c.run(f"pods=$(kubectl get pods --selector=job-name={job} --output=jsonpath={{.items[*].metadata.name}})\n"
                 "kubectl logs $pods").text.splitlines()
    assert logs[0].endswith(" UTC 2025") and logs[1:] == ["Hello from the Kubernetes cluster"]
    assert c.run("kubectl delete cronjob hello").text == 'cronjob.batch "hello" deleted\n'
    c.run("sim advance 30s")
    assert c.run("kubectl get jobs,pods").text == "No resources found in default namespace.\n"
