"""clusterrole-aggregation-controller (kubernetes/kubernetes:pkg/controller/clusterroleaggregation)."""
from clusters.controllers.clusterroleaggregation.aggregation import ClusterRoleAggregationController

__all__ = ["ClusterRoleAggregationController"]
