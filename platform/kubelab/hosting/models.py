from django.db import models

from kubelab.learning.models import Attempt


class ClusterRecord(models.Model):
    """What a cluster is made of (spec, seed) and how its clock follows the wall.

    Virtual time runs only while a console is connected: at `clock_wall_base`
    (epoch seconds) the cluster was at `clock_virtual_base` and it moves at
    `clock_speed`; a null wall base means the clock is paused.
    """

    attempt = models.OneToOneField(Attempt, on_delete=models.CASCADE, primary_key=True, related_name="cluster")
    spec = models.JSONField()
    seed = models.BigIntegerField()
    clock_virtual_base = models.FloatField(default=0.0)
    clock_wall_base = models.FloatField(null=True, blank=True)
    clock_speed = models.FloatField(default=1.0)
    created_at = models.DateTimeField(auto_now_add=True)

    @classmethod
    def db_key(cls, cluster_id):
        """A cluster id as raw SQL must pass it: SQLite keeps UUIDs as bare hex, PostgreSQL as uuid."""
        from django.db import connection

        return cls._meta.pk.get_db_prep_value(cluster_id, connection)


class JournalEntry(models.Model):
    """One thing done to a cluster, in order: a command, or an advance of time."""

    class Kind(models.TextChoices):
        COMMAND = "command"
        ADVANCE = "advance"

    cluster = models.ForeignKey(ClusterRecord, on_delete=models.CASCADE, related_name="journal")
    index = models.PositiveIntegerField()  # 1, 2, 3 ... with no gaps
    kind = models.CharField(max_length=8, choices=Kind.choices)
    at = models.FloatField(help_text="virtual seconds at which it ran")
    line = models.TextField(blank=True)
    command_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["index"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "index"], name="journal_index_unique"),
            models.UniqueConstraint(
                fields=["cluster", "command_id"],
                condition=~models.Q(command_id=""),
                name="journal_command_once",
            ),
        ]


class Snapshot(models.Model):
    """`Cluster.snapshot()` after `journal_index` entries: replay starts here."""

    cluster = models.ForeignKey(ClusterRecord, on_delete=models.CASCADE, related_name="snapshots")
    journal_index = models.PositiveIntegerField()
    data = models.BinaryField()
    digest = models.CharField(max_length=128, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-journal_index"]
        constraints = [models.UniqueConstraint(fields=["cluster", "journal_index"], name="snapshot_once")]


class ConsoleMessage(models.Model):
    """A message sent to the attempt's consoles, kept so a reconnecting console misses nothing."""

    class Kind(models.TextChoices):
        OUTPUT = "output"
        EVENTS = "events"
        PROGRESS = "progress"
        ERROR = "error"

    cluster = models.ForeignKey(ClusterRecord, on_delete=models.CASCADE, related_name="messages")
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=8, choices=Kind.choices)
    payload = models.JSONField()
    journal_index = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["seq"]
        constraints = [models.UniqueConstraint(fields=["cluster", "seq"], name="message_seq_unique")]
        indexes = [models.Index(fields=["cluster", "kind", "journal_index"])]
