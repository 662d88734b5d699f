"""The horizontal pod autoscaler controller (kube-controller-manager "horizontal-pod-autoscaler")."""
from clusters.controllers.hpa.horizontal import DOWNSCALE_STABILIZATION, SYNC_PERIOD, HorizontalController

__all__ = ["DOWNSCALE_STABILIZATION", "HorizontalController", "SYNC_PERIOD"]
