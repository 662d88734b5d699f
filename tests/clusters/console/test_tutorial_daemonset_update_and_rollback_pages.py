"""Two kubernetes.io pages typed unchanged, their manifests pasted as a learner would.

- kubernetes/website content/en/docs/tasks/manage-daemon/update-daemon-set.md
- kubernetes/website content/en/docs/tasks/manage-daemon/rollback-daemon-set.md
The DaemonSet below is written here to describe the pages' fluentd-elasticsearch one (it
tolerates this cluster's control-plane taint, so it runs on every node). The pages' files
are saved with a heredoc, as the console is offline. Ages and pod names differ.
"""
from clusters import Cluster

DAEMONSET = """apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluentd-elasticsearch
  namespace: kube-system
  labels:
    k8s-app: fluentd-logging
spec:
  selector:
    matchLabels:
      name: fluentd-elasticsearch
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 1
  template:
    metadata:
      labels:
        name: fluentd-elasticsearch
    spec:
      tolerations:
      - key: node-role.kubernetes.io/control-plane
        operator: Exists
        effect: NoSchedule
      containers:
      - name: fluentd-elasticsearch
        image: quay.io/fluentd_elasticsearch/fluentd:v2.5.2
        resources:
          limits:
            memory: {memory}
          requests:
            cpu: 100m
            memory: {memory}
        volumeMounts:
        - name: varlog
          mountPath: /var/log
      terminationGracePeriodSeconds: 30
      volumes:
      - name: varlog
        hostPath:
          path: /var/log
"""

NS = "-n kube-system"


def save(c, name, manifest):
    c.run(f"cat > {name} <<'EOF'\n{manifest}EOF")


def fluentd_pods(c):
    """(name, READY, STATUS, NODE) of the page's `kubectl get pods -l name=fluentd-elasticsearch -o wide`."""
    rows = c.run(f"kubectl get pods -l name=fluentd-elasticsearch -o wide {NS}").text.splitlines()[1:]
    return [(r.split()[0], r.split()[1], r.split()[2], r.split()[6]) for r in rows]


def nodes(c):
    return sorted(r.split()[0] for r in c.run("kubectl get nodes").text.splitlines()[1:])


def images(c):
    return sorted({c.get("pods", n, "kube-system")["spec"]["containers"][0]["image"] for n, *_ in fluentd_pods(c)})


def created():
    c = Cluster(seed=8)
    save(c, "fluentd-daemonset.yaml", DAEMONSET.format(memory="200Mi"))
    assert c.run("kubectl create -f fluentd-daemonset.yaml").text == "daemonset.apps/fluentd-elasticsearch created\n"
    c.run("sim advance 30s")
    return c


def test_it_creates_the_daemonset_with_the_rolling_update_strategy():
    c = created()
    strategy = "-o go-template='{{.spec.updateStrategy.type}}{{\"\\n\"}}'"
    assert c.run(f"kubectl get ds/fluentd-elasticsearch {strategy} {NS}").text == "RollingUpdate\n"
    assert c.run(f"kubectl apply -f fluentd-daemonset.yaml --dry-run=client {strategy}").text == "RollingUpdate\n"
    pods = fluentd_pods(c)
    assert sorted(node for *_, node in pods) == nodes(c)  # one pod on every node
    assert {(ready, status) for _, ready, status, _ in pods} == {("1/1", "Running")}


def test_apply_of_the_updated_file_rolls_the_pods_and_rollout_status_waits_for_it():
    c = created()
    save(c, "fluentd-daemonset-update.yaml", DAEMONSET.format(memory="300Mi"))
    assert c.run("kubectl apply -f fluentd-daemonset-update.yaml").text == \
        "daemonset.apps/fluentd-elasticsearch configured\n"
    out = c.run(f"kubectl rollout status ds/fluentd-elasticsearch {NS}").text
    assert out.startswith('Waiting for daemon set "fluentd-elasticsearch" rollout to finish: 0 out of 4 new pods '
                          "have been updated...\n")
    assert out.endswith('daemon set "fluentd-elasticsearch" successfully rolled out\n')
    mems = {c.get("pods", n, "kube-system")["spec"]["containers"][0]["resources"]["limits"]["memory"]
            for n, *_ in fluentd_pods(c)}
    assert mems == {"300Mi"}


def test_set_image_updates_only_the_image_and_the_rollout_completes():
    c = created()
    assert c.run("kubectl set image ds/fluentd-elasticsearch "
                 f"fluentd-elasticsearch=quay.io/fluentd_elasticsearch/fluentd:v2.6.0 {NS}").text == \
        "daemonset.apps/fluentd-elasticsearch image updated\n"
    assert c.run(f"kubectl rollout status ds/fluentd-elasticsearch {NS}").text.endswith(
        'daemon set "fluentd-elasticsearch" successfully rolled out\n')
    assert images(c) == ["quay.io/fluentd_elasticsearch/fluentd:v2.6.0"]
    assert len(fluentd_pods(c)) == len(nodes(c))


def test_a_broken_image_stalls_the_rollout_and_a_new_update_unblocks_it():
    c = created()
    c.run(f"kubectl set image ds/fluentd-elasticsearch fluentd-elasticsearch=quay.io/fluentd_elasticsearch/fluentd:v9.9.9 {NS}")
    c.run("sim advance 60s")
    statuses = sorted(status for _, _, status, _ in fluentd_pods(c))
    assert "ImagePullBackOff" in statuses or "ErrImagePull" in statuses
    assert statuses.count("Running") == len(nodes(c)) - 1  # maxUnavailable: 1 holds the others back
    c.run(f"kubectl set image ds/fluentd-elasticsearch fluentd-elasticsearch=quay.io/fluentd_elasticsearch/fluentd:v2.6.0 {NS}")
    assert c.run(f"kubectl rollout status ds/fluentd-elasticsearch {NS}").text.endswith("successfully rolled out\n")
    assert images(c) == ["quay.io/fluentd_elasticsearch/fluentd:v2.6.0"]


def test_it_rolls_back_to_a_revision_and_the_revision_rolls_forward():
    c = created()
    c.run(f"kubectl set image ds/fluentd-elasticsearch fluentd-elasticsearch=quay.io/fluentd_elasticsearch/fluentd:v2.6.0 {NS}")
    c.run(f"kubectl rollout status ds/fluentd-elasticsearch {NS}")
    assert c.run(f"kubectl rollout history daemonset fluentd-elasticsearch {NS}").text == (
        "daemonset.apps/fluentd-elasticsearch \n"
        "REVISION  CHANGE-CAUSE\n"
        "1         <none>\n"
        "2         <none>\n\n")
    detail = c.run(f"kubectl rollout history daemonset fluentd-elasticsearch {NS} --revision=1").text
    assert detail.startswith("daemonset.apps/fluentd-elasticsearch with revision #1\nPod Template:\n")
    assert "Labels:\tname=fluentd-elasticsearch\n" in detail
    assert "Image:\tquay.io/fluentd_elasticsearch/fluentd:v2.5.2\n" in detail
    assert c.run(f"kubectl rollout undo daemonset fluentd-elasticsearch --to-revision=1 {NS}").text == \
        "daemonset.apps/fluentd-elasticsearch rolled back\n"
    assert c.run(f"kubectl rollout status ds/fluentd-elasticsearch {NS}").text.endswith(
        'daemon set "fluentd-elasticsearch" successfully rolled out\n')
    assert images(c) == ["quay.io/fluentd_elasticsearch/fluentd:v2.5.2"]
    # "DaemonSet revisions only roll forward": revision 1 came back as revision 3.
    revisions = c.run(f"kubectl get controllerrevision -l name=fluentd-elasticsearch {NS}").text.splitlines()
    assert revisions[0].split() == ["NAME", "CONTROLLER", "REVISION", "AGE"]
    assert sorted((r.split()[1], r.split()[2]) for r in revisions[1:]) == [
        ("daemonset.apps/fluentd-elasticsearch", "2"), ("daemonset.apps/fluentd-elasticsearch", "3")]
    assert all(r.split()[0].startswith("fluentd-elasticsearch-") for r in revisions[1:])
    assert c.run(f"kubectl rollout undo daemonset fluentd-elasticsearch {NS}").text == \
        "daemonset.apps/fluentd-elasticsearch rolled back\n"
    c.run(f"kubectl rollout status ds/fluentd-elasticsearch {NS}")
    assert images(c) == ["quay.io/fluentd_elasticsearch/fluentd:v2.6.0"]


def test_it_cleans_up_the_daemonset_and_its_pods():
    c = created()
    assert c.run(f"kubectl delete ds fluentd-elasticsearch {NS}").text == \
        'daemonset.apps "fluentd-elasticsearch" deleted\n'
    c.run("sim advance 60s")
    assert fluentd_pods(c) == []
