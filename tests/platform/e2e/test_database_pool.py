"""Daphne pools its PostgreSQL connections (kubelab.asgi, kubelab.settings).

Under ASGI each request runs in a context of its own, so without a pool every
page load and every websocket's database call forked a PostgreSQL backend.
"""
import pytest
from django.db import connection

from platform_factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)


def _sessions_opened() -> int:
    # pg_stat_database.sessions (PostgreSQL 14+): sessions established to this database.
    with connection.cursor() as cur:
        cur.execute("SELECT pg_stat_clear_snapshot()")
        cur.execute("SELECT sessions FROM pg_stat_database WHERE datname = current_database()")
        return cur.fetchone()[0]


def test_thirty_page_loads_reuse_a_few_database_connections(live, http):
    if connection.vendor != "postgresql":
        pytest.skip("the pool is PostgreSQL's (the embedded SQLite opens a file)")
    make_user(username="ada")
    http.login("ada")
    http.get("/").read()
    before = _sessions_opened()
    for _ in range(30):
        assert b"Free cluster" in http.get("/").read()
    assert _sessions_opened() - before <= 4


def test_pages_still_load_after_postgresql_drops_the_pooled_connections(live, http):
    """As after a PostgreSQL restart: the pool checks a connection before lending it."""
    if connection.vendor != "postgresql":
        pytest.skip("the pool is PostgreSQL's")
    make_user(username="ada")
    http.login("ada")
    for _ in range(3):
        http.get("/").read()
    with connection.cursor() as cur:
        cur.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND application_name = 'kubelab-web'")
        assert cur.fetchone()[0] >= 1
    for _ in range(5):
        assert b"Free cluster" in http.get("/").read()
