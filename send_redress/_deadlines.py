"""The statutory clocks: when each starts, how its due date is worked out, and when it is met.

Each clock is one entry in `content/deadlines.yaml`: its trigger event, its period and how the
period is counted, the concerns it bears on, the events that meet it, and its words and sources.
One function here counts every such clock. A clock whose arithmetic is new names a function in
`ARITHMETIC` below; that is the only code a new clock needs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from send_redress._calendar import (
    TribunalAct,
    add_months,
    add_school_days,
    add_working_days,
    end_of_days_beginning_with,
    end_of_months_after,
    end_of_months_beginning_with,
    end_of_weeks_after,
    tribunal_rule_12,
)
from send_redress._concerns import (
    APPEALABLE,
    NEEDS_CERTIFICATE,
    OMBUDSMAN_CAN_LOOK,
    ONE_OFF_JUDICIAL_REVIEW,
)
from send_redress._content import Content, DeadlineText, Period
from send_redress._facts import Facts
from send_redress._wording import long_date

__all__ = ["ARITHMETIC", "CONCERN_GROUPS", "Clock", "compute_clocks"]


@dataclass(frozen=True)
class Clock:
    id: str
    due: date
    working: str
    met_on: date | None = None


# Names a clock's `applies_to` may use for a group of concerns the registry defines.
CONCERN_GROUPS: dict[str, frozenset[str]] = {
    "@appealable": APPEALABLE,
    "@needs-certificate": NEEDS_CERTIFICATE,
    "@ombudsman": OMBUDSMAN_CAN_LOOK,
    "@one-off-judicial-review": ONE_OFF_JUDICIAL_REVIEW,
}


def compute_clocks(facts: Facts, content: Content) -> dict[str, Clock]:
    """Every clock that has started, bears on this concern and was law when it started."""
    clocks = {}
    facts = _with_council_holidays(facts, content)
    by_trigger = _clocks_by_trigger(content)
    for text in (t for kind in facts.events for t in by_trigger.get(kind, ())):
        started = _start(facts, text)
        if started is None or not _applies(text, facts.concern) or not _in_force(text, started):
            continue
        if not all(facts.has(needed) for needed in text.requires):
            continue
        if text.settings and facts.setting not in text.settings:
            continue
        count = ARITHMETIC.get(text.arithmetic, _counted) if text.arithmetic else _counted
        clock = count(facts, text, started)
        if not _overtaken(facts, text, started, clock.met_on):
            clocks[text.id] = clock
    return clocks


def _overtaken(facts: Facts, text: DeadlineText, started: date, met_on: date | None) -> bool:
    """An event on or after the start, with the clock not yet met, has made it moot (issue 15:
    a certificate issued after "council arranges mediation" left a council duty on the list)."""
    return any(
        day >= started and (met_on is None or day < met_on)
        for kind in text.overtaken_by
        for day in facts.dates_of(kind)
    )


_BY_TRIGGER: dict[int, tuple[Content, dict[str, tuple[DeadlineText, ...]]]] = {}


def _clocks_by_trigger(content: Content) -> dict[str, tuple[DeadlineText, ...]]:
    """The clocks each event type starts, so a case looks only at the clocks its events start
    (a case has a handful of event types; the registry has dozens of clocks)."""
    cached = _BY_TRIGGER.get(id(content))
    if cached is None or cached[0] is not content:
        grouped: dict[str, list[DeadlineText]] = {}
        for text in content.deadlines.values():
            grouped.setdefault(text.starts_at, []).append(text)
        cached = (content, {kind: tuple(texts) for kind, texts in grouped.items()})
        _BY_TRIGGER[id(content)] = cached
    return cached[1]


def _with_council_holidays(facts: Facts, content: Content) -> Facts:
    """The council's published school holidays, where the case gives none of its own: a
    parent's dates (the school's own, an academy's) always win."""
    if facts.has(HOLIDAY_STARTS) or facts.local_authority is None:
        return facts
    # Only a council's own pack has term dates; one that borrows the England pack has none.
    pack = content.local_authorities.get(facts.local_authority)
    if pack is None or not pack.school_holidays:
        return facts
    for holiday in pack.school_holidays:
        facts = facts.with_event(HOLIDAY_STARTS, holiday.first)
        facts = facts.with_event(HOLIDAY_ENDS, holiday.last)
    return facts


def _start(facts: Facts, text: DeadlineText) -> date | None:
    if text.start == "earliest":  # e.g. "first had notice" (LGA 1974 s.26B)
        return facts.first_date_of(text.starts_at)
    return facts.date_of(text.starts_at)


def _applies(text: DeadlineText, concern: str) -> bool:
    return any(concern == c or concern in CONCERN_GROUPS.get(c, ()) for c in text.applies_to)


def _in_force(text: DeadlineText, started: date) -> bool:
    """The law as it was when the clock started: a rule not yet in force, or ended, is not used."""
    return text.took_effect <= started and (text.ends is None or started < text.ends)


def _counted(facts: Facts, text: DeadlineText, started: date) -> Clock:
    """A clock that is one period from its start, met by the first event that shows it done."""
    if text.period.school_days:
        due, working = count_school_days(
            facts, text.period.school_days, started, text.trigger_words
        )
    else:
        due, working = count_period(text.period, text.counting, started, text.trigger_words)
    if text.note:
        working += " " + text.note
    return Clock(text.id, due, working, _met_on(facts, text, started))


def count_period(period: Period, counting: str, started: date, what: str) -> tuple[date, str]:
    """The last day of a period and the working, in words."""
    after = counting == "after"
    if period.working_days:
        due = add_working_days(started, period.working_days)
        return due, (
            f"{_amount(period)} after {long_date(started)} ({what}), leaving out weekends and"
            f" bank holidays, is {long_date(due)}."
        )
    if period.weeks:
        due = end_of_weeks_after(started, period.weeks)  # a week period always runs "after"
    elif period.months:
        due = (end_of_months_after if after else end_of_months_beginning_with)(
            started, period.months
        )
    elif after:
        due = started + timedelta(days=period.days)
    else:
        due = end_of_days_beginning_with(started, period.days)
    if after:
        return due, f"{_amount(period)} after {long_date(started)} ({what}) is {long_date(due)}."
    return due, (
        f"{_amount(period)} beginning with {long_date(started)} ({what}, which counts)"
        f" end on {long_date(due)}."
    )


# The school's holidays, as the case gives them: each from the first day with no school to the
# last. A holiday with no end given is left out: counting its days as school days can only give
# an earlier date.
HOLIDAY_STARTS, HOLIDAY_ENDS = "school-holiday-starts", "school-holiday-ends"


def school_holidays(facts: Facts) -> tuple[tuple[date, date], ...]:
    ends = facts.dates_of(HOLIDAY_ENDS)
    holidays = []
    for first in facts.dates_of(HOLIDAY_STARTS):
        last = next((end for end in ends if end >= first), None)
        if last is not None:
            holidays.append((first, last))
    return tuple(holidays)


def count_school_days(facts: Facts, days: int, started: date, what: str) -> tuple[date, str]:
    """The last of `days` school days after `started` (School Discipline Regulations 2012: "school
    day" is a day with a school session), and the working, in words."""
    holidays = school_holidays(facts)
    due = add_school_days(started, days, holidays)
    amount = f"{days} school day" + ("" if days == 1 else "s")
    if holidays:
        listed = "; ".join(f"{long_date(a)} to {long_date(b)}" for a, b in holidays)
        return due, (
            f"{amount} after {long_date(started)} ({what}), leaving out weekends, bank holidays"
            f" and the school holidays ({listed}), is {long_date(due)}. These are your dates, or"
            " where you gave none the council's published ones. Training days when the school is"
            " closed would make it later: check with the school."
        )
    return due, (
        f"{amount} after {long_date(started)} ({what}), leaving out weekends and bank holidays, is"
        f" {long_date(due)}. We do not know the school's term dates, so we counted every weekday"
        " that is not a bank holiday; school holidays would make the real date later. Add the"
        " school's holiday dates to get the exact date."
    )


def _amount(period: Period) -> str:
    for unit in ("working_days", "school_days", "weeks", "months", "days"):
        if count := getattr(period, unit):
            word = unit.replace("_", " ")
            return f"{count} {word[:-1] if count == 1 else word}"
    raise ValueError("a period needs a length")


def _met_on(facts: Facts, text: DeadlineText, started: date) -> date | None:
    """The first date, on or after the start, of an event that meets this clock."""
    days = [
        day
        for rule in text.met_by
        if not rule.concerns or facts.concern in rule.concerns
        for day in facts.dates_of(rule.event)
        if day >= started
    ]
    return min(days, default=None)


# ---- clocks whose arithmetic is their own -------------------------------------------------


def _amended_plan(facts: Facts, text: DeadlineText, meeting: date) -> Clock:
    due, working = count_period(text.period, text.counting, meeting, text.trigger_words)
    proposed = next((d for d in facts.dates_of("amendments-proposed") if d >= meeting), None)
    if proposed is not None:
        # Reg 22(3): 8 weeks from sending the proposed amendments. Proposals sent late would push
        # that past the 12 weeks; the earlier date is the one a parent can hold the council to.
        after_proposal = end_of_weeks_after(proposed, 8)
        working += (
            f" 8 weeks after {long_date(proposed)} (the council sent its proposed changes) is"
            f" {long_date(after_proposal)}."
        )
        due = min(due, after_proposal)
        working += f" The earlier date counts: {long_date(due)}."
    return Clock(text.id, due, working, _met_on(facts, text, meeting))


def _tribunal_appeal(facts: Facts, text: DeadlineText, notice: date) -> Clock:
    last_day, first_step = count_period(text.period, text.counting, notice, text.trigger_words)
    steps = [first_step]
    certificate = next(
        (d for d in reversed(facts.dates_of("mediation-certificate-issued")) if d >= notice), None
    )
    # Placement-only appeals need no certificate; we count only the 2 months, the earlier reading.
    if certificate is not None and facts.concern in NEEDS_CERTIFICATE:
        after_certificate = end_of_months_after(certificate, 1)
        steps.append(
            f"1 month after {long_date(certificate)} (the date of the mediation certificate)"
            f" is {long_date(after_certificate)}."
        )
        last_day = max(last_day, after_certificate)
        steps.append(f"The later date counts: {long_date(last_day)}.")
    due = tribunal_rule_12(last_day, TribunalAct.START_SEN_APPEAL)
    steps += _rule_12_steps(last_day, due)
    if facts.concern in NEEDS_CERTIFICATE and certificate is None:
        steps.append(
            "When you get a mediation certificate, you will have 1 month from its date instead,"
            " if that ends later."
        )
    return Clock(text.id, due, " ".join(steps), _met_on(facts, text, notice))


def _tribunal_rule_12_2(facts: Facts, text: DeadlineText, started: date) -> Clock:
    """A time limit under the Tribunal's own rules, moved only by rule 12(2)."""
    last_day, working = count_period(text.period, text.counting, started, text.trigger_words)
    due = tribunal_rule_12(last_day, TribunalAct.OTHER)
    steps = [working, *_rule_12_steps(last_day, due, TribunalAct.OTHER)]
    return Clock(text.id, due, " ".join(steps), _met_on(facts, text, started))


def _annual_review(facts: Facts, text: DeadlineText, first_plan: date) -> Clock:
    """CFA 2014 s.44(1): a review within 12 months starting with the day the plan was first made,
    then within each 12 months starting with the day it was last reviewed. Only the current
    period is shown; it starts again with each review, so it is met by none."""
    reviews = [d for d in facts.dates_of("annual-review-meeting") if d >= first_plan]
    if reviews:
        started, what = reviews[-1], "the last review meeting"
    else:
        started, what = first_plan, text.trigger_words
    due, working = count_period(text.period, text.counting, started, what)
    return Clock(text.id, due, working)


def _phase_transfer(facts: Facts, text: DeadlineText, transfer: date) -> Clock:
    """SEND Regulations 2014 reg 18: the amended plan naming the new school is due *before* a
    fixed day in the calendar year of the move (so the day before is the last day), or at least
    5 months before a move between post-16 places. Counted back from a date still to come."""
    if text.period.months:  # reg 18(2): at least 5 months before the move
        due = add_months(transfer, -text.period.months)
        working = (
            f"{_amount(text.period)} before {long_date(transfer)} ({text.trigger_words}) is"
            f" {long_date(due)}."
        )
    else:
        fixed = _BEFORE_DAY[text.id]
        if transfer == date(2015, 9, 1) and text.id == "post-16-transfer":
            fixed = (5, 31)  # reg 18(3): moves on 1 September 2015, before 31 May 2015
        before = date(transfer.year, *fixed)
        due = before - timedelta(days=1)
        working = (
            f"Before {long_date(before)} in the year of the move ({text.trigger_words},"
            f" {long_date(transfer)}): the last day is {long_date(due)}."
        )
        if due >= transfer:  # a move early in the year: the plan cannot come after it
            due = transfer - timedelta(days=1)
            working += f" The move is sooner, so the plan is due by {long_date(due)}."
    # Reg 20(10) and 22(3): up to 4 weeks to propose changes, then up to 8 weeks to issue.
    safe = due - timedelta(weeks=12)
    working += (
        f" For the council to meet it, the review meeting should be by {long_date(safe)}"
        " (12 weeks before)."
    )
    plans = [d for d in facts.dates_of("final-plan-issued") if add_months(transfer, -12) <= d]
    return Clock(text.id, due, working, min(plans, default=None))


def _tribunal_letter_date(facts: Facts, text: DeadlineText, day: date) -> Clock:
    """A date the Tribunal set itself (its registration letter, its directions): due on that day,
    by 5pm (rule 12(1)). Rule 12 never moves it here: 12(3)(b) leaves days out only when a period
    is counted, and a date the Tribunal directs is outside it (12(4)); 12(2) would allow the next
    working day after a weekend or bank holiday, which is later than the letter, so we keep the
    letter's date and say so."""
    working = f"{long_date(day)} is {text.trigger_words}."
    if text.note:
        working += " " + text.note
    moved = tribunal_rule_12(day, TribunalAct.OTHER)
    if text.whose == "parent" and moved != day:
        working += (
            f" It is not a working day: Tribunal rule 12(2) may give you until {long_date(moved)},"
            " but send it before the weekend or holiday to be safe."
        )
    return Clock(text.id, day, working, _met_on(facts, text, day))


# Reg 18(1): "before 31 March" (secondary school to a post-16 place), "before 15 February" (any
# other move between phases), in the calendar year of the move.
_BEFORE_DAY = {"post-16-transfer": (3, 31), "phase-transfer": (2, 15)}


def _rule_12_steps(
    last_day: date, due: date, act: TribunalAct = TribunalAct.START_SEN_APPEAL
) -> list[str]:
    """Why rule 12 moved the date. Only starting an SEN appeal is moved by 12(3)."""
    if due == last_day:
        return []
    if act is TribunalAct.START_SEN_APPEAL:
        month_day = (last_day.month, last_day.day)
        if month_day >= (12, 25) or month_day == (1, 1):
            why = "it falls between 25 December and 1 January, so Tribunal rule 12(3) moves it to"
            return [
                f"{long_date(last_day)}: {why} the first working day after 1 January,"
                f" {long_date(due)}."
            ]
        if last_day.month == 8:
            why = "it falls in August, so Tribunal rule 12(3) moves it to the first working day"
            return [f"{long_date(last_day)}: {why} after 31 August, {long_date(due)}."]
    return [
        f"{long_date(last_day)} is not a working day, so Tribunal rule 12(2) moves it to the next"
        f" working day, {long_date(due)}."
    ]


def _certificate_mediation_not_held(facts: Facts, text: DeadlineText, asked: date) -> Clock:
    """The council could not arrange mediation within 30 days of being asked: it tells the
    mediation adviser, who sends a certificate within 3 working days. We count from the 30th day
    (the earliest the council can know it has failed). Mediation held in the 30 days meets it."""
    thirtieth = asked + timedelta(days=30)
    due = add_working_days(thirtieth, text.period.working_days)
    working = (
        f"30 days after {long_date(asked)} ({text.trigger_words}) is {long_date(thirtieth)}."
        f" {_amount(text.period)} after that, leaving out weekends and bank holidays, is"
        f" {long_date(due)}."
    )
    held_in_time = [d for d in facts.dates_of("mediation-held") if asked <= d <= thirtieth]
    certificates = [d for d in facts.dates_of("mediation-certificate-issued") if d >= asked]
    return Clock(text.id, due, working, min(held_in_time + certificates, default=None))


ARITHMETIC: dict[str, Callable[[Facts, DeadlineText, date], Clock]] = {
    "certificate-mediation-not-held": _certificate_mediation_not_held,
    "amended-plan": _amended_plan,
    "tribunal-appeal": _tribunal_appeal,
    "tribunal-rule-12-2": _tribunal_rule_12_2,
    "annual-review": _annual_review,
    "phase-transfer": _phase_transfer,
    "tribunal-letter-date": _tribunal_letter_date,
}
