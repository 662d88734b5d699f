"""Reads for hosting."""
from __future__ import annotations

from django.db.models import Max

from kubelab.hosting import clocks
from kubelab.hosting.models import ClusterRecord, ConsoleMessage, JournalEntry, Snapshot


def cluster_record(*, attempt_id) -> ClusterRecord:
    return ClusterRecord.objects.get(attempt_id=attempt_id)


def virtual_now(*, record: ClusterRecord) -> float:
    return clocks.virtual_now(
        virtual_base=record.clock_virtual_base, wall_base=record.clock_wall_base, speed=record.clock_speed
    )


def journal_last_index(*, cluster_id) -> int:
    return JournalEntry.objects.filter(cluster_id=cluster_id).aggregate(m=Max("index"))["m"] or 0


def journal_after(*, cluster_id, index: int) -> list[JournalEntry]:
    return list(JournalEntry.objects.filter(cluster_id=cluster_id, index__gt=index).order_by("index"))


def record_for_command(*, cluster_id, command_id: str) -> ClusterRecord:
    """The cluster record's clock and, as `command_journaled`, whether the command ran already.

    One query, written out: it runs before every command, and building it
    with the ORM (an annotated Exists) cost more than the round trip itself.
    """
    sql = (
        f"SELECT attempt_id, seed, clock_virtual_base, clock_wall_base, clock_speed, EXISTS("
        f"SELECT 1 FROM {JournalEntry._meta.db_table} WHERE cluster_id = %s AND command_id = %s AND command_id <> ''"
        f") AS command_journaled FROM {ClusterRecord._meta.db_table} WHERE attempt_id = %s"
    )
    # Read to the end: a SELECT left open keeps SQLite's read transaction, and a worker's
    # kept connection would go on seeing the database as it was then (no new attempts).
    key = ClusterRecord.db_key(cluster_id)
    records = list(ClusterRecord.objects.raw(sql, [key, command_id, key]))
    if not records:
        raise ClusterRecord.DoesNotExist(cluster_id)
    return records[0]


def latest_snapshot(*, cluster_id) -> Snapshot | None:
    return Snapshot.objects.filter(cluster_id=cluster_id).order_by("-journal_index").first()


def answered_indexes(*, cluster_id, after: int) -> set[int]:
    return set(
        ConsoleMessage.objects.filter(
            cluster_id=cluster_id, kind=ConsoleMessage.Kind.OUTPUT, journal_index__gt=after
        ).values_list("journal_index", flat=True)
    )


def messages_after(*, attempt_id, seq: int, limit: int) -> list[dict]:
    """The messages a console missed, oldest first, at most the newest `limit`."""
    rows = list(
        ConsoleMessage.objects.filter(cluster_id=attempt_id, seq__gt=seq)
        .order_by("-seq")
        .values("seq", "kind", "payload")[:limit]
    )
    rows.reverse()
    return [{"type": r["kind"], "seq": r["seq"], **r["payload"]} for r in rows]


def replay(*, attempt_id, seq: int, limit: int) -> tuple[list[dict], int]:
    """`messages_after` and the last seq stored (the newest message missed, when there is one)."""
    missed = messages_after(attempt_id=attempt_id, seq=seq, limit=limit)
    return missed, (missed[-1]["seq"] if missed else last_seq(attempt_id=attempt_id))


def last_seq(*, attempt_id) -> int:
    return ConsoleMessage.objects.filter(cluster_id=attempt_id).aggregate(m=Max("seq"))["m"] or 0
