"""kube-controller-manager: one folder per controller, all on ``base.Controller``.

``CONTROLLERS`` lists them in the order they start; each entry is
"module:Class" under ``clusters.controllers`` so that a controller is added by
adding its folder and one line here.
"""
from __future__ import annotations

import importlib

CONTROLLERS: list[str] = [
    "replicaset:ReplicaSetController",
    "deployment:DeploymentController",
    "garbagecollector:GarbageCollector",
    "namespace:NamespaceController",
    "serviceaccount:ServiceAccountsController",
    "serviceaccount:TokensController",
    "rootcacertpublisher:RootCACertPublisher",
    "clusterroleaggregation:ClusterRoleAggregationController",
    "job:JobController",
    "cronjob:CronJobController",
    "daemonset:DaemonSetsController",
    "statefulset:StatefulSetController",
    "endpoints:EndpointsController",
    "endpointslice:EndpointSliceController",
    "hpa:HorizontalController",
    "resourcequota:ResourceQuotaController",
    "nodelifecycle:NodeLifecycleController",
    "tainteviction:TaintEvictionController",
    "disruption:DisruptionController",
    "podgc:PodGCController",
    "volume:PersistentVolumeController",
    "volume:PVCProtectionController",
    "volume:PVProtectionController",
    "volume:LocalPathProvisioner",
]


def start_controllers(cluster) -> dict:
    out = {}
    for entry in CONTROLLERS:
        mod, _, cls = entry.partition(":")
        controller = getattr(importlib.import_module(f"clusters.controllers.{mod}"), cls)(cluster)
        controller.start()
        out[controller.name] = controller
    return out
