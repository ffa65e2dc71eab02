"""Runs only in make test's second pass, on the PostgreSQL cluster from scripts/postgres."""

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.postgres,
]


@pytest.mark.django_db
def test_the_database_is_postgresql():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("show server_version")
        assert int(cursor.fetchone()[0].split(".")[0]) >= 13


@pytest.mark.django_db
def test_sessions_round_trip(client):
    client.post("/examples/question", {"who": "parent", "council": "Bedford Borough Council"})
    assert client.session["example"]["council"] == "Bedford Borough Council"
