"""Virtual time as Kubernetes prints it.

A cluster's virtual second 0 is ``ClusterSpec.start`` in UTC; timestamps are
RFC 3339 with second precision, as metav1.Time marshals them.
"""
from __future__ import annotations

import calendar
import time as _time
from clusters.strings import isdigits


def parse_rfc3339(s: str) -> float:
    s = s.rstrip("Z")
    if "." in s:
        s, frac = s.split(".", 1)
        extra = float("0." + frac.rstrip("Z"))
    else:
        extra = 0.0
    return calendar.timegm(_time.strptime(s, "%Y-%m-%dT%H:%M:%S")) + extra


_last_rfc3339: list = [None, ""]


def rfc3339(epoch_seconds: float) -> str:
    # Objects written in the same second share one string: a 30,000-pod cluster
    # stamps hundreds of thousands of timestamps, most of them equal.
    whole = int(epoch_seconds)
    last = _last_rfc3339
    if last[0] != whole:
        last[1] = _time.strftime("%Y-%m-%dT%H:%M:%SZ", _time.gmtime(whole))
        last[0] = whole
    return last[1]


def rfc3339_nano(epoch_seconds: float) -> str:
    """Go's time.RFC3339Nano in UTC: nanoseconds with their trailing zeros dropped (none when whole)."""
    whole = int(epoch_seconds)
    nanos = int(round((epoch_seconds - whole) * 1_000_000_000))
    if nanos >= 1_000_000_000:
        whole, nanos = whole + 1, nanos - 1_000_000_000
    frac = f".{nanos:09d}".rstrip("0") if nanos else ""
    return _time.strftime("%Y-%m-%dT%H:%M:%S", _time.gmtime(whole)) + frac + "Z"


def rfc3339_micro(epoch_seconds: float) -> str:
    """metav1.MicroTime, used by Leases and events.k8s.io."""
    whole = int(epoch_seconds)
    micros = int(round((epoch_seconds - whole) * 1_000_000))
    if micros >= 1_000_000:
        whole, micros = whole + 1, micros - 1_000_000
    return _time.strftime("%Y-%m-%dT%H:%M:%S", _time.gmtime(whole)) + f".{micros:06d}Z"


def human_duration(d: float) -> str:
    """k8s.io/apimachinery/pkg/util/duration/duration.go HumanDuration."""
    seconds = int(d)
    if seconds < -1:
        return "<invalid>"
    if seconds < 0:
        return "0s"
    if seconds < 60 * 2:
        return f"{seconds}s"
    minutes = seconds // 60
    if minutes < 10:
        s = seconds % 60
        return f"{minutes}m" if s == 0 else f"{minutes}m{s}s"
    if minutes < 60 * 3:
        return f"{minutes}m"
    hours = minutes // 60
    if hours < 8:
        m = minutes % 60
        return f"{hours}h" if m == 0 else f"{hours}h{m}m"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        h = hours % 24
        return f"{hours // 24}d" if h == 0 else f"{hours // 24}d{h}h"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        dy = (hours // 24) % 365
        return f"{hours // 24 // 365}y" if dy == 0 else f"{hours // 24 // 365}y{dy}d"
    return f"{hours // 24 // 365}y"


def short_human_duration(d: float) -> str:
    """duration.go ShortHumanDuration."""
    seconds = int(d)
    if seconds < -1:
        return "<invalid>"
    if seconds < 0:
        return "0s"
    if seconds < 60:
        return f"{seconds}s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes}m"
    hours = minutes // 60
    if hours < 24:
        return f"{hours}h"
    if hours < 24 * 365:
        return f"{hours // 24}d"
    return f"{hours // 24 // 365}y"


def go_duration(seconds: float) -> str:
    """time.Duration.String() for whole and fractional seconds (e.g. 5m0s, 1.5s, 300ms)."""
    if seconds == 0:
        return "0s"
    neg = seconds < 0
    seconds = abs(seconds)
    if seconds < 1:
        ms = seconds * 1000
        if ms >= 1:
            s = f"{ms:.6f}".rstrip("0").rstrip(".") + "ms"
        else:
            s = f"{seconds * 1e6:.3f}".rstrip("0").rstrip(".") + "µs"
        return ("-" if neg else "") + s
    h = int(seconds // 3600)
    m = int((seconds % 3600) // 60)
    sec = seconds - h * 3600 - m * 60
    sec_s = f"{sec:.9f}".rstrip("0").rstrip(".")
    out = ""
    if h:
        out += f"{h}h"
    if h or m:
        out += f"{m}m"
    out += f"{sec_s}s"
    return ("-" if neg else "") + out


_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}


def parse_go_duration(text: str) -> float:
    """time.ParseDuration ("1h30m", "90s", "2.5m"); raises ValueError in Go's words."""
    s = text.strip()
    orig = s
    if not s:
        raise ValueError(f'time: invalid duration "{orig}"')
    sign = 1
    if s[0] in "+-":
        sign = -1 if s[0] == "-" else 1
        s = s[1:]
    if s == "0":
        return 0.0
    total = 0.0
    while s:
        i = 0
        while i < len(s) and (isdigits(s[i]) or s[i] == "."):
            i += 1
        if i == 0:
            raise ValueError(f'time: invalid duration "{orig}"')
        num = float(s[:i])
        s = s[i:]
        j = 0
        while j < len(s) and not (isdigits(s[j]) or s[j] == "."):
            j += 1
        unit = s[:j]
        s = s[j:]
        if not unit:
            raise ValueError(f'time: missing unit in duration "{orig}"')
        if unit not in _UNITS:
            raise ValueError(f'time: unknown unit "{unit}" in duration "{orig}"')
        total += num * _UNITS[unit]
    return sign * total
