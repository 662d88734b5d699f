"""The ResourceQuota controller (kube-controller-manager "resourcequota-controller")."""
from clusters.controllers.resourcequota.resource_quota_controller import RESYNC_PERIOD, ResourceQuotaController

__all__ = ["RESYNC_PERIOD", "ResourceQuotaController"]
