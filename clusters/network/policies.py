"""NetworkPolicy, enforced where a connection reaches its pod, as kind's kindnet does.

kind v0.26 (Kubernetes 1.32) ships kindnet v20241212, which enforces NetworkPolicy
(sigs.k8s.io/kube-network-policies): a packet a policy does not allow is dropped, so
the client sees a timeout, never a refusal. The semantics are the API's
(kubernetes/website content/en/docs/concepts/services-networking/network-policies.md,
k8s.io/api/networking/v1/types.go):

- A pod is isolated for ingress (egress) once any policy in its namespace selects it
  and lists Ingress (Egress) in ``policyTypes``; an isolated pod accepts (opens) only
  what the union of those policies' rules allows. Other pods allow everything.
- A connection needs both: the client pod's egress and the server pod's ingress.
- A rule allows a peer when its ``from``/``to`` is empty or one peer matches, and a
  port when its ``ports`` is empty or one port matches (number or the server pod's
  named container port, ``endPort`` ranges, protocol).
- A peer is ``podSelector`` (pods of the policy's namespace), ``namespaceSelector``
  (every pod of those namespaces), both (those pods in those namespaces), or
  ``ipBlock`` (``cidr`` minus ``except``), matched against the address as the packet
  carries it: after kube-proxy's DNAT to the endpoint and after any SNAT.
- Traffic between a pod and its own node is always allowed.

Policies are read fresh on each connection: these are console-speed paths, and a
cluster with no policies pays one list of an empty bucket.
"""
from __future__ import annotations

import ipaddress

from clusters import objects


def _selects(selector: dict | None, labels: dict) -> bool:
    return objects.selector_from_label_selector(selector or {}).matches(labels)


def _policies(cluster, namespace: str, pod: dict, kind: str) -> list[dict]:
    """The policies of ``namespace`` that isolate ``pod`` for ``kind`` ("Ingress" or "Egress")."""
    labels = objects.labels_of(pod)
    return [p for p in cluster.api.list("networkpolicies", namespace)
            if kind in ((p.get("spec") or {}).get("policyTypes") or ["Ingress"])
            and _selects((p.get("spec") or {}).get("podSelector"), labels)]


def _in_block(ip: str, block: dict) -> bool:
    try:
        addr = ipaddress.ip_address(ip)
        if addr not in ipaddress.ip_network(block.get("cidr", ""), strict=False):
            return False
        return not any(addr in ipaddress.ip_network(e, strict=False) for e in block.get("except") or ())
    except ValueError:
        return False


def _peer_matches(cluster, policy_ns: str, peer: dict, pod: dict | None, ip: str) -> bool:
    if peer.get("ipBlock") is not None:
        return _in_block(ip, peer["ipBlock"])
    if pod is None or (pod.get("spec") or {}).get("hostNetwork"):
        return False  # selectors pick pods; a node or an outside host is reached only by ipBlock
    pod_ns = pod["metadata"].get("namespace") or "default"
    if peer.get("namespaceSelector") is not None:
        ns = cluster.api.try_get("namespaces", pod_ns)
        if ns is None or not _selects(peer["namespaceSelector"], objects.labels_of(ns)):
            return False
    elif pod_ns != policy_ns:
        return False
    return peer.get("podSelector") is None or _selects(peer["podSelector"], objects.labels_of(pod))


def _named_port(pod: dict | None, name: str, protocol: str) -> int | None:
    for c in (pod or {}).get("spec", {}).get("containers") or ():
        for p in c.get("ports") or ():
            if p.get("name") == name and (p.get("protocol") or "TCP") == protocol:
                return p.get("containerPort")
    return None


def _port_matches(rule_port: dict, server: dict | None, port: int, protocol: str) -> bool:
    if (rule_port.get("protocol") or "TCP") != protocol:
        return False
    want = rule_port.get("port")
    if want is None:
        return True
    if isinstance(want, str) and not want.isdigit():
        return _named_port(server, want, protocol) == port
    end = rule_port.get("endPort")
    return int(want) <= port <= (end if end is not None else int(want))


def _allowed_by(cluster, policies: list[dict], peers_key: str, peer: dict | None, peer_ip: str,
                server: dict | None, port: int, protocol: str) -> bool:
    for pol in policies:
        ns = pol["metadata"].get("namespace") or "default"
        rules_key = "ingress" if peers_key == "from" else "egress"
        for rule in (pol.get("spec") or {}).get(rules_key) or ():
            ports = rule.get("ports") or ()
            if ports and not any(_port_matches(p, server, port, protocol) for p in ports):
                continue
            peers = rule.get(peers_key) or ()
            if not peers or any(_peer_matches(cluster, ns, p, peer, peer_ip) for p in peers):
                return True
    return False


def _node_addresses(cluster, node_name: str) -> set[str]:
    """A node's own addresses: its InternalIP and the gateway of its pod range (kindnet's ptp
    plugin gives the host side of every pod's veth that address)."""
    node = cluster.api.try_get("nodes", node_name) if node_name else None
    if node is None:
        return set()
    out = {a.get("address") for a in (node.get("status") or {}).get("addresses") or ()}
    cidr = (node.get("spec") or {}).get("podCIDR")
    if cidr:
        try:
            out.add(str(next(ipaddress.ip_network(cidr, strict=False).hosts())))
        except (ValueError, StopIteration):
            pass
    return out


def _isolatable(pod: dict | None) -> bool:
    return pod is not None and not (pod.get("spec") or {}).get("hostNetwork")


def allows(cluster, client: dict | None, source_ip: str, server: dict | None, server_ip: str, port: int,
           protocol: str = "TCP") -> bool:
    """Whether a connection from ``client`` (a pod, or None for a node or outside host) seen with
    ``source_ip`` may reach ``server`` (a pod, or None) at ``server_ip:port``."""
    if client is not None and server is not None and client["metadata"].get("uid") == server["metadata"].get("uid"):
        return True  # a pod's packets to its own address stay on its loopback, past any filter
    if _isolatable(client):
        policies = _policies(cluster, client["metadata"].get("namespace") or "default", client, "Egress")
        if policies and server_ip not in _node_addresses(cluster, (client.get("spec") or {}).get("nodeName") or "") \
                and not _allowed_by(cluster, policies, "to", server, server_ip, server, port, protocol):
            return False
    if _isolatable(server):
        policies = _policies(cluster, server["metadata"].get("namespace") or "default", server, "Ingress")
        if policies and source_ip not in _node_addresses(cluster, (server.get("spec") or {}).get("nodeName") or "") \
                and not _allowed_by(cluster, policies, "from", client, source_ip, server, port, protocol):
            return False
    return True
