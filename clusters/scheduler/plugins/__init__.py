"""The default plugins, in the order of pkg/scheduler/apis/config/v1/default_plugins.go.

Filters run in this order and a node's verdict is the first failure
(runAllFilters is false). Score weights: TaintToleration 3, NodeAffinity 2,
PodTopologySpread 2, InterPodAffinity 2, NodeResourcesFit 1,
NodeResourcesBalancedAllocation 1, ImageLocality 1.
"""
from __future__ import annotations

from clusters.scheduler.plugins.balanced_allocation import BalancedAllocation
from clusters.scheduler.plugins.default_preemption import DefaultPreemption
from clusters.scheduler.plugins.image_locality import ImageLocality
from clusters.scheduler.plugins.inter_pod_affinity import InterPodAffinity
from clusters.scheduler.plugins.node_affinity import NodeAffinity
from clusters.scheduler.plugins.node_name import NodeName
from clusters.scheduler.plugins.node_ports import NodePorts
from clusters.scheduler.plugins.node_resources_fit import NodeResourcesFit
from clusters.scheduler.plugins.node_unschedulable import NodeUnschedulable
from clusters.scheduler.plugins.pod_topology_spread import PodTopologySpread
from clusters.scheduler.plugins.taint_toleration import TaintToleration
from clusters.scheduler.plugins.volume_binding import VolumeBinding

FILTER_PLUGINS = (NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit,
                  VolumeBinding, PodTopologySpread, InterPodAffinity)
SCORE_PLUGINS = (TaintToleration, NodeAffinity, NodeResourcesFit, PodTopologySpread, InterPodAffinity,
                 BalancedAllocation, ImageLocality)

__all__ = ["FILTER_PLUGINS", "SCORE_PLUGINS", "DefaultPreemption", "VolumeBinding"]
