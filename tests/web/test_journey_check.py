"""Check your answers (/check-your-answers): every answer, each with a Change link that comes
back here."""

from __future__ import annotations

import re

import pytest

from send_redress import long_date
from web.journey.testing import TODAY, finished, h1, put_answers, stored, tags, text_of, title

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]

URL = "/check-your-answers"


@pytest.fixture
def fixed_today(settings):
    settings.SEND_REDRESS_TODAY = TODAY


def rows(html: str) -> list[tuple[str, str, str]]:
    """(key, value, Change link) of each row of the summary list."""
    found = re.findall(
        r'<dt class="govuk-summary-list__key">(.*?)</dt>\s*'
        r'<dd class="govuk-summary-list__value">(.*?)</dd>\s*'
        r'<dd class="govuk-summary-list__actions">\s*<a class="govuk-link" href="([^"]+)">',
        html,
        re.S,
    )
    return [(text_of(k), text_of(v), href) for k, v, href in found]


def test_it_lists_every_answer_with_a_change_link(client, assert_valid_html, assert_readable):
    answers = finished("refused-assessment", setting="academy")
    put_answers(client, answers)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert h1(html) == "Check your answers" and title(html) == "Check your answers – SEND Redress"
    request, decision = (answers.dates[e] for e in answers.events or ())
    assert rows(html) == [
        ("Who is asking", "A parent or carer", "/questions/who"),
        ("Council", "Bedford Borough Council", "/questions/council"),
        ("School or setting", "An academy or free school", "/questions/setting"),
        ("What you disagree with", "The council will not assess my child's needs", "/questions/concern"),
        (
            "What has happened",
            "The council got a request for an EHC needs assessment "
            "The council sent its decision letter",
            "/questions/events",
        ),
        ("When did the council get the request for an assessment?", long_date(request), "/questions/date/1"),
        ("What date is on the council's decision letter?", long_date(decision), "/questions/date/2"),
    ]  # fmt: skip
    # Each Change link says what it changes, for screen readers.
    assert '>Change<span class="govuk-visually-hidden"> who is asking</span></a>' in html
    assert re.search(r'<a href="/result" role="button"[^>]*class="govuk-button"', html)
    assert 'href="/questions/date/2" class="govuk-back-link"' in html
    assert_valid_html(html, name="check your answers")
    assert_readable(html, name="check your answers")


def test_it_says_none_of_these_yet_when_nothing_has_happened(client, assert_valid_html):
    put_answers(client, finished("support-in-school", who="young-person", events=()))
    html = client.get(URL).content.decode()
    assert [r[:2] for r in rows(html)] == [
        ("Who is asking", "A young person aged 16 to 25, asking for myself"),
        ("Council", "Bedford Borough Council"),
        ("School or setting", "A council-run (maintained) school"),
        ("What you disagree with", "The help I get at school, college or nursery"),
        ("What has happened", "None of these yet"),
    ]
    assert 'href="/questions/events" class="govuk-back-link"' in html
    assert_valid_html(html, name="check your answers, no events")


def test_it_waits_until_every_question_is_answered(client):
    assert client.get(URL)["Location"] == "/questions/who"
    answers = finished("delay")
    put_answers(client, answers.with_answer("events", answers.events))  # unchanged
    assert client.get(URL).status_code == 200
    put_answers(client, answers.with_answer("concern", "refused-plan"))
    assert client.get(URL)["Location"] == "/questions/events"
    put_answers(client, answers.with_answer("events", (*(answers.events or ()), "became-aware")))
    assert client.get(URL)["Location"] == "/questions/date/3"


def current_values(html: str) -> list[tuple[str, str]]:
    """The form data a page would send as it is: checked or selected options, filled-in boxes."""
    data, select = [], ""
    for tag, attrs in tags(html):
        if tag == "select":
            select = attrs["name"]
        elif tag == "option" and "selected" in attrs:
            data.append((select, attrs.get("value", "")))
        if tag != "input" or attrs.get("type") == "hidden":
            continue
        if attrs.get("type") in {"radio", "checkbox"} and "checked" not in attrs:
            continue
        data.append((attrs["name"], attrs.get("value", "")))
    return data


@pytest.mark.parametrize("concern", ["plan-contents", "disability-discrimination"])
def test_every_change_link_comes_back_to_check_your_answers(client, concern):
    answers = finished(concern)
    put_answers(client, answers)
    links = [href for _, _, href in rows(client.get(URL).content.decode())]
    assert len(links) == 5 + len(answers.events or ())
    for href in links:
        page = client.get(href)
        assert page.status_code == 200, href
        data: dict[str, list[str]] = {}
        for name, value in current_values(page.content.decode()):
            data.setdefault(name, []).append(value)
        response = client.post(href, data)
        assert response.status_code == 302, (href, response.content.decode()[:2000])
        assert response["Location"] == URL, href
    assert stored(client) == answers.to_session()


def test_it_only_answers_get_and_head(client):
    put_answers(client, finished("delay"))
    assert client.head(URL).status_code == 200
    assert client.post(URL).status_code == 405
