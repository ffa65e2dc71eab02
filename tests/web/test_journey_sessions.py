"""Sessions (web/journey/sessions.py): kept in each worker's memory, which is safe because a
session's contents never change under its key; a journey page asks the database nothing."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import caches

from web.journey.answers import SESSION_KEY
from web.journey.sessions import SessionStore
from web.journey.testing import QUESTION_URLS, TODAY, finished, put_answers, stored

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]


@pytest.fixture
def fixed_today(settings):
    settings.SEND_REDRESS_TODAY = TODAY


def key(client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def in_database(session_key: str) -> dict:
    return SessionStore().decode(Session.objects.get(pk=session_key).session_data)


def test_it_is_the_engine_and_middleware_in_use():
    assert settings.SESSION_ENGINE == "web.journey.sessions"
    assert "web.journey.sessions.SessionMiddleware" in settings.MIDDLEWARE
    assert "django.contrib.sessions.middleware.SessionMiddleware" not in settings.MIDDLEWARE
    assert type(caches[settings.SESSION_CACHE_ALIAS]).__name__ == "LocMemCache"


@pytest.mark.parametrize(
    "url", [*QUESTION_URLS.values(), "/questions/date/1", "/check-your-answers", "/result"]
)
def test_a_page_asks_the_database_nothing_once_the_session_is_known(
    client, url, django_assert_num_queries
):
    put_answers(client, finished("refused-assessment"))
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


def test_a_worker_that_has_not_seen_the_session_reads_it_once(client, django_assert_num_queries):
    put_answers(client, finished("refused-assessment"))
    caches[settings.SESSION_CACHE_ALIAS].clear()  # another worker's memory
    with django_assert_num_queries(1):
        assert client.get("/result").status_code == 200
    with django_assert_num_queries(0):
        assert client.get("/result").status_code == 200


def test_a_changed_session_gets_a_new_key_and_the_old_one_keeps_its_contents(client):
    put_answers(client, finished("refused-assessment"))
    old = key(client)
    before = in_database(old)
    response = client.post("/questions/council", {"answer": "england"})
    assert response.status_code == 302
    new = key(client)
    assert new != old
    assert in_database(old) == before  # never changed under its key
    assert in_database(new)[SESSION_KEY]["council"] == "england"
    assert stored(client)["council"] == "england"
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie.value == new


def test_a_stale_copy_in_another_worker_is_never_served(client):
    """Worker A keeps the old session; the answer changes in worker B; A sees the new key."""
    put_answers(client, finished("refused-assessment"))
    old = key(client)
    assert client.get("/questions/council").status_code == 200  # cached under the old key
    cache = caches[settings.SESSION_CACHE_ALIAS]
    worker_a = (dict(cache._cache), dict(cache._expire_info))  # type: ignore[attr-defined]
    client.post("/questions/council", {"answer": "england"})
    cache.clear()  # now worker A's memory: the old key only
    cache._cache.update(worker_a[0])  # type: ignore[attr-defined]
    cache._expire_info.update(worker_a[1])  # type: ignore[attr-defined]
    assert cache.get(SessionStore.cache_key_prefix + old) is not None
    html = client.get("/questions/council").content.decode()
    assert key(client) != old
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
    assert caches[settings.SESSION_CACHE_ALIAS].get(SessionStore.cache_key_prefix + old) is None


def test_the_cookie_holds_only_a_random_key(client):
    put_answers(client, finished("delay"))
    client.post("/questions/who", {"answer": "young-person"})
    value = key(client)
    assert len(value) == 32 and value.isalnum()
    assert SessionStore().exists(value)
