"""Container lifecycle hooks: postStart and preStop (pkg/kubelet/lifecycle/handlers.go).

A handler is an exec (run in the container's shell, failing on a non-zero
exit), an httpGet (failing only when nothing answers: handlers.go does not
read the status code) or a sleep (the PodLifecycleSleepAction, on by default
in 1.32). ``run`` says whether it succeeded and how many virtual seconds it
took, so the kubelet can take a preStop hook's time out of the grace period
(kuberuntime_container.go killContainer) and record the events upstream
records, which since 1.26 leave the handler's output out ("PostStartHook
failed", "PreStopHook failed") so that no secret leaks into an event.
"""
from __future__ import annotations

from clusters.kubelet import probes, shell

# kuberuntime_container.go: a container gets at least this long between SIGTERM and SIGKILL.
MINIMUM_GRACE_PERIOD = 2.0


def run(kubelet, rt, c, handler: dict, now: float) -> tuple[bool, float]:
    """(succeeded, seconds taken) of running a hook's handler now; FOREVER when it never ends."""
    if handler.get("exec") is not None:
        argv = [str(x) for x in handler["exec"].get("command") or []]
        if not argv:
            return False, 0.0
        # Run as a process would: its sleeps give it its duration; the files it writes are
        # written now (a hook's writes are not worth timers of their own).
        tl = shell.timeline(argv, kubelet.shell_env(rt, c))
        for _, op, path, content in tl.file_ops:
            kubelet._file_op(rt, c.name, c.run, op, path, content)
        if tl.exit_at is None:
            return True, shell.FOREVER
        return tl.exit_code == 0, tl.exit_at
    if handler.get("httpGet") is not None:
        ok, output = probes.evaluate(kubelet, rt, c, {"httpGet": handler["httpGet"]}, now)
        return ok or "connection refused" not in output, 0.0
    if handler.get("sleep") is not None:
        return True, float(handler["sleep"].get("seconds") or 0)
    if handler.get("tcpSocket") is not None:  # deprecated, accepted and not run (handlers.go)
        return True, 0.0
    return False, 0.0


def grace_after_pre_stop(grace: float, hook_seconds: float) -> tuple[float, float]:
    """(when SIGTERM is sent, seconds from then to SIGKILL): the hook runs at most the grace
    period, its whole seconds come off it, and at least MINIMUM_GRACE_PERIOD remains."""
    hook = min(hook_seconds, grace)
    return hook, max(MINIMUM_GRACE_PERIOD, grace - int(hook))
