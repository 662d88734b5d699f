"""kubernetes.io tasks/network/customize-hosts-file-for-pods.md typed unchanged.

The kubelet writes each pod's /etc/hosts (pkg/kubelet/kubelet_pods.go managedHostsFileContent): a header,
the IPv4 and IPv6 boilerplate, the pod IP with its hostname, then hostsEntriesFromHostAliases's section
for ``spec.hostAliases``. The page's second pod only cats the file and completes; its log is the file.
"""
from clusters import Cluster

BOILERPLATE = ("# Kubernetes-managed hosts file.\n"
               "127.0.0.1\tlocalhost\n"
               "::1\tlocalhost ip6-localhost ip6-loopback\n"
               "fe00::0\tip6-localnet\n"
               "fe00::0\tip6-mcastprefix\n"
               "fe00::1\tip6-allnodes\n"
               "fe00::2\tip6-allrouters\n")

# The page's service/networking/hostaliases-pod.yaml (JSON-flavoured YAML), the lines this test needs.
HOSTALIASES_POD = """---
{
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name: "hostaliases-pod",
  },
  spec: {
    restartPolicy: "Never",
    hostAliases: [{
      ip: "127.0.0.1",
      hostnames: [
        "foo.local",
        "bar.local",
      ],
    }, {
      ip: "10.1.2.3",
      hostnames: [
        "foo.remote",
        "bar.remote",
      ],
    }],
    containers: [{
      name: "cat-hosts",
      image: "busybox:1.28",
      command: [
        "cat",
      ],
      args: [
        "/etc/hosts",
      ],
    }],
  },
}
"""


def _ip(c, pod):
    return c.run(f"kubectl get pod {pod} -o jsonpath='{{.status.podIP}}'").text


def test_the_default_hosts_file_has_the_boilerplate_and_the_pod_ip_line():
    c = Cluster(seed=3)
    assert c.run("kubectl run nginx --image nginx").text == "pod/nginx created\n"
    c.run("sim advance 20s")
    row = c.run("kubectl get pods --output=wide").text.splitlines()[1].split()
    assert row[:3] == ["nginx", "1/1", "Running"]
    assert row[5] == _ip(c, "nginx")
    assert c.run("kubectl exec nginx -- cat /etc/hosts").text == BOILERPLATE + f"{row[5]}\tnginx\n"


def test_host_aliases_are_added_at_the_bottom_and_the_pod_logs_them():
    c = Cluster(seed=3)
    assert c.run(f"cat <<EOF | kubectl apply -f -\n{HOSTALIASES_POD}EOF").text == "pod/hostaliases-pod created\n"
    c.run("sim advance 20s")
    row = c.run("kubectl get pod --output=wide").text.splitlines()[1].split()
    assert row[:3] == ["hostaliases-pod", "0/1", "Completed"]
    assert c.run("kubectl logs hostaliases-pod").text == (
        BOILERPLATE + f"{_ip(c, 'hostaliases-pod')}\thostaliases-pod\n"
        "\n# Entries added by HostAliases.\n"
        "127.0.0.1\tfoo.local\tbar.local\n"
        "10.1.2.3\tfoo.remote\tbar.remote\n")


def test_a_hostname_and_subdomain_name_the_pod_by_its_fqdn_and_its_hostname_kubelet_pods_go():
    c = Cluster(seed=3)
    c.run("cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: Pod\nmetadata:\n  name: busybox1\nspec:\n"
          "  hostname: busybox-1\n  subdomain: busybox-subdomain\n  containers:\n  - name: busybox\n"
          "    image: busybox:1.28\n    command: [sleep, '3600']\nEOF")
    c.run("sim advance 20s")
    assert c.run("kubectl exec busybox1 -- cat /etc/hosts").text == (
        BOILERPLATE + f"{_ip(c, 'busybox1')}\tbusybox-1.busybox-subdomain.default.svc.cluster.local\tbusybox-1\n")
    # GeneratePodHostNameAndDomain: the sandbox's hostname is spec.hostname, not the pod's name
    assert c.run("kubectl exec busybox1 -- hostname").text == "busybox-1\n"
    assert c.run("kubectl exec busybox1 -- hostname -f").text == "busybox-1.busybox-subdomain.default.svc.cluster.local\n"
    assert c.run("kubectl exec busybox1 -- sh -c 'echo $HOSTNAME'").text == "busybox-1\n"


def test_host_aliases_are_validated_as_ip_addresses_and_dns_subdomains_validation_go():
    c = Cluster(seed=3)
    bad = HOSTALIASES_POD.replace('ip: "10.1.2.3"', 'ip: "10.1.2"').replace('"bar.local"', '"Bar_Local"')
    out = c.run(f"cat <<EOF | kubectl apply -f -\n{bad}EOF")
    assert out.exit_code == 1
    assert out.text == (
        'The Pod "hostaliases-pod" is invalid: \n'
        '* spec.hostAliases[0].hostnames[1]: Invalid value: "Bar_Local": a lowercase RFC 1123 subdomain must consist of '
        "lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character "
        "(e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*"
        "[a-z0-9])?)*')\n"
        '* spec.hostAliases[1].ip: Invalid value: "10.1.2": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)\n')


def test_a_host_network_pod_gets_the_nodes_hosts_file_and_its_hostname_kubelet_pods_go():
    c = Cluster(seed=3)
    c.run("cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: Pod\nmetadata:\n  name: hostnet\nspec:\n"
          "  hostNetwork: true\n  hostAliases:\n  - ip: 10.1.2.3\n    hostnames: [foo.remote]\n  containers:\n"
          "  - name: busybox\n    image: busybox:1.28\n    command: [sleep, '3600']\nEOF")
    c.run("sim advance 20s")
    node, ip = c.run("kubectl get pod hostnet -o jsonpath='{.spec.nodeName} {.status.podIP}'").text.split()
    # nodeHostsFileContent: the header, then the kind node's own file as Docker wrote it, then the aliases
    assert c.run("kubectl exec hostnet -- cat /etc/hosts").text == (
        "# Kubernetes-managed hosts file (host network).\n"
        "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\n"
        "ff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n"
        f"{ip}\t{node}\nfc00:f853:ccd:e793::{ip.rsplit('.', 1)[1]}\t{node}\n"
        "\n# Entries added by HostAliases.\n10.1.2.3\tfoo.remote\n")
    assert c.run("kubectl exec hostnet -- hostname").text == f"{node}\n"
