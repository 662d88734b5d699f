"""A lab end to end: real Daphne, a real Celery worker, Redis and the test database.

The worker re-checks the lab after every command and pushes numbered
`progress` messages; answers posted over HTTP are checked by the same worker;
the editor reads and writes the cluster's scratch files over the websocket.
"""
import json
import urllib.error

import pytest

from conftest import Console
from kubelab.learning.models import Progress
from platform_factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)

FIRST = "01-servers-to-orchestration"


def _lab_console(stack, http, lab=FIRST):
    make_user(username="ada")
    http.login("ada")
    attempt_id = http.start(lab)
    console = Console(stack, http, attempt_id)
    console.receive_until(lambda m: m["type"] == "ready")
    return attempt_id, console


def _passed(step_id):
    def check(message):
        if message["type"] != "progress":
            return False
        return any(s["id"] == step_id and s["status"] == "passed" for s in message["lab"]["steps"])

    return check


def test_it_pushes_progress_after_a_command_and_keeps_it(stack, http):
    attempt_id, console = _lab_console(stack, http)
    assert console.output_of(console.command("kubectl get nodes"))["exit_code"] == 0
    progress = console.receive_until(_passed("list-nodes"))
    assert isinstance(progress["seq"], int) and progress["lab"]["earned"] > 0
    assert Progress.objects.get(attempt_id=attempt_id).data["steps"][0]["status"] == "passed"
    console.close()
    # Days later: a new console gets the same progress back in its replay.
    again = Console(stack, http, attempt_id)
    again.receive_until(_passed("list-nodes"))
    again.receive_until(lambda m: m["type"] == "ready")
    again.close()


def test_it_checks_a_reflection_answer_against_the_cluster(stack, http):
    attempt_id, console = _lab_console(stack, http)

    def answered(status):
        return lambda m: m["type"] == "progress" and any(
            q["id"] == "workers" and q["status"] == status for q in m["lab"]["questions"]
        )

    page = http.get(f"/attempts/{attempt_id}/").read().decode()
    assert 'data-question="workers"' in page
    response = http.post(f"/attempts/{attempt_id}/answers/", {"question": "workers", "answer": "4"})
    assert response.status == 200  # redirected back to the page
    console.receive_until(answered("incorrect"))
    http.post(f"/attempts/{attempt_id}/answers/", {"question": "workers", "answer": "3"})
    console.receive_until(answered("correct"))
    console.close()


def test_it_refuses_an_answer_post_without_csrf(stack, http):
    import urllib.request

    attempt_id, console = _lab_console(stack, http)
    console.close()
    body = "question=workers&answer=3".encode()
    request = urllib.request.Request(f"{stack.url}/attempts/{attempt_id}/answers/", data=body)
    request.add_header("Cookie", f"sessionid={http.cookie('sessionid')}")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403


def test_it_reads_and_writes_scratch_files_for_the_editor(stack, http):
    attempt_id, console = _lab_console(stack, http, "free-cluster")
    text = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n"
    console.send({"type": "save", "id": "save-1", "path": "ns.yaml", "content": text})
    saved = console.output_of("save-1")
    assert saved["exit_code"] == 0 and saved["line"].startswith("cat > /root/ns.yaml <<'KUBELAB_EOF'")
    console.send({"type": "files", "id": "list-1"})
    listing = console.receive_until(lambda m: m["type"] == "files" and m["id"] == "list-1")
    assert listing["files"] == ["ns.yaml"] and listing["seq"] is None
    console.send({"type": "open", "id": "open-1", "path": "ns.yaml"})
    opened = console.receive_until(lambda m: m["type"] == "files" and m["id"] == "open-1")
    assert opened["content"] == text
    assert "namespace/team-a created" in console.output_of(console.command("kubectl apply -f ns.yaml"))["text"]
    console.close()


def test_it_shows_a_progress_bar_for_a_long_advance(stack, http):
    attempt_id, console = _lab_console(stack, http, "free-cluster")
    command_id = console.command("sim advance 2h")
    console.output_of(command_id)
    bars = [m for m in console.messages if m["type"] == "working"]
    assert bars and bars[0]["done"] == 0 and bars[-1]["done"] == bars[-1]["total"] == 7200
    console.close()
