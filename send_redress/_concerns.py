"""Groups of concerns that the law treats alike. One place, so the rules cannot disagree."""

from __future__ import annotations

__all__ = [
    "APPEALABLE",
    "CONTINUING_FAILURES",
    "COUNCIL_NOT_APPEALABLE",
    "EVENTS_BY_CONCERN",
    "EVENT_ORDER",
    "event_order_for",
    "HAS_PLAN",
    "JUDICIAL_REVIEW_CONCERNS",
    "NEEDS_CERTIFICATE",
    "ONE_OFF_JUDICIAL_REVIEW",
    "RESPONSE_EVENTS",
    "ROUND_STARTS",
    "OMBUDSMAN_CAN_LOOK",
    "SCHOOL_CONCERNS",
]

# Council decisions that can be appealed to the First-tier Tribunal (CFA 2014 s.51(2)).
APPEALABLE = frozenset(
    {
        "refused-assessment",
        "refused-plan",
        "plan-contents",
        "placement-only",
        "refused-reassessment",
        "refused-amendment",
        "ceasing-plan",
    }
)

# Appeals that need a mediation certificate first: all but placement-only appeals (CFA s.55).
NEEDS_CERTIFICATE = APPEALABLE - {"placement-only"}

# About what a school does: the Ombudsman cannot look inside schools (LGA 1974 Sch 5 para 5(2)).
SCHOOL_CONCERNS = frozenset({"support-in-school", "disability-discrimination"})

# About the council, but no appeal lies: complaints, the Ombudsman, judicial review.
COUNCIL_NOT_APPEALABLE = frozenset(
    {"health-or-care-only", "delay", "plan-not-delivered", "process-handling"}
)

OMBUDSMAN_CAN_LOOK = COUNCIL_NOT_APPEALABLE

# Where judicial review is a real route: a legal duty or decision with no appeal behind it.
# A one-off decision starts the 3 months of CPR 54.5 from its letter; a continuing failure (a
# duty still not met: CFA 2014 s.42, SEND Regulations 2014 reg 13(2)) renews the grounds each
# day it lasts, so there is no fixed end while it goes on.
ONE_OFF_JUDICIAL_REVIEW = frozenset({"health-or-care-only", "process-handling"})
CONTINUING_FAILURES = frozenset({"delay", "plan-not-delivered"})
JUDICIAL_REVIEW_CONCERNS = ONE_OFF_JUDICIAL_REVIEW | CONTINUING_FAILURES

# What starts a round: each decision letter gives a fresh right of appeal (CFA 2014 s.51) and
# needs its own mediation certificate (s.55(3)); each act of discrimination its own claim.
# Concerns with no appeal (health or care only, delay...) have no rounds: mediation about the
# health and care parts can come before or after any letter.
ROUND_STARTS = {
    **{concern: "decision-notice-sent" for concern in sorted(APPEALABLE)},
    "disability-discrimination": "discrimination-occurred",
}

# Events that answer a round's decision: they count only for the round they follow.
RESPONSE_EVENTS = (
    "mediation-requested",
    "mediation-held",
    "mediation-certificate-issued",
    "tribunal-appeal-made",
)

# Concerns that mean the child already has an EHC plan.
HAS_PLAN = frozenset(
    {
        "plan-contents",
        "placement-only",
        "refused-reassessment",
        "refused-amendment",
        "ceasing-plan",
        "health-or-care-only",
        "plan-not-delivered",
    }
)

# Pairs (later, earlier): the first event cannot happen before the second. Checked by the engine
# (a warning) and by the web journey (an error on the date question).
EVENT_ORDER = (
    ("school-complaints-exhausted", "school-complaint-made"),
    ("la-complaint-exhausted", "la-complaint-made"),
    ("mediation-held", "mediation-requested"),
    ("mediation-certificate-issued", "decision-notice-sent"),
    ("mediation-requested", "decision-notice-sent"),
    ("draft-plan-issued", "assessment-requested"),
    ("amendments-proposed", "annual-review-meeting"),
    ("tribunal-appeal-made", "decision-notice-sent"),
)


def event_order_for(concern: str) -> tuple[tuple[str, str], ...]:
    """The order pairs that apply to a concern: a decision letter orders only appeal events."""
    return tuple(
        (later, earlier)
        for later, earlier in EVENT_ORDER
        if earlier != "decision-notice-sent" or concern in APPEALABLE
    )


_SCHOOL_EVENTS = ("raised-with-school", "school-complaint-made", "school-complaints-exhausted")
_COUNCIL_EVENTS = ("raised-with-local-authority", "la-complaint-made", "la-complaint-exhausted")
_APPEAL_EVENTS = (
    "decision-notice-sent",
    "mediation-requested",
    "mediation-held",
    "mediation-certificate-issued",
    "tribunal-appeal-made",
)

# The events that bear on each concern: the ones that start its clocks or move its ladder.
# A journey asks only about these; the engine accepts any event for any concern.
EVENTS_BY_CONCERN: dict[str, tuple[str, ...]] = {
    "support-in-school": (*_SCHOOL_EVENTS, "assessment-requested"),
    "disability-discrimination": (
        "discrimination-occurred",
        *_SCHOOL_EVENTS,
        "tribunal-appeal-made",
    ),
    "refused-assessment": ("assessment-requested", *_APPEAL_EVENTS, "raised-with-local-authority"),
    "refused-plan": ("assessment-requested", *_APPEAL_EVENTS, "raised-with-local-authority"),
    "plan-contents": (
        "assessment-requested",
        "draft-plan-issued",
        "annual-review-meeting",
        "amendments-proposed",
        *_APPEAL_EVENTS,
    ),
    "placement-only": (
        "assessment-requested",
        "draft-plan-issued",
        "annual-review-meeting",
        "amendments-proposed",
        *_APPEAL_EVENTS,
    ),
    "refused-reassessment": (*_APPEAL_EVENTS, "raised-with-local-authority"),
    "refused-amendment": ("annual-review-meeting", *_APPEAL_EVENTS),
    "ceasing-plan": ("annual-review-meeting", *_APPEAL_EVENTS),
    "health-or-care-only": (
        *_COUNCIL_EVENTS,
        "decision-notice-sent",
        "mediation-requested",
        "mediation-held",
        "became-aware",
    ),
    "delay": (
        "assessment-requested",
        "draft-plan-issued",
        "annual-review-meeting",
        "amendments-proposed",
        *_COUNCIL_EVENTS,
        "became-aware",
        "decision-notice-sent",
    ),
    "plan-not-delivered": (
        "raised-with-school",
        *_COUNCIL_EVENTS,
        "became-aware",
        "decision-notice-sent",
    ),
    "process-handling": (
        "assessment-requested",
        "draft-plan-issued",
        "annual-review-meeting",
        "amendments-proposed",
        *_COUNCIL_EVENTS,
        "became-aware",
        "decision-notice-sent",
    ),
}
