"""Sessions: Django's database sessions, so any web node (and any worker in it) serves any
request of a journey; nothing about a visitor is kept in a worker's memory (docs/scaling.md)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.test import Client

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


def test_it_is_djangos_cached_database_engine_over_a_cache_in_the_database():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    # Not a worker's memory: every worker and node reads the same table, so a session ended on
    # one is gone on all (a cache per worker would still hold it).
    assert isinstance(caches[settings.SESSION_CACHE_ALIAS], DatabaseCache)
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


# Issue 12, finding 13: no session row until there is something to keep, and a limit on the
# new sessions one client can start without signing in.

ANONYMOUS_PAGES = [
    "/",
    "/start",
    *QUESTION_URLS.values(),
    "/check-your-answers",
    "/result",
    "/routes/",
    "/routes/map",
    "/privacy",
    "/accessibility",
    "/account/sign-in",
    "/account/create",
    "/account/password-reset",
    "/start-again",
]


@pytest.fixture
def fresh_counts():
    caches["rate-limit"].clear()
    yield
    caches["rate-limit"].clear()


def test_looking_at_any_page_without_an_answer_stores_no_session(client):
    for url in ANONYMOUS_PAGES:
        response = client.get(url)
        assert response.status_code in (200, 302), url
        assert settings.SESSION_COOKIE_NAME not in response.cookies, url
    assert not Session.objects.exists()


def test_an_answer_that_is_not_a_choice_stores_no_session(client):
    response = client.post("/questions/who", {"answer": "not-a-choice"})
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert not Session.objects.exists()


def test_a_client_can_start_only_so_many_sessions_and_the_next_is_not_stored(
    settings, fresh_counts
):
    settings.ANONYMOUS_SESSIONS_PER_CLIENT = (3, 3600)
    for _ in range(3):
        response = Client(REMOTE_ADDR="192.0.2.7").post("/questions/who", {"answer": "parent"})
        assert response.status_code == 302 and response["Location"] == "/questions/council"
    assert Session.objects.count() == 3

    response = Client(REMOTE_ADDR="192.0.2.7").post("/questions/who", {"answer": "parent"})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert "Please wait before you start again" in response.content.decode()
    assert Session.objects.count() == 3

    # Another client is not held back.
    other = Client(REMOTE_ADDR="198.51.100.9").post("/questions/who", {"answer": "parent"})
    assert other.status_code == 302 and Session.objects.count() == 4


def test_a_visitor_with_a_session_keeps_answering_over_the_limit(settings, fresh_counts):
    settings.ANONYMOUS_SESSIONS_PER_CLIENT = (1, 3600)
    visitor = Client(REMOTE_ADDR="192.0.2.8")
    assert visitor.post("/questions/who", {"answer": "parent"}).status_code == 302
    assert (
        Client(REMOTE_ADDR="192.0.2.8").post("/questions/who", {"answer": "parent"}).status_code
        == 429
    )
    response = visitor.post("/questions/council", {"answer": "bedford"})
    assert response.status_code == 302 and stored(visitor)["council"] == "bedford"


def test_signing_in_is_never_held_back_by_the_limit(settings, fresh_counts):
    settings.ANONYMOUS_SESSIONS_PER_CLIENT = (0, 3600)
    User.objects.create_user(email="parent@example.com", password="a long passphrase 42")
    client = Client(REMOTE_ADDR="192.0.2.9")
    response = client.post(
        "/account/sign-in", {"email": "parent@example.com", "password": "a long passphrase 42"}
    )
    assert response.status_code == 302
    assert settings.SESSION_COOKIE_NAME in response.cookies
    assert Session.objects.count() == 1
