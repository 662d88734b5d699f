"""kubernetes.io tasks/configure-pod-container/configure-pod-initialization.md and
tasks/debug/debug-application/debug-init-containers.md typed unchanged.

The first page's init container fetches a page from the Internet (``wget -O
/work-dir/index.html http://info.cern.ch`` with ``dnsPolicy: Default``). The simulated cluster
has no route to the Internet, so, typed unchanged, the page shows what a cluster without one
shows: busybox's ``wget: bad address``, ``Init:Error``, then ``Init:CrashLoopBackOff``, which
the second page explains. The same pod with an init container that writes the page itself
shows the rest of the first page: nginx serving what the init container wrote. The page's
``apt-get update`` / ``apt-get install curl`` are out of scope (no package manager here, and
none is needed: docker-nginx's image ships curl).

A completed init container reports ``ready: true`` (prober_manager.go UpdatePodStatus), as the
second page's describe shows.
"""
from __future__ import annotations

from clusters import Cluster

INIT_DEMO = """apiVersion: v1
kind: Pod
metadata:
  name: init-demo
spec:
  containers:
  - name: nginx
    image: nginx
    ports:
    - containerPort: 80
    volumeMounts:
    - name: workdir
      mountPath: /usr/share/nginx/html
  initContainers:
  - name: install
    image: busybox:1.28
    command: {command}
    volumeMounts:
    - name: workdir
      mountPath: "/work-dir"
  dnsPolicy: Default
  volumes:
  - name: workdir
    emptyDir: {{}}
"""
FETCH = '["wget", "-O", "/work-dir/index.html", "http://info.cern.ch"]'
WRITE = """["sh", "-c", "echo '<p>Kubernetes is open source</p>' > /work-dir/index.html"]"""

# Two init containers for the debugging page: the first completes, the second fails with a trace.
TWO_INITS = """apiVersion: v1
kind: Pod
metadata:
  name: nginx
spec:
  containers:
  - name: nginx
    image: nginx:1.27
  initContainers:
  - name: init-config
    image: busybox:1.28
    command: ['sh', '-c', 'echo config ready; sleep 2']
  - name: init-db
    image: busybox:1.28
    command: ['sh', '-c', 'echo waiting for mydb; nslookup mydb; exit 1']
"""


def _applied(manifest: str, name: str) -> Cluster:
    c = Cluster(seed=3)
    assert c.run(f"cat <<'EOF' > {name}.yaml\n{manifest}EOF").text == ""
    assert c.run(f"kubectl apply -f {name}.yaml").exit_code == 0
    return c


def _status(c, pod: str) -> list[str]:
    return c.run(f"kubectl get pod {pod}").text.splitlines()[1].split()


def test_typed_unchanged_the_init_container_cannot_reach_the_internet():
    c = _applied(INIT_DEMO.format(command=FETCH), "init-containers")
    assert _status(c, "init-demo")[:3] == ["init-demo", "0/1", "Init:0/1"]
    c.run("sim advance 20s")
    assert _status(c, "init-demo")[:3] == ["init-demo", "0/1", "Init:CrashLoopBackOff"]
    assert c.run("kubectl logs init-demo -c install").text == "wget: bad address 'info.cern.ch'\n"
    out = c.run("kubectl exec -it init-demo -- /bin/bash")
    assert out.text == ('Defaulted container "nginx" out of: nginx, install (init)\n'
                        'Error from server (BadRequest): unable to upgrade connection: container not found ("nginx")\n')
    assert out.exit_code == 1


def test_nginx_serves_what_the_init_container_wrote_to_the_shared_volume():
    c = _applied(INIT_DEMO.format(command=WRITE), "init-containers")
    c.run("sim advance 20s")
    assert _status(c, "init-demo")[:4] == ["init-demo", "1/1", "Running", "0"]
    out = c.run("kubectl exec -it init-demo -- /bin/bash")
    assert out.prompt == "root@init-demo:/# "
    assert c.run("curl localhost").text == "<p>Kubernetes is open source</p>\n"
    assert c.run("exit").exit_code == 0
    assert c.run("kubectl get pod init-demo -o jsonpath='{.status.initContainerStatuses[0].ready}'").text == "true"


def test_the_status_column_walks_through_init_n_of_m_error_and_crash_loop_back_off():
    c = _applied(TWO_INITS, "init")
    seen = []
    for _ in range(40):
        status = _status(c, "nginx")[2]
        if not seen or seen[-1] != status:
            seen.append(status)
        c.run("sim advance 1s")
    # Init:Error shows between a failed run and the back-off only if a sample falls there
    assert seen[:2] == ["Init:0/2", "Init:1/2"]
    assert "Init:CrashLoopBackOff" in seen
    assert set(seen) <= {"Init:0/2", "Init:1/2", "Init:Error", "Init:CrashLoopBackOff", "Init:ContainerCreating"}


def test_describe_shows_each_init_containers_state_as_the_debugging_page_does():
    c = _applied(TWO_INITS, "init")
    c.run("sim advance 60s")
    text = c.run("kubectl describe pod nginx").text
    init = text[text.index("Init Containers:\n"):text.index("\nContainers:\n")]
    first, second = init.split("  init-db:\n")
    assert "    State:          Terminated\n      Reason:       Completed\n      Exit Code:    0\n" in first
    assert "    Ready:          True\n    Restart Count:  0\n" in first
    assert ("    State:          Waiting\n      Reason:       CrashLoopBackOff\n"
            "    Last State:     Terminated\n      Reason:       Error\n      Exit Code:    1\n") in second
    assert "    Ready:          False\n    Restart Count:  3\n" in second
    assert "    State:          Waiting\n      Reason:       PodInitializing\n" in text[text.index("\nContainers:\n"):]


def test_the_init_container_statuses_through_a_go_template_and_the_failing_ones_logs():
    c = _applied(TWO_INITS, "init")
    c.run("sim advance 60s")
    out = c.run("kubectl get pod nginx --template '{{.status.initContainerStatuses}}'").text
    # text/template prints the list as fmt's %v: maps with sorted keys
    assert out.startswith("[map[containerID:containerd://")
    assert " name:init-config ready:true restartCount:0 started:false state:map[terminated:map[" in out
    assert " name:init-db ready:false restartCount:3 started:false state:map[waiting:map[message:back-off 40s" in out
    assert not out.endswith("\n")
    # the failing container's own account of what it did, from its last run
    assert c.run("kubectl logs nginx -c init-db").text == (
        "waiting for mydb\nServer:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n"
        "** server can't find mydb: NXDOMAIN\n\n")
    assert c.run("kubectl logs nginx -c init-config").text == "config ready\n"
