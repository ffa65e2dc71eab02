"""What `make mutation` found no test for: the words of each clock's working, the `done` mark of
each route, a council's contacts, and the young person's own words. Each test fails on a mutant
of send_redress/_calendar.py, _deadlines.py or _engine.py that survived the scenarios.

Dates worked by hand (weekdays from Python's calendar; bank holidays in England: Fri 25 and
Mon 28 December 2026, Fri 1 January 2027). Law: HESC Rules 2008 r.12 and r.20
(https://www.legislation.gov.uk/uksi/2008/2699/rule/12), SEND Regulations 2014 regs 22 and 33
(https://www.legislation.gov.uk/uksi/2014/1530/regulation/22), Equality Act 2010 Sch 17 para 4
(https://www.legislation.gov.uk/ukpga/2010/15/schedule/17).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec
import pytest

from send_redress import Assessment, _deadlines, assess, load_content, parse_facts
from send_redress._calendar import TribunalAct, add_working_days, tribunal_rule_12
from send_redress._content import Period
from send_redress._deadlines import ARITHMETIC, compute_clocks, count_period


def _assess(today: str, concern: str, *events: tuple[str, str], **more: Any) -> Assessment:
    facts = {"today": today, "concern": concern, **more}
    facts["events"] = [{"type": kind, "date": day} for kind, day in events]
    return assess(parse_facts(facts))


def _working(assessment: Assessment, deadline_id: str) -> str:
    return next(d.working for d in assessment.deadlines if d.id == deadline_id)


def _route(assessment: Assessment, route_id: str) -> Any:
    return next(r for r in assessment.routes if r.id == route_id)


LETTER = "decision-notice-sent"


# ---- the calendar ---------------------------------------------------------------------------


def test_a_negative_number_of_working_days_is_refused_with_a_reason():
    with pytest.raises(ValueError, match="^working_days must not be negative$"):
        add_working_days(date(2026, 11, 2), -1)


def test_a_limit_on_1_january_moves_to_2_january_when_that_is_a_working_day():
    # 1 January 2026 is a Thursday; Friday 2 January 2026 is the first working day after it.
    assert tribunal_rule_12(date(2026, 1, 1), TribunalAct.START_SEN_APPEAL) == date(2026, 1, 2)


# ---- the clocks' working, word for word -----------------------------------------------------


@pytest.mark.parametrize(
    ("today", "concern", "letter", "words"),
    [
        pytest.param(
            # 25 October 2026 + 2 months = Fri 25 December 2026; after Fri 1 January 2027 (a
            # bank holiday) come Sat 2 and Sun 3, so Mon 4 January 2027.
            "2026-11-01",
            "placement-only",
            "2026-10-25",
            "2 months after 25 October 2026 (the date on the decision letter) is 25 December 2026."
            " 25 December 2026: it falls between 25 December and 1 January, so Tribunal rule"
            " 12(3) moves it to the first working day after 1 January, 4 January 2027.",
            id="rule-12-3-on-christmas-day",
        ),
        pytest.param(
            # 1 November 2026 + 2 months = Fri 1 January 2027, in the window: Mon 4 January 2027.
            "2026-11-01",
            "placement-only",
            "2026-11-01",
            "2 months after 1 November 2026 (the date on the decision letter) is 1 January 2027."
            " 1 January 2027: it falls between 25 December and 1 January, so Tribunal rule 12(3)"
            " moves it to the first working day after 1 January, 4 January 2027.",
            id="rule-12-3-on-new-years-day",
        ),
        pytest.param(
            # 1 June 2027 + 2 months = Sun 1 August 2027; Mon 30 August is a bank holiday and Tue
            # 31 is still August, so Wed 1 September 2027.
            "2027-06-07",
            "placement-only",
            "2027-06-01",
            "2 months after 1 June 2027 (the date on the decision letter) is 1 August 2027."
            " 1 August 2027: it falls in August, so Tribunal rule 12(3) moves it to the first"
            " working day after 31 August, 1 September 2027.",
            id="rule-12-3-in-august",
        ),
        pytest.param(
            # 1 December 2026 + 2 months = Mon 1 February 2027, a working day outside the windows.
            "2027-01-11",
            "placement-only",
            "2026-12-01",
            "2 months after 1 December 2026 (the date on the decision letter) is 1 February 2027.",
            id="left-where-it-is-one-step",
        ),
        pytest.param(
            # 2 November 2026 + 2 months = Sat 2 January 2027: rule 12(2), Mon 4 January 2027.
            "2026-11-10",
            "refused-assessment",
            "2026-11-02",
            "2 months after 2 November 2026 (the date on the decision letter) is 2 January 2027."
            " 2 January 2027 is not a working day, so Tribunal rule 12(2) moves it to the next"
            " working day, 4 January 2027. When you get a mediation certificate, you will have 1"
            " month from its date instead, if that ends later.",
            id="no-certificate-yet-one-gives-a-month",
        ),
    ],
)
def test_the_tribunal_appeal_working_word_for_word(today, concern, letter, words):
    assert _working(_assess(today, concern, (LETTER, letter)), "tribunal-appeal") == words


def test_a_certificate_dated_the_same_day_as_the_letter_counts():
    # Certificate 2 November 2026 + 1 month = 2 December 2026; the 2 months (2 January 2027) are
    # later, and rule 12(2) moves them to Mon 4 January 2027.
    assessment = _assess(
        "2026-11-10",
        "refused-assessment",
        (LETTER, "2026-11-02"),
        ("mediation-certificate-issued", "2026-11-02"),
    )
    assert _working(assessment, "tribunal-appeal") == (
        "2 months after 2 November 2026 (the date on the decision letter) is 2 January 2027."
        " 1 month after 2 November 2026 (the date of the mediation certificate) is 2 December 2026."
        " The later date counts: 2 January 2027. 2 January 2027 is not a working day, so Tribunal"
        " rule 12(2) moves it to the next working day, 4 January 2027."
    )


def test_a_placement_appeal_without_a_certificate_is_not_told_to_wait_for_one():
    working = _working(
        _assess("2027-01-11", "placement-only", (LETTER, "2026-12-01")), "tribunal-appeal"
    )
    assert "certificate" not in working


def test_the_amended_plan_working_shows_both_periods():
    # Reg 22(3): Mon 2 November 2026 + 12 weeks = Mon 25 January 2027; proposals Mon 9 November
    # 2026 + 8 weeks = Mon 4 January 2027, the earlier.
    assessment = _assess(
        "2026-11-10",
        "plan-contents",
        ("annual-review-meeting", "2026-11-02"),
        ("amendments-proposed", "2026-11-09"),
    )
    assert _working(assessment, "amended-plan") == (
        "12 weeks after 2 November 2026 (the review meeting) is 25 January 2027. 8 weeks after"
        " 9 November 2026 (the council sent its proposed changes) is 4 January 2027. The earlier"
        " date counts: 4 January 2027."
    )


def test_a_clock_with_a_note_adds_it_after_the_working():
    # EqA Sch 17 para 4: 6 months beginning with Mon 2 November 2026 end on Sat 1 May 2027.
    assessment = _assess(
        "2026-11-10",
        "disability-discrimination",
        ("discrimination-occurred", "2026-11-02"),
        setting="maintained-school",
    )
    assert _working(assessment, "discrimination-claim") == (
        "6 months beginning with 2 November 2026 (the day it happened, which counts) end on"
        " 1 May 2027. We do not move this date for weekends or holidays."
    )


@pytest.mark.parametrize(
    ("period", "words"),
    [
        (Period(weeks=1), "1 week after"),
        (Period(weeks=2), "2 weeks after"),
        (Period(working_days=1), "1 working day after"),
        (Period(working_days=3), "3 working days after"),
        (Period(months=2), "2 months after"),
        (Period(days=1), "1 day after"),
    ],
)
def test_a_period_is_named_in_the_singular_only_for_one(period, words):
    _due, working = count_period(period, "after", date(2026, 11, 2), "the letter")
    assert working.startswith(f"{words} 2 November 2026 (the letter)")


def test_a_period_without_a_length_is_refused_with_a_reason():
    with pytest.raises(ValueError, match="^a period needs a length$"):
        count_period(Period(), "after", date(2026, 11, 2), "the letter")


# ---- each route's `done` mark and reasons -----------------------------------------------------


def test_a_school_procedure_that_ended_is_done_at_every_stage():
    assessment = _assess(
        "2026-11-10",
        "support-in-school",
        ("raised-with-school", "2026-10-01"),
        ("school-complaint-made", "2026-10-05"),
        ("school-complaints-exhausted", "2026-10-20"),
        setting="maintained-school",
    )
    for route_id in ("talk-to-school", "school-complaint", "governing-body"):
        assert _route(assessment, route_id).done, route_id


def test_a_council_complaint_that_ended_is_done():
    assessment = _assess(
        "2026-11-10",
        "delay",
        ("la-complaint-made", "2026-09-01"),
        ("la-complaint-exhausted", "2026-10-20"),
    )
    route = _route(assessment, "local-authority-complaint")
    assert (route.status, route.done) == ("closed", True)


def test_an_issued_certificate_marks_mediation_done():
    assessment = _assess(
        "2026-11-10",
        "refused-assessment",
        (LETTER, "2026-11-02"),
        ("mediation-certificate-issued", "2026-11-05"),
    )
    route = _route(assessment, "mediation")
    assert (route.status, route.done) == ("closed", True)


def test_an_appeal_or_claim_made_is_done():
    appeal = _assess(
        "2026-11-10", "refused-plan", (LETTER, "2026-09-01"), ("tribunal-appeal-made", "2026-10-01")
    )
    claim = _assess(
        "2026-11-10",
        "disability-discrimination",
        ("discrimination-occurred", "2026-09-01"),
        ("tribunal-appeal-made", "2026-10-01"),
        setting="academy",
    )
    assert _route(appeal, "tribunal").done is True
    assert _route(claim, "tribunal").done is True


def test_a_request_for_assessment_already_made_is_done():
    made = _assess(
        "2026-11-10",
        "support-in-school",
        ("assessment-requested", "2026-11-02"),
        setting="maintained-school",
    )
    before_the_rules = _assess(
        "2013-03-01",
        "support-in-school",
        ("assessment-requested", "2013-01-07"),
        setting="maintained-school",
    )
    for assessment in (made, before_the_rules):
        route = _route(assessment, "request-assessment")
        assert (route.status, route.done) == ("closed", True)
    assert "from 1 September 2014" in _route(before_the_rules, "request-assessment").why


def test_a_decision_before_the_rules_took_effect_leaves_mediation_open_with_a_caution():
    assessment = _assess("2013-03-01", "refused-assessment", (LETTER, "2013-01-07"))
    route = _route(assessment, "mediation")
    assert route.status in ("available", "recommended")
    assert "from 1 September 2014" in route.why


def test_health_or_care_mediation_is_done_once_asked_for_or_held():
    for kind in ("mediation-requested", "mediation-held"):
        assessment = _assess("2026-11-10", "health-or-care-only", (kind, "2026-11-02"))
        assert _route(assessment, "mediation").done, kind
    assert not _route(_assess("2026-11-10", "health-or-care-only"), "mediation").done


def test_talking_to_the_school_comes_first_for_a_plan_not_delivered():
    assessment = _assess("2026-11-10", "plan-not-delivered", setting="maintained-school")
    assert "Start here" in _route(assessment, "talk-to-school").why
    assert "legal duty" in _route(assessment, "school-complaint").why


def test_talking_to_the_school_about_a_council_concern_is_done_once_raised():
    raised = _assess(
        "2026-11-10",
        "process-handling",
        ("raised-with-school", "2026-11-02"),
        setting="maintained-school",
    )
    not_raised = _assess("2026-11-10", "process-handling", setting="maintained-school")
    assert _route(raised, "talk-to-school").done is True
    assert _route(not_raised, "talk-to-school").done is False


def test_a_council_complaint_after_the_send_team_says_so():
    assessment = _assess(
        "2026-11-10",
        "process-handling",
        ("raised-with-local-authority", "2026-11-02"),
        setting="maintained-school",
    )
    assert "You raised it with the SEND team" in _route(assessment, "local-authority-complaint").why


@pytest.mark.parametrize(
    ("concern", "words"),
    [
        ("refused-assessment", "The way to challenge that is an appeal"),
        ("process-handling", "An assessment has already been asked for"),
        ("disability-discrimination", "you can also ask the council for an EHC"),
    ],
)
def test_asking_for_an_assessment_is_worded_for_the_concern(concern, words):
    assessment = _assess("2026-11-10", concern, setting="maintained-school")
    assert words in _route(assessment, "request-assessment").why


@pytest.mark.parametrize(
    ("concern", "words"),
    [
        ("health-or-care-only", "only the health or social care parts"),
        ("support-in-school", "support a school gives"),
    ],
)
def test_the_tribunal_says_why_it_cannot_hear_the_concern(concern, words):
    assessment = _assess("2026-11-10", concern, setting="maintained-school")
    assert words in _route(assessment, "tribunal").why


def test_a_claim_about_a_nursery_says_which_nurseries():
    assessment = _assess(
        "2026-11-10",
        "disability-discrimination",
        ("discrimination-occurred", "2026-11-02"),
        setting="early-years",
    )
    assert "maintained nursery" in _route(assessment, "tribunal").why


# ---- the assessment as a whole ----------------------------------------------------------------


def test_a_councils_own_contacts_are_given():
    assessment = _assess("2026-11-10", "delay", local_authority="bedford")
    contact = _route(assessment, "local-authority-send-team").contact
    assert contact is not None and contact.name == "Bedford Borough Council SEND team"


def test_a_route_is_named_for_the_concern():
    assessment = _assess(
        "2026-11-10",
        "disability-discrimination",
        ("discrimination-occurred", "2026-11-02"),
        setting="academy",
    )
    assert _route(assessment, "tribunal").name.startswith("Make a disability discrimination claim")


def test_a_young_person_is_spoken_to_in_their_own_words():
    assessment = _assess("2026-11-10", "support-in-school", setting="none", asker="young-person")
    assert assessment.asker == "young-person"
    assert _route(assessment, "talk-to-school").why.startswith("You are not at a school")
    assert any(w.startswith("You said you are not at a school") for w in assessment.warnings)


def test_the_next_step_carries_its_date():
    # Placement appeal due Mon 1 February 2027 (2 months after 1 December 2026).
    assessment = _assess("2027-01-18", "placement-only", (LETTER, "2026-12-01"))
    assert (assessment.next_step, assessment.next_step_due) == ("tribunal", date(2027, 2, 1))


def test_a_deadline_two_days_away_is_two_days():
    assessment = _assess("2027-01-30", "placement-only", (LETTER, "2026-12-01"))
    assert any(w.endswith("in 2 days.") for w in assessment.warnings)


def test_talking_to_the_school_comes_first_for_support_in_school():
    assessment = _assess("2026-11-10", "support-in-school", setting="maintained-school")
    assert "Start here" in _route(assessment, "talk-to-school").why


def test_a_claim_about_a_school_is_not_worded_as_one_about_a_nursery():
    assessment = _assess(
        "2026-11-10",
        "disability-discrimination",
        ("discrimination-occurred", "2026-11-02"),
        setting="academy",
    )
    assert "nursery" not in _route(assessment, "tribunal").why


def test_answers_dated_before_the_first_decision_are_all_named_with_its_date():
    # Mediation asked for and a certificate dated before the only decision letter (Mon 2 November
    # 2026): neither can be about it (CFA 2014 s.55 runs from the decision).
    assessment = _assess(
        "2026-11-10",
        "refused-assessment",
        ("mediation-requested", "2026-10-01"),
        ("mediation-certificate-issued", "2026-10-05"),
        (LETTER, "2026-11-02"),
    )
    assert assessment.warnings == (
        "Check your dates: these are before the first decision letter (2 November 2026), so they"
        " cannot be about it: You told the council you want mediation; A mediation certificate was"
        " issued. If they were about an earlier decision, add that decision letter too.",
    )


# ---- the lifecycle clocks' working ----------------------------------------------------------
# HESC Rules 2008 r.45 and r.12(2) (https://www.legislation.gov.uk/uksi/2008/2699/rule/45);
# Children and Families Act 2014 s.44(1) (https://www.legislation.gov.uk/ukpga/2014/6/section/44).


def test_a_set_aside_limit_on_a_bank_holiday_names_rule_12_2():
    # Decision sent Mon 27 April 2026; 28 days after is Mon 25 May 2026, the spring bank
    # holiday; rule 12(2) moves it to the next working day, Tue 26 May 2026.
    working = _working(
        _assess("2026-05-01", "plan-contents", ("tribunal-decision-sent", "2026-04-27")),
        "tribunal-set-aside",
    )
    assert working == (
        "28 days after 27 April 2026 (the day the Tribunal sent its decision) is 25 May 2026."
        " 25 May 2026 is not a working day, so Tribunal rule 12(2) moves it to the next working"
        " day, 26 May 2026."
    )


def test_the_annual_review_counts_from_the_last_review_meeting_in_its_working():
    # Plan first made Mon 15 March 2027, reviewed Wed 1 March 2028: 12 months beginning with
    # 1 March 2028 end on Wed 28 February 2029.
    working = _working(
        _assess(
            "2028-03-05",
            "plan-contents",
            ("final-plan-issued", "2027-03-15"),
            ("annual-review-meeting", "2028-03-01"),
        ),
        "annual-review-due",
    )
    assert working == (
        "12 months beginning with 1 March 2028 (the last review meeting, which counts) end on"
        " 28 February 2029."
    )


def test_a_review_meeting_on_the_day_the_plan_was_made_is_the_last_review():
    # s.44(1) "last reviewed": a review on Mon 15 March 2027, the plan's own day, is a review;
    # 12 months beginning with it end on Tue 14 March 2028.
    working = _working(
        _assess(
            "2027-04-01",
            "plan-contents",
            ("final-plan-issued", "2027-03-15"),
            ("annual-review-meeting", "2027-03-15"),
        ),
        "annual-review-due",
    )
    assert working.startswith("12 months beginning with 15 March 2027 (the last review meeting,")


# SEND Regulations 2014 reg 18(1)(b), 20(10) and 22(3)
# (https://www.legislation.gov.uk/uksi/2014/1530/regulation/18).


def test_a_move_before_15_february_shows_the_day_before_and_the_review_12_weeks_earlier():
    # Move Wed 5 January 2028: before 15 February gives Mon 14 February 2028, after the move, so
    # the day before the move, Tue 4 January 2028; 12 weeks (84 days) before that is Tue
    # 12 October 2027, for 4 weeks to propose changes and 8 to issue the plan.
    working = _working(
        _assess("2027-09-01", "placement-only", ("phase-transfer-due", "2028-01-05")),
        "phase-transfer",
    )
    assert working == (
        "Before 15 February 2028 in the year of the move (the day of the move, 5 January 2028):"
        " the last day is 14 February 2028. The move is sooner, so the plan is due by"
        " 4 January 2028. For the council to meet it, the review meeting should be by"
        " 12 October 2027 (12 weeks before)."
    )


def _met_on(assessment: Assessment, deadline_id: str) -> Any:
    return next(d.met_on for d in assessment.deadlines if d.id == deadline_id)


@pytest.mark.parametrize(
    ("issued", "met_on"),
    [
        # Move Wed 1 September 2027: a plan issued Tue 1 September 2026, 12 months before to the
        # day, is in "the 12 months before the move" (the clock's caution) and is taken as the
        # amended plan; one issued Mon 31 August 2026, the day before that, is not.
        ("2026-09-01", date(2026, 9, 1)),
        ("2026-08-31", None),
    ],
)
def test_a_plan_counts_for_the_move_only_if_issued_in_the_12_months_before_it(issued, met_on):
    assessment = _assess(
        "2027-03-01",
        "placement-only",
        ("final-plan-issued", issued),
        ("phase-transfer-due", "2027-09-01"),
    )
    assert _met_on(assessment, "phase-transfer") == met_on


# ---- which clocks a case looks at --------------------------------------------------------


def test_every_clock_that_names_its_own_arithmetic_names_one_that_exists():
    # compute_clocks falls back to a plain period for a name it does not know; no clock in the
    # registry relies on that (see mutation-equivalent.md).
    named = {text.arithmetic for text in load_content().deadlines.values() if text.arithmetic}
    assert named and named <= set(ARITHMETIC)


def test_the_clocks_each_event_starts_are_grouped_once_per_content(monkeypatch):
    content = load_content()
    # Start with no grouping for it (an earlier test in this process may have made one).
    monkeypatch.delitem(_deadlines._BY_TRIGGER, id(content), raising=False)
    assert _deadlines._clocks_by_trigger(content) is _deadlines._clocks_by_trigger(content)


def test_a_grouping_left_from_another_content_with_the_same_id_is_not_used(monkeypatch):
    # id() is reused once an object is freed: the cache must check it holds this very content.
    content = load_content()
    other = msgspec.structs.replace(content, deadlines={})
    monkeypatch.setitem(_deadlines._BY_TRIGGER, id(content), (other, {}))
    facts = parse_facts(
        {
            "today": "2026-11-01",
            "concern": "placement-only",
            "events": [{"type": LETTER, "date": "2026-10-01"}],
        }
    )
    assert "tribunal-appeal" in compute_clocks(facts, content)


def test_a_28_day_limit_over_christmas_is_explained_by_rule_12_2_not_12_3():
    # Decision sent Friday 27 November 2026: 28 days end on Friday 25 December, Christmas Day,
    # not a working day; only rule 12(2) applies to a set-aside request (HESC Rules r.12, r.45).
    from datetime import date

    from send_redress import Facts, assess

    facts = Facts(
        concern="tribunal-order-not-followed",
        today=date(2026, 12, 1),
        events={"tribunal-decision-sent": (date(2026, 11, 27),)},
    )
    deadline = assess(facts).deadline("tribunal-set-aside")
    assert deadline is not None
    assert "12(3)" not in deadline.working
    assert "rule 12(2)" in deadline.working
