"""ClusterIP and NodePort allocation.

The service CIDR is 10.96.0.0/12 (kube-apiserver --service-cluster-ip-range
as kubeadm and kind set it); 10.96.0.1 goes to the ``kubernetes`` Service and
10.96.0.10 is kube-dns by convention. NodePorts come from 30000-32767
(--service-node-port-range default). Allocation is random, like upstream's
bitmap allocator, but drawn from the cluster's seeded generator.
"""
from __future__ import annotations

import ipaddress

from clusters.apiserver import errors

_NET = ipaddress.ip_network("10.96.0.0/12")
_BASE = int(_NET.network_address)
_SIZE = _NET.num_addresses
NODE_PORT_MIN, NODE_PORT_MAX = 30000, 32767


def _state(api) -> dict:
    st = api.allocators.get("services")
    if st is None:
        st = api.allocators["services"] = {"ips": set(), "ports": set()}
    return st


def allocate_service(api, obj: dict) -> None:
    spec = obj.get("spec") or {}
    st = _state(api)
    t = spec.get("type", "ClusterIP")
    if t != "ExternalName":
        ip = spec.get("clusterIP")
        if ip in (None, ""):
            while True:
                cand = str(ipaddress.ip_address(_BASE + api.rand.randint(1, _SIZE - 2)))
                if cand not in st["ips"]:
                    break
            ip = cand
        elif ip != "None":
            try:
                addr = ipaddress.ip_address(ip)
            except ValueError:
                raise errors.invalid("Service", "", obj["metadata"]["name"], [errors.invalid_value("spec.clusterIPs[0]", ip, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")])
            if addr not in _NET:
                raise errors.invalid("Service", "", obj["metadata"]["name"], [errors.invalid_value("spec.clusterIPs[0]", ip, "failed to allocate IP %s: the provided IP (%s) is not in the valid range. The range of valid IPs is 10.96.0.0/12" % (ip, ip))])
            if ip in st["ips"]:
                raise errors.invalid("Service", "", obj["metadata"]["name"], [errors.invalid_value("spec.clusterIPs", [ip], f"failed to allocate IP {ip}: provided IP is already allocated")])
        spec["clusterIP"] = ip
        spec["clusterIPs"] = [ip]
        if ip != "None":
            st["ips"].add(ip)
    if t in ("NodePort", "LoadBalancer"):
        for p in spec.get("ports") or ():
            np_ = p.get("nodePort")
            if not np_:
                while True:
                    cand = api.rand.randint(NODE_PORT_MIN, NODE_PORT_MAX)
                    if cand not in st["ports"]:
                        break
                p["nodePort"] = cand
            elif np_ in st["ports"]:
                raise errors.invalid("Service", "", obj["metadata"]["name"], [errors.invalid_value("spec.ports[0].nodePort", np_, "provided port is already allocated")])
            st["ports"].add(p["nodePort"])


def release_service(api, obj: dict) -> None:
    st = _state(api)
    spec = obj.get("spec") or {}
    for ip in spec.get("clusterIPs") or ():
        st["ips"].discard(ip)
    for p in spec.get("ports") or ():
        st["ports"].discard(p.get("nodePort"))
