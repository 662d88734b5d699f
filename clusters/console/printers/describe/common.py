"""What every describer shares (kubernetes/kubectl:pkg/describe/describe.go).

``Writer`` is describe.go's PrefixWriter over a tabwriter configured as
``tabbedString`` does (minwidth 0, padding 2); ``flush`` starts a new
column block, as ``w.Flush()`` before the Events table does. The helpers
print labels, annotations, taints, tolerations, events, pod templates and
containers in describe.go's words and order.
"""
from __future__ import annotations

import datetime as _dt
import re

from clusters import objects, timeutil
from clusters.apiserver import errors as api_errors
from clusters.console.printers import gosort, tabwriter

MAX_ANNOTATION_LEN = 140  # describe.go maxAnnotationLen
SKIP_ANNOTATIONS = {"kubectl.kubernetes.io/last-applied-configuration"}


class Writer:
    def __init__(self):
        self.blocks: list[list[str]] = [[]]

    def write(self, level: int, text: str) -> None:
        self.blocks[-1].append("  " * level + text)

    def line(self, text: str) -> None:
        """PrefixWriter.WriteLine (fmt.Fprintln)."""
        self.blocks[-1].append(text + "\n")

    def flush(self) -> None:
        self.blocks.append([])

    def text(self) -> str:
        return "".join(tabwriter.format_lines("".join(b), minwidth=0, padding=2) for b in self.blocks if b)


def rfc1123z(ts) -> str:
    """time.RFC1123Z: Mon, 02 Jan 2006 15:04:05 -0700."""
    if not ts:
        return "Mon, 01 Jan 0001 00:00:00 +0000"
    try:
        t = timeutil.parse_rfc3339(ts)
    except ValueError:
        return str(ts)
    d = _dt.datetime.fromtimestamp(int(t), tz=_dt.timezone.utc)
    return d.strftime("%a, %d %b %Y %H:%M:%S +0000")


def since(ts, now: float) -> str:
    if not ts:
        return "<unknown>"
    try:
        return timeutil.human_duration(now - timeutil.parse_rfc3339(ts))
    except ValueError:
        return "<unknown>"


def labels_multiline(w: Writer, title: str, labels: dict | None, initial: str = "", inner: str = "\t") -> None:
    w.write(0, f"{initial}{title}:{inner}")
    keys = sorted((labels or {}).keys())
    if not keys:
        w.line("<none>")
        return
    for i, k in enumerate(keys):
        if i:
            w.write(0, initial + inner)
        w.write(0, f"{k}={labels[k]}\n")


def annotations_multiline(w: Writer, title: str, annotations: dict | None) -> None:
    w.write(0, f"{title}:\t")
    keys = sorted(k for k in (annotations or {}) if k not in SKIP_ANNOTATIONS)
    if not keys:
        w.line("<none>")
        return
    indent = "\t"
    for i, k in enumerate(keys):
        if i:
            w.write(0, indent)
        value = str(annotations[k])
        if value.endswith("\n"):
            value = value[:-1]
        if len(value) + len(k) + 2 > MAX_ANNOTATION_LEN or "\n" in value:
            w.write(0, f"{k}:\n")
            for s in value.split("\n"):
                short = s[:MAX_ANNOTATION_LEN - 2] + "..." if len(s) > MAX_ANNOTATION_LEN - 2 else s
                w.write(0, f"{indent}  {short}\n")
        else:
            w.write(0, f"{k}: {value}\n")


def taint_string(t: dict) -> str:
    s = t.get("key", "")
    if t.get("value"):
        s += "=" + t["value"]
    return s + ":" + t.get("effect", "")


def taints_multiline(w: Writer, title: str, taints: list | None, initial: str = "", inner: str = "\t") -> None:
    w.write(0, f"{initial}{title}:{inner}")
    if not taints:
        w.line("<none>")
        return
    ordered = list(taints)  # sort.Slice on "effect,key" (Go's unstable sort)
    gosort.sort(ordered, lambda a, b: a.get("effect", "") + "," + a.get("key", "") < b.get("effect", "") + "," + b.get("key", ""))
    for i, t in enumerate(ordered):
        if i:
            w.write(0, initial + inner)
        w.write(0, taint_string(t) + "\n")


def tolerations_multiline(w: Writer, title: str, tolerations: list | None, initial: str = "", inner: str = "\t") -> None:
    w.write(0, f"{initial}{title}:{inner}")
    if not tolerations:
        w.line("<none>")
        return
    ordered = list(tolerations)  # sort.Slice on the key alone (Go's unstable sort)
    gosort.sort(ordered, lambda a, b: a.get("key", "") < b.get("key", ""))
    for i, t in enumerate(ordered):
        if i:
            w.write(0, initial + inner)
        s = t.get("key", "")
        if t.get("value"):
            s += "=" + t["value"]
        if t.get("effect"):
            s += ":" + t["effect"]
        if t.get("operator") == "Exists" and not t.get("value"):
            s += " op=Exists" if (t.get("key") or t.get("effect")) else "op=Exists"
        if t.get("tolerationSeconds") is not None:
            s += f" for {t['tolerationSeconds']}s"
        w.write(0, s + "\n")


def controller(obj: dict) -> str:
    ref = objects.controller_of(obj)
    return f"{ref.get('kind')}/{ref.get('name')}" if ref else ""


def find_events(api, obj: dict, strict: bool = False) -> list[dict]:
    """describe.go searchEvents: events whose involvedObject is this object (by uid).

    Every describer but ConfigMap's drops searchEvents' error (``events, _ =``) and
    prints the empty list it got back, so a user who may read the object but not list
    events sees ``Events: <none>``; ConfigMapDescriber returns the error (``strict``).
    """
    meta = obj.get("metadata") or {}
    ns = meta.get("namespace") or "default"
    uid = meta.get("uid")
    name = meta.get("name")
    kind = obj.get("kind")
    out = []
    try:
        evs = api.list("events", ns)
    except api_errors.StatusError:
        if strict:
            raise
        return []
    for e in evs:
        io = e.get("involvedObject") or {}
        if io.get("name") == name and io.get("kind") == kind and (not uid or not io.get("uid") or io.get("uid") == uid):
            out.append(e)
    return in_order_made(api, out)


def sort_events(evs: list[dict]) -> list[dict]:
    """describe.go DescribeEvents: ``sort.Sort(event.SortableEvents(...))`` on lastTimestamp.

    sort.Sort is Go's unstable pdqsort: equal timestamps (second precision) keep
    the list's order only while there are at most 12 events, so the port in
    ``gosort`` is used rather than a stable sort.
    """
    out = list(evs)
    stamps = {id(e): _ts(e.get("lastTimestamp")) or float("-inf") for e in out}
    gosort.sort(out, lambda a, b: stamps[id(a)] < stamps[id(b)])
    return out


def in_order_made(api, evs: list[dict]) -> list[dict]:
    """Events as the API server lists them for describe's field-selector search.

    The list is in name order, and real event names (``<object>.<hex unix nanos>``,
    stamped when the event is made) sort in the order the events were made. Ours
    carry random nanoseconds within one virtual instant, so that order is read from
    the store (each event's create revision) instead.
    """
    store = getattr(api, "store", None)

    def made(e: dict) -> int:
        meta = e.get("metadata") or {}
        kv = store.get(f"/registry/events/{meta.get('namespace') or 'default'}/{meta.get('name')}") if store else None
        return kv.create_revision if kv is not None else _rv(e)

    return sorted(evs, key=made)


def events(w: Writer, evs: list[dict] | None, now: float) -> None:
    if evs is None:
        return
    if not evs:
        w.write(0, "Events:\t<none>\n")
        return
    w.flush()
    ordered = sort_events(evs)
    w.write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
    w.write(1, "----\t------\t----\t----\t-------\n")
    for e in ordered:
        first = since(e.get("eventTime"), now) if e.get("eventTime") else since(e.get("firstTimestamp"), now)
        series = e.get("series")
        count = e.get("count") or 0
        if series:
            interval = f"{since(series.get('lastObservedTime'), now)} (x{series.get('count')} over {first})"
        elif count > 1:
            interval = f"{since(e.get('lastTimestamp'), now)} (x{count} over {first})"
        else:
            interval = first
        source = (e.get("source") or {}).get("component") or e.get("reportingComponent") or ""
        w.write(1, f"{e.get('type', '')}\t{e.get('reason', '')}\t{interval}\t{source}\t{(e.get('message') or '').strip()}\n")


def _rv(obj: dict) -> int:
    try:
        return int((obj.get("metadata") or {}).get("resourceVersion") or 0)
    except ValueError:
        return 0


def _ts(s):
    if not s:
        return None
    try:
        return timeutil.parse_rfc3339(s)
    except ValueError:
        return None


# -- quantities ----------------------------------------------------------------

def quantity_string(q) -> str:
    return "0" if q is None else str(q)


def sum_quantities(values: list) -> str:
    """Quantity.Add then String(): binary suffixes stay when every addend is binary."""
    if not values:
        return "0"
    if len(values) == 1:
        return str(values[0])
    total = sum(objects.parse_quantity(v) for v in values)
    if total == 0:
        return "0"
    binary = all(isinstance(v, str) and re.search(r"[KMGTPE]i$", v) for v in values)
    if binary and total == int(total):
        return objects.format_bytes(int(total))
    return _decimal_si(total)


def _decimal_si(v) -> str:
    from decimal import Decimal

    v = Decimal(v)
    if v != int(v):
        m = v * 1000
        if m == int(m):
            return f"{int(m)}m"
        return str(v)
    iv = int(v)
    for suffix, mult in (("E", 10 ** 18), ("P", 10 ** 15), ("T", 10 ** 12), ("G", 10 ** 9), ("M", 10 ** 6), ("k", 10 ** 3)):
        if iv and iv % mult == 0:
            return f"{iv // mult}{suffix}"
    return str(iv)


# -- pods and templates --------------------------------------------------------------

def _probe(p: dict) -> str:
    attrs = (f"delay={p.get('initialDelaySeconds', 0)}s timeout={p.get('timeoutSeconds', 1)}s period={p.get('periodSeconds', 10)}s "
             f"#success={p.get('successThreshold', 1)} #failure={p.get('failureThreshold', 3)}")
    if p.get("exec") is not None:
        return f"exec [{' '.join(p['exec'].get('command') or [])}] {attrs}"
    if p.get("httpGet") is not None:
        h = p["httpGet"]
        scheme = (h.get("scheme") or "HTTP").lower()
        port = h.get("port", "")
        host = h.get("host", "")
        hostport = f"{host}:{port}" if str(port) else host
        return f"http-get {scheme}://{hostport}{h.get('path', '')} {attrs}"
    if p.get("tcpSocket") is not None:
        t = p["tcpSocket"]
        return f"tcp-socket {t.get('host', '')}:{t.get('port', '')} {attrs}"
    if p.get("grpc") is not None:
        g = p["grpc"]
        return f"grpc <pod>:{g.get('port')} {g.get('service', '')} {attrs}"
    return f"unknown {attrs}"


def _state(w: Writer, name: str, state: dict) -> None:
    if state.get("running") is not None:
        w.write(2, f"{name}:\tRunning\n")
        w.write(3, f"Started:\t{rfc1123z(state['running'].get('startedAt'))}\n")
    elif state.get("waiting") is not None:
        w.write(2, f"{name}:\tWaiting\n")
        if state["waiting"].get("reason"):
            w.write(3, f"Reason:\t{state['waiting']['reason']}\n")
    elif state.get("terminated") is not None:
        t = state["terminated"]
        w.write(2, f"{name}:\tTerminated\n")
        if t.get("reason"):
            w.write(3, f"Reason:\t{t['reason']}\n")
        if t.get("message"):
            w.write(3, f"Message:\t{t['message']}\n")
        w.write(3, f"Exit Code:\t{t.get('exitCode', 0)}\n")
        if (t.get("signal") or 0) > 0:
            w.write(3, f"Signal:\t{t['signal']}\n")
        w.write(3, f"Started:\t{rfc1123z(t.get('startedAt'))}\n")
        w.write(3, f"Finished:\t{rfc1123z(t.get('finishedAt'))}\n")
    else:
        w.write(2, f"{name}:\tWaiting\n")


def _field_value(pod: dict | None, path: str) -> str:
    if pod is None:
        return ""
    m = re.fullmatch(r"metadata\.(labels|annotations)\['(.*)'\]", path)
    if m:
        return str(((pod.get("metadata") or {}).get(m.group(1)) or {}).get(m.group(2), ""))
    v = objects.get_path(pod, path)
    return "" if v is None else str(v)


def containers(w: Writer, label: str, cs: list, statuses: list | None, pod: dict | None, space: str = "") -> None:
    by_name = {s.get("name"): s for s in statuses or ()}
    w.write(0, f"{space}{label}:{' <none>' if not cs else ''}\n")
    for c in cs:
        st = by_name.get(c.get("name"))
        ok = statuses is not None and st is not None
        w.write(1, f"{' ' if space else ''}{c.get('name')}:\n")
        if ok:
            w.write(2, f"Container ID:\t{st.get('containerID', '')}\n")
        w.write(2, f"Image:\t{c.get('image', '')}\n")
        if ok:
            w.write(2, f"Image ID:\t{st.get('imageID', '')}\n")
        ports = ", ".join(f"{p.get('containerPort')}/{p.get('protocol', 'TCP')}" for p in c.get("ports") or ())
        host_ports = ", ".join(f"{p.get('hostPort', 0)}/{p.get('protocol', 'TCP')}" for p in c.get("ports") or ())
        if "," in ports:
            w.write(2, f"Ports:\t{ports}\n")
        else:
            w.write(2, f"Port:\t{ports or '<none>'}\n")
        if "," in host_ports:
            w.write(2, f"Host Ports:\t{host_ports}\n")
        else:
            w.write(2, f"Host Port:\t{host_ports or '<none>'}\n")
        if c.get("command"):
            w.write(2, "Command:\n")
            for x in c["command"]:
                for s in str(x).split("\n"):
                    w.write(3, f"{s}\n")
        if c.get("args"):
            w.write(2, "Args:\n")
            for x in c["args"]:
                for s in str(x).split("\n"):
                    w.write(3, f"{s}\n")
        if ok:
            _state(w, "State", st.get("state") or {})
            last = st.get("lastState") or {}
            if last.get("terminated") is not None:
                _state(w, "Last State", last)
            w.write(2, f"Ready:\t{'True' if st.get('ready') else 'False'}\n")
            w.write(2, f"Restart Count:\t{st.get('restartCount', 0)}\n")
        res = c.get("resources") or {}
        if res.get("limits"):
            w.write(2, "Limits:\n")
            for k in sorted(res["limits"]):
                w.write(3, f"{k}:\t{res['limits'][k]}\n")
        if res.get("requests"):
            w.write(2, "Requests:\n")
            for k in sorted(res["requests"]):
                w.write(3, f"{k}:\t{res['requests'][k]}\n")
        for key, title in (("livenessProbe", "Liveness"), ("readinessProbe", "Readiness"), ("startupProbe", "Startup")):
            if c.get(key) is not None:
                w.write(2, f"{title}:\t{_probe(c[key])}\n")
        if c.get("envFrom"):
            w.write(2, "Environment Variables from:\n")
            for e in c["envFrom"]:
                if e.get("configMapRef") is not None:
                    src, ref = "ConfigMap", e["configMapRef"]
                else:
                    src, ref = "Secret", e.get("secretRef") or {}
                opt = "true" if ref.get("optional") else "false"
                if e.get("prefix"):
                    w.write(3, f"{ref.get('name', '')}\t{src} with prefix '{e['prefix']}'\tOptional: {opt}\n")
                else:
                    w.write(3, f"{ref.get('name', '')}\t{src}\tOptional: {opt}\n")
        env = c.get("env") or []
        w.write(2, f"Environment:{chr(9) + '<none>' if not env else ''}\n")
        for e in env:
            vf = e.get("valueFrom")
            if vf is None:
                for i, s in enumerate(str(e.get("value", "")).split("\n")):
                    w.write(3, f"{e.get('name')}:\t{s}\n" if i == 0 else f"\t{s}\n")
                continue
            if vf.get("fieldRef") is not None:
                fr = vf["fieldRef"]
                val = _field_value(pod, fr.get("fieldPath", "")) if pod is not None else ""
                w.write(3, f"{e.get('name')}:\t{val} ({fr.get('apiVersion', 'v1')}:{fr.get('fieldPath', '')})\n")
            elif vf.get("resourceFieldRef") is not None:
                rf = vf["resourceFieldRef"]
                w.write(3, f"{e.get('name')}:\t ({rf.get('resource', '')})\n")
            elif vf.get("secretKeyRef") is not None:
                r = vf["secretKeyRef"]
                w.write(3, f"{e.get('name')}:\t<set to the key '{r.get('key')}' in secret '{r.get('name')}'>\tOptional: {'true' if r.get('optional') else 'false'}\n")
            elif vf.get("configMapKeyRef") is not None:
                r = vf["configMapKeyRef"]
                w.write(3, f"{e.get('name')}:\t<set to the key '{r.get('key')}' of config map '{r.get('name')}'>\tOptional: {'true' if r.get('optional') else 'false'}\n")
        mounts = sorted(c.get("volumeMounts") or [], key=lambda m: m.get("mountPath", ""))
        w.write(2, f"Mounts:{chr(9) + '<none>' if not mounts else ''}\n")
        for m in mounts:
            flags = ["ro" if m.get("readOnly") else "rw"]
            if m.get("subPath"):
                flags.append(f'path="{m["subPath"]}"')
            w.write(3, f"{m.get('mountPath')} from {m.get('name')} ({','.join(flags)})\n")


def _go_bool_ptr(v) -> str:
    return "<nil>" if v is None else ("true" if v else "false")


def volumes(w: Writer, vols: list | None, space: str = "") -> None:
    if not vols:
        w.write(0, f"{space}Volumes:\t<none>\n")
        return
    w.write(0, f"{space}Volumes:\n")
    for v in vols:
        w.write(1, f"{' ' if space else ''}{v.get('name')}:\n")
        if v.get("hostPath") is not None:
            h = v["hostPath"]
            htype = h.get("type", "") if "type" in h else "<none>"
            w.write(2, f"Type:\tHostPath (bare host directory volume)\n    Path:\t{h.get('path', '')}\n    HostPathType:\t{htype}\n")
        elif v.get("emptyDir") is not None:
            e = v["emptyDir"]
            w.write(2, f"Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t{e.get('medium', '')}\n    SizeLimit:\t{e.get('sizeLimit') or '<unset>'}\n")
        elif v.get("secret") is not None:
            s = v["secret"]
            w.write(2, f"Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t{s.get('secretName', '')}\n    Optional:\t{'true' if s.get('optional') else 'false'}\n")
        elif v.get("configMap") is not None:
            s = v["configMap"]
            w.write(2, f"Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t{s.get('name', '')}\n    Optional:\t{'true' if s.get('optional') else 'false'}\n")
        elif v.get("persistentVolumeClaim") is not None:
            s = v["persistentVolumeClaim"]
            w.write(2, f"Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t{s.get('claimName', '')}\n    ReadOnly:\t{'true' if s.get('readOnly') else 'false'}\n")
        elif v.get("projected") is not None:
            w.write(2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n")
            for src in v["projected"].get("sources") or ():
                if src.get("secret") is not None:
                    w.write(2, f"SecretName:\t{src['secret'].get('name', '')}\n    SecretOptionalName:\t{_go_bool_ptr(src['secret'].get('optional'))}\n")
                elif src.get("downwardAPI") is not None:
                    w.write(2, "DownwardAPI:\ttrue\n")
                elif src.get("configMap") is not None:
                    w.write(2, f"ConfigMapName:\t{src['configMap'].get('name', '')}\n    ConfigMapOptional:\t{_go_bool_ptr(src['configMap'].get('optional'))}\n")
                elif src.get("serviceAccountToken") is not None:
                    w.write(2, f"TokenExpirationSeconds:\t{src['serviceAccountToken'].get('expirationSeconds', 3600)}\n")
        elif v.get("downwardAPI") is not None:
            w.write(2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n")
            for it in v["downwardAPI"].get("items") or ():
                if it.get("fieldRef"):
                    w.write(3, f"{it['fieldRef'].get('fieldPath')} -> {it.get('path')}\n")
        else:
            w.write(1, "<unknown>\n")


def pod_template(w: Writer, template: dict | None) -> None:
    w.write(0, "Pod Template:\n")
    if template is None:
        w.write(1, "<unset>")
        return
    meta = template.get("metadata") or {}
    spec = template.get("spec") or {}
    labels_multiline(w, "  Labels", meta.get("labels"))
    if meta.get("annotations"):
        annotations_multiline(w, "  Annotations", meta.get("annotations"))
    if spec.get("serviceAccountName"):
        w.write(1, f"Service Account:\t{spec['serviceAccountName']}\n")
    if spec.get("initContainers"):
        containers(w, "Init Containers", spec["initContainers"], None, None, "  ")
    containers(w, "Containers", spec.get("containers") or [], None, None, "  ")
    volumes(w, spec.get("volumes"), "  ")
    if spec.get("priorityClassName"):
        w.write(1, f"Priority Class Name:\t{spec['priorityClassName']}\n")
    labels_multiline(w, "  Node-Selectors", spec.get("nodeSelector"))
    tolerations_multiline(w, "  Tolerations", spec.get("tolerations"))
