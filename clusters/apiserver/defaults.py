"""Defaulting, as the versioned types' SetDefaults_* functions do it.

Pods and pod templates: kubernetes/kubernetes:pkg/apis/core/v1/defaults.go.
Workloads: pkg/apis/apps/v1/defaults.go, pkg/apis/batch/v1/defaults.go,
pkg/apis/autoscaling/v2/defaults.go. Each function is idempotent: the API
server runs it on every create and update.
"""
from __future__ import annotations

import base64

from typing import Callable

from clusters import quantity
from clusters.apiserver import allocation, daemonsets, jobs, quantity_fields, rbac, storage


def _container(c: dict) -> None:
    image = c.get("image") or ""
    if "imagePullPolicy" not in c:
        # SetDefaults_Container: Always for :latest or untagged, else IfNotPresent.
        tail = image.rsplit("/", 1)[-1]
        if "@" in tail:
            c["imagePullPolicy"] = "IfNotPresent"
        elif ":" not in tail or tail.endswith(":latest"):
            c["imagePullPolicy"] = "Always"
        else:
            c["imagePullPolicy"] = "IfNotPresent"
    c.setdefault("terminationMessagePath", "/dev/termination-log")
    c.setdefault("terminationMessagePolicy", "File")
    c.setdefault("resources", {})
    res = c["resources"]
    # SetDefaults_Pod copies limits into missing requests.
    if isinstance(res, dict) and res.get("limits"):
        req = res.setdefault("requests", {})
        for k, v in res["limits"].items():
            req.setdefault(k, v)
    for p in c.get("ports") or ():
        if isinstance(p, dict):
            p.setdefault("protocol", "TCP")
    for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
        if isinstance(c.get(probe), dict):
            _probe(c[probe])
    for e in c.get("env") or ():
        vf = e.get("valueFrom") if isinstance(e, dict) else None
        if isinstance(vf, dict) and isinstance(vf.get("fieldRef"), dict):
            vf["fieldRef"].setdefault("apiVersion", "v1")


def _probe(p: dict) -> None:
    # SetDefaults_Probe
    p.setdefault("timeoutSeconds", 1)
    p.setdefault("periodSeconds", 10)
    p.setdefault("successThreshold", 1)
    p.setdefault("failureThreshold", 3)
    hg = p.get("httpGet")
    if isinstance(hg, dict):
        hg.setdefault("path", "/")
        hg.setdefault("scheme", "HTTP")


def pod_spec(spec: dict) -> None:
    spec.setdefault("restartPolicy", "Always")
    spec.setdefault("terminationGracePeriodSeconds", 30)
    spec.setdefault("dnsPolicy", "ClusterFirst")
    spec.setdefault("securityContext", {})
    spec.setdefault("schedulerName", "default-scheduler")
    spec.setdefault("enableServiceLinks", True)
    for c in spec.get("containers") or ():
        if isinstance(c, dict):
            _container(c)
    for c in spec.get("initContainers") or ():
        if isinstance(c, dict):
            _container(c)
    for c in spec.get("ephemeralContainers") or ():
        if isinstance(c, dict):
            _container(c)
    for v in spec.get("volumes") or ():
        if not isinstance(v, dict):
            continue
        for src in ("configMap", "secret"):
            if isinstance(v.get(src), dict):
                v[src].setdefault("defaultMode", 420)
        if "emptyDir" in v and v["emptyDir"] is None:
            v["emptyDir"] = {}


def _pod(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    pod_spec(spec)
    # priority and preemptionPolicy are the Priority admission plugin's (admission.Priority).
    status = obj.setdefault("status", {})
    status.setdefault("phase", "Pending")
    status.setdefault("qosClass", qos_class(spec))


def qos_class(spec: dict) -> str:
    """pkg/apis/core/helper/qos/qos.go GetPodQOS: only cpu and memory count, zero values do not;
    Guaranteed needs every container to limit both and the summed requests to equal the limits."""
    requests: dict = {}
    limits: dict = {}
    guaranteed = True
    for c in list(spec.get("containers") or []) + list(spec.get("initContainers") or []):
        if not isinstance(c, dict):
            continue
        res = c.get("resources") if isinstance(c.get("resources"), dict) else {}
        found = set()
        for field, total in (("requests", requests), ("limits", limits)):
            for r, v in (res.get(field) or {}).items():
                if r not in ("cpu", "memory"):
                    continue
                try:
                    value = quantity.parse(quantity.written(v)).value
                except quantity.QuantityError:
                    continue
                if value > 0:
                    total[r] = total.get(r, 0) + value
                    if field == "limits":
                        found.add(r)
        if found != {"cpu", "memory"}:
            guaranteed = False
    if not requests and not limits:
        return "BestEffort"
    if guaranteed and all(limits.get(r) == v for r, v in requests.items()) and len(requests) == len(limits):
        return "Guaranteed"
    return "Burstable"


def _prepare_pod(server, obj: dict) -> None:
    """pkg/registry/core/pod/strategy.go PrepareForCreate computes the QoS class after mutating
    admission, so the LimitRanger's defaults count."""
    obj.setdefault("status", {})["qosClass"] = qos_class(obj.get("spec") or {})


def _template_holder(obj: dict) -> None:
    tmpl = obj.setdefault("spec", {}).setdefault("template", {})
    if isinstance(tmpl, dict):
        tmpl.setdefault("metadata", {})
        tmpl["metadata"].setdefault("creationTimestamp", None)
        pod_spec(tmpl.setdefault("spec", {}))


def _deployment(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("replicas", 1)
    strategy = spec.setdefault("strategy", {})
    strategy.setdefault("type", "RollingUpdate")
    if strategy["type"] == "RollingUpdate":
        ru = strategy.setdefault("rollingUpdate", {})
        ru.setdefault("maxUnavailable", "25%")
        ru.setdefault("maxSurge", "25%")
    spec.setdefault("revisionHistoryLimit", 10)
    spec.setdefault("progressDeadlineSeconds", 600)
    _template_holder(obj)


def _replicaset(obj: dict) -> None:
    obj.setdefault("spec", {}).setdefault("replicas", 1)
    _template_holder(obj)


def _daemonset(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    us = spec.setdefault("updateStrategy", {})
    us.setdefault("type", "RollingUpdate")
    if us["type"] == "RollingUpdate":
        ru = us.setdefault("rollingUpdate", {})
        ru.setdefault("maxUnavailable", 1)
        ru.setdefault("maxSurge", 0)
    spec.setdefault("revisionHistoryLimit", 10)
    _template_holder(obj)


def _statefulset(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("replicas", 1)
    spec.setdefault("podManagementPolicy", "OrderedReady")
    us = spec.setdefault("updateStrategy", {})
    us.setdefault("type", "RollingUpdate")
    if us["type"] == "RollingUpdate":
        us.setdefault("rollingUpdate", {}).setdefault("partition", 0)
    spec.setdefault("revisionHistoryLimit", 10)
    spec.setdefault("persistentVolumeClaimRetentionPolicy", {"whenDeleted": "Retain", "whenScaled": "Retain"})
    _template_holder(obj)


def _job(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    # SetDefaults_Job: both nil means one pod run to one completion.
    if spec.get("completions") is None and spec.get("parallelism") is None:
        spec["completions"] = 1
    spec.setdefault("parallelism", 1)
    # pkg/apis/batch/v1/defaults.go: with backoffLimitPerIndex the global limit is MaxInt32; a pod
    # failure policy replaces only failed pods; an onPodConditions pattern's status is "True".
    spec.setdefault("backoffLimit", 2**31 - 1 if spec.get("backoffLimitPerIndex") is not None else 6)
    spec.setdefault("completionMode", "NonIndexed")
    spec.setdefault("suspend", False)
    policy = spec.get("podFailurePolicy")
    spec.setdefault("podReplacementPolicy", "Failed" if policy is not None else "TerminatingOrFailed")
    rules = policy.get("rules") if isinstance(policy, dict) else None
    for rule in rules if isinstance(rules, list) else ():
        patterns = rule.get("onPodConditions") if isinstance(rule, dict) else None
        for pattern in patterns if isinstance(patterns, list) else ():
            if isinstance(pattern, dict) and not pattern.get("status"):
                pattern["status"] = "True"
    _template_holder(obj)
    obj["spec"]["template"]["spec"].setdefault("restartPolicy", "Never")


def _cronjob(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("concurrencyPolicy", "Allow")
    spec.setdefault("suspend", False)
    spec.setdefault("successfulJobsHistoryLimit", 3)
    spec.setdefault("failedJobsHistoryLimit", 1)
    jt = spec.setdefault("jobTemplate", {})
    if isinstance(jt, dict):
        jt.setdefault("metadata", {}).setdefault("creationTimestamp", None)
        holder = {"spec": jt.setdefault("spec", {})}
        _job(holder)


def _service(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("type", "ClusterIP")
    spec.setdefault("sessionAffinity", "None")
    if spec["type"] != "ExternalName":
        spec.setdefault("ipFamilyPolicy", "SingleStack")
        spec.setdefault("ipFamilies", ["IPv4"])
        spec.setdefault("internalTrafficPolicy", "Cluster")
    if spec["type"] in ("NodePort", "LoadBalancer"):
        spec.setdefault("externalTrafficPolicy", "Cluster")
    if spec["type"] == "LoadBalancer":
        spec.setdefault("allocateLoadBalancerNodePorts", True)
    for p in spec.get("ports") or ():
        if isinstance(p, dict):
            p.setdefault("protocol", "TCP")
            if "targetPort" not in p and "port" in p:
                p["targetPort"] = p["port"]
    obj.setdefault("status", {}).setdefault("loadBalancer", {})


def _network_policy(obj: dict) -> None:
    """pkg/apis/networking/v1/defaults.go: SetDefaults_NetworkPolicy (no policyTypes: Ingress, and
    Egress when there are egress rules) and SetDefaults_NetworkPolicyPort (protocol TCP)."""
    spec = obj.setdefault("spec", {})
    if not spec.get("policyTypes"):
        spec["policyTypes"] = ["Ingress"] + (["Egress"] if spec.get("egress") else [])
    for rule in (spec.get("ingress") or []) + (spec.get("egress") or []):
        for p in (rule or {}).get("ports") or ():
            if isinstance(p, dict):
                p.setdefault("protocol", "TCP")


def _prepare_ingress(server, obj: dict) -> None:
    """pkg/registry/networking/ingress/strategy.go PrepareForCreate: status starts empty, and v1's
    IngressStatus writes its loadBalancer struct (omitempty does not drop a struct)."""
    obj["status"] = {"loadBalancer": {}}


def _namespace(obj: dict) -> None:
    obj.setdefault("spec", {}).setdefault("finalizers", ["kubernetes"])
    obj.setdefault("status", {}).setdefault("phase", "Active")
    labels = obj["metadata"].setdefault("labels", {})
    # NamespaceDefaultLabelName (1.21+): kubernetes.io/metadata.name=<name>
    labels["kubernetes.io/metadata.name"] = obj["metadata"].get("name", "")


def _secret(obj: dict) -> None:
    obj.setdefault("type", "Opaque")
    # Decoding a v1 Secret folds stringData into data, stringData winning, and stores no stringData
    # (pkg/apis/core/v1/conversion.go Convert_v1_Secret_To_core_Secret).
    string_data = obj.pop("stringData", None)
    if isinstance(string_data, dict) and string_data:
        data = obj.get("data") if isinstance(obj.get("data"), dict) else {}
        obj["data"] = {**data, **{k: base64.b64encode(str(v).encode()).decode() for k, v in string_data.items()}}


# pkg/apis/autoscaling/v2/defaults.go defaultHPAScaleUpRules / defaultHPAScaleDownRules. Scale-down
# has no stabilization window by default: the controller's --horizontal-pod-autoscaler-downscale-stabilization
# (300 s) applies, so the stored object and describe leave it out.
HPA_SCALE_UP_RULES = {"stabilizationWindowSeconds": 0, "selectPolicy": "Max",
                      "policies": [{"type": "Pods", "value": 4, "periodSeconds": 15},
                                   {"type": "Percent", "value": 100, "periodSeconds": 15}]}
HPA_SCALE_DOWN_RULES = {"selectPolicy": "Max", "policies": [{"type": "Percent", "value": 100, "periodSeconds": 15}]}


def _hpa_scaling_rules(given, default: dict) -> dict:
    """GenerateHPAScale{Up,Down}Rules: the defaults, with every field the object sets copied over
    (copyHPAScalingRules; an empty policies list is set, a missing one is not)."""
    out: dict = {}
    given = given if isinstance(given, dict) else {}
    for k in ("stabilizationWindowSeconds", "selectPolicy", "policies"):  # HPAScalingRules field order
        v = given.get(k)
        if v is None:
            v = default.get(k)
            if isinstance(v, list):
                v = [dict(p) for p in v]
        if v is not None:
            out[k] = v
    for k, v in given.items():  # fields this version does not know stay for validation to see
        out.setdefault(k, v)
    return out


def _hpa(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("minReplicas", 1)
    if not spec.get("metrics"):
        # autoscaling/v2 SetDefaults: CPU at 80% utilisation.
        spec["metrics"] = [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 80}}}]
    # SetDefaults_HorizontalPodAutoscalerBehavior: a behavior that is set, even partly, gets both
    # directions filled in; without one the HPA keeps none (the controller's own defaults apply).
    behavior = spec.get("behavior")
    if isinstance(behavior, dict):
        behavior["scaleUp"] = _hpa_scaling_rules(behavior.get("scaleUp"), HPA_SCALE_UP_RULES)
        behavior["scaleDown"] = _hpa_scaling_rules(behavior.get("scaleDown"), HPA_SCALE_DOWN_RULES)


def _priority_class(obj: dict) -> None:
    # pkg/apis/scheduling/v1/defaults.go SetDefaults_PriorityClass
    obj.setdefault("preemptionPolicy", "PreemptLowerPriority")


def _limitrange(obj: dict) -> None:
    """SetDefaults_LimitRangeItem: a Container item's missing default limit is its max, and its
    missing default request the default limit, else its min (empty maps are omitted)."""
    for item in (obj.get("spec") or {}).get("limits") or ():
        if not isinstance(item, dict) or item.get("type") != "Container":
            continue
        default = dict(item.get("default") or {})
        request = dict(item.get("defaultRequest") or {})
        for source, target in ((item.get("max"), default), (default, request), (item.get("min"), request)):
            for k, v in (source or {}).items() if isinstance(source, dict) else ():
                target.setdefault(k, v)
        for key, value in (("default", default), ("defaultRequest", request)):
            if value:
                item[key] = value


def _pvc(obj: dict) -> None:
    obj.setdefault("spec", {}).setdefault("volumeMode", "Filesystem")
    obj.setdefault("status", {}).setdefault("phase", "Pending")


DEFAULTERS: dict[str, Callable[[dict], None]] = {
    "Pod": _pod,
    "Deployment": _deployment,
    "ReplicaSet": _replicaset,
    "DaemonSet": _daemonset,
    "StatefulSet": _statefulset,
    "Job": _job,
    "CronJob": _cronjob,
    "Service": _service,
    "NetworkPolicy": _network_policy,
    "Namespace": _namespace,
    "Secret": _secret,
    "HorizontalPodAutoscaler": _hpa,
    "PersistentVolumeClaim": _pvc,
    "LimitRange": _limitrange,
    "PersistentVolume": storage.default_persistent_volume,
    "StorageClass": storage.default_storage_class,
    "PodTemplate": _template_holder,
    "PriorityClass": _priority_class,
    **rbac.DEFAULTERS,
}

# Propagation when the client names none (k8s.io/apiserver registry
# DefaultGarbageCollectionPolicy: apps/v1 and batch/v1 use background for
# REST callers; kubectl always sends background unless told otherwise).
DEFAULT_PROPAGATION: dict[str, str] = {}


def apply(kind: str, obj: dict) -> None:
    # Decoding comes first upstream: Quantities are canonical before defaulting copies them.
    quantity_fields.canonicalise(kind, obj)
    fn = DEFAULTERS.get(kind)
    if fn is not None:
        fn(obj)


# Registry strategy hooks that need the API server (allocators).
PREPARE_CREATE: dict[str, Callable] = {
    "Service": allocation.allocate_service,
    "PersistentVolume": storage.prepare_persistent_volume,
    "DaemonSet": daemonsets.prepare_for_create,
    "Ingress": _prepare_ingress,
    "Pod": _prepare_pod,
    "Job": jobs.prepare_for_create,
}
# Registry strategies' PrepareForUpdate, as (new, old), for writes that are not to a subresource.
PREPARE_UPDATE: dict[str, Callable] = {
    "DaemonSet": daemonsets.prepare_for_update,
}
# What decoding a request body into the internal type refuses beyond its JSON shape.
DECODE: dict[str, Callable] = {
    "DaemonSet": daemonsets.decode,
}
AFTER_DELETE: dict[str, Callable] = {
    "Service": allocation.release_service,
}
