"""/start: the start page's button, which begins the journey at its first question."""

from __future__ import annotations

import pytest

from web.journey.testing import finished, put_answers, stored


def test_it_goes_to_the_first_question(client):
    response = client.get("/start")
    assert response.status_code == 302 and response["Location"] == "/questions/who"
    assert "sessionid" not in response.cookies


def test_the_start_page_button_points_here(client):
    html = client.get("/").content.decode()
    assert 'href="/start"' in html and "govuk-button--start" in html


@pytest.mark.django_db
def test_it_keeps_answers_already_given(client):
    answers = finished("delay")
    put_answers(client, answers)
    assert client.get("/start")["Location"] == "/questions/who"
    assert stored(client) == answers.to_session()


def test_it_only_answers_get_and_head(client):
    assert client.head("/start").status_code == 302
    assert client.post("/start").status_code == 405
