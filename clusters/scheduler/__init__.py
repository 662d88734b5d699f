"""kube-scheduler: the scheduling framework with upstream's default plugins."""
from clusters.scheduler.scheduler import Scheduler

__all__ = ["Scheduler"]
