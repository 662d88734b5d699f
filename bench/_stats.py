"""Shared helpers for benchmarks: percentiles and a floor measured in the same run."""
from __future__ import annotations

import json
import os
import platform as _platform
import statistics
import time


def percentile(values: list[float], p: float) -> float:
    s = sorted(values)
    if not s:
        return float("nan")
    k = max(0, min(len(s) - 1, int(round(p / 100.0 * (len(s) - 1)))))
    return s[k]


def summary(values: list[float]) -> dict:
    return {"n": len(values), "median": statistics.median(values), "p99": percentile(values, 99), "max": max(values)}


def machine() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            model = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "?")
    except OSError:
        model = "?"
    return f"{os.cpu_count()} cores, {model}, Python {_platform.python_version()}"


def timed(fn, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def report(name: str, result: dict, path: str | None = None) -> None:
    print(json.dumps({"bench": name, **result}, indent=None, default=str))
    if path:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            json.dump({"bench": name, "machine": machine(), **result}, f, indent=2, default=str)
