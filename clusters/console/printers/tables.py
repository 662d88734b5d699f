"""The columns ``kubectl get`` prints for each kind.

A port of the server-side table handlers in
kubernetes/kubernetes:pkg/printers/internalversion/printers.go (1.32) and
kube-aggregator's APIService printer. Each handler returns the cells of one
row; ``COLUMNS`` names the columns, and those with priority 1 appear only
with ``-o wide`` (TableColumnDefinition.Priority). Kinds without a handler
get the server's default table (``NAME``, ``CREATED AT``;
k8s.io/apiserver/pkg/registry/rest/table.go).
"""
from __future__ import annotations

from typing import Callable

from clusters import objects, timeutil
from clusters.console.printers import pod_status, times
from clusters.controllers.volume import helpers as volume_helpers

NONE = "<none>"
UNKNOWN = "<unknown>"
LOAD_BALANCER_WIDTH = 16  # printers.go loadBalancerWidth


def _ts(s) -> float | None:
    if not s:
        return None
    try:
        return times.parse(s)
    except ValueError:
        return None


def since(s, now: float) -> str:
    """printers.go translateTimestampSince."""
    t = _ts(s)
    if t is None:
        return UNKNOWN
    return timeutil.human_duration(now - t)


def age(obj: dict, now: float) -> str:
    return since((obj.get("metadata") or {}).get("creationTimestamp"), now)


def format_labels(m: dict | None) -> str:
    """labels.FormatLabels: sorted k=v pairs, or <none>."""
    if not m:
        return NONE
    return ",".join(f"{k}={m[k]}" for k in sorted(m))


def _containers(spec: dict | None) -> tuple[str, str]:
    cs = (spec or {}).get("containers") or []
    return ",".join(c.get("name", "") for c in cs), ",".join(c.get("image", "") for c in cs)


def _template_spec(obj: dict) -> dict:
    return ((obj.get("spec") or {}).get("template") or {}).get("spec") or {}


def _selector(obj: dict) -> str:
    sel = (obj.get("spec") or {}).get("selector")
    if sel is None:
        return NONE
    s = str(objects.selector_from_label_selector(sel))
    return s if s else NONE


# -- handlers: (obj, now, wide) -> cells ------------------------------------------------

def pod(obj, now, wide):
    ready, status, restarts, a = pod_status.columns(obj, now)
    row = [obj["metadata"]["name"], ready, status, restarts, a]
    if wide:
        st = obj.get("status") or {}
        spec = obj.get("spec") or {}
        ip = st.get("podIP") or NONE
        ips = st.get("podIPs") or []
        if ips:
            ip = ips[0].get("ip") or ip
        nominated = st.get("nominatedNodeName") or NONE
        gates = spec.get("readinessGates") or []
        if gates:
            conds = {c.get("type"): c.get("status") for c in st.get("conditions") or ()}
            ok = sum(1 for g in gates if conds.get(g.get("conditionType")) == "True")
            gates_s = f"{ok}/{len(gates)}"
        else:
            gates_s = NONE
        row += [ip, spec.get("nodeName") or NONE, nominated, gates_s]
    return row


def node(obj, now, wide):
    st = obj.get("status") or {}
    conds = {c.get("type"): c for c in st.get("conditions") or ()}
    status = []
    c = conds.get("Ready")
    if c is not None:
        status.append("Ready" if c.get("status") == "True" else "NotReady")
    if not status:
        status.append("Unknown")
    if (obj.get("spec") or {}).get("unschedulable"):
        status.append("SchedulingDisabled")
    roles = set()
    for k, v in ((obj.get("metadata") or {}).get("labels") or {}).items():
        if k.startswith("node-role.kubernetes.io/"):
            role = k[len("node-role.kubernetes.io/"):]
            if role:
                roles.add(role)
        elif k == "kubernetes.io/role" and v:
            roles.add(v)
    info = st.get("nodeInfo") or {}
    row = [obj["metadata"]["name"], ",".join(status), ",".join(sorted(roles)) or NONE, age(obj, now),
           info.get("kubeletVersion", "")]
    if wide:
        def addr(kind):
            for a in st.get("addresses") or ():
                if a.get("type") == kind:
                    return a.get("address") or NONE
            return NONE
        row += [addr("InternalIP"), addr("ExternalIP"), info.get("osImage") or UNKNOWN,
                info.get("kernelVersion") or UNKNOWN, info.get("containerRuntimeVersion") or UNKNOWN]
    return row


def deployment(obj, now, wide):
    spec, st = obj.get("spec") or {}, obj.get("status") or {}
    row = [obj["metadata"]["name"], f"{int(st.get('readyReplicas') or 0)}/{int(spec.get('replicas') or 0)}",
           str(int(st.get("updatedReplicas") or 0)), str(int(st.get("availableReplicas") or 0)), age(obj, now)]
    if wide:
        row += [*_containers(_template_spec(obj)), _selector(obj)]
    return row


def replicaset(obj, now, wide):
    spec, st = obj.get("spec") or {}, obj.get("status") or {}
    row = [obj["metadata"]["name"], str(int(spec.get("replicas") or 0)), str(int(st.get("replicas") or 0)),
           str(int(st.get("readyReplicas") or 0)), age(obj, now)]
    if wide:
        row += [*_containers(_template_spec(obj)), _selector(obj)]
    return row


def replicationcontroller(obj, now, wide):
    spec, st = obj.get("spec") or {}, obj.get("status") or {}
    row = [obj["metadata"]["name"], str(int(spec.get("replicas") or 0)), str(int(st.get("replicas") or 0)),
           str(int(st.get("readyReplicas") or 0)), age(obj, now)]
    if wide:
        row += [*_containers(_template_spec(obj)), format_labels(spec.get("selector"))]
    return row


def daemonset(obj, now, wide):
    st = obj.get("status") or {}
    row = [obj["metadata"]["name"], str(int(st.get("desiredNumberScheduled") or 0)),
           str(int(st.get("currentNumberScheduled") or 0)), str(int(st.get("numberReady") or 0)),
           str(int(st.get("updatedNumberScheduled") or 0)), str(int(st.get("numberAvailable") or 0)),
           format_labels(_template_spec(obj).get("nodeSelector")), age(obj, now)]
    if wide:
        row += [*_containers(_template_spec(obj)), _selector(obj)]
    return row


def statefulset(obj, now, wide):
    spec, st = obj.get("spec") or {}, obj.get("status") or {}
    row = [obj["metadata"]["name"], f"{int(st.get('readyReplicas') or 0)}/{int(spec.get('replicas') or 0)}", age(obj, now)]
    if wide:
        row += [*_containers(_template_spec(obj))]
    return row


def _has_condition(obj, ctype) -> bool:
    return any(c.get("type") == ctype and c.get("status") == "True" for c in (obj.get("status") or {}).get("conditions") or ())


def job_status(obj) -> str:
    """printers.go printJob (1.32): the STATUS column."""
    if _has_condition(obj, "Complete"):
        return "Complete"
    if _has_condition(obj, "Failed"):
        return "Failed"
    if (obj.get("metadata") or {}).get("deletionTimestamp"):
        return "Terminating"
    if _has_condition(obj, "SuccessCriteriaMet"):
        return "SuccessCriteriaMet"
    if _has_condition(obj, "Suspended"):
        return "Suspended"
    if _has_condition(obj, "FailureTarget"):
        return "FailureTarget"
    return "Running"


def job(obj, now, wide):
    spec, st = obj.get("spec") or {}, obj.get("status") or {}
    succeeded = int(st.get("succeeded") or 0)
    if spec.get("completions") is not None:
        completions = f"{succeeded}/{spec['completions']}"
    else:
        parallelism = int(spec.get("parallelism") or 0)
        completions = f"{succeeded}/1 of {parallelism}" if parallelism > 1 else f"{succeeded}/1"
    start = _ts(st.get("startTime"))
    done = _ts(st.get("completionTime"))
    if start is None:
        duration = ""
    elif done is None:
        duration = timeutil.human_duration(now - start)
    else:
        duration = timeutil.human_duration(done - start)
    row = [obj["metadata"]["name"], job_status(obj), completions, duration, age(obj, now)]
    if wide:
        row += [*_containers(_template_spec(obj)), _selector(obj)]
    return row


def _bool_ptr(v) -> str:
    if v is None:
        return "<unset>"
    return "True" if v else "False"


def cronjob(obj, now, wide):
    spec, st = obj.get("spec") or {}, obj.get("status") or {}
    last = since(st.get("lastScheduleTime"), now) if st.get("lastScheduleTime") else NONE
    row = [obj["metadata"]["name"], spec.get("schedule", ""), spec.get("timeZone") or NONE, _bool_ptr(spec.get("suspend")),
           str(len(st.get("active") or [])), last, age(obj, now)]
    if wide:
        jt = ((spec.get("jobTemplate") or {}).get("spec") or {})
        tspec = (jt.get("template") or {}).get("spec") or {}
        sel = jt.get("selector")
        row += [*_containers(tspec), (str(objects.selector_from_label_selector(sel)) or NONE) if sel is not None else NONE]
    return row


def _lb_ingress(status: dict, wide: bool) -> str:
    ingress = ((status or {}).get("loadBalancer") or {}).get("ingress") or []
    out = []
    for i in ingress:
        if i.get("ip"):
            out.append(i["ip"])
        elif i.get("hostname"):
            out.append(i["hostname"])
    r = ",".join(out)
    if not wide and len(r) > LOAD_BALANCER_WIDTH:
        r = r[:LOAD_BALANCER_WIDTH - 3] + "..."
    return r


def service_external_ip(obj, wide=False) -> str:
    spec = obj.get("spec") or {}
    t = spec.get("type") or "ClusterIP"
    ext = spec.get("externalIPs") or []
    if t in ("ClusterIP", "NodePort"):
        return ",".join(ext) if ext else NONE
    if t == "LoadBalancer":
        lb = _lb_ingress(obj.get("status") or {}, wide)
        if ext:
            res = (lb.split(",") if lb else []) + list(ext)
            return ",".join(res)
        return lb if lb else "<pending>"
    if t == "ExternalName":
        return spec.get("externalName", "")
    return UNKNOWN


def service_ports(ports) -> str:
    pieces = []
    for p in ports or ():
        proto = p.get("protocol") or "TCP"
        if p.get("nodePort"):
            pieces.append(f"{p.get('port')}:{p['nodePort']}/{proto}")
        else:
            pieces.append(f"{p.get('port')}/{proto}")
    return ",".join(pieces)


def service(obj, now, wide):
    spec = obj.get("spec") or {}
    ports = service_ports(spec.get("ports")) or NONE
    row = [obj["metadata"]["name"], spec.get("type") or "ClusterIP", spec.get("clusterIP") or NONE,
           service_external_ip(obj, wide), ports, age(obj, now)]
    if wide:
        row += [format_labels(spec.get("selector"))]
    return row


def format_endpoints(ep: dict) -> str:
    """printers.go formatEndpoints."""
    subsets = ep.get("subsets") or []
    if not subsets:
        return NONE
    lst: list[str] = []
    mx, more, count = 3, False, 0
    for ss in subsets:
        addrs = ss.get("addresses") or []
        ports = ss.get("ports") or []
        if not ports:
            count += len(addrs)
            for a in addrs:
                if len(lst) == mx:
                    more = True
                    break
                lst.append(a.get("ip", ""))
            continue
        for p in ports:
            count += len(addrs)
            for a in addrs:
                if len(lst) == mx:
                    more = True
                    break
                ip = a.get("ip", "")
                host = f"[{ip}]" if ":" in ip else ip
                lst.append(f"{host}:{p.get('port')}")
    ret = ",".join(lst)
    if more:
        return f"{ret} + {count - mx} more..."
    return ret


def endpoints(obj, now, wide):
    return [obj["metadata"]["name"], format_endpoints(obj), age(obj, now)]


def _list_more(lst, more, count, mx) -> str:
    ret = ",".join(lst)
    if more:
        return f"{ret} + {count - mx} more..."
    return ret or "<unset>"


def endpointslice(obj, now, wide):
    ports, more, count = [], False, 0
    for p in obj.get("ports") or []:
        if len(ports) < 3:
            if p.get("port") is not None:
                ports.append(str(p["port"]))
            elif p.get("name") is not None:
                ports.append(p["name"])
            else:
                ports.append("*")
        elif len(ports) == 3:
            more = True
        count += 1
    eps, emore, ecount = [], False, 0
    for e in obj.get("endpoints") or []:
        for a in e.get("addresses") or []:
            if len(eps) < 3:
                eps.append(a)
            elif len(eps) == 3:
                emore = True
            ecount += 1
    return [obj["metadata"]["name"], obj.get("addressType", ""), _list_more(ports, more, count, 3),
            _list_more(eps, emore, ecount, 3), age(obj, now)]


def namespace(obj, now, wide):
    return [obj["metadata"]["name"], (obj.get("status") or {}).get("phase", ""), age(obj, now)]


def event(obj, now, wide):
    first = since(obj.get("firstTimestamp"), now) if obj.get("firstTimestamp") else since(obj.get("eventTime"), now)
    last = since(obj.get("lastTimestamp"), now) if obj.get("lastTimestamp") else first
    count = obj.get("count") or 0
    series = obj.get("series")
    if series:
        last = since(series.get("lastObservedTime"), now)
        count = series.get("count") or 0
    elif not count:
        count = 1
    io = obj.get("involvedObject") or {}
    target = f"{(io.get('kind') or '').lower()}/{io['name']}" if io.get("name") else (io.get("kind") or "").lower()
    msg = (obj.get("message") or "").strip()
    if wide:
        src = obj.get("source") or {}
        component = src.get("component") or obj.get("reportingComponent") or ""
        instance = src.get("host") or obj.get("reportingInstance") or ""
        source = f"{component}, {instance}" if instance else component
        return [last, obj.get("type", ""), obj.get("reason", ""), target, io.get("fieldPath", ""), source, msg, first,
                str(count), obj["metadata"]["name"]]
    return [last, obj.get("type", ""), obj.get("reason", ""), target, msg]


def configmap(obj, now, wide):
    return [obj["metadata"]["name"], str(len(obj.get("data") or {}) + len(obj.get("binaryData") or {})), age(obj, now)]


def secret(obj, now, wide):
    return [obj["metadata"]["name"], obj.get("type", ""), str(len(obj.get("data") or {})), age(obj, now)]


def serviceaccount(obj, now, wide):
    return [obj["metadata"]["name"], str(len(obj.get("secrets") or [])), age(obj, now)]


def hpa_targets(obj) -> str:
    """printers.go formatHPAMetrics (1.32: the resource name prefixes each target)."""
    spec, st = obj.get("spec") or {}, obj.get("status") or {}
    specs = spec.get("metrics") or []
    statuses = st.get("currentMetrics") or []
    if not specs:
        return NONE
    lst: list[str] = []
    mx, more, count = 2, False, 0
    for i, m in enumerate(specs):
        t = m.get("type")
        cur_status = statuses[i] if i < len(statuses) else {}
        text = None
        if t == "Resource":
            res = m.get("resource") or {}
            target = res.get("target") or {}
            cur = (cur_status.get("resource") or {}).get("current") or {}
            if target.get("averageValue") is not None:
                current = cur.get("averageValue") if cur.get("averageValue") is not None else UNKNOWN
                text = f"{res.get('name')}: {current}/{target['averageValue']}"
            else:
                current = f"{cur['averageUtilization']}%" if cur.get("averageUtilization") is not None else UNKNOWN
                tgt = f"{target['averageUtilization']}%" if target.get("averageUtilization") is not None else "<auto>"
                text = f"{res.get('name')}: {current}/{tgt}"
        elif t == "ContainerResource":
            res = m.get("containerResource") or {}
            target = res.get("target") or {}
            cur = (cur_status.get("containerResource") or {}).get("current") or {}
            if target.get("averageValue") is not None:
                current = cur.get("averageValue") if cur.get("averageValue") is not None else UNKNOWN
                text = f"{res.get('name')}: {current}/{target['averageValue']}"
            else:
                current = f"{cur['averageUtilization']}%" if cur.get("averageUtilization") is not None else UNKNOWN
                tgt = f"{target['averageUtilization']}%" if target.get("averageUtilization") is not None else "<auto>"
                text = f"{res.get('name')}: {current}/{tgt}"
        elif t in ("Pods", "Object", "External"):
            key = {"Pods": "pods", "Object": "object", "External": "external"}[t]
            target = (m.get(key) or {}).get("target") or {}
            cur = ((cur_status.get(key) or {}).get("current")) or {}
            want = target.get("averageValue") or target.get("value")
            have = cur.get("averageValue") or cur.get("value") or UNKNOWN
            text = f"{have}/{want}" + (" (avg)" if t != "Pods" and target.get("averageValue") else "")
        else:
            text = f"{UNKNOWN} type"
        if len(lst) < mx:
            lst.append(text)
        else:
            more = True
        count += 1
    ret = ", ".join(lst)
    if more:
        return f"{ret} + {count - mx} more..."
    return ret


def hpa(obj, now, wide):
    spec, st = obj.get("spec") or {}, obj.get("status") or {}
    ref = spec.get("scaleTargetRef") or {}
    mn = spec.get("minReplicas")
    return [obj["metadata"]["name"], f"{ref.get('kind', '')}/{ref.get('name', '')}", hpa_targets(obj),
            "<unset>" if mn is None else str(mn), str(spec.get("maxReplicas", 0)), str(int(st.get("currentReplicas") or 0)),
            age(obj, now)]


def _sortable_resource_names(names):
    # SortableResourceNames: plain string sort
    return sorted(names)


def resourcequota(obj, now, wide):
    hard = (obj.get("spec") or {}).get("hard") or {}
    used = (obj.get("status") or {}).get("used") or {}
    req, lim = [], []
    for r in _sortable_resource_names(hard):
        pieces = r.split(".")
        target = lim if len(pieces) > 1 and pieces[0] == "limits" else req
        target.append(f"{r}: {used.get(r, '0')}/{hard[r]}")
    return [obj["metadata"]["name"], age(obj, now), ", ".join(req), ", ".join(lim)]


def created_at(obj, now, wide):
    ts = (obj.get("metadata") or {}).get("creationTimestamp") or ""
    return [obj["metadata"]["name"], ts]


def lease(obj, now, wide):
    return [obj["metadata"]["name"], (obj.get("spec") or {}).get("holderIdentity") or "", age(obj, now)]


def apiservice(obj, now, wide):
    spec, st = obj.get("spec") or {}, obj.get("status") or {}
    svc = spec.get("service")
    service = f"{svc.get('namespace')}/{svc.get('name')}" if svc else "Local"
    status = "Unknown"
    for c in st.get("conditions") or ():
        if c.get("type") == "Available":
            if c.get("status") == "True":
                status = "True"
            elif c.get("reason"):
                status = f"{c.get('status')} ({c['reason']})"
            else:
                status = str(c.get("status"))
    return [obj["metadata"]["name"], service, status, age(obj, now)]


def ingress(obj, now, wide):
    """printers.go printIngress: formatHosts (the first 3 hosts set, "*" when none), formatPorts,
    ingressLoadBalancerStatusStringer (a sorted set, clipped unless wide)."""
    spec = obj.get("spec") or {}
    rules = spec.get("rules") or []
    hosts: list[str] = []
    more = False
    for r in rules:
        if len(hosts) == 3:
            more = True
        if not more and r.get("host"):
            hosts.append(r["host"])
    hosts_s = ",".join(hosts) if hosts else "*"
    if hosts and more:
        hosts_s += f" + {len(rules) - 3} more..."
    ports = "80, 443" if spec.get("tls") else "80"
    addr = {i.get("ip") or i.get("hostname") or ""
            for i in ((obj.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []}
    addr_s = ",".join(sorted(a for a in addr if a))
    if not wide and len(addr_s) > LOAD_BALANCER_WIDTH:
        addr_s = addr_s[:LOAD_BALANCER_WIDTH - 3] + "..."
    return [obj["metadata"]["name"], spec.get("ingressClassName") or NONE, hosts_s, addr_s, ports, age(obj, now)]


def ingressclass(obj, now, wide):
    spec = obj.get("spec") or {}
    params = spec.get("parameters")
    if params:
        group = params.get("apiGroup") or ""
        kind = params.get("kind", "")
        p = f"{kind}.{group}/{params.get('name', '')}" if group else f"{kind}/{params.get('name', '')}"
    else:
        p = NONE
    return [obj["metadata"]["name"], spec.get("controller", ""), p, age(obj, now)]


def networkpolicy(obj, now, wide):
    return [obj["metadata"]["name"], objects.format_label_selector((obj.get("spec") or {}).get("podSelector") or {}), age(obj, now)]


def pdb(obj, now, wide):
    spec, st = obj.get("spec") or {}, obj.get("status") or {}
    mn = spec.get("minAvailable")
    mx = spec.get("maxUnavailable")
    return [obj["metadata"]["name"], "N/A" if mn is None else str(mn), "N/A" if mx is None else str(mx),
            str(int(st.get("disruptionsAllowed") or 0)), age(obj, now)]


def priorityclass(obj, now, wide):
    return [obj["metadata"]["name"], str(obj.get("value", 0)), "true" if obj.get("globalDefault") else "false", age(obj, now),
            obj.get("preemptionPolicy") or ""]


def storageclass(obj, now, wide):
    name = obj["metadata"]["name"]
    ann = (obj.get("metadata") or {}).get("annotations") or {}
    if ann.get("storageclass.kubernetes.io/is-default-class") == "true" or ann.get("storageclass.beta.kubernetes.io/is-default-class") == "true":
        name += " (default)"
    return [name, obj.get("provisioner", ""), obj.get("reclaimPolicy") or "Delete",
            obj.get("volumeBindingMode") or "Immediate", "true" if obj.get("allowVolumeExpansion") else "false", age(obj, now)]


_access_modes = volume_helpers.access_modes_string  # GetAccessModesAsString


def persistentvolume(obj, now, wide):
    """printPersistentVolume."""
    spec, st = obj.get("spec") or {}, obj.get("status") or {}
    claim = spec.get("claimRef")
    claim_s = f"{claim.get('namespace') or ''}/{claim.get('name') or ''}" if claim else ""
    phase = "Terminating" if (obj.get("metadata") or {}).get("deletionTimestamp") else st.get("phase", "")
    row = [obj["metadata"]["name"], str((spec.get("capacity") or {}).get("storage", "0")),
           volume_helpers.access_modes_string(spec.get("accessModes")), spec.get("persistentVolumeReclaimPolicy", ""),
           phase, claim_s, volume_helpers.volume_class(obj), spec.get("volumeAttributesClassName") or "<unset>",
           st.get("reason", ""), age(obj, now)]
    if wide:
        row.append(spec.get("volumeMode") or "<unset>")
    return row


def persistentvolumeclaim(obj, now, wide):
    """printPersistentVolumeClaim: capacity and access modes once a volume is named."""
    spec, st = obj.get("spec") or {}, obj.get("status") or {}
    phase = st.get("phase", "")
    if (obj.get("metadata") or {}).get("deletionTimestamp"):
        phase = "Terminating"
    cap, modes = "", ""
    if spec.get("volumeName"):
        cap = str((st.get("capacity") or {}).get("storage", "0"))
        modes = volume_helpers.access_modes_string(st.get("accessModes"))
    row = [obj["metadata"]["name"], phase, spec.get("volumeName", ""), cap, modes, volume_helpers.claim_class(obj),
           spec.get("volumeAttributesClassName") or "<unset>", age(obj, now)]
    if wide:
        row.append(spec.get("volumeMode") or "<unset>")
    return row


def componentstatus(obj, now, wide):
    status, message, error = "Unknown", "", ""
    for c in obj.get("conditions") or ():
        if c.get("type") == "Healthy":
            status = "Healthy" if c.get("status") == "True" else "Unhealthy"
            message = c.get("message", "")
            error = c.get("error", "")
            break
    return [obj["metadata"]["name"], status, message, error]


def controllerrevision(obj, now, wide):
    ref = objects.controller_of(obj)
    if ref:
        group = ref.get("apiVersion", "").rpartition("/")[0]
        kind = ref.get("kind", "").lower()
        controller = f"{kind}.{group}/{ref.get('name')}" if group else f"{kind}/{ref.get('name')}"
    else:
        controller = NONE
    return [obj["metadata"]["name"], controller, str(obj.get("revision", 0)), age(obj, now)]


def podtemplate(obj, now, wide):
    tpl = obj.get("template") or {}
    names, images = _containers(tpl.get("spec"))
    return [obj["metadata"]["name"], names, images, format_labels((tpl.get("metadata") or {}).get("labels"))]


def _subjects_strings(subjects) -> tuple[list[str], list[str], list[str]]:
    """pkg/apis/rbac/helpers.go SubjectsStrings: users, groups, and service accounts as namespace/name."""
    users, groups, sas = [], [], []
    for s in subjects or ():
        kind = s.get("kind")
        if kind == "ServiceAccount":
            sas.append(f"{s.get('namespace', '')}/{s.get('name', '')}")
        elif kind == "User":
            users.append(s.get("name", ""))
        elif kind == "Group":
            groups.append(s.get("name", ""))
    return users, groups, sas


def rolebinding(obj, now, wide):
    """printRoleBinding / printClusterRoleBinding."""
    ref = obj.get("roleRef") or {}
    row = [obj["metadata"]["name"], f"{ref.get('kind', '')}/{ref.get('name', '')}", age(obj, now)]
    if wide:
        row += [", ".join(x) for x in _subjects_strings(obj.get("subjects"))]
    return row


def default(obj, now, wide):
    return created_at(obj, now, wide)


# kind -> (columns, wide-only columns, handler)
Handler = Callable[[dict, float, bool], list]
COLUMNS: dict[str, tuple[list[str], list[str], Handler]] = {
    "Pod": (["NAME", "READY", "STATUS", "RESTARTS", "AGE"], ["IP", "NODE", "NOMINATED NODE", "READINESS GATES"], pod),
    "Node": (["NAME", "STATUS", "ROLES", "AGE", "VERSION"], ["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"], node),
    "Deployment": (["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], ["CONTAINERS", "IMAGES", "SELECTOR"], deployment),
    "ReplicaSet": (["NAME", "DESIRED", "CURRENT", "READY", "AGE"], ["CONTAINERS", "IMAGES", "SELECTOR"], replicaset),
    "ReplicationController": (["NAME", "DESIRED", "CURRENT", "READY", "AGE"], ["CONTAINERS", "IMAGES", "SELECTOR"], replicationcontroller),
    "DaemonSet": (["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"], ["CONTAINERS", "IMAGES", "SELECTOR"], daemonset),
    "StatefulSet": (["NAME", "READY", "AGE"], ["CONTAINERS", "IMAGES"], statefulset),
    "Job": (["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"], ["CONTAINERS", "IMAGES", "SELECTOR"], job),
    "CronJob": (["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"], ["CONTAINERS", "IMAGES", "SELECTOR"], cronjob),
    "Service": (["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], ["SELECTOR"], service),
    "Endpoints": (["NAME", "ENDPOINTS", "AGE"], [], endpoints),
    "EndpointSlice": (["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"], [], endpointslice),
    "Namespace": (["NAME", "STATUS", "AGE"], [], namespace),
    "Event": (["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"], [], event),
    "ConfigMap": (["NAME", "DATA", "AGE"], [], configmap),
    "Secret": (["NAME", "TYPE", "DATA", "AGE"], [], secret),
    "ServiceAccount": (["NAME", "SECRETS", "AGE"], [], serviceaccount),
    "HorizontalPodAutoscaler": (["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"], [], hpa),
    "ResourceQuota": (["NAME", "AGE", "REQUEST", "LIMIT"], [], resourcequota),
    "LimitRange": (["NAME", "CREATED AT"], [], created_at),
    "Lease": (["NAME", "HOLDER", "AGE"], [], lease),
    "APIService": (["NAME", "SERVICE", "AVAILABLE", "AGE"], [], apiservice),
    "Ingress": (["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"], [], ingress),
    "IngressClass": (["NAME", "CONTROLLER", "PARAMETERS", "AGE"], [], ingressclass),
    "NetworkPolicy": (["NAME", "POD-SELECTOR", "AGE"], [], networkpolicy),
    "PodDisruptionBudget": (["NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"], [], pdb),
    "PriorityClass": (["NAME", "VALUE", "GLOBAL-DEFAULT", "AGE", "PREEMPTIONPOLICY"], [], priorityclass),
    "StorageClass": (["NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"], [], storageclass),
    "PersistentVolume": (["NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS", "CLAIM", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "REASON", "AGE"], ["VOLUMEMODE"], persistentvolume),
    "PersistentVolumeClaim": (["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE"], ["VOLUMEMODE"], persistentvolumeclaim),
    "ComponentStatus": (["NAME", "STATUS", "MESSAGE", "ERROR"], [], componentstatus),
    "ControllerRevision": (["NAME", "CONTROLLER", "REVISION", "AGE"], [], controllerrevision),
    "PodTemplate": (["NAME", "CONTAINERS", "IMAGES", "POD LABELS"], [], podtemplate),
    "Role": (["NAME", "CREATED AT"], [], created_at),
    "ClusterRole": (["NAME", "CREATED AT"], [], created_at),
    "RoleBinding": (["NAME", "ROLE", "AGE"], ["USERS", "GROUPS", "SERVICEACCOUNTS"], rolebinding),
    "ClusterRoleBinding": (["NAME", "ROLE", "AGE"], ["USERS", "GROUPS", "SERVICEACCOUNTS"], rolebinding),
}
DEFAULT = (["NAME", "CREATED AT"], [], default)

# -o wide for events reorders columns (printEvent's wide branch).
WIDE_EVENT_COLUMNS = ["LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE", "FIRST SEEN", "COUNT", "NAME"]


def columns_for(kind: str, wide: bool) -> tuple[list[str], Handler]:
    cols, wide_cols, handler = COLUMNS.get(kind, DEFAULT)
    if kind == "Event" and wide:
        return list(WIDE_EVENT_COLUMNS), handler
    return (cols + wide_cols) if wide else list(cols), handler
