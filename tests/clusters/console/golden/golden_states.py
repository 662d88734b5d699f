"""Prepared cluster states the golden corpus runs commands against.

- ``fresh``: the default cluster (3 workers + control plane, add-ons), settled.
- ``objects``: no add-ons; objects created straight through the API that no
  controller rewrites (config, services without selectors, quota, limits,
  storage, networking, scheduling), so their printed form depends only on
  the printers.
"""
from __future__ import annotations

from clusters import Cluster, ClusterSpec

OBJECTS = [
    {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "dev", "labels": {"team": "blue"}}},
    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "app-config", "namespace": "default", "labels": {"app": "web"}},
     "data": {"LOG_LEVEL": "debug", "config.yaml": "port: 8080\nmode: fast\n"}},
    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "empty", "namespace": "default"}},
    {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db-pass", "namespace": "default"}, "type": "Opaque",
     "data": {"password": "czNjcjN0", "user": "YWRtaW4="}},
    {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "tls", "namespace": "dev"}, "type": "kubernetes.io/tls",
     "data": {"tls.crt": "Y2VydA==", "tls.key": "a2V5"}},
    {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "ext", "namespace": "default"},
     "spec": {"type": "ExternalName", "externalName": "db.example.com"}},
    {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "np", "namespace": "default", "labels": {"app": "np"}},
     "spec": {"type": "NodePort", "ports": [{"name": "http", "port": 80, "targetPort": 8080, "nodePort": 30080},
                                            {"name": "https", "port": 443, "targetPort": 8443, "nodePort": 30443}]}},
    {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "lb", "namespace": "default"},
     "spec": {"type": "LoadBalancer", "ports": [{"port": 80, "nodePort": 31234}]}},
    {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "headless", "namespace": "dev"},
     "spec": {"clusterIP": "None", "ports": [{"port": 5432, "protocol": "TCP"}]}},
    {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "compute", "namespace": "dev"},
     "spec": {"hard": {"requests.cpu": "2", "requests.memory": "2Gi", "limits.cpu": "4", "pods": "10"}}},
    {"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "defaults", "namespace": "dev"},
     "spec": {"limits": [{"type": "Container", "default": {"cpu": "500m", "memory": "256Mi"},
                          "defaultRequest": {"cpu": "100m", "memory": "128Mi"}, "max": {"cpu": "1"}}]}},
    {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "builder", "namespace": "dev"}},
    {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": {"name": "high"}, "value": 1000000,
     "globalDefault": False, "description": "for important pods"},
    {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
     "metadata": {"name": "standard", "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}},
     "provisioner": "rancher.io/local-path", "reclaimPolicy": "Delete", "volumeBindingMode": "WaitForFirstConsumer"},
    {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "deny-all", "namespace": "dev"},
     "spec": {"podSelector": {}, "policyTypes": ["Ingress"]}},
    {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "allow-web", "namespace": "dev"},
     "spec": {"podSelector": {"matchLabels": {"app": "web"}}, "policyTypes": ["Ingress"]}},
    {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web", "namespace": "default"},
     "spec": {"ingressClassName": "nginx", "rules": [{"host": "web.example.com", "http": {"paths": [
         {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "np", "port": {"number": 80}}}}]}}]}},
    {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "web-pdb", "namespace": "default"},
     "spec": {"minAvailable": 2, "selector": {"matchLabels": {"app": "web"}}}},
]


def fresh() -> Cluster:
    return Cluster(seed=0)


def objects() -> Cluster:
    return Cluster(ClusterSpec(addons=False, nodes=2, manifests=OBJECTS, settle=120.0), seed=0)


STATES = {"fresh": fresh, "objects": objects}
