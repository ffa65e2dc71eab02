"""Issue 14's letters: an overdue annual review, a re-assessment, a missed Tribunal order and a
missed phase-transfer date. Each is drafted only when the case shows what it is about, and every
date in it is the engine's."""

from __future__ import annotations

from datetime import date

import pytest

from send_redress import assess, long_date, parse_facts
from send_redress.letters import LetterError, draft_from_input, fits_case, to_text
from tests.documents import flat

from .cases import CASES, case


def facts_of(data: dict):
    return parse_facts({k: v for k, v in data.items() if k != "letter"})


def due(data: dict, deadline_id: str) -> str:
    deadline = assess(facts_of(data)).deadline(deadline_id)
    assert deadline is not None, deadline_id
    return long_date(deadline.due)


def with_events(letter_type: str, events: dict[str, str], **facts) -> dict:
    data = case(letter_type)
    data["events"] = [{"type": t, "date": d} for t, d in events.items()]
    data.update(facts)
    return data


def test_the_overdue_review_letter_gives_the_engines_last_day():
    data = CASES["annual-review-overdue"]
    text = flat(to_text(draft_from_input("annual-review-overdue", data)))
    # A plan first made on 3 November 2025: the 12 months starting with that day end on
    # 2 November 2026 (CFA 2014 s.44(1)), the engine's date.
    assert due(data, "annual-review-due") == "2 November 2026"
    assert "The last day for this review was 2 November 2026." in text


def test_a_review_not_yet_due_gets_no_overdue_letter():
    data = with_events("annual-review-overdue", {"final-plan-issued": "2026-06-01"})
    assert not fits_case("annual-review-overdue", facts_of(data))
    with pytest.raises(LetterError, match="its events do not show"):
        draft_from_input("annual-review-overdue", data)


def test_a_review_meeting_restarts_the_year_and_the_letter_names_it():
    data = with_events(
        "annual-review-overdue",
        {"final-plan-issued": "2024-10-01", "annual-review-meeting": "2025-10-06"},
    )
    text = flat(to_text(draft_from_input("annual-review-overdue", data)))
    assert f"The last day for this review was {due(data, 'annual-review-due')}." in text
    assert "The last review meeting I know of was on 6 October 2025." in text


def test_the_reassessment_letter_counts_15_days_from_its_own_date():
    data = CASES["reassessment-request"]
    text = flat(to_text(draft_from_input("reassessment-request", data)))
    sent = facts_of(data).with_event("reassessment-requested", date(2027, 2, 1))
    decision = assess(sent).deadline("reassessment-decision")
    assert decision is not None and decision.due == date(2027, 2, 15)
    assert "by 15 February 2027: that is within 15 days of getting this letter" in text
    assert "within 14 weeks of telling me that you will re-assess" in text


def test_a_reassessment_letter_chases_an_unanswered_request():
    data = with_events(
        "reassessment-request",
        {"final-plan-issued": "2026-03-02", "reassessment-requested": "2026-12-01"},
    )
    text = flat(to_text(draft_from_input("reassessment-request", data)))
    assert "I first asked for a re-assessment on 1 December 2026" in text
    assert f"Your answer was due by {due(data, 'reassessment-decision')}." in text
    assert "within 15 days of getting this letter" not in text


def test_a_reassessment_needs_a_plan():
    data = with_events("reassessment-request", {})
    with pytest.raises(LetterError, match="its events do not show"):
        draft_from_input("reassessment-request", data)


@pytest.mark.parametrize(
    ("event", "deadlines", "order_words"),
    [
        (
            "tribunal-ordered-plan",
            ["order-draft-plan", "order-final-plan"],
            "requires the council to make and keep an EHC plan",
        ),
        (
            "tribunal-ordered-amendment",
            ["order-amended-plan"],
            "requires the council to change what the EHC plan says",
        ),
        (
            "tribunal-ordered-school",
            ["order-school-named"],
            "requires the council to change the school or college",
        ),
        (
            "tribunal-ordered-assessment",
            ["order-assessment-notice"],
            "requires the council to assess or re-assess",
        ),
    ],
)
def test_the_missed_order_letter_cites_the_order_and_each_missed_date(
    event, deadlines, order_words
):
    data = with_events("tribunal-order-missed", {event: "2026-11-02"})
    letter = draft_from_input("tribunal-order-missed", data)
    text = flat(to_text(letter))
    assert f"The Tribunal's order of 2 November 2026 {order_words}" in text
    assert "regulation 44 of the SEND Regulations 2014" in text
    for deadline_id in deadlines:
        assert f"the last day was {due(data, deadline_id)}" in text, deadline_id
    assert any(r.url.endswith("/uksi/2014/1530/regulation/44") for r in letter.references)


def test_an_order_carried_out_in_time_gets_no_letter():
    data = with_events(
        "tribunal-order-missed",
        {
            "tribunal-ordered-school": "2026-11-02",
            "final-plan-issued": "2026-11-10",
        },
    )
    assert not fits_case("tribunal-order-missed", facts_of(data))
    # Nor does an order whose dates are still to come.
    recent = with_events("tribunal-order-missed", {"tribunal-ordered-plan": "2027-01-25"})
    assert not fits_case("tribunal-order-missed", facts_of(recent))


def test_a_conceded_appeal_cites_regulation_45():
    data = with_events(
        "tribunal-order-missed",
        {"tribunal-appeal-made": "2026-09-01", "tribunal-appeal-conceded": "2026-11-02"},
        concern="refused-assessment",
    )
    if not fits_case("tribunal-order-missed", facts_of(data)):
        pytest.skip("no reg 45 date passed for this concern in the engine")
    letter = draft_from_input("tribunal-order-missed", data)
    text = flat(to_text(letter))
    assert "On 2 November 2026 the council told the Tribunal it would not oppose" in text
    assert "regulation 45" in text and "regulation 44 of" not in text


@pytest.mark.parametrize(
    ("events", "setting", "deadline_id"),
    [
        ({"post-16-move-due": "2027-06-01"}, "post-16", "post-16-move"),
        ({"phase-transfer-due": "2026-09-01"}, "maintained-school", "phase-transfer"),
        ({"post-16-transfer-due": "2026-09-01"}, "maintained-school", "post-16-transfer"),
    ],
)
def test_the_phase_transfer_complaint_gives_the_regulation_18_date(events, setting, deadline_id):
    data = with_events(
        "phase-transfer-missed", {"final-plan-issued": "2024-06-03", **events}, setting=setting
    )
    text = flat(to_text(draft_from_input("phase-transfer-missed", data)))
    assert (
        f"The amended plan had to be sent by {due(data, deadline_id)}. I have not had it." in text
    )
    assert "regulation 18" in text and "15 February" in text


def test_a_move_with_the_amended_plan_on_time_gets_no_complaint():
    data = with_events(
        "phase-transfer-missed",
        {"final-plan-issued": "2026-12-01", "phase-transfer-due": "2027-09-01"},
    )
    assert not fits_case("phase-transfer-missed", facts_of(data))
