"""Cluster DNS, modelled: what CoreDNS answers and what a pod's resolver asks it.

CoreDNS's kubernetes plugin (coredns/coredns:plugin/kubernetes, configured by
the kubeadm Corefile in ``clusters.addons``: zone ``cluster.local``,
``pods insecure``) answers:

- ``<svc>.<ns>.svc.cluster.local``: the ClusterIP; for a headless Service the
  addresses of its ready endpoints (no endpoints: an empty answer, NODATA);
  for an ExternalName Service a CNAME;
- ``<hostname>.<svc>.<ns>.svc.cluster.local``: the endpoint with that
  hostname (StatefulSet pods behind a headless Service);
- ``<a-b-c-d>.<ns>.pod.cluster.local``: a.b.c.d, unchecked (``pods insecure``),
  if the namespace exists;
- anything else under cluster.local: NXDOMAIN. Names outside the cluster are
  forwarded upstream, and a simulated cluster has no Internet: NXDOMAIN.

The pod's resolver (kubelet's resolv.conf for dnsPolicy ClusterFirst:
``nameserver 10.96.0.10``, ``search <ns>.svc.cluster.local svc.cluster.local
cluster.local``, ``options ndots:5``) tries the search list first for names
with fewer than five dots, then the name as given. CoreDNS is reachable only
while the kube-dns Service has a ready endpoint; otherwise every query times
out, as in the troubleshooting case of CoreDNS scaled to zero. Pods with
dnsPolicy Default (or hostNetwork without ClusterFirstWithHostNet) use the
node's resolver, which knows no cluster names. The console host is outside
the cluster and resolves only ``localhost``.
"""
from __future__ import annotations

from typing import NamedTuple

from clusters.network import policies, services
from clusters.strings import isdigits

CLUSTER_DOMAIN = "cluster.local"
DNS_SERVICE = ("kube-system", "kube-dns")
NDOTS = 5
# What a kind node's /etc/resolv.conf points at: the Docker network's gateway.
NODE_RESOLVER = "172.18.0.1"


class Answer(NamedTuple):
    """One resolution. rcode: NOERROR, NXDOMAIN, NODATA or TIMEOUT."""
    rcode: str
    name: str                 # the fully qualified name that answered (or the name asked)
    addresses: tuple = ()
    cname: str = ""
    server: str = ""          # the nameserver asked ("" for the host resolver)

    @property
    def ok(self) -> bool:
        return self.rcode == "NOERROR" and bool(self.addresses or self.cname)


def dns_server_ip(cluster) -> str:
    svc = cluster.api.try_get("services", DNS_SERVICE[1], DNS_SERVICE[0])
    if svc is None:
        return "10.96.0.10"
    return (svc.get("spec") or {}).get("clusterIP") or "10.96.0.10"


def coredns_reachable(cluster, from_pod: dict | None = None) -> bool:
    """Whether a query reaches a CoreDNS pod: one is ready, and no NetworkPolicy drops the query
    (a default-deny egress policy cuts a pod off from DNS too)."""
    svc = cluster.api.try_get("services", DNS_SERVICE[1], DNS_SERVICE[0])
    if svc is None:
        return False
    ports = (svc.get("spec") or {}).get("ports") or []
    sp = next((p for p in ports if (p.get("protocol") or "TCP") == "UDP" and p.get("port") == 53), ports[0] if ports else None)
    backends = services.routable(services.service_backends(cluster, svc, sp))
    if from_pod is None:
        return bool(backends)
    source = services.client_ip(from_pod)
    return any(policies.allows(cluster, from_pod, source, cluster.api.try_get("pods", b.pod, b.namespace), b.ip,
                               b.port, (sp or {}).get("protocol") or "UDP") for b in backends)


def resolver_config(pod: dict | None) -> tuple[list[str], list[str], int] | None:
    """(nameservers, search, ndots) for a pod; None when it uses the node's resolver."""
    if pod is None:
        return None
    spec = pod.get("spec") or {}
    policy = spec.get("dnsPolicy") or "ClusterFirst"
    if policy == "Default" or (policy == "ClusterFirst" and spec.get("hostNetwork")):
        return None
    ns = pod["metadata"].get("namespace") or "default"
    servers, search, ndots = [], [], NDOTS
    if policy in ("ClusterFirst", "ClusterFirstWithHostNet"):
        servers = ["10.96.0.10"]
        search = [f"{ns}.svc.{CLUSTER_DOMAIN}", f"svc.{CLUSTER_DOMAIN}", CLUSTER_DOMAIN]
    cfg = spec.get("dnsConfig") or {}
    servers += [s for s in cfg.get("nameservers") or () if s not in servers]
    search += [s for s in cfg.get("searches") or () if s not in search]
    for opt in cfg.get("options") or ():
        if opt.get("name") == "ndots" and isdigits(str(opt.get("value", ""))):
            ndots = int(opt["value"])
    return servers, search, ndots


def lookup(cluster, fqdn: str) -> Answer:
    """CoreDNS's answer for one fully qualified name (no trailing dot)."""
    name = fqdn.rstrip(".").lower()
    suffix = "." + CLUSTER_DOMAIN
    if not name.endswith(suffix):
        return Answer("NXDOMAIN", name)
    labels = name[: -len(suffix)].split(".")
    if len(labels) >= 3 and labels[-1] == "svc":
        ns = labels[-2]
        svc_name = labels[-3]
        svc = cluster.api.try_get("services", svc_name, ns)
        if svc is None:
            return Answer("NXDOMAIN", name)
        spec = svc.get("spec") or {}
        if len(labels) == 3:
            if spec.get("type") == "ExternalName":
                return Answer("NOERROR", name, (), spec.get("externalName", "").rstrip("."))
            if services.is_headless(svc):
                ips = tuple(sorted({b.ip for b in services.service_backends(cluster, svc, None) if b.ready}, key=_ip_key))
                return Answer("NOERROR" if ips else "NODATA", name, ips)
            return Answer("NOERROR", name, (spec.get("clusterIP"),))
        if len(labels) == 4:
            host = labels[0]
            for b in services.service_backends(cluster, svc, None):
                ep_host = b.hostname
                if b.ready and (ep_host == host or b.ip.replace(".", "-") == host):
                    return Answer("NOERROR", name, (b.ip,))
        return Answer("NXDOMAIN", name)
    if len(labels) == 3 and labels[-1] == "pod":
        ns = labels[-2]
        if cluster.api.try_get("namespaces", ns) is None:
            return Answer("NXDOMAIN", name)
        parts = labels[0].split("-")
        if len(parts) == 4 and all(isdigits(p) and 0 <= int(p) <= 255 for p in parts):
            return Answer("NOERROR", name, (".".join(parts),))
        return Answer("NXDOMAIN", name)
    return Answer("NXDOMAIN", name)


def _ip_key(ip: str):
    try:
        return tuple(int(x) for x in ip.split("."))
    except ValueError:
        return (999, ip)


def candidates(name: str, search: list[str], ndots: int) -> list[str]:
    """The names a glibc/musl resolver tries, in order (resolv.conf(5) ndots)."""
    if name.endswith("."):
        return [name.rstrip(".")]
    searched = [f"{name}.{d}" for d in search]
    if name.count(".") >= ndots:
        return [name] + searched
    return searched + [name]


def _is_ip(name: str) -> bool:
    parts = name.split(".")
    return len(parts) == 4 and all(isdigits(p) and 0 <= int(p) <= 255 for p in parts)


def resolve(cluster, from_pod: dict | None, name: str) -> Answer:
    """Resolve ``name`` as a process in ``from_pod`` (None: the console host) would."""
    name = name.strip()
    if _is_ip(name):
        return Answer("NOERROR", name, (name,))
    if name in ("localhost", "localhost."):
        return Answer("NOERROR", "localhost", ("127.0.0.1",))
    if from_pod is not None and name.rstrip(".") == from_pod["metadata"]["name"]:
        ip = (from_pod.get("status") or {}).get("podIP")
        if ip:  # /etc/hosts has the pod's own hostname
            return Answer("NOERROR", name, (ip,))
    cfg = resolver_config(from_pod)
    if cfg is None or not cfg[0]:
        return Answer("NXDOMAIN", name.rstrip("."))
    servers, search, ndots = cfg
    server = servers[0]
    if server == dns_server_ip(cluster) and not coredns_reachable(cluster, from_pod):
        return Answer("TIMEOUT", name.rstrip("."), server=server)
    nodata = None
    for cand in candidates(name, search, ndots):
        a = lookup(cluster, cand)
        if a.rcode == "NOERROR":
            return a._replace(server=server)
        if a.rcode == "NODATA" and nodata is None:
            nodata = a
    if nodata is not None:
        return nodata._replace(server=server)
    return Answer("NXDOMAIN", name.rstrip("."), server=server)


def reverse(cluster, ip: str) -> str:
    """CoreDNS's PTR answer: a Service's name for a ClusterIP, an endpoint's name for a pod IP."""
    svc = services.service_by_cluster_ip(cluster, ip)
    if svc is not None:
        m = svc["metadata"]
        return f"{m['name']}.{m['namespace']}.svc.{CLUSTER_DOMAIN}"
    for svc in cluster.api.list("services"):
        if not (svc.get("spec") or {}).get("selector"):
            continue
        for b in services.service_backends(cluster, svc, None):
            if b.ip == ip:
                host = b.hostname or ip.replace(".", "-")
                m = svc["metadata"]
                return f"{host}.{m['name']}.{m['namespace']}.svc.{CLUSTER_DOMAIN}"
    return ""


# -- nslookup, as the images' own tools print it -----------------------------------

# Kubernetes' own busybox images, built from busybox 1.24 (the "interactive busybox" of debug-service.md):
# their nslookup is the old applet whatever the tag says.
OLD_BUSYBOX = ("gcr.io/google-containers/busybox", "k8s.gcr.io/busybox", "registry.k8s.io/busybox")


def nslookup_flavour(image: str) -> str:
    """Which nslookup an image ships: busybox before 1.29 (uclibc applet),
    newer busybox (musl applet), or BIND's (dnsutils, debian, ubuntu, netshoot)."""
    from clusters.network.http import image_name
    name, tag = image_name(image or "")
    if name in OLD_BUSYBOX and tag in ("latest", "1.24"):
        return "busybox-1.28"
    if name.rsplit("/", 1)[-1] == "busybox":
        try:
            major, minor = (int(x) for x in tag.split("-")[0].split(".")[:2])
            if (major, minor) <= (1, 28):
                return "busybox-1.28"
        except ValueError:
            pass
        return "busybox"
    return "bind"


def nslookup(cluster, from_pod: dict | None, name: str, flavour: str | None = None) -> tuple[int, str]:
    """``nslookup NAME`` in ``from_pod``: (exit code, output)."""
    if flavour is None:
        image = ((from_pod or {}).get("spec") or {}).get("containers", [{}])[0].get("image", "") if from_pod else ""
        flavour = nslookup_flavour(image)
    a = resolve(cluster, from_pod, name)
    server = a.server
    if not server:
        cfg = resolver_config(from_pod)
        server = cfg[0][0] if cfg and cfg[0] else NODE_RESOLVER
    if a.rcode == "TIMEOUT":
        if flavour == "busybox-1.28":
            # the old applet gives up quietly, and cannot name its server either (dns-debugging-resolution.md)
            return 1, f"Server:    {server}\nAddress 1: {server}\n\nnslookup: can't resolve '{name}'\n"
        return 1, ";; connection timed out; no servers could be reached\n\n"
    if flavour == "busybox-1.28":
        head = f"Server:    {server}\nAddress 1: {server}"
        ptr = reverse(cluster, server)
        head += f" {ptr}\n\n" if ptr else "\n\n"
        if not a.ok:
            return 1, head + f"nslookup: can't resolve '{name}'\n"
        lines = [f"Name:      {name}"]
        for i, ip in enumerate(a.addresses, 1):
            ptr = reverse(cluster, ip)
            lines.append(f"Address {i}: {ip} {ptr}" if ptr else f"Address {i}: {ip}")
        return 0, head + "\n".join(lines) + "\n"
    sep = "#" if flavour == "bind" else ":"
    head = f"Server:\t\t{server}\nAddress:\t{server}{sep}53\n\n"
    if a.rcode == "NXDOMAIN":
        return 1, head + f"** server can't find {a.name if flavour == 'busybox' else name}: NXDOMAIN\n\n"
    if a.rcode == "NODATA" or not (a.addresses or a.cname):
        return 1, head + f"*** Can't find {a.name}: No answer\n\n"
    body = ""
    if a.cname:
        body += f"{a.name}\tcanonical name = {a.cname}.\n"
        return 1, head + body + f"** server can't find {a.cname}: NXDOMAIN\n\n"
    for ip in a.addresses:
        body += f"Name:\t{a.name}\nAddress: {ip}\n"
    return 0, head + body + "\n"
