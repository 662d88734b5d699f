import pytest

from kubelab.hosting.models import ClusterRecord
from kubelab.learning.models import Attempt

pytestmark = pytest.mark.django_db


def test_it_shows_the_catalogue_with_the_free_cluster(client, learner):
    client.force_login(learner)
    response = client.get("/")
    assert b"Free cluster" in response.content


def test_it_sends_strangers_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_starts_a_sandbox_with_its_cluster(client, learner):
    client.force_login(learner)
    response = client.post("/attempts/new/", {"lab": "free-cluster"})
    attempt = Attempt.objects.get(user=learner)
    assert response["Location"] == f"/attempts/{attempt.id}/"
    record = ClusterRecord.objects.get(attempt=attempt)
    assert record.spec == {"nodes": 3}
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert f'data-attempt="{attempt.id}"'.encode() in page.content


def test_it_refuses_an_unknown_lab(client, learner):
    client.force_login(learner)
    assert client.post("/attempts/new/", {"lab": "no-such-lab"}).status_code == 404


def test_it_hides_a_learners_attempt_from_a_second_learner(client, attempt, second_learner):
    client.force_login(second_learner)
    assert client.get(f"/attempts/{attempt.id}/").status_code == 404


def test_it_lists_attempts_to_pick_up_later(client, attempt, learner):
    client.force_login(learner)
    assert f"/attempts/{attempt.id}/".encode() in client.get("/").content
