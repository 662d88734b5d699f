"""kubectl logs (kubernetes/kubectl:pkg/cmd/logs/logs.go, polymorphichelpers/logsforobject.go).

Lines come from the pod's node's kubelet (``Kubelet.logs``: (virtual time,
line) pairs, and the API server's BadRequest texts such as ``container "x" in
pod "y" is waiting to start: ContainerCreating``). ``TYPE/NAME`` picks one
pod (podutils.ByLogging; ``Found 3 pods, using pod/web-...``), ``-l`` reads
every matching pod with a default ``--tail=10``; ``-c``, ``--all-containers``,
``-p``, ``--tail``, ``--since``, ``--since-time``, ``--timestamps``
(RFC3339Nano), ``--prefix`` (``[pod/NAME/CONTAINER] ``), ``--limit-bytes``.

``-f`` follows in virtual time: it prints new lines as the containers write
them and stops when they have all stopped or after console.timing.FOLLOW_WINDOW
(where a real kubectl would wait for Ctrl-C).
"""
from __future__ import annotations

from clusters import objects, timeutil
from clusters.apiserver import errors as api_errors, resources
from clusters.console import timing
from clusters.console.kubectl import base, builder, exec as exec_verb, impersonation, mutating

USAGE = ("expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
         "POD or TYPE/NAME is a required argument for the logs command")
SELECTOR_TAIL = 10  # logs.go selectorTail


def rfc3339_nano(epoch: float) -> str:
    """time.RFC3339Nano: trailing zeros of the fraction dropped."""
    whole = int(epoch)
    nanos = int(round((epoch - whole) * 1e9))
    if nanos >= 1_000_000_000:
        whole, nanos = whole + 1, nanos - 1_000_000_000
    base_ts = timeutil.rfc3339(float(whole))[:-1]
    frac = f"{nanos:09d}".rstrip("0")
    return base_ts + (f".{frac}" if frac else "") + "Z"


def _by_logging_key(pod: dict):
    """podutils.ByLogging: scheduled, Running < Unknown < Pending, ready, restarts, older first."""
    st = pod.get("status") or {}
    rank = {"Running": 0, "Unknown": 1, "Pending": 2}.get(st.get("phase", ""), 3)
    ready = any(c.get("type") == "Ready" and c.get("status") == "True" for c in st.get("conditions") or ())
    restarts = sum(c.get("restartCount", 0) for c in st.get("containerStatuses") or ())
    return (0 if (pod.get("spec") or {}).get("nodeName") else 1, rank, 0 if ready else 1, -restarts,
            pod["metadata"].get("creationTimestamp") or "~", pod["metadata"]["name"])


def pods_of(kc, obj: dict) -> list[dict]:
    """The pods an object selects (Deployment, ReplicaSet, Job, Service, ...), ByLogging order."""
    spec = obj.get("spec") or {}
    sel = spec.get("selector")
    if obj.get("kind") in ("Service", "ReplicationController"):
        selector = objects.selector_from_map(sel or {})
    elif isinstance(sel, dict):
        selector = objects.selector_from_label_selector(sel)
    else:
        raise base.KubectlError(f"cannot get the logs from {obj.get('kind')}")
    pods = kc.api.list("pods", obj["metadata"].get("namespace"), selector)
    return sorted(pods, key=_by_logging_key)


def first_pod(kc, obj: dict, say_found: bool = False) -> dict:
    pods = pods_of(kc, obj)
    if not pods:
        raise base.KubectlError(f"timed out waiting for the condition")
    if say_found and len(pods) > 1:
        kc.err(f"Found {len(pods)} pods, using pod/{pods[0]['metadata']['name']}\n")
    return pods[0]


class Verb(base.Verb):
    name = "logs"

    def run(self, kc, args):
        opts = kc.opts
        selector = opts.get("selector", "") or ""
        container = opts.get("container", "") or ""
        if len(args) == 0 and not selector:
            raise base.UsageError(f"{USAGE}\nSee 'kubectl logs -h' for help and examples")
        if len(args) == 1 and selector:
            raise base.UsageError("only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples")
        if len(args) > 2:
            raise base.UsageError(f"{USAGE}\nSee 'kubectl logs -h' for help and examples")
        if len(args) == 2:
            if opts.changed("container"):
                raise base.KubectlError("only one of -c or an inline [CONTAINER] arg is allowed")
            container = args[1]
        since = float(opts.get("since", 0) or 0)
        since_time = opts.get("since-time", "") or ""
        if since_time and since:
            raise base.KubectlError("at most one of `sinceTime` or `sinceSeconds` may be specified")
        all_containers = bool(opts.get("all-containers", False))
        if all_containers and container:
            raise base.KubectlError(f"--all-containers=true should not be specified with container name {container}")
        limit = int(opts.get("limit-bytes", 0) or 0)
        if limit < 0:
            raise base.KubectlError("--limit-bytes must be greater than 0")
        if since < 0:
            raise base.KubectlError("--since must be greater than 0")
        tail = int(opts.get("tail", -1))
        if tail < -1:
            raise base.KubectlError("--tail must be greater than or equal to -1")
        if selector and tail == -1 and not opts.changed("tail"):
            tail = SELECTOR_TAIL
        pods = self.pods(kc, args[0] if args else "", selector)
        if not pods:
            return 0
        prefix = bool(opts.get("prefix", False)) or bool(opts.get("all-pods", False))
        # (pod, container) streams, in the order kubectl requests them
        streams: list[tuple[dict, str]] = []
        for pod in pods:
            spec = pod.get("spec") or {}
            if all_containers:
                names = [c["name"] for c in (spec.get("initContainers") or []) + (spec.get("containers") or [])
                         + (spec.get("ephemeralContainers") or [])]
                streams += [(pod, n) for n in names]
            elif container:
                known = [c["name"] for c in (spec.get("containers") or []) + (spec.get("initContainers") or [])
                         + (spec.get("ephemeralContainers") or [])]
                if container not in known:
                    raise base.KubectlError(f"container {container} is not valid for pod {pod['metadata']['name']}")
                streams.append((pod, container))
            else:
                streams.append((pod, exec_verb.default_container(kc, pod, quiet=bool(selector) and len(pods) > 1)))
        follow = bool(opts.get("follow", False))
        if follow and len(streams) > 1 and len(streams) > int(opts.get("max-log-requests", 5)):
            raise base.KubectlError(f"you are attempting to follow {len(streams)} log streams, but maximum allowed "
                                    f"concurrency is {int(opts.get('max-log-requests', 5))}, use --max-log-requests to "
                                    "increase the limit")
        previous = bool(opts.get("previous", False))
        stamps = bool(opts.get("timestamps", False))
        cutoff = None
        if since:
            cutoff = kc.now - since
        elif since_time:
            try:
                cutoff = timeutil.parse_rfc3339(since_time)
            except ValueError:
                raise base.KubectlError(f'parsing time "{since_time}" as "2006-01-02T15:04:05Z07:00": cannot parse '
                                        f'"{since_time}" as "2006"') from None
        ignore = bool(opts.get("ignore-errors", False))
        seen: dict[int, int] = {}
        for i, (pod, cname) in enumerate(streams):
            try:
                lines = self.read(kc, pod, cname, previous)
            except api_errors.StatusError as e:
                if not ignore:
                    raise
                kc.out(f"error: {e.message}\n")
                continue
            seen[i] = len(lines)
            if cutoff is not None:
                lines = [ln for ln in lines if kc.cluster.epoch + ln[0] >= cutoff]
            if tail >= 0:
                lines = lines[-tail:] if tail else []
            kc.out(self.format(kc, pod, cname, lines, prefix, stamps, limit))
        if follow and not previous:
            self.follow(kc, streams, seen, prefix, stamps)
        return 0

    # -- reading -----------------------------------------------------------------------
    def pods(self, kc, target: str, selector: str) -> list[dict]:
        if selector:
            try:
                sel = objects.parse_selector(selector)
            except objects.SelectorError as e:
                raise base.KubectlError(str(e)) from None
            pods = kc.api.list("pods", kc.namespace, sel)
            if not pods:
                kc.err(f"No resources found in {kc.namespace} namespace.\n")
            return pods
        if "/" in target:
            t, _, name = target.partition("/")
            r = mutating.resolve_type(t)
        else:
            r, name = resources.by_plural("pods"), target
        try:  # logs.go: builder.ResourceNames("pods", arg), so Info.Get for a pod and for TYPE/NAME alike
            obj = builder.info_get(kc, r, name)
        except api_errors.StatusError as e:
            if e.code == 404:
                # logs.go wraps the builder's NotFound in its own words
                raise base.KubectlError(f'error from server (NotFound): {e.message} in namespace "{kc.namespace}"') \
                    from None
            raise
        if obj.get("kind") == "Pod":
            return [obj]
        return [first_pod(kc, obj, say_found=True)]

    def read(self, kc, pod: dict, container: str, previous: bool) -> list[tuple[float, str]]:
        # GET pods/log: RBAC names the subresource, so "get pods" alone does not reach the log
        impersonation.check(kc.api, "get", "pods", pod["metadata"]["namespace"], pod["metadata"]["name"], "log")
        node = (pod.get("spec") or {}).get("nodeName")
        if not node:
            return []  # registry LogLocation: a pod without a host has an empty log
        kubelet = (getattr(kc.cluster, "kubelets", None) or {}).get(node)
        if kubelet is None or not hasattr(kubelet, "logs"):
            return []
        return list(kubelet.logs(pod["metadata"]["namespace"], pod["metadata"]["name"], container, previous))

    def format(self, kc, pod: dict, container: str, lines, prefix: bool, stamps: bool, limit: int = 0) -> str:
        head = f"[pod/{pod['metadata']['name']}/{container}] " if prefix else ""
        epoch = kc.cluster.epoch
        text = "".join(f"{head}{rfc3339_nano(epoch + t) + ' ' if stamps else ''}{line}\n" for t, line in lines)
        if limit > 0:
            text = text.encode()[:limit].decode(errors="ignore")
        return text

    def follow(self, kc, streams, seen: dict[int, int], prefix: bool, stamps: bool) -> None:
        """Stream new lines as virtual time passes, until the containers stop or the follow window ends."""
        cluster = kc.cluster
        deadline = cluster.clock.now + timing.FOLLOW_WINDOW
        while True:
            nxt = cluster.clock.next_time()
            if nxt is None or nxt > deadline:
                timing.advance(cluster, max(0.0, deadline - cluster.clock.now))
                nxt = None
            else:
                timing.advance(cluster, max(nxt - cluster.clock.now, 0.001))
            cluster.settle()
            running = False
            for i, (pod, cname) in enumerate(streams):
                if i not in seen:
                    continue
                try:
                    lines = self.read(kc, pod, cname, False)
                except api_errors.StatusError:
                    continue
                if len(lines) > seen[i]:
                    kc.out(self.format(kc, pod, cname, lines[seen[i]:], prefix, stamps))
                    seen[i] = len(lines)
                live = kc.api.try_get("pods", pod["metadata"]["name"], pod["metadata"]["namespace"])
                if live is not None and live["metadata"].get("uid") == pod["metadata"].get("uid"):
                    for cs in (live.get("status") or {}).get("containerStatuses") or ():
                        if cs.get("name") == cname and "running" in (cs.get("state") or {}):
                            running = True
            if nxt is None or not running:
                return
