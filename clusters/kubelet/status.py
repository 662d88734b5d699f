"""The pod status the kubelet reports, generated from its runtime state.

kubelet_pods.go generateAPIPodStatus and getPhase, status/generate.go for the
conditions (PodReadyToStartContainers, Initialized, Ready, ContainersReady,
with PodScheduled kept as the scheduler wrote it), in the order ``kubectl
describe`` prints them. Regular container statuses are sorted by name
(SortedContainerStatuses), init containers keep spec order. A condition's
lastTransitionTime only moves when its status does.
"""
from __future__ import annotations

from clusters import timeutil

CONDITION_ORDER = ("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled")


def _ts(cluster, t: float) -> str:
    return timeutil.rfc3339(cluster.epoch + t)


# status_manager.go normalizeStatus: a pod's termination messages share 12 KiB
# (kubecontainer.MaxPodTerminationMessageLogLength), cut to an equal part per container.
MAX_POD_TERMINATION_MESSAGES = 12 * 1024
EPOCH_ZERO = "1970-01-01T00:00:00Z"  # metav1.NewTime(time.Unix(0, 0)), as kuberuntime converts a zero StartedAt


def terminated_state(cluster, c, budget: int = MAX_POD_TERMINATION_MESSAGES) -> dict:
    """A container's ``state.terminated`` (or ``lastState.terminated``) as the runtime last saw it."""
    # A container whose start failed (StartError) never ran: containerd's StartedAt is 0, the Unix epoch.
    started = EPOCH_ZERO if c.term_reason == "StartError" else _ts(cluster, c.started_at)
    t = {"exitCode": c.exit_code, "reason": c.term_reason, "startedAt": started,
         "finishedAt": _ts(cluster, c.finished_at), "containerID": c.container_id}
    if c.term_message:
        t["message"] = c.term_message[:budget]
    return t


def container_status(cluster, c, spec: dict | None = None, budget: int = MAX_POD_TERMINATION_MESSAGES,
                     unseen_reason: str = "ContainerCreating") -> dict:
    """A container's status. An exit the PLEG has not relisted yet (``c.unseen``) shows the state reported
    before it; a container never reported running has convertToAPIContainerStatuses's default waiting
    reason, ``unseen_reason``, and no container ID yet."""
    st: dict = {"name": c.name}
    shown = c.unseen or c.state
    hidden = c.unseen == "waiting" and not c.last_state
    if shown == "waiting":
        w = {"reason": unseen_reason if c.unseen else c.reason}
        if c.message and not c.unseen:
            w["message"] = c.message
        state = {"waiting": w}
    elif shown == "running":
        state = {"running": {"startedAt": _ts(cluster, c.started_at)}}
    else:
        state = {"terminated": terminated_state(cluster, c, budget)}
    st["state"] = state
    st["lastState"] = dict(c.last_state) if c.last_state else {}
    last = st["lastState"].get("terminated")
    if last is not None and len(last.get("message") or "") > budget:
        st["lastState"] = {"terminated": dict(last, message=last["message"][:budget])}
    st["ready"] = c.ready
    st["restartCount"] = c.restart_count
    st["image"] = c.image_name
    cid = "" if hidden else c.container_id
    st["imageID"] = "" if hidden else c.image_id
    if cid:
        st["containerID"] = cid
    st["started"] = c.started if shown == "running" else False
    if cid and spec is not None:
        # kubelet_pods.go convertContainerStatus: a container the runtime has created reports
        # its mounts (RecursiveReadOnlyMounts, beta and on in 1.32); recursive read-only is
        # Disabled for a read-only mount unless asked for.
        mounts = []
        for vm in spec.get("volumeMounts") or ():
            m = {"name": vm.get("name"), "mountPath": vm.get("mountPath")}
            if vm.get("readOnly"):
                m["readOnly"] = True
                m["recursiveReadOnly"] = "Enabled" if vm.get("recursiveReadOnly") == "Enabled" else "Disabled"
            mounts.append(m)
        if mounts:
            st["volumeMounts"] = mounts
    return st


def phase(rt) -> str:
    """getPhase (kubelet_pods.go) for regular containers, after init containers."""
    spec = rt.spec
    policy = spec.get("restartPolicy") or "Always"
    if rt.terminal:
        return rt.phase
    if rt.init_names and rt.init_done < len(rt.init_names):
        for n in rt.init_names:
            c = rt.containers[n]
            if c.state == "terminated" and not c.unseen and c.exit_code != 0 and policy == "Never":
                return "Failed"
        return "Pending"
    running = waiting = stopped = succeeded = 0
    for n in rt.main_names:
        c = rt.containers[n]
        shown = c.unseen or c.state
        if shown == "running":
            running += 1
        elif shown == "terminated":
            stopped += 1
            if c.exit_code == 0:
                succeeded += 1
        elif c.last_state:
            stopped += 1
        else:
            waiting += 1
    if waiting:
        return "Pending"
    if running:
        return "Running"
    if stopped:
        if policy == "Always":
            return "Running"
        if stopped == succeeded:
            return "Succeeded"
        if policy == "Never":
            return "Failed"
        return "Running"
    return "Pending"


# Stored objects are never mutated, so pods share equal condition dicts and
# hostIPs lists: pods that became ready in the same second on a 30,000-pod
# cluster hold one Ready condition between them. Bounded; the values are
# plain data, so sharing changes nothing a reader can see.
_SHARED_MAX = 20_000
_shared: dict = {}


def _share(key, make):
    v = _shared.get(key)
    if v is None:
        if len(_shared) >= _SHARED_MAX:
            _shared.clear()
        v = _shared[key] = make()
    return v


def _condition(type_: str, status: str, when: str, reason: str, message: str) -> dict:
    def make():
        c = {"type": type_, "status": status, "lastProbeTime": None, "lastTransitionTime": when}
        if reason:
            c["reason"] = reason
        if message:
            c["message"] = message
        return c
    return _share(("condition", type_, status, when, reason, message), make)


def _host_ips(ip: str) -> list:
    return _share(("hostIPs", ip), lambda: [{"ip": ip}])


def generate(kubelet, rt, stored: dict) -> dict:
    """The full status to write for a pod, built on the stored one (fields others own are kept)."""
    cluster = kubelet.cluster
    old = stored.get("status") or {}
    status = {}
    ph = rt.phase if rt.terminal else phase(rt)
    status["phase"] = ph
    conds = []
    now_ts = kubelet.api.timestamp()

    stored_conds = {c.get("type"): c for c in old.get("conditions") or ()}

    def cond(type_: str, ok: bool, reason: str = "", message: str = "") -> None:
        s = "True" if ok else "False"
        prev = stored_conds.get(type_)
        when = prev.get("lastTransitionTime") if prev is not None and prev.get("status") == s else now_ts
        conds.append(_condition(type_, s, when, reason, message))

    terminal = ph in ("Succeeded", "Failed")
    cond("PodReadyToStartContainers", rt.sandbox and not terminal)
    if rt.init_names and rt.init_done < len(rt.init_names):
        pending = [n for n in rt.init_names[rt.init_done:]]
        cond("Initialized", False, "ContainersNotInitialized", f"containers with incomplete status: [{' '.join(pending)}]")
    else:
        cond("Initialized", True)
    # generateContainersReadyCondition: restartable init containers (sidecars) first, then the containers.
    unready = [n for n in rt.init_names if rt.containers[n].sidecar and not rt.containers[n].ready] + \
        [n for n in rt.main_names if not rt.containers[n].ready]
    if terminal:
        cond("Ready", False, "PodCompleted")
        cond("ContainersReady", False, "PodCompleted")
    elif unready:
        msg = f"containers with unready status: [{' '.join(unready)}]"
        cond("Ready", False, "ContainersNotReady", msg)
        cond("ContainersReady", False, "ContainersNotReady", msg)
    else:
        cond("Ready", True)
        cond("ContainersReady", True)
    others = []
    for c in old.get("conditions") or ():
        t = c.get("type")
        if t == "PodScheduled":
            conds.append(c)
        elif t not in CONDITION_ORDER:
            others.append(c)
    if not any(c["type"] == "PodScheduled" for c in conds):
        conds.append({"type": "PodScheduled", "status": "True", "lastProbeTime": None,
                      "lastTransitionTime": rt.start_time})
    status["conditions"] = conds + others
    if rt.reason:
        status["reason"] = rt.reason
    if rt.message:
        status["message"] = rt.message
    host_ip = kubelet.ip
    status["hostIP"] = host_ip
    status["hostIPs"] = _host_ips(host_ip)
    if rt.ip:
        status["podIP"] = rt.ip
        status["podIPs"] = [{"ip": rt.ip}]
    status["startTime"] = rt.start_time
    budget = MAX_POD_TERMINATION_MESSAGES // max(1, len(rt.containers))
    # kubelet_pods.go convertToAPIContainerStatuses: defaultWaitingState.
    unseen = "PodInitializing" if rt.init_names else "ContainerCreating"
    if rt.init_names:
        # prober_manager.go UpdatePodStatus: an init container that is not a sidecar is ready once it
        # has terminated with exit code 0, and not before or after a failure.
        status["initContainerStatuses"] = [
            container_status(cluster, c, rt.container_spec(c.name), budget, unseen) if c.sidecar else
            dict(container_status(cluster, c, rt.container_spec(c.name), budget, unseen),
                 ready=c.state == "terminated" and not c.unseen and c.exit_code == 0)
            for c in (rt.containers[n] for n in rt.init_names)]
    status["containerStatuses"] = [container_status(cluster, rt.containers[n], rt.container_spec(n), budget, unseen)
                                   for n in sorted(rt.main_names)]
    if rt.ephemeral_names:
        # The prober manager never runs for them: an ephemeral container is never ready.
        status["ephemeralContainerStatuses"] = [dict(container_status(cluster, rt.containers[n], rt.container_spec(n), budget, unseen),
                                                     ready=False) for n in sorted(rt.ephemeral_names)]
    for k in ("qosClass", "nominatedNodeName", "resize"):
        if k in old:
            status[k] = old[k]
    return status
