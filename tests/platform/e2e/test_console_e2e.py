"""End to end: a real Daphne, a real Celery worker, Redis and the test database."""
import pytest

from conftest import Console, cluster_supports
from kubelab.hosting import leases
from platform_factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_runs_a_command_typed_in_the_console(stack, http):
    make_user(username="ada")
    http.login("ada")
    attempt_id = http.start_sandbox()
    console = Console(stack, http, attempt_id)
    console.receive_until(lambda m: m["type"] == "ready")
    command_id = console.command("kubectl get nodes")
    output = console.output_of(command_id)
    assert output["exit_code"] == 0
    assert "node-1" in output["text"] and "Ready" in output["text"]
    events = console.receive_until(lambda m: m["type"] == "events" and "map" in m)
    assert [n["name"] for n in events["map"]["nodes"]][-3:] == ["node-1", "node-2", "node-3"]
    assert leases.holder(attempt_id) in stack.workers
    console.close()


def test_it_streams_scheduler_and_kubelet_events_for_a_new_deployment(stack, http):
    line = "kubectl create deployment web --image=nginx --replicas=3"
    if not cluster_supports(line):
        pytest.skip("the cluster core does not yet schedule and start a deployment's pods")
    make_user(username="ada")
    http.login("ada")
    console = Console(stack, http, http.start_sandbox())
    console.receive_until(lambda m: m["type"] == "ready")
    output = console.output_of(console.command(line))
    assert output["text"].strip() == "deployment.apps/web created"
    components = set()

    def saw_scheduler_and_kubelet(message):
        if message["type"] == "events":
            components.update(e.get("component", "") for e in message["entries"])
        return any("scheduler" in c for c in components) and any("kubelet" in c for c in components)

    console.receive_until(saw_scheduler_and_kubelet, timeout=60)

    def three_running(message):
        pods = [p for n in message.get("map", {}).get("nodes", []) for p in n["pods"] if p["name"].startswith("web-")]
        return len(pods) == 3 and all(p["status"] == "Running" for p in pods)

    console.receive_until(lambda m: m["type"] == "events" and three_running(m), timeout=60)
    console.close()


def test_it_gives_a_second_learner_a_closed_socket_over_the_network(stack, http):
    from websockets.exceptions import InvalidStatus

    from conftest import HttpSession

    make_user(username="ada")
    make_user(username="grace")
    http.login("ada")
    attempt_id = http.start_sandbox()
    other = HttpSession(stack.url)
    other.login("grace")
    with pytest.raises(InvalidStatus):
        Console(stack, other, attempt_id)
    import urllib.error

    with pytest.raises(urllib.error.HTTPError) as page:
        other.get(f"/attempts/{attempt_id}/")
    assert page.value.code == 404


def test_it_refuses_a_foreign_origin_over_the_network(stack, http):
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    make_user(username="ada")
    http.login("ada")
    attempt_id = http.start_sandbox()
    with pytest.raises(InvalidStatus):
        connect(
            f"{stack.ws_url}/ws/attempts/{attempt_id}/",
            additional_headers={"Cookie": f"sessionid={http.cookie('sessionid')}", "Origin": "http://evil.example"},
        )


def test_it_is_ready_with_a_worker(stack, http):
    import json

    body = json.load(http.get("/readyz"))
    assert body["status"] == "ready"


def test_a_shell_in_a_pod_takes_the_console_prompt_until_ctrl_d(stack, http):
    """kubectl run -ti hands the terminal to the pod's shell: its prompt comes with each output."""
    make_user(username="ada")
    http.login("ada")
    console = Console(stack, http, http.start_sandbox())
    console.receive_until(lambda m: m["type"] == "ready")
    out = console.output_of(console.command("kubectl run -ti --rm t --image=busybox --restart=Never -- sh"))
    assert "If you don't see a command prompt, try pressing enter." in out["text"]
    assert out["prompt"] == "/ # "
    out = console.output_of(console.command("echo hello from $(hostname)"))
    assert (out["text"], out["prompt"]) == ("hello from t\n", "/ # ")
    out = console.output_of(console.command("\x04"))  # Ctrl-D
    assert out["prompt"] is None
    assert 'pod "t" deleted' in out["text"]
    out = console.output_of(console.command("kubectl get pods"))
    assert out["prompt"] is None and "No resources found" in out["text"]
    console.close()
