"""The node lifecycle controller (pkg/controller/nodelifecycle/node_lifecycle_controller.go).

Every node-monitor-period (5 s) it checks each node's health: a node whose
kubelet has neither renewed its Lease nor posted status for
node-monitor-grace-period (50 s since 1.32, K PR #126287) gets every
kubelet condition set to Unknown, reason NodeStatusUnknown, "Kubelet stopped
posting node status." (a node that never posted: NodeStatusNeverUpdated,
"Kubelet never posted node status."), a NodeNotReady event, and its pods'
Ready condition set False (MarkPodsNotReady).

Taints follow the Ready condition (TaintBasedEvictions): Unknown gives
node.kubernetes.io/unreachable, False gives node.kubernetes.io/not-ready, as
NoExecute (rate-limited per zone, 0.1 node/s, and stopped when a zone is
fully or, for small clusters, partially disrupted: ComputeZoneState with
unhealthy-zone-threshold 0.55 and large-cluster-size-threshold 50) and as
NoSchedule (doNoScheduleTaintingPass, which also mirrors memory/disk/PID
pressure and spec.unschedulable). When the node is Ready again both go away.
The taint eviction controller (../tainteviction) evicts pods once their
tolerations expire.
"""
from __future__ import annotations

from clusters import objects, timeutil
from clusters.apiserver import errors
from clusters.controllers.base import Controller

NODE_MONITOR_PERIOD = 5.0
NODE_MONITOR_GRACE_PERIOD = 50.0
NODE_STARTUP_GRACE_PERIOD = 60.0
EVICTION_LIMITER_QPS = 0.1
SECONDARY_EVICTION_LIMITER_QPS = 0.01
LARGE_CLUSTER_THRESHOLD = 50
UNHEALTHY_ZONE_THRESHOLD = 0.55

UNREACHABLE = "node.kubernetes.io/unreachable"
NOT_READY = "node.kubernetes.io/not-ready"
# nodelifecycle nodeConditionToTaintKeyStatusMap and the unschedulable taint.
NO_SCHEDULE_BY_CONDITION = (
    ("Ready", "False", NOT_READY), ("Ready", "Unknown", UNREACHABLE),
    ("MemoryPressure", "True", "node.kubernetes.io/memory-pressure"),
    ("DiskPressure", "True", "node.kubernetes.io/disk-pressure"),
    ("NetworkUnavailable", "True", "node.kubernetes.io/network-unavailable"),
    ("PIDPressure", "True", "node.kubernetes.io/pid-pressure"),
)
UNSCHEDULABLE_TAINT = "node.kubernetes.io/unschedulable"
KUBELET_CONDITIONS = ("Ready", "MemoryPressure", "DiskPressure", "PIDPressure")
ZONE_LABEL = "topology.kubernetes.io/zone"
REGION_LABEL = "topology.kubernetes.io/region"


class NodeHealth:
    __slots__ = ("probe", "lease_renew", "heartbeat", "ready")

    def __init__(self, now: float):
        self.probe = now
        self.lease_renew = None
        self.heartbeat = None
        self.ready = None


def ready_status(node: dict) -> str | None:
    for c in (node.get("status") or {}).get("conditions") or ():
        if c.get("type") == "Ready":
            return c.get("status")
    return None


def zone_of(node: dict) -> str:
    labels = (node.get("metadata") or {}).get("labels") or {}
    region, zone = labels.get(REGION_LABEL, ""), labels.get(ZONE_LABEL, "")
    return f"{region}:\x00:{zone}" if region or zone else ""


class NodeLifecycleController(Controller):
    name = "node-lifecycle-controller"

    def __init__(self, cluster):
        super().__init__(cluster)
        from clusters.events import EventRecorder

        self.recorder = EventRecorder(cluster, "node-controller")
        self.health: dict[str, NodeHealth] = {}
        self.zone_next_token: dict[str, float] = {}
        self.zone_states: dict[str, str] = {}

    def start(self) -> None:
        inf = self.cluster.informers
        inf.on("nodes", add=self._node_added, update=self._node_updated, delete=self._node_deleted)
        for node in self.api.list("nodes"):
            self._node_added(node)
        self.until(NODE_MONITOR_PERIOD, "monitor_node_health")

    # handlers only enqueue: the key is the node name, synced for NoSchedule taints.
    def _node_added(self, node: dict) -> None:
        self.enqueue(node["metadata"]["name"])

    def _node_updated(self, old: dict, new: dict) -> None:
        if old.get("spec") != new.get("spec") or (old.get("status") or {}).get("conditions") != (new.get("status") or {}).get("conditions"):
            self.enqueue(new["metadata"]["name"])

    def _node_deleted(self, node: dict) -> None:
        self.health.pop(node["metadata"]["name"], None)

    def sync(self, key: str):
        """doNoScheduleTaintingPass for one node (and registering new nodes)."""
        node = self.api.try_get("nodes", key)
        if node is None:
            return None
        if key not in self.health:
            self.health[key] = NodeHealth(self.cluster.clock.now)
            self.recorder.event(_node_ref(node), "Normal", "RegisteredNode",
                                f"Node {key} event: Registered Node {key} in Controller")
        conds = {c.get("type"): c.get("status") for c in (node.get("status") or {}).get("conditions") or ()}
        want = set()
        for ctype, status, taint in NO_SCHEDULE_BY_CONDITION:
            if conds.get(ctype) == status:
                want.add(taint)
        if (node.get("spec") or {}).get("unschedulable"):
            want.add(UNSCHEDULABLE_TAINT)
        managed = {t for _, _, t in NO_SCHEDULE_BY_CONDITION} | {UNSCHEDULABLE_TAINT}
        taints = list((node.get("spec") or {}).get("taints") or [])
        have = {t.get("key") for t in taints if t.get("effect") == "NoSchedule" and t.get("key") in managed}
        if have == want:
            return None
        new_taints = [t for t in taints if not (t.get("effect") == "NoSchedule" and t.get("key") in managed and t.get("key") not in want)]
        for k in sorted(want - have):
            new_taints.append({"key": k, "effect": "NoSchedule"})
        self._set_taints(node, new_taints)
        return None

    def _set_taints(self, node: dict, taints: list) -> None:
        new = objects.clone(node)
        if taints:
            new.setdefault("spec", {})["taints"] = taints
        else:
            new.get("spec", {}).pop("taints", None)
        self.client.update("nodes", new)

    # -- the monitor loop ---------------------------------------------------------------------
    def monitor_node_health(self) -> None:
        now = self.cluster.clock.now
        zones: dict[str, list[str]] = {}
        nodes = self.api.list("nodes")
        for node in nodes:
            name = node["metadata"]["name"]
            h = self.health.get(name)
            if h is None:
                h = self.health[name] = NodeHealth(now)
            node = self._try_update_health(node, h, now)
            status = ready_status(node)
            zones.setdefault(zone_of(node), []).append(status)
            prev = h.ready
            h.ready = status
            if prev == "True" and status != "True":
                self.recorder.event(_node_ref(node), "Normal", "NodeNotReady", f"Node {name} status is now: NodeNotReady")
                self._mark_pods_not_ready(name)
        self._handle_disruption(zones)
        for node in nodes:
            self._no_execute_taint(node["metadata"]["name"], now)

    def _try_update_health(self, node: dict, h: NodeHealth, now: float) -> dict:
        """tryUpdateNodeHealth: observe heartbeats, mark Unknown after the grace period."""
        name = node["metadata"]["name"]
        lease = self.api.try_get("leases", name, "kube-node-lease")
        renew = (lease or {}).get("spec", {}).get("renewTime")
        if renew != h.lease_renew:
            h.lease_renew = renew
            h.probe = now
        ready = None
        for c in (node.get("status") or {}).get("conditions") or ():
            if c.get("type") == "Ready":
                ready = c
        hb = ready.get("lastHeartbeatTime") if ready else None
        if hb != h.heartbeat:
            h.heartbeat = hb
            h.probe = now
        grace = NODE_MONITOR_GRACE_PERIOD if ready is not None else NODE_STARTUP_GRACE_PERIOD
        if now - h.probe <= grace:
            return node
        conds = list((node.get("status") or {}).get("conditions") or [])
        changed = False
        ts = self.api.timestamp()
        by_type = {c.get("type"): i for i, c in enumerate(conds)}
        for ctype in KUBELET_CONDITIONS:
            i = by_type.get(ctype)
            if i is None:
                conds.append({"type": ctype, "status": "Unknown", "reason": "NodeStatusNeverUpdated",
                              "message": "Kubelet never posted node status.", "lastHeartbeatTime": h.heartbeat or
                              node["metadata"].get("creationTimestamp"), "lastTransitionTime": ts})
                changed = True
            elif conds[i].get("status") != "Unknown":
                c = dict(conds[i])
                c.update({"status": "Unknown", "reason": "NodeStatusUnknown", "message": "Kubelet stopped posting node status.",
                          "lastTransitionTime": ts})
                conds[i] = c
                changed = True
        if not changed:
            return node
        new_status = dict(node.get("status") or {})
        new_status["conditions"] = conds
        updated = self.client.update_status("nodes", {"metadata": {"name": name}, "status": new_status})
        h.heartbeat = None
        for c in conds:
            if c.get("type") == "Ready":
                h.heartbeat = c.get("lastHeartbeatTime")
        return updated

    def _mark_pods_not_ready(self, node_name: str) -> None:
        """controller_utils.go MarkPodsNotReady."""
        for pod in self.api.list("pods", field_filter=_on_node(node_name)):
            conds = (pod.get("status") or {}).get("conditions") or []
            for c in conds:
                if c.get("type") == "Ready" and c.get("status") != "False":
                    new_conds = [dict(x, status="False", lastTransitionTime=self.api.timestamp()) if x.get("type") == "Ready" else x
                                 for x in conds]
                    st = dict(pod["status"])
                    st["conditions"] = new_conds
                    m = pod["metadata"]
                    try:
                        self.client.update_status("pods", {"metadata": {"name": m["name"], "namespace": m["namespace"]}, "status": st})
                    except errors.StatusError:
                        continue
                    self.recorder.event(pod, "Warning", "NodeNotReady", "Node is not ready")
                    break

    # -- zones and NoExecute taints -------------------------------------------------------------
    def _handle_disruption(self, zones: dict) -> None:
        """ComputeZoneState per zone; full disruption everywhere stops evictions and untaints."""
        states = {}
        for zone, readies in zones.items():
            ready = sum(1 for r in readies if r == "True")
            not_ready = len(readies) - ready
            if ready == 0 and not_ready > 0:
                states[zone] = "FullDisruption"
            elif not_ready > 2 and not_ready / (not_ready + ready) >= UNHEALTHY_ZONE_THRESHOLD:
                states[zone] = "PartialDisruption"
            else:
                states[zone] = "Normal"
        self.zone_sizes = {z: len(r) for z, r in zones.items()}
        self.zone_states = states

    def _zone_qps(self, zone: str) -> float:
        state = self.zone_states.get(zone, "Normal")
        if state == "Normal":
            return EVICTION_LIMITER_QPS
        if all(s == "FullDisruption" for s in self.zone_states.values()):
            return 0.0
        if state == "FullDisruption":
            return EVICTION_LIMITER_QPS
        return SECONDARY_EVICTION_LIMITER_QPS if self.zone_sizes.get(zone, 0) > LARGE_CLUSTER_THRESHOLD else 0.0

    def _no_execute_taint(self, name: str, now: float) -> None:
        """doNoExecuteTaintingPass, rate-limited per zone (a token bucket with burst 1)."""
        node = self.api.try_get("nodes", name)
        if node is None:
            return
        status = ready_status(node)
        taints = list((node.get("spec") or {}).get("taints") or [])
        keys = {t.get("key") for t in taints if t.get("effect") == "NoExecute"}
        zone = zone_of(node)
        all_disrupted = self.zone_states and all(s == "FullDisruption" for s in self.zone_states.values())
        if status == "True" or all_disrupted:
            # markNodeAsReachable; with every zone down the controller assumes a control-plane problem.
            if keys & {UNREACHABLE, NOT_READY}:
                self._set_taints(node, [t for t in taints if not (t.get("effect") == "NoExecute" and t.get("key") in (UNREACHABLE, NOT_READY))])
            return
        want = UNREACHABLE if status in (None, "Unknown") else NOT_READY
        other = NOT_READY if want == UNREACHABLE else UNREACHABLE
        if want in keys and other not in keys:
            return
        qps = self._zone_qps(zone)
        if qps <= 0:
            return
        if want not in keys:
            nxt = self.zone_next_token.get(zone, 0.0)
            if now < nxt:
                self.cluster.clock.at(nxt, self._retaint, name)
                return
            self.zone_next_token[zone] = now + 1.0 / qps
        new_taints = [t for t in taints if not (t.get("effect") == "NoExecute" and t.get("key") == other)]
        if want not in keys:
            new_taints.append({"key": want, "effect": "NoExecute", "timeAdded": self.api.timestamp()})
        self._set_taints(node, new_taints)

    def _retaint(self, name: str) -> None:
        try:
            self._no_execute_taint(name, self.cluster.clock.now)
        except errors.StatusError:
            pass
        except Exception as e:
            self.cluster.record_bug(self.name, name, e)


class _on_node:
    """A picklable field filter: pods bound to one node."""

    def __init__(self, node: str):
        self.node = node

    def __call__(self, pod: dict) -> bool:
        return pod["spec"].get("nodeName") == self.node


def _node_ref(node: dict) -> dict:
    # Node events use the node name as UID, as upstream's nodeutil.RecordNodeEvent does.
    return {"kind": "Node", "apiVersion": "v1", "metadata": {"name": node["metadata"]["name"], "uid": node["metadata"]["name"]}}


_ = timeutil
