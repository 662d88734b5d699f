"""Two kubernetes.io troubleshooting pages, typed unchanged into the simulated cluster.

- kubernetes/website content/en/docs/tasks/debug/debug-application/debug-service.md
- kubernetes/website content/en/docs/tasks/administer-cluster/dns-debugging-resolution.md

What the pages run "from within a pod" is typed at the prompt of the busybox shell the page
opens (``kubectl run -it --rm --restart=Never busybox ... sh``), left with ``exit`` (which
deletes the pod) before the next kubectl step, as one terminal allows, with the pods' addresses
pasted as a learner would paste them; dnsutils' tools run through ``kubectl exec``. The
pages' outputs come from several tools and eras; asserted here is what each image of the page
prints: Kubernetes' own busybox (1.24) has the old nslookup applet, jessie-dnsutils has BIND's,
and busybox's wget says ``bad address`` where the page shows GNU wget's words. What the pages run
on a node (``ps``, ``iptables-save``, ``ipvsadm``, ``nslookup NAME 10.0.0.10``, kube-proxy's and
the kubelet's logs) is out of reach: the console is not a node. So is the CoreDNS ``log`` plugin:
the Corefile is the one kind installs, but CoreDNS does not log the queries it answers.
"""
import re

from clusters import Cluster

DNSUTILS = """apiVersion: v1
kind: Pod
metadata:
  name: dnsutils
  namespace: default
spec:
  restartPolicy: Always
  containers:
  - name: dnsutils
    image: registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3
    imagePullPolicy: IfNotPresent
    command: ["sleep", "infinity"]
"""

HOSTNAME = re.compile(r"hostnames-[a-z0-9]+-[a-z0-9]{5}")
POD_IPS = """kubectl get pods -l app=hostnames \\
    -o go-template='{{range .items}}{{.status.podIP}}{{"\\n"}}{{end}}'"""


BUSYBOX = "kubectl run -it --rm --restart=Never busybox --image=gcr.io/google-containers/busybox sh"


def _hostnames() -> Cluster:
    c = Cluster(seed=3)
    assert c.run("kubectl create deployment hostnames --image=registry.k8s.io/serve_hostname").text == \
        "deployment.apps/hostnames created\n"
    assert c.run("kubectl scale deployment hostnames --replicas=3").text == "deployment.apps/hostnames scaled\n"
    c.run("sim advance 30s")
    return c


def _busybox(c: Cluster) -> None:
    """The page's shell in a pod: its prompt is busybox's."""
    out = c.run(BUSYBOX)
    assert (out.text, out.prompt) == ("If you don't see a command prompt, try pressing enter.\n", "/ # ")


def test_it_walks_debug_services_from_the_pods_to_the_service_by_name_and_ip():
    c = _hostnames()
    pods = [r.split() for r in c.run("kubectl get pods -l app=hostnames").text.splitlines()[1:]]
    assert [p[1:4] for p in pods] == [["1/1", "Running", "0"]] * 3
    ips = c.run(POD_IPS).text.split()
    assert len(ips) == 3 and all(re.fullmatch(r"10\.244\.\d+\.\d+", ip) for ip in ips)
    # each pod serves its own hostname on 9376 (with no newline after it: the page's lines are its own)
    _busybox(c)
    loop = "for ep in %s; do wget -qO- $ep; done" % " ".join(f"{ip}:9376" for ip in ips)
    assert sorted(HOSTNAME.findall(c.run(loop).text)) == sorted(p[0] for p in pods)

    # Does the Service exist? Not yet.
    out = c.run("wget -O- hostnames")
    assert (out.text, out.exit_code, out.prompt) == ("wget: bad address 'hostnames'\n", 1, "/ # ")
    # exit keeps wget's status: the pod fails, --rm deletes it, and run.go reports the failure
    out = c.run("exit")
    assert (out.text, out.exit_code, out.prompt) == \
        ('pod "busybox" deleted\npod default/busybox terminated (Error)\n', 1, None)
    assert c.run("kubectl get svc hostnames").text == 'Error from server (NotFound): services "hostnames" not found\n'
    assert c.run("kubectl expose deployment hostnames --port=80 --target-port=9376").text == "service/hostnames exposed\n"
    row = c.run("kubectl get svc hostnames").text.splitlines()[1].split()
    assert row[:2] == ["hostnames", "ClusterIP"] and row[3:5] == ["<none>", "80/TCP"]
    ip = row[2]

    # Does the Service work by DNS name? (the old busybox applet, as the page prints it)
    _busybox(c)
    for name in ("hostnames", "hostnames.default", "hostnames.default.svc.cluster.local"):
        assert c.run(f"nslookup {name}").text == (
            "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n"
            f"Name:      {name}\nAddress 1: {ip} hostnames.default.svc.cluster.local\n")
    assert c.run("cat /etc/resolv.conf").text == \
        "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n"
    assert c.run("nslookup kubernetes.default").text.endswith(
        "Name:      kubernetes.default\nAddress 1: 10.96.0.1 kubernetes.default.svc.cluster.local\n")

    # Does the Service work by IP? kube-proxy spreads the connections over the three pods.
    answers = HOSTNAME.findall(c.run(f"for i in $(seq 1 3); do wget -qO- {ip}:80; done").text)
    assert len(answers) == 3 and set(answers) <= {p[0] for p in pods}
    assert c.run("exit").text == 'pod "busybox" deleted\n'

    service = c.run("kubectl get service hostnames -o json").text
    assert '"targetPort": 9376' in service and '"selector": {\n            "app": "hostnames"\n        }' in service
    endpoints = c.run("kubectl get endpoints hostnames").text.splitlines()[1].split()
    assert endpoints[0] == "hostnames" and sorted(endpoints[1].split(",")) == sorted(f"{i}:9376" for i in ips)
    # the node-side checks are not the console's to run
    assert c.run("iptables-save | grep hostnames").text == "bash: iptables-save: command not found\n"


def test_it_debugs_dns_resolution_from_the_dnsutils_pod():
    c = Cluster(seed=3)
    assert c.run(f"cat <<EOF | kubectl apply -f -\n{DNSUTILS}EOF").text == "pod/dnsutils created\n"
    c.run("sim advance 20s")
    assert c.run("kubectl get pods dnsutils").text.splitlines()[1].split()[:4] == ["dnsutils", "1/1", "Running", "0"]
    # BIND's nslookup (jessie-dnsutils), not the busybox applet the page's output came from
    assert c.run("kubectl exec -i -t dnsutils -- nslookup kubernetes.default").text == (
        "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n"
        "Name:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n\n")
    assert c.run("kubectl exec -ti dnsutils -- cat /etc/resolv.conf").text == \
        "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n"

    coredns = [r.split() for r in c.run("kubectl get pods --namespace=kube-system -l k8s-app=kube-dns").text.splitlines()[1:]]
    assert len(coredns) == 2 and all(p[0].startswith("coredns-") and p[1:3] == ["1/1", "Running"] for p in coredns)
    logs = c.run("kubectl logs --namespace=kube-system -l k8s-app=kube-dns").text
    assert logs.count(".:53\n") == 2 and "CoreDNS-1.11.3\n" in logs and "plugin/reload: Running configuration SHA512 = " in logs
    svc = [r.split() for r in c.run("kubectl get svc --namespace=kube-system").text.splitlines()]
    assert ["kube-dns", "ClusterIP", "10.96.0.10", "<none>", "53/UDP,53/TCP,9153/TCP"] in [r[:5] for r in svc]
    endpoints = c.run("kubectl get endpoints kube-dns --namespace=kube-system").text.splitlines()[1]
    assert re.match(r"kube-dns +10\.244\.\d+\.\d+:53,10\.244\.\d+\.\d+:53,10\.244\.\d+\.\d+:53 \+ 3 more\.\.\.", endpoints)
    corefile = c.run("kubectl -n kube-system get configmap coredns -o jsonpath='{.data.Corefile}'").text
    assert "kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure\n" in corefile

    # Are you in the right namespace for the service?
    c.run("kubectl create namespace other")
    c.run("kubectl -n other create deployment web --image=nginx")
    c.run("kubectl -n other expose deployment web --port=80")
    assert c.run("kubectl exec -i -t dnsutils -- nslookup web").text == (
        "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n** server can't find web: NXDOMAIN\n\n"
        "command terminated with exit code 1\n")
    assert "Name:\tweb.other.svc.cluster.local\n" in c.run("kubectl exec -i -t dnsutils -- nslookup web.other").text


def test_without_coredns_the_lookups_fail_as_the_pages_show():
    c = _hostnames()
    c.run(f"cat <<EOF | kubectl apply -f -\n{DNSUTILS}EOF")
    c.run("kubectl -n kube-system scale deployment coredns --replicas=0")
    c.run("sim advance 40s")
    _busybox(c)
    out = c.run("nslookup kubernetes.default")
    assert (out.text, out.exit_code) == (
        "Server:    10.96.0.10\nAddress 1: 10.96.0.10\n\nnslookup: can't resolve 'kubernetes.default'\n", 1)
    # Ctrl-D leaves busybox's shell with nslookup's status: the pod failed
    assert c.run("\x04").text == '\npod "busybox" deleted\npod default/busybox terminated (Error)\n'
    assert c.run("kubectl exec -i -t dnsutils -- nslookup kubernetes.default").text == \
        ";; connection timed out; no servers could be reached\n\ncommand terminated with exit code 1\n"
    assert c.run("kubectl get endpoints kube-dns --namespace=kube-system").text.splitlines()[1].split()[:2] == \
        ["kube-dns", "<none>"]
