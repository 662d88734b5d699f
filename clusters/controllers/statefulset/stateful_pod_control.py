"""Pod identity, storage and the pod/claim writes, after kubernetes/kubernetes:pkg/controller/statefulset/
stateful_set_utils.go and stateful_pod_control.go.

A StatefulSet pod is ``<set>-<ordinal>``: labels
``statefulset.kubernetes.io/pod-name`` and ``apps.kubernetes.io/pod-index``
(PodIndexLabel, on by default since 1.28), ``spec.hostname`` = its name and
``spec.subdomain`` = ``spec.serviceName`` (initIdentity), and a volume per
``volumeClaimTemplates`` entry bound to claim ``<template>-<set>-<ordinal>``
(updateStorage). Claims are created before the pod and never deleted here
(persistentVolumeClaimRetentionPolicy Retain, the default).
"""
from __future__ import annotations

import re

from clusters import objects
from clusters.apiserver import errors
from clusters.controllers import controller_utils as cu
from clusters.controllers import history

POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name"  # apps.StatefulSetPodNameLabel
POD_INDEX_LABEL = "apps.kubernetes.io/pod-index"  # apps.PodIndexLabel
_STATEFUL_POD = re.compile(r"^(.*)-([0-9]+)$")


def parent_and_ordinal(pod: dict) -> tuple[str, int]:
    """getParentNameAndOrdinal: ("", -1) when the name is not ``<parent>-<n>``."""
    m = _STATEFUL_POD.match(pod["metadata"]["name"])
    if not m:
        return "", -1
    return m.group(1), int(m.group(2))


def ordinal(pod: dict) -> int:
    return parent_and_ordinal(pod)[1]


def is_member_of(sts: dict, pod: dict) -> bool:
    return parent_and_ordinal(pod)[0] == sts["metadata"]["name"]


def start_ordinal(sts: dict) -> int:
    """getStartOrdinal: spec.ordinals.start (StatefulSetStartOrdinal, GA in 1.31)."""
    return ((sts["spec"].get("ordinals") or {}).get("start")) or 0


def end_ordinal(sts: dict) -> int:
    return start_ordinal(sts) + sts["spec"].get("replicas", 1) - 1


def claim_name(sts: dict, template_name: str, n: int) -> str:
    """getPersistentVolumeClaimName: ``<claim>-<set>-<ordinal>``."""
    return f"{template_name}-{sts['metadata']['name']}-{n}"


def claims_for(sts: dict, n: int) -> list[dict]:
    """getPersistentVolumeClaims: each template, named for the pod, labelled with the selector's matchLabels."""
    out = []
    match = ((sts["spec"].get("selector") or {}).get("matchLabels")) or {}
    for t in sts["spec"].get("volumeClaimTemplates") or ():
        claim = objects.clone(t)
        meta = claim.setdefault("metadata", {})
        meta.pop("creationTimestamp", None)
        tname = meta.get("name", "")
        meta["name"] = claim_name(sts, tname, n)
        meta["namespace"] = sts["metadata"]["namespace"]
        labels = dict(meta.get("labels") or {})
        labels.update(match)
        if labels:
            meta["labels"] = labels
        claim["apiVersion"] = "v1"
        claim["kind"] = "PersistentVolumeClaim"
        claim.pop("status", None)
        out.append((tname, claim))
    return out


def new_pod(sts: dict, template: dict, n: int, revision: str) -> dict:
    """newStatefulSetPod + setPodRevision: template, identity, storage, revision label."""
    pod = cu.pod_from_template(template, sts, cu.controller_ref(sts))
    name = f"{sts['metadata']['name']}-{n}"
    m = pod["metadata"]
    m["name"] = name
    m["labels"][POD_NAME_LABEL] = name
    m["labels"][POD_INDEX_LABEL] = str(n)
    m["labels"][history.REVISION_HASH_LABEL] = revision
    spec = pod["spec"]
    spec["hostname"] = name
    if sts["spec"].get("serviceName"):
        spec["subdomain"] = sts["spec"]["serviceName"]
    vols = list(spec.get("volumes") or [])
    for tname, claim in claims_for(sts, n):
        vols = [v for v in vols if v.get("name") != tname]
        vols.append({"name": tname, "persistentVolumeClaim": {"claimName": claim["metadata"]["name"]}})
    if vols:
        spec["volumes"] = vols
    return pod


def pod_revision(pod: dict) -> str:
    return (pod["metadata"].get("labels") or {}).get(history.REVISION_HASH_LABEL, "")


# -- writes with their events (StatefulPodControl, recordPodEvent / recordClaimEvent) ----------

def create_claims(controller, sts: dict, pod_name: str, n: int) -> None:
    """createPersistentVolumeClaims: create each missing claim."""
    ns = sts["metadata"]["namespace"]
    for _, claim in claims_for(sts, n):
        if controller.api.try_get("persistentvolumeclaims", claim["metadata"]["name"], ns) is not None:
            continue
        try:
            controller.client.create("persistentvolumeclaims", claim, ns)
        except errors.StatusError as e:
            if e.code == 409:
                continue
            controller.recorder.event(sts, "Warning", "FailedCreate",
                                      f"create Claim {claim['metadata']['name']} for Pod {pod_name} in StatefulSet "
                                      f"{sts['metadata']['name']} failed error: {e.message}")
            raise
        controller.recorder.event(sts, "Normal", "SuccessfulCreate",
                                  f"create Claim {claim['metadata']['name']} Pod {pod_name} in StatefulSet "
                                  f"{sts['metadata']['name']} success")


def create_pod(controller, sts: dict, pod: dict) -> None:
    """CreateStatefulPod: claims first, then the pod."""
    name = pod["metadata"]["name"]
    create_claims(controller, sts, name, ordinal(pod))
    try:
        controller.client.create("pods", pod, sts["metadata"]["namespace"])
    except errors.StatusError as e:
        if e.code == 409 and e.reason == "AlreadyExists":
            return
        if not cu.namespace_terminating(e):
            controller.recorder.event(sts, "Warning", "FailedCreate",
                                      f"create Pod {name} in StatefulSet {sts['metadata']['name']} failed error: {e.message}")
        raise
    controller.recorder.event(sts, "Normal", "SuccessfulCreate",
                              f"create Pod {name} in StatefulSet {sts['metadata']['name']} successful")


def delete_pod(controller, sts: dict, pod: dict) -> None:
    """DeleteStatefulPod."""
    m = pod["metadata"]
    try:
        controller.client.delete("pods", m["name"], m["namespace"])
    except errors.StatusError as e:
        if e.code == 404:
            return
        controller.recorder.event(sts, "Warning", "FailedDelete",
                                  f"delete Pod {m['name']} in StatefulSet {sts['metadata']['name']} failed error: {e.message}")
        raise
    controller.recorder.event(sts, "Normal", "SuccessfulDelete",
                              f"delete Pod {m['name']} in StatefulSet {sts['metadata']['name']} successful")
