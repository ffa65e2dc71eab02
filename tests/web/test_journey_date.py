"""The date questions (/questions/date/<n>): one GOV.UK date input per event that happened."""

from __future__ import annotations

import html as html_text
import re
from datetime import timedelta

import pytest

from send_redress import CONCERNS, EVENTS_BY_CONCERN, event_order_for, load_content, long_date
from web.journey.answers import Answers
from web.journey.testing import (
    TODAY,
    error_summary,
    finished,
    h1,
    inline_error,
    ordered_pairs,
    put_answers,
    stored,
    tags,
    title,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]

CONCERN = "refused-assessment"
EVENTS = ("assessment-requested", "decision-notice-sent")
NO_DATES = Answers(
    who="parent", council="bedford", setting="maintained-school", concern=CONCERN, events=EVENTS
)
EVERY_EVENT = sorted({e for events in EVENTS_BY_CONCERN.values() for e in events})
PARTS = ("day", "month", "year")


@pytest.fixture
def fixed_today(settings):
    settings.SEND_REDRESS_TODAY = TODAY


def typed(day: int | str = "", month: int | str = "", year: int | str = "") -> dict[str, str]:
    return {"answer-day": str(day), "answer-month": str(month), "answer-year": str(year)}


def on(day) -> dict[str, str]:
    return typed(day.day, day.month, day.year)


def boxes(html: str) -> dict[str, dict[str, str]]:
    """The three inputs, by part: their attributes."""
    return {
        a["name"].removeprefix("answer-"): a
        for t, a in tags(html)
        if t == "input" and a.get("name", "").startswith("answer-")
    }


def in_error(html: str) -> list[str]:
    return [p for p, a in boxes(html).items() if "govuk-input--error" in a["class"]]


def single_event(event: str) -> Answers:
    concern = next(c for c in CONCERNS if event in EVENTS_BY_CONCERN[c])
    return Answers(
        who="parent",
        council="bedford",
        setting="maintained-school",
        concern=concern,
        events=(event,),
    )


@pytest.mark.parametrize("event", EVERY_EVENT)
def test_it_asks_for_the_date_of_each_event(client, event, assert_readable):
    put_answers(client, single_event(event))
    response = client.get("/questions/date/1")
    assert response.status_code == 200
    html = response.content.decode()
    question = load_content().events[event].question
    assert h1(html) == question
    assert title(html) == f"{question} – SEND Redress"
    hint = re.search(r'<div id="answer-hint" class="govuk-hint">(.*?)</div>', html, re.S)
    assert hint is not None
    example = re.search(r"For example, (\d+) (\d+) (\d{4})\.", hint.group(1))
    assert example is not None
    # The example is a date the question takes (in the past unless the event may be future).
    day, month, year = example.groups()
    assert client.post("/questions/date/1", typed(day, month, year)).status_code == 302
    if load_content().events[event].hint:
        assert load_content().events[event].hint.split(".")[0] in html_text.unescape(hint.group(1))
    parts = boxes(html)
    assert list(parts) == list(PARTS)
    assert [a["id"] for a in parts.values()] == ["answer-day", "answer-month", "answer-year"]
    assert all(a["inputmode"] == "numeric" and a["value"] == "" for a in parts.values())
    assert 'href="/questions/events" class="govuk-back-link"' in html
    assert_readable(html, name=f"date of {event}")


def test_it_is_valid_html_with_and_without_an_error(client, assert_valid_html):
    put_answers(client, NO_DATES)
    assert_valid_html(client.get("/questions/date/1").content, name="date page")
    html = client.post("/questions/date/1", typed(31, 2, 2027)).content.decode()
    assert error_summary(html)
    assert_valid_html(html, name="date page with an error")


def test_its_error_state_is_readable(client, assert_readable):
    put_answers(client, NO_DATES)
    assert_readable(client.post("/questions/date/1", typed()).content, name="date error")


def test_it_saves_the_date_and_asks_for_the_next(client):
    put_answers(client, NO_DATES)
    first = TODAY - timedelta(days=60)
    response = client.post("/questions/date/1", on(first))
    assert response["Location"] == "/questions/date/2"
    assert stored(client)["dates"] == {EVENTS[0]: first.isoformat()}
    # The second page's back link goes to the first.
    assert (
        'href="/questions/date/1" class="govuk-back-link"'
        in client.get("/questions/date/2").content.decode()
    )
    response = client.post("/questions/date/2", typed(f" {TODAY.day} ", "03", "2027"))
    assert response["Location"] == "/check-your-answers"
    assert stored(client)["dates"][EVENTS[1]] == TODAY.isoformat()


def test_it_shows_the_date_already_given(client):
    answers = finished(CONCERN)
    put_answers(client, answers)
    values = {
        p: a["value"] for p, a in boxes(client.get("/questions/date/2").content.decode()).items()
    }
    day = answers.dates[EVENTS[1]]
    assert values == {"day": str(day.day), "month": str(day.month), "year": str(day.year)}


NAME = "The date of the request for an assessment"  # the first date NO_DATES asks for
BAD_DATES = [
    # (what was typed, message, box the summary links to, boxes marked as wrong)
    (typed(), "Enter the date of the request for an assessment", "day", ["day", "month", "year"]),
    (typed("  ", " ", ""), "Enter the date of the request for an assessment", "day", list(PARTS)),
    (typed(month=3, year=2027), f"{NAME} must include a day", "day", ["day"]),
    (typed(day=3, year=2027), f"{NAME} must include a month", "month", ["month"]),
    (typed(day=3, month=3), f"{NAME} must include a year", "year", ["year"]),
    (typed(year=2027), f"{NAME} must include a day and month", "day", ["day", "month"]),
    (typed(31, 2, 2027), f"{NAME} must be a real date", "day", list(PARTS)),
    (typed(29, 2, 2026), f"{NAME} must be a real date", "day", list(PARTS)),
    (typed(1, 13, 2026), f"{NAME} must be a real date", "day", list(PARTS)),
    (typed(0, 1, 2026), f"{NAME} must be a real date", "day", list(PARTS)),
    (typed("first", "March", "2026"), f"{NAME} must be a real date", "day", ["day", "month"]),
    (typed(1, 1, "26x"), f"{NAME} must be a real date", "year", ["year"]),
    (typed(1, 1, -5), f"{NAME} must be a real date", "year", ["year"]),
    (on(TODAY + timedelta(days=1)), f"{NAME} must be today or in the past", "day", list(PARTS)),
    (typed(1, 1, 2999), f"{NAME} must be today or in the past", "day", list(PARTS)),
    (typed(31, 12, 1999), f"{NAME} must be on or after 1 January 2000", "year", ["year"]),
    (typed(1, 1, 26), "Year must include 4 numbers", "year", ["year"]),
    (typed(1, 1, 20266), "Year must include 4 numbers", "year", ["year"]),
]


@pytest.mark.parametrize(
    ("data", "message", "anchor", "wrong"),
    BAD_DATES,
    ids=[repr(list(b[0].values())) for b in BAD_DATES],
)
def test_it_explains_what_is_wrong_with_the_date(client, data, message, anchor, wrong):
    put_answers(client, NO_DATES)
    response = client.post("/questions/date/1", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert error_summary(html) == [(f"#answer-{anchor}", message)]
    assert f'id="answer-{anchor}"' in html
    assert inline_error(html) == message
    assert in_error(html) == wrong
    assert title(html) == f"Error: {h1(html)} – SEND Redress"
    # What they typed stays in the boxes (trimmed by nothing), so they can correct it.
    assert {p: a["value"] for p, a in boxes(html).items()} == {
        p: data[f"answer-{p}"] for p in PARTS
    }
    assert stored(client)["dates"] == {}


@pytest.mark.parametrize("day", [TODAY, TODAY.replace(year=2000, month=1, day=1)])
def test_it_takes_today_and_1_january_2000(client, day):
    put_answers(client, NO_DATES)
    assert client.post("/questions/date/1", on(day))["Location"] == "/questions/date/2"


def test_a_decision_letter_dated_before_the_request_is_refused_naming_both_dates(client):
    """Issue 15: it was taken, and the appeal then reported as missed."""
    put_answers(client, NO_DATES.with_date("assessment-requested", TODAY.replace(month=1, day=15)))
    html = client.post("/questions/date/2", typed(14, 1, 2027)).content.decode()
    message = (
        "The date on the council's decision letter must be on or after 15 January 2027, "
        "the date of the request for an assessment"
    )
    assert error_summary(html) == [("#answer-day", message)]
    assert "decision-notice-sent" not in stored(client)["dates"]
    # Its hint's example is on or after the request.
    assert "For example, 15 1 2027." in html or "For example, 13 2 2027." in html


def test_it_asks_for_the_earlier_event_of_each_ordered_pair_first():
    for concern, later, earlier in ordered_pairs():
        events = EVENTS_BY_CONCERN[concern]
        assert events.index(earlier) < events.index(later), (concern, later, earlier)


@pytest.mark.parametrize(("concern", "later", "earlier"), ordered_pairs(), ids=lambda v: v)
def test_it_refuses_a_date_before_the_event_it_depends_on(client, concern, later, earlier):
    answers = Answers(
        who="parent",
        council="bedford",
        setting="maintained-school",
        concern=concern,
        events=(earlier, later),
    )
    first = TODAY - timedelta(days=30)
    put_answers(client, answers.with_date(earlier, first))
    html = client.post("/questions/date/2", on(first - timedelta(days=1))).content.decode()
    events = load_content().events
    name = events[later].date_name
    message = f"{name[:1].upper()}{name[1:]} must be on or after {long_date(first)}, "
    message += events[earlier].date_name
    assert error_summary(html) == [("#answer-day", message)]
    assert inline_error(html) == message
    assert in_error(html) == list(PARTS)
    # The same day is fine.
    assert client.post("/questions/date/2", on(first))["Location"] == "/check-your-answers"


def test_it_does_not_order_events_that_do_not_depend_on_each_other(client):
    # A decision letter orders mediation only for a decision that can be appealed.
    assert ("mediation-requested", "decision-notice-sent") not in event_order_for(
        "health-or-care-only"
    )
    answers = Answers(
        who="parent",
        council="bedford",
        setting="maintained-school",
        concern="health-or-care-only",
        events=("decision-notice-sent", "mediation-requested"),
    )
    put_answers(client, answers.with_date("decision-notice-sent", TODAY))
    response = client.post("/questions/date/2", on(TODAY - timedelta(days=100)))
    assert response["Location"] == "/check-your-answers"


def test_it_refuses_a_changed_date_after_an_event_that_depends_on_it(client):
    # Change links let the earlier event's date be edited after the later one was given.
    answers = finished(CONCERN, events=("decision-notice-sent", "mediation-requested"))
    put_answers(client, answers)
    decision = answers.dates["decision-notice-sent"]
    later = answers.dates["mediation-requested"]
    html = client.post("/questions/date/1", on(later + timedelta(days=1))).content.decode()
    message = (
        f"The date on the council's decision letter must be on or before {long_date(later)}, "
        "the date you told the council you want mediation"
    )
    assert error_summary(html) == [("#answer-day", message)]
    assert stored(client)["dates"]["decision-notice-sent"] == decision.isoformat()
    assert client.post("/questions/date/1", on(later))["Location"] == "/check-your-answers"


def test_it_sends_you_to_the_first_question_when_you_jump_ahead(client):
    for method in (client.get, client.post):
        assert method("/questions/date/1", on(TODAY))["Location"] == "/questions/who"


@pytest.mark.parametrize("number", [0, 3, 99])
def test_it_sends_you_to_the_first_missing_date_for_a_page_that_does_not_exist(client, number):
    put_answers(client, NO_DATES)
    assert client.get(f"/questions/date/{number}")["Location"] == "/questions/date/1"
    put_answers(client, finished(CONCERN))
    assert client.get(f"/questions/date/{number}")["Location"] == "/check-your-answers"


def test_it_waits_for_the_events_question(client):
    put_answers(client, NO_DATES.with_answer("concern", "delay"))  # events asked again
    assert client.get("/questions/date/1")["Location"] == "/questions/events"


def test_it_asks_no_dates_when_nothing_has_happened(client):
    put_answers(client, NO_DATES.with_answer("events", ()))
    assert client.get("/questions/date/1")["Location"] == "/check-your-answers"


def test_a_planned_event_may_be_in_the_future_and_others_may_not(client):
    """Issue 14: a school holiday still to come (`may_be_future`) is taken; the exclusion it
    helps to count from is not."""
    answers = Answers(
        who="parent",
        council="bedford",
        setting="maintained-school",
        concern="exclusion",
        events=("permanently-excluded", "school-holiday-starts"),
    )
    put_answers(client, answers)
    soon = TODAY + timedelta(days=20)
    refused = client.post("/questions/date/1", on(soon)).content.decode()
    assert inline_error(refused) == (
        "The date of the letter about the permanent exclusion must be today or in the past"
    )
    assert client.post("/questions/date/1", on(TODAY))["Location"] == "/questions/date/2"
    assert client.post("/questions/date/2", on(soon))["Location"] != "/questions/date/2"
    assert stored(client)["dates"]["school-holiday-starts"] == soon.isoformat()
