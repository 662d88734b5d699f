"""ClusterIP and NodePort allocation.

The service CIDR is 10.96.0.0/12 (kube-apiserver --service-cluster-ip-range
as kubeadm and kind set it); 10.96.0.1 goes to the ``kubernetes`` Service and
10.96.0.10 is kube-dns by convention. NodePorts come from 30000-32767
(--service-node-port-range default). Allocation is random, like upstream's
bitmap allocator, but drawn from the cluster's seeded generator.

The steps follow pkg/registry/core/service/storage (storage.go beginCreate /
beginUpdate, alloc.go initNodePorts / updateNodePorts): a requested nodePort
outside the range or already held is refused with the port allocator's own
words (portallocator/allocator.go ErrNotInRange, ErrAllocated) as a
``field.Invalid`` on ``spec.ports[i].nodePort``. An update works like an
allocation operation: ``begin_update`` checks and fills in the new object and
returns the commit that the API server runs once the write is certain, so a
refused or dry-run update holds nothing (a dry-run create gives back what it
took through ``UNDO_CREATE``).
"""
from __future__ import annotations

import ipaddress
from typing import Callable

from clusters.apiserver import errors

_NET = ipaddress.ip_network("10.96.0.0/12")
_BASE = int(_NET.network_address)
_SIZE = _NET.num_addresses
NODE_PORT_MIN, NODE_PORT_MAX = 30000, 32767
# portallocator/allocator.go: ErrNotInRange names net.PortRange.String(), ErrAllocated.
NOT_IN_RANGE = f"provided port is not in the valid range. The range of valid ports is {NODE_PORT_MIN}-{NODE_PORT_MAX}"
ALLOCATED = "provided port is already allocated"


def _state(api) -> dict:
    st = api.allocators.get("services")
    if st is None:
        st = api.allocators["services"] = {"ips": set(), "ports": set()}
    return st


def _invalid(obj: dict, field: str, value, detail: str) -> errors.StatusError:
    return errors.invalid("Service", "", obj["metadata"]["name"], [errors.invalid_value(field, value, detail)])


class _NodePorts:
    """portallocator.PortAllocationOperation: what it takes and gives back stays apart until commit."""

    def __init__(self, api, held: set):
        self.api = api
        self.held = held
        self.taken: list[int] = []
        self.given: list[int] = []

    def allocate(self, port) -> str | None:
        if not isinstance(port, int) or not (NODE_PORT_MIN <= port <= NODE_PORT_MAX):
            return NOT_IN_RANGE
        if port in self.held or port in self.taken:
            return ALLOCATED
        self.taken.append(port)
        return None

    def allocate_next(self) -> int:
        while True:
            cand = self.api.rand.randint(NODE_PORT_MIN, NODE_PORT_MAX)
            if cand not in self.held and cand not in self.taken:
                self.taken.append(cand)
                return cand

    def commit(self) -> None:
        self.held.difference_update(self.given)
        self.held.update(self.taken)


def _needs_node_ports(spec: dict) -> bool:
    return spec.get("type") in ("NodePort", "LoadBalancer")


def _should_allocate_node_ports(spec: dict) -> bool:
    """alloc.go shouldAllocateNodePorts."""
    if spec.get("type") == "NodePort":
        return True
    return spec.get("type") == "LoadBalancer" and spec.get("allocateLoadBalancerNodePorts", True) is not False


def _needs_health_check_port(spec: dict) -> bool:
    """service.go NeedsHealthCheck: a LoadBalancer that keeps traffic on nodes with endpoints."""
    return spec.get("type") == "LoadBalancer" and spec.get("externalTrafficPolicy") == "Local"


def _alloc_health_check_port(obj: dict, op: _NodePorts) -> None:
    """alloc.go allocHealthCheckNodePort: the one asked for, or any free node port."""
    spec = obj["spec"]
    want = spec.get("healthCheckNodePort")
    if want:
        why = op.allocate(want)
        if why:
            raise errors.internal(f"failed to allocate requested HealthCheck NodePort {want}: {why}")
    else:
        spec["healthCheckNodePort"] = op.allocate_next()


def _ports(spec: dict) -> list[dict]:
    return [p for p in spec.get("ports") or () if isinstance(p, dict)]


def _init_node_ports(obj: dict, op: _NodePorts) -> None:
    """alloc.go initNodePorts: ports that share a port number share a nodePort."""
    spec = obj["spec"]
    ports = _ports(spec)
    by_port: dict = {}
    for i, p in enumerate(ports):
        if not p.get("nodePort") and not _should_allocate_node_ports(spec):
            continue  # don't allocate new ports, but do respect specific requests
        have = by_port.get(p.get("port"))
        if not have:
            want = next((q["nodePort"] for q in ports if q.get("port") == p.get("port") and q.get("nodePort")), 0)
            if want:
                why = op.allocate(want)
                if why:
                    raise _invalid(obj, f"spec.ports[{i}].nodePort", want, why)
                p["nodePort"] = want
            else:
                p["nodePort"] = op.allocate_next()
            by_port[p.get("port")] = p["nodePort"]
        elif p.get("nodePort") != have:
            if not p.get("nodePort"):
                p["nodePort"] = have
            else:
                why = op.allocate(p["nodePort"])
                if why:
                    raise _invalid(obj, f"spec.ports[{i}].nodePort", p["nodePort"], why)


def _update_node_ports(obj: dict, old: dict, op: _NodePorts) -> None:
    """alloc.go updateNodePorts: a port the service already held is kept; the rest are new."""
    spec = obj["spec"]
    before = {p.get("nodePort") for p in _ports(old.get("spec") or {}) if p.get("nodePort")}
    for i, p in enumerate(_ports(spec)):
        if not p.get("nodePort") and not _should_allocate_node_ports(spec):
            continue
        if p.get("nodePort"):
            if p["nodePort"] not in before and p["nodePort"] not in op.taken:
                why = op.allocate(p["nodePort"])
                if why:
                    raise _invalid(obj, f"spec.ports[{i}].nodePort", p["nodePort"], why)
        else:
            p["nodePort"] = op.allocate_next()
    after = {p.get("nodePort") for p in _ports(spec)}
    op.given.extend(n for n in before if n not in after)


def _allocate_ip(api, obj: dict, held: set) -> str:
    spec = obj["spec"]
    ip = spec.get("clusterIP")
    if ip in (None, ""):
        while True:
            cand = str(ipaddress.ip_address(_BASE + api.rand.randint(1, _SIZE - 2)))
            if cand not in held:
                return cand
    if ip != "None":
        try:
            addr = ipaddress.ip_address(ip)
        except ValueError:
            raise _invalid(obj, "spec.clusterIPs[0]", ip, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)") from None
        if addr not in _NET:
            raise _invalid(obj, "spec.clusterIPs[0]", ip, "failed to allocate IP %s: the provided IP (%s) is not in the valid range. "
                           "The range of valid IPs is 10.96.0.0/12" % (ip, ip))
        if ip in held:
            raise _invalid(obj, "spec.clusterIPs", [ip], f"failed to allocate IP {ip}: provided IP is already allocated")
    return ip


def allocate_service(api, obj: dict) -> None:
    """storage.go beginCreate: the ClusterIP, then the NodePorts, taken at once."""
    spec = obj.setdefault("spec", {})
    st = _state(api)
    ip = None
    if spec.get("type", "ClusterIP") != "ExternalName":
        ip = _allocate_ip(api, obj, st["ips"])
        spec["clusterIP"] = ip
        spec["clusterIPs"] = [ip]
    op = _NodePorts(api, st["ports"])
    if _needs_node_ports(spec):
        _init_node_ports(obj, op)
    if _needs_health_check_port(spec):
        _alloc_health_check_port(obj, op)
    if ip not in (None, "None"):
        st["ips"].add(ip)
    op.commit()


def _drop_type_dependent_fields(spec: dict, old_spec: dict) -> None:
    """strategy.go dropTypeDependentFields: what the old type needed and the new one does not
    goes, when the client left it as it was (a patch that changes only the type)."""
    was_ip, is_ip = old_spec.get("type") != "ExternalName", spec.get("type") != "ExternalName"
    if was_ip and not is_ip:
        if spec.get("clusterIP") == old_spec.get("clusterIP") and spec.get("clusterIPs") == old_spec.get("clusterIPs"):
            spec.pop("clusterIP", None)
            spec.pop("clusterIPs", None)
        for f in ("ipFamilies", "ipFamilyPolicy"):
            if f in spec and spec.get(f) == old_spec.get(f):
                del spec[f]
    if _needs_node_ports(old_spec) and not _needs_node_ports(spec):
        old_ports = [p.get("nodePort") for p in _ports(old_spec)]
        if [p.get("nodePort") for p in _ports(spec)] == old_ports:
            for p in _ports(spec):
                p.pop("nodePort", None)
    if old_spec.get("type") == "LoadBalancer" and spec.get("type") != "LoadBalancer":
        if spec.get("allocateLoadBalancerNodePorts") == old_spec.get("allocateLoadBalancerNodePorts"):
            spec.pop("allocateLoadBalancerNodePorts", None)
    if _needs_node_ports(old_spec) and not _needs_node_ports(spec):
        if spec.get("externalTrafficPolicy") == old_spec.get("externalTrafficPolicy"):
            spec.pop("externalTrafficPolicy", None)
    if _needs_health_check_port(old_spec) and not _needs_health_check_port(spec):
        if spec.get("healthCheckNodePort") == old_spec.get("healthCheckNodePort"):
            spec.pop("healthCheckNodePort", None)


def _patch_allocated_values(spec: dict, old_spec: dict) -> None:
    """storage.go patchAllocatedValues: values the client left out keep what was allocated."""
    if old_spec.get("type") != "ExternalName" and spec.get("type") != "ExternalName":
        if not spec.get("clusterIP") and old_spec.get("clusterIP"):
            spec["clusterIP"] = old_spec["clusterIP"]
        if not spec.get("clusterIPs") and old_spec.get("clusterIPs"):
            spec["clusterIPs"] = old_spec["clusterIPs"]
    if _needs_node_ports(old_spec) and _needs_node_ports(spec):
        used = ({p.get("nodePort") for p in _ports(old_spec)} & {p.get("nodePort") for p in _ports(spec)})
        by_name = {p.get("name"): p.get("nodePort") for p in _ports(old_spec)}
        for p in _ports(spec):
            if not p.get("nodePort"):
                was = by_name.get(p.get("name"))
                if was and was not in used:
                    p["nodePort"] = was
    if _needs_health_check_port(old_spec) and _needs_health_check_port(spec) and not spec.get("healthCheckNodePort"):
        spec["healthCheckNodePort"] = old_spec.get("healthCheckNodePort")


def begin_update(api, obj: dict, old: dict) -> Callable[[], None]:
    """storage.go beginUpdate (then the strategy's dropTypeDependentFields): checks and fills ``obj``,
    and returns the commit of what it took and gave back."""
    spec = obj.setdefault("spec", {})
    old_spec = old.get("spec") or {}
    st = _state(api)
    _patch_allocated_values(spec, old_spec)
    take_ip = give_ips = None
    if old_spec.get("type") == "ExternalName" and spec.get("type") != "ExternalName":
        take_ip = _allocate_ip(api, obj, st["ips"])
        spec["clusterIP"] = take_ip
        spec["clusterIPs"] = [take_ip]
    elif old_spec.get("type") != "ExternalName" and spec.get("type") == "ExternalName":
        give_ips = [ip for ip in old_spec.get("clusterIPs") or () if ip != "None"]
    op = _NodePorts(api, st["ports"])
    if _needs_node_ports(old_spec) and not _needs_node_ports(spec):
        op.given.extend(p.get("nodePort") for p in _ports(old_spec) if p.get("nodePort"))
    if _needs_node_ports(spec):
        _update_node_ports(obj, old, op)
    # alloc.go updateHealthCheckNodePort: allocate when it becomes needed, give back when it stops
    if not _needs_health_check_port(old_spec) and _needs_health_check_port(spec):
        _alloc_health_check_port(obj, op)
    elif _needs_health_check_port(old_spec) and not _needs_health_check_port(spec) and old_spec.get("healthCheckNodePort"):
        op.given.append(old_spec["healthCheckNodePort"])
    _drop_type_dependent_fields(spec, old_spec)

    def commit() -> None:
        if take_ip not in (None, "None"):
            st["ips"].add(take_ip)
        for ip in give_ips or ():
            st["ips"].discard(ip)
        op.commit()

    return commit


def release_service(api, obj: dict) -> None:
    st = _state(api)
    spec = obj.get("spec") or {}
    for ip in spec.get("clusterIPs") or ():
        st["ips"].discard(ip)
    for p in spec.get("ports") or ():
        st["ports"].discard(p.get("nodePort"))
    st["ports"].discard(spec.get("healthCheckNodePort"))


# What the API server runs around a write besides defaults.PREPARE_CREATE (which allocates on create).
BEGIN_UPDATE: dict[str, Callable] = {"Service": begin_update}
UNDO_CREATE: dict[str, Callable] = {"Service": release_service}
