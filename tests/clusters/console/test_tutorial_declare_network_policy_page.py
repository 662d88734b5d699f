"""kubernetes.io's "Declare Network Policy", typed unchanged into the simulated cluster.

kubernetes/website content/en/docs/tasks/administer-cluster/declare-network-policy.md. The
console host is offline, so the page's nginx-policy.yaml is pasted into a heredoc; the manifest
below is written here to describe the same policy. The simulated cluster is kind v0.26, whose
kindnet enforces NetworkPolicy (kube-network-policies): a connection no policy allows is dropped,
so busybox's ``wget --timeout=1`` gives up with ``download timed out``. Names, ages and addresses
differ from the page (kind's Service range is 10.96.0.0/16).

The page's wget lines are typed at the prompt of the shell ``kubectl run --rm -ti`` opens; the
pod keeps the default restartPolicy Always, so leaving it prints kubectl attach's "Session ended"
hint before ``--rm`` deletes it. Beyond the page, the semantics of network-policies.md (concepts)
are asserted: namespaceSelector, ipBlock, ports, egress isolation cutting off DNS.
"""
import re

from clusters import Cluster

NGINX_POLICY = """apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: access-nginx
spec:
  podSelector:
    matchLabels:
      app: nginx
  ingress:
  - from:
    - podSelector:
        matchLabels:
          access: "true"
"""


def _nginx(seed: int = 3) -> Cluster:
    c = Cluster(seed=seed)
    assert c.run("kubectl create deployment nginx --image=nginx").text == "deployment.apps/nginx created\n"
    assert c.run("kubectl expose deployment nginx --port=80").text == "service/nginx exposed\n"
    c.run("sim advance 30s")
    return c


def _wget_from_busybox(c: Cluster, run: str) -> str:
    out = c.run(run)
    assert (out.text, out.prompt) == ("If you don't see a command prompt, try pressing enter.\n", "/ # ")
    text = c.run("wget --spider --timeout=1 nginx").text
    out = c.run("exit")
    assert out.text == ("Session ended, resume using 'kubectl attach busybox -c busybox -i -t' command when the pod "
                        "is running\n" 'pod "busybox" deleted\n')
    return text


def test_it_walks_the_page_from_open_access_to_the_access_label():
    c = _nginx()
    lines = c.run("kubectl get svc,pod").text.splitlines()
    assert lines[0].split() == ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"]
    assert lines[2].split()[:5] == ["service/nginx", "ClusterIP", c.get("services", "nginx")["spec"]["clusterIP"],
                                    "<none>", "80/TCP"]
    assert re.fullmatch(r"pod/nginx-[a-z0-9]+-[a-z0-9]{5} +1/1 +Running +0 +30s", lines[5])
    ip = c.get("services", "nginx")["spec"]["clusterIP"]

    busybox = "kubectl run busybox --rm -ti --image=busybox -- /bin/sh"
    assert _wget_from_busybox(c, busybox) == f"Connecting to nginx ({ip}:80)\nremote file exists\n"

    assert c.run(f"cat <<EOF | kubectl apply -f -\n{NGINX_POLICY}EOF").text == \
        "networkpolicy.networking.k8s.io/access-nginx created\n"
    # Without the label the connection is dropped: wget gives up after its one-second timeout.
    before = c.clock.now
    assert _wget_from_busybox(c, busybox) == f"Connecting to nginx ({ip}:80)\nwget: download timed out\n"
    assert c.clock.now - before >= 1

    labelled = 'kubectl run busybox --rm -ti --labels="access=true" --image=busybox -- /bin/sh'
    assert _wget_from_busybox(c, labelled) == f"Connecting to nginx ({ip}:80)\nremote file exists\n"


def test_the_api_server_defaults_the_policy_and_describe_says_how_it_reads():
    c = _nginx()
    c.run(f"cat <<EOF | kubectl apply -f -\n{NGINX_POLICY}EOF")
    # pkg/apis/networking/v1/defaults.go: policyTypes [Ingress] when none is given
    assert c.get("networkpolicies", "access-nginx")["spec"]["policyTypes"] == ["Ingress"]
    assert c.run("kubectl get networkpolicy").text == "NAME           POD-SELECTOR   AGE\naccess-nginx   app=nginx      0s\n"
    created = c.get("networkpolicies", "access-nginx")["metadata"]["creationTimestamp"]
    # describe.go describeNetworkPolicy, the page's "when in doubt, use kubectl describe"
    assert c.run("kubectl describe networkpolicy access-nginx").text == (
        "Name:         access-nginx\n"
        "Namespace:    default\n"
        f"Created on:   {created[:10]} {created[11:19]} +0000 UTC\n"
        "Labels:       <none>\n"
        "Annotations:  <none>\n"
        "Spec:\n"
        "  PodSelector:     app=nginx\n"
        "  Allowing ingress traffic:\n"
        "    To Port: <any> (traffic allowed to all ports)\n"
        "    From:\n"
        "      PodSelector: access=true\n"
        "  Not affecting egress traffic\n"
        "  Policy Types: Ingress\n")


def _exec_wget(c: Cluster, pod: str, target: str, ns: str = "default") -> str:
    return c.run(f"kubectl exec -n {ns} {pod} -- wget --spider -T 1 {target}").text


def test_namespace_selectors_ports_and_ip_blocks_follow_the_concepts_page():
    c = _nginx()
    c.run("kubectl create namespace other")
    c.run("kubectl run client -n other --image=busybox -- sleep 3600")
    c.run("kubectl run client --image=busybox -- sleep 3600")
    c.run("sim advance 20s")
    ip = c.get("services", "nginx")["spec"]["clusterIP"]
    ok = f"Connecting to nginx.default ({ip}:80)\nremote file exists\n"
    dropped = f"Connecting to nginx.default ({ip}:80)\nwget: download timed out\ncommand terminated with exit code 1\n"
    c.run("""cat <<EOF | kubectl apply -f -
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: from-team-a
spec:
  podSelector: {}
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          team: a
    ports:
    - port: 80
EOF""")
    assert _exec_wget(c, "client", "nginx.default", "other") == dropped
    c.run("kubectl label namespace other team=a")
    assert _exec_wget(c, "client", "nginx.default", "other") == ok
    assert _exec_wget(c, "client", "nginx.default") == dropped  # default is not labelled team=a

    # An ipBlock holding the client pod's address lets it in; "except" carves it back out.
    client_ip = c.get("pods", "client")["status"]["podIP"]
    c.run(f"""cat <<EOF | kubectl apply -f -
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: from-block
spec:
  podSelector:
    matchLabels:
      app: nginx
  ingress:
  - from:
    - ipBlock:
        cidr: 10.244.0.0/16
        except:
        - {client_ip}/32
EOF""")
    assert _exec_wget(c, "client", "nginx.default") == dropped
    c.run("kubectl patch networkpolicy from-block --type=json -p '[{\"op\":\"remove\",\"path\":\"/spec/ingress/0/from/0/ipBlock/except\"}]'")
    assert _exec_wget(c, "client", "nginx.default") == ok
    # A rule for another port allows nothing on port 80.
    c.run("kubectl delete networkpolicy from-block")
    c.run("""kubectl patch networkpolicy from-team-a --type=json -p '[{"op":"replace","path":"/spec/ingress/0/ports/0/port","value":8080}]'""")
    assert _exec_wget(c, "client", "nginx.default", "other") == dropped


def test_a_default_deny_egress_policy_cuts_the_pod_off_from_dns_too():
    c = _nginx()
    c.run("kubectl run client --image=busybox -- sleep 3600")
    c.run("sim advance 20s")
    c.run("""cat <<EOF | kubectl apply -f -
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-egress
spec:
  podSelector: {}
  policyTypes:
  - Egress
EOF""")
    assert c.run("kubectl describe netpol default-deny-egress").text.endswith(
        "  PodSelector:     <none> (Allowing the specific traffic to all pods in this namespace)\n"
        "  Not affecting ingress traffic\n"
        "  Allowing egress traffic:\n"
        "    <none> (Selected pods are isolated for egress connectivity)\n"
        "  Policy Types: Egress\n")
    # The query to CoreDNS is dropped: busybox's resolver gives up and wget names no address.
    assert _exec_wget(c, "client", "nginx") == "wget: bad address 'nginx'\ncommand terminated with exit code 1\n"
    ip = c.get("services", "nginx")["spec"]["clusterIP"]
    assert _exec_wget(c, "client", ip) == f"Connecting to {ip} ({ip}:80)\nwget: download timed out\n" \
                                          "command terminated with exit code 1\n"


def test_the_api_server_refuses_a_policy_validation_go_refuses():
    c = Cluster(seed=3)
    out = c.run("""cat <<EOF | kubectl apply -f -
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: bad
spec:
  podSelector: {}
  policyTypes: [ingress]
  ingress:
  - from:
    - ipBlock:
        cidr: 10.0.0.0/33
    - {}
    - ipBlock:
        cidr: 10.0.0.0/8
        except: [192.168.0.0/16]
      podSelector: {}
    ports:
    - port: 70000
      endPort: 10
    - port: http_x
EOF""")
    # pkg/apis/networking/validation/validation.go ValidateNetworkPolicySpec, in its order
    assert out.text == (
        'The NetworkPolicy "bad" is invalid: \n'
        "* spec.ingress[0].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive\n"
        "* spec.ingress[0].ports[0].endPort: Invalid value: 10: must be greater than or equal to `port`\n"
        '* spec.ingress[0].ports[1].port: Invalid value: "http_x": must contain only alpha-numeric characters '
        "(a-z, 0-9), and hyphens (-)\n"
        '* spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.0/33": not a valid CIDR\n'
        "* spec.ingress[0].from[1]: Required value: must specify a peer\n"
        '* spec.ingress[0].from[2].ipBlock.except[0]: Invalid value: "192.168.0.0/16": must be a strict subset of '
        "`cidr`\n"
        "* spec.ingress[0].from[2]: Forbidden: may not specify both ipBlock and another peer\n"
        '* spec.policyTypes[0]: Unsupported value: "ingress": supported values: "Ingress", "Egress"\n')
    assert out.exit_code == 1


def test_ping_is_answered_only_through_a_rule_that_names_no_ports():
    c = _nginx()
    c.run("kubectl run client --image=busybox -- sleep 3600")
    c.run("sim advance 20s")
    nginx_ip = next(p for p in c.api.list("pods") if p["metadata"]["name"].startswith("nginx-"))["status"]["podIP"]
    ping = f"kubectl exec client -- ping -c 1 -W 1 {nginx_ip}"
    assert "1 packets received" in c.run(ping).text
    c.run(f"cat <<EOF | kubectl apply -f -\n{NGINX_POLICY}EOF")
    assert "0 packets received, 100% packet loss" in c.run(ping).text
    c.run("kubectl label pod client access=true")
    assert "1 packets received" in c.run(ping).text
    # a rule for TCP port 80 lets wget through but not ICMP
    c.run("""kubectl patch networkpolicy access-nginx --type=json -p '[{"op":"add","path":"/spec/ingress/0/ports","value":[{"port":80}]}]'""")
    assert "0 packets received" in c.run(ping).text
    assert c.run("kubectl exec client -- wget --spider -T 1 nginx").text.endswith("remote file exists\n")
