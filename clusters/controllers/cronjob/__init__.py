"""cronjob-controller (kubernetes/kubernetes:pkg/controller/cronjob)."""
from clusters.controllers.cronjob.cronjob_controllerv2 import CronJobController

__all__ = ["CronJobController"]
