"""Issue 12, finding 18: a signed-in session ends after 30 idle minutes, with a page that says
so, and the journey's answers are kept for when the person signs in again."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from tests.personas import client_for
from web.accounts.idle import LAST_SEEN
from web.journey.answers import SESSION_KEY
from web.journey.testing import TODAY, finished, put_answers

pytestmark = pytest.mark.django_db


def idle_for(client, seconds: int) -> None:
    session = client.session
    session[LAST_SEEN] = int(time.time()) - seconds
    session.save()


def test_thirty_idle_minutes_sign_out_and_keep_the_answers(owner, assert_valid_html):
    client = client_for(owner)
    answers = finished("refused-assessment").to_session()
    put_answers(client, finished("refused-assessment"))
    assert client.get(reverse("cases:index")).status_code == 200
    idle_for(client, 29 * 60)
    assert client.get(reverse("cases:index")).status_code == 200  # still in, and renewed
    assert client.get(reverse("cases:index")).status_code == 200
    idle_for(client, 31 * 60)
    response = client.get(reverse("cases:index"))
    assert response["Location"] == reverse("accounts:timed_out")
    page = client.get(response["Location"]).content.decode()
    assert "You did not do anything for 30 minutes" in page and "answers are still here" in page
    assert_valid_html(page, name="timed out")
    assert client.get(reverse("cases:index"))["Location"].startswith(reverse("accounts:sign_in"))
    assert client.session[SESSION_KEY] == answers


def test_visitors_who_are_not_signed_in_are_not_timed_out(client, settings):
    settings.SEND_REDRESS_TODAY = TODAY  # the journey's answers are for its own today
    put_answers(client, finished("refused-assessment"))
    idle_for(client, 60 * 60)
    assert client.get("/check-your-answers").status_code == 200
