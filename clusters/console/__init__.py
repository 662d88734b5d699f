"""The console language: a small shell around kubectl, etcdctl and sim."""
from __future__ import annotations

from clusters.console.kubectl.attaching import EOF
from clusters.console.shell import Console

__all__ = ["Console", "EOF"]
