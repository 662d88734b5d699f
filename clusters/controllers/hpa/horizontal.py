"""The horizontal pod autoscaler controller.

A port of kubernetes/kubernetes:pkg/controller/podautoscaler/horizontal.go
(1.32). Every HPA is reconciled every 15 s (``--horizontal-pod-autoscaler-sync-period``;
upstream adds every key with a fixed 15 s rate limit, so even a new HPA waits
15 s for its first reconciliation). A reconciliation reads the target's scale
(spec.replicas and the selector), computes a proposal per metric with the
replica calculator, takes the largest, then normalises it:

- without ``spec.behavior``: the highest recommendation of the last 300 s
  (``--horizontal-pod-autoscaler-downscale-stabilization``) wins, and one step
  may at most double the replicas (or reach 4) (normalizeDesiredReplicas);
- with ``spec.behavior`` (defaulted as pkg/apis/autoscaling/v2/defaults.go
  does: scale up by max(4 pods, 100 %) per 15 s with no window, scale down by
  100 % per 15 s after a 300 s window): stabilisation windows and rate
  policies over the recorded scale events (normalizeDesiredReplicasWithBehaviors).

It writes the new size through the target's spec.replicas (the scale
subresource), records SuccessfulRescale, and keeps status.currentMetrics,
currentReplicas, desiredReplicas, lastScaleTime and the conditions
AbleToScale / ScalingActive / ScalingLimited with upstream's reasons and
messages. The in-memory recommendation and scale-event histories are plain
lists, so they travel with a cluster snapshot.
"""
from __future__ import annotations

import math

from clusters import objects
from clusters.apiserver import errors, resources
from clusters.controllers.base import Controller, key_of, split_key
from clusters.controllers.hpa import replica_calculator as calc

SYNC_PERIOD = 15.0
DOWNSCALE_STABILIZATION = 300.0
SCALE_UP_LIMIT_FACTOR = 2.0
SCALE_UP_LIMIT_MINIMUM = 4

# pkg/apis/autoscaling/v2/defaults.go
DEFAULT_SCALE_UP = {"stabilizationWindowSeconds": 0, "selectPolicy": "Max",
                    "policies": [{"type": "Pods", "value": 4, "periodSeconds": 15},
                                 {"type": "Percent", "value": 100, "periodSeconds": 15}]}
DEFAULT_SCALE_DOWN = {"selectPolicy": "Max", "policies": [{"type": "Percent", "value": 100, "periodSeconds": 15}]}


class ComputeError(Exception):
    def __init__(self, message: str, condition: tuple | None = None):
        super().__init__(message)
        self.condition = condition


def default_rules(rules: dict | None, default: dict) -> dict:
    """GenerateHPAScale{Up,Down}Rules: copy the fields set, default the rest."""
    out = objects.clone(default)
    for k in ("selectPolicy", "stabilizationWindowSeconds", "policies", "tolerance"):
        if rules and rules.get(k) is not None:
            out[k] = objects.clone(rules[k])
    return out


class HorizontalController(Controller):
    name = "horizontal-pod-autoscaler"

    def __init__(self, cluster):
        super().__init__(cluster)
        self.recommendations: dict[str, list[list]] = {}
        self.scale_up_events: dict[str, list[list]] = {}
        self.scale_down_events: dict[str, list[list]] = {}
        self.downscale_stabilisation = DOWNSCALE_STABILIZATION
        self.tolerance = calc.TOLERANCE

    def start(self) -> None:
        inf = self.cluster.informers
        inf.on("horizontalpodautoscalers", add=self._hpa_added, update=self._hpa_updated, delete=self._hpa_deleted)
        for hpa in self.api.list("horizontalpodautoscalers"):
            self._hpa_added(hpa)

    def _hpa_added(self, hpa: dict) -> None:
        # enqueueHPA: AddRateLimited with the fixed resync-period limiter.
        self.enqueue_after(key_of(hpa), SYNC_PERIOD)

    def _hpa_updated(self, old: dict, new: dict) -> None:
        self.enqueue_after(key_of(new), SYNC_PERIOD)

    def _hpa_deleted(self, hpa: dict) -> None:
        self.queue.forget(key_of(hpa))

    # -- reconcile ------------------------------------------------------------------
    def sync(self, key: str):
        ns, name = split_key(key)
        hpa = self.api.try_get("horizontalpodautoscalers", name, ns)
        if hpa is None:
            self.recommendations.pop(key, None)
            self.scale_up_events.pop(key, None)
            self.scale_down_events.pop(key, None)
            return None
        self.reconcile(key, hpa)
        return SYNC_PERIOD

    def now(self) -> float:
        return self.cluster.clock.now

    def reconcile(self, key: str, shared: dict) -> None:
        hpa = objects.clone(shared)
        ns = hpa["metadata"]["namespace"]
        spec = hpa.get("spec") or {}
        status = hpa.setdefault("status", {}) or {}
        hpa["status"] = status
        original = objects.clone(shared.get("status") or {})
        ref = spec.get("scaleTargetRef") or {}
        reference = f"{ref.get('kind')}/{ns}/{ref.get('name')}"

        try:
            target_r, target = self._scale_target(ref, ns)
        except ComputeError as e:
            self.recorder.event(hpa, "Warning", "FailedGetScale", str(e))
            set_condition(self, status, "AbleToScale", "False", "FailedGetScale",
                          f"the HPA controller was unable to get the target's current scale: {e}")
            self._write_status(original, hpa)
            self.cluster.log(self.name, f"failed to query scale subresource for {reference}: {e}")
            return
        set_condition(self, status, "AbleToScale", "True", "SucceededGetScale",
                      "the HPA controller was able to get the target's current scale")
        current = int((target.get("spec") or {}).get("replicas", 1))
        if key not in self.recommendations:
            self.recommendations[key] = [[current, self.now()]]

        min_replicas = spec.get("minReplicas", 1)
        if min_replicas is None:
            min_replicas = 1
        max_replicas = spec.get("maxReplicas", 0)
        desired = 0
        reason = ""
        rescale = True
        statuses = None
        if current == 0 and min_replicas != 0:
            desired = 0
            rescale = False
            set_condition(self, status, "ScalingActive", "False", "ScalingDisabled",
                          "scaling is disabled since the replica count of the target is zero")
        elif current > max_replicas:
            reason = "Current number of replicas above Spec.MaxReplicas"
            desired = max_replicas
        elif current < min_replicas:
            reason = "Current number of replicas below Spec.MinReplicas"
            desired = min_replicas
        else:
            metric_desired, metric_name, statuses, err = self.compute_replicas_for_metrics(hpa, status, target_r, target, current)
            if err is not None and metric_desired == -1:
                self._set_status(status, current, status.get("desiredReplicas", 0), statuses, False)
                self._write_status(original, hpa)
                self.recorder.event(hpa, "Warning", "FailedComputeMetricsReplicas", err)
                self.cluster.log(self.name, f"failed to compute desired number of replicas based on listed metrics for {reference}: {err}")
                return
            rescale_metric = ""
            if metric_desired > desired:
                desired = metric_desired
                rescale_metric = metric_name
            if desired > current:
                reason = f"{rescale_metric} above target"
            if desired < current:
                reason = "All metrics below target"
            if spec.get("behavior") is None:
                desired = self.normalize(key, status, current, desired, min_replicas, max_replicas)
            else:
                desired = self.normalize_with_behaviors(key, hpa, status, current, desired, min_replicas, max_replicas)
            rescale = desired != current

        if rescale:
            try:
                self.client.patch(target_r, target["metadata"]["name"], {"spec": {"replicas": desired}}, ns, patch_type="merge")
            except errors.StatusError as e:
                self.recorder.event(hpa, "Warning", "FailedRescale", f"New size: {desired}; reason: {reason}; error: {e.message}")
                set_condition(self, status, "AbleToScale", "False", "FailedUpdateScale",
                              f"the HPA controller was unable to update the target scale: {e.message}")
                self._set_status(status, current, status.get("desiredReplicas", 0), statuses, False)
                self._write_status(original, hpa)
                return
            set_condition(self, status, "AbleToScale", "True", "SucceededRescale",
                          f"the HPA controller was able to update the target scale to {desired}")
            self.recorder.event(hpa, "Normal", "SuccessfulRescale", f"New size: {desired}; reason: {reason}")
            self.store_scale_event(spec.get("behavior"), key, current, desired)
            self.cluster.log(self.name, f"Successfully rescaled {ns}/{hpa['metadata']['name']} from {current} to {desired}: {reason}")
        else:
            desired = current
        self._set_status(status, current, desired, statuses, rescale)
        self._write_status(original, hpa)

    def _scale_target(self, ref: dict, ns: str):
        kind = ref.get("kind") or ""
        api_version = ref.get("apiVersion") or ""
        group = api_version.rpartition("/")[0] if "/" in api_version else ""
        r = resources.by_kind(kind, api_version) if api_version else resources.by_kind(kind)
        if r is None or "scale" not in r.subresources:
            raise ComputeError(f'no matches for kind "{kind}" in group "{group}"')
        target = self.api.try_get(r, ref.get("name") or "", ns)
        if target is None:
            raise ComputeError(f'{r.qualified} "{ref.get("name")}" not found')
        return r, target

    @staticmethod
    def _selector(target_r, target: dict) -> str:
        sel = (target.get("spec") or {}).get("selector")
        if target_r.kind == "ReplicationController":
            return str(objects.selector_from_map(sel)) if sel else ""
        if not sel:
            return ""
        return str(objects.selector_from_label_selector(sel))

    # -- metrics --------------------------------------------------------------------
    def compute_replicas_for_metrics(self, hpa, status, target_r, target, current):
        """computeReplicasForMetrics: (replicas or -1, metric name, statuses, error message or None)."""
        sel_text = self._selector(target_r, target)
        if not sel_text:
            self.recorder.event(hpa, "Warning", "SelectorRequired", "selector is required")
            set_condition(self, status, "ScalingActive", "False", "InvalidSelector", "the HPA target's scale is missing a selector")
            return -1, "", None, "selector is required"
        selector = objects.parse_selector(sel_text)
        specs = (hpa.get("spec") or {}).get("metrics") or []
        statuses: list[dict] = [{"type": ""} for _ in specs]
        replicas = 0
        metric = ""
        invalid = 0
        first_err = None
        first_cond = None
        for i, ms in enumerate(specs):
            try:
                proposal, name, st = self.compute_replicas_for_metric(hpa, ms, current, selector)
            except ComputeError as e:
                if invalid == 0:
                    first_err, first_cond = str(e), e.condition
                invalid += 1
                continue
            statuses[i] = st
            if replicas == 0 or proposal > replicas:
                replicas, metric = proposal, name
        err = None
        if first_err is not None:
            err = f"invalid metrics ({invalid} invalid out of {len(specs)}), first error is: {first_err}"
        if invalid >= len(specs) or (invalid > 0 and replicas < current):
            if first_cond is not None:
                set_condition(self, status, *first_cond)
            return -1, "", statuses, err
        set_condition(self, status, "ScalingActive", "True", "ValidMetricFound",
                      f"the HPA was able to successfully calculate a replica count from {metric}")
        return replicas, metric, statuses, err

    def _unable(self, hpa, reason: str, message: str) -> tuple:
        """getUnableComputeReplicaCountCondition: a Warning event and a ScalingActive=False condition."""
        self.recorder.event(hpa, "Warning", reason, message)
        return ("ScalingActive", "False", reason, f"the HPA was unable to compute the replica count: {message}")

    def compute_replicas_for_metric(self, hpa, ms: dict, current: int, selector):
        ns = hpa["metadata"]["namespace"]
        t = ms.get("type")
        if t == "Resource" or t == "ContainerResource":
            src = ms.get("resource") if t == "Resource" else ms.get("containerResource")
            src = src or {}
            res_name = src.get("name", "cpu")
            target = src.get("target") or {}
            reason = "FailedGetResourceMetric" if t == "Resource" else "FailedGetContainerResourceMetric"
            try:
                if target.get("averageValue") is not None:
                    want = calc._milli(res_name, target["averageValue"])
                    try:
                        proposal, usage, _ = calc.get_raw_resource_replicas(self.cluster, current, want, res_name, ns, selector, self.tolerance)
                    except calc.MetricError as e:
                        raise calc.MetricError(f"failed to get {res_name} usage: {e}")
                    current_status = {"averageValue": _format_milli(res_name, usage)}
                    name = f"{res_name} resource"
                else:
                    util = target.get("averageUtilization")
                    if util is None:
                        raise calc.MetricError("invalid resource metric source: neither an average utilization target nor an average value (usage) target was set")
                    try:
                        proposal, pct, raw, _ = calc.get_resource_replicas(self.cluster, current, int(util), res_name, ns, selector, self.tolerance)
                    except calc.MetricError as e:
                        raise calc.MetricError(f"failed to get {res_name} utilization: {e}")
                    current_status = {"averageUtilization": pct, "averageValue": _format_milli(res_name, raw)}
                    name = f"{res_name} resource utilization (percentage of request)" if t == "Resource" else \
                        f"{res_name} container resource utilization (percentage of request)"
            except calc.MetricError as e:
                cond = self._unable(hpa, reason, str(e))
                label = f"failed to get {res_name} resource metric value" if t == "Resource" else \
                    f"failed to get {src.get('container')} container metric value"
                raise ComputeError(f"{label}: {e}", cond)
            if t == "Resource":
                st = {"type": "Resource", "resource": {"name": res_name, "current": current_status}}
            else:
                st = {"type": "ContainerResource", "containerResource": {"name": res_name, "container": src.get("container"),
                                                                          "current": current_status}}
            return proposal, name, st
        if t == "Pods":
            metric = ((ms.get("pods") or {}).get("metric") or {}).get("name", "")
            msg = (f"unable to get metric {metric}: unable to fetch metrics from custom metrics API: "
                   "no custom metrics API (custom.metrics.k8s.io) registered")
            raise ComputeError(f"failed to get pods metric value: {msg}", self._unable(hpa, "FailedGetPodsMetric", msg))
        if t == "Object":
            metric = ((ms.get("object") or {}).get("metric") or {}).get("name", "")
            msg = (f"unable to get metric {metric}: unable to fetch metrics from custom metrics API: "
                   "no custom metrics API (custom.metrics.k8s.io) registered")
            raise ComputeError(f"failed to get object metric value: {msg}", self._unable(hpa, "FailedGetObjectMetric", msg))
        if t == "External":
            metric = ((ms.get("external") or {}).get("metric") or {}).get("name", "")
            msg = (f"unable to get external metric {ns}/{metric}/nil: unable to fetch metrics from external metrics API: "
                   "no external metrics API (external.metrics.k8s.io) registered")
            raise ComputeError(f"failed to get {metric} external metric value: {msg}", self._unable(hpa, "FailedGetExternalMetric", msg))
        msg = f'unknown metric source type "{t}"'
        raise ComputeError(msg, self._unable(hpa, "InvalidMetricSourceType", msg))

    # -- normalisation ------------------------------------------------------------------
    def normalize(self, key, status, current, prenormalized, min_replicas, max_replicas) -> int:
        """normalizeDesiredReplicas (no spec.behavior)."""
        stabilized = self.stabilize(key, prenormalized)
        if stabilized != prenormalized:
            set_condition(self, status, "AbleToScale", "True", "ScaleDownStabilized",
                          "recent recommendations were higher than current one, applying the highest recent recommendation")
        else:
            set_condition(self, status, "AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size")
        desired, reason, message = convert_with_rules(current, stabilized, min_replicas, max_replicas)
        set_condition(self, status, "ScalingLimited", "False" if desired == stabilized else "True", reason, message)
        return desired

    def stabilize(self, key, prenormalized) -> int:
        """stabilizeRecommendation: the highest recommendation of the downscale window."""
        now = self.now()
        cutoff = now - self.downscale_stabilisation
        recs = self.recommendations.setdefault(key, [])
        best = prenormalized
        old_index = None
        for i, (value, t) in enumerate(recs):
            if t < cutoff:
                old_index = i
            elif value > best:
                best = value
        if old_index is not None:
            recs[old_index] = [prenormalized, now]
        else:
            recs.append([prenormalized, now])
        return best

    def normalize_with_behaviors(self, key, hpa, status, current, prenormalized, min_replicas, max_replicas) -> int:
        behavior = hpa["spec"]["behavior"] or {}
        up = default_rules(behavior.get("scaleUp"), DEFAULT_SCALE_UP)
        down = default_rules(behavior.get("scaleDown"), DEFAULT_SCALE_DOWN)
        if down.get("stabilizationWindowSeconds") is None:
            down["stabilizationWindowSeconds"] = int(self.downscale_stabilisation)
        stabilized, reason, message = self.stabilize_with_behaviors(key, up, down, current, prenormalized)
        if stabilized != prenormalized:
            set_condition(self, status, "AbleToScale", "True", reason, message)
        else:
            set_condition(self, status, "AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size")
        desired, reason, message = self.convert_with_behavior_rate(key, up, down, current, stabilized, min_replicas, max_replicas)
        set_condition(self, status, "ScalingLimited", "False" if desired == stabilized else "True", reason, message)
        return desired

    def stabilize_with_behaviors(self, key, up, down, current, desired):
        now = self.now()
        up_cut = now - up["stabilizationWindowSeconds"]
        down_cut = now - down["stabilizationWindowSeconds"]
        up_rec = down_rec = desired
        recs = self.recommendations.setdefault(key, [])
        old_index = None
        for i, (value, t) in enumerate(recs):
            if t > up_cut:
                up_rec = min(value, up_rec)
            if t > down_cut:
                down_rec = max(value, down_rec)
            if t < up_cut and t < down_cut:
                old_index = i
        rec = current
        if rec < up_rec:
            rec = up_rec
        if rec > down_rec:
            rec = down_rec
        if old_index is not None:
            recs[old_index] = [desired, now]
        else:
            recs.append([desired, now])
        if desired >= current:
            return rec, "ScaleUpStabilized", "recent recommendations were lower than current one, applying the lowest recent recommendation"
        return rec, "ScaleDownStabilized", "recent recommendations were higher than current one, applying the highest recent recommendation"

    def _changes(self, events: list, period: float) -> int:
        cutoff = self.now() - period
        return sum(change for change, t, _ in events if t > cutoff)

    def convert_with_behavior_rate(self, key, up, down, current, desired, min_replicas, max_replicas):
        ups = self.scale_up_events.get(key, [])
        downs = self.scale_down_events.get(key, [])
        if desired > current:
            limit = self._scale_up_limit(current, ups, downs, up)
            if limit < current:
                limit = current
            maximum = max_replicas
            if maximum > limit:
                maximum, reason, message = limit, "ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate"
            else:
                reason, message = "TooManyReplicas", "the desired replica count is more than the maximum replica count"
            if desired > maximum:
                return maximum, reason, message
        elif desired < current:
            limit = self._scale_down_limit(current, ups, downs, down)
            if limit > current:
                limit = current
            minimum = min_replicas
            if minimum < limit:
                minimum, reason, message = limit, "ScaleDownLimit", "the desired replica count is decreasing faster than the maximum scale rate"
            else:
                reason, message = "TooFewReplicas", "the desired replica count is less than the minimum replica count"
            if desired < minimum:
                return minimum, reason, message
        return desired, "DesiredWithinRange", "the desired count is within the acceptable range"

    def _scale_up_limit(self, current, ups, downs, rules) -> int:
        policy = rules.get("selectPolicy") or "Max"
        if policy == "Disabled":
            return current
        result = None
        for p in rules.get("policies") or ():
            added = self._changes(ups, p["periodSeconds"])
            deleted = self._changes(downs, p["periodSeconds"])
            start = current - added + deleted
            if p["type"] == "Pods":
                proposed = start + p["value"]
            else:
                proposed = math.ceil(start * (1 + p["value"] / 100))
            result = proposed if result is None else (min(result, proposed) if policy == "Min" else max(result, proposed))
        return current if result is None else result

    def _scale_down_limit(self, current, ups, downs, rules) -> int:
        policy = rules.get("selectPolicy") or "Max"
        if policy == "Disabled":
            return current
        result = None
        for p in rules.get("policies") or ():
            added = self._changes(ups, p["periodSeconds"])
            deleted = self._changes(downs, p["periodSeconds"])
            start = current - added + deleted
            if p["type"] == "Pods":
                proposed = start - p["value"]
            else:
                proposed = int(start * (1 - p["value"] / 100))
            result = proposed if result is None else (max(result, proposed) if policy == "Min" else min(result, proposed))
        return current if result is None else result

    def store_scale_event(self, behavior, key, prev, new) -> None:
        """storeScaleEvent: only kept when the HPA has a behavior (the only user)."""
        if behavior is None:
            return
        if new > prev:
            rules = default_rules(behavior.get("scaleUp"), DEFAULT_SCALE_UP)
            events = self.scale_up_events.setdefault(key, [])
            change = new - prev
        else:
            rules = default_rules(behavior.get("scaleDown"), DEFAULT_SCALE_DOWN)
            events = self.scale_down_events.setdefault(key, [])
            change = prev - new
        longest = max((p["periodSeconds"] for p in rules.get("policies") or ()), default=0)
        cutoff = self.now() - longest
        for e in events:
            if e[1] < cutoff:
                e[2] = True
        entry = [change, self.now(), False]
        for i, e in enumerate(events):
            if e[2]:
                events[i] = entry
                break
        else:
            events.append(entry)

    # -- status ---------------------------------------------------------------------------
    def _set_status(self, status: dict, current: int, desired: int, statuses, rescale: bool) -> None:
        if current:
            status["currentReplicas"] = current
        else:
            status.pop("currentReplicas", None)
        status["desiredReplicas"] = desired
        status["currentMetrics"] = statuses if statuses else None
        if rescale:
            status["lastScaleTime"] = self.api.timestamp()

    def _write_status(self, original: dict, hpa: dict) -> None:
        if original == hpa["status"]:
            return
        try:
            self.client.update_status("horizontalpodautoscalers", hpa)
        except errors.StatusError as e:
            self.recorder.event(hpa, "Warning", "FailedUpdateStatus", e.message)
            raise


def convert_with_rules(current: int, desired: int, min_replicas: int, max_replicas: int):
    """convertDesiredReplicasWithRules: min/max and the max(2×current, 4) step limit."""
    scale_up_limit = int(max(SCALE_UP_LIMIT_FACTOR * current, SCALE_UP_LIMIT_MINIMUM))
    if max_replicas > scale_up_limit:
        maximum, cond, reason = scale_up_limit, "ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate"
    else:
        maximum, cond, reason = max_replicas, "TooManyReplicas", "the desired replica count is more than the maximum replica count"
    if desired < min_replicas:
        return min_replicas, "TooFewReplicas", "the desired replica count is less than the minimum replica count"
    if desired > maximum:
        return maximum, cond, reason
    return desired, "DesiredWithinRange", "the desired count is within the acceptable range"


def set_condition(ctrl, status: dict, type_: str, cstatus: str, reason: str, message: str) -> None:
    """setConditionInList: lastTransitionTime moves only when the status flips."""
    conds = status.setdefault("conditions", [])
    for c in conds:
        if c.get("type") == type_:
            if c.get("status") != cstatus:
                c["lastTransitionTime"] = ctrl.api.timestamp()
            c["status"], c["reason"], c["message"] = cstatus, reason, message
            return
    conds.append({"type": type_, "status": cstatus, "lastTransitionTime": ctrl.api.timestamp(),
                  "reason": reason, "message": message})


def _format_milli(resource: str, milli: int) -> str:
    """resource.NewMilliQuantity(v, DecimalSI).String()."""
    if milli % 1000 == 0:
        return str(milli // 1000)
    return f"{milli}m"
