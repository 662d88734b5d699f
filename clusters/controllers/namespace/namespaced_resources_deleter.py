"""Deleting everything in a namespace, after kubernetes/kubernetes:
pkg/controller/namespace/deletion/namespaced_resources_deleter.go and
status_condition_utils.go.

Discovery errors are not fatal: the deleter removes what it can discover,
records a NamespaceDeletionDiscoveryFailure condition, and still returns the
error, so the ``kubernetes`` finalizer stays and the namespace stays
Terminating until discovery succeeds.
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import discovery, errors

# namespaced_resources_deleter.go: estimate when remaining items carry finalizers
FINALIZER_ESTIMATE_SECONDS = 15
FINALIZER_KUBERNETES = "kubernetes"

# status_condition_utils.go (1.32): the condition types, in order, and their "ok" variants
CONDITION_TYPES = ("NamespaceDeletionDiscoveryFailure", "NamespaceDeletionGroupVersionParsingFailure",
                   "NamespaceDeletionContentFailure", "NamespaceContentRemaining", "NamespaceFinalizersRemaining")
OK_MESSAGES = {
    "NamespaceDeletionDiscoveryFailure": "All resources successfully discovered",
    "NamespaceDeletionGroupVersionParsingFailure": "All legacy kube types successfully parsed",
    "NamespaceDeletionContentFailure": "All content successfully deleted, may be waiting on finalization",
    "NamespaceContentRemaining": "All content successfully removed",
    "NamespaceFinalizersRemaining": "All content-preserving finalizers finished",
}
OK_REASONS = {
    "NamespaceDeletionDiscoveryFailure": "ResourcesDiscovered",
    "NamespaceDeletionGroupVersionParsingFailure": "ParsedGroupVersions",
    "NamespaceDeletionContentFailure": "ContentDeleted",
    "NamespaceContentRemaining": "ContentRemoved",
    "NamespaceFinalizersRemaining": "ContentHasNoFinalizers",
}


class DeletionError(Exception):
    """Deletion could not finish now; ``remaining`` > 0 means wait that estimate instead of backing off."""

    def __init__(self, message: str, remaining: int = 0):
        super().__init__(message)
        self.remaining = remaining


class Deleter:
    def __init__(self, controller):
        self.c = controller
        self.api = controller.api
        self.client = controller.client

    def delete(self, name: str) -> None:
        """Delete: raises DeletionError while content or discovery failures remain; finalizes otherwise."""
        ns = self.api.try_get("namespaces", name)
        if ns is None or not ns["metadata"].get("deletionTimestamp"):
            return
        if (ns.get("status") or {}).get("phase") != "Terminating":
            new = objects.clone(ns)
            new.setdefault("status", {})["phase"] = "Terminating"
            ns = self.client.update_status("namespaces", new)
        if FINALIZER_KUBERNETES not in ((ns.get("spec") or {}).get("finalizers") or ()):
            return
        estimate, err = self.delete_all_content(ns)
        if err is not None:
            raise DeletionError(err)
        if estimate > 0:
            raise DeletionError(f"some content remains in the namespace, estimate {estimate} seconds before it is removed", estimate)
        fins = [f for f in (ns.get("spec") or {}).get("finalizers") or () if f != FINALIZER_KUBERNETES]
        self.api.finalize_namespace(name, fins, actor=self.c.name, cause=self.client.cause)

    def delete_all_content(self, ns: dict) -> tuple[int, str | None]:
        name = ns["metadata"]["name"]
        errs: list[str] = []
        new_conditions: dict[str, dict] = {}
        served, failed = discovery.server_resources(self.c.cluster)
        if failed:
            msg = discovery.group_discovery_failed(failed)
            errs.append(msg)
            new_conditions["NamespaceDeletionDiscoveryFailure"] = {
                "status": "True", "reason": "DiscoveryFailed",
                "message": f"Discovery failed for some groups, {len(failed)} failing: {msg}"}
        deletable = [r for r in served if r.namespaced and "delete" in r.verbs and "list" in r.verbs]
        estimate = 0
        remaining: dict[str, int] = {}
        finalizers_left: dict[str, int] = {}
        content_errs: list[str] = []
        for r in deletable:
            est, left, fins, err = self.delete_gvr(r, name)
            if err:
                content_errs.append(err)
            estimate = max(estimate, est)
            if left:
                remaining[f"{r.plural}.{r.group}"] = left
                for f, n in fins.items():
                    finalizers_left[f] = finalizers_left.get(f, 0) + n
        if remaining:
            parts = sorted(f"{gr} has {n} resource instances" for gr, n in remaining.items())
            new_conditions["NamespaceContentRemaining"] = {
                "status": "True", "reason": "SomeResourcesRemain",
                "message": f"Some resources are remaining: {', '.join(parts)}"}
        if finalizers_left:
            parts = sorted(f"{f} in {n} resource instances" for f, n in finalizers_left.items() if n)
            new_conditions["NamespaceFinalizersRemaining"] = {
                "status": "True", "reason": "SomeFinalizerRemain",
                "message": f"Some finalizers are remaining: {', '.join(parts)}"}
        if content_errs:
            msgs = sorted(content_errs)
            new_conditions["NamespaceDeletionContentFailure"] = {
                "status": "True", "reason": "ContentDeletionFailed",
                "message": f"Failed to delete all resource types, {len(msgs)} remaining: {', '.join(msgs)}"}
            errs.extend(content_errs)
        self.update_conditions(ns, new_conditions)
        if errs:
            return estimate, errs[0] if len(errs) == 1 else "[" + ", ".join(errs) + "]"
        return estimate, None

    def delete_gvr(self, r, namespace: str) -> tuple[int, int, dict, str | None]:
        """deleteAllContentForGroupVersionResource: (estimate, remaining, finalizers, error)."""
        estimate = 0
        if r.kind == "Pod":
            # estimateGracefulTerminationForPods
            for pod in self.api.list(r, namespace):
                if (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed"):
                    continue
                estimate = max(estimate, int(pod["spec"].get("terminationGracePeriodSeconds") or 0))
        try:
            items = self.api.list(r, namespace)
        except errors.StatusError as e:
            return estimate, 0, {}, e.message
        # deleteCollection with propagationPolicy=Background
        for obj in items:
            if obj["metadata"].get("deletionTimestamp") and r.kind != "Pod":
                continue
            try:
                self.client.delete(r, obj["metadata"]["name"], namespace, propagation="Background")
            except errors.StatusError as e:
                if e.code != 404:
                    return estimate, len(items), {}, e.message
        left = self.api.list(r, namespace)
        if not left:
            return 0, 0, {}, None
        fins: dict[str, int] = {}
        for obj in left:
            for f in obj["metadata"].get("finalizers") or ():
                fins[f] = fins.get(f, 0) + 1
        if estimate:
            return estimate, len(left), fins, None
        if fins:
            return FINALIZER_ESTIMATE_SECONDS, len(left), fins, None
        return estimate, len(left), fins, f"unexpected items still remain in namespace: {namespace} for gvr: {r.group}/{r.version}, Resource={r.plural}"

    def update_conditions(self, ns: dict, new: dict[str, dict]) -> None:
        """updateConditions: every type is present; OK variants have status False."""
        fresh = self.api.try_get("namespaces", ns["metadata"]["name"])
        if fresh is None:
            return
        status = objects.clone(fresh.get("status") or {})
        conds = status.get("conditions") or []
        changed = False
        now = self.api.timestamp()
        for t in CONDITION_TYPES:
            want = new.get(t) or {"status": "False", "reason": OK_REASONS[t], "message": OK_MESSAGES[t]}
            old = next((c for c in conds if c.get("type") == t), None)
            if old is None:
                conds.append({"type": t, "status": want["status"], "lastTransitionTime": now,
                              "reason": want["reason"], "message": want["message"]})
                changed = True
            elif (old.get("status"), old.get("reason"), old.get("message")) != (want["status"], want["reason"], want["message"]):
                if old.get("status") != want["status"]:
                    old["lastTransitionTime"] = now
                old.update(status=want["status"], reason=want["reason"], message=want["message"])
                changed = True
        if changed:
            status["conditions"] = conds
            new_ns = objects.clone(fresh)
            new_ns["status"] = status
            self.client.update_status("namespaces", new_ns)
