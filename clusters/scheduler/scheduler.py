"""kube-scheduler: the scheduling cycle over the framework's default plugins.

schedule_one.go, in order: pop the most important pending pod; PreFilter and
Filter nodes starting where the previous cycle stopped (nextStartNodeIndex)
until numFeasibleNodesToFind nodes fit; with one feasible node take it, else
PreScore, Score, NormalizeScore and weight every plugin and pick the highest
total, breaking ties by reservoir sampling with the cluster's seeded generator
(selectHost); bind and record "Scheduled". When no node fits, run PostFilter
(DefaultPreemption), record "FailedScheduling" with FitError's message, set
PodScheduled=False/Unschedulable and park the pod in the queue until a
cluster event may help (queue.py).

Node and pod state comes from the cache (cache.py), kept incrementally by
informer handlers, so a cycle never re-sums a node's pods. Every attempt is
recorded (records.py) and readable as ``cluster.scheduler.decision(ns, pod)``.
"""
from __future__ import annotations

from itertools import repeat
from operator import add, itemgetter, mul

from clusters.apiserver import errors
from clusters.clock import URGENT
from clusters.controllers.base import Controller
from clusters.scheduler import framework, queue as schedqueue
from clusters.scheduler.cache import Cache, TERMINAL_PHASES
from clusters.scheduler.framework import (SKIP_STATUS, UNRESOLVABLE, PodInfo, PreFilterResult, Status, fit_error_message,
                                          num_feasible_nodes_to_find)
from clusters.scheduler.nominator import Nominator
from clusters.scheduler.plugins import FILTER_PLUGINS, SCORE_PLUGINS, DefaultPreemption, VolumeBinding
from clusters.scheduler.plugins.node_resources_fit import NodeResourcesFit
from clusters.scheduler.plugins.node_unschedulable import NodeUnschedulable
from clusters.scheduler.plugins.taint_toleration import TaintToleration
from clusters.scheduler.queue import QueuedPod, SchedulingQueue
from clusters.scheduler.records import Decision, DecisionLog
from clusters.scheduler.score_memo import ScoreMemo

BASIC_FILTERS = (NodeUnschedulable, TaintToleration, NodeResourcesFit)

SCHEDULER_NAME = "default-scheduler"
# schedule_one.go ErrNoNodesAvailable
NO_NODES_AVAILABLE = "no nodes available to schedule pods"
# framework/plugins/schedulinggates
SCHEDULING_GATED_MESSAGE = "Scheduling is blocked due to non-empty scheduling gates"


class Scheduler(Controller):
    name = SCHEDULER_NAME

    def __init__(self, cluster):
        super().__init__(cluster)
        self.cache = Cache()
        self.queue = SchedulingQueue(self)  # the scheduler's own queue replaces the controller work queue
        instances = {}
        for cls in FILTER_PLUGINS + SCORE_PLUGINS:
            if cls not in instances:
                instances[cls] = cls(self)
        self.filter_plugins = [instances[c] for c in FILTER_PLUGINS]
        self.score_plugins = [instances[c] for c in SCORE_PLUGINS]
        self.preemption = DefaultPreemption(self)
        self.volume_binding = instances[VolumeBinding]
        self._basic_filters = [instances[c].filter for c in BASIC_FILTERS]
        self.decisions = DecisionLog()
        self.nominator = Nominator(SCHEDULER_NAME)
        self.score_memo = ScoreMemo()
        self.next_start_node_index = 0
        self.percentage_of_nodes_to_score = 0  # 0: the adaptive default
        self.gated: set[str] = set()
        self._drain_scheduled = False
        self.scheduled_count = 0

    # -- wiring -------------------------------------------------------------------
    def start(self) -> None:
        inf = self.cluster.informers
        inf.on("nodes", add=self._node_added, update=self._node_updated, delete=self._node_deleted)
        inf.on("pods", add=self._pod_added, update=self._pod_updated, delete=self._pod_deleted)
        for node in self.api.list("nodes"):
            self._node_added(node)
        for pod in self.api.list("pods"):
            self._pod_added(pod)

    def decision(self, namespace: str, pod_name: str) -> Decision | None:
        """The latest scheduling decision recorded for a pod (None if none is kept)."""
        return self.decisions.latest(namespace, pod_name)

    def wake(self) -> None:
        if not self._drain_scheduled:
            self._drain_scheduled = True
            self.cluster.clock.schedule(0, self._drain, priority=URGENT + 2)

    # -- informer handlers: update the cache, enqueue, signal cluster events --------
    def _node_added(self, node: dict) -> None:
        self.cache.set_node(node)
        self.queue.on_event(schedqueue.NODE_EVENT)

    def _node_updated(self, old: dict, new: dict) -> None:
        om, nm = old.get("metadata") or {}, new.get("metadata") or {}
        os_, ns_ = old.get("status") or {}, new.get("status") or {}
        if (om.get("labels") == nm.get("labels") and old.get("spec") == new.get("spec")
                and os_.get("allocatable") == ns_.get("allocatable") and os_.get("images") == ns_.get("images")):
            ni = self.cache.nodes.get(nm.get("name"))
            if ni is not None:
                ni.node = new
            return
        self.cache.set_node(new)
        self.queue.on_event(schedqueue.NODE_EVENT)

    def _node_deleted(self, node: dict) -> None:
        self.cache.remove_node(node["metadata"]["name"])

    def _responsible(self, pod: dict) -> bool:
        spec = pod["spec"]
        return ((spec.get("schedulerName") or SCHEDULER_NAME) == SCHEDULER_NAME and not spec.get("nodeName")
                and (pod.get("status") or {}).get("phase") not in TERMINAL_PHASES
                and not pod["metadata"].get("deletionTimestamp"))

    def _pod_added(self, pod: dict) -> None:
        m = pod["metadata"]
        self.nominator.update(pod, f"{m['namespace']}/{m['name']}")
        if pod["spec"].get("nodeName"):
            _, rec = self.cache.update_pod(pod)
            if rec is not None and self.queue.unschedulable:
                self.queue.on_event(schedqueue.ASSIGNED_POD_CHANGE)
            return
        if self._responsible(pod):
            self._enqueue(pod)

    def _enqueue(self, pod: dict) -> None:
        m = pod["metadata"]
        key = f"{m['namespace']}/{m['name']}"
        qp = QueuedPod(key, m.get("uid"), pod["spec"].get("priority") or 0, self.cluster.clock.now, self.cluster.cause)
        self.queue.add(qp)

    def _pod_updated(self, old: dict, new: dict) -> None:
        spec = new["spec"]
        if self.nominator.pods or (new.get("status") or {}).get("nominatedNodeName"):
            m = new["metadata"]
            self.nominator.update(new, f"{m['namespace']}/{m['name']}")
        if spec.get("nodeName"):
            m = new["metadata"]
            rec = self.cache.pods.get(f"{m['namespace']}/{m['name']}")
            if (rec is not None and rec.uid == m.get("uid") and (new.get("status") or {}).get("phase") not in TERMINAL_PHASES
                    and (m.get("labels") or {}) == rec.labels):
                rec.pod = new
                return
            prev, rec = self.cache.update_pod(new)
            if not old["spec"].get("nodeName"):
                self.queue.delete(f"{m['namespace']}/{m['name']}")
            if prev is not None and rec is None:
                self.queue.on_event(schedqueue.ASSIGNED_POD_DELETE)
            elif rec is not None:
                self.queue.on_event(schedqueue.ASSIGNED_POD_CHANGE)
            return
        m = new["metadata"]
        key = f"{m['namespace']}/{m['name']}"
        if not self._responsible(new):
            self.queue.delete(key)
            self.gated.discard(key)
            return
        if key in self.gated:
            if not spec.get("schedulingGates"):
                self.gated.discard(key)
                self._enqueue(new)
            return
        qp = self.queue.known(key)
        if qp is None:
            if self.volume_binding.is_waiting(key):
                return  # in its binding cycle, waiting for its volumes
            self._enqueue(new)
        elif old.get("spec") != spec or (old["metadata"].get("labels") != m.get("labels")):
            qp.priority = spec.get("priority") or 0
            self.queue.move_pod(key)

    def _pod_deleted(self, pod: dict) -> None:
        m = pod["metadata"]
        key = f"{m['namespace']}/{m['name']}"
        self.nominator.update(None, key)
        self.queue.delete(key)
        self.gated.discard(key)
        self.volume_binding.forget(key)
        if self.cache.remove_pod(pod) is not None:
            self.queue.on_event(schedqueue.ASSIGNED_POD_DELETE)

    # -- the scheduling loop ----------------------------------------------------------
    def _drain(self) -> None:
        self._drain_scheduled = False
        cluster = self.cluster
        while True:
            qp = self.queue.pop()
            if qp is None:
                return
            saved = cluster.cause
            cluster.cause = qp.cause
            self.client.cause = qp.cause
            self.recorder.client.cause = qp.cause
            try:
                self.schedule_one(qp)
            except errors.StatusError as e:
                cluster.log(self.name, f"error scheduling {qp.key}: {e.message}")
                self.queue.add_backoff(qp)
            except Exception as e:  # a simulation bug must never reach the learner
                cluster.record_bug(self.name, qp.key, e)
                self.queue.add_backoff(qp)
            finally:
                cluster.cause = saved

    def schedule_one(self, qp: QueuedPod) -> None:
        ns, _, name = qp.key.partition("/")
        pod = self.api.try_get("pods", name, ns)
        if pod is None or not self._responsible(pod):
            return
        if pod["spec"].get("schedulingGates"):
            self.gated.add(qp.key)
            self.set_condition(pod, "SchedulingGated", SCHEDULING_GATED_MESSAGE)
            return
        qp.attempts += 1
        qp.uid = pod["metadata"].get("uid")
        pi = PodInfo(pod)
        d = Decision(ns, name, pi.uid, self.cluster.clock.now, qp.attempts)
        state: dict = {}
        nodes = self.cache.order
        n = len(nodes)
        d.num_nodes = n
        if n == 0:
            d.message = NO_NODES_AVAILABLE
            self.decisions.add(d)
            self._failed(pod, qp, d.message, frozenset())
            return

        filters = []
        narrowed: frozenset | None = None  # RunPreFilterPlugins' merged PreFilterResult
        narrowing: list[str] = []
        for pl in self.filter_plugins:
            st = pl.pre_filter(state, pi)
            if type(st) is PreFilterResult:
                filters.append(pl.filter)
                narrowing.append(pl.name)
                narrowed = st.node_names if narrowed is None else narrowed & st.node_names
                if not narrowed:
                    plugins = sorted(narrowing)
                    st = Status(UNRESOLVABLE, (f"node(s) didn't satisfy plugin(s) {_go_list(plugins)} simultaneously"
                                               if len(plugins) > 1 else f"node(s) didn't satisfy plugin {plugins[0]}",),
                                pl.name)
                else:
                    continue
            if st is None:
                filters.append(pl.filter)
            elif st is not SKIP_STATUS:
                # findNodesThatFitPod: every node gets the PreFilter status, then PostFilter runs.
                _, post_msg, _ = self.preemption.post_filter(state, pi, filters, {ni.name: st for ni in nodes}, n)
                d.message = fit_error_message(n, {}, prefilter_msg=st.message(), postfilter_msg=post_msg)
                d.postfilter = post_msg
                self.decisions.add(d)
                self._failed(pod, qp, d.message, frozenset((pl.name,)))
                return

        candidates = nodes
        if narrowed is not None:
            # schedule_one.go findNodesThatFitPod: only the named nodes that exist, the rest
            # UnschedulableAndUnresolvable. Go walks the names in map order; here in name order.
            candidates = [ni for name in sorted(narrowed)
                          if (ni := self.cache.nodes.get(name)) is not None and ni.node is not None]
        feasible, statuses = self._find_feasible(state, pi, pod, candidates, filters, d, n)
        for ni_name, st in statuses.items():
            d.filtered[ni_name] = (st.plugin, st.reasons)
        d.feasible = [ni.name for ni in feasible]

        if not feasible and narrowed is not None:
            absent = Status(UNRESOLVABLE, (f"node(s) didn't satisfy plugin(s) {_go_list(sorted(narrowing))}",),
                            narrowing[0])
            statuses = {**{ni.name: absent for ni in nodes}, **statuses}
        if not feasible:
            nominated, post_msg, victims = self.preemption.post_filter(state, pi, filters, statuses, n)
            d.message = fit_error_message(n, statuses, postfilter_msg=post_msg)
            d.postfilter = post_msg
            if nominated:
                d.nominated = nominated
                d.victims = [v.key for v in victims]
            self.decisions.add(d)
            plugins = frozenset(st.plugin for st in statuses.values())
            if nominated:
                self.preemption.evict(pi, nominated, victims)
            self._failed(pod, qp, d.message, plugins, nominated)
            return

        if len(feasible) == 1:
            chosen = feasible[0]
        else:
            chosen = self._score(state, pi, feasible, d)
        d.node = chosen.name
        self.decisions.add(d)
        if self.volume_binding.reserve_and_prebind(state, pi, qp, chosen.name):
            return  # PreBind: the pod is bound once its volumes are (VolumeBinding._poll)
        self.bind(pod, chosen.name)

    def bind(self, pod: dict, node_name: str) -> None:
        """DefaultBinder, then the "Scheduled" event."""
        m = pod["metadata"]
        self.client.bind(pod, node_name)
        self.scheduled_count += 1
        self.recorder.event(pod, "Normal", "Scheduled", f"Successfully assigned {m['namespace']}/{m['name']} to {node_name}")

    def _find_feasible(self, state, pi, pod, nodes, filters, d, num_all_nodes):
        n = len(nodes)
        statuses: dict = {}
        if n == 0:
            return [], statuses
        nominated = (pod.get("status") or {}).get("nominatedNodeName")
        if nominated and nominated in self.cache.nodes and self.cache.nodes[nominated].node is not None:
            # schedule_one.go evaluateNominatedNode: a nominated node that now fits is taken alone.
            ni = self.cache.nodes[nominated]
            if self._filter(state, pi, ni, filters) is None:
                d.evaluated, d.to_find = 1, 1
                return [ni], statuses
        to_find = num_feasible_nodes_to_find(n, self.percentage_of_nodes_to_score)
        start = self.next_start_node_index % n
        d.start_index, d.to_find = start, to_find
        feasible = []
        append = feasible.append
        done = False
        # Fast path, same verdicts: when only NodeUnschedulable, TaintToleration and
        # NodeResourcesFit filter, a node with no NoSchedule/NoExecute taint, not
        # cordoned and with room passes all three without calling them.
        quick = len(filters) == len(self._basic_filters) and all(f in self._basic_filters for f in filters) \
            and not pi.scalar  # extended resources: NodeResourcesFit counts them itself
        cpu, mem = pi.cpu, pi.mem
        noms = self.nominator.by_node
        for part in (nodes[start:], nodes[:start]):
            for ni in part:
                if (quick and not ni.unschedulable and not ni.hard_taints and len(ni.pods) < ni.alloc_pods
                        and (not cpu or cpu <= ni.alloc_cpu - ni.req_cpu) and (not mem or mem <= ni.alloc_mem - ni.req_mem)
                        and (not noms or ni.name not in noms)):
                    append(ni)
                    if len(feasible) >= to_find:
                        done = True
                        break
                    continue
                st = self._filter(state, pi, ni, filters)
                if st is not None:
                    statuses[ni.name] = st
                else:
                    append(ni)
                    if len(feasible) >= to_find:
                        done = True
                        break
            if done:
                break
        processed = len(feasible) + len(statuses)
        d.evaluated = processed
        self.next_start_node_index = (self.next_start_node_index + processed) % num_all_nodes
        if not statuses and n == num_all_nodes:
            # Every node looked at fits: the feasible nodes are the run of the node
            # list from ``start``, so their kept scores are one slice (score_memo.py).
            state["window"] = (start, len(feasible))
        return feasible, statuses

    def _filter(self, state, pi, ni, filters):
        """RunFilterPluginsWithNominatedPods: with the node's nominated pods of priority ≥ the
        pod's counted first, then, if that passes and any were counted, without them."""
        with_noms = self.nominator.with_nominated(ni, pi) if self.nominator.by_node else None
        if with_noms is not None:
            for f in filters:
                st = f(state, pi, with_noms)
                if st is not None:
                    return st
        for f in filters:
            st = f(state, pi, ni)
            if st is not None:
                return st
        return None

    def _score(self, state, pi, feasible, d) -> object:
        m = len(feasible)
        totals = None
        memo = self.score_memo
        memo.sync(self.cache)
        order = self.cache.order
        gather = None
        for pl in self.score_plugins:
            if pl.pre_score(state, pi, feasible):
                d.skipped.append(pl.name)
                continue
            key = pl.memo_key(state, pi)
            if key is None:
                raw = pl.score(state, pi, feasible)
            else:
                if gather is None:
                    gather = _gatherer(state.get("window"), feasible, len(order))
                raw = pl.finish(state, pi, gather(memo.values(pl, key, state, pi, order)))
            norm = pl.normalize(state, feasible, raw) if pl.normalize is not None else raw
            w = pl.weight
            weighted = norm if w == 1 else list(map(mul, norm, repeat(w, m)))
            totals = weighted if totals is None else list(map(add, totals, weighted))
            d.plugins.append(pl.name)
            d.weights[pl.name] = w
            d.raw[pl.name] = raw
            d.normalized[pl.name] = norm
        if totals is None:
            totals = [0] * m
        d.totals = totals
        # selectHost: reservoir sampling over the nodes with the top score. The
        # generator's C method is used directly: it is called once per tie.
        rnd = self.cluster.rand._rng.random
        best = max(totals)
        if totals.count(best) == 1:
            d.ties = 1
            return feasible[totals.index(best)]
        ties = [i for i, t in enumerate(totals) if t == best]
        cnt = 1
        sel = ties[0]
        for i in ties[1:]:
            cnt += 1
            if int(rnd() * cnt) == 0:
                sel = i
        d.ties = cnt
        return feasible[sel]

    # -- failure handling -------------------------------------------------------------
    def _failed(self, pod: dict, qp: QueuedPod, message: str, plugins: frozenset, nominated: str | None = None) -> None:
        """schedule_one.go handleSchedulingFailure, in its order: back to the queue
        (AddUnschedulableIfNotPresent), the FailedScheduling event, then PodScheduled=False.

        The pod is parked before the condition is written, so the update that write
        brings back finds it in unschedulablePods; a status-only change leaves it there
        (isPodUpdated), and one attempt makes one event.
        """
        self.queue.add_unschedulable(qp, plugins)
        self.recorder.event(pod, "Warning", "FailedScheduling", message)
        self.set_condition(pod, "Unschedulable", message, nominated)

    def set_condition(self, pod: dict, reason: str, message: str, nominated: str | None = None) -> None:
        status = pod.get("status") or {}
        cur = None
        for c in status.get("conditions") or ():
            if c.get("type") == "PodScheduled":
                cur = c
        if (cur is not None and cur.get("status") == "False" and cur.get("reason") == reason
                and cur.get("message") == message and (nominated is None or status.get("nominatedNodeName") == nominated)):
            return
        from clusters import objects

        new = objects.clone(pod)
        st = new.setdefault("status", {})
        st.setdefault("phase", "Pending")
        conds = [c for c in st.get("conditions") or [] if c.get("type") != "PodScheduled"]
        now = self.api.timestamp()
        conds.append({"type": "PodScheduled", "status": "False", "lastProbeTime": None,
                      "lastTransitionTime": cur.get("lastTransitionTime") if cur is not None and cur.get("status") == "False" else now,
                      "reason": reason, "message": message})
        st["conditions"] = conds
        if nominated:
            st["nominatedNodeName"] = nominated
        try:
            self.client.update_status("pods", new)
        except errors.StatusError:
            pass


def _gatherer(window, feasible: list, n: int):
    """A function taking a list over every node to a list over the feasible ones."""
    if window is not None:
        start, m = window
        end = start + m
        if end <= n:
            return lambda vals: vals[start:end]
        return lambda vals: vals[start:] + vals[:end - n]
    if len(feasible) == 1:
        i = feasible[0].index
        return lambda vals: [vals[i]]
    get = itemgetter(*[ni.index for ni in feasible])
    return lambda vals: list(get(vals))


def _go_list(names: list[str]) -> str:
    """fmt's %v of a []string: [a b]."""
    return "[" + " ".join(names) + "]"
