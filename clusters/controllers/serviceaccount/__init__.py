"""serviceaccount-controller (kubernetes/kubernetes:pkg/controller/serviceaccount)."""
from clusters.controllers.serviceaccount.serviceaccounts_controller import ServiceAccountsController

__all__ = ["ServiceAccountsController"]
