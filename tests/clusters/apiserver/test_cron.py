"""Cron schedules as robfig/cron v3 parses and runs them (parser.go, spec.go, constantdelay.go)."""
import pytest

from clusters import timeutil
from clusters.apiserver import cron

START = timeutil.parse_rfc3339("2025-06-02T09:00:30Z")  # a Monday


@pytest.mark.parametrize("spec,nxt", [
    ("*/1 * * * *", "2025-06-02T09:01:00Z"),
    ("*/5 * * * *", "2025-06-02T09:05:00Z"),
    ("15,45 * * * *", "2025-06-02T09:15:00Z"),
    ("0 9-17/4 * * *", "2025-06-02T13:00:00Z"),
    ("30 6-16/4 * * 1-5", "2025-06-02T10:30:00Z"),
    ("0 3 * * MON", "2025-06-09T03:00:00Z"),
    ("0 0 1 jan *", "2026-01-01T00:00:00Z"),
    ("0 0 29 2 *", "2028-02-29T00:00:00Z"),
    ("0 0 13 * FRI", "2025-06-06T00:00:00Z"),  # dom OR dow when neither is *
    ("? * * * ?", "2025-06-02T09:01:00Z"),
    ("@hourly", "2025-06-02T10:00:00Z"),
    ("@daily", "2025-06-03T00:00:00Z"),
    ("@midnight", "2025-06-03T00:00:00Z"),
    ("@weekly", "2025-06-08T00:00:00Z"),
    ("@monthly", "2025-07-01T00:00:00Z"),
    ("@yearly", "2026-01-01T00:00:00Z"),
    ("@every 90s", "2025-06-02T09:02:00Z"),
    ("@every 1h30m", "2025-06-02T10:30:30Z"),
])
def test_next_activation_matches_robfig_cron(spec, nxt):
    assert timeutil.rfc3339(cron.parse_standard(spec).next(START)) == nxt


def test_a_time_zone_runs_the_schedule_on_that_zones_wall_clock():
    assert timeutil.rfc3339(cron.parse_standard("0 3 * * *", "Europe/Paris").next(START)) == "2025-06-03T01:00:00Z"


@pytest.mark.parametrize("spec,message", [
    ("", "empty spec string"),
    ("foo", "expected exactly 5 fields, found 1: [foo]"),
    ("0 * * * * *", "expected exactly 5 fields, found 6: [0 * * * * *]"),
    ("61 * * * *", "end of range (61) above maximum (59): 61"),
    ("* 24 * * *", "end of range (24) above maximum (23): 24"),
    ("* * 0 * *", "beginning of range (0) below minimum (1): 0"),
    ("* * * * 7", "end of range (7) above maximum (6): 7"),
    ("5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1"),
    ("*/0 * * * *", "step of range should be a positive number: */0"),
    ("1-2-3 * * * *", "too many hyphens: 1-2-3"),
    ("*/2/3 * * * *", "too many slashes: */2/3"),
    ("x * * * *", 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'),
    ("@fortnightly", "unrecognized descriptor: @fortnightly"),
    ("@every 5x", 'failed to parse duration @every 5x: time: unknown unit "x" in duration "5x"'),
])
def test_invalid_schedules_fail_in_robfig_crons_words(spec, message):
    with pytest.raises(cron.CronError) as e:
        cron.parse_standard(spec)
    assert str(e.value) == message
