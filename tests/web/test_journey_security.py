"""What the whole journey promises: CSRF on every form, answers only in the server-side session
(never in a URL or a cookie), and no answer in the logs."""

from __future__ import annotations

import io
import logging
import re
import uuid
from datetime import timedelta

import pytest
from django.test import Client

from send_redress import CONCERNS, EVENTS_BY_CONCERN, SETTINGS
from web.journey.testing import TODAY, finished, links, put_answers, stored

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]

ANSWERED = finished("refused-assessment")
# Every form of the journey, with valid data.
POSTS = [
    ("/questions/who", {"answer": "parent"}),
    ("/questions/council", {"answer": "bedford"}),
    ("/questions/setting", {"answer": "academy"}),
    ("/questions/concern", {"answer": "refused-assessment"}),
    ("/questions/events", {"answer": ["assessment-requested", "decision-notice-sent"]}),
    ("/questions/date/1", {"answer-day": "4", "answer-month": "1", "answer-year": "2027"}),
    ("/questions/date/2", {"answer-day": "5", "answer-month": "2", "answer-year": "2027"}),
    ("/start-again/confirm", {}),
]


@pytest.fixture
def fixed_today(settings):
    settings.SEND_REDRESS_TODAY = TODAY


def csrf_token(client: Client) -> str:
    """A page's form token, with the cookie it belongs to now in the client."""
    html = client.get("/questions/who").content.decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match
    return match.group(1)


@pytest.mark.parametrize(("url", "data"), POSTS, ids=[u for u, _ in POSTS])
def test_every_form_refuses_a_post_without_the_csrf_token(url, data):
    client = Client(enforce_csrf_checks=True)
    put_answers(client, ANSWERED)
    response = client.post(url, data)
    assert response.status_code == 403
    assert "Sorry, you will need to start again" in response.content.decode()
    assert stored(client) == ANSWERED.to_session()
    # A token from another cookie does not help either.
    other = Client(enforce_csrf_checks=True)
    response = client.post(url, {**data, "csrfmiddlewaretoken": csrf_token(other)})
    assert response.status_code == 403


@pytest.mark.parametrize(("url", "data"), POSTS, ids=[u for u, _ in POSTS])
def test_every_form_takes_a_post_with_its_csrf_token(url, data):
    client = Client(enforce_csrf_checks=True)
    put_answers(client, ANSWERED)
    response = client.post(url, {**data, "csrfmiddlewaretoken": csrf_token(client)})
    assert response.status_code == 302


def walk(client: Client, concern: str, setting: str) -> list[str]:
    """Answer every question through the forms (one error on the way), see the result and
    calendar, and return every URL the journey sent the browser to or showed it."""
    events = list(EVENTS_BY_CONCERN[concern])
    seen: list[str] = []

    def visit(response) -> None:
        if response.status_code == 302:
            seen.append(response["Location"])
            response = client.get(response["Location"])
        assert response.status_code == 200
        if response["Content-Type"].startswith("text/html"):
            seen.extend(links(response.content.decode()))

    visit(client.get("/start"))
    visit(client.post("/questions/who", {"answer": "young-person"}))
    visit(client.post("/questions/council", {"answer": "bedford"}))
    visit(client.post("/questions/setting", {}))  # an error, then the answer
    visit(client.post("/questions/setting", {"answer": setting}))
    visit(client.post("/questions/concern", {"answer": concern}))
    visit(client.post("/questions/events", {"answer": events}))
    for number in range(1, len(events) + 1):
        day = TODAY - timedelta(days=300 - 10 * number)
        data = {"answer-day": day.day, "answer-month": day.month, "answer-year": day.year}
        visit(client.post(f"/questions/date/{number}", {**data, "answer-year": "20x"}))
        visit(client.post(f"/questions/date/{number}", data))
    visit(client.get("/result"))
    visit(client.get("/result/deadlines.ics"))
    return seen


def answer_words(concern: str, setting: str) -> set[str]:
    """Every answer as the journey stores or might spell it."""
    words = {concern, setting, "young-person", *EVENTS_BY_CONCERN[concern]}
    for number in range(1, len(EVENTS_BY_CONCERN[concern]) + 1):
        day = TODAY - timedelta(days=300 - 10 * number)
        words |= {day.isoformat(), f"{day.day}/{day.month}/{day.year}", day.strftime("%Y%m%d")}
    return words


@pytest.mark.parametrize("concern", CONCERNS)
def test_no_answer_appears_in_any_url(client, concern):
    setting = SETTINGS[CONCERNS.index(concern) % len(SETTINGS)]
    urls = walk(client, concern, setting)
    assert "/result" in urls
    for url in urls:
        if not url.startswith("/") or url.startswith("/static/"):
            continue  # the sources' and contacts' own addresses, our assets
        # "Save this to an account" says only where it comes from, never an answer.
        assert "?" not in url.removesuffix("?from=journey"), url
        path = url.split("#")[0]
        for word in answer_words(concern, setting):
            assert word not in path.split("/"), (url, word)


def test_answers_are_in_no_cookie_and_the_session_cookie_is_http_only(client):
    cookies = []
    for url, data in POSTS[:-1]:
        response = client.post(url, data)
        cookies += list(response.cookies.values())
    session_cookies = [c for c in cookies if c.key == "sessionid"]
    assert session_cookies and all(
        c["httponly"] and c["samesite"] == "Lax" for c in session_cookies
    )
    words = answer_words("refused-assessment", "academy") | {"2027-01-04", "bedford", "parent"}
    for cookie in cookies:
        assert cookie.key in {"sessionid", "csrftoken"}, cookie.key
        assert not any(word in cookie.value for word in words), cookie.key
    assert stored(client)["concern"] == "refused-assessment"  # on the server


def test_no_sensitive_answer_reaches_the_logs():
    secret = f"Sensitive-Answer-{uuid.uuid4().hex}"
    stream = io.StringIO()
    handlers = {h for name in ("", "django", "web") for h in logging.getLogger(name).handlers}
    assert handlers
    old = {h: h.setStream(stream) for h in handlers if isinstance(h, logging.StreamHandler)}
    levels = {name: logging.getLogger(name).level for name in ("django", "web")}
    for name in levels:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        client = Client()
        urls = walk(client, "disability-discrimination", "post-16")
        for url, _ in POSTS[:-1]:
            client.post(url, {"answer": secret, "answer-day": secret, "answer-year": secret})
        Client(enforce_csrf_checks=True).post("/questions/who", {"answer": secret})
        put_answers(client, {**ANSWERED.to_session(), "concern": secret})  # tampered
        client.get("/result")
        client.get(f"/questions/{secret}")
        client.get(f"/routes/{secret}")
    finally:
        for handler, previous in old.items():
            handler.setStream(previous)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
    logged = stream.getvalue()
    assert "/result" in urls
    assert "Forbidden (CSRF" in logged  # the logs were captured
    assert secret not in logged.replace(f"/questions/{secret}", "").replace(f"/routes/{secret}", "")
    for word in answer_words("disability-discrimination", "post-16") - {"young-person"}:
        assert word not in logged, word
