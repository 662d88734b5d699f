"""Cordon, drain and eviction, as kubectl's drain helper does them.

kubernetes/kubectl:pkg/drain/filters.go decides per pod (in its filter
order: deleted, DaemonSet, mirror, local storage, unreplicated) whether it
is deleted, skipped with a warning, or blocks the drain with an error;
pkg/drain/drain.go evicts the pods ("evicting pod ns/name"), retries a
disruption-budget refusal every 5 s, and waits until each is gone
("pod/name evicted"); pkg/cmd/drain/drain.go prints "node/x cordoned",
"node/x drained", or "error: unable to drain node ... continuing command..."
followed by the pending nodes.

Go iterates maps in random order where it gathers warnings and errors by
message; we sort them so output is stable.

Waiting happens in virtual time: the command advances the cluster in small
steps until every evicted pod is gone or the timeout (``--timeout``, 0 =
forever, which we bound at timing.WAIT_BOUND) runs out.
"""
from __future__ import annotations

from typing import Callable

from clusters import objects, timeutil
from clusters.apiserver import errors
from clusters.console import timing

DAEMONSET_FATAL = "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)"
DAEMONSET_WARNING = "ignoring DaemonSet-managed Pods"
LOCAL_STORAGE_FATAL = "Pods with local storage (use --delete-emptydir-data to override)"
LOCAL_STORAGE_WARNING = "deleting Pods with local storage"
UNMANAGED_FATAL = "cannot delete Pods that declare no controller (use --force to override)"
UNMANAGED_WARNING = "deleting Pods that declare no controller"
MIRROR_ANNOTATION = "kubernetes.io/config.mirror"
# kubelet static pods carry config.source=file; their mirror pods carry config.mirror.
STATIC_ANNOTATION = "kubernetes.io/config.source"
EVICTION_RETRY = 5.0  # drain.go: "(will retry after 5s)"
POLL = 1.0            # drain.go waitForDelete polls every second


class Options:
    def __init__(self, force: bool = False, ignore_daemonsets: bool = False, delete_emptydir_data: bool = False,
                 grace_period: int = -1, timeout: float = 0.0, dry_run: str = "none", disable_eviction: bool = False,
                 pod_selector: str = ""):
        self.force = force
        self.ignore_daemonsets = ignore_daemonsets
        self.delete_emptydir_data = delete_emptydir_data
        self.grace_period = grace_period
        self.timeout = timeout
        self.dry_run = dry_run
        self.disable_eviction = disable_eviction
        self.pod_selector = pod_selector


def cordon(cluster, node_name: str, desired: bool, out: Callable[[str], None], err: Callable[[str], None],
           dry_run: bool = False) -> bool:
    """drain.go RunCordonOrUncordon: prints node/x cordoned | already cordoned | uncordoned."""
    api = cluster.api
    node = api.get("nodes", node_name)
    current = bool((node.get("spec") or {}).get("unschedulable"))
    suffix = " (dry run)" if dry_run else ""
    if current == desired:
        out(f"node/{node_name} {'already cordoned' if desired else 'already uncordoned'}{suffix}\n")
        return True
    if not dry_run:
        patch = {"spec": {"unschedulable": True if desired else None}}
        try:
            api.patch("nodes", node_name, patch, patch_type="strategic", actor="kubectl", cause=cluster.cause)
        except errors.StatusError as e:
            err(f"error: unable to {'cordon' if desired else 'uncordon'} node \"{node_name}\": {e.message}\n")
            return False
    out(f"node/{node_name} {'cordoned' if desired else 'uncordoned'}{suffix}\n")
    return True


def _has_local_storage(pod: dict) -> bool:
    return any(isinstance(v, dict) and "emptyDir" in v for v in (pod.get("spec") or {}).get("volumes") or ())


def _finished(pod: dict) -> bool:
    return (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed")


def classify(cluster, pod: dict, opts: Options) -> tuple[bool, str, str]:
    """filters.go: (delete, reason Okay|Skip|Warning|Error, message); the last filter's verdict wins."""
    delete, reason, message = True, "Okay", ""
    ref = objects.controller_of(pod)
    ns = pod["metadata"]["namespace"]
    # daemonSetFilter
    if ref is not None and ref.get("kind") == "DaemonSet" and not _finished(pod):
        if cluster.api.try_get("daemonsets", ref.get("name", ""), ns) is None:
            msg = f'daemonsets.apps "{ref.get("name", "")}" not found'
            if opts.force:
                delete, reason, message = True, "Warning", msg
            else:
                return False, "Error", msg
        elif not opts.ignore_daemonsets:
            return False, "Error", DAEMONSET_FATAL
        else:
            return False, "Warning", DAEMONSET_WARNING
    # mirrorPodFilter
    ann = (pod["metadata"].get("annotations") or {})
    if MIRROR_ANNOTATION in ann or ann.get(STATIC_ANNOTATION) == "file":
        return False, "Skip", ""
    # localStorageFilter
    if _has_local_storage(pod) and not _finished(pod):
        if not opts.delete_emptydir_data:
            return False, "Error", LOCAL_STORAGE_FATAL
        delete, reason, message = True, "Warning", LOCAL_STORAGE_WARNING
    # unreplicatedFilter
    if not _finished(pod) and ref is None:
        if opts.force:
            return True, "Warning", UNMANAGED_WARNING
        return False, "Error", UNMANAGED_FATAL
    return delete, reason, message


def pods_for_deletion(cluster, node_name: str, opts: Options) -> tuple[list[dict], list[str], list[str]]:
    """GetPodsForDeletion: the pods to evict, the warning line, the errors (sorted by message)."""
    sel = objects.parse_selector(opts.pod_selector) if opts.pod_selector else None
    pods = [p for p in cluster.api.list("pods", None, sel) if (p.get("spec") or {}).get("nodeName") == node_name]
    to_delete: list[dict] = []
    warnings: dict[str, list[str]] = {}
    failures: dict[str, list[str]] = {}
    for pod in pods:
        delete, reason, message = classify(cluster, pod, opts)
        ref = f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"
        if reason == "Warning":
            warnings.setdefault(message, []).append(ref)
        elif reason == "Error":
            failures.setdefault(message or "unexpected error", []).append(ref)
        if delete and reason != "Error":
            to_delete.append(pod)
    warn = [f"{m}: {', '.join(p)}" for m, p in sorted(warnings.items())]
    errs = [f"cannot delete {m}: {', '.join(p)}" for m, p in sorted(failures.items())]
    return to_delete, warn, errs


def _aggregate(msgs: list[str]) -> str:
    """utilerrors.NewAggregate(...).Error()."""
    return msgs[0] if len(msgs) == 1 else "[" + ", ".join(msgs) + "]"


def evict(api, pod: dict, grace: int | None, disable_eviction: bool, cause) -> None:
    """POST pods/eviction, which the API server checks against the pod's budget
    (clusters/apiserver/eviction.py), or DELETE with --disable-eviction."""
    m = pod["metadata"]
    if disable_eviction:
        api.delete("pods", m["name"], m["namespace"], grace_period=grace, uid=m.get("uid"), actor="kubectl", cause=cause)
    else:
        api.evict(m["name"], m["namespace"], grace_period=grace, actor="kubectl", cause=cause)


def delete_and_wait(cluster, pods: list[dict], opts: Options, out, err, verb: str = "evicted", api=None) -> list[str]:
    """Evict every pod, then wait in virtual time until each is gone; returns error messages.
    ``api`` is the API server as this kubectl reaches it (as the user --as names)."""
    api = api or cluster.api
    grace = None if opts.grace_period < 0 else opts.grace_period
    pending: dict[str, dict] = {}
    errs: list[str] = []
    retry: list[dict] = []
    for pod in pods:
        m = pod["metadata"]
        if not opts.disable_eviction:
            out(f"evicting pod {m['namespace']}/{m['name']}\n")
        try:
            evict(api, pod, grace, opts.disable_eviction, cluster.cause)
            pending[f"{m['namespace']}/{m['name']}"] = pod
        except errors.StatusError as e:
            if e.code == 404:
                pending[f"{m['namespace']}/{m['name']}"] = pod
            elif e.code == 429:
                err(f'error when evicting pods/"{m["name"]}" -n "{m["namespace"]}" (will retry after 5s): {e.message}\n')
                retry.append(pod)
            else:
                errs.append(f'error when evicting pods/"{m["name"]}" -n "{m["namespace"]}": {e.message}')
    cluster.settle()
    bound = opts.timeout if opts.timeout > 0 else timing.WAIT_BOUND
    waited = 0.0
    next_retry = EVICTION_RETRY
    while (pending or retry) and waited < bound:
        for key in list(pending):
            ns, name = key.split("/", 1)
            cur = cluster.api.try_get("pods", name, ns)
            if cur is None or cur["metadata"].get("uid") != pending[key]["metadata"].get("uid"):
                out(f"pod/{name} {verb}\n")
                del pending[key]
        if not pending and not retry:
            break
        timing.advance(cluster, POLL)
        waited += POLL
        if retry and waited >= next_retry:
            next_retry += EVICTION_RETRY
            still = []
            for pod in retry:
                m = pod["metadata"]
                out(f"evicting pod {m['namespace']}/{m['name']}\n")
                try:
                    evict(api, pod, grace, opts.disable_eviction, cluster.cause)
                    pending[f"{m['namespace']}/{m['name']}"] = pod
                except errors.StatusError as e:
                    if e.code == 429:
                        err(f'error when evicting pods/"{m["name"]}" -n "{m["namespace"]}" (will retry after 5s): {e.message}\n')
                        still.append(pod)
                    elif e.code == 404:
                        pending[f"{m['namespace']}/{m['name']}"] = pod
                    else:
                        errs.append(f'error when evicting pods/"{m["name"]}" -n "{m["namespace"]}": {e.message}')
            retry = still
    for key in list(pending):
        ns, name = key.split("/", 1)
        cur = cluster.api.try_get("pods", name, ns)
        if cur is None or cur["metadata"].get("uid") != pending[key]["metadata"].get("uid"):
            out(f"pod/{name} {verb}\n")
            del pending[key]
    for pod in list(pending.values()) + retry:
        m = pod["metadata"]
        errs.append(f'error when evicting pods/"{m["name"]}" -n "{m["namespace"]}": global timeout reached: '
                    f'{timeutil.go_duration(bound)}')
    return errs


def drain(cluster, node_names: list[str], opts: Options, out, err, api=None) -> int:
    """RunDrain: cordon every node, then drain them one by one; returns the exit code."""
    dry = opts.dry_run == "client"
    for name in node_names:
        if not cordon(cluster, name, True, out, err, dry_run=dry):
            return 1
    fatal: list[str] = []
    remaining: list[str] = []
    for name in node_names:
        pods, warnings, errs = pods_for_deletion(cluster, name, opts)
        problem = None
        if errs:
            problem = _aggregate(errs)
        else:
            if warnings:
                err("Warning: " + "; ".join(warnings) + "\n")
            if dry:
                for pod in pods:
                    out(f"evicting pod {pod['metadata']['namespace']}/{pod['metadata']['name']} (dry run)\n")
            else:
                evict_errs = delete_and_wait(cluster, pods, opts, out, err, api=api)
                if evict_errs:
                    problem = _aggregate(evict_errs)
        if problem is None:
            out(f"node/{name} drained{' (dry run)' if dry else ''}\n")
        else:
            err(f'error: unable to drain node "{name}" due to error: {problem}, continuing command...\n')
            fatal.append(problem)
            remaining.append(name)
    if remaining:
        err("There are pending nodes to be drained:\n")
        for name in remaining:
            err(f" {name}\n")
        # cmdutil.CheckErr prints an aggregate as one line per error, without "error: ".
        for msg in fatal:
            err(msg + "\n")
        return 1
    return 0
