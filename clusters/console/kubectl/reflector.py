"""client-go's Reflector when the user may not list or watch what kubectl waits on.

``kubectl rollout status`` and ``kubectl wait`` (conditions, jsonpath, delete)
follow their object through watchtools.UntilWithSync: an informer whose
Reflector lists with ``fieldSelector=metadata.name=NAME``, then watches from
the list's resourceVersion (k8s.io/client-go/tools/cache/reflector.go, 1.32).
RBAC authorizes those as ``list`` and ``watch`` of that name
(requestinfo.go takes the name from the field selector), not as ``get``.

When the list is refused, each ListAndWatch logs klog's warning
``failed to list`` (reflector.go:569) and the watch error handler's
``Failed to watch`` (DefaultWatchErrorHandler's utilruntime.HandleError,
reflector.go:166). When the list is allowed and the watch is not, the list
still hands the object to the waiting condition, and only the second line
is logged. Either way the reflector backs off and tries again until the
command's deadline: wait.NewExponentialBackoffManager(800ms, 30s cap, 2.0,
jitter 1.0), each wait between one and two times the step. The jitter is
taken at its mean (x1.5), so a replay logs at the same virtual times.

Both lines were read off kubectl 1.32 against a server refusing the list or
the watch.
"""
from __future__ import annotations

from typing import Callable

from clusters.apiserver import errors as api_errors
from clusters.apiserver.resources import Resource
from clusters.console import timing
from clusters.console.kubectl import impersonation, klog

SOURCE = "k8s.io/client-go/tools/watch/informerwatcher.go:146"  # the informer's reflector name
TYPE = "*unstructured.Unstructured"  # UntilWithSync's expected type, as the dynamic client decodes it
INITIAL, CAP, FACTOR, MEAN_JITTER = 0.8, 30.0, 2.0, 1.5


def refusal(kc, r: Resource, namespace: str | None, name: str = "") -> tuple[str, api_errors.StatusError] | None:
    """The first of the reflector's requests (list, then watch) the user may not make, with its error."""
    for verb in ("list", "watch"):
        try:
            impersonation.check(kc.api, verb, r, namespace, name)
        except api_errors.StatusError as e:
            return verb, e
    return None


def backoffs():
    """The reflector's waits between ListAndWatch attempts (ExponentialBackoffManager's Step)."""
    step = INITIAL
    while True:
        yield step * MEAN_JITTER
        step = min(step * FACTOR, CAP)


def retry_until(kc, refused: tuple[str, api_errors.StatusError], deadline: float,
                relist: Callable[[], bool] | None = None) -> bool:
    """Run ListAndWatch attempts until ``deadline`` (virtual seconds): log each as the reflector
    does, and when only the watch is refused, hand each list's result to ``relist``, whose True
    ends the wait. Returns True when it did, False when the deadline came first."""
    cluster = kc.cluster
    verb, err = refused
    process = klog.pid(kc.now)
    for wait in backoffs():
        cluster.settle()
        if verb == "list":
            kc.err(klog.line("W", kc.now, process, "reflector.go:569",
                             f"{SOURCE}: failed to list {TYPE}: {err.message}"))
            why = f"failed to list {TYPE}: {err.message}"
        else:
            if relist is not None and relist():
                return True
            why = err.message
        kc.err(klog.line("E", kc.now, process, "reflector.go:166",
                         klog.unhandled_error(f"{SOURCE}: Failed to watch {TYPE}: {why}")))
        if cluster.clock.now + wait >= deadline:
            timing.advance(cluster, max(0.0, deadline - cluster.clock.now))
            return False
        timing.advance(cluster, wait)
