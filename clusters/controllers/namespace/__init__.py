"""namespace-controller (kubernetes/kubernetes:pkg/controller/namespace)."""
from clusters.controllers.namespace.namespace_controller import NamespaceController

__all__ = ["NamespaceController"]
