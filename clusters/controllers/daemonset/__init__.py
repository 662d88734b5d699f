"""daemonset-controller (kubernetes/kubernetes:pkg/controller/daemon)."""
from clusters.controllers.daemonset.daemon_controller import DaemonSetsController

__all__ = ["DaemonSetsController"]
