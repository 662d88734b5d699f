"""The endpoints controller: one Endpoints object per Service with a selector.

A port of kubernetes/kubernetes:pkg/controller/endpoint/endpoints_controller.go
(1.32). Pod and Service events only enqueue the Service keys they concern;
``sync`` lists the selected pods, builds one subset per pod and port (ready
pods under ``addresses``, the rest under ``notReadyAddresses`` unless the
Service publishes not-ready addresses), repacks them by port set
(pkg/api/v1/endpoints/util.go RepackSubsets), truncates past 1000 addresses
with the ``endpoints.kubernetes.io/over-capacity: truncated`` annotation, and
writes only when something a reader can see changed.

One deliberate difference: upstream sorts ports and subsets by the hash of
their JSON, an order nobody can predict; here they sort by port name, number
and protocol, which is as stable and easier to read.
"""
from __future__ import annotations

import math

from clusters import objects
from clusters.apiserver import errors
from clusters.controllers.base import Controller, key_of, split_key
from clusters.controllers.endpointslice import util

# endpoints_controller.go maxCapacity and truncated.
MAX_CAPACITY = 1000
TRUNCATED = "truncated"


class EndpointsController(Controller):
    name = "endpoint-controller"

    def __init__(self, cluster):
        super().__init__(cluster)
        self.triggers = util.TriggerTimeTracker()

    def start(self) -> None:
        inf = self.cluster.informers
        inf.on("services", add=self._service_event, update=self._service_updated, delete=self._service_event)
        inf.on("pods", add=self._pod_added, update=self._pod_updated, delete=self._pod_added)
        inf.on("endpoints", delete=self._endpoints_deleted)
        for svc in self.api.list("services"):
            self._service_event(svc)

    # -- handlers: map events to Service keys --------------------------------
    def _service_event(self, svc: dict) -> None:
        self.enqueue(key_of(svc))

    def _service_updated(self, old: dict, new: dict) -> None:
        self.enqueue(key_of(new))

    def _endpoints_deleted(self, ep: dict) -> None:
        self.enqueue(key_of(ep))

    def _pod_added(self, pod: dict) -> None:
        for key in util.services_selecting(self.cluster, pod["metadata"]["namespace"], pod["metadata"].get("labels") or {}):
            self.enqueue(key)

    def _pod_updated(self, old: dict, new: dict) -> None:
        for key in util.services_to_update_on_pod_change(self.cluster, old, new):
            self.enqueue(key)

    # -- sync ---------------------------------------------------------------
    def sync(self, key: str):
        ns, name = split_key(key)
        service = self.api.try_get("services", name, ns)
        if service is None:
            # The Service is gone: delete its Endpoints (syncService).
            if self.api.try_get("endpoints", name, ns) is not None:
                try:
                    self.client.delete("endpoints", name, ns)
                except errors.StatusError as e:
                    if e.code != 404:
                        raise
            self.triggers.delete(key)
            return None
        spec = service.get("spec") or {}
        if spec.get("type") == "ExternalName" or spec.get("selector") is None:
            return None
        selector = objects.selector_from_map(spec["selector"])
        pods = self.api.list("pods", ns, selector)
        trigger = self.triggers.compute(key, service, pods)
        subsets = desired_subsets(service, pods)
        # Truncate before comparing, so that an over-capacity Service is not
        # rewritten on every sync (upstream compares the untruncated list).
        truncated = truncate(subsets)

        current = self.api.try_get("endpoints", name, ns)
        svc_labels = dict(service["metadata"].get("labels") or {})
        if current is not None:
            cur_labels = {k: v for k, v in (current["metadata"].get("labels") or {}).items() if k != util.HEADLESS_LABEL}
            annotated = util.OVER_CAPACITY in (current["metadata"].get("annotations") or {})
            if current.get("subsets", []) == subsets and cur_labels == svc_labels and annotated == truncated \
                    and (util.HEADLESS_LABEL in (current["metadata"].get("labels") or {})) != util.is_service_ip_set(service):
                return None
            new = objects.clone(current)
        else:
            new = {"apiVersion": "v1", "kind": "Endpoints", "metadata": {"name": name, "namespace": ns}}
        m = new["metadata"]
        labels = svc_labels
        annotations = dict(m.get("annotations") or {})
        if trigger is not None:
            annotations[util.LAST_CHANGE_TRIGGER_TIME] = util.format_trigger_time(trigger)
        else:
            annotations.pop(util.LAST_CHANGE_TRIGGER_TIME, None)
        if truncated:
            annotations[util.OVER_CAPACITY] = TRUNCATED
        else:
            annotations.pop(util.OVER_CAPACITY, None)
        if util.is_service_ip_set(service):
            labels.pop(util.HEADLESS_LABEL, None)
        else:
            labels[util.HEADLESS_LABEL] = ""
        m["labels"] = labels
        m["annotations"] = annotations
        if subsets:
            new["subsets"] = subsets
        else:
            new.pop("subsets", None)
        if current is None:
            try:
                self.client.create("endpoints", new, ns)
            except errors.StatusError as e:
                if e.code == 403:
                    # Namespace terminating: creates keep failing; drop the item.
                    return None
                self.recorder.event(new, "Warning", "FailedToCreateEndpoint",
                                    f"Failed to create endpoint for service {ns}/{name}: {e.message}")
                raise
        else:
            try:
                self.client.update("endpoints", new)
            except errors.StatusError as e:
                self.recorder.event(new, "Warning", "FailedToUpdateEndpoint",
                                    f"Failed to update endpoint {ns}/{name}: {e.message}")
                raise
        return None


def _address(pod: dict, ip: str, service: dict) -> dict:
    """podToEndpointAddressForService (+ hostname when ShouldSetHostname)."""
    m = pod["metadata"]
    a = {"ip": ip}
    if util.should_set_hostname(pod, service):
        a["hostname"] = pod["spec"]["hostname"]
    a["nodeName"] = (pod.get("spec") or {}).get("nodeName", "")
    a["targetRef"] = {"kind": "Pod", "namespace": m["namespace"], "name": m["name"], "uid": m["uid"]}
    return a


def desired_subsets(service: dict, pods: list[dict]) -> list[dict]:
    spec = service.get("spec") or {}
    tolerate = bool(spec.get("publishNotReadyAddresses"))
    ports = spec.get("ports") or []
    headless = spec.get("clusterIP") == "None"
    # (port tuple) -> {address key: (ready, address)}
    by_ports: dict[tuple, dict[tuple, tuple[bool, dict]]] = {}
    for pod in pods:
        if not util.should_pod_be_in_endpoints(pod, tolerate):
            continue
        ips = util.pod_ips(pod)
        if not ips:
            continue
        addr = _address(pod, ips[0], service)
        ready = tolerate or util.is_pod_ready(pod)
        akey = (addr["ip"], addr["targetRef"]["uid"])
        if not ports:
            if headless:
                by_ports.setdefault((), {})[akey] = (ready, addr)
            continue
        for sp in ports:
            num = util.find_port(pod, sp)
            if num is None:
                continue
            ep = {"name": sp.get("name", ""), "port": num, "protocol": sp.get("protocol", "TCP")}
            if sp.get("appProtocol"):
                ep["appProtocol"] = sp["appProtocol"]
            pkey = (ep["name"], ep["port"], ep["protocol"], ep.get("appProtocol", ""))
            # RepackSubsets maps each port to its addresses, then groups ports
            # whose address sets are identical.
            by_ports.setdefault((pkey,), {})[akey] = (ready, addr)
    # Group ports with the same address set.
    groups: dict[tuple, list[tuple]] = {}
    addr_of: dict[tuple, dict] = {}
    for pkeys, addrs in by_ports.items():
        sig = tuple(sorted((k, r) for k, (r, _) in addrs.items()))
        groups.setdefault(sig, []).extend(pkeys)
        addr_of[sig] = addrs
    subsets = []
    for sig, pkeys in groups.items():
        addrs = addr_of[sig]
        ready = [a for k, (r, a) in sorted(addrs.items()) if r]
        not_ready = [a for k, (r, a) in sorted(addrs.items()) if not r]
        subset: dict = {}
        if ready:
            subset["addresses"] = ready
        if not_ready:
            subset["notReadyAddresses"] = not_ready
        port_list = []
        for name, num, proto, app in sorted(pkeys):
            p = {"name": name, "port": num, "protocol": proto} if name else {"port": num, "protocol": proto}
            if app:
                p["appProtocol"] = app
            port_list.append(p)
        if port_list:
            subset["ports"] = port_list
        subsets.append(subset)
    subsets.sort(key=lambda s: [(p.get("name", ""), p["port"], p["protocol"]) for p in s.get("ports", [])])
    return subsets


def truncate(subsets: list[dict]) -> bool:
    """truncateEndpoints: keep at most 1000 addresses, ready ones first,
    spread over subsets in proportion to their size (rounded up)."""
    total_ready = sum(len(s.get("addresses", ())) for s in subsets)
    total_not_ready = sum(len(s.get("notReadyAddresses", ())) for s in subsets)
    if total_ready + total_not_ready <= MAX_CAPACITY:
        return False
    truncate_ready = total_ready > MAX_CAPACITY
    if truncate_ready:
        limit, num_total = MAX_CAPACITY, total_ready
    else:
        limit, num_total = MAX_CAPACITY - total_ready, total_not_ready
    can_be_added = limit
    for s in subsets:
        n = len(s.get("addresses", ())) if truncate_ready else len(s.get("notReadyAddresses", ()))
        to_add = math.ceil(n / num_total * limit) if num_total else 0
        to_add = min(to_add, can_be_added)
        if truncate_ready:
            s["addresses"] = s.get("addresses", [])[:to_add]
            s.pop("notReadyAddresses", None)
            can_be_added -= len(s["addresses"])
            if not s["addresses"]:
                s.pop("addresses")
        else:
            if "notReadyAddresses" in s:
                s["notReadyAddresses"] = s["notReadyAddresses"][:to_add]
                can_be_added -= len(s["notReadyAddresses"])
                if not s["notReadyAddresses"]:
                    s.pop("notReadyAddresses")
    return True
