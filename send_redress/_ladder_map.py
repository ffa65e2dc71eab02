"""The reviewer's map: every concern's path through the ladder, walked by the engine itself.

For each concern we start a fresh case (with the decision letter or the act of discrimination
dated today, where the concern needs one), take the engine's next step, add the events that
finish that step, and repeat. So the map shows what the engine does, and cannot drift from it.
"""

from __future__ import annotations

from datetime import date

from send_redress._concerns import APPEALABLE
from send_redress._content import Content
from send_redress._engine import assess
from send_redress._facts import Facts
from send_redress._registry import CONCERNS

__all__ = ["REVIEW_DATE", "format_map", "walk"]

# A fixed ordinary working day, so the map is the same whenever it is printed.
REVIEW_DATE = date(2027, 3, 10)

# The events that finish a step. A step with none is where the parent carries on with that route.
_FINISHES: dict[str, tuple[str, ...]] = {
    "talk-to-school": ("raised-with-school",),
    "school-complaint": ("school-complaint-made",),
    "governing-body": ("school-complaints-exhausted",),
    "local-authority-send-team": ("raised-with-local-authority",),
    "local-authority-complaint": ("la-complaint-made", "la-complaint-exhausted"),
    "mediation": ("mediation-certificate-issued",),
    "tribunal": ("tribunal-appeal-made",),
    "request-assessment": ("assessment-requested",),
    "governing-board-reinstatement": ("reinstatement-decided",),
    "independent-review-panel": ("review-panel-requested",),
    "nhs-complaint": ("nhs-complaint-made", "nhs-complaint-answered"),
    "social-care-complaint": ("care-complaint-made",),
    "transport-review": ("transport-review-requested", "transport-review-decided"),
    "transport-appeal-panel": ("transport-appeal-requested", "transport-appeal-decided"),
}


def starting_facts(concern: str, pack: str = "bedford") -> Facts:
    events: dict[str, tuple[date, ...]] = {}
    if concern in APPEALABLE:
        events["decision-notice-sent"] = (REVIEW_DATE,)
    if concern == "disability-discrimination":
        events["discrimination-occurred"] = (REVIEW_DATE,)
    if concern == "exclusion":
        events["permanently-excluded"] = (REVIEW_DATE,)
    if concern == "school-transport":
        events["decision-notice-sent"] = (REVIEW_DATE,)
    return Facts(concern=concern, today=REVIEW_DATE, local_authority=pack, events=events)


def walk(
    concern: str, content: Content, pack: str = "bedford"
) -> list[tuple[str, tuple[str, ...]]]:
    """The steps the engine recommends in turn, each with the events that finished it."""
    facts = starting_facts(concern, pack)
    path: list[tuple[str, tuple[str, ...]]] = []
    while True:
        step = assess(facts, content).next_step
        finishing = _FINISHES.get(step, ())
        if any(s == step for s, _ in path):
            break
        path.append((step, finishing))
        if not finishing:
            break
        for event_type in finishing:
            facts = facts.with_event(event_type, REVIEW_DATE)
    return path


def format_map(content: Content, pack: str = "bedford") -> str:
    lines = [
        "Every concern's path through the ladder, walked by the engine",
        f"(a new case on {REVIEW_DATE.isoformat()} in the {pack} pack; appealable concerns start",
        "with the decision letter dated that day)",
        "",
    ]
    for concern in CONCERNS:
        start = assess(starting_facts(concern, pack), content)
        lines.append(f"{concern}: {content.concerns[concern].label}")
        steps = []
        for step, finishing in walk(concern, content, pack):
            done = f" --[{', '.join(finishing)}]-->" if finishing else ""
            steps.append(f"{step}{done}")
        lines.append("  path:       " + " ".join(steps))
        for status, label in (
            ("available", "alongside"),
            ("not-yet", "not yet"),
            ("not-applicable", "not for this"),
        ):
            ids = [r.id for r in start.routes if r.status == status]
            if ids:
                lines.append(f"  {label + ':':<12}{', '.join(ids)}")
        clocks = [d.id for d in start.deadlines]
        if clocks:
            lines.append(f"  {'clocks:':<12}{', '.join(clocks)}")
        for route in start.routes:
            if route.status == "not-applicable":
                lines.append(f"    - {route.id}: {route.why}")
        lines.append("")
    return "\n".join(lines)
