"""The READY, STATUS and RESTARTS columns of ``kubectl get pods``.

A line-by-line port of printPod in
kubernetes/kubernetes:pkg/printers/internalversion/printers.go (1.32),
including restartable init containers (sidecars), the "N (Xm ago)" restart
form and the Terminating / Unknown override for pods being deleted.
"""
from __future__ import annotations

from clusters import timeutil
from clusters.console.printers import times

# pkg/util/node: the reason the node controller sets on pods of an unreachable node.
NODE_UNREACHABLE_POD_REASON = "NodeLost"


def _is_restartable(c: dict | None) -> bool:
    return bool(c) and c.get("restartPolicy") == "Always"


def _ts(s) -> float | None:
    if not s:
        return None
    try:
        return times.parse(s)
    except ValueError:
        return None


def _since(now: float, s) -> str:
    t = _ts(s)
    if t is None:
        return "<unknown>"
    return timeutil.human_duration(now - t)


def columns(pod: dict, now: float) -> tuple[str, str, str, str]:
    """(READY, STATUS, RESTARTS, AGE) at epoch second ``now``."""
    spec = pod.get("spec") or {}
    status = pod.get("status") or {}
    meta = pod.get("metadata") or {}
    restarts = 0
    sidecar_restarts = 0
    total = len(spec.get("containers") or ())
    ready = 0
    last_restart: float | None = None
    last_sidecar_restart: float | None = None

    phase = status.get("phase") or ""
    reason = status.get("reason") or phase
    for cond in status.get("conditions") or ():
        if cond.get("type") == "PodScheduled" and cond.get("reason") == "SchedulingGated":
            reason = "SchedulingGated"

    init_specs = {c.get("name"): c for c in spec.get("initContainers") or ()}
    n_init = len(spec.get("initContainers") or ())
    for c in spec.get("initContainers") or ():
        if _is_restartable(c):
            total += 1

    initializing = False
    for i, cs in enumerate(status.get("initContainerStatuses") or ()):
        restarts += int(cs.get("restartCount") or 0)
        lt = ((cs.get("lastState") or {}).get("terminated") or {})
        fin = _ts(lt.get("finishedAt")) if lt else None
        if fin is not None and (last_restart is None or fin > last_restart):
            last_restart = fin
        sidecar = _is_restartable(init_specs.get(cs.get("name")))
        if sidecar:
            sidecar_restarts += int(cs.get("restartCount") or 0)
            if fin is not None and (last_sidecar_restart is None or fin > last_sidecar_restart):
                last_sidecar_restart = fin
        state = cs.get("state") or {}
        term = state.get("terminated")
        wait = state.get("waiting")
        if term is not None and term.get("exitCode", 0) == 0:
            continue
        if sidecar and cs.get("started"):
            if cs.get("ready"):
                ready += 1
            continue
        if term is not None:
            if not term.get("reason"):
                if term.get("signal"):
                    reason = f"Init:Signal:{term['signal']}"
                else:
                    reason = f"Init:ExitCode:{term.get('exitCode', 0)}"
            else:
                reason = "Init:" + term["reason"]
            initializing = True
        elif wait is not None and wait.get("reason") and wait.get("reason") != "PodInitializing":
            reason = "Init:" + wait["reason"]
            initializing = True
        else:
            reason = f"Init:{i}/{n_init}"
            initializing = True
        break

    initialized = any(c.get("type") == "Initialized" and c.get("status") == "True" for c in status.get("conditions") or ())
    if not initializing or initialized:
        restarts = sidecar_restarts
        last_restart = last_sidecar_restart
        has_running = False
        for cs in reversed(status.get("containerStatuses") or ()):
            restarts += int(cs.get("restartCount") or 0)
            lt = ((cs.get("lastState") or {}).get("terminated") or {})
            fin = _ts(lt.get("finishedAt")) if lt else None
            if fin is not None and (last_restart is None or fin > last_restart):
                last_restart = fin
            state = cs.get("state") or {}
            wait, term, running = state.get("waiting"), state.get("terminated"), state.get("running")
            if wait is not None and wait.get("reason"):
                reason = wait["reason"]
            elif term is not None and term.get("reason"):
                reason = term["reason"]
            elif term is not None:
                if term.get("signal"):
                    reason = f"Signal:{term['signal']}"
                else:
                    reason = f"ExitCode:{term.get('exitCode', 0)}"
            elif cs.get("ready") and running is not None:
                has_running = True
                ready += 1
        if reason == "Completed" and has_running:
            has_ready = any(c.get("type") == "Ready" and c.get("status") == "True" for c in status.get("conditions") or ())
            reason = "Running" if has_ready else "NotReady"

    if meta.get("deletionTimestamp") and status.get("reason") == NODE_UNREACHABLE_POD_REASON:
        reason = "Unknown"
    elif meta.get("deletionTimestamp") and phase not in ("Succeeded", "Failed"):
        reason = "Terminating"

    restarts_s = str(restarts)
    if restarts != 0 and last_restart is not None:
        restarts_s = f"{restarts} ({timeutil.human_duration(now - last_restart)} ago)"
    return f"{ready}/{total}", reason, restarts_s, _since(now, meta.get("creationTimestamp"))


def status(pod: dict, now_ts: str | float) -> str:
    now = timeutil.parse_rfc3339(now_ts) if isinstance(now_ts, str) else now_ts
    return columns(pod, now)[1]
