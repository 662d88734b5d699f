"""Writes for hosting: cluster records, the journal, snapshots, console messages, clocks.

The journal is the truth and is committed as the database commits by default:
durably, before the command runs. Console messages and snapshots are written
on the console's critical path too, but they are derived from the journal, so
on PostgreSQL their transactions do not wait for the WAL flush
(``synchronous_commit`` off for that transaction only, set in the same round
trip). Such a commit is visible to every other session the moment it returns,
so a worker killed with kill -9 loses nothing; only a crash of PostgreSQL
itself can lose the last few hundred milliseconds of them, and the WAL is
flushed in order, so each journal entry's durable commit also makes the
messages before it durable. What such a crash can lose is the output of the
last commands, which a rebuild answers again from the journal (as after a
worker's death), and a snapshot, which only shortens replay.
"""
from __future__ import annotations

import time

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from kubelab.hosting import clocks
from kubelab.hosting.models import ClusterRecord, ConsoleMessage, JournalEntry, Snapshot


def cluster_create(*, attempt, spec: dict, seed: int) -> ClusterRecord:
    return ClusterRecord.objects.create(attempt=attempt, spec=spec, seed=seed)


def journal_append(*, cluster_id, index: int, kind: str, at: float, line: str = "", command_id: str = "") -> JournalEntry:
    """Append entry `index`, committed durably; the unique constraint refuses a second writer for the same index.

    A plain INSERT rather than `create()`: it runs before every command, and
    the ORM's insert cost more than the round trip.
    """
    entry = JournalEntry(cluster_id=cluster_id, index=index, kind=kind, at=at, line=line, command_id=command_id,
                         created_at=timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {JournalEntry._meta.db_table} (cluster_id, {connection.ops.quote_name('index')}, kind, at,"
            " line, command_id, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [ClusterRecord.db_key(cluster_id), index, kind, at, line, command_id, entry.created_at],
        )
    return entry


def snapshot_save(*, cluster_id, journal_index: int, data: bytes, digest: str = "") -> None:
    """Keep the snapshot after `journal_index` entries, and only the newest few: older ones shorten nothing."""
    if connection.vendor == "postgresql":
        table = Snapshot._meta.db_table
        _relaxed(
            f"INSERT INTO {table} (cluster_id, journal_index, data, digest, created_at) VALUES (%s, %s, %s, %s, %s)"
            " ON CONFLICT (cluster_id, journal_index) DO NOTHING;"
            f" DELETE FROM {table} WHERE cluster_id = %s AND journal_index < ("
            f"SELECT journal_index FROM {table} WHERE cluster_id = %s ORDER BY journal_index DESC OFFSET 2 LIMIT 1)",
            [cluster_id, journal_index, data, digest, timezone.now(), cluster_id, cluster_id],
        )
        return
    Snapshot.objects.get_or_create(
        cluster_id=cluster_id, journal_index=journal_index, defaults={"data": data, "digest": digest}
    )
    stale = Snapshot.objects.filter(cluster_id=cluster_id).order_by("-journal_index").values_list("pk", flat=True)[3:]
    Snapshot.objects.filter(pk__in=list(stale)).delete()


def message_record(*, cluster_id, seq: int, kind: str, payload: dict, journal_index: int | None = None) -> None:
    if connection.vendor == "postgresql":
        _relaxed(
            f"INSERT INTO {ConsoleMessage._meta.db_table} (cluster_id, seq, kind, payload, journal_index, created_at)"
            " VALUES (%s, %s, %s, %s, %s, %s)",
            [cluster_id, seq, kind, ConsoleMessage._meta.get_field("payload").get_db_prep_save(payload, connection),
             journal_index, timezone.now()],
        )
        return
    ConsoleMessage.objects.create(
        cluster_id=cluster_id, seq=seq, kind=kind, payload=payload, journal_index=journal_index
    )


def _relaxed(sql: str, params: list) -> None:
    """Run `sql` in one transaction that does not wait for the WAL flush (see the module docstring).

    One round trip: Django's psycopg cursor binds parameters on the client,
    so the SET and the statements go as one simple query, which PostgreSQL
    runs as one implicit transaction.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit TO OFF; " + sql, params)


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
