"""The EndpointSlice controller (kube-controller-manager "endpointslice-controller")."""
from clusters.controllers.endpointslice.endpointslice_controller import MAX_ENDPOINTS_PER_SLICE, EndpointSliceController
from clusters.controllers.endpointslice.reconciler import CONTROLLER_NAME, LABEL_MANAGED_BY, LABEL_SERVICE_NAME

__all__ = ["EndpointSliceController", "MAX_ENDPOINTS_PER_SLICE", "CONTROLLER_NAME", "LABEL_MANAGED_BY", "LABEL_SERVICE_NAME"]
