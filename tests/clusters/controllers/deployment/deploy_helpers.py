"""Helpers for the Deployment controller tests.

The placeholder kubelet marks pods Running without a Ready condition;
``Readiness`` plays the kubelet's readiness part: a Running pod turns Ready
``delay`` virtual seconds later (podutil.IsPodReady reads only that condition).
"""
from clusters import Cluster, ClusterSpec, objects
from clusters.controllers.base import Controller, key_of, split_key


class Readiness(Controller):
    name = "kubelet"

    def __init__(self, cluster, delay=2.0):
        super().__init__(cluster)
        self.delay = delay

    def start(self):
        self.cluster.informers.on("pods", update=self._updated)

    def _updated(self, old, pod):
        if (pod.get("status") or {}).get("phase") == "Running" and not _is_ready(pod):
            self.enqueue_after(key_of(pod), self.delay)

    def sync(self, key):
        ns, name = split_key(key)
        pod = self.api.try_get("pods", name, ns)
        if pod is None or _is_ready(pod) or pod["metadata"].get("deletionTimestamp"):
            return None
        new = objects.clone(pod)
        ts = self.api.timestamp()
        conds = [c for c in new["status"].get("conditions") or () if c.get("type") not in ("Ready", "ContainersReady")]
        conds += [{"type": "ContainersReady", "status": "True", "lastTransitionTime": ts},
                  {"type": "Ready", "status": "True", "lastTransitionTime": ts}]
        new["status"]["conditions"] = conds
        self.client.update_status("pods", new)
        return None


def _is_ready(pod):
    return any(c.get("type") == "Ready" and c.get("status") == "True" for c in (pod.get("status") or {}).get("conditions") or ())


def deployment(name="web", replicas=3, image="nginx:1.27", **spec):
    body = {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}},
                         "spec": {"containers": [{"name": name, "image": image}]}}}
    body.update(spec)
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "namespace": "default"}, "spec": body}
