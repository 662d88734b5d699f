"""``sim``: the simulation's own command, for time, faults and explanations.

Nothing in a real cluster answers to ``sim``; it is how a learner steps
outside the cluster to move time, break things, and ask why something
happened. Every subcommand is journaled like any other line, so a replay
does the same thing at the same virtual instant.

Time: ``pause``, ``resume`` and ``speed`` are settings for the host (the web
worker or ``python -m clusters``), which maps wall time to virtual time; they
are kept on ``cluster.time_mode`` and change nothing inside the cluster.
``advance`` and ``step`` move virtual time here and now, and summarise what
happened meanwhile from the trace.

Faults: nodes (``cluster.kubelets[name].fail()/recover()/partition()`` and
``clusters.kubelet.add_node``) and aggregated APIServices
(``clusters.apiserver.discovery``) belong to their components; ``sim`` only
calls them.

Explanations: ``explain`` walks ``cluster.trace.chain`` from an object's last
write back to the learner's command; ``scores`` prints the scheduler's
recorded decision for a pod; ``events`` prints the control-plane trace since
the last time it was asked.
"""
from __future__ import annotations

import importlib
import shlex
from typing import Any, Callable

from clusters import objects, timeutil
from clusters.apiserver import resources
from clusters.console import timing
from clusters.output import Output
from clusters.strings import isdigits

# Bounds on host settings: a speed beyond this makes a terminal unreadable
# and a worker busy for nothing.
MAX_SPEED = 1000.0
EVENTS_LIMIT = 200


class SimError(Exception):
    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.message = message
        self.code = code


def main(ctx, argv: list[str]) -> int:
    """The console program (clusters/console/programs.py)."""
    try:
        text = run(ctx.cluster, list(argv))
    except SimError as e:
        ctx.err(f"sim: {e.message}\n")
        return e.code
    ctx.out(text)
    return 0


def run(cluster, args: list[str]) -> str:
    if not args or args[0] in ("help", "-h", "--help"):
        return HELP
    name = args[0]
    handler = _COMMANDS.get(name)
    if handler is None:
        raise SimError(f"unknown command {name!r}; 'sim help' lists them", 2)
    return handler(cluster, args[1:])


def execute(cluster, line: str) -> Output:
    """Run one ``sim`` line outside a console (tests, labs): stdout or the error, with the exit code."""
    words = shlex.split(line)
    if words and words[0] == "sim":
        words = words[1:]
    try:
        return Output(run(cluster, words))
    except SimError as e:
        return Output(f"sim: {e.message}\n", e.code)


# -- helpers ---------------------------------------------------------------------------

def _when(cluster, t: float) -> str:
    return timeutil.rfc3339(cluster.epoch + t)


def _clock(cluster, t: float) -> str:
    return timeutil.rfc3339(cluster.epoch + t)[11:19]


def _flag(args: list[str], *names: str, default: str | None = None) -> tuple[str | None, list[str]]:
    """Pull ``--name value`` / ``--name=value`` out of args."""
    rest: list[str] = []
    value = default
    i = 0
    while i < len(args):
        a = args[i]
        hit = False
        for n in names:
            if a == n:
                if i + 1 >= len(args):
                    raise SimError(f"flag needs an argument: {n}", 2)
                value = args[i + 1]
                i += 2
                hit = True
                break
            if a.startswith(n + "="):
                value = a[len(n) + 1:]
                i += 1
                hit = True
                break
        if not hit:
            rest.append(a)
            i += 1
    return value, rest


def _summary(cluster, cursor: int) -> str:
    entries, _ = cluster.trace.since(cursor)
    writes = [e for e in entries if e.revision is not None]
    events = sum(1 for e in writes if e.kind == "Event" and e.verb == "create")
    pods: dict[str, int] = {}
    for e in writes:
        if e.kind == "Pod":
            verb = e.verb.split("/")[0]
            if e.verb == "create/binding":
                verb = "scheduled"
            pods[verb] = pods.get(verb, 0) + 1
    other = len([e for e in writes if e.kind not in ("Event", "Pod", "Lease")])
    parts = [f"{len(writes)} API write{'s' if len(writes) != 1 else ''}", f"{events} event{'s' if events != 1 else ''}"]
    line = ", ".join(parts)
    if pods:
        words = {"create": "created", "scheduled": "scheduled", "update": "updated", "delete": "deleted"}
        line += "; pods: " + ", ".join(f"{n} {words.get(v, v)}" for v, n in sorted(pods.items(), key=lambda kv: ("create", "scheduled", "update", "delete").index(kv[0]) if kv[0] in words else 9))
    if other:
        line += f"; {other} other object write{'s' if other != 1 else ''}"
    return line


# -- time ------------------------------------------------------------------------------

def cmd_pause(cluster, args: list[str]) -> str:
    cluster.time_mode = {**_mode(cluster), "paused": True}
    return (f"Virtual time paused at {_when(cluster, cluster.now)}.\n"
            "Nothing happens until you 'sim resume', 'sim advance DURATION' or 'sim step'.\n")


def cmd_resume(cluster, args: list[str]) -> str:
    mode = {**_mode(cluster), "paused": False}
    cluster.time_mode = mode
    return f"Virtual time resumed at {_when(cluster, cluster.now)}, running at {_speed(mode['speed'])} real time.\n"


def _mode(cluster) -> dict:
    mode = getattr(cluster, "time_mode", None) or {}
    return {"paused": bool(mode.get("paused", False)), "speed": float(mode.get("speed", 1.0) or 1.0)}


def _speed(s: float) -> str:
    return f"{s:g}x"


def cmd_speed(cluster, args: list[str]) -> str:
    if len(args) != 1:
        raise SimError("usage: sim speed N   (virtual seconds per real second, e.g. 'sim speed 10')", 2)
    raw = args[0].rstrip("x")
    try:
        s = float(raw)
    except ValueError:
        raise SimError(f"invalid speed {args[0]!r}: want a number such as 0.5, 1 or 10", 2) from None
    if not (0 < s <= MAX_SPEED) or s != s:
        raise SimError(f"speed must be above 0 and at most {MAX_SPEED:g}", 2)
    mode = {**_mode(cluster), "speed": s}
    cluster.time_mode = mode
    note = " (paused: 'sim resume' to let it run)" if mode["paused"] else ""
    return f"Virtual time runs at {_speed(s)} real time{note}.\n"


def cmd_advance(cluster, args: list[str]) -> str:
    if len(args) != 1:
        raise SimError("usage: sim advance DURATION   (e.g. 30s, 5m, 1h30m)", 2)
    try:
        seconds = timing.parse_duration(args[0])
    except ValueError as e:
        raise SimError(f"invalid duration {args[0]!r}: {e}", 2) from None
    if seconds <= 0:
        raise SimError(f"invalid duration {args[0]!r}: time only moves forward", 2)
    limit = cluster.spec.max_advance
    if seconds > limit:
        raise SimError(f"{timeutil.go_duration(seconds)} is more than this cluster's limit of "
                       f"{timeutil.go_duration(limit)} per advance", 2)
    start = cluster.now
    cursor = cluster.trace.seq
    timing.advance(cluster, seconds)
    return (f"Advanced {timeutil.go_duration(seconds)}: {_when(cluster, start)} -> {_when(cluster, cluster.now)}.\n"
            f"Meanwhile: {_summary(cluster, cursor)}.\n")


def cmd_step(cluster, args: list[str]) -> str:
    nxt = cluster.next_wakeup()
    if nxt is None:
        return "Nothing is scheduled: the cluster is idle.\n"
    start = cluster.now
    cursor = cluster.trace.seq
    saved = cluster.cause
    cluster.cause = None
    try:
        if nxt > cluster.now:
            cluster.advance_to(nxt)
        else:
            cluster.settle()
    finally:
        cluster.cause = saved
    entries, _ = cluster.trace.since(cursor)
    out = [f"Stepped {timeutil.go_duration(cluster.now - start)} to {_when(cluster, cluster.now)}: "
           f"{_summary(cluster, cursor)}.\n"]
    for e in entries[-20:]:
        out.append(_trace_line(cluster, e))
    return "".join(out)


def cmd_status(cluster, args: list[str]) -> str:
    mode = _mode(cluster)
    nodes = cluster.api.list("nodes")
    ready = 0
    for n in nodes:
        for c in (n.get("status") or {}).get("conditions") or ():
            if c.get("type") == "Ready" and c.get("status") == "True":
                ready += 1
    pods = cluster.api.list("pods")
    phases: dict[str, int] = {}
    for p in pods:
        ph = (p.get("status") or {}).get("phase") or "Pending"
        phases[ph] = phases.get(ph, 0) + 1
    nxt = cluster.next_wakeup()
    lines = [
        f"Time:      {_when(cluster, cluster.now)} (virtual second {cluster.now:g})",
        f"Mode:      {'paused' if mode['paused'] else 'running'} at {_speed(mode['speed'])}",
        f"Next:      {'nothing scheduled' if nxt is None else f'in {timeutil.go_duration(max(0.0, nxt - cluster.now))}'}",
        f"Nodes:     {len(nodes)} ({ready} Ready)",
        f"Pods:      {len(pods)}" + (" (" + ", ".join(f"{n} {ph}" for ph, n in sorted(phases.items())) + ")" if pods else ""),
        f"Revision:  {cluster.store.revision} (compacted at {cluster.store.compact_revision})",
        f"Objects:   {len(cluster.store)}",
        f"Commands:  {sum(1 for e in cluster.journal if 'cmd' in e)}",
    ]
    return "\n".join(lines) + "\n"


# -- faults ----------------------------------------------------------------------------

def cmd_node(cluster, args: list[str]) -> str:
    if not args:
        raise SimError("usage: sim node fail|recover|partition|add NAME", 2)
    action, rest = args[0], args[1:]
    if action == "add":
        return _node_add(cluster, rest)
    if action not in ("fail", "recover", "partition"):
        raise SimError(f"unknown node action {action!r}: want fail, recover, partition or add", 2)
    if len(rest) != 1:
        raise SimError(f"usage: sim node {action} NAME", 2)
    name = rest[0]
    kubelets = getattr(cluster, "kubelets", None) or {}
    kubelet = kubelets.get(name)
    if kubelet is None:
        raise SimError(f'node "{name}" not found; nodes: {", ".join(sorted(kubelets)) or "none"}', 1)
    fn = getattr(kubelet, action, None)
    if fn is None:
        raise SimError(f"node faults are not available in this build (the kubelet has no {action}())", 1)
    fn()
    what = {
        "fail": f"Node {name} failed: its kubelet stopped, so heartbeats and Lease renewals stop. "
                "After the node-monitor grace period the node controller marks it NotReady, "
                "then taints it and its pods are evicted.",
        "recover": f"Node {name} recovered: its kubelet runs again and renews its Lease; the node turns Ready.",
        "partition": f"Node {name} is partitioned from the control plane: its containers keep running, "
                     "but the API server hears nothing from it.",
    }[action]
    return what + "\n"


def _node_add(cluster, args: list[str]) -> str:
    cpu, args = _flag(args, "--cpu", default=None)
    memory, args = _flag(args, "--memory", default=None)
    pods, args = _flag(args, "--pods", default=None)
    if len(args) != 1:
        raise SimError("usage: sim node add NAME [--cpu N] [--memory Q] [--pods N]", 2)
    name = args[0]
    from clusters.apiserver import validation

    msgs = validation.dns1123_subdomain(name)
    if msgs:
        raise SimError(f'invalid node name "{name}": {msgs[0]}', 2)
    if cluster.api.try_get("nodes", name) is not None or name in (getattr(cluster, "kubelets", None) or {}):
        raise SimError(f'node "{name}" already exists', 1)
    for label, q in (("--cpu", cpu), ("--memory", memory)):
        if q is not None:
            try:
                objects.parse_quantity(q)
            except objects.QuantityError as e:
                raise SimError(f"invalid {label} {q!r}: {e}", 2) from None
    if pods is not None and not isdigits(pods):
        raise SimError(f"invalid --pods {pods!r}: want a whole number", 2)
    if len(cluster.api.list("nodes")) >= cluster.spec.max_nodes:
        raise SimError(f"this cluster holds its maximum of {cluster.spec.max_nodes} nodes", 1)
    kubelet_pkg = importlib.import_module("clusters.kubelet")
    add_node = getattr(kubelet_pkg, "add_node", None)
    if add_node is None:
        raise SimError("adding nodes is not available in this build", 1)
    kw: dict[str, Any] = {"cpu": cpu or cluster.spec.node_cpu, "memory": memory or cluster.spec.node_memory}
    if pods is not None:
        kw["pods"] = int(pods)
    add_node(cluster, name, **kw)
    return f"Node {name} added ({kw['cpu']} CPU, {kw['memory']} memory); its kubelet registers it with the API server.\n"


def cmd_apiservice(cluster, args: list[str]) -> str:
    if len(args) != 2 or args[0] not in ("break", "fix"):
        raise SimError("usage: sim apiservice break|fix NAME   (e.g. v1beta1.metrics.k8s.io)", 2)
    action, name = args
    if cluster.api.try_get("apiservices", name) is None:
        raise SimError(f'apiservice "{name}" not found', 1)
    try:
        discovery = importlib.import_module("clusters.apiserver.discovery")
    except ModuleNotFoundError:
        discovery = None
    fn = None
    for attr in ((f"{action}_apiservice", action) if action == "break" else (f"{action}_apiservice", action, "repair_apiservice")):
        fn = getattr(discovery, attr, None) if discovery is not None else None
        if fn is not None:
            break
    if fn is None:
        raise SimError("APIService faults are not available in this build", 1)
    fn(cluster, name)
    if action == "break":
        return (f"APIService {name} broken: its backend stops answering, so the aggregator marks it "
                "Available=False and requests for its group fail with ServiceUnavailable.\n")
    return f"APIService {name} fixed: its backend answers again and the aggregator marks it Available.\n"


# -- catalogue ---------------------------------------------------------------------------

def cmd_image(cluster, args: list[str]) -> str:
    try:
        images = importlib.import_module("clusters.kubelet.images")
    except ModuleNotFoundError:
        raise SimError("the image catalogue is not available in this build", 1) from None
    catalogue = None
    for attr in ("CATALOGUE", "CATALOG", "IMAGES"):
        catalogue = getattr(images, attr, None)
        if catalogue is not None:
            break
    if catalogue is None and hasattr(images, "catalogue"):
        catalogue = images.catalogue()
    if not catalogue:
        raise SimError("the image catalogue is empty", 1)
    rows = [["IMAGE", "SIZE", "PORTS", "BEHAVIOUR"]]
    items = catalogue.items() if isinstance(catalogue, dict) else [(getattr(i, "name", None) or ", ".join(getattr(i, "repos", ())) or str(i), i) for i in catalogue]
    for name, info in sorted(items, key=lambda kv: kv[0]):
        rows.append([name, _describe_size(info), _describe_ports(info), _describe_behaviour(info)])
    return _table(rows)


def _get(info: Any, *names: str, default: Any = None) -> Any:
    for n in names:
        if isinstance(info, dict) and n in info:
            return info[n]
        if hasattr(info, n):
            return getattr(info, n)
    return default


def _describe_size(info: Any) -> str:
    size = _get(info, "size", "size_bytes", "bytes")
    if isinstance(size, (int, float)) and size:
        return f"{size / 1e6:.1f}MB"
    return str(size) if size else "-"


def _describe_ports(info: Any) -> str:
    ports = _get(info, "ports", "port")
    if isinstance(ports, (list, tuple)):
        return ",".join(str(p) for p in ports) or "-"
    return str(ports) if ports else "-"


def _describe_behaviour(info: Any) -> str:
    text = _get(info, "description", "summary", "behaviour", "behavior", "doc", "kind")
    return str(text) if text else "-"


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "".join("   ".join(c.ljust(widths[i]) for i, c in enumerate(r)).rstrip() + "\n" for r in rows)


# -- explanations ---------------------------------------------------------------------------

def _split_ref(cluster, args: list[str]) -> tuple[Any, str, str | None]:
    ns, args = _flag(args, "-n", "--namespace", default=None)
    ns = ns or "default"
    if len(args) == 2 and "/" not in args[0]:
        kind, name = args
    elif len(args) == 1 and "/" in args[0]:
        kind, name = args[0].split("/", 1)
    else:
        raise SimError("usage: sim explain KIND/NAME [-n NAMESPACE]   (e.g. sim explain pod/web-7d4b9c8d5-x2x4z)", 2)
    r = resources.lookup(kind)
    if r is None:
        raise SimError(f'the server doesn\'t have a resource type "{kind}"', 1)
    return r, name, (ns if r.namespaced else None)


def cmd_explain(cluster, args: list[str]) -> str:
    r, name, ns = _split_ref(cluster, args)
    obj = cluster.api.try_get(r, name, ns)
    entry = None
    if obj is not None:
        rv = (obj.get("metadata") or {}).get("resourceVersion")
        if rv and isdigits(rv):
            entry = cluster.trace.by_revision.get(int(rv))
    if entry is None:
        entry = cluster.trace.last_write(r.kind, ns, name)
    if obj is None and entry is None:
        where = f' in namespace "{ns}"' if ns else ""
        raise SimError(f'{r.qualified} "{name}" not found{where}', 1)
    label = f"{r.singular or r.kind.lower()}/{name}" + (f" in namespace {ns}" if ns else "")
    if entry is None:
        return f"{label}: no write to it is left in the trace (it is older than the last {cluster.trace.limit} writes).\n"
    chain = cluster.trace.chain(entry.revision)
    out = [f"Why {label} is as it is: the chain of writes that led to its last change.\n"]
    first = chain[0] if chain else entry
    origin = first.cause
    if isinstance(origin, str) and origin.startswith("cmd:"):
        idx = int(origin[4:]) if isdigits(origin[4:]) else -1
        if 0 <= idx < len(cluster.journal):
            j = cluster.journal[idx]
            out.append(f"  {_clock(cluster, j.get('t', 0.0))}  you typed: {j.get('cmd', '')}\n")
    elif origin is None:
        out.append("  (it started with the cluster itself, not with a command of yours)\n")
    elif isinstance(origin, int):
        out.append(f"  (earlier causes have left the trace; the chain starts at revision {origin})\n")
    width = max(len(e.component) for e in chain) if chain else 10
    for e in chain:
        obj_s = f"{e.kind} {e.namespace + '/' if e.namespace else ''}{e.name}"
        msg = f"  ({e.message})" if e.message else ""
        out.append(f"  {_clock(cluster, e.t)}  {e.component.ljust(width)}  {e.verb:<14} {obj_s}  rev {e.revision}{msg}\n")
    return "".join(out)


def cmd_scores(cluster, args: list[str]) -> str:
    ns, args = _flag(args, "-n", "--namespace", default=None)
    ns = ns or "default"
    if len(args) != 1:
        raise SimError("usage: sim scores POD [-n NAMESPACE]", 2)
    name = args[0].split("/", 1)[1] if args[0].startswith(("pod/", "pods/", "po/")) else args[0]
    if cluster.api.try_get("pods", name, ns) is None:
        raise SimError(f'pods "{name}" not found', 1)
    decision_fn = getattr(getattr(cluster, "scheduler", None), "decision", None)
    if decision_fn is None:
        raise SimError("the scheduler in this build keeps no scores", 1)
    d = decision_fn(ns, name)
    if not d:
        return f"The scheduler has no recorded decision for pod {ns}/{name} (it was bound directly, or before the last restart).\n"
    return render_decision(cluster, ns, name, d)


def render_decision(cluster, ns: str, name: str, d: Any) -> str:
    """The scheduler's decision as two tables: filters per node, then weighted scores per plugin."""
    get = (lambda k, default=None: d.get(k, default)) if isinstance(d, dict) else (lambda k, default=None: getattr(d, k, default))
    chosen = get("node") or get("chosen") or get("selected")
    when = get("t", get("time"))
    out = [f"Scheduling of pod {ns}/{name}" + (f" at {_when(cluster, when)}" if isinstance(when, (int, float)) else "") + ":\n\n"]
    filters = get("filters") or get("filtered") or {}
    if filters:
        out.append("Filter (can the pod run there?):\n")
        rows = [["NODE", "RESULT"]]
        for node, res in sorted(filters.items()):
            if res in (None, True, "", "ok", "passed"):
                rows.append([node, "passed"])
            else:
                rows.append([node, f"rejected: {res if isinstance(res, str) else '; '.join(', '.join(map(str, x)) if isinstance(x, (list, tuple)) else str(x) for x in res)}"])
        out.append(_indent(_table(rows)))
        out.append("\n")
    scores = get("scores") or {}
    if scores:
        plugins: list[str] = []
        for per in scores.values():
            for p in (per.items() if isinstance(per, dict) else ()):
                if p[0] not in ("total",) and p[0] not in plugins:
                    plugins.append(p[0])
        weights = get("weights") or {}
        out.append("Score (higher wins; each plugin's 0-100 score times its weight):\n")
        header = ["NODE"] + [f"{p}(x{weights[p]})" if p in weights else p for p in plugins] + ["TOTAL"]
        rows = [header]
        totals = get("totals") or {}
        for node, per in sorted(scores.items(), key=lambda kv: kv[0]):
            cells = []
            total = 0
            for p in plugins:
                v = per.get(p)
                if isinstance(v, (list, tuple)) and len(v) >= 2:
                    raw, weighted = v[0], v[-1]
                    cells.append(f"{raw}->{weighted}")
                    total += weighted
                elif v is None:
                    cells.append("-")
                else:
                    w = weights.get(p, 1)
                    cells.append(str(v if p not in weights else f"{v}->{v * w}"))
                    total += v * (w if p in weights else 1)
            t = per.get("total", totals.get(node, total))
            rows.append([node] + cells + [str(t)])
        out.append(_indent(_table(rows)))
        out.append("\n")
    reason = get("message") or get("reason")
    if chosen:
        out.append(f"Chosen: {chosen}\n")
    elif reason:
        out.append(f"Not scheduled: {reason}\n")
    return "".join(out)


def _indent(text: str) -> str:
    return "".join("  " + line + "\n" for line in text.splitlines())


def _trace_line(cluster, e) -> str:
    if e.revision is None:
        return f"{_clock(cluster, e.t)}  {e.component}: {e.message}\n"
    obj_s = f"{e.kind} {e.namespace + '/' if e.namespace else ''}{e.name}"
    cause = e.cause
    why = ""
    if isinstance(cause, str) and cause.startswith("cmd:"):
        why = "  <- your command"
    elif isinstance(cause, int):
        why = f"  <- rev {cause}"
    msg = f"  ({e.message})" if e.message else ""
    return f"{_clock(cluster, e.t)}  {e.component}  {e.verb} {obj_s}  rev {e.revision}{msg}{why}\n"


def cmd_events(cluster, args: list[str]) -> str:
    follow = False
    rest = []
    for a in args:
        if a in ("--follow", "-f", "--follow=true"):
            follow = True
        elif a == "--follow=false":
            follow = False
        elif a == "--all":
            cluster.sim_events_cursor = 0
        else:
            rest.append(a)
    if rest:
        raise SimError(f"unknown argument {rest[0]!r}; usage: sim events [--follow] [--all]", 2)
    cursor = getattr(cluster, "sim_events_cursor", 0)
    if follow:
        timing.advance(cluster, timing.FOLLOW_WINDOW)
    entries, new_cursor = cluster.trace.since(cursor)
    cluster.sim_events_cursor = new_cursor
    out = []
    skipped = max(0, len(entries) - EVENTS_LIMIT)
    if skipped:
        out.append(f"({skipped} earlier entries not shown)\n")
    for e in entries[skipped:]:
        out.append(_trace_line(cluster, e))
    if not entries:
        out.append("No new control-plane activity.\n")
    return "".join(out)


HELP = """sim: control the simulation around your cluster (not part of Kubernetes).

Time
  sim status                      virtual time, mode, nodes, pods, etcd revision
  sim pause                       stop virtual time following the clock on the wall
  sim resume                      let it follow again
  sim speed N                     run N virtual seconds per real second (0 < N <= 1000)
  sim advance DURATION            move virtual time forward now (30s, 5m, 1h30m) and summarise
  sim step                        jump to the next scheduled moment and show what ran

Faults
  sim node fail NAME              stop a node's kubelet (no heartbeats: NotReady, then evictions)
  sim node recover NAME           start it again
  sim node partition NAME         cut the node off from the control plane; its containers keep running
  sim node add NAME [--cpu N] [--memory Q] [--pods N]
                                  join a new worker node
  sim apiservice break NAME       make an aggregated API unavailable (e.g. v1beta1.metrics.k8s.io)
  sim apiservice fix NAME         make it available again

Looking inside
  sim image                       the container images this cluster can run, and what they do
  sim explain KIND/NAME [-n NS]   the chain of writes from your command to the object's last change
  sim scores POD [-n NS]          the scheduler's filter results and scores for a pod
  sim events [--follow] [--all]   the control-plane trace since you last asked (--follow: watch 30s more)
  sim help                        this text
"""


_COMMANDS: dict[str, Callable[[Any, list[str]], str]] = {
    "pause": cmd_pause, "resume": cmd_resume, "speed": cmd_speed, "advance": cmd_advance, "step": cmd_step,
    "status": cmd_status, "node": cmd_node, "apiservice": cmd_apiservice, "image": cmd_image, "images": cmd_image,
    "explain": cmd_explain, "scores": cmd_scores, "events": cmd_events,
}

__all__ = ["main", "run", "execute", "HELP", "render_decision"]
