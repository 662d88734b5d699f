"""Helpers for the ReplicaSet controller tests.

The placeholder kubelet marks pods Running without a Ready condition, so
``ready(cluster)`` plays the kubelet's readiness part: every Running pod gets
Ready=True (podutil.IsPodReady reads only that condition).
"""
from clusters import Cluster, ClusterSpec, objects


def ready(cluster, pods=None) -> int:
    n = 0
    for pod in pods if pods is not None else cluster.api.list("pods"):
        st = pod.get("status") or {}
        if st.get("phase") != "Running" or pod["metadata"].get("deletionTimestamp"):
            continue
        if any(c.get("type") == "Ready" and c.get("status") == "True" for c in st.get("conditions") or ()):
            continue
        new = objects.clone(pod)
        conds = [c for c in new["status"].get("conditions") or () if c.get("type") not in ("Ready", "ContainersReady")]
        ts = cluster.api.timestamp()
        conds += [{"type": "ContainersReady", "status": "True", "lastTransitionTime": ts},
                  {"type": "Ready", "status": "True", "lastTransitionTime": ts}]
        new["status"]["conditions"] = conds
        cluster.api.update_status("pods", new, actor="kubelet")
        n += 1
    cluster.settle()
    return n


def replica_set(name="web", replicas=3, labels=None, **spec):
    labels = labels or {"app": name}
    body = {"replicas": replicas, "selector": {"matchLabels": dict(labels)},
            "template": {"metadata": {"labels": dict(labels)},
                         "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}]}}}
    body.update(spec)
    return {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": name, "namespace": "default"}, "spec": body}
