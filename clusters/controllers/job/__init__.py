"""job-controller (kubernetes/kubernetes:pkg/controller/job)."""
from clusters.controllers.job.job_controller import JobController

__all__ = ["JobController"]
