"""replicaset-controller (kubernetes/kubernetes:pkg/controller/replicaset)."""
from clusters.controllers.replicaset.replica_set import BURST_REPLICAS, ReplicaSetController

__all__ = ["BURST_REPLICAS", "ReplicaSetController"]
