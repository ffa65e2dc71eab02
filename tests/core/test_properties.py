"""Invariants of the engine and the calendar, checked on generated cases (Hypothesis)."""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from send_redress import EVENT_TYPES, Focus, assess, current_round, focus, load_content
from send_redress._calendar import (
    TribunalAct,
    add_months,
    is_school_day,
    is_working_day,
    tribunal_rule_12,
)
from send_redress._concerns import RESPONSE_EVENTS, ROUND_STARTS
from send_redress._deadlines import CONCERN_GROUPS, school_holidays
from send_redress._registry import FUTURE_EVENTS

from .strategies import facts

# The event that starts each clock, from its entry in the registry.
TRIGGERS = {d.id: d.starts_at for d in load_content().deadlines.values()}


@given(facts())
def test_a_deadline_never_falls_before_its_trigger(case) -> None:
    for deadline in assess(case).deadlines:
        trigger = TRIGGERS[deadline.id]
        if trigger in FUTURE_EVENTS:
            continue  # a planned move: its clock counts back from it (below)
        started = case.first_date_of(trigger)
        assert started is not None, f"{deadline.id} listed without {trigger}"
        assert deadline.due >= started


@given(facts())
def test_an_appeal_deadline_is_always_a_working_day(case) -> None:
    deadline = assess(case).deadline("tribunal-appeal")
    if deadline is not None:
        assert is_working_day(deadline.due)


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.sampled_from(TribunalAct)
)
def test_rule_12_gives_a_working_day_no_earlier_than_the_limit(last_day, act) -> None:
    moved = tribunal_rule_12(last_day, act)
    assert moved >= last_day
    assert is_working_day(moved)
    if act is TribunalAct.OTHER:
        # Only weekends and bank holidays are skipped: every day in between is a non-working day.
        assert all(
            not is_working_day(last_day + timedelta(d)) for d in range((moved - last_day).days)
        )


@given(facts(), st.sampled_from(EVENT_TYPES))
@settings(max_examples=300)
def test_adding_an_event_as_it_happens_never_reopens_a_closed_route(case, new_type) -> None:
    """A case moves forward: a new kind of event, dated today. What was closed stays closed,
    unless the event starts a new round (a new decision letter gives a fresh right of appeal,
    CFA 2014 s.51; a new act of discrimination a fresh claim)."""
    if case.has(new_type) or new_type in ROUND_STARTS.values():
        return
    before = assess(case)
    after = assess(case.with_event(new_type, case.today))
    closed_before = {r.id for r in before.routes if r.status == "closed"}
    closed_after = {r.id for r in after.routes if r.status == "closed"}
    assert closed_before <= closed_after


@given(facts())
def test_every_route_and_deadline_carries_a_source(case) -> None:
    result = assess(case)
    for item in (*result.routes, *result.deadlines):
        assert item.sources
        assert all(s.url.startswith("https://") and s.title for s in item.sources)


@given(facts())
def test_every_route_of_the_pack_is_listed_once_and_only_the_next_step_is_recommended(case) -> None:
    result = assess(case)
    pack = load_content().local_authority(result.local_authority)
    assert pack is not None and [r.id for r in result.routes] == list(pack.routes)
    recommended = [r.id for r in result.routes if r.status == "recommended"]
    assert recommended == [result.next_step]


@given(facts())
def test_assess_is_deterministic(case) -> None:
    assert assess(case) == assess(case)


@given(facts(), st.sampled_from(RESPONSE_EVENTS), st.integers(min_value=1, max_value=400))
@settings(max_examples=300)
def test_an_answer_to_an_earlier_decision_never_changes_this_rounds_routes(case, kind, before):
    """Old events do not leak into a new decision: a certificate, mediation or appeal dated before
    the current round began belongs to an earlier round (CFA 2014 s.51, s.55(3))."""
    starter = ROUND_STARTS.get(case.concern)
    start = case.date_of(starter) if starter else None
    if start is None or case.first_date_of(starter) == start:
        return  # one round only: an earlier answer would have no decision to belong to
    older = case.with_event(kind, start - timedelta(days=before))
    statuses = [(r.id, r.status, r.why) for r in assess(case).routes]
    assert [(r.id, r.status, r.why) for r in assess(older).routes] == statuses
    assert assess(older).deadlines == assess(case).deadlines


@given(facts())
def test_a_young_person_is_never_spoken_of_as_someone_elses_child(case) -> None:
    if case.asker != "young-person":
        return
    result = assess(case)
    written = [r.why for r in result.routes] + list(result.warnings) + [result.next_step_text]
    assert not [line for line in written if "child" in line.lower()]


# ---- the whole year of a case (issue 14) ---------------------------------------------------

_CLOCKS = load_content().deadlines
# A council's duty after a Tribunal order or an unopposed appeal: a plain period of weeks.
_AFTER_TRIBUNAL = sorted(
    d.id
    for d in _CLOCKS.values()
    if d.starts_at.startswith("tribunal-ordered-") or d.starts_at == "tribunal-appeal-conceded"
)
_TRIBUNAL_28_DAYS = sorted(d.id for d in _CLOCKS.values() if d.arithmetic == "tribunal-rule-12-2")


def _bears_on(text, concern: str) -> bool:
    return any(concern == c or concern in CONCERN_GROUPS.get(c, ()) for c in text.applies_to)


def _with(case, kind: str, days_ago: int):
    return case.with_event(kind, case.today - timedelta(days=days_ago))


@given(facts(), st.sampled_from(_AFTER_TRIBUNAL), st.integers(min_value=0, max_value=400))
@settings(max_examples=300)
def test_a_tribunal_compliance_date_is_exactly_its_weeks_after_the_latest_order(case, clock, ago):
    """SEND Regulations 2014 regs 44(2) and 45: N weeks of the order or the council's notice,
    whatever day of the week or holiday that lands on; a repeated order counts from the latest."""
    text = _CLOCKS[clock]
    case = _with(case, text.starts_at, ago)
    deadline = assess(case).deadline(clock)
    start = case.date_of(text.starts_at)
    if deadline is None:  # only a concern it does not bear on, or a day before it was law
        assert not _bears_on(text, case.concern) or start < text.took_effect
        return
    assert deadline.due == start + timedelta(weeks=text.period.weeks)
    assert deadline.whose == "council"


@given(facts(), st.sampled_from(_TRIBUNAL_28_DAYS), st.integers(min_value=0, max_value=400))
@settings(max_examples=300)
def test_a_28_day_tribunal_limit_is_the_first_working_day_from_the_28th_day(case, clock, ago):
    """HESC Rules 2008 r.45, r.46 and r.12(2): day 28 after the start, or the next working day."""
    text = _CLOCKS[clock]
    case = _with(case, text.starts_at, ago)
    deadline = assess(case).deadline(clock)
    if deadline is None:
        return
    day_28 = case.date_of(text.starts_at) + timedelta(days=28)
    assert deadline.due >= day_28 and is_working_day(deadline.due)
    assert all(
        not is_working_day(day_28 + timedelta(d)) for d in range((deadline.due - day_28).days)
    )


@given(facts(), st.integers(min_value=0, max_value=900), st.integers(min_value=0, max_value=900))
@settings(max_examples=300)
def test_the_annual_review_is_due_within_12_months_of_the_plan_or_the_last_review(case, plan, meet):
    """CFA 2014 s.44(1): never before the last review of this plan, always within 12 months
    starting with it (or with the day the plan was first made)."""
    case = _with(_with(case, "final-plan-issued", plan), "annual-review-meeting", meet)
    deadline = assess(case).deadline("annual-review-due")
    if deadline is None:
        return
    first_plan = case.first_date_of("final-plan-issued")
    reviews = [d for d in case.dates_of("annual-review-meeting") if d >= first_plan]
    start = reviews[-1] if reviews else first_plan
    assert start < deadline.due < add_months(start, 12)


@given(
    facts(),
    st.sampled_from(sorted(d.id for d in _CLOCKS.values() if d.arithmetic == "phase-transfer")),
    st.integers(min_value=-400, max_value=900),
)
@settings(max_examples=300)
def test_a_plan_for_a_move_is_due_before_the_move_and_within_its_year(case, clock, days_ahead):
    """SEND Regulations 2014 reg 18: before 15 February or 31 March in the calendar year of the
    move, or at least 5 months before a move between post-16 places; never on or after the move."""
    text = _CLOCKS[clock]
    case = case.with_event(text.starts_at, case.today + timedelta(days=days_ahead))
    move = case.date_of(text.starts_at)  # the latest, if there were two
    deadline = assess(case).deadline(clock)
    if deadline is None:  # only a concern it does not bear on, or a move before it was law
        assert not _bears_on(text, case.concern) or move < text.took_effect
        return
    assert deadline.due < move
    if text.period.months:
        assert deadline.due <= add_months(move, -text.period.months)
    else:
        in_year = deadline.due.year == move.year and deadline.due < date(move.year, 3, 31)
        assert in_year or deadline.due == move - timedelta(days=1)  # a move on 1 January


# ---- certificates, agreements, exclusions, complaints, transport (issue 14, parts 4 to 10) --

_SCHOOL_DAY_CLOCKS = sorted(d.id for d in _CLOCKS.values() if d.period.school_days)
_WORKING_DAY_CLOCKS = sorted(
    d.id for d in _CLOCKS.values() if d.period.working_days and not d.arithmetic
)
_AFTER_AGREEMENT = sorted(d.id for d in _CLOCKS.values() if d.starts_at == "mediation-agreement")
_HOLIDAYS = st.lists(
    st.tuples(st.integers(min_value=-60, max_value=200), st.integers(min_value=0, max_value=45)),
    max_size=3,
)


def _with_needs(case, text):
    """The case with what the clock needs to run: its other events and a setting it covers."""
    for needed in text.requires:
        if not case.has(needed):
            case = case.with_event(needed, case.date_of(text.starts_at))
    if text.settings and case.setting not in text.settings:
        case = replace(case, setting=text.settings[0])
    return case


def _counted_days(start: date, due: date, is_counted) -> int:
    return sum(is_counted(start + timedelta(days=n)) for n in range(1, (due - start).days + 1))


@given(
    facts(),
    st.sampled_from(_SCHOOL_DAY_CLOCKS),
    st.integers(min_value=0, max_value=400),
    _HOLIDAYS,
)
@settings(max_examples=300)
def test_a_school_day_clock_counts_exactly_its_school_days(case, clock, ago, holidays):
    """School Discipline Regulations 2012: N school days after the notice. With holidays given,
    the last day is a school day and exactly N school days follow the start; with none, every
    working day counts, so knowing the term dates never gives an earlier date (issue 14)."""
    text = _CLOCKS[clock]
    # "Without" means no term dates given: drop any holiday the strategy drew.
    case = replace(
        case,
        events={k: v for k, v in case.events.items() if not k.startswith("school-holiday-")},
    )
    case = _with_needs(replace(_with(case, text.starts_at, ago), concern="exclusion"), text)
    start = case.date_of(text.starts_at)
    without = assess(case).deadline(clock)
    for offset, length in holidays:
        first = start + timedelta(days=offset)
        case = case.with_event("school-holiday-starts", first)
        case = case.with_event("school-holiday-ends", first + timedelta(days=length))
    deadline = assess(case).deadline(clock)
    if deadline is None or without is None:
        assert start < text.took_effect
        return
    given_holidays = school_holidays(case)
    assert is_school_day(deadline.due, given_holidays)
    assert _counted_days(start, deadline.due, lambda d: is_school_day(d, given_holidays)) == (
        text.period.school_days
    )
    assert deadline.due >= without.due
    assert _counted_days(start, without.due, is_working_day) == text.period.school_days


@given(facts(), st.sampled_from(_WORKING_DAY_CLOCKS), st.integers(min_value=0, max_value=400))
@settings(max_examples=300)
def test_a_working_day_clock_ends_on_its_nth_working_day(case, clock, ago):
    """Certificates (SEND Regulations 2014 regs 34 and 35 to 37), the social care procedure
    (2006 Regulations) and the transport stages: N working days after the start, the last one a
    working day, never moved for the council's or the parent's convenience."""
    text = _CLOCKS[clock]
    case = _with(case, text.starts_at, ago)
    deadline = assess(case).deadline(clock)
    start = case.date_of(text.starts_at)
    if deadline is None:  # another concern, law not yet in force, or an answer to no decision
        in_round = current_round(case)[0].date_of(text.starts_at)
        assert not _bears_on(text, case.concern) or start < text.took_effect or in_round is None
        return
    assert is_working_day(deadline.due)
    assert _counted_days(start, deadline.due, is_working_day) == text.period.working_days


@given(facts(), st.integers(min_value=0, max_value=400))
@settings(max_examples=200)
def test_a_not_held_certificate_is_due_3_working_days_after_the_30th_day(case, ago):
    """Regs 35 to 37 (via IPSEA): never before the 30 days for mediation have run."""
    case = _with(case, "mediation-requested", ago)
    deadline = assess(case).deadline("certificate-mediation-not-held")
    if deadline is None:
        return
    thirtieth = case.date_of("mediation-requested") + timedelta(days=30)
    assert is_working_day(deadline.due)
    assert _counted_days(thirtieth, deadline.due, is_working_day) == 3


@given(facts(), st.sampled_from(_AFTER_AGREEMENT), st.integers(min_value=0, max_value=400))
@settings(max_examples=300)
def test_a_mediation_agreement_clock_is_exactly_its_weeks_after_the_agreement(case, clock, ago):
    """SEND Regulations 2014 reg 42(2) to (4): weeks from the date of the agreement, unmoved."""
    text = _CLOCKS[clock]
    case = _with(case, text.starts_at, ago)
    deadline = assess(case).deadline(clock)
    if deadline is None:
        return  # another concern, or an agreement from an earlier round
    assert deadline.due == case.date_of(text.starts_at) + timedelta(weeks=text.period.weeks)


@given(facts(), st.integers(min_value=0, max_value=900))
@settings(max_examples=200)
def test_an_exclusion_claim_is_due_within_6_months_starting_with_the_exclusion(case, ago):
    """Equality Act 2010 Sch 17 para 4(1): the day counts, so the last day is before the
    corresponding date 6 months on, and it is never moved for weekends or holidays."""
    case = replace(_with(case, "permanently-excluded", ago), concern="exclusion")
    deadline = assess(case).deadline("exclusion-discrimination-claim")
    start = case.date_of("permanently-excluded")
    if deadline is None:
        assert start < _CLOCKS["exclusion-discrimination-claim"].took_effect
        return
    assert start < deadline.due < add_months(start, 6)


# ---- the deadline that matters (issue 18) ---------------------------------------------------


# The only deadlines the engine can drop as no longer applying (`_is_still_relevant`).
CAN_LAPSE = {"draft-plan-comments", "tribunal-appeal"}


@given(facts())
def test_the_next_deadline_is_the_nearest_still_to_come_and_passed_ones_are_flags(case) -> None:
    result = assess(case)
    found = focus(result, case)
    unmet = [d for d in result.deadlines if d.met_on is None]
    flagged = [*found.to_check, *found.to_push]
    if found.next is not None:
        assert found.next.days_left >= 0 and found.next.met_on is None
        nearer = [d for d in unmet if d.days_left >= 0 and d.due < found.next.due]
        assert all(d.id in CAN_LAPSE for d in nearer)
    else:
        assert all(d.id in CAN_LAPSE for d in unmet if d.days_left >= 0)
    assert found.next not in flagged
    assert all(d.days_left < 0 and d.met_on is None for d in flagged)
    assert all(d.whose == "parent" for d in found.to_check)
    assert all(d.whose != "parent" for d in found.to_push)
    # Every passed, unmet deadline is flagged unless it no longer applies.
    assert all(d in flagged or d.id in CAN_LAPSE for d in unmet if d.days_left < 0)


@given(facts())
def test_a_deadline_set_aside_is_neither_next_nor_flagged(case) -> None:
    result = assess(case)
    found = focus(result, case)
    for chosen in [found.next, *found.to_check, *found.to_push]:
        if chosen is None:
            continue
        again = focus(result, case, set_aside={chosen.id})
        assert chosen.id not in {d.id for d in [again.next, *again.to_check, *again.to_push] if d}


@given(facts(), st.integers(min_value=1, max_value=60))
def test_the_focus_stays_the_same_until_the_day_after_the_next_deadline(case, later) -> None:
    """Why a caseload may cache it: only a due date passing changes it, so a cached focus is
    stale exactly when its next due date is before today."""
    found = focus(assess(case), case)
    day = case.today + timedelta(days=later)
    if found.next is not None and found.next.due < day:
        return
    moved = dataclasses.replace(case, today=day)
    assert _keys(focus(assess(moved), moved)) == _keys(found)


def _keys(found: Focus) -> tuple[object, ...]:
    return (
        found.next and (found.next.id, found.next.due),
        [(d.id, d.due) for d in found.to_check],
        [(d.id, d.due) for d in found.to_push],
    )


def test_the_family_due_today_comes_before_a_council_duty_today() -> None:
    from send_redress import Facts

    day = date(2027, 2, 11)
    case = Facts(
        concern="refused-assessment",
        today=day,
        local_authority="bedford",
        events={"decision-notice-sent": (date(2026, 12, 11),)},
    )
    found = focus(assess(case), case)
    assert found.next is not None and found.next.due == day and found.next.whose == "parent"
    tomorrow = dataclasses.replace(case, today=day + timedelta(days=1))
    after = focus(assess(tomorrow), tomorrow)
    assert after.next is None
    assert {d.id for d in after.to_check} >= {"tribunal-appeal", "mediation-adviser-contact"}


@given(
    facts(),
    st.sampled_from(
        sorted(d.id for d in _CLOCKS.values() if d.arithmetic == "tribunal-letter-date")
    ),
    st.integers(min_value=-400, max_value=400),
)
@settings(max_examples=200)
def test_a_date_from_the_tribunals_letter_is_never_moved(case, clock, days_ahead):
    """A date the Tribunal set (its registration letter) is due on that very day: rule 12 moves
    only periods it counts (12(3)(b), 12(4)), and 12(2)'s next working day would be later."""
    text = _CLOCKS[clock]
    case = case.with_event(text.starts_at, case.today + timedelta(days=days_ahead))
    day = case.date_of(text.starts_at)  # the latest, if there were two
    deadline = assess(case).deadline(clock)
    if deadline is None:
        assert not _bears_on(text, case.concern)
        return
    assert deadline.due == day
    assert deadline.days_left == (day - case.today).days
