"""Wall time to virtual time.

The cluster core never reads the wall clock; the host decides how its virtual
time follows ours. A cluster's clock runs at `speed` while a console is
connected and stops when the last one leaves, so a learner coming back days
later finds the cluster as they left it rather than days of heartbeats later.
"""
from __future__ import annotations

import time


def virtual_now(*, virtual_base: float, wall_base: float | None, speed: float, wall: float | None = None) -> float:
    if wall_base is None:
        return virtual_base
    wall = time.time() if wall is None else wall
    return virtual_base + max(0.0, wall - wall_base) * speed


def wall_delay(*, virtual_target: float, virtual_now: float, speed: float) -> float:
    """Wall seconds until the clock reaches `virtual_target` (infinite when paused)."""
    if speed <= 0:
        return float("inf")
    return max(0.0, (virtual_target - virtual_now) / speed)
