"""Groups of concerns that the law treats alike. One place, so the rules cannot disagree."""

from __future__ import annotations

__all__ = [
    "APPEALABLE",
    "COUNCIL_NOT_APPEALABLE",
    "HAS_PLAN",
    "JUDICIAL_REVIEW_CONCERNS",
    "NEEDS_CERTIFICATE",
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
JUDICIAL_REVIEW_CONCERNS = frozenset({"health-or-care-only", "delay", "plan-not-delivered"})

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
