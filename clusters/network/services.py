"""kube-proxy, modelled: where a connection to a Service, node or pod address goes.

kube-proxy programs each node from EndpointSlices (pkg/proxy/endpointslicecache.go),
so this module reads the slices, never the pods' labels: a Service routes to
whatever its slices say, which is exactly what a learner can see with
``kubectl get endpointslices``.

- A ClusterIP:port routes to the slice endpoints that are ready; if none is
  ready, to those that are serving and terminating (the 1.26+ fallback in
  pkg/proxy/topology.go); if there are none, kube-proxy installs a REJECT
  rule and the client sees "Connection refused" at once.
- A ClusterIP on a port the Service does not expose matches no rule; the
  packet is dropped and the client times out.
- A node's InternalIP on a NodePort routes like the ClusterIP. With
  externalTrafficPolicy: Cluster the node masquerades the client (the server sees
  the node's InternalIP, or its pod-range gateway when the endpoint is on that
  node); with Local it keeps the client's address and only endpoints on that
  node, and drops the packet when it has none while other nodes do (iptables
  proxier.go: "has no local endpoints" DROP, but REJECT with no endpoints at
  all). Pods reaching a Local NodePort skip the policy and keep their address.
- Where the connection lands, NetworkPolicy has its say (``policies.allows``):
  a connection it does not allow is dropped.
- The API server listens on the control-plane node's InternalIP at 6443 (kind's
  kube-apiserver runs in the host network), and the ``kubernetes`` Service's
  endpoint is that address with no pod behind it: a connection there, through
  10.96.0.1:443 or straight to the node, reaches the API server ("apiserver").
- A LoadBalancer's external IP stays ``<pending>``: no cloud controller.
- A headless Service has no virtual IP at all: only DNS gives its pod IPs.
- Session affinity is ignored: every connection picks a backend afresh from the
  cluster's seeded generator, as iptables' random probability rules would.

Where the client sits matters. A pod, or a node, is inside the cluster
network and reaches ClusterIPs, pod IPs and node IPs. The console host is the
learner's own machine next to a kind cluster: it reaches node InternalIPs
(NodePorts) but not ClusterIPs or pod IPs, which only exist inside the nodes.
"""
from __future__ import annotations

import ipaddress
from typing import NamedTuple

from clusters import objects
from clusters.apiserver import resources
from clusters.network import policies

# The console host as the nodes see it: the gateway of kind's Docker network.
HOST_IP = "172.18.0.1"
# kube-apiserver's --secure-port as kubeadm sets it, on the control-plane nodes' own addresses.
API_SERVER_PORT = 6443
CONTROL_PLANE_LABEL = "node-role.kubernetes.io/control-plane"


class Backend(NamedTuple):
    ip: str
    port: int
    namespace: str
    pod: str
    node: str
    ready: bool
    serving: bool
    terminating: bool
    hostname: str = ""


class Route(NamedTuple):
    """Where a connection ends up.

    ``outcome`` is "connect" (reach ``backend``/``pod``), "healthz" (kube-proxy on
    ``node`` answers a Service's healthCheckNodePort), "apiserver" (the API server's
    secure port on control-plane ``node``), "refused" (RST or ICMP reject at once) or
    "timeout" (dropped, nothing answers).
    """
    outcome: str
    pod: dict | None = None
    port: int = 0
    service: dict | None = None
    backend: Backend | None = None
    why: str = ""
    source: str = ""      # the client address the server sees, after any SNAT
    node: str = ""        # the node answering, for "healthz"


def _slices_for(cluster, namespace: str, name: str) -> list[dict]:
    d = resources.by_plural("endpointslices").directory(namespace)
    out = []
    for kv in sorted(cluster.store.bucket(d).values(), key=lambda kv: kv.key):
        if (kv.value["metadata"].get("labels") or {}).get("kubernetes.io/service-name") == name:
            out.append(kv.value)
    return out


def service_backends(cluster, service: dict, service_port: dict | None) -> list[Backend]:
    """Every endpoint of the Service's slices for one Service port (or all, for None)."""
    m = service["metadata"]
    out: list[Backend] = []
    seen = set()
    for s in _slices_for(cluster, m["namespace"], m["name"]):
        port = None
        if service_port is not None:
            for p in s.get("ports") or ():
                if (p.get("name") or "") == (service_port.get("name") or "") and \
                        (p.get("protocol") or "TCP") == (service_port.get("protocol") or "TCP"):
                    port = p.get("port")
                    break
            if port is None:
                continue
        for ep in s.get("endpoints") or ():
            cond = ep.get("conditions") or {}
            ref = ep.get("targetRef") or {}
            for ip in ep.get("addresses") or ():
                key = (ip, port)
                if key in seen:
                    continue
                seen.add(key)
                # discovery/v1: a nil ready condition means ready; nil serving follows ready.
                ready = cond.get("ready") is not False
                serving = cond.get("serving", ready) is not False
                out.append(Backend(ip, port or 0, ref.get("namespace") or m["namespace"], ref.get("name") or "",
                                   ep.get("nodeName") or "", ready, serving, bool(cond.get("terminating")),
                                   ep.get("hostname") or ""))
    out.sort()
    return out


def routable(backends: list[Backend]) -> list[Backend]:
    """Ready endpoints, or else the serving terminating ones (kube-proxy's fallback)."""
    ready = [b for b in backends if b.ready]
    if ready:
        return ready
    return [b for b in backends if b.serving and b.terminating]


def ready_backends(cluster, namespace: str, name: str, port_name: str | None = None) -> list[Backend]:
    svc = cluster.api.try_get("services", name, namespace)
    if svc is None:
        return []
    ports = (svc.get("spec") or {}).get("ports") or []
    sp = None
    if ports:
        sp = ports[0] if port_name is None else next((p for p in ports if p.get("name") == port_name), None)
        if sp is None:
            return []
    return routable(service_backends(cluster, svc, sp))


# -- address indexes (read fresh each call; these are console-speed paths) --------

def service_by_cluster_ip(cluster, ip: str) -> dict | None:
    for svc in cluster.api.list("services"):
        spec = svc.get("spec") or {}
        if ip in (spec.get("clusterIPs") or [spec.get("clusterIP")]) and ip not in (None, "", "None"):
            return svc
    return None


def node_by_ip(cluster, ip: str) -> dict | None:
    for node in cluster.api.list("nodes"):
        for a in (node.get("status") or {}).get("addresses") or ():
            if a.get("address") == ip:
                return node
    return None


def node_ip(node: dict) -> str | None:
    for a in (node.get("status") or {}).get("addresses") or ():
        if a.get("type") == "InternalIP":
            return a.get("address")
    return None


def pod_by_ip(cluster, ip: str) -> dict | None:
    """The running (non-hostNetwork) pod holding ``ip``; pod IPs are unique among live pods."""
    for pod in cluster.api.list("pods"):
        st = pod.get("status") or {}
        if (pod.get("spec") or {}).get("hostNetwork"):
            continue
        if st.get("phase") in ("Succeeded", "Failed"):
            continue
        if st.get("podIP") == ip or any(p.get("ip") == ip for p in st.get("podIPs") or ()):
            return pod
    return None


def is_headless(service: dict) -> bool:
    return (service.get("spec") or {}).get("clusterIP") == "None"


def is_in_cluster(client: dict | None) -> bool:
    return client is not None


def client_ip(client: dict | None) -> str:
    """The address a connection from ``client`` leaves with: the pod's IP, or the console host's."""
    return ((client or {}).get("status") or {}).get("podIP") or HOST_IP


def route(cluster, client: dict | None, ip: str, port: int, protocol: str = "TCP") -> Route:
    """Where a TCP connection from ``client`` (a pod, or None for the console host) to ip:port goes."""
    r = _route(cluster, client, ip, port, protocol)
    if r.outcome in ("connect", "apiserver") and r.why != "loopback" and \
            not policies.allows(cluster, client, r.source, r.pod, r.backend.ip if r.backend else ip, r.port, protocol):
        return Route("timeout", pod=r.pod, service=r.service, backend=r.backend, source=r.source,
                     why="a NetworkPolicy drops the connection")
    return r


def _route(cluster, client: dict | None, ip: str, port: int, protocol: str) -> Route:
    inside = is_in_cluster(client)
    source = client_ip(client)
    if ip in ("127.0.0.1", "::1"):
        if client is None:
            return Route("refused", why="nothing listens on the console host")
        return Route("connect", pod=client, port=port, why="loopback", source=ip)
    svc = service_by_cluster_ip(cluster, ip)
    if svc is not None:
        if not inside:
            return Route("timeout", service=svc, why="ClusterIPs exist only inside the cluster's nodes")
        return _via_service(cluster, svc, port, protocol, lambda sp: sp.get("port"), None, source)
    node = node_by_ip(cluster, ip)
    if node is not None:
        if serves_api(node, port):
            return Route("apiserver", port=port, source=source, node=node["metadata"]["name"],
                         why="the API server's secure port")
        for svc in cluster.api.list("services"):
            spec = svc.get("spec") or {}
            if spec.get("type") not in ("NodePort", "LoadBalancer"):
                continue
            if any(p.get("nodePort") == port and (p.get("protocol") or "TCP") == protocol for p in spec.get("ports") or ()):
                from_pod = inside and not (client.get("spec") or {}).get("hostNetwork")
                if spec.get("externalTrafficPolicy") == "Local":
                    # proxier.go: pod traffic to an external destination skips the traffic policy
                    return _via_service(cluster, svc, port, protocol, lambda sp: sp.get("nodePort"),
                                        None if from_pod else node["metadata"]["name"], source)
                r = _via_service(cluster, svc, port, protocol, lambda sp: sp.get("nodePort"), None, source)
                return r._replace(source=_masquerade(node, r.backend)) if r.backend is not None else r
            if spec.get("healthCheckNodePort") == port and protocol == "TCP":
                # kube-proxy's service health server (pkg/proxy/healthcheck/service_health.go)
                return Route("healthz", service=svc, port=port, source=source, node=node["metadata"]["name"],
                             why="kube-proxy's health check for the Service's local endpoints")
        return Route("refused", why=f"nothing listens on port {port} of node {node['metadata']['name']}")
    pod = pod_by_ip(cluster, ip)
    if pod is not None:
        if not inside:
            return Route("timeout", pod=pod, why="pod IPs are not routed outside the cluster")
        return Route("connect", pod=pod, port=port, why="pod IP", source=source)
    return Route("timeout", why=f"no host has the address {ip}")


def serves_api(node: dict, port: int) -> bool:
    """Whether ``port`` on ``node`` is the API server's: kubeadm runs kube-apiserver on every control-plane node."""
    return port == API_SERVER_PORT and CONTROL_PLANE_LABEL in (node["metadata"].get("labels") or {})


def _masquerade(node: dict, backend: Backend) -> str:
    """The source kube-proxy's MASQUERADE leaves: the address of the interface the packet goes out
    of, the node's InternalIP towards another node, or the gateway of its pod range (the host side
    of the pod's veth, kindnet's ptp plugin) when the endpoint is on this node."""
    cidr = (node.get("spec") or {}).get("podCIDR")
    if backend.node == node["metadata"]["name"] and cidr:
        return str(next(ipaddress.ip_network(cidr, strict=False).hosts()))
    return node_ip(node) or HOST_IP


def _via_service(cluster, svc: dict, port: int, protocol: str, port_of, only_node: str | None,
                 source: str) -> Route:
    spec = svc.get("spec") or {}
    sp = next((p for p in spec.get("ports") or () if port_of(p) == port and (p.get("protocol") or "TCP") == protocol), None)
    if sp is None:
        return Route("timeout", service=svc, why=f"service {svc['metadata']['name']} has no port {port}")
    backends = routable(service_backends(cluster, svc, sp))
    if not backends:
        # kube-proxy: "has no endpoints" -> REJECT (icmp port-unreachable).
        return Route("refused", service=svc, why=f"service {svc['metadata']['name']} has no endpoints")
    if only_node is not None:
        backends = [b for b in backends if b.node == only_node]
        if not backends:
            return Route("timeout", service=svc, why=f"service {svc['metadata']['name']} has no local endpoints")
    b = backends[cluster.rand.randint(0, len(backends) - 1)] if len(backends) > 1 else backends[0]
    pod = cluster.api.try_get("pods", b.pod, b.namespace) if b.pod else None
    if not b.pod:  # an endpoint with no pod: a server in a node's own network (the kubernetes Service's)
        node = node_by_ip(cluster, b.ip)
        if node is not None and serves_api(node, b.port):
            return Route("apiserver", port=b.port, service=svc, backend=b, source=source, node=node["metadata"]["name"],
                         why="the API server's secure port")
    if pod is None:
        return Route("timeout", service=svc, backend=b, why="the endpoint's pod is gone")
    return Route("connect", pod=pod, port=b.port, service=svc, backend=b, source=source)


def local_endpoints(cluster, service: dict, node: str) -> int:
    """What kube-proxy's health server counts for a Service on ``node``: its ready endpoints there."""
    return len({b.ip for b in service_backends(cluster, service, None) if b.ready and b.node == node})


def external_ip(service: dict) -> str:
    """The EXTERNAL-IP a learner sees: ``<pending>`` for a LoadBalancer without a cloud, ``<none>`` otherwise."""
    spec = service.get("spec") or {}
    ing = ((service.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
    if spec.get("type") == "LoadBalancer":
        ips = [i.get("ip") or i.get("hostname") for i in ing]
        return ",".join(i for i in ips if i) or "<pending>"
    if spec.get("type") == "ExternalName":
        return spec.get("externalName", "")
    return ",".join(spec.get("externalIPs") or []) or "<none>"


def selector_matches(service: dict, pod: dict) -> bool:
    sel = (service.get("spec") or {}).get("selector")
    return sel is not None and objects.selector_from_map(sel).matches(objects.labels_of(pod))
