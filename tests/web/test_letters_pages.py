"""Drafting a letter on the web: the links on the result page, the question pages, their
validation (the core's own rules, in GOV.UK words) and where the answers are kept."""

from __future__ import annotations

import re

import pytest

from send_redress import assess
from send_redress.letters import LETTER_TYPES, letter_types_for_route, load_letters
from tests.letters.cases import CASES
from web.letters.questions import pages_for
from web.letters.testing import (
    JOURNEYS,
    TODAY,
    draft_links,
    error_summary,
    h1,
    ids,
    inline_error,
    page_data,
    start_journey,
    title,
)
from web.letters.views import SESSION_KEY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]


@pytest.fixture
def fixed_today(settings):
    settings.SEND_REDRESS_TODAY = TODAY


def details(letter_type: str) -> dict:
    """The case's details as a visitor gives them on the web (dated today, no reply date)."""
    given = dict(CASES[letter_type]["letter"])
    given.pop("response_date", None)
    return given


def facts(letter_type: str):
    return JOURNEYS[letter_type].to_facts(TODAY)


def pages(letter_type: str) -> tuple[str, ...]:
    return pages_for(letter_type, facts(letter_type))


def url(letter_type: str, page: str = "") -> str:
    return f"/letters/{letter_type}/{page}"


# --- the result page ------------------------------------------------------------------------


ABOUT_ONE_CLOCK = [t for t in LETTER_TYPES if load_letters().letters[t].offered_when]


@pytest.mark.parametrize("letter_type", [t for t in LETTER_TYPES if t not in ABOUT_ONE_CLOCK])
def test_the_result_page_offers_letters_only_for_open_routes(client, letter_type):
    answers = start_journey(client, letter_type)
    html = client.get("/result").content.decode()
    assessment = assess(answers.to_facts(TODAY))
    expected = [
        t
        for route in [assessment.route(assessment.next_step)]
        + [r for r in assessment.routes if r.status == "available"]
        for t in letter_types_for_route(route.id)
    ]
    assert draft_links(html) == expected
    assert letter_type in draft_links(html)
    assert f'href="/letters/{letter_type}/"' in html


@pytest.mark.parametrize("letter_type", ABOUT_ONE_CLOCK)
def test_a_letter_about_one_clock_is_offered_from_a_case_not_the_result_page(client, letter_type):
    """Issue 14's letters need the case's clocks: the result page (rendered per route, without
    the facts) does not list them; a case's dashboard does (tests/cases/test_cases_letters.py).
    From a journey whose clocks call for one, its pages still work."""
    start_journey(client, letter_type)
    assert letter_type not in draft_links(client.get("/result").content.decode())
    assert client.get(f"/letters/{letter_type}/")["Location"].startswith(f"/letters/{letter_type}/")


def test_the_link_reads_as_an_action(client):
    start_journey(client, "school-complaint")
    html = client.get("/result").content.decode()
    assert ">Draft a formal complaint to the school</a>" in html
    assert ">Draft a request for your child&#39;s records (subject access request)</a>" in html


# --- the question pages ---------------------------------------------------------------------


@pytest.mark.parametrize("letter_type", LETTER_TYPES)
def test_start_goes_to_the_first_page(client, letter_type):
    start_journey(client, letter_type)
    response = client.get(url(letter_type))
    assert response.status_code == 302
    assert response["Location"] == url(letter_type, pages(letter_type)[0])


@pytest.mark.parametrize("letter_type", LETTER_TYPES)
def test_every_page_is_valid_readable_and_walks_to_the_check_page(
    client, letter_type, assert_valid_html, assert_readable
):
    start_journey(client, letter_type)
    given = details(letter_type)
    for page in pages(letter_type):
        response = client.get(url(letter_type, page))
        assert response.status_code == 200
        html = response.content.decode()
        assert_valid_html(html, name=f"{letter_type} {page}")
        assert_readable(html, name=f"{letter_type} {page}")
        assert title(html) == f"{h1(html)} – SEND Redress"
        posted = client.post(
            url(letter_type, page), page_data(letter_type, page, given, facts(letter_type))
        )
        assert posted.status_code == 302, (page, error_summary(posted.content.decode()))
        assert "?" not in posted["Location"]  # answers never go in the URL
    assert posted["Location"] == url(letter_type, "check")
    saved = client.session[SESSION_KEY][letter_type]
    assert saved["sender_name"] == "Alex Smith"
    assert saved["child_date_of_birth"] == "2016-05-04"


@pytest.mark.parametrize("letter_type", LETTER_TYPES)
def test_each_page_with_nothing_filled_in_lists_its_problems(
    client, letter_type, assert_valid_html
):
    start_journey(client, letter_type)
    for page in pages(letter_type):
        response = client.post(url(letter_type, page), {})
        html = response.content.decode()
        summary = error_summary(html)
        if not summary:  # every field on the page is optional
            assert response.status_code == 302
            continue
        assert response.status_code == 200
        assert title(html).startswith("Error: ")
        page_ids = ids(html)
        for href, message in summary:
            assert href.lstrip("#") in page_ids, (page, href)
            field = href.lstrip("#").removesuffix("-day")
            assert inline_error(html, field) == message
            assert message.startswith(("Enter ", "Select ")), message
        assert_valid_html(html, name=f"{letter_type} {page} with errors")


def test_the_first_page_says_what_is_wrong_in_gov_uk_words(client):
    start_journey(client, "school-complaint")
    html = client.post(
        url("school-complaint", "you"),
        {"sender_name": "A" * 201, "sender_email": "alex at example", "sender_phone": "01234\x00"},
    ).content.decode()
    assert error_summary(html) == [
        ("#sender_name", "Your full name must be 200 characters or fewer"),
        ("#sender_email", "Enter an email address in the correct format, like name@example.com"),
        (
            "#sender_phone",
            "Your phone number must only include letters, numbers, spaces and punctuation",
        ),
    ]
    # What was typed stays in the boxes, to be corrected.
    assert 'value="alex at example"' in html


@pytest.mark.parametrize(
    "parts,message,anchor",
    [
        (
            {"day": "4", "month": "", "year": "2016"},
            "The date of birth must include a month",
            "month",
        ),
        (
            {"day": "31", "month": "2", "year": "2016"},
            "The date of birth must be a real date",
            "day",
        ),
        (
            {"day": "x", "month": "2", "year": "2016"},
            "The date of birth must be a real date",
            "day",
        ),
        (
            {"day": "1", "month": "1", "year": "2030"},
            "The date of birth must be in the past",
            "day",
        ),
    ],
)
def test_dates_follow_the_gov_uk_pattern(client, parts, message, anchor):
    start_journey(client, "school-complaint")
    data = {"child_name": "Sam"} | {f"child_date_of_birth-{k}": v for k, v in parts.items()}
    html = client.post(url("school-complaint", "child"), data).content.decode()
    assert error_summary(html) == [(f"#child_date_of_birth-{anchor}", message)]
    assert inline_error(html, "child_date_of_birth") == message
    assert "govuk-input--error" in html


def test_the_reply_date_must_be_after_today_and_has_a_sensible_default(client):
    start_journey(client, "school-complaint")
    html = client.get(url("school-complaint", "letter")).content.decode()
    # 10 working days after Monday 15 March 2027, not counting Good Friday (26 March) and
    # Easter Monday (29 March).
    assert "If you leave this blank, we will ask for a reply by 31 March 2027." in html
    data = {"issues": "One", "outcomes": "Two"} | {
        "response_date-day": "15",
        "response_date-month": "3",
        "response_date-year": "2027",
    }
    html = client.post(url("school-complaint", "letter"), data).content.decode()
    assert error_summary(html) == [("#response_date-day", "The reply date must be after today")]


def test_too_many_lines_and_lines_too_long(client):
    start_journey(client, "school-complaint")
    html = client.post(
        url("school-complaint", "letter"),
        {"issues": "\n".join(f"Problem {n}" for n in range(21)), "outcomes": "x" * 3001},
    ).content.decode()
    assert sorted(error_summary(html)) == [
        ("#issues", "Each problem must be 20 lines or fewer"),
        ("#outcomes", "What you want to happen must be 3000 characters or fewer"),
    ]


def test_radios_and_conditional_requirements(client):
    start_journey(client, "mediation-adviser")
    html = client.post(url("mediation-adviser", "letter"), {}).content.decode()
    assert error_summary(html) == [("#mediation_choice", "Select what you want")]
    html = client.post(
        url("mediation-adviser", "letter"), {"mediation_choice": "mediation"}
    ).content.decode()
    assert error_summary(html) == [("#disagreement", "Enter what you disagree with")]
    html = client.post(
        url("mediation-adviser", "letter"), {"mediation_choice": "maybe"}
    ).content.decode()
    assert error_summary(html) == [("#mediation_choice", "Select what you want")]
    response = client.post(url("mediation-adviser", "letter"), {"mediation_choice": "certificate"})
    assert response.status_code == 302


def test_the_council_is_asked_only_when_the_case_names_none_we_know(client):
    england = JOURNEYS["la-complaint"].__class__(
        **{**JOURNEYS["la-complaint"].__dict__, "council": "england"}
    )
    start_journey(client, "la-complaint", england)
    html = client.get(url("la-complaint", "recipient")).content.decode()
    assert 'name="council_name"' in html
    html = client.post(url("la-complaint", "recipient"), {}).content.decode()
    assert ("#council_name", "Enter the name of the council") in error_summary(html)
    start_journey(client, "la-complaint")
    html = client.get(url("la-complaint", "recipient")).content.decode()
    assert 'name="council_name"' not in html


def test_the_copy_to_the_director_is_offered_for_maintained_schools_only(client):
    start_journey(client, "governors-complaint")
    assert (
        'name="copy_to_director"'
        in client.get(url("governors-complaint", "letter")).content.decode()
    )
    academy = JOURNEYS["governors-complaint"].__class__(
        **{**JOURNEYS["governors-complaint"].__dict__, "setting": "academy"}
    )
    start_journey(client, "governors-complaint", academy)
    assert (
        'name="copy_to_director"'
        not in client.get(url("governors-complaint", "letter")).content.decode()
    )


def test_a_young_person_is_told_the_letter_is_in_their_own_words(client):
    young = JOURNEYS["raise-concern"].__class__(
        **{**JOURNEYS["raise-concern"].__dict__, "who": "young-person"}
    )
    start_journey(client, "raise-concern", young)
    html = client.get(url("raise-concern", "you")).content.decode()
    assert "The letter is written in your own words, as the young person" in html


def test_saved_answers_come_back_on_the_page(client):
    start_journey(client, "school-complaint")
    client.post(url("school-complaint", "child"), {"child_name": "Sam", "child_date_of_birth-day": "4",
                "child_date_of_birth-month": "5", "child_date_of_birth-year": "2016"})  # fmt: skip
    html = client.get(url("school-complaint", "child")).content.decode()
    assert 'value="Sam"' in html
    assert re.search(r'name="child_date_of_birth-month"[^>]*value="5"', html)


def test_tampered_letter_answers_are_dropped_not_trusted(client):
    start_journey(client, "school-complaint")
    session = client.session
    session[SESSION_KEY] = {
        "school-complaint": {"sender_name": 12, "child_name": "Sam", "evil": "<x>"}
    }
    session.save()
    html = client.get(url("school-complaint", "you")).content.decode()
    assert 'name="sender_name"' in html and 'value="12"' not in html
    session[SESSION_KEY] = "not a dict"
    session.save()
    assert client.get(url("school-complaint", "you")).status_code == 200


def test_unknown_letters_and_pages_are_not_found(client):
    start_journey(client, "school-complaint")
    assert client.get("/letters/thank-you-note/").status_code == 404
    assert client.get(url("school-complaint", "favourite-colour")).status_code == 404


def test_a_letter_for_a_route_that_is_not_open_is_refused_politely(client, assert_valid_html):
    start_journey(
        client, "raise-concern"
    )  # support in school: the council's SEND team is not for it
    response = client.get(url("la-send-team"))
    assert response.status_code == 404
    html = response.content.decode()
    assert h1(html) == "This letter is not open for your case yet"
    assert 'href="/result"' in html
    assert_valid_html(html, name="letter not offered")


def test_without_a_finished_journey_the_visitor_goes_back_to_it(client):
    assert client.get(url("school-complaint")).status_code == 302
    assert client.get(url("school-complaint"))["Location"] == "/start"
    session = client.session
    session["journey"] = {"who": "nobody"}
    session.save()
    assert client.get(url("school-complaint", "you"))["Location"] == "/start-again"
