"""Sessions: Django's database sessions, so any web node (and any worker in it) serves any
request of a journey; nothing about a visitor is kept in a worker's memory (docs/scaling.md)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session

from web.accounts.models import User
from web.journey.answers import SESSION_KEY
from web.journey.testing import QUESTION_URLS, TODAY, finished, put_answers, stored

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]


@pytest.fixture
def fixed_today(settings):
    settings.SEND_REDRESS_TODAY = TODAY


def key(client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def in_database(session_key: str) -> dict:
    return SessionStore().decode(Session.objects.get(pk=session_key).session_data)


def test_it_is_djangos_own_database_engine_and_its_middleware():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert "django.contrib.sessions.middleware.SessionMiddleware" in settings.MIDDLEWARE


@pytest.mark.parametrize(
    "url", [*QUESTION_URLS.values(), "/questions/date/1", "/check-your-answers", "/result"]
)
def test_a_page_reads_the_session_with_one_query(client, url, django_assert_num_queries):
    put_answers(client, finished("refused-assessment"))
    with django_assert_num_queries(1):
        assert client.get(url).status_code == 200


def test_an_answer_is_saved_under_the_same_key_and_read_back(client):
    put_answers(client, finished("refused-assessment"))
    first = key(client)
    response = client.post("/questions/council", {"answer": "england"})
    assert response.status_code == 302
    assert key(client) == first
    assert in_database(first)[SESSION_KEY]["council"] == "england"
    assert stored(client)["council"] == "england"
    html = client.get("/questions/council").content.decode()
    assert 'value="england" selected' in html and 'value="bedford" selected' not in html


def test_looking_at_pages_writes_nothing(client, django_assert_num_queries):
    put_answers(client, finished("delay"))
    first = key(client)
    for url in [*QUESTION_URLS.values(), "/check-your-answers", "/result", "/routes/"]:
        response = client.get(url)
        assert settings.SESSION_COOKIE_NAME not in response.cookies, url
    assert key(client) == first


def test_starting_again_deletes_the_session_and_its_cookie(client):
    put_answers(client, finished("delay"))
    old = key(client)
    response = client.post("/start-again/confirm")
    assert response.cookies[settings.SESSION_COOKIE_NAME].value == ""
    assert not Session.objects.filter(pk=old).exists()


def test_the_cookie_holds_only_a_random_key(client):
    put_answers(client, finished("delay"))
    client.post("/questions/who", {"answer": "young-person"})
    value = key(client)
    assert len(value) == 32 and value.isalnum()
    assert SessionStore().exists(value)


def test_signing_out_deletes_the_signed_in_session(client):
    user = User.objects.create_user(email="parent@example.com", password="a long passphrase 42")
    client.force_login(user)
    signed_in = key(client)
    client.post("/questions/who", {"answer": "parent"})
    assert key(client) == signed_in
    client.logout()
    assert not Session.objects.filter(session_key=signed_in).exists()


def test_an_expired_or_unknown_session_reads_as_empty_and_gets_a_new_key():
    store = SessionStore()
    store["x"] = 1
    store.set_expiry(-1)  # already expired
    store.save()
    old = store.session_key
    again = SessionStore(old)
    assert again.load() == {} and again.session_key is None
    assert SessionStore("a" * 32).load() == {}
