"""Faults, for real: kill -9 the worker holding a cluster, restart Daphne, drop the websocket."""
import time

import pytest

from conftest import FAULT_PREFIX, Console, _wait
from kubelab.hosting import leases
from kubelab.hosting.models import ClusterRecord, ConsoleMessage, JournalEntry, Snapshot
from platform_factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)


def _open(live, http):
    make_user(username="ada")
    http.login("ada")
    attempt_id = http.start_sandbox()
    console = Console(live, http, attempt_id)
    console.receive_until(lambda m: m["type"] == "ready")
    return attempt_id, console


def _replayed_digest(attempt_id) -> str:
    """The cluster rebuilt from nothing but its spec, seed and journal."""
    from clusters import Cluster, ClusterSpec

    record = ClusterRecord.objects.get(attempt_id=attempt_id)
    cluster = Cluster(ClusterSpec.from_dict(record.spec), seed=record.seed)
    for entry in JournalEntry.objects.filter(cluster=record).order_by("index"):
        cluster.advance_to(max(cluster.now, entry.at))
        if entry.kind == "command":
            cluster.run(entry.line)
    return cluster.state_digest()


def test_it_carries_on_after_the_holder_is_killed_mid_command(live, http):
    attempt_id, console = _open(live, http)
    for _ in range(6):  # enough for a snapshot (every 5 entries in tests) to bound the replay
        assert console.output_of(console.command("kubectl get nodes"))["exit_code"] == 0
    holder = leases.holder(attempt_id)
    assert holder in live.workers
    survivor = live.start_worker("survivor") if len(live.workers) < 2 else next(n for n in live.workers if n != holder)

    paused = console.command(f"{FAULT_PREFIX} now")
    _wait(lambda: JournalEntry.objects.filter(cluster_id=attempt_id, command_id=paused).exists(), 30, "the journal entry")
    live.kill_worker(holder)  # kill -9 while the command is between journal and output

    output = console.output_of(paused, timeout=60)  # answered by whoever rebuilt the cluster
    assert output["line"].startswith(FAULT_PREFIX)
    after = console.output_of(console.command("kubectl get nodes"), timeout=60)
    assert "node-3" in after["text"]
    assert leases.holder(attempt_id) == survivor
    index = JournalEntry.objects.get(cluster_id=attempt_id, command_id=paused).index
    assert ConsoleMessage.objects.filter(cluster_id=attempt_id, kind="output", journal_index=index).count() == 1
    assert JournalEntry.objects.filter(cluster_id=attempt_id, command_id=paused).count() == 1

    # A clean stop checkpoints the live cluster: it equals its replay.
    console.close()
    live.stop_worker(survivor)
    checkpoint = Snapshot.objects.filter(cluster_id=attempt_id).order_by("-journal_index").first()
    assert checkpoint.journal_index == JournalEntry.objects.filter(cluster_id=attempt_id).count()
    assert checkpoint.digest == _replayed_digest(attempt_id)

    from clusters import Cluster, ClusterSpec

    restored = Cluster.restore(bytes(checkpoint.data))
    record = ClusterRecord.objects.get(attempt_id=attempt_id)
    replayed = Cluster.replay(ClusterSpec.from_dict(record.spec), record.seed, restored.journal)
    assert replayed.state_digest() == checkpoint.digest


def test_it_replays_history_after_daphne_restarts(live, http):
    attempt_id, console = _open(live, http)
    first = console.output_of(console.command("kubectl get nodes"))
    second_id = console.command("kubectl get namespaces")
    console.close()  # gone before the output arrives
    live.stop_daphne()
    live.start_daphne()

    # As the browser does: reconnect from the last seq seen, resend what was never answered.
    again = Console(live, http, attempt_id, last_seq=first["seq"])
    again.receive_until(lambda m: m["type"] == "ready")
    if not any(m.get("command_id") == second_id for m in again.messages):
        again.command("kubectl get namespaces", command_id=second_id)
    second = again.output_of(second_id)
    assert JournalEntry.objects.filter(cluster_id=attempt_id, command_id=second_id).count() == 1
    assert second["seq"] > first["seq"]
    assert all(m.get("seq") is None or m["seq"] > first["seq"] for m in again.messages)
    again.close()

    history = Console(live, http, attempt_id)
    history.receive_until(lambda m: m["type"] == "ready")
    outputs = [m["command_id"] for m in history.messages if m["type"] == "output"]
    assert outputs[:1] == [first["command_id"]] and second_id in outputs
    history.close()


def test_it_loses_nothing_when_the_websocket_drops(live, http):
    attempt_id, console = _open(live, http)
    ids = [console.command(f"kubectl get nodes # {n}") for n in range(3)]
    console.ws.close()  # drop at once, outputs still in flight
    time.sleep(0.2)
    again = Console(live, http, attempt_id, last_seq=console.last_seq)
    again.receive_until(lambda m: m["type"] == "ready")
    answered = {m.get("command_id") for m in again.messages}
    for n, command_id in enumerate(ids):  # as the browser does: resend the unanswered, same ids
        if command_id not in answered:
            again.command(f"kubectl get nodes # {n}", command_id=command_id)
    received = [again.output_of(i)["command_id"] for i in ids]
    for command_id in ids:
        assert JournalEntry.objects.filter(cluster_id=attempt_id, command_id=command_id).count() == 1
    assert received == ids
    seqs = [m["seq"] for m in again.messages if m["type"] == "output"]
    assert seqs == sorted(seqs)  # output arrives in command order
    again.close()
