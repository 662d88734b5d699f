"""serviceaccount-controller and the tokens controller (kubernetes/kubernetes:pkg/controller/serviceaccount)."""
from clusters.controllers.serviceaccount.serviceaccounts_controller import ServiceAccountsController
from clusters.controllers.serviceaccount.tokens_controller import TokensController

__all__ = ["ServiceAccountsController", "TokensController"]
