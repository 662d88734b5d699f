"""gmtime, mktime, strftime, strptime (jq 1.6's broken-down time arrays) over the cluster's virtual
clock: ``now`` is the cluster's time, never the wall clock, and the console host runs in UTC."""

from __future__ import annotations

import calendar
import math
import time

from clusters.console.jq.evaluating import JqError
from clusters.console.jq.registry import NATIVES, cfunc


def _broken_down(t: float) -> list:
    tm = time.gmtime(math.floor(t))
    return [float(tm.tm_year), float(tm.tm_mon - 1), float(tm.tm_mday), float(tm.tm_hour), float(tm.tm_min),
            float(tm.tm_sec) + (t - math.floor(t)), float((tm.tm_wday + 1) % 7), float(tm.tm_yday - 1)]


def _struct(bt) -> time.struct_time:
    if not isinstance(bt, list) or len(bt) < 6 or not all(isinstance(x, float) for x in bt[:6]):
        raise JqError("mktime requires parsed datetime inputs")
    y, mo, d, h, mi, s = (int(x) for x in bt[:6])
    wday = int(bt[6]) if len(bt) > 6 and isinstance(bt[6], float) else 0
    yday = int(bt[7]) if len(bt) > 7 and isinstance(bt[7], float) else 0
    # the console host runs in UTC whatever TZ this process has, so %Z is "UTC" as on the host
    return time.struct_time((y, mo + 1, d, h, mi, s, (wday - 1) % 7, yday + 1, 0, "UTC", 0))


@cfunc("gmtime")
def _gmtime(interp, inp):
    if not isinstance(inp, float):
        raise JqError("gmtime() requires numeric inputs")
    return _broken_down(inp)


NATIVES["localtime/0"] = NATIVES["gmtime/0"]  # the console host runs in UTC


@cfunc("mktime")
def _mktime(interp, inp):
    if not isinstance(inp, list):
        raise JqError("mktime requires array inputs")
    return float(calendar.timegm(_struct(inp)))


@cfunc("strftime", 1)
def _strftime(interp, inp, fmt):
    if isinstance(inp, float):
        inp = _broken_down(inp)
    elif not isinstance(inp, list):
        raise JqError("strftime/1 requires parsed datetime inputs")
    if not isinstance(fmt, str):
        raise JqError("strftime/1 requires a string format")
    return time.strftime(fmt, _struct(inp))


NATIVES["strflocaltime/1"] = NATIVES["strftime/1"]


@cfunc("strptime", 1)
def _strptime(interp, inp, fmt):
    if not isinstance(inp, str):
        raise JqError(f"strptime/1 requires string inputs and arguments")
    try:
        tm = time.strptime(inp, fmt)
    except ValueError:
        raise JqError(f'date "{inp}" does not match format "{fmt}"') from None
    t = calendar.timegm(tm)
    return _broken_down(float(t))
