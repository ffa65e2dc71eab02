"""Drafting: dates only from the engine, reply dates, notes for the sender, user text as data."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from send_redress import assess, long_date, parse_facts
from send_redress.letters import (
    LETTER_TYPES,
    LetterError,
    default_response_date,
    draft_from_input,
    draft_letter,
    parse_letter_input,
    to_text,
)
from send_redress.letters._draft import add_months

from .cases import CASES, case

_LONG_DATE = re.compile(
    r"\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December) \d{4}\b"
)


def allowed_dates(letter_type: str, data: dict) -> set[str]:
    """Every date a letter may state: its own, the reply date, the case's events and the
    child's birthday, and the deadlines the engine computed (as if received today, for the
    letter whose sending starts a clock)."""
    facts, details = parse_letter_input(letter_type, data)
    letter = draft_letter(letter_type, facts, details, assess(facts))
    dates = {letter.date, *(day for day, _ in facts.timeline())}
    dates |= {d for d in (letter.response_date, details.child_date_of_birth) if d}
    dates |= {d.due for d in assess(facts).deadlines}
    sending = {
        "request-assessment": "assessment-requested",
        "reassessment-request": "reassessment-requested",
    }
    if letter_type in sending:
        sent = facts.with_event(sending[letter_type], letter.date)
        dates |= {d.due for d in assess(sent).deadlines}
    if letter_type == "subject-access-request":
        # The one month (UK GDPR art. 12(3), 12A), as if received on the letter's date.
        dates.add(add_months(letter.date, 1))
    return {long_date(d) for d in dates}


@pytest.mark.parametrize("letter_type", LETTER_TYPES)
def test_every_date_in_a_letter_comes_from_the_case_or_the_engine(letter_type):
    text = to_text(draft_from_input(letter_type, CASES[letter_type]))
    stated = set(_LONG_DATE.findall(text))
    assert stated, "expected some dates"
    assert stated <= allowed_dates(letter_type, CASES[letter_type])


@st.composite
def shifted_cases(draw: st.DrawFn) -> tuple[str, dict]:
    """A letter type's case moved to another day, with its events moved back by random spans."""
    letter_type = draw(st.sampled_from(LETTER_TYPES))
    data = case(letter_type)
    today = draw(st.dates(min_value=date(2019, 1, 1), max_value=date(2040, 12, 31)))
    data["today"] = today.isoformat()
    for event in data["events"]:
        event["date"] = (today - timedelta(days=draw(st.integers(0, 500)))).isoformat()
    data["letter"].pop("response_date", None)
    data["letter"]["child_date_of_birth"] = (today - timedelta(days=3000)).isoformat()
    return letter_type, data


@given(shifted_cases())
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_no_letter_states_a_date_the_engine_did_not_compute(drawn):
    letter_type, data = drawn
    try:
        text = to_text(draft_from_input(letter_type, data))
    except LetterError as error:
        # Only a problem with the case, never with the content: e.g. the route closed.
        assert all(p.field in ("concern", "events") for p in error.problems), error
        return
    assert set(_LONG_DATE.findall(text)) <= allowed_dates(letter_type, data)


def test_a_sentence_that_needs_a_deadline_is_left_out_when_the_engine_has_none():
    # Months after the decision letter: the 2-month contact time has passed, so the letter does
    # not claim to be in time, and states no contact deadline.
    data = case("mediation-adviser", mediation_choice="certificate", disagreement=[])
    data["today"] = "2027-06-01"
    text = to_text(draft_from_input("mediation-adviser", data))
    body = text.partition("----- The letter starts below this line -----")[2]
    assert "within the 2 months" not in body
    assert "11 February 2027" not in body
    # A letter before claim for a failure with no decision letter: no 3-month date is given.
    data = case("letter-before-claim")
    data["events"] = []
    text = to_text(draft_from_input("letter-before-claim", data))
    assert "not later than 3 months" not in text
    assert "the latest date is" not in text


def test_the_request_for_assessment_states_the_engines_six_week_date():
    facts, details = parse_letter_input("request-assessment", CASES["request-assessment"])
    letter = draft_letter("request-assessment", facts, details, assess(facts))
    sent = assess(facts.with_event("assessment-requested", facts.today))
    due = sent.deadline("assessment-decision")
    assert due is not None and due.due == date(2027, 3, 15)
    assert f"your decision is due by {long_date(due.due)}." in to_text(letter)


@pytest.mark.parametrize(
    "letter_type,letter_date,expected",
    [
        # 10 working days, bank holidays in England left out: Christmas 2026 and Boxing Day
        # (observed on Monday 28 December), New Year's Day 2027.
        ("school-complaint", date(2026, 12, 18), date(2027, 1, 6)),
        ("la-complaint", date(2027, 2, 1), date(2027, 2, 15)),
        ("raise-concern", date(2027, 3, 26), date(2027, 4, 12)),  # from Good Friday; Easter Monday
        # 14 days, moved to the next working day when that is a weekend
        ("letter-before-claim", date(2027, 2, 1), date(2027, 2, 15)),
        ("letter-before-claim", date(2027, 2, 6), date(2027, 2, 22)),
        ("request-assessment", date(2027, 2, 1), None),
        ("subject-access-request", date(2027, 2, 1), None),
    ],
)
def test_default_response_dates(letter_type, letter_date, expected):
    assert default_response_date(letter_type, letter_date) == expected


def test_the_sender_is_told_how_the_reply_date_was_chosen_only_when_we_chose_it():
    chosen = draft_from_input("la-complaint", CASES["la-complaint"])
    assert chosen.response_date == date(2027, 2, 15)
    assert any(
        n.startswith("We asked for a reply by 15 February 2027: 10 working days")
        for n in chosen.notes
    )
    given_date = draft_from_input("school-complaint", CASES["school-complaint"])
    assert given_date.response_date == date(2027, 2, 19)
    assert not any(n.startswith("We asked for a reply") for n in given_date.notes)


def test_the_sender_is_warned_not_to_wait_for_a_reply_past_their_own_deadline():
    data = case("la-send-team")
    data["concern"] = "refused-assessment"
    data["events"] = [{"type": "decision-notice-sent", "date": "2026-12-11"}]
    letter = draft_from_input("la-send-team", data)
    assert letter.response_date == date(2027, 2, 15)
    assert (
        "Do not wait for a reply to this letter before you act on your own deadline. "
        "Contact the mediation adviser: 11 February 2027." in letter.notes
    )


def test_a_step_not_open_yet_gets_a_note_saying_why():
    data = case("school-complaint")
    data["events"] = []  # not yet raised with the school
    facts = parse_facts({k: v for k, v in data.items() if k != "letter"})
    why = assess(facts).route("school-complaint").why
    letter = draft_from_input("school-complaint", data)
    assert letter.notes[0] == why


def test_user_text_is_never_read_as_a_template():
    hostile = ["{child_name}", "{{ child_name }}", "{0}", "{letter_date}", "%(x)s", "${x}"]
    data = case(
        "school-complaint",
        issues=hostile,
        sender_name="{council_name}",
        school_name="{{ school_name }}",
    )
    letter = draft_from_input("school-complaint", data)
    text = to_text(letter)
    for item in hostile:
        assert f"- {item}\n" in text
    assert letter.signature == "{council_name}"
    assert "Bedford Borough Council" not in text  # {council_name} was not filled in
    assert (
        "support my child, Sam Smith, gets for their special educational needs at {{ school_name }}."
        in text
    )


def test_references_list_exactly_the_sources_the_shown_blocks_cite():
    sar = draft_from_input("subject-access-request", CASES["subject-access-request"])
    assert [r.url for r in sar.references] == [
        "https://www.legislation.gov.uk/eur/2016/679/article/15",
        "https://www.legislation.gov.uk/eur/2016/679/article/12",
        "https://www.legislation.gov.uk/eur/2016/679/article/12A",
        "https://ico.org.uk/for-organisations/uk-gdpr-guidance-and-resources/individual-rights/right-of-access/what-should-we-consider-when-responding-to-a-request/",
    ]
    mediation = draft_from_input("mediation-adviser", CASES["mediation-adviser"])
    assert [r.title for r in mediation.references] == [
        "SEND Regulations 2014, regulation 33 (requirement to consider mediation)"
    ]
    certificate = draft_from_input(
        "mediation-adviser", case("mediation-adviser", mediation_choice="certificate")
    )
    # adds regulation 34 and IPSEA for the 3 working days
    assert len(certificate.references) == 3
    assert draft_from_input("raise-concern", CASES["raise-concern"]).references == ()


def test_salutation_and_closing_follow_whether_a_name_is_given():
    anonymous = draft_from_input("school-complaint", CASES["school-complaint"])
    assert (anonymous.salutation, anonymous.closing) == ("Dear Headteacher,", "Yours faithfully,")
    named = draft_from_input(
        "school-complaint", case("school-complaint", recipient_name="Ms Patel")
    )
    assert (named.salutation, named.closing) == ("Dear Ms Patel,", "Yours sincerely,")
    assert named.recipient[:2] == ("Ms Patel", "Oakfield Primary School")


def test_the_recipient_follows_the_setting_and_the_pack():
    academy = case("governors-complaint", copy_to_director=False)
    academy["setting"] = "academy"
    letter = draft_from_input("governors-complaint", academy)
    assert letter.recipient[0] == "The Chair of the academy trust"
    assert "at least three people who were not directly involved" in to_text(letter)
    assert letter.copies == ()
    england = case("mediation-adviser")
    england["local_authority"] = "england"
    england["letter"]["council_name"] = "Kent County Council"
    # The England pack names no mediation service: the line is left out, never guessed.
    assert draft_from_input("mediation-adviser", england).recipient == ("The mediation adviser",)
    own = case("mediation-adviser", recipient_organisation="Global Mediation")
    assert draft_from_input("mediation-adviser", own).recipient[1] == "Global Mediation"
