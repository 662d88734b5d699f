"""A container's own script whose loop waits on the network (shell.Replay, images.resume): each pass
sees the cluster as it is when the pass runs, and the script goes on once the loop ends."""
from clusters import Cluster
from clusters.kubelet import shell


def test_an_until_loop_ends_when_the_service_it_waits_for_appears():
    c = Cluster(seed=5)
    c.run("kubectl run waiter --image=busybox:1.36 --restart=Never -- "
          "sh -c 'until nslookup web > /dev/null 2>&1; do echo waiting; sleep 2; done; echo found web'")
    c.run("sim advance 20s")
    assert set(c.run("kubectl logs waiter").text.splitlines()) == {"waiting"}
    assert c.run("kubectl get pod waiter").text.split()[-3] == "Running"
    c.run("kubectl create service clusterip web --tcp=80")
    c.run("sim advance 5s")
    logs = c.run("kubectl logs waiter").text.splitlines()
    assert logs[-1] == "found web" and set(logs[:-1]) == {"waiting"} and len(logs) > 8
    assert c.run("kubectl get pod waiter").text.split()[-3] == "Completed"
    assert c.bugs == []


def test_only_a_loop_that_can_end_and_asks_the_network_is_replayed():
    env = shell.Env({}, None, "pod", lambda o: "", tools=("wget", "nslookup", "ping"))
    assert shell.waits_on_network(["sh", "-c", "until ping -c 1 peer; do sleep 1; done"], env)
    assert shell.waits_on_network(["sh", "-c", "while true; do wget -q -O- http://x && break; sleep 1; done"], env)
    # The HPA walkthrough's load generator never ends: its passes repeat the one read at its start.
    assert not shell.waits_on_network(["sh", "-c", "while sleep 0.01; do wget -q -O- http://php-apache; done"], env)
    assert not shell.waits_on_network(["sh", "-c", "until curl http://x; do sleep 1; done"], env)  # no curl in busybox
