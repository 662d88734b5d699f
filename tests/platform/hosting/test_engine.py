"""The worker's engine in process, on the real database and Redis: lab progress, the editor's files,
`kubectl edit`, and the progress bar of long operations. Nothing of ours is replaced; the engine is
driven the way the Celery tasks drive it."""
import asyncio

import labs
import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from kubelab.console import protocol
from kubelab.hosting import editing, engine, leases, publishing, runtime
from kubelab.hosting.models import ConsoleMessage, JournalEntry
from kubelab.learning import services as learning_services
from kubelab.learning.models import Progress
from platform_factories import make_attempt

pytestmark = pytest.mark.django_db

NODE = "inproc@kubelab-test"
FIRST = "01-servers-to-orchestration"


@pytest.fixture
def hold():
    held = []

    def _hold(attempt):
        held.append(str(attempt.id))
        return engine.hold(attempt.id, NODE)

    yield _hold
    for attempt_id in held:
        runtime.registry.drop(attempt_id)
        leases.release(attempt_id, NODE)


_ids = iter(range(1, 10_000))


def run(hosted, line):
    command_id = f"c{next(_ids)}"
    engine.run_command(hosted, command_id=command_id, line=line)
    message = ConsoleMessage.objects.get(cluster_id=hosted.attempt_id, kind="output", payload__command_id=command_id)
    return message.payload


def progress_messages(attempt):
    return [m.payload["lab"] for m in ConsoleMessage.objects.filter(cluster_id=attempt.id, kind="progress").order_by("seq")]


def test_it_passes_a_step_after_the_command_and_stores_the_score(learner, hold):
    attempt = make_attempt(user=learner, lab_slug=FIRST)
    hosted = hold(attempt)
    assert run(hosted, "kubectl get nodes")["exit_code"] == 0
    progress = Progress.objects.get(attempt=attempt)
    first = progress.data["steps"][0]
    assert (first["id"], first["status"]) == ("list-nodes", "passed")
    assert progress.score > 0 and progress.earned == first["points"]
    published = progress_messages(attempt)[-1]
    assert published == progress.data and published["current"] == "control-plane"


def test_it_publishes_progress_only_when_it_changes(learner, hold):
    attempt = make_attempt(user=learner, lab_slug=FIRST)
    hosted = hold(attempt)
    run(hosted, "kubectl get nodes")
    before = len(progress_messages(attempt))
    engine.grade(hosted)
    engine.grade(hosted)
    assert len(progress_messages(attempt)) == before


def test_it_takes_a_lab_to_full_marks_through_the_platform(learner, hold):
    from labs.playing import resolve_answers

    lab = labs.load(FIRST)
    attempt = make_attempt(user=learner, lab_slug=FIRST)
    hosted = hold(attempt)
    for line in lab.solution.commands:
        run(hosted, line)
    for question_id, answer in resolve_answers(lab, hosted.cluster, lab.solution.answers).items():
        learning_services.answer_save(attempt=attempt, question_id=question_id, text=str(answer))
    engine.grade(hosted)
    progress = Progress.objects.get(attempt=attempt)
    assert progress.complete and progress.score == 1.0
    assert progress_messages(attempt)[-1]["complete"] is True


def test_it_shows_the_wrong_paths_hint(learner, hold):
    lab = labs.load(FIRST)
    attempt = make_attempt(user=learner, lab_slug=FIRST)
    hosted = hold(attempt)
    for line in lab.wrong_path.commands:
        run(hosted, line)
    progress = Progress.objects.get(attempt=attempt).data
    step = next(s for s in progress["steps"] if s["id"] == lab.wrong_path.expect_step)
    assert step["status"] != "passed"
    assert any(lab.wrong_path.expect_hint in hint for hint in step["hints"])
    assert progress["score"] < 1.0


def test_it_resumes_the_same_cluster_and_progress_after_leaving_memory(learner, hold):
    attempt = make_attempt(user=learner, lab_slug=FIRST)
    hosted = hold(attempt)
    run(hosted, "kubectl get nodes")
    run(hosted, "kubectl get pods -n kube-system")
    digest, before = hosted.cluster.state_digest(), Progress.objects.get(attempt=attempt).data
    engine.let_go(hosted, NODE)  # what eviction or a clean worker stop does
    again = hold(attempt)
    assert again is not hosted and again.cluster.state_digest() == digest
    engine.grade(again)
    assert Progress.objects.get(attempt=attempt).data == before
    run(again, "kubectl describe node node-1")
    assert Progress.objects.get(attempt=attempt).data["steps"][1]["status"] == "passed"


def test_it_leaves_the_sandbox_ungraded(attempt, hold):
    hosted = hold(attempt)
    run(hosted, "kubectl get nodes")
    assert not Progress.objects.filter(attempt=attempt).exists()
    assert not ConsoleMessage.objects.filter(cluster_id=attempt.id, kind="progress").exists()


# --- the editor's files ------------------------------------------------------------


def test_it_saves_a_file_from_the_editor_as_a_journaled_command(attempt, hold):
    hosted = hold(attempt)
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  colour: $BLUE\n"
    message = protocol.parse({"type": "save", "id": "s1", "path": "cm.yaml", "content": text})
    assert run(hosted, message.line)["exit_code"] == 0
    assert engine.read_files(hosted, path=None) == {"files": ["cm.yaml"]}
    assert engine.read_files(hosted, path="cm.yaml") == {"path": "cm.yaml", "content": text}
    assert run(hosted, "kubectl apply -f cm.yaml")["text"] == "configmap/settings created\n"
    assert hosted.cluster.get("configmaps", "settings")["data"] == {"colour": "$BLUE"}
    assert JournalEntry.objects.filter(cluster_id=attempt.id, line=message.line).exists()
    # The files come back from the journal alone.
    from clusters import Cluster, ClusterSpec

    from kubelab.hosting.models import ClusterRecord

    record = ClusterRecord.objects.get(attempt=attempt)
    replayed = Cluster(ClusterSpec.from_dict(record.spec), seed=record.seed)
    for entry in JournalEntry.objects.filter(cluster=record).order_by("index"):
        replayed.advance_to(max(replayed.now, entry.at))
        if entry.kind == "command":
            replayed.run(entry.line)
    assert replayed.files == hosted.cluster.files and replayed.state_digest() == hosted.cluster.state_digest()


def test_the_editor_saves_in_the_home_directory_wherever_cd_left_the_console(attempt, hold):
    hosted = hold(attempt)
    run(hosted, "mkdir -p app/base && cd app/base")
    message = protocol.parse({"type": "save", "id": "s1", "path": "web.yaml", "content": "a: 1\n"})
    assert run(hosted, message.line)["exit_code"] == 0
    assert engine.read_files(hosted, path="web.yaml")["content"] == "a: 1\n"
    assert run(hosted, "pwd")["text"] == "/root/app/base\n"
    assert run(hosted, "ls")["text"] == ""


def test_it_keeps_a_file_that_contains_the_heredoc_delimiter(attempt, hold):
    hosted = hold(attempt)
    text = "a: 1\nKUBELAB_EOF\nb: 2\n"
    run(hosted, editing.save_command("odd.yaml", text))
    assert engine.read_files(hosted, path="odd.yaml")["content"] == text


@pytest.mark.parametrize(
    "path,error",
    [
        ("../etc/passwd", "name a file inside your scratch directory, without .."),
        ("web.yaml; rm -rf /", "use letters, digits and . _ - / ~ in file names"),
        ("", "a file name is required"),
        ("x" * 300, "the file name is longer than 255 characters"),
    ],
)
def test_it_refuses_bad_file_names_with_a_reason(path, error):
    with pytest.raises(protocol.Invalid) as refused:
        protocol.parse({"type": "save", "id": "s", "path": path, "content": "a: 1\n"})
    assert refused.value.code == "bad_path" and refused.value.message == error


def test_it_refuses_a_file_larger_than_the_editor_saves():
    with pytest.raises(protocol.Invalid) as refused:
        protocol.parse({"type": "save", "id": "s", "path": "big.yaml", "content": "x" * (editing.MAX_FILE_BYTES + 1)})
    assert refused.value.message == f"the file is {editing.MAX_FILE_BYTES + 1} bytes; the editor saves at most 65536"


def test_it_says_when_a_file_does_not_exist(attempt, hold):
    hosted = hold(attempt)
    assert engine.read_files(hosted, path="nope.yaml") == {"path": "nope.yaml", "error": "nope.yaml: No such file"}


def test_it_opens_kubectl_edit_in_the_editor_and_applies_the_save(attempt, hold):
    hosted = hold(attempt)
    run(hosted, "kubectl create deployment web --image=nginx --replicas=2")
    opened = run(hosted, "kubectl edit deploy/web")
    assert opened["exit_code"] == 0 and opened["edit"]["target"] == "deploy/web"
    path = opened["edit"]["path"]
    assert opened["line"].endswith("  # kubectl edit deploy/web")  # lab checks on command history still see it
    content = engine.read_files(hosted, path=path)["content"]
    assert "kind: Deployment" in content and "replicas: 2" in content
    save = protocol.parse(
        {"type": "save", "id": "e1", "path": path, "content": content.replace("replicas: 2", "replicas: 4", 1),
         "apply": True, "origin": opened["edit"]["origin"]}
    )
    applied = run(hosted, save.line)
    assert applied["exit_code"] == 0 and "deployment.apps/web configured" in applied["text"]
    assert hosted.cluster.get("deployments", "web")["spec"]["replicas"] == 4


def test_it_opens_kubectl_create_edit_in_the_editor_and_creates_the_save(attempt, hold):
    """create.go RunEditOnCreate: the manifest opens in the editor; what is saved is created."""
    hosted = hold(attempt)
    run(hosted, "kubectl create deployment web --image=nginx --dry-run=client -o yaml > web.yaml")
    opened = run(hosted, "kubectl create -f web.yaml --edit")
    assert opened["exit_code"] == 0 and opened["edit"]["path"] == "/tmp/kubectl-create-web.yaml"
    assert "Save it to create what it holds (kubectl create -f)" in opened["text"]
    assert hosted.cluster.api.try_get("deployments", "web", "default") is None  # nothing yet, as in kubectl
    content = engine.read_files(hosted, path=opened["edit"]["path"])["content"]
    assert "kind: Deployment" in content and "replicas: 1" in content
    save = protocol.parse(
        {"type": "save", "id": "c1", "path": opened["edit"]["path"], "content": content.replace("replicas: 1", "replicas: 3", 1),
         "apply": True, "origin": opened["edit"]["origin"]}
    )
    assert save.line.splitlines()[-1] == "kubectl create -f /tmp/kubectl-create-web.yaml  # kubectl create -f web.yaml --edit"
    created = run(hosted, save.line)
    assert created["exit_code"] == 0 and "deployment.apps/web created" in created["text"]
    assert hosted.cluster.get("deployments", "web")["spec"]["replicas"] == 3
    missing = run(hosted, "kubectl create -f nope.yaml --edit")
    assert missing["exit_code"] != 0 and 'the path "nope.yaml" does not exist' in missing["text"] and "edit" not in missing


def test_it_answers_kubectl_edit_of_a_missing_object_as_kubectl_does(attempt, hold):
    hosted = hold(attempt)
    missing = run(hosted, "kubectl edit deployment nope")
    assert missing["exit_code"] != 0 and "NotFound" in missing["text"] and "edit" not in missing


# --- long operations ----------------------------------------------------------------


class Listener:
    """A channel in the attempt's group, as a console is: what would the page receive?"""

    def __init__(self, attempt_id):
        self.layer = get_channel_layer()
        self.group = publishing.group_name(attempt_id)
        self.channel = async_to_sync(self.layer.new_channel)()
        async_to_sync(self.layer.group_add)(self.group, self.channel)

    def drain(self):
        async def collect():
            out = []
            while True:
                try:
                    event = await asyncio.wait_for(self.layer.receive(self.channel), timeout=1.0)
                except asyncio.TimeoutError:
                    return out
                out.append(event["message"])

        return async_to_sync(collect)()


def test_it_shows_a_progress_bar_for_sim_advance(attempt, hold):
    hosted = hold(attempt)
    listener = Listener(attempt.id)
    run(hosted, "sim advance 1h")
    messages = listener.drain()
    bars = [m for m in messages if m["type"] == "working"]
    assert bars[0]["done"] == 0 and bars[-1]["done"] == bars[-1]["total"] == 3600
    assert all(b["seq"] is None for b in bars)  # transient: not numbered, not kept
    assert [b["done"] for b in bars] == sorted(b["done"] for b in bars)
    assert "sim advance 1h" in bars[0]["label"]
    kinds = [m["type"] for m in messages]
    assert kinds.index("output") > max(i for i, k in enumerate(kinds) if k == "working")
    assert not ConsoleMessage.objects.filter(cluster_id=attempt.id, kind="working").exists()


def test_it_shows_no_bar_for_a_quick_command(attempt, hold):
    hosted = hold(attempt)
    listener = Listener(attempt.id)
    run(hosted, "kubectl get nodes")
    assert not [m for m in listener.drain() if m["type"] == "working"]


def test_it_catches_up_in_steps_to_the_same_cluster_as_one_advance(attempt, hold):
    from clusters import Cluster, ClusterSpec

    hosted = hold(attempt)
    run(hosted, "kubectl create deployment web --image=nginx --replicas=3")
    listener = Listener(attempt.id)
    target = hosted.cluster.now + 900
    engine._catch_up(hosted, target)
    bars = [m for m in listener.drain() if m["type"] == "working"]
    assert bars[0]["done"] == 0 and bars[-1]["done"] == bars[-1]["total"] == 900
    # One journal entry for the whole span; replaying it in one go gives the same cluster.
    last = JournalEntry.objects.filter(cluster_id=attempt.id).order_by("-index").first()
    assert (last.kind, last.at) == ("advance", target)
    one = Cluster(ClusterSpec.from_dict(hosted.cluster.spec.to_dict()), seed=hosted.cluster.seed)
    one.advance_to(JournalEntry.objects.get(cluster_id=attempt.id, kind="command").at)
    one.run("kubectl create deployment web --image=nginx --replicas=3")
    one.advance_to(target)
    assert one.state_digest() == hosted.cluster.state_digest()
