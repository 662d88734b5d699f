"""Check types, one module each, all on ``base.Check``.

``build(spec)`` turns one check's data from ``lab.yaml`` into its object.
"""
from __future__ import annotations

from labs.checks import answers, base, commands, count, events, order, state, trace
from labs.checks.base import Check, Context, Outcome

TYPES: dict[str, type[Check]] = {
    cls.type: cls for cls in (
        state.StateCheck, count.CountCheck, events.EventCheck, trace.TraceCheck,
        order.OrderCheck, commands.CommandCheck, answers.AnswerCheck,
    )
}


def build(spec: dict) -> Check:
    try:
        cls = TYPES[spec["type"]]
    except KeyError:
        raise base.CheckError(f"unknown check type {spec.get('type')!r}") from None
    return cls(spec)


__all__ = ["Check", "Context", "Outcome", "TYPES", "build"]
