"""kubernetes.io tasks/configure-pod-container/configure-projected-volume-storage.md typed unchanged.

Two Secrets made from local files with ``kubectl create secret generic --from-file`` and a pod that
mounts both through one projected volume; the learner opens a shell in it with ``kubectl exec -it``
and lists the directory. The pod's manifest is written here to describe the page's object.
"""
from clusters import Cluster

PROJECTED = """apiVersion: v1
kind: Pod
metadata:
  name: test-projected-volume
spec:
  volumes:
  - name: all-in-one
    projected:
      sources:
      - secret: {name: user}
      - secret: {name: pass}
  containers:
  - name: test-projected-volume
    image: busybox:1.28
    args: ["sleep", "86400"]
    volumeMounts:
    - {name: all-in-one, mountPath: /projected-volume, readOnly: true}
"""


def _started():
    c = Cluster(seed=3)
    for line in ("# Create files containing the username and password:", 'echo -n "admin" > ./username.txt',
                 'echo -n "1f2d1e2e67df" > ./password.txt', "", "# Package these files into secrets:"):
        assert c.run(line).text == ""
    assert c.run("kubectl create secret generic user --from-file=./username.txt").text == "secret/user created\n"
    assert c.run("kubectl create secret generic pass --from-file=./password.txt").text == "secret/pass created\n"
    assert c.run(f"cat <<EOF | kubectl apply -f -\n{PROJECTED}EOF").text == "pod/test-projected-volume created\n"
    c.run("sim advance 14s")
    return c


def test_the_pod_runs_and_its_shell_lists_both_secrets_in_one_directory_as_the_page_shows():
    c = _started()
    assert c.run("kubectl get pod test-projected-volume").text.splitlines()[1].split()[:4] == \
        ["test-projected-volume", "1/1", "Running", "0"]
    assert c.run("kubectl exec -it test-projected-volume -- /bin/sh").prompt == "/ # "
    # busybox ls writes to the terminal exec -t opened, so the names come in columns (coreutils/ls.c showfiles)
    assert c.run("ls /projected-volume/").text == "password.txt  username.txt\n"
    assert c.run("cat /projected-volume/username.txt /projected-volume/password.txt; echo").text == \
        "admin1f2d1e2e67df\n"
    assert c.run("ls /projected-volume/ | cat").text == "password.txt\nusername.txt\n"  # a pipe: one a line
    assert c.run("echo x > /projected-volume/extra").text == "sh: can't create /projected-volume/extra: Read-only file system\n"
    assert c.run("exit 0").prompt is None


def test_cleaning_up_deletes_the_pod_and_both_secrets():
    c = _started()
    assert c.run("kubectl delete pod test-projected-volume").text == 'pod "test-projected-volume" deleted\n'
    assert c.run("kubectl delete secret user pass").text == 'secret "user" deleted\nsecret "pass" deleted\n'
    assert c.run("kubectl get secret user").text == 'Error from server (NotFound): secrets "user" not found\n'


def test_a_missing_secret_keeps_the_pod_from_starting():
    c = Cluster(seed=3)
    c.run('echo -n "1f2d1e2e67df" > ./password.txt; kubectl create secret generic pass --from-file=./password.txt')
    c.run(f"cat <<EOF | kubectl apply -f -\n{PROJECTED}EOF")
    c.run("sim advance 14s")
    row = c.run("kubectl get pod test-projected-volume").text.splitlines()[1].split()
    assert row[:3] == ["test-projected-volume", "0/1", "ContainerCreating"]
    assert 'MountVolume.SetUp failed for volume "all-in-one" : secret "user" not found' in \
        c.run("kubectl describe pod test-projected-volume").text
