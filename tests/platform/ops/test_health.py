import pytest

from kubelab.hosting import leases


def test_it_answers_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_it_is_not_ready_without_a_worker(client):
    from kubelab.hosting import redis_client

    for node in leases.live_workers():
        redis_client.get().delete(f"{leases.WORKER_PREFIX}{node}")
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 503
    assert body["checks"]["database"] == "ok" and body["checks"]["redis"] == "ok"
    assert body["checks"]["workers"].startswith("error")


@pytest.mark.django_db
def test_it_is_ready_when_a_worker_reports_in(client):
    leases.heartbeat("probe@test")
    response = client.get("/readyz")
    assert response.status_code == 200
    assert "probe@test" in response.json()["checks"]["workers"]


def test_it_fails_loudly_on_a_bad_boolean(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from kubelab.settings import envbool

    monkeypatch.setenv("DEBUG", "ture")
    with pytest.raises(ImproperlyConfigured):
        envbool("DEBUG", "false")
