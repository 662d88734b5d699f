"""VolumeBinding (kubernetes/kubernetes:pkg/scheduler/framework/plugins/volumebinding,
volume_binding.go and binder.go).

PreFilter reads the pod's claims (a pod without one skips the plugin, so it costs
nothing per node): a missing claim, a Lost one or one being deleted rejects the pod
with the claim's own error; an unbound claim of an Immediate class (or with no class)
rejects it with "pod has unbound immediate PersistentVolumeClaims", until the PV
controller binds it. Both are UnschedulableAndUnresolvable.

Filter (FindPodVolumes), per node: a bound claim's volume must exist and its node
affinity must admit the node ("node(s) had volume node affinity conflict"); a claim
waiting for its first consumer needs an Available volume that fits on the node, or a
class whose provisioner can make one there ("node(s) didn't find available persistent
volumes to bind"); once the scheduler has chosen a node for it (selected-node), no
other node will do.

Reserve and PreBind (AssumePodVolumes, BindPodVolumes): on the chosen node the pod is
assumed in the cache, the chosen static volumes get their claimRef and the claims to
provision get ``volume.kubernetes.io/selected-node``; then, every second, the binder
checks that the PV controller and the provisioner have finished (checkBindings) and
only then binds the pod. A failure (provisioning given up, selected-node removed, 600 s
bindTimeout) is a FailedScheduling "running PreBind plugin "VolumeBinding": binding
volumes: ..." and the pod is retried after its back-off.
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import errors
from clusters.controllers.volume import helpers as vh
from clusters.scheduler import queue as schedqueue
from clusters.scheduler.framework import SKIP_STATUS, UNRESOLVABLE, Plugin, Status

NAME = "VolumeBinding"
# binder.go ConflictReason
ERR_REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind"
ERR_REASON_NODE_CONFLICT = "node(s) had volume node affinity conflict"
ERR_REASON_PV_NOT_EXIST = "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)"
UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims"
BIND_TIMEOUT = 600.0  # VolumeBindingArgs.BindTimeoutSeconds default
POLL_INTERVAL = 1.0  # BindPodVolumes polls checkBindings every second
STATE_KEY = "VolumeBinding"


class _PodVolumes:
    """stateData: the pod's claims by kind, the volumes of their classes, and per-node decisions."""

    __slots__ = ("bound", "delayed", "volumes", "by_node")

    def __init__(self, bound: list, delayed: list, volumes: list):
        self.bound = bound  # the volumes of the bound claims (None when missing)
        self.delayed = delayed
        self.volumes = volumes
        self.by_node: dict[str, tuple[list, list]] = {}  # node -> (static (pv, claim) pairs, claims to provision)


class Waiting:
    """A pod whose volumes are being bound before the pod itself (the binding cycle's PreBind wait)."""

    __slots__ = ("qp", "uid", "node", "static", "provision", "started", "assumed")

    def __init__(self, qp, uid, node, static, provision, started, assumed):
        self.qp = qp
        self.uid = uid
        self.node = node
        self.static = static  # [(pv name, claim key)]
        self.provision = provision  # [claim key]
        self.started = started
        self.assumed = assumed


class VolumeBinding(Plugin):
    name = NAME

    def __init__(self, scheduler):
        super().__init__(scheduler)
        self.api = scheduler.api
        self.waiting: dict[str, Waiting] = {}
        inf = scheduler.cluster.informers
        # EventsToRegister: claims, volumes and classes coming or changing may make a rejected pod fit.
        for plural in ("persistentvolumeclaims", "persistentvolumes", "storageclasses"):
            inf.on(plural, add=self._storage_added, update=self._storage_updated)

    def _storage_added(self, obj: dict) -> None:
        self.scheduler.queue.on_event(schedqueue.VOLUME_EVENT)

    def _storage_updated(self, old: dict, new: dict) -> None:
        self.scheduler.queue.on_event(schedqueue.VOLUME_EVENT)

    # -- PreFilter: podHasPVCs, GetPodVolumeClaims -------------------------------------------
    def pre_filter(self, state, pi):
        names = vh.claim_names(pi.spec)
        if not names:
            return SKIP_STATUS
        bound, delayed = [], []
        for name in names:
            claim = self.api.try_get("persistentvolumeclaims", name, pi.namespace)
            if claim is None:
                return Status(UNRESOLVABLE, (f'persistentvolumeclaim "{name}" not found',), NAME)
            if (claim.get("status") or {}).get("phase") == "Lost":
                return Status(UNRESOLVABLE, (f'persistentvolumeclaim "{name}" bound to non-existent persistentvolume '
                                             f'"{claim["spec"].get("volumeName", "")}"',), NAME)
            if claim["metadata"].get("deletionTimestamp"):
                return Status(UNRESOLVABLE, (f'persistentvolumeclaim "{name}" is being deleted',), NAME)
        immediate = False
        for name in names:
            claim = self.api.try_get("persistentvolumeclaims", name, pi.namespace)
            if vh.is_fully_bound(claim):
                bound.append(self.api.try_get("persistentvolumes", claim["spec"]["volumeName"]))
            elif vh.is_delay_binding_mode(self.api, claim) and not (claim.get("spec") or {}).get("volumeName"):
                delayed.append(claim)
            else:
                immediate = True
        if immediate:
            return Status(UNRESOLVABLE, (UNBOUND_IMMEDIATE,), NAME)
        volumes = self.api.list("persistentvolumes") if delayed else []
        state[STATE_KEY] = _PodVolumes(bound, delayed, volumes)
        return None

    # -- Filter: FindPodVolumes ------------------------------------------------------------
    def filter(self, state, pi, ni):
        pv_state: _PodVolumes = state[STATE_KEY]
        reasons = []
        labels = ni.labels
        for pv in pv_state.bound:
            if pv is None:
                reasons.append(ERR_REASON_PV_NOT_EXIST)
                break
            if not vh.node_affinity_matches(pv, labels):
                reasons.append(ERR_REASON_NODE_CONFLICT)
                break
        if not reasons and pv_state.delayed:
            decision = self._find_for_delayed(pv_state, ni)
            if decision is None:
                reasons.append(ERR_REASON_BIND_CONFLICT)
            else:
                pv_state.by_node[ni.name] = decision
        if reasons:
            return Status(UNRESOLVABLE, tuple(reasons), NAME)
        return None

    def _find_for_delayed(self, pv_state: _PodVolumes, ni):
        to_match, to_provision = [], []
        for claim in pv_state.delayed:
            selected = vh.annotations(claim).get(vh.ANN_SELECTED_NODE)
            if selected is not None:
                if selected != ni.name:
                    return None  # fast path: provisioning already started for another node
                to_provision.append(claim)
            else:
                to_match.append(claim)
        static = []
        chosen: set = set()
        # findMatchingVolumes: smallest requests first, each the smallest fitting volume.
        for claim in sorted(to_match, key=vh.storage_request):
            klass = vh.claim_class(claim)
            candidates = [pv for pv in pv_state.volumes if vh.volume_class(pv) == klass]
            pv = vh.find_matching_volume(claim, sorted(candidates, key=vh.capacity), ni.labels, chosen, True)
            if pv is None:
                to_provision.append(claim)
            else:
                chosen.add(pv["metadata"]["name"])
                static.append((pv, claim))
        # checkVolumeProvisions: the class must have a provisioner that may provision on this node.
        for claim in to_provision:
            sc = self.api.try_get("storageclasses", vh.claim_class(claim))
            if sc is None:
                return None
            provisioner = sc.get("provisioner") or ""
            if not provisioner or provisioner == vh.NOT_SUPPORTED_PROVISIONER:
                return None
            if not _topology_allows(sc.get("allowedTopologies"), ni.labels):
                return None
        return static, to_provision

    # -- Reserve and PreBind ---------------------------------------------------------------
    def reserve_and_prebind(self, state, pi, qp, node: str) -> bool:
        """AssumePodVolumes then BindPodVolumes' API updates. True when the pod must wait for its
        volumes before it is bound (the binding cycle continues in ``_poll``)."""
        pv_state: _PodVolumes | None = state.get(STATE_KEY)
        if pv_state is None or not pv_state.delayed:
            return False  # allBound
        static, provision = pv_state.by_node.get(node, ([], []))
        client = self.scheduler.client
        static_keys, provision_keys = [], []
        for pv, claim in static:
            new, dirty = vh.bind_volume_to_claim(pv, claim)
            if dirty:
                client.update("persistentvolumes", new)
            static_keys.append((pv["metadata"]["name"], _key(claim)))
        for claim in provision:
            if vh.annotations(claim).get(vh.ANN_SELECTED_NODE) != node:
                new = objects.clone(claim)
                new["metadata"]["annotations"] = {**vh.annotations(claim), vh.ANN_SELECTED_NODE: node}
                client.update("persistentvolumeclaims", new)
            provision_keys.append(_key(claim))
        assumed = dict(pi.pod)
        assumed["spec"] = {**pi.pod["spec"], "nodeName": node}
        self.scheduler.cache.update_pod(assumed)
        now = self.scheduler.cluster.clock.now
        self.waiting[pi.key] = Waiting(qp, pi.uid, node, static_keys, provision_keys, now, assumed)
        self.scheduler.cluster.clock.schedule(POLL_INTERVAL, self._poll, pi.key)
        return True

    def is_waiting(self, key: str) -> bool:
        return key in self.waiting

    def _poll(self, key: str) -> None:
        w = self.waiting.get(key)
        if w is None:
            return
        cluster = self.scheduler.cluster
        saved = cluster.cause
        cluster.cause = w.qp.cause
        self.scheduler.client.cause = w.qp.cause
        self.scheduler.recorder.client.cause = w.qp.cause
        try:
            ns, _, name = key.partition("/")
            pod = self.api.try_get("pods", name, ns)
            if pod is None or pod["metadata"].get("uid") != w.uid or pod["metadata"].get("deletionTimestamp"):
                self._unreserve(key, w)
                return
            try:
                done = self._check_bindings(w)
            except _BindingError as e:
                self._fail(key, w, pod, str(e))
                return
            if done:
                del self.waiting[key]
                try:
                    self.scheduler.bind(pod, w.node)
                except errors.StatusError as e:
                    self._unreserve(key, w)
                    self.scheduler.cluster.log(self.scheduler.name, f"error binding {key}: {e.message}")
                    self.scheduler.queue.add_backoff(w.qp)
                return
            if cluster.clock.now - w.started >= BIND_TIMEOUT:
                self._fail(key, w, pod, "context deadline exceeded")
                return
            cluster.clock.schedule(POLL_INTERVAL, self._poll, key)
        finally:
            cluster.cause = saved

    def _check_bindings(self, w: Waiting) -> bool:
        """checkBindings: every claim fully bound; an error when binding was undone or failed."""
        node = self.api.try_get("nodes", w.node)
        if node is None:
            raise _BindingError(f'failed to get node "{w.node}": nodes "{w.node}" not found')
        labels = (node.get("metadata") or {}).get("labels") or {}
        done = True
        for pv_name, claim_key in w.static:
            pv = self.api.try_get("persistentvolumes", pv_name)
            ns, _, name = claim_key.partition("/")
            claim = self.api.try_get("persistentvolumeclaims", name, ns)
            if pv is None:
                raise _BindingError(f'failed to check binding: cannot get pv "{pv_name}"')
            if claim is None:
                raise _BindingError(f'failed to check binding: cannot get pvc "{claim_key}"')
            if not vh.node_affinity_matches(pv, labels):
                raise _BindingError(f'pv "{pv_name}" node affinity doesn\'t match node "{w.node}": no matching NodeSelectorTerms')
            if not ((pv.get("spec") or {}).get("claimRef") or {}).get("uid"):
                raise _BindingError(f'ClaimRef got reset for pv "{pv_name}"')
            if not vh.is_fully_bound(claim):
                done = False
        for claim_key in w.provision:
            ns, _, name = claim_key.partition("/")
            claim = self.api.try_get("persistentvolumeclaims", name, ns)
            if claim is None:
                raise _BindingError(f'failed to check provisioning pvc: cannot get pvc "{claim_key}"')
            if vh.annotations(claim).get(vh.ANN_SELECTED_NODE) != w.node:
                if not vh.annotations(claim):
                    raise _BindingError(f'selectedNode annotation reset for PVC "{name}"')
                raise _BindingError(f'provisioning failed for PVC "{name}"')
            volume_name = (claim.get("spec") or {}).get("volumeName")
            if volume_name:
                pv = self.api.try_get("persistentvolumes", volume_name)
                if pv is None:
                    done = False
                    continue
                if not vh.node_affinity_matches(pv, labels):
                    raise _BindingError(f'pv "{volume_name}" node affinity doesn\'t match node "{w.node}": no matching NodeSelectorTerms')
            if not vh.is_fully_bound(claim):
                done = False
        return done

    def _unreserve(self, key: str, w: Waiting) -> None:
        """Unreserve: forget the assumed pod (the volume API updates stay, as upstream)."""
        self.waiting.pop(key, None)
        rec = self.scheduler.cache.pods.get(key)
        if rec is not None and rec.pod is w.assumed:
            self.scheduler.cache.remove_pod(w.assumed)

    def _fail(self, key: str, w: Waiting, pod: dict, err: str) -> None:
        """handleBindingCycleError: event, PodScheduled=False (SchedulerError), retry after back-off."""
        self._unreserve(key, w)
        msg = f'running PreBind plugin "{NAME}": binding volumes: {err}'
        self.scheduler.recorder.event(pod, "Warning", "FailedScheduling", msg)
        self.scheduler.set_condition(pod, "SchedulerError", msg)
        self.scheduler.queue.add_backoff(w.qp)

    def forget(self, key: str) -> None:
        """The pod was deleted while its volumes were being bound."""
        w = self.waiting.pop(key, None)
        if w is not None:
            self._unreserve(key, w)


class _BindingError(Exception):
    pass


def _topology_allows(terms, labels: dict) -> bool:
    """v1helper.MatchTopologySelectorTerms: no terms allow everything; else any term whose
    every expression's key has one of its values."""
    if not terms:
        return True
    for term in terms:
        exprs = term.get("matchLabelExpressions") or ()
        if exprs and all(labels.get(e.get("key")) in (e.get("values") or ()) for e in exprs):
            return True
    return False


def _key(claim: dict) -> str:
    return f"{claim['metadata']['namespace']}/{claim['metadata']['name']}"
