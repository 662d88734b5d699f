"""Running a held cluster: commands, wake-ups, completion, rebuild.

Everything here runs in the worker that holds the attempt's lease, one task
at a time (the solo pool), so a held cluster has a single writer. The order
for a command is the one that makes crashes harmless:

    1. append the command to the journal (the truth),
    2. advance the clock and run it in memory,
    3. store and send the output, then the control-plane events.

A worker killed between 1 and 3 leaves a journaled command without output;
whoever rebuilds the cluster replays it and sends the output then.
"""
from __future__ import annotations

import hashlib
import json
import logging
import time

from clusters import Cluster, ClusterSpec
from django.conf import settings
from django.db import IntegrityError

from kubelab.hosting import clocks, editing, leases, presence, publishing, selectors, services
from kubelab.hosting.models import ClusterRecord, JournalEntry
from kubelab.hosting.runtime import LIVE_SIZE_FACTOR, Hosted, registry

log = logging.getLogger(__name__)

MAX_TRACE_ENTRIES = 300  # per events message; the panel shows the newest anyway
PROGRESS_MIN_SPAN = 60.0  # virtual seconds of catch-up (or of one command) worth a progress bar
PROGRESS_CHUNKS = 100  # a long catch-up advances in 1% steps: the same cluster as one step
PROGRESS_EVERY_S = 0.1  # at most this often a bar message, between the first and the last
MIN_WAKEUP_S = 0.25


class NotHeld(Exception):
    """Another worker holds this cluster (`holder`), or nobody could claim it (None)."""

    def __init__(self, holder: str | None) -> None:
        super().__init__(holder)
        self.holder = holder


# --- holding ---------------------------------------------------------------


def hold(attempt_id, node: str) -> Hosted:
    """The cluster, held by this worker: from memory, or claimed and rebuilt.

    A copy in memory is checked against the journal only when the lease was
    not ours already: while we keep it, no one else writes the journal.
    """
    attempt_id = str(attempt_id)
    holder, kept = leases.claim(attempt_id, node)
    if holder != node:
        registry.drop(attempt_id)  # any copy we have is stale now
        raise NotHeld(holder)
    hosted = registry.get(attempt_id)
    if hosted is not None and not kept and hosted.journal_index != selectors.journal_last_index(cluster_id=attempt_id):
        log.warning("held copy is behind the journal; rebuilding")
        registry.drop(attempt_id)
        hosted = None
    if hosted is None:
        hosted = rebuild(attempt_id)
        registry.put(hosted)
        for victim in registry.over_budget(keep=attempt_id):
            let_go(victim, node)
    return hosted


def let_go(hosted: Hosted, node: str) -> None:
    """Checkpoint a cluster and leave it for any worker to pick up."""
    try:
        if hosted.journal_index > hosted.snapshot_index:
            _snapshot(hosted)
    except Exception:
        log.exception("checkpoint before eviction failed", extra={"attempt_id": hosted.attempt_id})
    registry.drop(hosted.attempt_id)
    leases.release(hosted.attempt_id, node)
    log.info("cluster left memory", extra={"attempt_id": hosted.attempt_id})


def rebuild(attempt_id: str) -> Hosted:
    """Snapshot plus journal: the same cluster, by construction.

    Commands journaled but never answered (their worker died) are answered now.
    """
    started = time.perf_counter()
    record = ClusterRecord.objects.get(attempt_id=attempt_id)
    snapshot = selectors.latest_snapshot(cluster_id=attempt_id)
    cluster = None
    start = 0
    if snapshot is not None:
        try:
            cluster = Cluster.restore(bytes(snapshot.data))
            start = snapshot.journal_index
        except Exception:
            log.exception("snapshot unreadable; replaying the whole journal")
    if cluster is None:
        cluster = Cluster(ClusterSpec.from_dict(record.spec), seed=record.seed)
    if start == 0 and record.clock_virtual_base < cluster.now:
        # The cluster boots before it is handed over (kubeadm-like, at t>0):
        # its clock starts from there, not from zero.
        ClusterRecord.objects.filter(pk=record.pk, clock_virtual_base__lt=cluster.now).update(
            clock_virtual_base=cluster.now
        )
    entries = selectors.journal_after(cluster_id=attempt_id, index=start)
    answered = selectors.answered_indexes(cluster_id=attempt_id, after=start)
    unanswered = []
    for entry in entries:
        output = _apply(cluster, entry)
        if entry.kind == JournalEntry.Kind.COMMAND and entry.index not in answered:
            unanswered.append((entry, output))
    # A brand-new cluster shows its boot in the panel; a rebuilt one continues
    # from now (its earlier events are in the console history already).
    cursor = 0 if start == 0 and not entries else cluster.trace_since(0)[1]
    size = _size_of(cluster)
    hosted = Hosted(
        attempt_id=attempt_id,
        cluster=cluster,
        journal_index=entries[-1].index if entries else start,
        snapshot_index=start,
        publisher=publishing.Publisher(attempt_id, services.next_seq(cluster_id=attempt_id)),
        trace_cursor=cursor,
        size=size,
    )
    for entry, output in unanswered:
        _publish_output(hosted, entry, output)
    log.info(
        "cluster rebuilt",
        extra={"from_snapshot": start, "replayed": len(entries), "ms": round((time.perf_counter() - started) * 1000, 1)},
    )
    return hosted


def _apply(cluster, entry: JournalEntry):
    try:
        if entry.kind == JournalEntry.Kind.ADVANCE:
            cluster.advance_to(max(cluster.now, entry.at))
            return None
        cluster.advance_to(max(cluster.now, entry.at))
        return cluster.run(entry.line)
    except Exception as exc:  # a bug in the core must not make the cluster unloadable
        log.exception("journal entry failed on replay", extra={"index": entry.index})
        return _Failed(exc)


class _Failed:
    def __init__(self, exc: Exception) -> None:
        self.text = f"internal error: {type(exc).__name__}: {exc}\n"
        self.exit_code = 1


def _size_of(cluster) -> int:
    try:
        return len(cluster.snapshot()) * LIVE_SIZE_FACTOR
    except Exception:
        return 1 << 20


# --- commands and time -----------------------------------------------------


def run_command(hosted: Hosted, *, command_id: str, line: str) -> None:
    attempt_id = hosted.attempt_id
    record = selectors.record_for_command(cluster_id=attempt_id, command_id=command_id)
    if record.command_journaled:
        log.info("duplicate command ignored", extra={"command_id": command_id})
        return
    cluster = hosted.cluster
    target = max(cluster.now, selectors.virtual_now(record=record))
    if target - cluster.now >= PROGRESS_MIN_SPAN:
        _catch_up(hosted, target)  # long: in steps, with a progress bar
    # `kubectl edit` becomes the commands that put the object in the editor (see editing),
    # unless the terminal is attached to a shell in a pod, which has no kubectl.
    edit = editing.translate(line, cluster) if cluster.prompt() is None else None
    run_line = edit.line if edit is not None else line
    # One journal entry carries both the advance and the command (replay does the same).
    entry = _journal(hosted, kind=JournalEntry.Kind.COMMAND, at=target, line=run_line, command_id=command_id)
    _fault_pause(line)
    started = time.perf_counter()
    try:
        cluster.advance_to(target)
        with _TimeBar(hosted, run_line):
            output = cluster.run(run_line)
    except Exception as exc:
        log.exception("command failed inside the cluster")
        output = _Failed(exc)
    log.info("command ran", extra={"index": entry.index, "ms": round((time.perf_counter() - started) * 1000, 2)})
    extra = editing.opened(edit, output) if edit is not None else None
    if extra is not None:
        output, opened = extra
        _publish_output(hosted, entry, output, edit=opened)
    else:
        _publish_output(hosted, entry, output)
    _follow_time_mode(hosted, record)
    _publish_events(hosted)
    grade(hosted)
    _maybe_snapshot(hosted, idle=False)
    schedule_wakeup(hosted, record)


class _TimeBar:
    """A progress bar for one command that moves virtual time a long way (`sim advance 1h`).

    The console says beforehand how far a line may move the clock
    (`time_effect`); while the cluster runs it, a watcher thread reads the
    clock (a float read: the cluster itself stays single-threaded) and sends
    transient `working` messages. The first and the last are always sent, so
    a bar appears and completes however fast the cluster is.
    """

    def __init__(self, hosted: Hosted, line: str) -> None:
        self.hosted = hosted
        self.span = 0.0
        try:
            self.span = float(hosted.cluster.console.time_effect(line) or 0.0)
        except Exception:
            log.exception("time_effect failed")
        self.label = _bar_label(line, self.span)
        self.stop = None
        self.thread = None

    def __enter__(self):
        if self.span < PROGRESS_MIN_SPAN:
            return self
        import threading

        self.start = self.hosted.cluster.now
        self.stop = threading.Event()
        _announce(self.hosted, self.label, 0, self.span)
        self.thread = threading.Thread(target=self._watch, name="kubelab-timebar", daemon=True)
        self.thread.start()
        return self

    def _watch(self) -> None:
        last = -1.0
        while not self.stop.wait(PROGRESS_EVERY_S):
            done = min(self.span, max(0.0, self.hosted.cluster.clock.now - self.start))
            if done > last and done < self.span:
                last = done
                try:
                    _announce(self.hosted, self.label, done, self.span)
                except Exception:
                    log.exception("progress message failed")

    def __exit__(self, *exc_info):
        if self.stop is not None:
            self.stop.set()
            self.thread.join()
            _announce(self.hosted, self.label, self.span, self.span)
        return False


def _bar_label(line: str, span: float) -> str:
    first = line.strip().splitlines()[0] if line.strip() else line
    if len(first) > 60:
        first = first[:57] + "..."
    return f"{first}: up to {_duration(span)} of virtual time"


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 120:
        return f"{seconds}s"
    minutes, s = divmod(seconds, 60)
    if minutes < 120:
        return f"{minutes}m{s:02d}s" if s else f"{minutes}m"
    hours, m = divmod(minutes, 60)
    return f"{hours}h{m:02d}m" if m else f"{hours}h"


def _announce(hosted: Hosted, label: str, done: float, total: float) -> None:
    hosted.publisher.announce("working", {"label": label, "done": round(done, 3), "total": round(total, 3)})


def grade(hosted: Hosted) -> None:
    """Re-check the lab against the cluster; store and publish the progress when it changed."""
    from kubelab.learning import grading

    if "grader" not in hosted.extra:
        hosted.extra["grader"] = grading.grader_for(hosted.attempt_id)
    grader = hosted.extra["grader"]
    if grader is None:
        return
    progress = grader.evaluate(attempt_id=hosted.attempt_id, cluster=hosted.cluster)
    if progress is not None:
        hosted.publisher.publish("progress", {"lab": progress})


def read_files(hosted: Hosted, *, path: str | None) -> dict:
    """The scratch directory's file names, or one file's text (for the editor)."""
    return editing.read(hosted.cluster, path)


def _follow_time_mode(hosted: Hosted, record: ClusterRecord) -> None:
    """`sim pause|resume|speed` set the cluster's time mode; the host's clock follows it."""
    mode = getattr(hosted.cluster, "time_mode", None) or {}
    speed = 0.0 if mode.get("paused") else float(mode.get("speed", 1.0))
    if speed == record.clock_speed:
        return
    wall = time.time() if record.clock_wall_base is not None else None
    ClusterRecord.objects.filter(pk=record.pk).update(
        clock_virtual_base=hosted.cluster.now, clock_wall_base=wall, clock_speed=speed
    )
    record.clock_virtual_base, record.clock_wall_base, record.clock_speed = hosted.cluster.now, wall, speed
    log.info("clock follows the cluster's time mode", extra={"speed": speed})


def wake(hosted: Hosted, *, force_map: bool = False) -> None:
    """Move the clock to now, stream what happened, and plan the next wake-up."""
    record = ClusterRecord.objects.get(attempt_id=hosted.attempt_id)
    hosted.wakeup_due = None
    target = selectors.virtual_now(record=record)
    if target > hosted.cluster.now:
        _catch_up(hosted, target)
    _publish_events(hosted, force_map=force_map)
    grade(hosted)
    _maybe_snapshot(hosted, idle=True)
    schedule_wakeup(hosted, record)


def complete(hosted: Hosted, *, line: str) -> list[str]:
    try:
        return list(hosted.cluster.complete(line))
    except Exception:
        log.exception("completion failed")
        return []


def _catch_up(hosted: Hosted, target: float) -> None:
    """Advance to `target`, journaled as one entry; a long span in 1% steps with a progress bar.

    `Cluster.advance_to` in several steps gives the same cluster as one call
    (timers run in the same order either way), so the journal keeps a single
    advance and replay does it in one go.
    """
    cluster = hosted.cluster
    if target <= cluster.now:
        return
    span = target - cluster.now
    _journal(hosted, kind=JournalEntry.Kind.ADVANCE, at=target)
    pending = cluster.next_wakeup()
    if span < PROGRESS_MIN_SPAN or pending is None or pending > target:
        cluster.advance_to(target)
        return
    start = cluster.now
    label = f"catching up: {_duration(span)} of virtual time"
    _announce(hosted, label, 0, span)
    last = time.perf_counter()
    for step in range(1, PROGRESS_CHUNKS + 1):
        cluster.advance_to(target if step == PROGRESS_CHUNKS else start + span * step / PROGRESS_CHUNKS)
        if time.perf_counter() - last >= PROGRESS_EVERY_S and step < PROGRESS_CHUNKS:
            last = time.perf_counter()
            _announce(hosted, label, cluster.now - start, span)
    _announce(hosted, label, span, span)


def _journal(hosted: Hosted, *, kind: str, at: float, line: str = "", command_id: str = "") -> JournalEntry:
    index = hosted.journal_index + 1
    try:
        entry = services.journal_append(
            cluster_id=hosted.attempt_id, index=index, kind=kind, at=at, line=line, command_id=command_id
        )
    except IntegrityError:
        # Someone else wrote this index: we are not the holder any more.
        registry.drop(hosted.attempt_id)
        raise NotHeld(leases.holder(hosted.attempt_id)) from None
    hosted.journal_index = index
    return entry


def _fault_pause(line: str) -> None:
    prefix = settings.HOSTING["FAULT_PAUSE_PREFIX"]
    if prefix and line.startswith(prefix):
        log.warning("fault injection: pausing mid-command", extra={"seconds": settings.HOSTING["FAULT_PAUSE_S"]})
        time.sleep(settings.HOSTING["FAULT_PAUSE_S"])


def _publish_output(hosted: Hosted, entry: JournalEntry, output, *, edit: dict | None = None) -> None:
    payload = {"command_id": entry.command_id, "line": entry.line, "text": output.text, "exit_code": output.exit_code,
               # the prompt to show next: a pod shell's while the terminal is attached to one, None for ours
               "prompt": getattr(output, "prompt", None)}
    if edit is not None:
        payload["edit"] = edit
    hosted.publisher.publish("output", payload, journal_index=entry.index)


def _publish_events(hosted: Hosted, *, force_map: bool = False) -> None:
    cluster = hosted.cluster
    entries, hosted.trace_cursor = cluster.trace_since(hosted.trace_cursor)
    cluster_map = cluster.map()
    shape = {k: v for k, v in cluster_map.items() if k != "time"}  # the clock alone is no change
    digest = hashlib.sha1(json.dumps(shape, sort_keys=True, default=str).encode()).hexdigest()
    map_changed = digest != hosted.map_digest
    if not entries and not map_changed and not force_map:
        return
    # The prompt too: an attached pod shell ends with no command typed when its pod goes.
    payload = {"now": cluster.now, "entries": list(entries)[-MAX_TRACE_ENTRIES:], "prompt": cluster.prompt()}
    if map_changed or force_map:
        payload["map"] = cluster_map
        hosted.map_digest = digest
    hosted.publisher.publish("events", payload)


def _maybe_snapshot(hosted: Hosted, *, idle: bool) -> None:
    """Snapshots bound replay time. One (pickle, digest, a database write: some 20 ms) is
    taken at an idle wake-up once SNAPSHOT_EVERY entries have accrued, so a command does not
    wait behind it; inline after a command only once SNAPSHOT_INLINE_EVERY have, the hard
    bound for a console that never pauses."""
    key = "SNAPSHOT_EVERY" if idle else "SNAPSHOT_INLINE_EVERY"
    if hosted.journal_index - hosted.snapshot_index >= settings.HOSTING[key]:
        _snapshot(hosted)


def _snapshot(hosted: Hosted) -> None:
    data = hosted.cluster.snapshot()
    services.snapshot_save(
        cluster_id=hosted.attempt_id,
        journal_index=hosted.journal_index,
        data=data,
        digest=hosted.cluster.state_digest(),
    )
    hosted.snapshot_index = hosted.journal_index
    hosted.size = len(data) * LIVE_SIZE_FACTOR


def schedule_wakeup(hosted: Hosted, record: ClusterRecord) -> None:
    """While someone watches and timed work is pending, come back when it is due."""
    from kubelab.hosting import tasks  # tasks import engine

    if record.clock_wall_base is None or presence.watching(hosted.attempt_id) == 0:
        return
    pending = hosted.cluster.next_wakeup()
    if pending is None or record.clock_speed <= 0:
        return
    now = selectors.virtual_now(record=record)
    delay = clocks.wall_delay(virtual_target=pending, virtual_now=now, speed=record.clock_speed)
    delay = min(max(delay, MIN_WAKEUP_S), settings.HOSTING["MAX_WAKEUP_DELAY_S"])
    due = time.time() + delay
    if hosted.wakeup_due is not None and hosted.wakeup_due <= due + 0.05 and hosted.wakeup_due > time.time() - 5:
        return  # an earlier (or equal) wake-up is already planned
    from celery.utils.nodenames import worker_direct

    from kubelab.hosting.runtime import state

    hosted.wakeup_due = due
    tasks.wake.apply_async(
        kwargs={"attempt_id": hosted.attempt_id, "force_map": False},
        queue=worker_direct(state.node),
        countdown=delay,
        expires=delay + 30,
    )
