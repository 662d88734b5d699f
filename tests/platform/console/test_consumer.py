"""The console consumer, in process with WebsocketCommunicator and the real Redis channel layer."""
import asyncio
import json

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from kubelab.asgi import application
from kubelab.hosting import services
from platform_factories import make_attempt, make_user

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = b"http://localhost"


def _cookie_for(user) -> bytes:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


def communicator(attempt_id, *, cookie=b"", origin=ORIGIN, query=""):
    headers = [(b"host", b"localhost")]
    if origin is not None:
        headers.append((b"origin", origin))
    if cookie:
        headers.append((b"cookie", cookie))
    return WebsocketCommunicator(application, f"/ws/attempts/{attempt_id}/{query}", headers=headers)


def run(coro):
    """asyncio.run, except that tasks left behind (a consumer whose socket was refused is
    never told to disconnect) get five seconds to finish cancelling: a cancellation that
    lands inside the channel layer's blocking Redis pop has been seen to hang teardown,
    after the scenario itself had passed."""
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(coro)
    finally:
        pending = asyncio.all_tasks(loop)
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.wait(pending, timeout=5))
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()


@pytest.fixture
def owner_setup():
    learner = make_user(username="ada")
    attempt = make_attempt(user=learner)
    return learner, attempt


def test_it_accepts_the_owner_and_says_ready(owner_setup):
    learner, attempt = owner_setup

    async def scenario():
        ws = communicator(attempt.id, cookie=_cookie_for(learner))
        connected, _ = await ws.connect()
        assert connected
        ready = await ws.receive_json_from(timeout=5)
        assert ready == {"type": "ready", "seq": None, "attempt": str(attempt.id), "last_seq": 0}
        await ws.disconnect()

    run(scenario())


def test_it_closes_the_socket_for_a_second_learner(owner_setup):
    _, attempt = owner_setup
    other = make_user(username="grace")

    async def scenario():
        ws = communicator(attempt.id, cookie=_cookie_for(other))
        connected, code = await ws.connect()
        assert not connected and code == 4404

    run(scenario())


def test_it_closes_the_socket_for_a_stranger(owner_setup):
    _, attempt = owner_setup

    async def scenario():
        ws = communicator(attempt.id)
        connected, code = await ws.connect()
        assert not connected and code == 4404

    run(scenario())


@pytest.mark.parametrize("origin", [b"http://evil.example", None])
def test_it_refuses_a_foreign_or_missing_origin(owner_setup, origin):
    learner, attempt = owner_setup

    async def scenario():
        ws = communicator(attempt.id, cookie=_cookie_for(learner), origin=origin)
        connected, _ = await ws.connect()
        assert not connected

    run(scenario())


def test_it_rejects_oversized_messages_with_a_clear_error(owner_setup):
    learner, attempt = owner_setup

    async def scenario():
        ws = communicator(attempt.id, cookie=_cookie_for(learner))
        await ws.connect()
        await ws.receive_json_from(timeout=5)
        await ws.send_to(text_data=json.dumps({"type": "command", "id": "x", "line": "a" * 100_000}))
        error = await ws.receive_json_from(timeout=5)
        assert error["type"] == "error" and error["code"] == "message_too_large"
        assert "limit is 16384 bytes" in error["message"]
        await ws.send_json_to({"type": "ping", "id": "still-alive"})
        assert (await ws.receive_json_from(timeout=5)) == {"type": "pong", "seq": None, "id": "still-alive"}
        await ws.disconnect()

    run(scenario())


@pytest.mark.parametrize(
    "message,code",
    [
        ("not json", "bad_message"),
        (json.dumps({"type": "launch-missiles"}), "unknown_type"),
        (json.dumps({"type": "command", "id": "1"}), "bad_message"),
        (json.dumps({"type": "command", "id": "1", "line": 42}), "bad_message"),
        (json.dumps({"type": "resize", "cols": 0, "rows": 10}), "bad_message"),
        (json.dumps([1, 2]), "bad_message"),
    ],
)
def test_it_explains_malformed_messages(owner_setup, message, code):
    learner, attempt = owner_setup

    async def scenario():
        ws = communicator(attempt.id, cookie=_cookie_for(learner))
        await ws.connect()
        await ws.receive_json_from(timeout=5)
        await ws.send_to(text_data=message)
        error = await ws.receive_json_from(timeout=5)
        assert error["type"] == "error" and error["code"] == code and error["seq"] is None
        await ws.disconnect()

    run(scenario())


def test_it_replays_what_a_reconnecting_console_missed(owner_setup):
    learner, attempt = owner_setup
    for seq in (1, 2, 3):
        services.message_record(
            cluster_id=attempt.id, seq=seq, kind="output",
            payload={"command_id": f"c{seq}", "line": "kubectl get nodes", "text": f"out {seq}\n", "exit_code": 0},
            journal_index=seq,
        )

    async def scenario():
        ws = communicator(attempt.id, cookie=_cookie_for(learner), query="?last_seq=1")
        await ws.connect()
        first = await ws.receive_json_from(timeout=5)
        second = await ws.receive_json_from(timeout=5)
        ready = await ws.receive_json_from(timeout=5)
        assert [first["seq"], second["seq"]] == [2, 3]
        assert second["text"] == "out 3\n" and second["type"] == "output"
        assert ready["type"] == "ready" and ready["last_seq"] == 3
        await ws.disconnect()

    run(scenario())


def test_it_relays_what_workers_publish_to_the_attempt_group(owner_setup):
    from channels.layers import get_channel_layer

    from kubelab.hosting.publishing import group_name

    learner, attempt = owner_setup

    async def scenario():
        ws = communicator(attempt.id, cookie=_cookie_for(learner))
        await ws.connect()
        await ws.receive_json_from(timeout=5)
        message = {"type": "events", "seq": 7, "now": 61.0, "entries": [{"component": "kube-scheduler"}]}
        await get_channel_layer().group_send(group_name(attempt.id), {"type": "console.message", "message": message})
        assert await ws.receive_json_from(timeout=5) == message
        # the same seq again (replay and live overlap) is not sent twice
        await get_channel_layer().group_send(group_name(attempt.id), {"type": "console.message", "message": message})
        assert await ws.receive_nothing(timeout=0.3)
        await ws.disconnect()

    run(scenario())


def test_it_starts_the_clock_while_watched_and_stops_it_after(owner_setup):
    from kubelab.hosting.models import ClusterRecord

    learner, attempt = owner_setup

    async def scenario():
        ws = communicator(attempt.id, cookie=_cookie_for(learner))
        await ws.connect()
        await ws.receive_json_from(timeout=5)
        running = await database_sync_to_async(ClusterRecord.objects.get)(attempt_id=attempt.id)
        assert running.clock_wall_base is not None
        await ws.disconnect()

    run(scenario())
    assert ClusterRecord.objects.get(attempt_id=attempt.id).clock_wall_base is None


def test_it_keeps_an_idle_console_open_past_the_redis_blocking_pop(owner_setup):
    """redis-py 8's 5 s socket timeout equals channels-redis' 5 s BZPOPMIN."""
    learner, attempt = owner_setup

    async def scenario():
        ws = communicator(attempt.id, cookie=_cookie_for(learner))
        await ws.connect()
        await ws.receive_json_from(timeout=5)
        await asyncio.sleep(6.5)
        await ws.send_json_to({"type": "ping", "id": "after-idle"})
        # A worker left running by an earlier test may stream this attempt's events
        # meanwhile; the console must still be open and answer the ping.
        for _ in range(50):
            msg = await ws.receive_json_from(timeout=5)
            if msg.get("id") == "after-idle":
                break
        else:
            raise AssertionError("no pong after the idle period")
        await ws.disconnect()

    run(scenario())


def test_it_takes_an_editor_save_larger_than_a_command_but_not_larger_than_a_file(owner_setup):
    learner, attempt = owner_setup

    async def scenario():
        ws = communicator(attempt.id, cookie=_cookie_for(learner))
        await ws.connect()
        await ws.receive_json_from(timeout=5)
        # A 20 KB command is refused: only an editor save may be that large.
        await ws.send_to(text_data=json.dumps({"type": "command", "id": "x", "line": "a" * 20_000}))
        error = await ws.receive_json_from(timeout=5)
        assert error["code"] == "message_too_large" and "(163840 for an editor save)" in error["message"]
        # A save of more than the editor's 64 KiB is refused with the file's size.
        await ws.send_to(text_data=json.dumps({"type": "save", "id": "s", "path": "big.yaml", "content": "a" * 70_000}))
        error = await ws.receive_json_from(timeout=5)
        assert error == {"type": "error", "seq": None, "code": "too_long",
                         "message": "the file is 70000 bytes; the editor saves at most 65536"}
        await ws.send_to(text_data=json.dumps({"type": "open", "id": "o", "path": "../../etc/passwd"}))
        error = await ws.receive_json_from(timeout=5)
        assert error["code"] == "bad_path"
        await ws.disconnect()

    run(scenario())
