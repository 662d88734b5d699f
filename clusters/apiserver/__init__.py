"""The simulated kube-apiserver: resources, defaulting, validation, admission, storage."""
from clusters.apiserver.errors import StatusError
from clusters.apiserver.resources import Resource
from clusters.apiserver.server import APIServer, Client

__all__ = ["APIServer", "Client", "Resource", "StatusError"]
