"""One describer per kind, ports of kubernetes/kubectl:pkg/describe/describe.go
(describePod, describeNode, describeDeployment, describeReplicaSet,
describeService, describeNamespace, describeConfigMap, describeSecret,
describeJob) and the generic describer for everything else
(printUnstructuredContent). Each takes (api, obj, now) and returns text.
Where Go iterates a map (configmap data, limit ranges) the keys are sorted
so the output is deterministic.
"""
from __future__ import annotations

import base64
import re

from clusters import objects
from clusters.apiserver import errors as api_errors
from clusters.console.printers import tables
from clusters.console.printers.describe import common as c, networking, policy, rbac, storage

W = c.Writer


def _qos(pod: dict) -> str:
    st = (pod.get("status") or {}).get("qosClass")
    if st:
        return st
    # pkg/apis/core/helper/qos GetPodQOS
    requests, limits = {}, {}
    guaranteed = True
    any_set = False
    for ct in (pod.get("spec") or {}).get("containers") or ():
        res = ct.get("resources") or {}
        req = {k: v for k, v in (res.get("requests") or {}).items() if k in ("cpu", "memory")}
        lim = {k: v for k, v in (res.get("limits") or {}).items() if k in ("cpu", "memory")}
        if req or lim:
            any_set = True
        if set(lim) != {"cpu", "memory"}:
            guaranteed = False
        for k, v in req.items():
            if k in lim and objects.parse_quantity(v) != objects.parse_quantity(lim[k]):
                guaranteed = False
    if not any_set:
        return "BestEffort"
    return "Guaranteed" if guaranteed else "Burstable"


def pod(api, p: dict, now: float) -> str:
    w = W()
    meta, spec, st = p.get("metadata") or {}, p.get("spec") or {}, p.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace')}\n")
    if spec.get("priority") is not None:
        w.write(0, f"Priority:\t{spec['priority']}\n")
    if spec.get("priorityClassName"):
        w.write(0, f"Priority Class Name:\t{spec['priorityClassName']}\n")
    if spec.get("runtimeClassName"):
        w.write(0, f"Runtime Class Name:\t{spec['runtimeClassName']}\n")
    if spec.get("serviceAccountName"):
        w.write(0, f"Service Account:\t{spec['serviceAccountName']}\n")
    if not spec.get("nodeName"):
        w.write(0, "Node:\t<none>\n")
    else:
        w.write(0, f"Node:\t{spec['nodeName']}/{st.get('hostIP', '')}\n")
    if st.get("startTime"):
        w.write(0, f"Start Time:\t{c.rfc1123z(st['startTime'])}\n")
    c.labels_multiline(w, "Labels", meta.get("labels"))
    c.annotations_multiline(w, "Annotations", meta.get("annotations"))
    if meta.get("deletionTimestamp") and st.get("phase") not in ("Failed", "Succeeded"):
        w.write(0, f"Status:\tTerminating (lasts {c.since(meta['deletionTimestamp'], now)})\n")
        w.write(0, f"Termination Grace Period:\t{meta.get('deletionGracePeriodSeconds', 0)}s\n")
    else:
        w.write(0, f"Status:\t{st.get('phase', '')}\n")
    if st.get("reason"):
        w.write(0, f"Reason:\t{st['reason']}\n")
    if st.get("message"):
        w.write(0, f"Message:\t{st['message']}\n")
    sc = spec.get("securityContext") or {}
    if sc.get("seccompProfile"):
        w.write(0, f"SeccompProfile:\t{sc['seccompProfile'].get('type', '')}\n")
        if sc["seccompProfile"].get("type") == "Localhost":  # describe.go: its LocalhostProfile too
            w.write(0, f"LocalhostProfile:\t{sc['seccompProfile'].get('localhostProfile', '')}\n")
    w.write(0, f"IP:\t{st.get('podIP', '')}\n")
    ips = st.get("podIPs") or []
    if not ips:
        w.write(0, "IPs:\t<none>\n")
    else:
        w.write(0, "IPs:\n")
        for ip in ips:
            w.write(1, f"IP:\t{ip.get('ip', '')}\n")
    ctl = c.controller(p)
    if ctl:
        w.write(0, f"Controlled By:\t{ctl}\n")
    if st.get("nominatedNodeName"):
        w.write(0, f"NominatedNodeName:\t{st['nominatedNodeName']}\n")
    if spec.get("initContainers"):
        c.containers(w, "Init Containers", spec["initContainers"], st.get("initContainerStatuses") or [], p)
    c.containers(w, "Containers", spec.get("containers") or [], st.get("containerStatuses") or [], p)
    if spec.get("ephemeralContainers"):  # describe.go describePod: each as the Container it embeds
        c.containers(w, "Ephemeral Containers", spec["ephemeralContainers"], st.get("ephemeralContainerStatuses") or [], p)
    if spec.get("readinessGates"):
        w.write(0, "Readiness Gates:\n  Type\tStatus\n")
        conds = {x.get("type"): x.get("status") for x in st.get("conditions") or ()}
        for g in spec["readinessGates"]:
            w.write(1, f"{g.get('conditionType')} \t{conds.get(g.get('conditionType'), '<none>')} \n")
    if st.get("conditions"):
        w.write(0, "Conditions:\n  Type\tStatus\n")
        for cond in st["conditions"]:
            w.write(1, f"{cond.get('type')} \t{cond.get('status')} \n")
    c.volumes(w, spec.get("volumes"))
    w.write(0, f"QoS Class:\t{_qos(p)}\n")
    c.labels_multiline(w, "Node-Selectors", spec.get("nodeSelector"))
    c.tolerations_multiline(w, "Tolerations", spec.get("tolerations"))
    c.events(w, c.find_events(api, p), now)
    return w.text()


def _node_roles(n: dict) -> list[str]:
    roles = set()
    for k, v in ((n.get("metadata") or {}).get("labels") or {}).items():
        if k.startswith("node-role.kubernetes.io/") and k[len("node-role.kubernetes.io/"):]:
            roles.add(k[len("node-role.kubernetes.io/"):])
        elif k == "kubernetes.io/role" and v:
            roles.add(v)
    return sorted(roles)


_STANDARD = {"cpu", "memory", "ephemeral-storage", "storage", "pods", "requests.cpu", "requests.memory",
             "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage"}


def _pod_totals(pods: list[dict]) -> tuple[dict, dict]:
    """resourcehelper.PodRequestsAndLimits summed over pods: name -> list of quantity strings."""
    reqs: dict[str, list] = {}
    lims: dict[str, list] = {}
    for p in pods:
        r, l = _pod_requests_limits(p)
        for k, v in r.items():
            reqs.setdefault(k, []).append(v)
        for k, v in l.items():
            lims.setdefault(k, []).append(v)
    return reqs, lims


def _pod_requests_limits(p: dict) -> tuple[dict, dict]:
    spec = p.get("spec") or {}
    req: dict[str, list] = {}
    lim: dict[str, list] = {}
    for ct in spec.get("containers") or ():
        res = ct.get("resources") or {}
        for k, v in (res.get("requests") or {}).items():
            req.setdefault(k, []).append(v)
        for k, v in (res.get("limits") or {}).items():
            lim.setdefault(k, []).append(v)
    out_r = {k: c.sum_quantities(v) for k, v in req.items()}
    out_l = {k: c.sum_quantities(v) for k, v in lim.items()}
    for ct in spec.get("initContainers") or ():
        res = ct.get("resources") or {}
        for k, v in (res.get("requests") or {}).items():
            if k not in out_r or objects.parse_quantity(v) > objects.parse_quantity(out_r[k]):
                out_r[k] = v
        for k, v in (res.get("limits") or {}).items():
            if k not in out_l or objects.parse_quantity(v) > objects.parse_quantity(out_l[k]):
                out_l[k] = v
    for k, v in (spec.get("overhead") or {}).items():
        out_r[k] = c.sum_quantities([out_r[k], v]) if k in out_r else v
        if k in out_l:
            out_l[k] = c.sum_quantities([out_l[k], v])
    return out_r, out_l


def _milli(q) -> int:
    return objects.milli_cpu(q) if q not in (None, "") else 0


def _value(q) -> int:
    return objects.bytes_of(q) if q not in (None, "") else 0


def _pct(part: int, whole: int) -> int:
    if not whole:
        return 0
    return int(part / whole * 100)


def node(api, n: dict, now: float) -> str:
    w = W()
    meta, spec, st = n.get("metadata") or {}, n.get("spec") or {}, n.get("status") or {}
    name = meta.get("name")
    w.write(0, f"Name:\t{name}\n")
    roles = _node_roles(n)
    w.write(0, f"Roles:\t{','.join(roles) if roles else '<none>'}\n")
    c.labels_multiline(w, "Labels", meta.get("labels"))
    c.annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"CreationTimestamp:\t{c.rfc1123z(meta.get('creationTimestamp'))}\n")
    c.taints_multiline(w, "Taints", spec.get("taints"))
    w.write(0, f"Unschedulable:\t{'true' if spec.get('unschedulable') else 'false'}\n")
    try:  # describeNode: any error getting the lease is printed in its place
        lease = api.get("leases", name, "kube-node-lease")
    except api_errors.StatusError as e:
        lease = None
        w.write(0, f"Lease:\tFailed to get lease: {e.message}\n")
    if lease is not None:
        holder = acquire = renew = "<unset>"
        ls = lease.get("spec") or {}
        if ls.get("holderIdentity") is not None:
            holder = ls["holderIdentity"]
        if ls.get("acquireTime"):
            acquire = c.rfc1123z(ls["acquireTime"])
        if ls.get("renewTime"):
            renew = c.rfc1123z(ls["renewTime"])
        w.write(0, "Lease:\n")
        w.write(1, f"HolderIdentity:\t{holder}\n")
        w.write(1, f"AcquireTime:\t{acquire}\n")
        w.write(1, f"RenewTime:\t{renew}\n")
    if st.get("conditions"):
        w.write(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n")
        w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
        for cond in st["conditions"]:
            w.write(1, f"{cond.get('type')} \t{cond.get('status')} \t{c.rfc1123z(cond.get('lastHeartbeatTime'))} \t"
                       f"{c.rfc1123z(cond.get('lastTransitionTime'))} \t{cond.get('reason', '')} \t{cond.get('message', '')}\n")
    w.write(0, "Addresses:\n")
    for a in st.get("addresses") or ():
        w.write(1, f"{a.get('type')}:\t{a.get('address')}\n")
    for title, key in (("Capacity", "capacity"), ("Allocatable", "allocatable")):
        rl = st.get(key) or {}
        if rl:
            w.write(0, f"{title}:\n")
            for k in sorted(rl):
                w.write(0, f"  {k}:\t{rl[k]}\n")
    info = st.get("nodeInfo") or {}
    w.write(0, "System Info:\n")
    for label, key in (("Machine ID", "machineID"), ("System UUID", "systemUUID"), ("Boot ID", "bootID"),
                       ("Kernel Version", "kernelVersion"), ("OS Image", "osImage"), ("Operating System", "operatingSystem"),
                       ("Architecture", "architecture"), ("Container Runtime Version", "containerRuntimeVersion"),
                       ("Kubelet Version", "kubeletVersion")):
        w.write(0, f"  {label}:\t{info.get(key, '')}\n")
    w.write(0, f"  Kube-Proxy Version:\t{info.get('kubeProxyVersion', '')}\n")
    if spec.get("podCIDR"):
        w.write(0, f"PodCIDR:\t{spec['podCIDR']}\n")
    if spec.get("podCIDRs"):
        w.write(0, f"PodCIDRs:\t{','.join(spec['podCIDRs'])}\n")
    if spec.get("providerID"):
        w.write(0, f"ProviderID:\t{spec['providerID']}\n")
    try:
        pods = [p for p in _pods_on_node(api, name)
                if (p.get("status") or {}).get("phase") not in ("Succeeded", "Failed")]
    except api_errors.StatusError as e:
        if e.reason != "Forbidden":
            raise
        # NodeDescriber: "users may have access to a node, but not all pods"
        w.write(0, "Pods:\tnot authorized\n")
        c.events(w, _node_events(api, n), now)
        return w.text()
    alloc = st.get("allocatable") or st.get("capacity") or {}
    a_cpu = _milli(alloc.get("cpu"))
    a_mem = _value(alloc.get("memory"))
    w.write(0, f"Non-terminated Pods:\t({len(pods)} in total)\n")
    w.write(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n")
    w.write(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n")
    for p in pods:
        r, l = _pod_requests_limits(p)
        cr, cl, mr, ml = r.get("cpu", "0"), l.get("cpu", "0"), r.get("memory", "0"), l.get("memory", "0")
        pm = p.get("metadata") or {}
        w.write(1, f"{pm.get('namespace')}\t{pm.get('name')}\t\t{cr} ({_pct(_milli(cr), a_cpu)}%)\t{cl} ({_pct(_milli(cl), a_cpu)}%)\t"
                   f"{mr} ({_pct(_value(mr), a_mem)}%)\t{ml} ({_pct(_value(ml), a_mem)}%)\t{tables.since(pm.get('creationTimestamp'), now)}\n")
    w.write(0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n")
    w.write(1, "Resource\tRequests\tLimits\n")
    w.write(1, "--------\t--------\t------\n")
    reqs, lims = _pod_totals(pods)
    tr = {k: c.sum_quantities(v) for k, v in reqs.items()}
    tl = {k: c.sum_quantities(v) for k, v in lims.items()}
    cpu_r, cpu_l = tr.get("cpu", "0"), tl.get("cpu", "0")
    w.write(1, f"cpu\t{cpu_r} ({_pct(_milli(cpu_r), a_cpu)}%)\t{cpu_l} ({_pct(_milli(cpu_l), a_cpu)}%)\n")
    mem_r, mem_l = tr.get("memory", "0"), tl.get("memory", "0")
    w.write(1, f"memory\t{mem_r} ({_pct(_value(mem_r), a_mem)}%)\t{mem_l} ({_pct(_value(mem_l), a_mem)}%)\n")
    a_eph = _value(alloc.get("ephemeral-storage"))
    e_r, e_l = tr.get("ephemeral-storage", "0"), tl.get("ephemeral-storage", "0")
    w.write(1, f"ephemeral-storage\t{e_r} ({_pct(_value(e_r), a_eph)}%)\t{e_l} ({_pct(_value(e_l), a_eph)}%)\n")
    huge = sorted(k for k in alloc if k.startswith("hugepages-"))
    ext = sorted(k for k in alloc if not k.startswith("hugepages-") and k not in _STANDARD and "/" in k)
    for k in huge:
        a = _value(alloc.get(k))
        hr, hl = tr.get(k, "0"), tl.get(k, "0")
        w.write(1, f"{k}\t{hr} ({_pct(_value(hr), a)}%)\t{hl} ({_pct(_value(hl), a)}%)\n")
    for k in ext:
        w.write(1, f"{k}\t{tr.get(k, '0')}\t{tl.get(k, '0')}\n")
    c.events(w, _node_events(api, n), now)
    return w.text()


def _pods_on_node(api, name: str) -> list[dict]:
    idx = getattr(api.cluster, "pods_by_node", None)
    if callable(idx):
        authorize = getattr(api, "check", None)  # the index stands for a list of pods in every namespace
        if authorize is not None:
            authorize("list", "pods", None)
        return idx(name)
    return api.list("pods", None, None, lambda p: (p.get("spec") or {}).get("nodeName") == name)


def _node_events(api, n: dict) -> list[dict]:
    """NodeDescriber: events for kind Node with this name and uid, where host events
    use the node's name as uid (describe.go: "there are two UIDs for host events")."""
    name = (n.get("metadata") or {}).get("name")
    uid = (n.get("metadata") or {}).get("uid")
    try:
        evs = [e for e in api.list("events") if (e.get("involvedObject") or {}).get("kind") == "Node"
               and (e.get("involvedObject") or {}).get("name") == name]
    except Exception:
        return []
    # Two searches, the node's uid first, then its name as uid, appended one after the other.
    by_uid = [e for e in evs if (e.get("involvedObject") or {}).get("uid") == uid]
    by_name = [e for e in evs if (e.get("involvedObject") or {}).get("uid", name) in (name, "") and uid != name]
    return c.in_order_made(api, by_uid) + c.in_order_made(api, by_name)


def _pod_counts(api, obj: dict) -> tuple[int, int, int, int]:
    meta = obj.get("metadata") or {}
    sel = objects.selector_from_label_selector((obj.get("spec") or {}).get("selector"))
    running = waiting = succeeded = failed = 0
    uid = meta.get("uid")
    for p in api.list("pods", meta.get("namespace"), sel):
        ref = objects.controller_of(p)
        if ref is None or ref.get("uid") != uid:
            continue
        phase = (p.get("status") or {}).get("phase")
        if phase == "Running":
            running += 1
        elif phase == "Pending":
            waiting += 1
        elif phase == "Succeeded":
            succeeded += 1
        elif phase == "Failed":
            failed += 1
    return running, waiting, succeeded, failed


def deployment(api, d: dict, now: float) -> str:
    w = W()
    meta, spec, st = d.get("metadata") or {}, d.get("spec") or {}, d.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace')}\n")
    w.write(0, f"CreationTimestamp:\t{c.rfc1123z(meta.get('creationTimestamp'))}\n")
    c.labels_multiline(w, "Labels", meta.get("labels"))
    c.annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Selector:\t{objects.selector_from_label_selector(spec.get('selector'))}\n")
    w.write(0, f"Replicas:\t{spec.get('replicas', 1)} desired | {st.get('updatedReplicas', 0)} updated | {st.get('replicas', 0)} total | "
               f"{st.get('availableReplicas', 0)} available | {st.get('unavailableReplicas', 0)} unavailable\n")
    strategy = spec.get("strategy") or {}
    w.write(0, f"StrategyType:\t{strategy.get('type', '')}\n")
    w.write(0, f"MinReadySeconds:\t{spec.get('minReadySeconds', 0)}\n")
    ru = strategy.get("rollingUpdate")
    if ru is not None:
        w.write(0, f"RollingUpdateStrategy:\t{ru.get('maxUnavailable', '25%')} max unavailable, {ru.get('maxSurge', '25%')} max surge\n")
    c.pod_template(w, spec.get("template"))
    if st.get("conditions"):
        w.write(0, "Conditions:\n  Type\tStatus\tReason\n")
        w.write(1, "----\t------\t------\n")
        for cond in st["conditions"]:
            w.write(1, f"{cond.get('type')} \t{cond.get('status')}\t{cond.get('reason', '')}\n")
    try:  # DeploymentDescriber: the replica sets are shown only when listing them worked
        old, new = _deployment_replicasets(api, d)
        w.write(0, f"OldReplicaSets:\t{_rs_list(old)}\n")
        w.write(0, f"NewReplicaSet:\t{_rs_list([new] if new else [])}\n")
    except api_errors.StatusError:
        pass
    c.events(w, c.find_events(api, d), now)
    return w.text()


def _rs_list(rss: list[dict]) -> str:
    s = ", ".join(f"{r['metadata']['name']} ({(r.get('status') or {}).get('replicas', 0)}/{(r.get('spec') or {}).get('replicas', 0)} replicas created)" for r in rss)
    return s or "<none>"


def _template_equal(a: dict, b: dict) -> bool:
    def strip(t):
        t = objects.clone(t or {})
        (t.get("metadata") or {}).get("labels", {}).pop("pod-template-hash", None)
        return t
    return strip(a) == strip(b)


def _deployment_replicasets(api, d: dict) -> tuple[list[dict], dict | None]:
    """deploymentutil.GetAllReplicaSets: owned RSes; the new one has the deployment's template."""
    meta = d.get("metadata") or {}
    uid = meta.get("uid")
    owned = []
    for rs in api.list("replicasets", meta.get("namespace")):
        ref = objects.controller_of(rs)
        if ref and ref.get("uid") == uid:
            owned.append(rs)
    owned.sort(key=lambda r: (r["metadata"].get("creationTimestamp", ""), r["metadata"]["name"]))
    new = None
    for rs in owned:
        if _template_equal((rs.get("spec") or {}).get("template"), (d.get("spec") or {}).get("template")):
            new = rs
            break
    old = [rs for rs in owned if rs is not new and ((rs.get("spec") or {}).get("replicas") or 0) > 0 or (rs is not new and False)]
    old = [rs for rs in owned if rs is not new and (((rs.get("spec") or {}).get("replicas") or 0) > 0)]
    return old, new


def replicaset(api, rs: dict, now: float) -> str:
    w = W()
    meta, spec, st = rs.get("metadata") or {}, rs.get("spec") or {}, rs.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace')}\n")
    w.write(0, f"Selector:\t{objects.format_label_selector(spec.get('selector'))}\n")
    c.labels_multiline(w, "Labels", meta.get("labels"))
    c.annotations_multiline(w, "Annotations", meta.get("annotations"))
    ctl = c.controller(rs)
    if ctl:
        w.write(0, f"Controlled By:\t{ctl}\n")
    w.write(0, f"Replicas:\t{st.get('replicas', 0)} current / {spec.get('replicas', 1)} desired\n")
    w.write(0, "Pods Status:\t")
    try:
        running, waiting, succeeded, failed = _pod_counts(api, rs)
        w.write(0, f"{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed\n")
    except api_errors.StatusError as e:  # describeReplicaSet's getPodErr
        w.write(0, f"error in fetching pods: {e.message}\n")
    c.pod_template(w, spec.get("template"))
    if st.get("conditions"):
        w.write(0, "Conditions:\n  Type\tStatus\tReason\n")
        w.write(1, "----\t------\t------\n")
        for cond in st["conditions"]:
            w.write(1, f"{cond.get('type')} \t{cond.get('status')}\t{cond.get('reason', '')}\n")
    c.events(w, c.find_events(api, rs), now)
    return w.text()


def service(api, s: dict, now: float) -> str:
    w = W()
    meta, spec, st = s.get("metadata") or {}, s.get("spec") or {}, s.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace')}\n")
    c.labels_multiline(w, "Labels", meta.get("labels"))
    c.annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Selector:\t{tables.format_labels(spec.get('selector'))}\n")
    w.write(0, f"Type:\t{spec.get('type', 'ClusterIP')}\n")
    if spec.get("ipFamilyPolicy"):
        w.write(0, f"IP Family Policy:\t{spec['ipFamilyPolicy']}\n")
    fams = spec.get("ipFamilies") or []
    w.write(0, f"IP Families:\t{','.join(fams) if fams else '<none>'}\n")
    w.write(0, f"IP:\t{spec.get('clusterIP', '')}\n")
    ips = spec.get("clusterIPs") or []
    w.write(0, f"IPs:\t{','.join(ips) if ips else '<none>'}\n")
    if spec.get("externalIPs"):
        w.write(0, f"External IPs:\t{','.join(spec['externalIPs'])}\n")
    if spec.get("loadBalancerIP"):
        w.write(0, f"Desired LoadBalancer IP:\t{spec['loadBalancerIP']}\n")
    if spec.get("externalName"):
        w.write(0, f"External Name:\t{spec['externalName']}\n")
    ingress = (st.get("loadBalancer") or {}).get("ingress") or []
    if ingress:
        w.write(0, f"LoadBalancer Ingress:\t{', '.join(i.get('ip') or i.get('hostname') or '' for i in ingress)}\n")
    try:  # ServiceDescriber drops the list's error: no endpoints then
        slices = api.list("endpointslices", meta.get("namespace"),
                          objects.parse_selector(f"kubernetes.io/service-name={meta.get('name')}"))
    except api_errors.StatusError:
        slices = []
    for p in spec.get("ports") or ():
        name = p.get("name") or "<unset>"
        proto = p.get("protocol", "TCP")
        w.write(0, f"Port:\t{name}\t{p.get('port')}/{proto}\n")
        tp = p.get("targetPort", p.get("port"))
        w.write(0, f"TargetPort:\t{tp}/{proto}\n")
        if p.get("nodePort"):
            w.write(0, f"NodePort:\t{name}\t{p['nodePort']}/{proto}\n")
        w.write(0, f"Endpoints:\t{format_endpoint_slices(slices, p.get('name', ''))}\n")
    w.write(0, f"Session Affinity:\t{spec.get('sessionAffinity', 'None')}\n")
    if spec.get("externalTrafficPolicy"):
        w.write(0, f"External Traffic Policy:\t{spec['externalTrafficPolicy']}\n")
    if spec.get("internalTrafficPolicy"):
        w.write(0, f"Internal Traffic Policy:\t{spec['internalTrafficPolicy']}\n")
    if spec.get("healthCheckNodePort"):
        w.write(0, f"HealthCheck NodePort:\t{spec['healthCheckNodePort']}\n")
    c.events(w, c.find_events(api, s), now)
    return w.text()


def format_endpoint_slices(slices: list[dict], port_name: str) -> str:
    """describe.go formatEndpointSlices: ready addresses (unknown counts as ready), at most 3 then "+ N more..."."""
    if not slices:
        return "<none>"
    lst: list[str] = []
    mx, more, count = 3, False, 0
    for sl in slices:
        eps = sl.get("endpoints") or []
        ports = sl.get("ports") or []
        if not ports:
            for e in eps:
                if len(lst) == mx:
                    more = True
                if (e.get("conditions") or {}).get("ready") is False:
                    continue
                if not more:
                    lst.append((e.get("addresses") or [""])[0])
                count += 1
            continue
        for p in ports:
            if (p.get("name") or "") != (port_name or ""):
                continue
            for e in eps:
                if len(lst) == mx:
                    more = True
                addr = (e.get("addresses") or [""])[0]
                if (e.get("conditions") or {}).get("ready") is False:
                    continue
                if not more:
                    host = f"[{addr}]" if ":" in addr else addr
                    lst.append(f"{host}:{p.get('port')}")
                count += 1
    ret = ",".join(lst)
    if more:
        return f"{ret} + {count - mx} more..."
    return ret


def namespace(api, ns: dict, now: float) -> str:
    w = W()
    meta, st = ns.get("metadata") or {}, ns.get("status") or {}
    name = meta.get("name")
    w.write(0, f"Name:\t{name}\n")
    c.labels_multiline(w, "Labels", meta.get("labels"))
    c.annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Status:\t{st.get('phase', '')}\n")
    if st.get("conditions"):
        w.write(0, "Conditions:\n")
        w.write(1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n")
        w.write(1, "----\t------\t------------------\t------\t-------\n")
        for cond in st["conditions"]:
            w.write(1, f"{cond.get('type')}\t{cond.get('status')}\t{c.rfc1123z(cond.get('lastTransitionTime'))}\t{cond.get('reason', '')}\t{cond.get('message', '')}\n")
    w.write(0, "\n")
    quotas = api.list("resourcequotas", name)
    if not quotas:
        w.write(0, "No resource quota.\n")
    else:
        w.write(0, "Resource Quotas\n")
        for q in sorted(quotas, key=lambda q: q["metadata"]["name"]):
            w.write(1, f"Name:\t{q['metadata']['name']}\n")
            scopes = sorted((q.get("spec") or {}).get("scopes") or [])
            if scopes:
                w.write(1, f"Scopes:\t{', '.join(scopes)}\n")
            w.write(1, "Resource\tUsed\tHard\n")
            w.write(1, "--------\t---\t---\n")
            qs = q.get("status") or {}
            hard = qs.get("hard") or {}
            used = qs.get("used") or {}
            for r in sorted(hard):
                w.write(1, f"{r}\t{used.get(r, '0')}\t{hard[r]}\n")
    w.write(0, "\n")
    limits = api.list("limitranges", name)
    if not limits:
        w.write(0, "No LimitRange resource.\n")
    else:
        w.write(0, "Resource Limits\n")
        for lr in limits:
            _limit_range_spec(w, 1, lr)
    return w.text()


def configmap(api, cm: dict, now: float) -> str:
    w = W()
    meta = cm.get("metadata") or {}
    w.write(0, f"Name:\t{meta.get('name')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace')}\n")
    c.labels_multiline(w, "Labels", meta.get("labels"))
    c.annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, "\nData\n====\n")
    for k in sorted(cm.get("data") or {}):
        w.write(0, f"{k}:\n----\n")
        w.write(0, f"{cm['data'][k]}\n")
    w.write(0, "\nBinaryData\n====\n")
    for k in sorted(cm.get("binaryData") or {}):
        try:
            n = len(base64.b64decode(cm["binaryData"][k]))
        except Exception:
            n = 0
        w.write(0, f"{k}: {n} bytes\n")
    w.write(0, "\n")
    c.events(w, c.find_events(api, cm, strict=True), now)
    return w.text()


def secret(api, s: dict, now: float) -> str:
    w = W()
    meta = s.get("metadata") or {}
    w.write(0, f"Name:\t{meta.get('name')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace')}\n")
    c.labels_multiline(w, "Labels", meta.get("labels"))
    c.annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"\nType:\t{s.get('type', '')}\n")
    w.write(0, "\nData\n====\n")
    for k in sorted(s.get("data") or {}):
        raw = s["data"][k] or ""
        try:
            b = base64.b64decode(raw)
        except Exception:
            b = raw.encode()
        if k == "token" and s.get("type") == "kubernetes.io/service-account-token":
            w.write(0, f"{k}:\t{b.decode('utf-8', 'replace')}\n")
        else:
            w.write(0, f"{k}:\t{len(b)} bytes\n")
    return w.text()


def job(api, j: dict, now: float) -> str:
    w = W()
    meta, spec, st = j.get("metadata") or {}, j.get("spec") or {}, j.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace')}\n")
    w.write(0, f"Selector:\t{objects.selector_from_label_selector(spec.get('selector'))}\n")
    c.labels_multiline(w, "Labels", meta.get("labels"))
    c.annotations_multiline(w, "Annotations", meta.get("annotations"))
    ctl = c.controller(j)
    if ctl:
        w.write(0, f"Controlled By:\t{ctl}\n")
    if spec.get("parallelism") is not None:
        w.write(0, f"Parallelism:\t{spec['parallelism']}\n")
    w.write(0, f"Completions:\t{spec['completions'] if spec.get('completions') is not None else '<unset>'}\n")
    if spec.get("completionMode"):
        w.write(0, f"Completion Mode:\t{spec['completionMode']}\n")
    if spec.get("suspend") is not None:
        w.write(0, f"Suspend:\t{'true' if spec['suspend'] else 'false'}\n")
    if spec.get("backoffLimit") is not None:
        w.write(0, f"Backoff Limit:\t{spec['backoffLimit']}\n")
    if spec.get("ttlSecondsAfterFinished") is not None:
        w.write(0, f"TTL Seconds After Finished:\t{spec['ttlSecondsAfterFinished']}\n")
    if st.get("startTime"):
        w.write(0, f"Start Time:\t{c.rfc1123z(st['startTime'])}\n")
    if st.get("completionTime"):
        w.write(0, f"Completed At:\t{c.rfc1123z(st['completionTime'])}\n")
    if st.get("startTime") and st.get("completionTime"):
        from clusters import timeutil
        d = timeutil.parse_rfc3339(st["completionTime"]) - timeutil.parse_rfc3339(st["startTime"])
        w.write(0, f"Duration:\t{timeutil.human_duration(d)}\n")
    if spec.get("activeDeadlineSeconds") is not None:
        w.write(0, f"Active Deadline Seconds:\t{spec['activeDeadlineSeconds']}s\n")
    if st.get("ready") is None:
        w.write(0, f"Pods Statuses:\t{st.get('active', 0)} Active / {st.get('succeeded', 0)} Succeeded / {st.get('failed', 0)} Failed\n")
    else:
        w.write(0, f"Pods Statuses:\t{st.get('active', 0)} Active ({st['ready']} Ready) / {st.get('succeeded', 0)} Succeeded / {st.get('failed', 0)} Failed\n")
    if spec.get("completionMode") == "Indexed":
        w.write(0, f"Completed Indexes:\t{_cap_indexes(st.get('completedIndexes') or '', 50)}\n")
    c.pod_template(w, spec.get("template"))
    c.events(w, c.find_events(api, j), now)
    return w.text()


def _cap_indexes(indexes: str, soft_limit: int) -> str:
    """describe.go capIndexesListOrNone: <none>, or the list cut at the first comma past soft_limit."""
    if not indexes:
        return "<none>"
    i = soft_limit
    while i < len(indexes) and indexes[i] != ",":
        i += 1
    return indexes if i >= len(indexes) else indexes[:i + 1] + "..."


def _smart_label(field: str) -> str:
    """describe.go smartLabelFor: camelCase -> Title Case, common acronyms upper-cased."""
    if any(not (ch.isalpha() or ch == "-") for ch in field):
        return field
    parts = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[A-Z]|-", field) or [field]
    out = []
    for p in parts:
        if p.upper() in ("API", "URL", "UID", "OSB", "GUID"):
            out.append(p.upper())
        else:
            out.append(p[:1].upper() + p[1:])
    return " ".join(out)


def _go_value(v) -> str:
    if v is True:
        return "true"
    if v is False:
        return "false"
    if v is None:
        return "<nil>"
    return str(v)


def _unstructured(w: W, level: int, content: dict, prefix: str, skip: set) -> None:
    for field in sorted(content):
        v = content[field]
        expr = f"{prefix}.{field}"
        if expr in skip:
            continue
        if isinstance(v, dict):
            w.write(level, f"{_smart_label(field)}:\n")
            _unstructured(w, level + 1, v, expr, skip)
        elif isinstance(v, list):
            w.write(level, f"{_smart_label(field)}:\n")
            for child in v:
                if isinstance(child, dict):
                    _unstructured(w, level + 1, child, expr, skip)
                else:
                    w.write(level + 1, f"{_go_value(child)}\n")
        else:
            w.write(level, f"{_smart_label(field)}:\t{_go_value(v)}\n")


def generic(api, obj: dict, now: float) -> str:
    w = W()
    meta = obj.get("metadata") or {}
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    c.labels_multiline(w, "Labels", meta.get("labels"))
    c.annotations_multiline(w, "Annotations", meta.get("annotations"))
    _unstructured(w, 0, obj, "", {".metadata.name", ".metadata.namespace", ".metadata.labels", ".metadata.annotations",
                                  ".metadata.managedFields"})
    c.events(w, c.find_events(api, obj), now)
    return w.text()


def resourcequota(api, q: dict, now: float) -> str:
    """describe.go describeQuota."""
    w = W()
    meta, spec, st = q.get("metadata") or {}, q.get("spec") or {}, q.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace')}\n")
    scopes = sorted(spec.get("scopes") or [])
    if scopes:
        w.write(0, f"Scopes:\t{', '.join(scopes)}\n")
    w.write(0, "Resource\tUsed\tHard\n")
    w.write(0, "--------\t----\t----\n")
    hard = st.get("hard") or {}
    used = st.get("used") or {}
    for r in sorted(hard):
        w.write(0, f"{r}\t{used.get(r, '0')}\t{hard[r]}\n")
    return w.text()


def limitrange(api, lr: dict, now: float) -> str:
    """describe.go describeLimitRange (map keys sorted)."""
    w = W()
    meta = lr.get("metadata") or {}
    w.write(0, f"Name:\t{meta.get('name')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace')}\n")
    _limit_range_spec(w, 0, lr)
    return w.text()


def _limit_range_spec(w, level: int, lr: dict) -> None:
    """describe.go describeLimitRangeSpec, shared by the LimitRange and Namespace describers."""
    w.write(level, "Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n")
    w.write(level, "----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n")
    for item in (lr.get("spec") or {}).get("limits") or ():
        keys = set()
        for f in ("max", "min", "default", "defaultRequest", "maxLimitRequestRatio"):
            keys.update((item.get(f) or {}).keys())
        for k in sorted(keys):
            vals = [str((item.get(f) or {}).get(k, "-")) for f in ("min", "max", "defaultRequest", "default", "maxLimitRequestRatio")]
            w.write(level, f"{item.get('type', '')}\t{k}\t" + "\t".join(vals) + "\n")


def priorityclass(api, pc: dict, now: float) -> str:
    """describe.go describePriorityClass."""
    w = W()
    meta = pc.get("metadata") or {}
    w.write(0, f"Name:\t{meta.get('name')}\n")
    w.write(0, f"Value:\t{pc.get('value', 0)}\n")
    w.write(0, f"GlobalDefault:\t{'true' if pc.get('globalDefault') else 'false'}\n")
    w.write(0, f"PreemptionPolicy:\t{pc.get('preemptionPolicy', '')}\n")
    w.write(0, f"Description:\t{pc.get('description', '')}\n")
    w.write(0, f"Annotations:\t{tables.format_labels(meta.get('annotations'))}\n")
    c.events(w, c.find_events(api, pc), now)
    return w.text()


def serviceaccount(api, sa: dict, now: float) -> str:
    """describe.go describeServiceAccount."""
    w = W()
    meta = sa.get("metadata") or {}
    w.write(0, f"Name:\t{meta.get('name')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace')}\n")
    c.labels_multiline(w, "Labels", meta.get("labels"))
    c.annotations_multiline(w, "Annotations", meta.get("annotations"))
    empty = "                   "
    # ServiceAccountDescriber lists the namespace's secrets for the tokens and the missing
    # references; "errors are tolerated here": then it names neither.
    tokens: list[str] = []
    existing: set[str] | None = None
    try:
        secrets = api.list("secrets", meta.get("namespace"))
    except api_errors.StatusError:
        secrets = None
    if secrets is not None:
        existing = set()
        for s in secrets:
            sm = s.get("metadata") or {}
            ann = sm.get("annotations") or {}
            if (s.get("type") == "kubernetes.io/service-account-token"
                    and ann.get("kubernetes.io/service-account.name") == meta.get("name")
                    and ann.get("kubernetes.io/service-account.uid") == meta.get("uid")):
                tokens.append(sm.get("name", ""))
            existing.add(sm.get("name", ""))
    headers = {
        "Image pull secrets:": [s.get("name", "") for s in sa.get("imagePullSecrets") or ()],
        "Mountable secrets: ": [s.get("name", "") for s in sa.get("secrets") or ()],
        "Tokens:            ": tokens,
    }
    for header in sorted(headers):
        names = headers[header]
        if not names:
            w.write(0, f"{header}\t<none>\n")
            continue
        prefix = header
        for n in names:
            missing = existing is not None and n not in existing
            w.write(0, f"{prefix}\t{n}{' (not found)' if missing else ''}\n")
            prefix = empty
    c.events(w, c.find_events(api, sa), now)
    return w.text()


def _qty(v) -> str:
    """resource.Quantity.String() through a pointer: a nil one prints <nil>."""
    return "<nil>" if v is None else str(v)


def hpa(api, h: dict, now: float) -> str:
    """describe.go describeHorizontalPodAutoscalerV2.

    Where describe.go reads a current value only after checking that the metric's
    status is there, a missing one is ``<unknown>``; where it calls String() on a
    quantity pointer that may be nil, it prints ``<nil>``.
    """
    w = W()
    meta, spec, st = h.get("metadata") or {}, h.get("spec") or {}, h.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace')}\n")
    c.labels_multiline(w, "Labels", meta.get("labels"))
    c.annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"CreationTimestamp:\t{c.rfc1123z(meta.get('creationTimestamp'))}\n")
    ref = spec.get("scaleTargetRef") or {}
    w.write(0, f"Reference:\t{ref.get('kind', '')}/{ref.get('name', '')}\n")
    w.write(0, "Metrics:\t( current / target )\n")
    current = st.get("currentMetrics") or []
    for i, m in enumerate(spec.get("metrics") or ()):
        t = m.get("type")
        cur_m = current[i] if i < len(current) else {}

        def status(key: str) -> dict | None:
            """CurrentMetrics[i].<Key>.Current, or None when that status is nil."""
            s = cur_m.get(key)
            return None if s is None else (s.get("current") or {})

        if t == "Resource" or t == "ContainerResource":
            key = "resource" if t == "Resource" else "containerResource"
            res = m.get(key) or {}
            target = res.get("target") or {}
            if t == "Resource":
                w.write(1, f"resource {res.get('name')} on pods")
            else:
                w.write(1, f'resource {res.get("name")} of container "{res.get("container")}" on pods')
            cur = status(key)
            if target.get("averageValue") is not None:
                got = _qty(cur.get("averageValue")) if cur is not None else "<unknown>"
                w.write(0, f":\t{got} / {target['averageValue']}\n")
            else:
                got = "<unknown>"
                if cur is not None and cur.get("averageUtilization") is not None:
                    got = f"{cur['averageUtilization']}% ({_qty(cur.get('averageValue'))})"
                tgt = f"{target['averageUtilization']}%" if target.get("averageUtilization") is not None else "<auto>"
                w.write(1, f"(as a percentage of request):\t{got} / {tgt}\n")
        elif t == "Pods":
            pm = m.get("pods") or {}
            cur = status("pods")
            got = _qty(cur.get("averageValue")) if cur is not None else "<unknown>"
            w.write(1, f'"{(pm.get("metric") or {}).get("name", "")}" on pods:\t{got} / '
                       f'{_qty((pm.get("target") or {}).get("averageValue"))}\n')
        elif t == "Object":
            om = m.get("object") or {}
            d = om.get("describedObject") or {}
            target = om.get("target") or {}
            w.write(1, f'"{(om.get("metric") or {}).get("name", "")}" on {d.get("kind", "")}/{d.get("name", "")} ')
            cur = status("object")
            if target.get("type") == "AverageValue":
                got = _qty(cur.get("averageValue")) if cur is not None else "<unknown>"
                w.write(0, f"(target average value):\t{got} / {_qty(target.get('averageValue'))}\n")
            else:
                got = _qty(cur.get("value")) if cur is not None else "<unknown>"
                w.write(0, f"(target value):\t{got} / {_qty(target.get('value'))}\n")
        elif t == "External":
            em = m.get("external") or {}
            target = em.get("target") or {}
            cur = status("external")
            name = (em.get("metric") or {}).get("name", "")
            if target.get("averageValue") is not None:
                got = "<unknown>"
                if cur is not None and cur.get("averageValue") is not None:
                    got = _qty(cur["averageValue"])
                w.write(1, f'"{name}" (target average value):\t{got} / {target["averageValue"]}\n')
            else:
                got = _qty(cur.get("value")) if cur is not None else "<unknown>"
                w.write(1, f'"{name}" (target value):\t{got} / {_qty(target.get("value"))}\n')
        else:
            w.write(1, f'<unknown metric type "{t or ""}">\n')
    mn = spec.get("minReplicas")
    w.write(0, f"Min replicas:\t{'<unset>' if mn is None else mn}\n")
    w.write(0, f"Max replicas:\t{spec.get('maxReplicas', 0)}\n")
    behavior = spec.get("behavior")
    if behavior is not None:
        w.write(0, "Behavior:\n")
        for title, key in (("Scale Up", "scaleUp"), ("Scale Down", "scaleDown")):
            rules = behavior.get(key)
            if rules is None:
                continue
            w.write(1, f"{title}:\n")
            if rules.get("stabilizationWindowSeconds") is not None:
                w.write(2, f"Stabilization Window: {rules['stabilizationWindowSeconds']} seconds\n")
            if rules.get("policies"):
                w.write(2, f"Select Policy: {rules.get('selectPolicy') or 'Max'}\n")
                w.write(2, "Policies:\n")
                for pol in rules["policies"]:
                    w.write(3, f"- Type: {pol.get('type')}\tValue: {pol.get('value')}\tPeriod: {pol.get('periodSeconds')} seconds\n")
    w.write(0, f"{ref.get('kind', '')} pods:\t")
    w.write(0, f"{st.get('currentReplicas', 0)} current / {st.get('desiredReplicas', 0)} desired\n")
    if st.get("conditions"):
        w.write(0, "Conditions:\n")
        w.write(1, "Type\tStatus\tReason\tMessage\n")
        w.write(1, "----\t------\t------\t-------\n")
        for cond in st["conditions"]:
            w.write(1, f"{cond.get('type')}\t{cond.get('status')}\t{cond.get('reason', '')}\t{cond.get('message', '')}\n")
    c.events(w, c.find_events(api, h), now)
    return w.text()


def daemonset(api, ds: dict, now: float) -> str:
    """describe.go describeDaemonSet."""
    w = W()
    meta, spec, st = ds.get("metadata") or {}, ds.get("spec") or {}, ds.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name')}\n")
    w.write(0, f"Selector:\t{objects.selector_from_label_selector(spec.get('selector'))}\n")
    w.write(0, f"Node-Selector:\t{tables.format_labels(((spec.get('template') or {}).get('spec') or {}).get('nodeSelector'))}\n")
    c.labels_multiline(w, "Labels", meta.get("labels"))
    c.annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Desired Number of Nodes Scheduled: {st.get('desiredNumberScheduled', 0)}\n")
    w.write(0, f"Current Number of Nodes Scheduled: {st.get('currentNumberScheduled', 0)}\n")
    w.write(0, f"Number of Nodes Scheduled with Up-to-date Pods: {st.get('updatedNumberScheduled', 0)}\n")
    w.write(0, f"Number of Nodes Scheduled with Available Pods: {st.get('numberAvailable', 0)}\n")
    w.write(0, f"Number of Nodes Misscheduled: {st.get('numberMisscheduled', 0)}\n")
    running, waiting, succeeded, failed = _pod_counts(api, ds)
    w.write(0, f"Pods Status:\t{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed\n")
    c.pod_template(w, spec.get("template"))
    c.events(w, c.find_events(api, ds), now)
    return w.text()


def statefulset(api, ss: dict, now: float) -> str:
    """describe.go describeStatefulSet."""
    w = W()
    meta, spec, st = ss.get("metadata") or {}, ss.get("spec") or {}, ss.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace')}\n")
    w.write(0, f"CreationTimestamp:\t{c.rfc1123z(meta.get('creationTimestamp'))}\n")
    w.write(0, f"Selector:\t{objects.selector_from_label_selector(spec.get('selector'))}\n")
    c.labels_multiline(w, "Labels", meta.get("labels"))
    c.annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Replicas:\t{spec.get('replicas', 1)} desired | {st.get('replicas', 0)} total\n")
    strategy = spec.get("updateStrategy") or {}
    w.write(0, f"Update Strategy:\t{strategy.get('type', '')}\n")
    ru = strategy.get("rollingUpdate")
    if ru is not None and ru.get("partition") is not None:
        w.write(1, f"Partition:\t{ru['partition']}\n")
        if ru.get("maxUnavailable") is not None:
            w.write(1, f"MaxUnavailable:\t{ru['maxUnavailable']}\n")
    running, waiting, succeeded, failed = _pod_counts(api, ss)
    w.write(0, f"Pods Status:\t{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed\n")
    c.pod_template(w, spec.get("template"))
    vcts = spec.get("volumeClaimTemplates") or []
    if not vcts:
        w.write(0, "Volume Claims:\t<none>\n")
    else:
        w.write(0, "Volume Claims:\n")
        for pvc in vcts:
            pm, ps = pvc.get("metadata") or {}, pvc.get("spec") or {}
            w.write(1, f"Name:\t{pm.get('name', '')}\n")
            w.write(1, f"StorageClass:\t{ps.get('storageClassName', '')}\n")
            c.labels_multiline(w, "Labels", pm.get("labels"), initial="  ")
            c.annotations_multiline(w, "  Annotations", pm.get("annotations"))
            cap = ((ps.get("resources") or {}).get("requests") or {}).get("storage")
            w.write(1, f"Capacity:\t{cap if cap is not None else '<default>'}\n")
            w.write(1, f"Access Modes:\t{tables._access_modes(ps.get('accessModes'))}\n")
    c.events(w, c.find_events(api, ss), now)
    return w.text()


def cronjob(api, cj: dict, now: float) -> str:
    """describe.go describeCronJob with describeJobTemplate and printActiveJobs."""
    w = W()
    meta, spec, st = cj.get("metadata") or {}, cj.get("spec") or {}, cj.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace')}\n")
    c.labels_multiline(w, "Labels", meta.get("labels"))
    c.annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Schedule:\t{spec.get('schedule', '')}\n")
    w.write(0, f"Concurrency Policy:\t{spec.get('concurrencyPolicy', '')}\n")
    w.write(0, f"Suspend:\t{tables._bool_ptr(spec.get('suspend'))}\n")
    for label, key in (("Successful Job History Limit", "successfulJobsHistoryLimit"), ("Failed Job History Limit", "failedJobsHistoryLimit")):
        w.write(0, f"{label}:\t{spec[key] if spec.get(key) is not None else '<unset>'}\n")
    sds = spec.get("startingDeadlineSeconds")
    w.write(0, f"Starting Deadline Seconds:\t{str(sds) + 's' if sds is not None else '<unset>'}\n")
    jt = (spec.get("jobTemplate") or {}).get("spec") or {}
    if jt.get("selector") is not None:
        w.write(0, f"Selector:\t{objects.selector_from_label_selector(jt['selector'])}\n")
    else:
        w.write(0, "Selector:\t<unset>\n")
    w.write(0, f"Parallelism:\t{jt['parallelism'] if jt.get('parallelism') is not None else '<unset>'}\n")
    w.write(0, f"Completions:\t{jt['completions'] if jt.get('completions') is not None else '<unset>'}\n")
    if jt.get("activeDeadlineSeconds") is not None:
        w.write(0, f"Active Deadline Seconds:\t{jt['activeDeadlineSeconds']}s\n")
    c.pod_template(w, jt.get("template"))
    if st.get("lastScheduleTime"):
        w.write(0, f"Last Schedule Time:\t{c.rfc1123z(st['lastScheduleTime'])}\n")
    else:
        w.write(0, "Last Schedule Time:\t<unset>\n")
    w.write(0, "Active Jobs:\t")
    active = st.get("active") or []
    if not active:
        w.line("<none>")
    else:
        w.write(0, ", ".join(a.get("name", "") for a in active))
        w.line("")
    c.events(w, c.find_events(api, cj), now)
    return w.text()


def endpoints(api, ep: dict, now: float) -> str:
    """describe.go describeEndpoints."""
    w = W()
    meta = ep.get("metadata") or {}
    w.write(0, f"Name:\t{meta.get('name')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace')}\n")
    c.labels_multiline(w, "Labels", meta.get("labels"))
    c.annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, "Subsets:\n")
    for ss in ep.get("subsets") or ():
        addrs = ",".join(a.get("ip", "") for a in ss.get("addresses") or ()) or "<none>"
        w.write(1, f"Addresses:\t{addrs}\n")
        nr = ",".join(a.get("ip", "") for a in ss.get("notReadyAddresses") or ()) or "<none>"
        w.write(1, f"NotReadyAddresses:\t{nr}\n")
        if ss.get("ports"):
            w.write(1, "Ports:\n")
            w.write(2, "Name\tPort\tProtocol\n")
            w.write(2, "----\t----\t--------\n")
            for p in ss["ports"]:
                w.write(2, f"{p.get('name') or '<unset>'}\t{p.get('port')}\t{p.get('protocol', 'TCP')}\n")
        w.write(0, "\n")
    c.events(w, c.find_events(api, ep), now)
    return w.text()


DESCRIBERS = {
    "HorizontalPodAutoscaler": hpa, "DaemonSet": daemonset, "StatefulSet": statefulset, "CronJob": cronjob,
    "Endpoints": endpoints,
    "ResourceQuota": resourcequota, "LimitRange": limitrange, "PriorityClass": priorityclass,
    "ServiceAccount": serviceaccount,
    "Pod": pod, "Node": node, "Deployment": deployment, "ReplicaSet": replicaset, "Service": service,
    "Namespace": namespace, "ConfigMap": configmap, "Secret": secret, "Job": job,
    **storage.DESCRIBERS,
    **networking.DESCRIBERS,
    **policy.DESCRIBERS,
    **rbac.DESCRIBERS,
}


def describe(api, obj: dict, now: float) -> str:
    return DESCRIBERS.get(obj.get("kind", ""), generic)(api, obj, now)
