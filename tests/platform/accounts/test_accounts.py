import pytest
from django.core.management import call_command
from django.test import Client

from kubelab.accounts.models import Role, User
from platform_factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_it_signs_up_a_learner_and_logs_them_in(client):
    response = client.post(
        "/accounts/signup/",
        {"username": "newbie", "email": "n@example.com", "role": "learner", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert User.objects.get(username="newbie").role == Role.LEARNER
    assert client.get("/").status_code == 200


def test_it_signs_up_an_instructor(client):
    client.post(
        "/accounts/signup/",
        {"username": "prof", "role": "instructor", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert User.objects.get(username="prof").is_instructor


def test_it_logs_in_and_out(client, learner):
    response = client.post("/accounts/login/", {"username": "ada", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


def test_it_refuses_a_wrong_password(client, learner):
    response = client.post("/accounts/login/", {"username": "ada", "password": "nope-nope-nope"})
    assert response.status_code == 200
    assert b"correct username and password" in response.content


@pytest.mark.parametrize(
    "path,data",
    [
        ("/accounts/login/", {"username": "ada", "password": PASSWORD}),
        ("/accounts/signup/", {"username": "x", "role": "learner", "password1": PASSWORD, "password2": PASSWORD}),
        ("/accounts/logout/", {}),
        ("/attempts/new/", {"lab": "free-cluster"}),
    ],
)
def test_it_requires_csrf_on_every_form(learner, path, data):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    assert client.post(path, data).status_code == 403


def test_it_creates_demo_users_and_prints_their_logins(capsys):
    call_command("demo_users")
    printed = capsys.readouterr().out
    assert "learner" in printed and "kubelab-learner" in printed
    assert "instructor" in printed and "kubelab-instructor" in printed
    assert User.objects.get(username="instructor").is_instructor
    assert Client().login(username="learner", password="kubelab-learner")
