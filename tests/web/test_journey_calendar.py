"""The calendar file (/result/deadlines.ics): the result page's deadlines, read back with
icalendar."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from icalendar import Calendar

from send_redress import CONCERNS, assess
from web.journey.testing import TODAY, finished, put_answers, result_figures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]

URL = "/result/deadlines.ics"


@pytest.fixture
def fixed_today(settings):
    settings.SEND_REDRESS_TODAY = TODAY


def events(data: bytes) -> list:
    return Calendar.from_ical(data).walk("VEVENT")


@pytest.mark.parametrize("concern", CONCERNS)
def test_it_has_the_result_pages_deadlines_still_to_do(client, concern):
    """The result page's deadlines, less those an event shows were met (issue 15: no entry
    for a clock already met)."""
    answers = finished(concern, events=None)
    met = {d.id for d in assess(answers.to_facts(TODAY)).deadlines if d.met_on is not None}
    put_answers(client, answers)
    page = result_figures(client.get("/result").content.decode())
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="send-redress-deadlines.ics"'
    assert response["Cache-Control"] == "no-store"
    found = sorted(
        (str(e["UID"]).split("@")[0], e.decoded("DTSTART")) for e in events(response.content)
    )
    expected = sorted(
        (f"{d['id']}-{d['due'].replace('-', '')}", date.fromisoformat(d["due"]))
        for d in page["deadlines"]
        if d["id"] not in met
    )
    assert found == expected


def test_each_event_is_a_whole_day_with_a_reminder(client):
    put_answers(client, finished("refused-assessment"))
    found = events(client.get(URL).content)
    # The mediation adviser and the appeal; the assessment decision was met (the letter came).
    assert [str(e["SUMMARY"]) for e in found] == [
        "Deadline: Contact the mediation adviser",
        "Deadline: Appeal to the Tribunal",
    ]
    for event in found:
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is date and end == start + timedelta(days=1)
        assert event.walk("VALARM")


def test_it_is_an_empty_calendar_when_no_clock_has_started(client):
    put_answers(client, finished("support-in-school", events=()))
    response = client.get(URL)
    assert response.status_code == 200
    assert events(response.content) == []
    assert Calendar.from_ical(response.content)["VERSION"] == "2.0"


def test_it_waits_until_every_question_is_answered(client):
    assert client.get(URL)["Location"] == "/questions/who"
    put_answers(client, finished("delay").with_answer("concern", "refused-plan"))
    assert client.get(URL)["Location"] == "/questions/events"


def test_it_only_answers_get_and_head(client):
    put_answers(client, finished("delay"))
    assert client.head(URL).status_code == 200
    assert client.post(URL).status_code == 405
