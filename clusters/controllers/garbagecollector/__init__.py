"""garbage-collector-controller (kubernetes/kubernetes:pkg/controller/garbagecollector)."""
from clusters.controllers.garbagecollector.garbagecollector import GarbageCollector

__all__ = ["GarbageCollector"]
