"""The kubelet's two back-offs (clusters.flowcontrol.Backoff, no jitter): container restarts
(10 s → 300 s, kubelet.go containerBackOffPeriod / MaxContainerBackOff) keyed by
pod and container, and image pulls (10 s → 300 s, imageBackOffPeriod /
MaxImageBackOff) keyed by "<podUID>_<image>".
"""
from __future__ import annotations

from clusters.flowcontrol import Backoff

__all__ = ["Backoff"]

CONTAINER_BACKOFF_INITIAL = 10.0
CONTAINER_BACKOFF_MAX = 300.0
IMAGE_BACKOFF_INITIAL = 10.0
IMAGE_BACKOFF_MAX = 300.0
