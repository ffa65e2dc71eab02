"""Starting again (/start-again, /start-again/confirm), and what happens to answers the journey
cannot use: tampered, out of date or expired sessions restart politely, never with a 500."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

from web.journey.answers import SESSION_KEY
from web.journey.testing import TODAY, finished, h1, put_answers, stored, title

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]

GOOD = finished("refused-assessment").to_session()
# Every page that reads the answers, with a valid POST where it takes one.
PAGES = [
    ("/questions/who", {"answer": "parent"}),
    ("/questions/council", {"answer": "bedford"}),
    ("/questions/setting", {"answer": "academy"}),
    ("/questions/concern", {"answer": "delay"}),
    ("/questions/events", {"answer": "none"}),
    ("/questions/date/1", {"answer-day": "1", "answer-month": "1", "answer-year": "2027"}),
    ("/questions/date/2", {"answer-day": "1", "answer-month": "2", "answer-year": "2027"}),
    ("/check-your-answers", None),
    ("/result", None),
    ("/result/deadlines.ics", None),
]


@pytest.fixture
def fixed_today(settings):
    settings.SEND_REDRESS_TODAY = TODAY


def tampered(**changes):
    return {**GOOD, **changes}


UNUSABLE = {
    "not a dict": "journey",
    "a list": [GOOD],
    "a number": 42,
    "a missing key": {k: v for k, v in GOOD.items() if k != "dates"},
    "an extra key": tampered(name="Sam"),
    "an unknown who": tampered(who="grandparent"),
    "an unknown council": tampered(council="cardiff"),
    "an unknown setting": tampered(setting="home"),
    "an unknown concern": tampered(concern="bullying"),
    "a concern that is a list": tampered(concern=["delay"]),
    "events that are a string": tampered(events="assessment-requested"),
    "an event of another concern": tampered(events=["discrimination-occurred"], dates={}),
    "an unhashable event": tampered(events=[{"a": 1}], dates={}),
    "a repeated event": tampered(events=["assessment-requested", "assessment-requested"]),
    "events without a concern": tampered(concern=None),
    "dates that are a list": tampered(dates=[]),
    "a date that is not a date": tampered(dates={"assessment-requested": "yesterday"}),
    "a date that is a number": tampered(dates={"assessment-requested": 20270101}),
    "a date for an event not chosen": tampered(dates={"mediation-held": "2027-01-01"}),
    "a date in the future": tampered(dates={"assessment-requested": "2027-03-16"}),
    "a date at the end of time": tampered(dates={"assessment-requested": "9999-12-31"}),
    "a date before 2000": tampered(dates={"assessment-requested": "1999-12-31"}),
}


def test_it_explains_and_offers_to_start_again(client, assert_valid_html, assert_readable):
    response = client.get("/start-again")
    assert response.status_code == 200
    html = response.content.decode()
    assert h1(html) == "Start again" and title(html) == "Start again – SEND Redress"
    assert "We could not use your answers" in html
    assert 'href="/start"' in html
    assert_valid_html(html, name="restart")
    assert_readable(html, name="restart")


def test_start_again_forgets_the_answers(client):
    put_answers(client, GOOD)
    response = client.post("/start-again/confirm")
    assert response.status_code == 302 and response["Location"] == "/questions/who"
    assert stored(client) is None
    assert client.get("/result")["Location"] == "/questions/who"


def test_start_again_only_takes_a_post(client):
    put_answers(client, GOOD)
    assert client.get("/start-again/confirm").status_code == 405
    assert stored(client) == GOOD


@pytest.mark.parametrize("session", UNUSABLE.values(), ids=UNUSABLE.keys())
def test_unusable_answers_restart_politely_on_every_page(client, session):
    for url, data in PAGES:
        for method in ("get", "post") if data else ("get",):
            put_answers(client, session)
            response = getattr(client, method)(url, data)
            assert response.status_code == 302, (method, url, response.status_code)
            assert response["Location"] == "/start-again", (method, url)
            assert SESSION_KEY not in client.session, (method, url)
    assert client.get("/start-again").status_code == 200


def test_a_page_before_the_journey_ends_does_not_restart_when_answers_are_good(client):
    for url, _ in PAGES:
        put_answers(client, GOOD)
        response = client.get(url)
        assert response.status_code in (200, 302), url
        assert response.get("Location") != "/start-again", url


def expire(client) -> None:
    key = client.cookies["sessionid"].value
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    for cache in caches.all(initialized_only=True):
        cache.clear()  # a cached session ends with its database row: see cached_db


@pytest.mark.parametrize(("url", "data"), PAGES, ids=[u for u, _ in PAGES])
def test_an_expired_session_restarts_politely(client, url, data):
    put_answers(client, GOOD)
    expire(client)
    response = client.post(url, data) if data else client.get(url)
    assert response.status_code == 302 and response["Location"] == "/start-again"
    # The stale cookie goes, so "Start again" really starts again.
    assert response.cookies["sessionid"].value == ""
    client.get("/start-again")
    assert client.get("/start")["Location"] == "/questions/who"
    assert client.get("/questions/who").status_code == 200


def test_a_made_up_session_cookie_restarts_politely():
    client = Client()
    client.cookies["sessionid"] = "x" * 32
    response = client.get("/result")
    assert response.status_code == 302 and response["Location"] == "/start-again"


def test_corrupt_session_data_restarts_from_the_first_question(client, caplog):
    put_answers(client, GOOD)
    key = client.cookies["sessionid"].value
    Session.objects.filter(session_key=key).update(session_data="not-signed-data")
    for cache in caches.all(initialized_only=True):
        cache.clear()
    response = client.get("/result")
    assert response.status_code == 302
    assert response["Location"] in ("/questions/who", "/start-again")
