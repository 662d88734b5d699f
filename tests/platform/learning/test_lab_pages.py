"""The catalogue lists the real labs; a lab page shows background, practice and reflection; answers are kept."""
import json

import labs
import pytest
from django.test import Client

from kubelab.hosting.models import ClusterRecord
from kubelab.learning import services
from kubelab.learning.models import Answer, Attempt
from platform_factories import make_attempt

pytestmark = pytest.mark.django_db

FIRST = "01-servers-to-orchestration"


def test_it_lists_every_lab_with_its_minutes_difficulty_and_prerequisites(client, learner):
    client.force_login(learner)
    page = client.get("/").content.decode()
    for lab in labs.all_labs():
        assert lab.title.replace("'", "&#x27;") in page
        assert f'data-start="{lab.slug}"' in page
    deployments = labs.load("04-deployments")
    assert f"{deployments.minutes} min" in page and deployments.difficulty in page
    assert "After:" in page and labs.load("03-controllers").title in page
    assert "Free cluster" in page


def test_it_starts_a_lab_on_its_own_cluster_spec_and_seed(client, learner):
    client.force_login(learner)
    response = client.post("/attempts/new/", {"lab": "04-deployments"})
    attempt = Attempt.objects.get(user=learner)
    assert response["Location"] == f"/attempts/{attempt.id}/"
    lab = labs.load("04-deployments")
    record = ClusterRecord.objects.get(attempt=attempt)
    assert record.seed == lab.seed
    assert record.spec == lab.cluster_spec().to_dict()
    assert attempt.title == lab.title


def test_it_shows_background_practice_and_reflection_on_the_lab_page(client, learner):
    attempt = make_attempt(user=learner, lab_slug=FIRST)
    client.force_login(learner)
    page = client.get(f"/attempts/{attempt.id}/").content.decode()
    lab = labs.load(FIRST)
    for tab in ("background", "practice", "reflection"):
        assert f'data-panel-tab="{tab}"' in page
    for step in lab.steps:
        assert f'data-step="{step.id}"' in page
    for question in lab.questions:
        assert f'data-question="{question.id}"' in page
    # "Try this" blocks become paste buttons carrying their lines.
    assert 'data-paste="[&quot;kubectl get nodes&quot;]"' in page
    # Markdown is rendered on the server; Mermaid stays readable source for the page to draw.
    assert "<h2>" in page or "<h1>" in page
    assert 'class="mermaid"' in page
    assert "csrfmiddlewaretoken" in page


def test_it_keeps_the_free_cluster_page_working(client, attempt, learner):
    client.force_login(learner)
    page = client.get(f"/attempts/{attempt.id}/").content.decode()
    assert "kubectl get nodes" in page and "data-panel-tab" not in page


def test_it_saves_an_answer_and_says_so_in_json(client, learner):
    attempt = make_attempt(user=learner, lab_slug=FIRST)
    client.force_login(learner)
    response = client.post(
        f"/attempts/{attempt.id}/answers/", {"question": "workers", "answer": " 3 "}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200 and response.json() == {"saved": True, "question": "workers"}
    assert Answer.objects.get(attempt=attempt, question_id="workers").text == "3"
    # Answering again replaces the answer.
    client.post(f"/attempts/{attempt.id}/answers/", {"question": "workers", "answer": "4"})
    assert Answer.objects.get(attempt=attempt, question_id="workers").text == "4"
    assert 'value="4"' in client.get(f"/attempts/{attempt.id}/").content.decode()


@pytest.mark.parametrize(
    "question,answer,error",
    [
        ("no-such-question", "x", "this lab has no question 'no-such-question'"),
        ("workers", "   ", "the answer is empty"),
        ("workers", "9" * 2001, "the answer is 2001 characters long; the limit is 2000"),
    ],
)
def test_it_explains_why_an_answer_was_refused(client, learner, question, answer, error):
    attempt = make_attempt(user=learner, lab_slug=FIRST)
    client.force_login(learner)
    response = client.post(
        f"/attempts/{attempt.id}/answers/", {"question": question, "answer": answer}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400 and response.json()["error"] == error
    assert not Answer.objects.filter(attempt=attempt).exists()


def test_it_refuses_an_answer_without_the_csrf_token(learner):
    attempt = make_attempt(user=learner, lab_slug=FIRST)
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    response = client.post(f"/attempts/{attempt.id}/answers/", {"question": "workers", "answer": "3"})
    assert response.status_code == 403
    assert not Answer.objects.filter(attempt=attempt).exists()


def test_it_hides_answers_from_a_second_learner(client, learner, second_learner):
    attempt = make_attempt(user=learner, lab_slug=FIRST)
    client.force_login(second_learner)
    response = client.post(f"/attempts/{attempt.id}/answers/", {"question": "workers", "answer": "3"})
    assert response.status_code == 404
    assert not Answer.objects.filter(attempt=attempt).exists()


def test_it_shows_the_learners_progress_in_the_catalogue(client, learner):
    attempt = make_attempt(user=learner, lab_slug=FIRST)
    services.progress_store(attempt_id=attempt.id, data={"score": 0.4, "earned": 40, "total": 100, "complete": False})
    client.force_login(learner)
    page = client.get("/").content.decode()
    assert f'data-resume="{FIRST}"' in page and "40%" in page


def test_it_refuses_a_choice_that_was_not_offered(client, learner):
    lab = next(l for l in labs.all_labs() if any(q.choices for q in l.questions))
    question = next(q for q in lab.questions if q.choices)
    attempt = make_attempt(user=learner, lab_slug=lab.slug)
    client.force_login(learner)
    response = client.post(
        f"/attempts/{attempt.id}/answers/", {"question": question.id, "answer": "none of these"},
        HTTP_ACCEPT="application/json",
    )
    assert json.loads(response.content)["error"] == "pick one of the choices offered"
