"""The DaemonSet controller, after kubernetes/kubernetes:pkg/controller/daemon/daemon_controller.go and update.go.

One pod per node the DaemonSet's pods may run on (nodeSelector, required node
affinity, NoSchedule/NoExecute taints they tolerate). Each pod is pinned to
its node by a required node affinity on ``metadata.name``
(util.ReplaceDaemonSetPodNodeNameNodeAffinity) and gets the daemon
tolerations (util.AddOrUpdateDaemonPodTolerations), so a cordoned or
not-ready node keeps its daemons. Pods carry ``controller-revision-hash``;
a RollingUpdate replaces old pods node by node, at most maxUnavailable
unavailable at a time.
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import errors
from clusters.controllers import controller_utils as cu
from clusters.controllers.base import Controller, key_of, split_key
from clusters.controllers.deployment import util as dutil

REVISION_HASH = "controller-revision-hash"
# AddOrUpdateDaemonPodTolerations (pkg/controller/daemon/util/daemonset_util.go)
DAEMON_TOLERATIONS = (
    {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute"},
    {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute"},
    {"key": "node.kubernetes.io/disk-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/memory-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/pid-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"},
)
HOST_NETWORK_TOLERATION = {"key": "node.kubernetes.io/network-unavailable", "operator": "Exists", "effect": "NoSchedule"}


def target_node(pod: dict) -> str:
    """The node a daemon pod runs on, or is pinned to by its metadata.name node affinity
    (util.GetTargetNodeName in pkg/controller/daemon/util/daemonset_util.go); "" if neither."""
    target = pod["spec"].get("nodeName")
    if target:
        return target
    node = (((pod["spec"].get("affinity") or {}).get("nodeAffinity") or {})
            .get("requiredDuringSchedulingIgnoredDuringExecution") or {})
    for term in node.get("nodeSelectorTerms") or ():
        for f in term.get("matchFields") or ():
            if f.get("key") == "metadata.name" and f.get("values"):
                return f["values"][0]
    return ""


def tolerates(tol: dict, taint: dict) -> bool:
    """v1helper Toleration.ToleratesTaint."""
    if tol.get("effect") and tol.get("effect") != taint.get("effect"):
        return False
    if tol.get("key") and tol.get("key") != taint.get("key"):
        return False
    op = tol.get("operator") or "Equal"
    if op == "Exists":
        return True
    return tol.get("value", "") == taint.get("value", "")


def _match_expr(expr: dict, labels: dict) -> bool:
    op, key, vals = expr.get("operator"), expr.get("key"), expr.get("values") or []
    if op == "In":
        return labels.get(key) in vals
    if op == "NotIn":
        return labels.get(key) not in vals
    if op == "Exists":
        return key in labels
    if op == "DoesNotExist":
        return key not in labels
    return False


def node_should_run(spec: dict, node: dict) -> bool:
    """NodeShouldRunDaemonPod: node selector, required node affinity, tolerated taints."""
    labels = node["metadata"].get("labels") or {}
    for k, v in (spec.get("nodeSelector") or {}).items():
        if labels.get(k) != v:
            return False
    req = (((spec.get("affinity") or {}).get("nodeAffinity") or {})
           .get("requiredDuringSchedulingIgnoredDuringExecution") or {})
    terms = req.get("nodeSelectorTerms") or []
    if terms:
        ok = False
        for term in terms:
            if all(_match_expr(e, labels) for e in term.get("matchExpressions") or ()) and \
                    all(_match_expr(e, {"metadata.name": node["metadata"]["name"]}) for e in term.get("matchFields") or ()):
                ok = True
                break
        if not ok:
            return False
    tols = spec.get("tolerations") or []
    for taint in (node.get("spec") or {}).get("taints") or ():
        if taint.get("effect") not in ("NoSchedule", "NoExecute"):
            continue
        if not any(tolerates(t, taint) for t in tols):
            return False
    return True


def pod_spec_for(template_spec: dict, node_name: str) -> dict:
    spec = objects.clone(template_spec)
    tols = list(spec.get("tolerations") or [])
    extra = list(DAEMON_TOLERATIONS) + ([HOST_NETWORK_TOLERATION] if spec.get("hostNetwork") else [])
    for t in extra:
        if not any(x.get("key") == t["key"] and x.get("effect") == t["effect"] for x in tols):
            tols.append(dict(t))
    spec["tolerations"] = tols
    aff = spec.setdefault("affinity", {})
    na = aff.setdefault("nodeAffinity", {})
    na["requiredDuringSchedulingIgnoredDuringExecution"] = {"nodeSelectorTerms": [{"matchFields": [
        {"key": "metadata.name", "operator": "In", "values": [node_name]}]}]}
    return spec


class DaemonSetsController(Controller):
    name = "daemonset-controller"

    def __init__(self, cluster):
        super().__init__(cluster)
        self.expectations = cu.Expectations(cluster.clock)

    def start(self) -> None:
        inf = self.cluster.informers
        inf.on("daemonsets", add=self._ds, update=self._ds_updated, delete=self._ds_deleted, group="apps")
        inf.on("pods", add=self._pod_added, update=self._pod_updated, delete=self._pod)
        inf.on("nodes", add=self._node, update=self._node_updated)
        for ds in self.api.list("daemonsets"):
            self._ds(ds)

    def _ds(self, ds: dict) -> None:
        self.enqueue(key_of(ds))

    def _ds_updated(self, old: dict, ds: dict) -> None:
        self.enqueue(key_of(ds))

    def _ds_deleted(self, ds: dict) -> None:
        self.expectations.delete(key_of(ds))

    def _node(self, node: dict) -> None:
        for ds in self.api.list("daemonsets"):
            self.enqueue(key_of(ds))

    def _node_updated(self, old: dict, node: dict) -> None:
        if (old.get("metadata") or {}).get("labels") != node["metadata"].get("labels") or \
                (old.get("spec") or {}).get("taints") != (node.get("spec") or {}).get("taints"):
            self._node(node)

    def _pod_updated(self, old: dict, pod: dict) -> None:
        self._pod(pod)

    def _pod_added(self, pod: dict) -> None:
        key = self._pod(pod)
        if key is not None:
            self.expectations.creation_observed(key)

    def _pod(self, pod: dict) -> str | None:
        ref = objects.controller_of(pod)
        if ref is None or ref.get("kind") != "DaemonSet":
            return None
        ds = self.api.try_get("daemonsets", ref.get("name", ""), pod["metadata"]["namespace"])
        if ds is None or ds["metadata"]["uid"] != ref.get("uid"):
            return None
        key = key_of(ds)
        self.enqueue(key)
        return key

    def sync(self, key: str):
        ns, name = split_key(key)
        ds = self.api.try_get("daemonsets", name, ns)
        if ds is None or ds["metadata"].get("deletionTimestamp"):
            return None
        h = dutil.compute_hash(ds["spec"]["template"], (ds.get("status") or {}).get("collisionCount"))
        nodes = self.api.list("nodes")
        by_node: dict[str, list[dict]] = {}
        selector = objects.selector_from_label_selector(ds["spec"].get("selector"))
        for pod in self.cluster.informers.owned_by(ds["metadata"]["uid"], f"/registry/pods/{ns}/"):
            if pod["metadata"].get("deletionTimestamp"):
                continue
            if not selector.matches(objects.labels_of(pod)):
                # getDaemonPods → ClaimPods (controller_ref_manager.go): an owned pod
                # whose labels no longer match is released, not managed.
                self._release(ds, pod)
                continue
            by_node.setdefault(target_node(pod), []).append(pod)
        tmpl_spec = ds["spec"]["template"].get("spec") or {}
        # pod_spec_for pins the pod to its node with a matchFields term that the
        # node itself always satisfies, so one spec without it decides for every node.
        check = pod_spec_for(tmpl_spec, "")
        check["affinity"]["nodeAffinity"].pop("requiredDuringSchedulingIgnoredDuringExecution", None)
        should = [n for n in nodes if node_should_run(check, n)]
        should_names = {n["metadata"]["name"] for n in should}
        if self.expectations.satisfied(key):
            for node_name, pods in sorted(by_node.items()):
                failed = [p for p in pods if (p.get("status") or {}).get("phase") == "Failed"]
                keep = [p for p in pods if p not in failed]
                doomed = failed + (keep if node_name not in should_names else keep[1:])
                for pod in doomed:
                    self._delete(ds, pod)
            to_create = [n["metadata"]["name"] for n in should
                         if not [p for p in by_node.get(n["metadata"]["name"], ()) if (p.get("status") or {}).get("phase") != "Failed"]]
            if to_create:
                self.expectations.expect_creations(key, len(to_create))
                it = iter(to_create)
                ok, _ = cu.slow_start_batch(len(to_create), cu.SLOW_START_INITIAL_BATCH_SIZE, self._create, ds, it, h)
                for _ in range(len(to_create) - ok):
                    self.expectations.creation_observed(key)
            self._rolling_update(ds, by_node, should_names, h)
        return self._update_status(ds, h, should_names)

    def _create(self, ds: dict, nodes, h: str) -> None:
        node_name = next(nodes)
        tmpl = ds["spec"]["template"]
        pod = cu.pod_from_template(tmpl, ds, cu.controller_ref(ds))
        pod["metadata"]["labels"][REVISION_HASH] = h
        pod["metadata"]["labels"]["pod-template-generation"] = str(ds["metadata"].get("generation", 1))
        pod["spec"] = pod_spec_for(tmpl.get("spec") or {}, node_name)
        try:
            cu.create_pod(self, ds, pod)
        except errors.StatusError as e:
            if cu.namespace_terminating(e):
                return
            raise

    def _delete(self, ds: dict, pod: dict) -> None:
        try:
            cu.delete_pod(self, ds, pod)
        except errors.StatusError as e:
            if e.code != 404:
                raise

    def _release(self, ds: dict, pod: dict) -> None:
        """ReleasePod: drop this DaemonSet's ownerReference from the pod."""
        new = objects.clone(pod)
        refs = cu.release_refs(ds["metadata"]["uid"], pod)
        if refs:
            new["metadata"]["ownerReferences"] = refs
        else:
            new["metadata"].pop("ownerReferences", None)
        try:
            self.client.update("pods", new)
        except errors.StatusError as e:
            if e.code not in (404, 409):
                raise

    def _rolling_update(self, ds: dict, by_node: dict, should: set, h: str) -> None:
        """update.go rollingUpdate (maxSurge 0): delete old pods while unavailable < maxUnavailable."""
        strategy = ds["spec"].get("updateStrategy") or {}
        if strategy.get("type", "RollingUpdate") != "RollingUpdate":
            return
        max_unavailable = dutil.scaled_value((strategy.get("rollingUpdate") or {}).get("maxUnavailable", 1), len(should), True) or 1
        mrs = ds["spec"].get("minReadySeconds") or 0
        now = cu.now_epoch(self.cluster)
        unavailable = 0
        old_available = []
        for node_name in sorted(should):
            pods = by_node.get(node_name) or []
            if not pods or not any(cu.is_pod_available(p, mrs, now) for p in pods):
                unavailable += 1
                for p in pods:
                    if objects.labels_of(p).get(REVISION_HASH) != h:
                        # an old, unavailable pod goes at once
                        self._delete(ds, p)
                continue
            for p in pods:
                if objects.labels_of(p).get(REVISION_HASH) != h:
                    old_available.append(p)
        for p in old_available:
            if unavailable >= max_unavailable:
                break
            self._delete(ds, p)
            unavailable += 1

    def _update_status(self, ds: dict, h: str, should: set):
        mrs = ds["spec"].get("minReadySeconds") or 0
        now = cu.now_epoch(self.cluster)
        current = misscheduled = ready = available = updated = 0
        selector = objects.selector_from_label_selector(ds["spec"].get("selector"))
        for pod in self.cluster.informers.owned_by(ds["metadata"]["uid"], f"/registry/pods/{ds['metadata']['namespace']}/"):
            if pod["metadata"].get("deletionTimestamp") or not selector.matches(objects.labels_of(pod)):
                continue
            node = target_node(pod)
            if node not in should:
                misscheduled += 1
                continue
            current += 1
            if objects.labels_of(pod).get(REVISION_HASH) == h:
                updated += 1
            if cu.is_pod_ready(pod):
                ready += 1
                if cu.is_pod_available(pod, mrs, now):
                    available += 1
        st = {"currentNumberScheduled": current, "numberMisscheduled": misscheduled,
              "desiredNumberScheduled": len(should), "numberReady": ready,
              "observedGeneration": ds["metadata"].get("generation", 1),
              "updatedNumberScheduled": updated, "numberAvailable": available,
              "numberUnavailable": len(should) - available}
        st = {k: v for k, v in st.items() if v or k in ("currentNumberScheduled", "numberMisscheduled", "desiredNumberScheduled", "numberReady")}
        fresh = self.api.try_get("daemonsets", ds["metadata"]["name"], ds["metadata"]["namespace"])
        if fresh is not None and (fresh.get("status") or {}) != st:
            new = objects.clone(fresh)
            new["status"] = st
            self.client.update_status("daemonsets", new)
        if mrs and ready != available:
            return mrs + 1
        return None
