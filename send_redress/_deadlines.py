"""The statutory clocks: when each starts, how its due date is worked out, and when it is met.

Each clock is one small function from the facts to a `Clock` (or None when the event that starts
it is absent or the clock does not bear on the concern). Text, sources and confidence live in
`content/deadlines.yaml`; only the arithmetic lives here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from send_redress._calendar import (
    TribunalAct,
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
from send_redress._facts import Facts
from send_redress._wording import long_date

__all__ = ["CLOCKS", "Clock", "compute_clocks"]


@dataclass(frozen=True)
class Clock:
    id: str
    due: date
    working: str
    met_on: date | None = None


def compute_clocks(facts: Facts) -> dict[str, Clock]:
    """Every clock that has started and bears on this concern, in the contract's order."""
    clocks = {}
    for clock_id, rule in CLOCKS.items():
        clock = rule(facts)
        if clock is not None:
            clocks[clock_id] = clock
    return clocks


# Which decision a decision notice records depends on the concern: the notice meets these clocks.
_NOTICE_MEETS = {
    "refused-assessment": ("assessment-decision",),
    "refused-plan": ("no-plan-decision",),
    "plan-contents": ("final-plan", "amended-plan"),
    "placement-only": ("final-plan", "amended-plan"),
    "refused-amendment": ("annual-review-decision",),
    "ceasing-plan": ("annual-review-decision",),
}

# The council's process clocks, and the concerns they bear on.
_PROCESS_CONCERNS = {
    "assessment-decision": {"support-in-school", "refused-assessment", "delay", "process-handling"},
    "no-plan-decision": {"refused-plan", "delay", "process-handling"},
    "final-plan": {"plan-contents", "placement-only", "delay", "process-handling"},
    "draft-plan-comments": {
        "plan-contents",
        "placement-only",
        "health-or-care-only",
        "delay",
        "process-handling",
    },
    "annual-review-decision": {
        "plan-contents",
        "placement-only",
        "refused-amendment",
        "ceasing-plan",
        "health-or-care-only",
        "plan-not-delivered",
        "delay",
        "process-handling",
    },
    "amended-plan": {
        "plan-contents",
        "placement-only",
        "health-or-care-only",
        "delay",
        "process-handling",
    },
}


def _on_or_after(facts: Facts, event_type: str, start: date) -> date | None:
    """The event's date if it happened on or after `start` (an earlier one belongs to another round)."""
    day = facts.date_of(event_type)
    return day if day is not None and day >= start else None


def _met_by_notice(facts: Facts, clock_id: str, started: date) -> date | None:
    met = []
    if clock_id in _NOTICE_MEETS.get(facts.concern, ()):
        met.append(_on_or_after(facts, "decision-notice-sent", started))
    if clock_id == "annual-review-decision":
        # Sending the proposed amendments within the 4 weeks is the notice reg 20(10) asks for
        # (R (L, M and P) v Devon CC [2022] EWHC 493 (Admin)).
        met.append(_on_or_after(facts, "amendments-proposed", started))
    return min((day for day in met if day is not None), default=None)


def _weeks_clock(
    clock_id: str, trigger: str, weeks: int, what: str
) -> Callable[[Facts], Clock | None]:
    def rule(facts: Facts) -> Clock | None:
        started = facts.date_of(trigger)
        if started is None or facts.concern not in _PROCESS_CONCERNS[clock_id]:
            return None
        due = end_of_weeks_after(started, weeks)
        working = f"{weeks} weeks after {long_date(started)} ({what}) is {long_date(due)}."
        return Clock(clock_id, due, working, _met_by_notice(facts, clock_id, started))

    return rule


def _amended_plan(facts: Facts) -> Clock | None:
    meeting = facts.date_of("annual-review-meeting")
    if meeting is None or facts.concern not in _PROCESS_CONCERNS["amended-plan"]:
        return None
    due = end_of_weeks_after(meeting, 12)
    working = f"12 weeks after {long_date(meeting)} (the review meeting) is {long_date(due)}."
    proposed = _on_or_after(facts, "amendments-proposed", meeting)
    if proposed is not None:
        # Reg 22(3): 8 weeks from sending the proposed amendments. Proposals sent late would push
        # that past the 12 weeks; the earlier date is the one a parent can hold the council to.
        after_proposal = end_of_weeks_after(proposed, 8)
        working += (
            f" 8 weeks after {long_date(proposed)} (the council sent its proposed changes) is"
            f" {long_date(after_proposal)}."
        )
        if after_proposal < due:
            due = after_proposal
        working += f" The earlier date counts: {long_date(due)}."
    return Clock("amended-plan", due, working, _met_by_notice(facts, "amended-plan", meeting))


def _draft_plan_comments(facts: Facts) -> Clock | None:
    served = facts.date_of("draft-plan-issued")
    if served is None or facts.concern not in _PROCESS_CONCERNS["draft-plan-comments"]:
        return None
    due = end_of_days_beginning_with(served, 15)
    working = (
        f"15 days beginning with {long_date(served)} (the day the draft was served, which counts)"
        f" end on {long_date(due)}."
    )
    return Clock("draft-plan-comments", due, working)


def _mediation_adviser_contact(facts: Facts) -> Clock | None:
    notice = facts.date_of("decision-notice-sent")
    if notice is None or facts.concern not in NEEDS_CERTIFICATE:
        return None
    due = end_of_months_after(notice, 2)
    working = (
        f"2 months after {long_date(notice)} (the date on the decision letter) is {long_date(due)}."
    )
    contacted = [
        day
        for kind in ("mediation-requested", "mediation-certificate-issued")
        if (day := facts.date_of(kind)) is not None and day >= notice
    ]
    return Clock("mediation-adviser-contact", due, working, min(contacted, default=None))


def _mediation_arranged(facts: Facts) -> Clock | None:
    requested = facts.date_of("mediation-requested")
    if requested is None or facts.concern not in APPEALABLE | {"health-or-care-only"}:
        return None
    due = requested + timedelta(days=30)
    working = f"30 days after {long_date(requested)} (the day you asked for mediation) is {long_date(due)}."
    return Clock(
        "mediation-arranged", due, working, _on_or_after(facts, "mediation-held", requested)
    )


def _mediation_certificate(facts: Facts) -> Clock | None:
    held = facts.date_of("mediation-held")
    if held is None or facts.concern not in APPEALABLE | {"health-or-care-only"}:
        return None
    due = add_working_days(held, 3)
    working = (
        f"3 working days after {long_date(held)} (the day mediation ended), leaving out weekends"
        f" and bank holidays, is {long_date(due)}."
    )
    issued = _on_or_after(facts, "mediation-certificate-issued", held)
    return Clock("mediation-certificate", due, working, issued)


def _tribunal_appeal(facts: Facts) -> Clock | None:
    notice = facts.date_of("decision-notice-sent")
    if notice is None or facts.concern not in APPEALABLE:
        return None
    last_day = end_of_months_after(notice, 2)
    steps = [
        f"2 months after {long_date(notice)} (the date on the decision letter) is {long_date(last_day)}."
    ]
    certificate = facts.date_of("mediation-certificate-issued")
    # Placement-only appeals need no certificate; we count only the 2 months, the earlier reading.
    if certificate is not None and certificate >= notice and facts.concern in NEEDS_CERTIFICATE:
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
    appealed = _on_or_after(facts, "tribunal-appeal-made", notice)
    return Clock("tribunal-appeal", due, " ".join(steps), appealed)


def _rule_12_steps(last_day: date, due: date) -> list[str]:
    if due == last_day:
        return []
    if (last_day.month, last_day.day) >= (12, 25) or (last_day.month, last_day.day) == (1, 1):
        why = "it falls between 25 December and 1 January, so Tribunal rule 12(3) moves it to the"
        return [
            f"{long_date(last_day)}: {why} first working day after 1 January, {long_date(due)}."
        ]
    if last_day.month == 8:
        why = "it falls in August, so Tribunal rule 12(3) moves it to the first working day after"
        return [f"{long_date(last_day)}: {why} 31 August, {long_date(due)}."]
    return [
        f"{long_date(last_day)} is not a working day, so Tribunal rule 12(2) moves it to the next"
        f" working day, {long_date(due)}."
    ]


def _discrimination_claim(facts: Facts) -> Clock | None:
    occurred = facts.date_of("discrimination-occurred")
    if occurred is None or facts.concern != "disability-discrimination":
        return None
    # Not moved by rule 12: the 6 months is set by the Equality Act itself, and rule 12(3) no longer
    # covers these claims. Keeping the statutory date is the earlier, safer reading.
    due = end_of_months_beginning_with(occurred, 6)
    working = (
        f"6 months starting with {long_date(occurred)} (the day it happened, which counts)"
        f" end on {long_date(due)}. We do not move this date for weekends or holidays."
    )
    claimed = _on_or_after(facts, "tribunal-appeal-made", occurred)
    return Clock("discrimination-claim", due, working, claimed)


def _ombudsman_time_limit(facts: Facts) -> Clock | None:
    aware = facts.first_date_of("became-aware")  # the earliest: "first had notice" (s.26B)
    if aware is None or facts.concern not in OMBUDSMAN_CAN_LOOK:
        return None
    due = end_of_months_beginning_with(aware, 12)
    working = (
        f"12 months beginning with {long_date(aware)} (the day you first knew, which counts)"
        f" end on {long_date(due)}."
    )
    return Clock("ombudsman-time-limit", due, working)


def _judicial_review(facts: Facts) -> Clock | None:
    notice = facts.date_of("decision-notice-sent")
    if notice is None or facts.concern not in ONE_OFF_JUDICIAL_REVIEW:
        return None  # a continuing failure has no fixed end while it lasts
    due = end_of_months_after(notice, 3)
    working = (
        f"3 months after {long_date(notice)} (the date on the decision letter) is {long_date(due)}."
        " The claim must also be made promptly: the court can refuse one made sooner than that"
        " if it was not prompt."
    )
    return Clock("judicial-review", due, working)


CLOCKS: dict[str, Callable[[Facts], Clock | None]] = {
    "assessment-decision": _weeks_clock(
        "assessment-decision", "assessment-requested", 6, "the council received the request"
    ),
    "no-plan-decision": _weeks_clock(
        "no-plan-decision", "assessment-requested", 16, "the council received the request"
    ),
    "final-plan": _weeks_clock(
        "final-plan", "assessment-requested", 20, "the council received the request"
    ),
    "draft-plan-comments": _draft_plan_comments,
    "annual-review-decision": _weeks_clock(
        "annual-review-decision", "annual-review-meeting", 4, "the review meeting"
    ),
    "amended-plan": _amended_plan,
    "mediation-adviser-contact": _mediation_adviser_contact,
    "mediation-arranged": _mediation_arranged,
    "mediation-certificate": _mediation_certificate,
    "tribunal-appeal": _tribunal_appeal,
    "discrimination-claim": _discrimination_claim,
    "ombudsman-time-limit": _ombudsman_time_limit,
    "judicial-review": _judicial_review,
}
