"""The /etc/hosts the kubelet writes for a pod, and the hostname it gives it (pkg/kubelet/kubelet_pods.go, 1.32).

ensureHostsFile bind-mounts one file per pod; its content is a function of the pod's spec and IP, so it is
made when read rather than stored per container. A pod on the host network gets the node's file under
its own header (nodeHostsFileContent) and the node's hostname.
"""

HEADER = "# Kubernetes-managed hosts file.\n"
HEADER_HOST_NETWORK = "# Kubernetes-managed hosts file (host network).\n"
# The IPv6 subnet kind gives its Docker network (kind pkg/cluster/internal/providers/docker/network.go).
KIND_IPV6_PREFIX = "fc00:f853:ccd:e793::"
# managedHostsFileContent's IPv4 and IPv6 boilerplate, in its order.
BOILERPLATE = ("127.0.0.1\tlocalhost\n"
               "::1\tlocalhost ip6-localhost ip6-loopback\n"
               "fe00::0\tip6-localnet\n"
               "fe00::0\tip6-mcastprefix\n"
               "fe00::1\tip6-allnodes\n"
               "fe00::2\tip6-allrouters\n")


def managed_hosts_file(spec: dict, name: str, namespace: str, ip: str, cluster_domain: str = "cluster.local") -> str:
    """managedHostsFileContent: the pod IP names the pod's hostname (GeneratePodHostNameAndDomain: spec.hostname,
    else the pod's name cut to 63 characters), as ``IP HOST.SUBDOMAIN.NS.svc.DOMAIN HOST`` when it has a subdomain,
    then hostsEntriesFromHostAliases."""
    if spec.get("hostNetwork"):
        # nodeHostsFileContent: the node's own file (kind's node is a Docker container) under its own header
        return HEADER_HOST_NETWORK + node_hosts_file(spec.get("nodeName") or "", ip) + \
            host_alias_entries(spec.get("hostAliases") or [])
    host = hostname(spec, name)
    sub = spec.get("subdomain")
    own = f"{host}.{sub}.{namespace}.svc.{cluster_domain}\t{host}" if sub else host
    text = HEADER + BOILERPLATE + (f"{ip}\t{own}\n" if ip else "")
    return text + host_alias_entries(spec.get("hostAliases") or [])


def host_alias_entries(aliases: list) -> str:
    """hostsEntriesFromHostAliases: a blank line, a comment, then each alias's IP with its names tab-separated."""
    if not aliases:
        return ""
    lines = "".join(f"{a.get('ip', '')}\t{chr(9).join(a.get('hostnames') or [])}\n" for a in aliases)
    return "\n# Entries added by HostAliases.\n" + lines


def hostname(spec: dict, name: str) -> str:
    """GeneratePodHostNameAndDomain's hostname, the one the sandbox's UTS namespace gets (and $HOSTNAME):
    spec.hostname, else the pod's name, cut to 63 characters by truncatePodHostnameIfNeeded. A pod on the
    host network gets none (kuberuntime_sandbox.go) and shares the node's: its name."""
    if spec.get("hostNetwork") and spec.get("nodeName"):
        return spec["nodeName"]
    return (spec.get("hostname") or name)[:63].rstrip("-.")


def node_hosts_file(node: str, ip: str) -> str:
    """The /etc/hosts Docker writes in a kind node's container (libnetwork etchosts: its default records,
    then the container's addresses on the kind network, IPv4 and IPv6, named by its hostname). The IPv6
    address takes the IPv4 one's host number, as Docker hands both out in order [approximate]."""
    text = ("127.0.0.1\tlocalhost\n"
            "::1\tlocalhost ip6-localhost ip6-loopback\n"
            "fe00::0\tip6-localnet\n"
            "ff00::0\tip6-mcastprefix\n"
            "ff02::1\tip6-allnodes\n"
            "ff02::2\tip6-allrouters\n")
    if ip and node:
        text += f"{ip}\t{node}\n{KIND_IPV6_PREFIX}{ip.rsplit('.', 1)[-1]}\t{node}\n"
    return text
