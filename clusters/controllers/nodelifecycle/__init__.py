"""Node lifecycle controller (pkg/controller/nodelifecycle)."""
from clusters.controllers.nodelifecycle.node_lifecycle_controller import NodeLifecycleController

__all__ = ["NodeLifecycleController"]
