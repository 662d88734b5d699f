"""Which EndpointSlices a Service should have, and the smallest change to get there.

A port of staging/src/k8s.io/endpointslice/reconciler.go and utils.go (1.32):
endpoints are grouped by the ports they resolve to; within a group existing
slices keep the endpoints still wanted (in place), slices left empty are
deleted, new endpoints fill the slices already being updated, then the one
unchanged slice they fit in best (getSliceToFill), then new slices of at most
``max_endpoints_per_slice``. A Service with no endpoints gets one empty
placeholder slice. Creates that could reuse a slice marked for deletion
become updates of it (finalize).

Upstream pops new endpoints from a set in map order; here they are added in
the order of their key (addresses, then pod name) so results are reproducible.
"""
from __future__ import annotations

from collections import deque

from clusters import objects
from clusters.controllers.endpointslice import util

# discovery/v1 well_known_labels.go
LABEL_SERVICE_NAME = "kubernetes.io/service-name"
LABEL_MANAGED_BY = "endpointslice.kubernetes.io/managed-by"
# pkg/controller/endpointslice/endpointslice_controller.go ControllerName
CONTROLLER_NAME = "endpointslice-controller.k8s.io"
_RESERVED = (LABEL_SERVICE_NAME, LABEL_MANAGED_BY, util.HEADLESS_LABEL)


def pod_to_endpoint(pod: dict, node: dict | None, service: dict) -> dict:
    """utils.go podToEndpoint: ready = publishNotReadyAddresses || (serving && !terminating)."""
    serving = util.is_pod_ready(pod)
    terminating = bool(pod["metadata"].get("deletionTimestamp"))
    ready = bool((service.get("spec") or {}).get("publishNotReadyAddresses")) or (serving and not terminating)
    m = pod["metadata"]
    ep: dict = {
        "addresses": [ip for ip in util.pod_ips(pod) if ":" not in ip],
        "conditions": {"ready": ready, "serving": serving, "terminating": terminating},
    }
    if util.should_set_hostname(pod, service):
        ep["hostname"] = pod["spec"]["hostname"]
    ep["targetRef"] = {"kind": "Pod", "namespace": m["namespace"], "name": m["name"], "uid": m["uid"]}
    node_name = (pod.get("spec") or {}).get("nodeName")
    if node_name:
        ep["nodeName"] = node_name
    zone = ((node or {}).get("metadata", {}).get("labels") or {}).get("topology.kubernetes.io/zone")
    if zone:
        ep["zone"] = zone
    return ep


def endpoint_ports(service: dict, pod: dict) -> list[dict] | None:
    """utils.go getEndpointPorts; ports the pod cannot serve are skipped."""
    spec = service.get("spec") or {}
    out: list[dict] = []
    if not spec.get("ports") and spec.get("clusterIP") == "None":
        return out
    for sp in spec.get("ports") or ():
        num = util.find_port(pod, sp)
        if num is None:
            continue
        p = {"name": sp.get("name", ""), "port": num, "protocol": sp.get("protocol", "TCP")}
        if sp.get("appProtocol"):
            p["appProtocol"] = sp["appProtocol"]
        out.append(p)
    return out


def _ports_key(ports: list[dict] | None) -> tuple:
    return tuple(sorted((p.get("name") or "", p.get("port") or 0, p.get("protocol") or "", p.get("appProtocol") or "")
                        for p in ports or ()))


def endpoint_key(ep: dict) -> tuple:
    """endpointset.go hashEndpoint: addresses, hostname, and the target's namespace/name."""
    ref = ep.get("targetRef") or {}
    return (tuple(sorted(ep.get("addresses") or ())), ep.get("hostname") or "", ref.get("namespace") or "", ref.get("name") or "")


def slice_labels(service: dict) -> dict:
    """utils.go setEndpointSliceLabels: the Service's labels plus the reserved ones."""
    labels = {k: v for k, v in (service["metadata"].get("labels") or {}).items() if k not in _RESERVED}
    if not util.is_service_ip_set(service):
        labels[util.HEADLESS_LABEL] = ""
    labels[LABEL_SERVICE_NAME] = service["metadata"]["name"]
    labels[LABEL_MANAGED_BY] = CONTROLLER_NAME
    return labels


def new_slice(service: dict, ports: list[dict], address_type: str = "IPv4") -> dict:
    """utils.go newEndpointSlice, with generateName ``<service>-``."""
    m = service["metadata"]
    name = m["name"]
    prefix = f"{name}-" if len(name) + 1 <= 253 else name
    return {
        "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
        "metadata": {
            "generateName": prefix, "namespace": m["namespace"],
            "labels": slice_labels(service),
            "ownerReferences": [{"apiVersion": "v1", "kind": "Service", "name": name, "uid": m["uid"],
                                 "controller": True, "blockOwnerDeletion": True}],
        },
        "addressType": address_type,
        "endpoints": [],
        "ports": [dict(p) for p in ports],
    }


class Plan:
    __slots__ = ("create", "update", "delete")

    def __init__(self):
        self.create: list[dict] = []
        self.update: list[dict] = []
        self.delete: list[dict] = []


def reconcile(service: dict, pods: list[dict], existing: list[dict], nodes: dict[str, dict],
              max_per_slice: int) -> Plan:
    """reconciler.go reconcileByAddressType for IPv4 (the only family simulated)."""
    desired_by_ports: dict[tuple, dict[tuple, dict]] = {}
    meta_by_ports: dict[tuple, list[dict]] = {}
    for pod in pods:
        if not util.should_pod_be_in_endpoints(pod, True):
            continue
        ports = endpoint_ports(service, pod)
        pk = _ports_key(ports)
        ep = pod_to_endpoint(pod, nodes.get((pod.get("spec") or {}).get("nodeName") or ""), service)
        if not ep["addresses"]:
            continue
        meta_by_ports.setdefault(pk, ports)
        desired_by_ports.setdefault(pk, {})[endpoint_key(ep)] = ep

    existing_by_ports: dict[tuple, list[dict]] = {}
    for s in existing:
        existing_by_ports.setdefault(_ports_key(s.get("ports")), []).append(s)

    plan = Plan()
    labels = slice_labels(service)
    for pk, desired in desired_by_ports.items():
        _reconcile_ports(service, existing_by_ports.get(pk, []), dict(desired), meta_by_ports[pk], labels, max_per_slice, plan)
    for pk, slices in existing_by_ports.items():
        if pk not in desired_by_ports:
            plan.delete.extend(slices)

    # Placeholder: a Service with no endpoints still gets one empty slice.
    if len(existing) == len(plan.delete) and not plan.create:
        placeholder = new_slice(service, [])
        if len(plan.delete) == 1 and _is_placeholder(plan.delete[0], placeholder):
            plan.delete = []
        else:
            plan.create.append(placeholder)

    # finalize: turn a create into an update of a slice about to be deleted.
    i = 0
    while i < len(plan.delete) and plan.create:
        victim = plan.delete[i]
        cand = plan.create[-1]
        if victim.get("addressType") == cand["addressType"] and _owned_by(victim, service):
            cand = objects.clone(cand)
            meta = cand["metadata"]
            meta.pop("generateName", None)
            vm = victim["metadata"]
            meta["name"] = vm["name"]
            meta["resourceVersion"] = vm.get("resourceVersion")
            meta["uid"] = vm.get("uid")
            meta["annotations"] = dict(vm.get("annotations") or {})
            plan.create.pop()
            plan.update.append(cand)
            plan.delete.pop(i)
        else:
            i += 1
    return plan


def _is_placeholder(s: dict, placeholder: dict) -> bool:
    """placeholderSliceCompare: same labels, no endpoints, no ports."""
    return not s.get("endpoints") and not s.get("ports") and (s["metadata"].get("labels") or {}) == placeholder["metadata"]["labels"]


def _owned_by(s: dict, service: dict) -> bool:
    for o in s["metadata"].get("ownerReferences") or ():
        if o.get("uid") == service["metadata"]["uid"] and o.get("kind") == "Service" and o.get("apiVersion") == "v1":
            return True
    return False


def _reconcile_ports(service: dict, existing: list[dict], desired: dict[tuple, dict], ports: list[dict],
                     labels: dict, max_per_slice: int, plan: Plan) -> None:
    """reconciler.go reconcileByPortMapping."""
    to_update: list[dict] = []
    unchanged: list[dict] = []
    # 1. Keep the endpoints still wanted in each existing slice.
    for s in existing:
        kept = []
        changed = False
        for ep in s.get("endpoints") or ():
            k = endpoint_key(ep)
            want = desired.pop(k, None)
            if want is None:
                changed = True
                continue
            if want != ep:
                changed = True
            kept.append(want)
        labels_changed = (s["metadata"].get("labels") or {}) != labels
        if not kept:
            plan.delete.append(s)
        elif changed or labels_changed:
            new = objects.clone(s)
            new["endpoints"] = kept
            new["metadata"]["labels"] = dict(labels)
            to_update.append(new)
        else:
            unchanged.append(s)
    remaining = deque(desired[k] for k in sorted(desired))
    # 2. Fill the slices being updated, fullest first.
    if remaining and to_update:
        to_update.sort(key=lambda s: -len(s["endpoints"]))
        for s in to_update:
            while remaining and len(s["endpoints"]) < max_per_slice:
                s["endpoints"].append(remaining.popleft())
    # 3. Fit the rest into one unchanged slice if they can, else new slices.
    while remaining:
        fill = None
        if len(remaining) < max_per_slice and unchanged:
            fill = _slice_to_fill(unchanged, len(remaining), max_per_slice)
        if fill is None:
            fill = new_slice(service, ports)
        else:
            unchanged.remove(fill)
            fill = objects.clone(fill)
        while remaining and len(fill["endpoints"]) < max_per_slice:
            fill["endpoints"].append(remaining.popleft())
        if fill["metadata"].get("name"):
            to_update.append(fill)
        else:
            plan.create.append(fill)
    plan.update.extend(to_update)


def _slice_to_fill(slices: list[dict], n: int, max_per_slice: int) -> dict | None:
    """utils.go getSliceToFill: the slice closest to full once n endpoints are added."""
    closest_diff = max_per_slice
    closest = None
    for s in slices:
        diff = max_per_slice - (n + len(s.get("endpoints") or ()))
        if 0 <= diff < closest_diff:
            closest_diff, closest = diff, s
            if diff == 0:
                break
    return closest
