"""statefulset-controller (kubernetes/kubernetes:pkg/controller/statefulset)."""
from clusters.controllers.statefulset.stateful_set import StatefulSetController

__all__ = ["StatefulSetController"]
