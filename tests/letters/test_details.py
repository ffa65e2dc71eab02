"""Reading a letter's details: every problem at once, each naming its field."""

from __future__ import annotations

from datetime import date

import pytest

from send_redress import Facts
from send_redress.letters import (
    FIELDS,
    LETTER_TYPES,
    LetterDetails,
    LetterError,
    check_details,
    draft_from_input,
    parse_details,
    parse_letter_input,
)
from send_redress.letters._fields import convert_details

from .cases import CASES, case

FACTS = Facts(concern="support-in-school", today=date(2027, 2, 1), local_authority="bedford")
DECIDED = Facts(
    concern="refused-assessment",
    today=date(2027, 2, 1),
    local_authority="bedford",
    events={"decision-notice-sent": date(2026, 12, 11)},
)


def problems(letter_type: str, data: object, facts: Facts | None = FACTS) -> list[str]:
    with pytest.raises(LetterError) as raised:
        parse_details(letter_type, data, facts)
    return [str(p) for p in raised.value.problems]


def test_fields_and_details_agree():
    from dataclasses import fields

    assert set(FIELDS) == {f.name for f in fields(LetterDetails)}


@pytest.mark.parametrize("letter_type", LETTER_TYPES)
def test_every_case_reads_cleanly(letter_type):
    facts, details = parse_letter_input(letter_type, CASES[letter_type])
    assert details.sender_name == "Alex Smith"
    assert facts.today == date(2027, 2, 1)


def test_every_problem_is_reported_at_once_naming_its_field():
    found = problems(
        "school-complaint",
        {
            "sender_name": 7,
            "issues": "not a list",
            "letter_date": "1/2/2027",
            "response_date": "2027-02-30",
            "sender_email": "not-an-email",
            "favourite_colour": "blue",
        },
    )
    assert found == [
        "sender_name: expected a string, got 7",
        "issues: expected a list of strings, got 'not a list'",
        "letter_date: expected a date as YYYY-MM-DD, got '1/2/2027'",
        "response_date: '2027-02-30' is not a real date",
        "sender_email: 'not-an-email' is not an email address",
        "favourite_colour: unknown field (value 'blue')",
        "child_name: missing: a formal complaint to the school needs it",
        "school_name: missing: give the name of the school, nursery or college",
        "outcomes: missing: a formal complaint to the school needs it",
    ]


def test_details_must_be_an_object():
    assert problems("raise-concern", ["a list"]) == ["letter: expected a JSON object, got a list"]


def test_items_keep_their_index_in_the_message():
    found = problems("raise-concern", case("raise-concern", issues=["fine", 12])["letter"])
    assert found == ["issues[1]: expected a string, got 12"]


def test_whitespace_and_line_breaks_become_one_space_and_blank_items_go():
    details = parse_details(
        "raise-concern",
        case("raise-concern", issues=["  two\n\nlines\there ", "   ", ""])["letter"],
        FACTS,
    )
    assert details.issues == ("two lines here",)


@pytest.mark.parametrize(
    "text,code_point",
    [("nul\x00byte", "U+0000"), ("bell\x07", "U+0007"), ("rlo\u202eevil", "U+202E"),
     ("isolate\u2067x", "U+2067"), ("lone \ud800 surrogate", "U+D800"), ("non\uffffchar", "U+FFFF")],
)  # fmt: skip
def test_characters_no_document_can_hold_are_refused_not_dropped(text, code_point):
    data = case("raise-concern", issues=[text])["letter"]
    assert problems("raise-concern", data) == [
        f"issues[0]: contains a control character ({code_point}) that a letter cannot hold"
    ]


def test_joiners_and_right_to_left_text_are_kept():
    family = "👨\u200d👩\u200d👧 مرحبا שלום"
    details = parse_details(
        "raise-concern", case("raise-concern", issues=[family])["letter"], FACTS
    )
    assert details.issues == (family,)


def test_limits_on_length_and_count():
    data = case("raise-concern", issues=["x" * 3001] + ["y"] * 20, sender_name="n" * 201)["letter"]
    assert problems("raise-concern", data) == [
        "sender_name: at most 200 characters, got 201",
        "issues[0]: at most 3000 characters, got 3001",
    ]
    data = case("raise-concern", issues=["y"] * 21)["letter"]
    assert problems("raise-concern", data) == ["issues: at most 20 items, got 21"]


def test_a_field_another_letter_uses_is_refused():
    data = case("raise-concern", mediation_choice="mediation")["letter"]
    assert problems("raise-concern", data) == [
        "mediation_choice: not used in a letter to raise a concern with the teacher or SENCO"
    ]


def test_choices_are_checked():
    data = case("mediation-adviser", mediation_choice="maybe")["letter"]
    assert problems("mediation-adviser", data, DECIDED) == [
        "mediation_choice: unknown value 'maybe' (one of mediation, certificate)"
    ]


def test_required_when_a_choice_is_made():
    data = case("mediation-adviser", disagreement=[])["letter"]
    assert problems("mediation-adviser", data, DECIDED) == [
        "disagreement: missing: say what you disagree with, so that mediation can deal with it"
    ]
    data = case("mediation-adviser", disagreement=[], mediation_choice="certificate")["letter"]
    assert parse_details("mediation-adviser", data, DECIDED).mediation_choice == "certificate"
    data = case("subject-access-request", sar_to="school", school_name="")["letter"]
    assert problems("subject-access-request", data) == [
        "school_name: missing: give the name of the school, nursery or college"
    ]


def test_dates_must_make_sense_against_the_letter_date():
    data = case(
        "school-complaint",
        response_date="2027-02-01",
        child_date_of_birth="2027-03-01",
    )["letter"]
    assert problems("school-complaint", data) == [
        "response_date: must be after the letter's date (1 February 2027)",
        "child_date_of_birth: must not be after the letter's date (1 February 2027)",
    ]
    later = case("school-complaint", letter_date="2027-03-10", response_date="2027-03-01")
    assert problems("school-complaint", later["letter"]) == [
        "response_date: must be after the letter's date (10 March 2027)"
    ]


def test_the_copy_to_the_director_is_for_maintained_schools_only():
    academy = Facts(concern="support-in-school", today=date(2027, 2, 1), setting="academy")
    data = CASES["governors-complaint"]["letter"]
    assert problems("governors-complaint", data, academy) == [
        "copy_to_director: only for a maintained school: the setting is academy"
    ]
    assert check_details("governors-complaint", parse_details("governors-complaint", data)) == []


def test_unknown_letter_type():
    assert [str(p) for p in check_details("thank-you-note", LetterDetails())] == [
        "letter_type: unknown letter type 'thank-you-note'"
    ]


def test_convert_accepts_date_objects_from_a_web_form():
    details, found = convert_details({"letter_date": date(2027, 2, 1), "copy_to_director": True})
    assert found == [] and details.letter_date == date(2027, 2, 1) and details.copy_to_director


def test_to_jsonable_round_trips():
    facts, details = parse_letter_input("school-complaint", CASES["school-complaint"])
    again = parse_details("school-complaint", details.to_jsonable(), facts)
    assert again == details


def _input_problems(letter_type: str, data: dict) -> list[str]:
    with pytest.raises(LetterError) as raised:
        draft_from_input(letter_type, data)
    return [str(p) for p in raised.value.problems]


def test_the_cli_input_reports_facts_and_details_together():
    data = case("school-complaint", issues="oops")
    data["concern"] = "unhappy"
    data["events"][0]["date"] = "2027-13-01"
    assert _input_problems("school-complaint", data) == [
        "concern: unknown value 'unhappy'",
        "events[0].date: '2027-13-01' is not a real date",
        "letter.issues: expected a list of strings, got 'oops'",
    ]


def test_the_cli_input_needs_the_letter_object():
    data = {k: v for k, v in CASES["raise-concern"].items() if k != "letter"}
    assert _input_problems("raise-concern", data) == [
        "letter: missing: an object with the letter's details"
    ]
    assert _input_problems("raise-concern", []) == ["input: expected a JSON object"]  # type: ignore[arg-type]


def test_a_council_name_is_needed_when_the_case_names_no_council_we_know():
    for pack in ("england", "somewhere-else"):
        data = case("la-complaint")
        data["local_authority"] = pack
        assert _input_problems("la-complaint", data) == [
            "letter.council_name: missing: give the council's name (the case names no council"
            " we have details for)"
        ]
        data["letter"]["council_name"] = "Kent County Council"
        assert "Kent County Council" in draft_from_input("la-complaint", data).recipient


def test_a_letter_that_needs_an_event_says_which():
    data = case("mediation-adviser")
    data["events"] = [e for e in data["events"] if e["type"] != "decision-notice-sent"]
    assert _input_problems("mediation-adviser", data) == [
        "events: this letter needs the date of this event: The council sent its decision letter"
        " (decision-notice-sent)"
    ]


def test_a_missing_event_is_reported_with_the_details_problems():
    data = case("mediation-adviser", mediation_choice=None, sender_name=None)
    data["events"] = []
    assert _input_problems("mediation-adviser", data) == [
        "letter.sender_name: missing: a letter to the mediation adviser needs it",
        "letter.mediation_choice: missing: a letter to the mediation adviser needs it",
        "events: this letter needs the date of this event: The council sent its decision letter"
        " (decision-notice-sent)",
    ]


def test_a_letter_whose_route_cannot_deal_with_the_concern_is_refused():
    data = case("letter-before-claim")
    data["concern"] = "refused-assessment"
    [problem] = _input_problems("letter-before-claim", data)
    assert problem.startswith(
        "concern: a letter before claim for judicial review is not for this case: "
    )
    assert "appeal" in problem
    school = case("school-complaint")
    school["concern"] = "refused-plan"
    [problem] = _input_problems("school-complaint", school)
    assert problem.startswith("concern: a formal complaint to the school is not for this case")


def test_the_subject_access_request_is_for_any_case():
    for concern in ("refused-plan", "delay", "disability-discrimination"):
        data = case("subject-access-request")
        data["concern"] = concern
        assert draft_from_input("subject-access-request", data).subject


def test_a_listed_council_without_a_pack_is_named_and_not_asked_for():
    from send_redress import load_content
    from send_redress.letters import to_text

    council = load_content().councils["luton"]
    assert council.id not in load_content().local_authorities
    data = case("la-complaint")
    data["local_authority"] = council.id
    data["letter"].pop("council_name", None)
    letter = draft_from_input("la-complaint", data)  # no LetterError: the council is known
    assert council.name in letter.recipient
    text = to_text(letter)
    assert council.name in text
    assert "Your council's" not in text  # the England pack's contacts name no one
