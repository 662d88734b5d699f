"""kubernetes.io's "Using Source IP", typed unchanged into the simulated cluster.

kubernetes/website content/en/docs/tutorials/services/source-ip.md. The simulated cluster is a
kind cluster with kube-proxy in iptables mode: from a pod, a ClusterIP keeps the client's
address; a NodePort with externalTrafficPolicy Cluster masquerades it (the server sees the
receiving node's InternalIP, or the gateway of that node's pod range when the endpoint is on
it, the page's 10.180.1.1-like address); with Local only the node holding the endpoint answers,
with the console host's own address (kind's Docker gateway, 172.18.0.1), and the others drop the
packet, so ``curl --connect-timeout 1`` prints nothing for them.

kind's nodes have no ExternalIP, so the page's ExternalIP lookups find nothing and a learner
uses the InternalIPs; a LoadBalancer's EXTERNAL-IP stays <pending> (no cloud provider), but its
healthCheckNodePort is allocated and kube-proxy answers on it on every node, as the page shows.
Out of reach: busybox's ``ip addr`` (the shell has no ``ip``) and ``curl localhost:10249/proxyMode``
run on a node.
"""
import json
import re

from clusters import Cluster

FOR_NODES = "for node in $NODES; do curl -s $node:$NODEPORT | grep -i client_address; done"
FOR_NODES_LOCAL = "for node in $NODES; do curl --connect-timeout 1 -s $node:$NODEPORT | grep -i client_address; done"


def _app(c: Cluster) -> Cluster:
    assert c.run("kubectl create deployment source-ip-app --image=registry.k8s.io/echoserver:1.10").text == \
        "deployment.apps/source-ip-app created\n"
    c.run("sim advance 30s")
    return c


def _pod(c: Cluster) -> dict:
    return next(p for p in c.api.list("pods") if p["metadata"]["name"].startswith("source-ip-app-"))


def test_a_cluster_ip_keeps_the_client_pods_address():
    c = _app(Cluster(seed=3))
    assert c.run("kubectl expose deployment source-ip-app --name=clusterip --port=80 --target-port=8080").text == \
        "service/clusterip exposed\n"
    ip = c.get("services", "clusterip")["spec"]["clusterIP"]
    assert c.run("kubectl get svc clusterip").text.splitlines()[1].split()[:5] == \
        ["clusterip", "ClusterIP", ip, "<none>", "80/TCP"]
    out = c.run("kubectl run busybox -it --image=busybox:1.28 --restart=Never --rm")
    assert out.prompt == "/ # "
    busybox_ip = c.get("pods", "busybox")["status"]["podIP"]
    page = c.run(f"wget -qO - {ip}").text
    pod = _pod(c)
    # echoserver 1.10's page, for busybox wget's request
    assert page == (
        f"\n\nHostname: {pod['metadata']['name']}\n\nPod Information:\n\t-no pod information available-\n\n"
        "Server values:\n\tserver_version=nginx: 1.13.3 - lua: 10008\n\n"
        f"Request Information:\n\tclient_address={busybox_ip}\n\tmethod=GET\n\treal path=/\n\tquery=\n"
        f"\trequest_version=1.1\n\trequest_scheme=http\n\trequest_uri=http://{ip}:8080/\n\n"
        f"Request Headers:\n\tconnection=close\n\thost={ip}\n\tuser-agent=Wget\n\n"
        "Request Body:\n\t-no body in request-\n\n")
    assert c.run("exit").text == 'pod "busybox" deleted\n'


def _nodeport(c: Cluster) -> tuple[list[str], int]:
    assert c.run("kubectl expose deployment source-ip-app --name=nodeport --port=80 --target-port=8080 "
                 "--type=NodePort").text == "service/nodeport exposed\n"
    c.run('NODEPORT=$(kubectl get -o jsonpath="{.spec.ports[0].nodePort}" services nodeport)')
    # kind's nodes have no ExternalIP: the page's lookup is empty, so the InternalIPs stand in for it.
    assert c.run("kubectl get nodes -o yaml | grep ExternalIP -C 1").exit_code == 1
    assert c.run("""NODES=$(kubectl get nodes -o jsonpath='{ $.items[*].status.addresses[?(@.type=="ExternalIP")].address }'); echo "[$NODES]" """).text == "[]\n"
    c.run("""NODES=$(kubectl get nodes -o jsonpath='{ $.items[*].status.addresses[?(@.type=="InternalIP")].address }')""")
    nodes = c.run("echo $NODES").text.split()
    return nodes, int(c.run("echo $NODEPORT").text)


def test_a_node_port_masquerades_the_client_until_the_policy_is_local():
    c = _app(Cluster(seed=3))
    nodes, _ = _nodeport(c)
    pod = _pod(c)
    home = pod["spec"]["nodeName"]
    by_ip = {n["status"]["addresses"][0]["address"]: n for n in c.api.list("nodes")}
    assert sorted(by_ip) == sorted(nodes)
    gateway = re.sub(r"\.0/24$", ".1", c.get("nodes", home)["spec"]["podCIDR"])
    # Each node SNATs to itself; the node holding the endpoint to its side of the pod's veth.
    expected = "".join(f"\tclient_address={gateway if by_ip[n]['metadata']['name'] == home else n}\n" for n in nodes)
    assert c.run(FOR_NODES).text == expected

    assert c.run("""kubectl patch svc nodeport -p '{"spec":{"externalTrafficPolicy":"Local"}}'""").text == \
        "service/nodeport patched\n"
    before = c.clock.now
    out = c.run(FOR_NODES_LOCAL)
    # only the endpoint's node answers, with the real client address; the others drop the packets
    assert out.text == "\tclient_address=172.18.0.1\n"
    assert c.clock.now - before >= len(nodes) - 1
    # curl itself says why, once -s is gone
    other = next(n for n in nodes if by_ip[n]["metadata"]["name"] != home)
    port = c.run("echo $NODEPORT").text.strip()
    assert re.fullmatch(rf"curl: \(28\) Failed to connect to {other} port {port} after 100\d ms: Timeout was reached\n",
                        c.run(f"curl --connect-timeout 1 {other}:{port}").text)


def test_a_local_load_balancer_gets_a_health_check_node_port_kube_proxy_answers():
    c = _app(Cluster(seed=3))
    assert c.run("kubectl expose deployment source-ip-app --name=loadbalancer --port=80 --target-port=8080 "
                 "--type=LoadBalancer").text == "service/loadbalancer exposed\n"
    assert c.run("kubectl get svc loadbalancer").text.splitlines()[1].split()[3] == "<pending>"
    assert "healthCheckNodePort" not in c.get("services", "loadbalancer")["spec"]
    assert c.run("""kubectl patch svc loadbalancer -p '{"spec":{"externalTrafficPolicy":"Local"}}'""").text == \
        "service/loadbalancer patched\n"
    hc = c.get("services", "loadbalancer")["spec"]["healthCheckNodePort"]
    assert 30000 <= hc <= 32767
    assert c.run("kubectl get svc loadbalancer -o yaml | grep -i healthCheckNodePort").text == \
        f"  healthCheckNodePort: {hc}\n"
    home = _pod(c)["spec"]["nodeName"]
    for node in c.api.list("nodes"):
        ip = node["status"]["addresses"][0]["address"]
        local = 1 if node["metadata"]["name"] == home else 0
        out = c.run(f"curl -s -i {ip}:{hc}/healthz").text
        head, _, body = out.partition("\r\n\r\n")
        assert head.splitlines()[0] == ("HTTP/1.1 200 OK" if local else "HTTP/1.1 503 Service Unavailable")
        assert f"X-Load-Balancing-Endpoint-Weight: {local}" in head
        # pkg/proxy/healthcheck/service_health.go: the dedented JSON, no final newline
        assert json.loads(body) == {"service": {"namespace": "default", "name": "loadbalancer"},
                                    "localEndpoints": local, "serviceProxyHealthy": True}
        assert body.startswith('{\n\t"service": {\n') and body.endswith("\n}")
    # back to Cluster: the port goes back to the allocator and leaves the spec
    c.run("""kubectl patch svc loadbalancer -p '{"spec":{"externalTrafficPolicy":"Cluster"}}'""")
    assert "healthCheckNodePort" not in c.get("services", "loadbalancer")["spec"]

    assert c.run("kubectl delete svc -l app=source-ip-app").text == 'service "loadbalancer" deleted\n'
    assert c.run("kubectl delete deployment source-ip-app").text == 'deployment.apps "source-ip-app" deleted\n'


def test_the_older_echoserver_prints_its_client_values_page():
    c = Cluster(seed=3)
    c.run("kubectl create deployment source-ip-app --image=k8s.gcr.io/echoserver:1.4")
    c.run("sim advance 30s")
    c.run("kubectl expose deployment source-ip-app --name=nodeport --port=80 --target-port=8080 --type=NodePort")
    node = c.get("nodes", _pod(c)["spec"]["nodeName"])
    ip = node["status"]["addresses"][0]["address"]
    port = c.get("services", "nodeport")["spec"]["ports"][0]["nodePort"]
    gateway = re.sub(r"\.0/24$", ".1", node["spec"]["podCIDR"])
    assert c.run(f"curl -s {ip}:{port}").text == (
        f"CLIENT VALUES:\nclient_address={gateway}\ncommand=GET\nreal path=/\nquery=nil\nrequest_version=1.1\n"
        f"request_uri=http://{ip}:8080/\n\nSERVER VALUES:\nserver_version=nginx: 1.10.0 - lua: 10001\n\n"
        f"HEADERS RECEIVED:\naccept=*/*\nhost={ip}:{port}\nuser-agent=curl/8.11.1\nBODY:\n-no body in request-")
