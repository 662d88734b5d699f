"""The endpoints controller (kube-controller-manager "endpoint-controller")."""
from clusters.controllers.endpoints.endpoints_controller import MAX_CAPACITY, EndpointsController

__all__ = ["EndpointsController", "MAX_CAPACITY"]
