"""The disruption controller: keeps each PodDisruptionBudget's status, which evictions read.

A port of kubernetes/kubernetes:pkg/controller/disruption/disruption.go (1.32).
Pod and budget events enqueue the budget (a pod enqueues the first budget
that selects it, with a MultiplePodDisruptionBudgets warning when there are
more). ``sync`` counts:

- expectedPods and desiredHealthy (getExpectedPodCount): an integer
  minAvailable expects the pods it selects and desires that many; a
  percentage minAvailable, or any maxUnavailable, expects the sum of the
  scales of the pods' controllers (Deployment through its ReplicaSet,
  ReplicaSet, StatefulSet, ReplicationController; a controller without a
  scale subresource fails the sync), rounding the percentage up;
- currentHealthy (countHealthyPods): ready pods that are not being deleted
  and that no eviction granted in the last two minutes (disruptedPods,
  which the eviction handler fills and this controller prunes);
- disruptionsAllowed = currentHealthy - desiredHealthy, never negative, and
  0 while no pod is expected; with the DisruptionAllowed condition.

A sync that fails writes disruptionsAllowed 0 with a SyncFailed condition
(failSafe), so evictions stop rather than go ahead unchecked. Its events come
from the "controllermanager" source, as upstream's recorder names it.
"""
from __future__ import annotations

from clusters import objects, timeutil
from clusters.apiserver import disruption_budgets as budgets, errors, resources
from clusters.controllers import controller_utils as cu
from clusters.controllers.base import Controller, key_of, split_key
from clusters.controllers.deployment import util as dutil
from clusters.events import EventRecorder

# DeletionTimeout: how long a granted eviction keeps its pod out of currentHealthy.
DELETION_TIMEOUT = 120.0


class SyncError(Exception):
    pass


class DisruptionController(Controller):
    name = "disruption-controller"

    def __init__(self, cluster):
        super().__init__(cluster)
        self.recorder = EventRecorder(cluster, "controllermanager")

    def start(self) -> None:
        inf = self.cluster.informers
        inf.on("poddisruptionbudgets", add=self._pdb_changed, update=self._pdb_updated, delete=self._pdb_changed)
        inf.on("pods", add=self._pod_changed, update=self._pod_updated, delete=self._pod_changed)
        for pdb in self.api.list("poddisruptionbudgets"):
            self._pdb_changed(pdb)

    # -- handlers: map an event to a budget key ------------------------------------
    def _pdb_changed(self, pdb: dict) -> None:
        self.enqueue(key_of(pdb))

    def _pdb_updated(self, old: dict, new: dict) -> None:
        self._pdb_changed(new)

    def _pod_updated(self, old: dict, new: dict) -> None:
        self._pod_changed(new)

    def _pod_changed(self, pod: dict) -> None:
        pdb = self._pdb_for_pod(pod)
        if pdb is not None:
            self.enqueue(key_of(pdb))

    def _pdb_for_pod(self, pod: dict) -> dict | None:
        """getPdbForPod: the first budget (by name) that selects the pod."""
        if not objects.labels_of(pod):
            return None
        pdbs = [p for p in self.api.list("poddisruptionbudgets", pod["metadata"]["namespace"]) if budgets.selects(p, pod)]
        if not pdbs:
            return None
        if len(pdbs) > 1:
            m = pod["metadata"]
            self.recorder.event(pod, "Warning", "MultiplePodDisruptionBudgets",
                                f'Pod "{m["namespace"]}"/"{m["name"]}" matches multiple PodDisruptionBudgets.  '
                                f'Chose "{pdbs[0]["metadata"]["name"]}" arbitrarily.')
        return pdbs[0]

    # -- reconcile ------------------------------------------------------------------
    def sync(self, key: str):
        ns, name = split_key(key)
        pdb = self.api.try_get("poddisruptionbudgets", name, ns)
        if pdb is None:
            return None
        try:
            return self._try_sync(pdb)
        except SyncError as e:
            self._fail_safe(pdb, str(e))
            return None

    def _pods_for_pdb(self, pdb: dict) -> list[dict]:
        sel = objects.selector_from_label_selector((pdb.get("spec") or {}).get("selector"))
        if sel.empty():
            return []
        return self.api.list("pods", pdb["metadata"]["namespace"], sel)

    def _try_sync(self, pdb: dict):
        pods = self._pods_for_pdb(pdb)
        if not pods:
            self.recorder.event(pdb, "Normal", "NoPods", "No matching pods found")
        try:
            expected, desired, unmanaged = self._expected_pod_count(pdb, pods)
        except SyncError as e:
            self.recorder.event(pdb, "Warning", "CalculateExpectedPodCountFailed",
                                f"Failed to calculate the number of expected pods: {e}")
            raise
        if unmanaged:
            self.recorder.event(pdb, "Warning", "UnmanagedPods",
                                "Pods selected by this PodDisruptionBudget (selector: "
                                f"{_go_label_selector((pdb.get('spec') or {}).get('selector'))}) were found to be unmanaged. "
                                "As a result, the status of the PDB cannot be calculated correctly, which may result in "
                                "undefined behavior. To account for these pods please set \".spec.minAvailable\" field of "
                                "the PDB to an integer value.")
        now = cu.now_epoch(self.cluster)
        disrupted, recheck = self._disrupted_pod_map(pods, pdb, now)
        healthy = _count_healthy(pods, disrupted, now)
        self._update_status(pdb, healthy, desired, expected, disrupted)
        return None if recheck is None else max(0.0, recheck - now)

    def _expected_pod_count(self, pdb: dict, pods: list[dict]) -> tuple[int, int, list[str]]:
        """getExpectedPodCount: (expectedCount, desiredHealthy, unmanaged pod names)."""
        spec = pdb.get("spec") or {}
        expected = desired = 0
        unmanaged: list[str] = []
        if spec.get("maxUnavailable") is not None:
            expected, unmanaged = self._expected_scale(pods)
            max_unavailable = _scaled(spec["maxUnavailable"], expected)
            desired = max(0, expected - max_unavailable)
        elif spec.get("minAvailable") is not None:
            min_available = spec["minAvailable"]
            if isinstance(min_available, int):
                desired, expected = min_available, len(pods)
            else:
                expected, unmanaged = self._expected_scale(pods)
                desired = _scaled(min_available, expected)
        return expected, desired, unmanaged

    def _expected_scale(self, pods: list[dict]) -> tuple[int, list[str]]:
        """getExpectedScale: the sum of the scales of the pods' controllers."""
        scales: dict[str, int] = {}
        unmanaged: list[str] = []
        for pod in pods:
            ref = objects.controller_of(pod)
            if ref is None:
                unmanaged.append(pod["metadata"]["name"])
                continue
            if ref.get("uid") in scales:
                continue
            found = self._controller_and_scale(ref, pod["metadata"]["namespace"])
            if found is None:
                raise SyncError(f'found no controllers for pod "{pod["metadata"]["name"]}"')
            scales[found[0]] = found[1]
        return sum(scales.values()), unmanaged

    def _controller_and_scale(self, ref: dict, ns: str) -> tuple[str, int] | None:
        """The finders in upstream's order: ReplicationController, Deployment (through its
        ReplicaSet), ReplicaSet, StatefulSet, then any controller's scale subresource."""
        group = (ref.get("apiVersion") or "").rpartition("/")[0]
        kind = ref.get("kind")
        if kind == "ReplicaSet" and group in ("apps", "extensions"):
            rs = self.api.try_get("replicasets", ref.get("name", ""), ns)
            if rs is not None and rs["metadata"].get("uid") == ref.get("uid"):
                owner = objects.controller_of(rs)
                if owner is not None and owner.get("kind") == "Deployment":
                    d = self.api.try_get("deployments", owner.get("name", ""), ns)
                    if d is not None and d["metadata"].get("uid") == owner.get("uid"):
                        return d["metadata"]["uid"], _replicas(d)
                    return None
                return rs["metadata"]["uid"], _replicas(rs)
        return self._scale_controller(ref, ns, group, kind)

    def _scale_controller(self, ref: dict, ns: str, group: str, kind: str | None) -> tuple[str, int] | None:
        """getScaleController: read the controller's scale; a kind without one fails the sync."""
        r = resources.by_kind(kind or "", ref.get("apiVersion"))
        if r is None:
            raise SyncError(f'no matches for kind "{kind}" in group "{group}"')
        if "scale" not in r.subresources:
            raise SyncError(f"{r.qualified} does not implement the scale subresource")
        owner = self.api.try_get(r, ref.get("name", ""), ns)
        if owner is None or owner["metadata"].get("uid") != ref.get("uid"):
            return None
        return owner["metadata"]["uid"], _replicas(owner)

    def _disrupted_pod_map(self, pods: list[dict], pdb: dict, now: float) -> tuple[dict, float | None]:
        """buildDisruptedPodMap: keep the granted evictions whose pods are not yet being
        deleted and are still within DeletionTimeout; report when to look again."""
        granted = (pdb.get("status") or {}).get("disruptedPods") or {}
        result: dict[str, str] = {}
        recheck: float | None = None
        for pod in pods:
            m = pod["metadata"]
            if m.get("deletionTimestamp") or m["name"] not in granted:
                continue
            when = granted[m["name"]]
            expected_deletion = timeutil.parse_rfc3339(when) + DELETION_TIMEOUT
            if expected_deletion < now:
                self.recorder.event(pod, "Warning", "NotDeleted",
                                    f"Pod was expected by PDB {pdb['metadata']['namespace']}/{pdb['metadata']['namespace']} "
                                    "to be deleted but it wasn't")
            else:
                recheck = expected_deletion if recheck is None else min(recheck, expected_deletion)
                result[m["name"]] = when
        return result, recheck

    def _update_status(self, pdb: dict, healthy: int, desired: int, expected: int, disrupted: dict) -> None:
        allowed = healthy - desired
        if expected <= 0 or allowed <= 0:
            allowed = 0
        st = pdb.get("status") or {}
        generation = pdb["metadata"].get("generation", 0)
        if (st.get("currentHealthy", 0) == healthy and st.get("desiredHealthy", 0) == desired
                and st.get("expectedPods", 0) == expected and st.get("disruptionsAllowed", 0) == allowed
                and (st.get("disruptedPods") or {}) == disrupted and st.get("observedGeneration", 0) == generation
                and budgets.conditions_up_to_date(pdb)):
            return
        status = {"observedGeneration": generation, "disruptionsAllowed": allowed, "currentHealthy": healthy,
                  "desiredHealthy": desired, "expectedPods": expected}
        if disrupted:
            status["disruptedPods"] = disrupted
        status["conditions"] = objects.clone(st.get("conditions") or [])
        budgets.update_disruption_allowed_condition(status, self.api.timestamp())
        self._write(pdb, status)

    def _fail_safe(self, pdb: dict, message: str) -> None:
        """failSafe: no disruption allowed, and the condition says why."""
        status = objects.clone(pdb.get("status") or {})
        status["disruptionsAllowed"] = 0
        for f in ("currentHealthy", "desiredHealthy", "expectedPods"):
            status.setdefault(f, 0)
        budgets.set_condition(status, budgets.DISRUPTION_ALLOWED, "False", budgets.SYNC_FAILED, message,
                              status.get("observedGeneration", 0), self.api.timestamp())
        self._write(pdb, status)

    def _write(self, pdb: dict, status: dict) -> None:
        m = pdb["metadata"]
        self.client.update_status("poddisruptionbudgets", {
            "metadata": {"name": m["name"], "namespace": m["namespace"], "resourceVersion": m.get("resourceVersion")},
            "status": status}, owned=True)


def _replicas(obj: dict) -> int:
    r = (obj.get("spec") or {}).get("replicas")
    return 1 if r is None else int(r)


def _scaled(value, total: int) -> int:
    """intstr.GetScaledValueFromIntOrPercent(value, total, roundUp=true)."""
    try:
        return dutil.scaled_value(value, total, True)
    except ValueError as e:
        raise SyncError(f"invalid value for IntOrString: invalid value {value!r}") from e


def _count_healthy(pods: list[dict], disrupted: dict, now: float) -> int:
    """countHealthyPods."""
    healthy = 0
    for pod in pods:
        m = pod["metadata"]
        if m.get("deletionTimestamp"):
            continue
        when = disrupted.get(m["name"])
        if when is not None and timeutil.parse_rfc3339(when) + DELETION_TIMEOUT > now:
            continue
        if cu.is_pod_ready(pod):
            healthy += 1
    return healthy


def _go_label_selector(ls: dict | None) -> str:
    """%v of a *metav1.LabelSelector (its generated String()), as the UnmanagedPods event prints it."""
    if ls is None:
        return "nil"
    labels = "".join(f"{k}: {v}," for k, v in sorted((ls.get("matchLabels") or {}).items()))
    exprs = "".join(f"LabelSelectorRequirement{{Key:{e.get('key', '')},Operator:{e.get('operator', '')},"
                    f"Values:[{' '.join(e.get('values') or [])}],}},"
                    for e in ls.get("matchExpressions") or [])
    return f"&LabelSelector{{MatchLabels:map[string]string{{{labels}}},MatchExpressions:[]LabelSelectorRequirement{{{exprs}}},}}"
