"""kubectl apply --prune and kubectl diff --prune: what the manifests no longer name goes.

kubernetes/kubectl v0.32 pkg/util/prune/prune.go (the default allowlist,
``--prune-allowlist`` parsing, the deprecation warning) and
pkg/cmd/apply/prune.go: for every namespace an applied object was in, and
every allowlisted kind, the objects matching ``-l`` that carry the
last-applied annotation and were not applied this time are deleted and
printed ``<kind>.<group>/<name> pruned``; then the cluster-scoped kinds.
Go walks the visited namespaces as a set, in no fixed order; here they go in
sorted order so replay repeats them.
"""
from __future__ import annotations

from clusters import objects
from clusters.console.kubectl import base, klog, mutating
from clusters.last_applied import LAST_APPLIED

# prune.go defaultNamespacedPruneResources, defaultNonNamespacedPruneResources: (group, version, kind)
DEFAULT_NAMESPACED = (("", "v1", "ConfigMap"), ("", "v1", "Endpoints"), ("", "v1", "PersistentVolumeClaim"),
                      ("", "v1", "Pod"), ("", "v1", "ReplicationController"), ("", "v1", "Secret"),
                      ("", "v1", "Service"), ("batch", "v1", "Job"), ("batch", "v1", "CronJob"),
                      ("networking.k8s.io", "v1", "Ingress"), ("apps", "v1", "DaemonSet"),
                      ("apps", "v1", "Deployment"), ("apps", "v1", "ReplicaSet"), ("apps", "v1", "StatefulSet"))
DEFAULT_CLUSTER_SCOPED = (("", "v1", "Namespace"), ("", "v1", "PersistentVolume"))
DEPRECATED_DEFAULT = ("Deprecated: kubectl apply will no longer prune non-namespaced resources by default when used "
                      "with the --namespace flag in a future release. To preserve the current behaviour, list the "
                      "resources you want to target explicitly in the --prune-allowlist flag.")


class Tracker:
    """What was applied: the namespaces and the UIDs (MarkNamespaceVisited, MarkObjectVisited)."""

    def __init__(self):
        self.namespaces: set[str] = set()
        self.uids: set[str] = set()

    def visit(self, r, ns: str | None, obj: dict | None) -> None:
        if r.namespaced and ns:
            self.namespaces.add(ns)
        uid = ((obj or {}).get("metadata") or {}).get("uid")
        if uid:
            self.uids.add(uid)


def parse_allowlist(kc, gvks: list[str]) -> list:
    """prune.ParseResources: each ``<group>/<version>/<kind>`` (``core`` for the core group) to its
    resource, in the order given."""
    out = []
    for gvk in gvks:
        parts = gvk.split("/")
        if len(parts) != 3:
            raise base.KubectlError(f"invalid GroupVersionKind format: {gvk}, please follow <group/version/kind>")
        group = "" if parts[0] == "core" else parts[0]
        r = _mapping(kc, group, parts[1], parts[2])
        if r is None:
            raise base.KubectlError(f'no matches for kind "{parts[2]}" in version "{_gv(group, parts[1])}"')
        out.append(r)
    return out


def _gv(group: str, version: str) -> str:
    return f"{group}/{version}" if group else version


def _mapping(kc, group: str, version: str, kind: str):
    from clusters.apiserver import resources

    for r in resources.RESOURCES:
        if r.group == group and r.version == version and r.kind == kind:
            return r
    return None


def mappings(kc, allowlist: list) -> tuple[list, list]:
    """GetRESTMappings: the allowlist, or the default one with its warning (kubectl always passes a
    namespace, the kubeconfig loader's, so the warning shows whenever the default is used)."""
    if allowlist:
        chosen = allowlist
    else:
        kc.err(klog.line("W", kc.now, klog.pid(kc.now), "prune.go:71", DEPRECATED_DEFAULT))
        chosen = [_mapping(kc, *gvk) for gvk in DEFAULT_NAMESPACED + DEFAULT_CLUSTER_SCOPED]
    return [r for r in chosen if r.namespaced], [r for r in chosen if not r.namespaced]


def candidates(kc, tracker: Tracker, allowlist: list, selector: str) -> list[tuple]:
    """pruner.pruneAll's walk: (resource, namespace, object) for each object to prune."""
    namespaced, cluster_scoped = mappings(kc, allowlist)
    sel = objects.parse_selector(selector) if selector else None
    out = []
    for ns in sorted(tracker.namespaces):
        for r in namespaced:
            out += [(r, ns, o) for o in _prunable(kc, r, ns, sel, tracker)]
    for r in cluster_scoped:
        out += [(r, None, o) for o in _prunable(kc, r, None, sel, tracker)]
    return out


def _prunable(kc, r, ns: str | None, sel, tracker: Tracker) -> list[dict]:
    found = []
    for o in kc.api.list(r, ns, sel):
        m = o.get("metadata") or {}
        if LAST_APPLIED not in (m.get("annotations") or {}):
            continue  # not created with apply
        if m.get("uid") in tracker.uids:
            continue
        found.append(o)
    return found


def prune(kc, tracker: Tracker, allowlist: list, selector: str, dry: str) -> None:
    """pruner.pruneAll: delete (unless --dry-run=client) and print each."""
    cascade = kc.opts.get("cascade") or "background"
    propagation = {"background": "Background", "foreground": "Foreground", "orphan": "Orphan"}.get(cascade)
    grace = kc.opts.get("grace-period")
    grace = None if grace is None or int(grace) < 0 else int(grace)
    client = kc.client()
    for r, ns, o in candidates(kc, tracker, allowlist, selector):
        name = o["metadata"]["name"]
        if dry != "client":
            client.delete(r, name, ns, propagation=propagation, grace_period=grace, dry_run=(dry == "server"))
        kc.out(mutating.operation_line(r, name, "pruned", dry))
