"""deployment-controller (kubernetes/kubernetes:pkg/controller/deployment), plus the rollout
history and undo that kubectl computes client-side (``history.py``)."""
from clusters.controllers.deployment.deployment_controller import DeploymentController
from clusters.controllers.deployment.history import RollbackError, rollback, rollout_history

__all__ = ["DeploymentController", "RollbackError", "rollback", "rollout_history"]
