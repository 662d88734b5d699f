"""Writes for hosting: cluster records, the journal, snapshots, console messages, clocks."""
from __future__ import annotations

import time

from django.db import transaction
from django.db.models import Max

from kubelab.hosting import clocks
from kubelab.hosting.models import ClusterRecord, ConsoleMessage, JournalEntry, Snapshot


def cluster_create(*, attempt, spec: dict, seed: int) -> ClusterRecord:
    return ClusterRecord.objects.create(attempt=attempt, spec=spec, seed=seed)


def journal_append(*, cluster_id, index: int, kind: str, at: float, line: str = "", command_id: str = "") -> JournalEntry:
    """Append entry `index`; the unique constraint refuses a second writer for the same index."""
    return JournalEntry.objects.create(
        cluster_id=cluster_id, index=index, kind=kind, at=at, line=line, command_id=command_id
    )


def snapshot_save(*, cluster_id, journal_index: int, data: bytes, digest: str = "") -> Snapshot:
    snapshot, _ = Snapshot.objects.get_or_create(
        cluster_id=cluster_id, journal_index=journal_index, defaults={"data": data, "digest": digest}
    )
    # Keep the newest few: older ones only lengthen nothing and cost space.
    stale = Snapshot.objects.filter(cluster_id=cluster_id).order_by("-journal_index").values_list("pk", flat=True)[3:]
    Snapshot.objects.filter(pk__in=list(stale)).delete()
    return snapshot


def message_record(*, cluster_id, seq: int, kind: str, payload: dict, journal_index: int | None = None) -> ConsoleMessage:
    return ConsoleMessage.objects.create(
        cluster_id=cluster_id, seq=seq, kind=kind, payload=payload, journal_index=journal_index
    )


def next_seq(*, cluster_id) -> int:
    return (ConsoleMessage.objects.filter(cluster_id=cluster_id).aggregate(m=Max("seq"))["m"] or 0) + 1


@transaction.atomic
def clock_resume(*, attempt_id) -> None:
    """Start the clock if it is stopped (a console connected)."""
    ClusterRecord.objects.filter(attempt_id=attempt_id, clock_wall_base__isnull=True).update(
        clock_wall_base=time.time()
    )


@transaction.atomic
def clock_pause(*, attempt_id) -> None:
    """Stop the clock where it is now (the last console left)."""
    record = ClusterRecord.objects.select_for_update().filter(attempt_id=attempt_id).first()
    if record is None or record.clock_wall_base is None:
        return
    record.clock_virtual_base = clocks.virtual_now(
        virtual_base=record.clock_virtual_base, wall_base=record.clock_wall_base, speed=record.clock_speed
    )
    record.clock_wall_base = None
    record.save(update_fields=["clock_virtual_base", "clock_wall_base"])
