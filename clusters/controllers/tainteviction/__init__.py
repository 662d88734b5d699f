"""Taint eviction controller (pkg/controller/tainteviction)."""
from clusters.controllers.tainteviction.taint_eviction import TaintEvictionController

__all__ = ["TaintEvictionController"]
