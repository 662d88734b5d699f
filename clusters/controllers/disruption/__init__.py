"""The disruption controller (pkg/controller/disruption): PodDisruptionBudget status."""
from clusters.controllers.disruption.disruption import DELETION_TIMEOUT, DisruptionController

__all__ = ["DELETION_TIMEOUT", "DisruptionController"]
