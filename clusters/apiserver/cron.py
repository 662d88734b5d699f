"""Cron schedules, a port of github.com/robfig/cron/v3 (parser.go, spec.go, constantdelay.go).

kube-apiserver validates ``CronJob.spec.schedule`` with ``cron.ParseStandard``
(pkg/apis/batch/validation/validation.go validateScheduleFormat) and the
CronJob controller computes run times with the same library
(pkg/controller/cronjob/utils.go), so both import this module.

- ``parse_standard(spec, tz=None)``: five fields (minute hour dom month dow),
  ``*``/``?``, ranges ``1-5``, lists ``1,3``, steps ``*/5`` and ``10/5``
  (= ``10-max/5``), names ``jan``…``dec`` and ``sun``…``sat`` in any case,
  descriptors ``@yearly``/``@annually``/``@monthly``/``@weekly``/``@daily``/
  ``@midnight``/``@hourly`` and ``@every <Go duration>``. Errors are
  ``CronError`` with robfig/cron's own words ("expected exactly 5 fields,
  found 1: [foo]", "end of range (61) above maximum (59): 61" …).
- ``Schedule.next(epoch)``: the first activation strictly after ``epoch``
  (whole seconds), or None when none falls within five years (robfig returns
  the zero time).

Time zones: the search runs on wall-clock time in the zone (``zoneinfo``),
UTC when none is given, as kube-controller-manager runs with TZ=UTC in kind
and kubeadm. Inside a DST gap or overlap the simulated time may differ from
Go's time.Date normalisation by up to an hour; outside them it is the same.
"""
from __future__ import annotations

import calendar
import datetime as _dt
import re

from clusters import timeutil


class CronError(ValueError):
    """A schedule robfig/cron refuses; str() is its error text."""


# spec.go bounds
_MONTH_NAMES = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
                "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}
_DOW_NAMES = {"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}
SECONDS = (0, 59, None)
MINUTES = (0, 59, None)
HOURS = (0, 23, None)
DOM = (1, 31, None)
MONTHS = (1, 12, _MONTH_NAMES)
DOW = (0, 6, _DOW_NAMES)
STAR_BIT = 1 << 63
_INT = re.compile(r"^[+-]?[0-9]+$")
_MAX_INT64 = (1 << 63) - 1


def _go_fields(values: list[str]) -> str:
    return "[" + " ".join(values) + "]"


def _parse_int(expr: str) -> int:
    """mustParseInt (strconv.Atoi, then non-negative)."""
    if not _INT.match(expr):
        raise CronError(f'failed to parse int from {expr}: strconv.Atoi: parsing "{expr}": invalid syntax')
    num = int(expr)
    if abs(num) > _MAX_INT64:
        raise CronError(f'failed to parse int from {expr}: strconv.Atoi: parsing "{expr}": value out of range')
    if num < 0:
        raise CronError(f"negative number ({num}) not allowed: {expr}")
    return num


def _parse_int_or_name(expr: str, names) -> int:
    if names is not None and expr.lower() in names:
        return names[expr.lower()]
    return _parse_int(expr)


def _bits(lo: int, hi: int, step: int) -> int:
    out = 0
    for i in range(lo, hi + 1, step):
        out |= 1 << i
    return out


def _all(bounds) -> int:
    return _bits(bounds[0], bounds[1], 1) | STAR_BIT


def _range(expr: str, bounds) -> int:
    """getRange: number | number "-" number [ "/" number ]."""
    lo_b, hi_b, names = bounds
    range_and_step = expr.split("/")
    low_and_high = range_and_step[0].split("-")
    single = len(low_and_high) == 1
    extra = 0
    if low_and_high[0] in ("*", "?"):
        start, end = lo_b, hi_b
        extra = STAR_BIT
    else:
        start = _parse_int_or_name(low_and_high[0], names)
        if len(low_and_high) == 1:
            end = start
        elif len(low_and_high) == 2:
            end = _parse_int_or_name(low_and_high[1], names)
        else:
            raise CronError(f"too many hyphens: {expr}")
    if len(range_and_step) == 1:
        step = 1
    elif len(range_and_step) == 2:
        step = _parse_int(range_and_step[1])
        if single:  # "N/step" means "N-max/step"
            end = hi_b
        if step > 1:
            extra = 0
    else:
        raise CronError(f"too many slashes: {expr}")
    if start < lo_b:
        raise CronError(f"beginning of range ({start}) below minimum ({lo_b}): {expr}")
    if end > hi_b:
        raise CronError(f"end of range ({end}) above maximum ({hi_b}): {expr}")
    if start > end:
        raise CronError(f"beginning of range ({start}) beyond end of range ({end}): {expr}")
    if step == 0:
        raise CronError(f"step of range should be a positive number: {expr}")
    return _bits(start, end, step) | extra


def _field(field: str, bounds) -> int:
    out = 0
    for expr in (x for x in field.split(",") if x):  # strings.FieldsFunc drops empty parts
        out |= _range(expr, bounds)
    return out


class SpecSchedule:
    """spec.go SpecSchedule: bit sets per field, searched forward from a time."""

    __slots__ = ("second", "minute", "hour", "dom", "month", "dow", "tz")

    def __init__(self, second, minute, hour, dom, month, dow, tz: str | None = None):
        self.second, self.minute, self.hour = second, minute, hour
        self.dom, self.month, self.dow = dom, month, dow
        self.tz = tz

    def _day_matches(self, t: _dt.datetime) -> bool:
        dom_match = bool((1 << t.day) & self.dom)
        dow_match = bool((1 << ((t.weekday() + 1) % 7)) & self.dow)  # Go: Sunday == 0
        if self.dom & STAR_BIT or self.dow & STAR_BIT:
            return dom_match and dow_match
        return dom_match or dow_match

    def next(self, epoch: float) -> float | None:
        """SpecSchedule.Next: the first matching second strictly after ``epoch``."""
        t = _to_wall(int(epoch // 1) + 1, self.tz)
        added = False
        year_limit = t.year + 5
        while True:  # WRAP
            if t.year > year_limit:
                return None
            wrapped = False
            while not (1 << t.month) & self.month:
                if not added:
                    added = True
                    t = t.replace(day=1, hour=0, minute=0, second=0)
                t = _add_month(t)
                if t.month == 1:
                    wrapped = True
                    break
            if wrapped:
                continue
            while not self._day_matches(t):
                if not added:
                    added = True
                    t = t.replace(hour=0, minute=0, second=0)
                t = t + _DAY
                if t.day == 1:
                    wrapped = True
                    break
            if wrapped:
                continue
            while not (1 << t.hour) & self.hour:
                if not added:
                    added = True
                    t = t.replace(minute=0, second=0)
                t = t + _HOUR
                if t.hour == 0:
                    wrapped = True
                    break
            if wrapped:
                continue
            while not (1 << t.minute) & self.minute:
                if not added:
                    added = True
                    t = t.replace(second=0)
                t = t + _MINUTE
                if t.minute == 0:
                    wrapped = True
                    break
            if wrapped:
                continue
            while not (1 << t.second) & self.second:
                if not added:
                    added = True
                t = t + _SECOND
                if t.second == 0:
                    wrapped = True
                    break
            if wrapped:
                continue
            return _from_wall(t, self.tz)


class ConstantDelaySchedule:
    """constantdelay.go: ``@every <duration>``, whole seconds, at least one."""

    __slots__ = ("delay",)

    def __init__(self, seconds: float):
        if seconds < 1:
            seconds = 1
        self.delay = int(seconds)

    def next(self, epoch: float) -> float:
        return float(int(epoch // 1) + self.delay)


_DAY = _dt.timedelta(days=1)
_HOUR = _dt.timedelta(hours=1)
_MINUTE = _dt.timedelta(minutes=1)
_SECOND = _dt.timedelta(seconds=1)


def _add_month(t: _dt.datetime) -> _dt.datetime:
    """time.AddDate(0, 1, 0) with Go's normalisation (Jan 31 + 1 month = Mar 3)."""
    y, m = (t.year + 1, 1) if t.month == 12 else (t.year, t.month + 1)
    last = calendar.monthrange(y, m)[1]
    if t.day <= last:
        return t.replace(year=y, month=m)
    return t.replace(year=y, month=m, day=last) + _dt.timedelta(days=t.day - last)


def zone(name: str | None):
    """time.LoadLocation: None/"" and "UTC" are UTC; else an IANA zone or CronError."""
    if not name or name == "UTC":
        return None
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise CronError(f"unknown time zone {name}") from None


def _to_wall(epoch: int, tz: str | None) -> _dt.datetime:
    z = zone(tz)
    if z is None:
        return _dt.datetime(1970, 1, 1) + _dt.timedelta(seconds=epoch)
    return _dt.datetime.fromtimestamp(epoch, z).replace(tzinfo=None)


def _from_wall(t: _dt.datetime, tz: str | None) -> float:
    z = zone(tz)
    if z is None:
        return float(calendar.timegm(t.timetuple()))
    return float(int(t.replace(tzinfo=z).timestamp()))


def _descriptor(spec: str, tz: str | None):
    """parseDescriptor."""
    if spec in ("@yearly", "@annually"):
        return SpecSchedule(1, 1, 1, 1 << 1, 1 << 1, _all(DOW), tz)
    if spec == "@monthly":
        return SpecSchedule(1, 1, 1, 1 << 1, _all(MONTHS), _all(DOW), tz)
    if spec == "@weekly":
        return SpecSchedule(1, 1, 1, _all(DOM), _all(MONTHS), 1, tz)
    if spec in ("@daily", "@midnight"):
        return SpecSchedule(1, 1, 1, _all(DOM), _all(MONTHS), _all(DOW), tz)
    if spec == "@hourly":
        return SpecSchedule(1, 1, _all(HOURS), _all(DOM), _all(MONTHS), _all(DOW), tz)
    every = "@every "
    if spec.startswith(every):
        try:
            d = timeutil.parse_go_duration(spec[len(every):])
        except ValueError as e:
            raise CronError(f"failed to parse duration {spec}: {e}") from None
        return ConstantDelaySchedule(d)
    raise CronError(f"unrecognized descriptor: {spec}")


def parse_standard(spec: str, tz: str | None = None):
    """cron.ParseStandard (Minute | Hour | Dom | Month | Dow | Descriptor)."""
    if not spec:
        raise CronError("empty spec string")
    if spec.startswith("TZ=") or spec.startswith("CRON_TZ="):
        i = spec.find(" ")
        eq = spec.find("=")
        name = spec[eq + 1:i] if i >= 0 else spec[eq + 1:]
        try:
            zone(name)
        except CronError as e:
            raise CronError(f"provided bad location {name}: {e}") from None
        tz = name
        spec = spec[i:].strip() if i >= 0 else ""
    if spec.startswith("@"):
        return _descriptor(spec, tz)
    fields = spec.split()
    if len(fields) != 5:
        raise CronError(f"expected exactly 5 fields, found {len(fields)}: {_go_fields(fields)}")
    minute = _field(fields[0], MINUTES)
    hour = _field(fields[1], HOURS)
    dom = _field(fields[2], DOM)
    month = _field(fields[3], MONTHS)
    dow = _field(fields[4], DOW)
    return SpecSchedule(1, minute, hour, dom, month, dow, tz)


# -- validation (pkg/apis/batch/validation/validation.go) ----------------------------

# validTimeZoneCharacters: IANA naming rules, 0-9 and + tolerated for legacy names.
_TZ_PART = re.compile(r"^[A-Za-z.\-_0-9+]{1,14}$")
_CONCURRENCY = ["Allow", "Forbid", "Replace"]


def validate_cronjob(obj: dict, old: dict | None) -> list:
    """ValidateCronJobCreate / ValidateCronJobUpdate: schedule, timeZone, limits, name length."""
    from clusters.apiserver.errors import invalid_value, not_supported, required

    errs = []
    spec = obj.get("spec") or {}
    old_spec = (old or {}).get("spec") or {}
    if old is None:
        name = (obj.get("metadata") or {}).get("name") or ""
        # 63 - len("-" + 10-digit minutes since epoch): the Job names must stay DNS-1035 labels.
        if len(name) > 52:
            errs.append(invalid_value("metadata.name", name, "must be no more than 52 characters"))
    schedule = spec.get("schedule")
    tz = spec.get("timeZone")
    if not schedule:
        errs.append(required("spec.schedule", ""))
    elif isinstance(schedule, str):
        try:
            parse_standard(schedule)
        except CronError as e:
            errs.append(invalid_value("spec.schedule", schedule, str(e)))
        allow_tz = old is not None and "TZ" in str(old_spec.get("schedule") or "")
        if allow_tz and "TZ" in schedule and tz is not None:
            errs.append(invalid_value("spec.schedule", schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule"))
        elif not allow_tz and "TZ" in schedule:
            errs.append(invalid_value("spec.schedule", schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"))
    for f in ("startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"):
        v = spec.get(f)
        if isinstance(v, int) and v < 0:
            errs.append(invalid_value(f"spec.{f}", v, "must be greater than or equal to 0"))
    if old is None or old_spec.get("timeZone") != tz:
        errs.extend(_validate_time_zone(tz))
    cp = spec.get("concurrencyPolicy")
    if cp == "":
        errs.append(required("spec.concurrencyPolicy", ""))
    elif cp is not None and cp not in _CONCURRENCY:
        errs.append(not_supported("spec.concurrencyPolicy", cp, _CONCURRENCY))
    return errs


def _validate_time_zone(tz) -> list:
    from clusters.apiserver.errors import invalid_value

    if tz is None:
        return []
    if tz == "":
        return [invalid_value("spec.timeZone", tz, "timeZone must be nil or non-empty string")]
    for part in str(tz).split("/"):
        if part in (".", "..") or part.startswith("-") or not _TZ_PART.match(part):
            return [invalid_value("spec.timeZone", tz, f"unknown time zone {tz}")]
    errs = []
    if tz.lower() == "local":
        errs.append(invalid_value("spec.timeZone", tz, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"))
    if tz != "Local":  # time.LoadLocation("Local") succeeds
        try:
            zone(tz)
        except CronError as e:
            errs.append(invalid_value("spec.timeZone", tz, str(e)))
    return errs
