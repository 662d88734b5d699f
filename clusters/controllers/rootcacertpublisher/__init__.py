"""root-ca-cert-publisher (kubernetes/kubernetes:pkg/controller/certificates/rootcacertpublisher)."""
from clusters.controllers.rootcacertpublisher.publisher import RootCACertPublisher

__all__ = ["RootCACertPublisher"]
