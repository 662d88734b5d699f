"""What the DaemonSet controller asks of one node and one pod, after kubernetes/kubernetes:
pkg/controller/daemon/util/daemonset_util.go and daemon_controller.go (NodeShouldRunDaemonPod,
podByCreationTimestampAndPhase).

Each daemon pod is pinned to its node by a required node affinity on
``metadata.name`` (ReplaceDaemonSetPodNodeNameNodeAffinity) and gets the
daemon tolerations (AddOrUpdateDaemonPodTolerations), so a cordoned or
not-ready node keeps its daemons. A pod is *updated* when its
``controller-revision-hash`` is the current revision's hash, or its
``pod-template-generation`` the DaemonSet's template generation (IsPodUpdated).
"""
from __future__ import annotations

from clusters import objects
from clusters.controllers import history
from clusters.strings import isdigits

# extensions.DaemonSetTemplateGenerationKey, a pod label
TEMPLATE_GENERATION_LABEL = "pod-template-generation"
# apps.DeprecatedTemplateGeneration, a DaemonSet annotation the API server's DaemonSet strategy keeps
TEMPLATE_GENERATION_ANNOTATION = "deprecated.daemonset.template.generation"
# AddOrUpdateDaemonPodTolerations
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
    (GetTargetNodeName); "" if neither."""
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


def scheduling_spec(template_spec: dict) -> dict:
    """The pod spec NodeShouldRunDaemonPod tests (NewPod): the template's, with the daemon
    tolerations and without the per-node pin, which its own node always satisfies."""
    spec = dict(template_spec)
    spec["tolerations"] = _with_daemon_tolerations(template_spec)
    return spec


def node_should_run(spec: dict, node: dict) -> tuple[bool, bool]:
    """NodeShouldRunDaemonPod: (shouldRun, shouldContinueRunning) for a ``scheduling_spec``.

    A node the pod does not fit by name, selector or required node affinity
    runs nothing; a taint the pod does not tolerate stops new pods, and only
    an untolerated NoExecute taint also removes the one already there.
    """
    name = node["metadata"]["name"]
    if spec.get("nodeName") and spec["nodeName"] != name:
        return False, False
    labels = node["metadata"].get("labels") or {}
    for k, v in (spec.get("nodeSelector") or {}).items():
        if labels.get(k) != v:
            return False, False
    req = (((spec.get("affinity") or {}).get("nodeAffinity") or {})
           .get("requiredDuringSchedulingIgnoredDuringExecution") or {})
    terms = req.get("nodeSelectorTerms") or []
    if terms and not any(all(_match_expr(e, labels) for e in term.get("matchExpressions") or ())
                         and all(_match_expr(e, {"metadata.name": name}) for e in term.get("matchFields") or ())
                         for term in terms):
        return False, False
    taints = (node.get("spec") or {}).get("taints")
    if not taints:
        return True, True
    tols = spec.get("tolerations") or ()
    untolerated = [t for t in taints if t.get("effect") in ("NoSchedule", "NoExecute")
                   and not objects.tolerated(tols, t)]
    if not untolerated:
        return True, True
    return False, not any(t.get("effect") == "NoExecute" for t in untolerated)


def _with_daemon_tolerations(spec: dict) -> list[dict]:
    tols = list(spec.get("tolerations") or [])
    extra = list(DAEMON_TOLERATIONS) + ([HOST_NETWORK_TOLERATION] if spec.get("hostNetwork") else [])
    for t in extra:
        if not any(x.get("key") == t["key"] and x.get("effect") == t["effect"] for x in tols):
            tols.append(dict(t))
    return tols


def pod_template(ds: dict, generation: str | None, h: str) -> dict:
    """CreatePodTemplate: the DaemonSet's template with the daemon tolerations and the
    pod-template-generation and controller-revision-hash labels."""
    tmpl = objects.clone(ds["spec"]["template"])
    spec = tmpl.setdefault("spec", {})
    spec["tolerations"] = _with_daemon_tolerations(spec)
    labels = tmpl.setdefault("metadata", {}).setdefault("labels", {})
    if generation is not None:
        labels[TEMPLATE_GENERATION_LABEL] = generation
    if h:
        labels[history.REVISION_HASH_LABEL] = h
    return tmpl


def pin_to_node(spec: dict, node_name: str) -> dict:
    """ReplaceDaemonSetPodNodeNameNodeAffinity: the required node affinity becomes one term
    matching the node's metadata.name (``spec`` is changed and returned)."""
    aff = spec.get("affinity") or {}
    spec["affinity"] = aff
    na = aff.get("nodeAffinity") or {}
    aff["nodeAffinity"] = na
    na["requiredDuringSchedulingIgnoredDuringExecution"] = {"nodeSelectorTerms": [{"matchFields": [
        {"key": "metadata.name", "operator": "In", "values": [node_name]}]}]}
    return spec


def template_generation(ds: dict) -> str | None:
    """GetTemplateGeneration: the deprecated.daemonset.template.generation annotation, which the
    API server writes on every DaemonSet (clusters.apiserver.daemonsets); None when it is
    missing or not a number, and then pods are matched by their revision hash alone."""
    ann = (ds["metadata"].get("annotations") or {}).get(TEMPLATE_GENERATION_ANNOTATION)
    if ann is None:
        return None
    digits = ann[1:] if ann[:1] in ("+", "-") else ann
    return str(int(ann)) if isdigits(digits) else None


def is_pod_updated(pod: dict, h: str, generation: str | None) -> bool:
    """IsPodUpdated: the pod carries the current hash, or the current template generation."""
    labels = pod["metadata"].get("labels") or {}
    return bool(h) and labels.get(history.REVISION_HASH_LABEL) == h or \
        generation is not None and labels.get(TEMPLATE_GENERATION_LABEL) == generation


def creation_order(pod: dict) -> tuple:
    """podByCreationTimestampAndPhase: scheduled pods first, then oldest, then by name."""
    m = pod["metadata"]
    return (0 if pod["spec"].get("nodeName") else 1, m.get("creationTimestamp") or "", m["name"])


def is_terminal(pod: dict) -> bool:
    """podutil.IsPodTerminal."""
    return (pod.get("status") or {}).get("phase") in ("Failed", "Succeeded")
