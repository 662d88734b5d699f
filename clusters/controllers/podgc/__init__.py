"""The pod garbage collector (pkg/controller/podgc): orphaned, terminated and stuck pods."""
from clusters.controllers.podgc.gc_controller import GC_CHECK_PERIOD, QUARANTINE_TIME, PodGCController

__all__ = ["GC_CHECK_PERIOD", "PodGCController", "QUARANTINE_TIME"]
