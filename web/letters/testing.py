"""Helpers for the letter pages' tests (tests/web/test_letters_*.py).

`JOURNEYS` has, for each letter type, a finished journey whose assessment opens the letter's
route on `TODAY`; `start_journey(client, letter_type)` puts it in the session. `page_data()`
turns a letter's details (tests/letters/cases.py) into what each page's form posts.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from send_redress import Facts
from send_redress.letters import FIELDS
from web.journey.answers import SESSION_KEY, Answers

# Re-exported: the letters tests use the journey's HTML readers.
from web.journey.testing import error_summary as error_summary
from web.journey.testing import h1 as h1
from web.journey.testing import text_of as text_of
from web.journey.testing import title as title

from .questions import page_fields

TODAY = date(2027, 3, 15)


def _journey(concern: str, setting: str = "maintained-school", **events: int) -> Answers:
    """A finished journey: each event `days` before TODAY (keyword: event id with underscores)."""
    dates = {e.replace("_", "-"): TODAY - timedelta(days=d) for e, d in events.items()}
    return Answers(
        who="parent",
        council="bedford",
        setting=setting,
        concern=concern,
        events=tuple(dates),
        dates=dates,
    )


JOURNEYS: dict[str, Answers] = {
    "raise-concern": _journey("support-in-school"),
    "school-complaint": _journey("support-in-school", raised_with_school=40),
    "governors-complaint": _journey(
        "support-in-school", raised_with_school=90, school_complaint_made=40
    ),
    "la-send-team": _journey("delay", assessment_requested=120),
    "la-complaint": _journey("delay", assessment_requested=120, raised_with_local_authority=30),
    "request-assessment": _journey("support-in-school"),
    "mediation-adviser": _journey(
        "refused-assessment", assessment_requested=70, decision_notice_sent=20
    ),
    "ombudsman-summary": _journey(
        "plan-not-delivered",
        became_aware=200,
        raised_with_local_authority=190,
        la_complaint_made=150,
        la_complaint_exhausted=40,
    ),
    "subject-access-request": _journey("support-in-school", raised_with_school=40),
    "letter-before-claim": _journey("plan-not-delivered", decision_notice_sent=30),
    # Issue 14's letters: journeys whose clocks call for them.
    "annual-review-overdue": _journey("plan-contents", final_plan_issued=420),
    "reassessment-request": _journey("plan-contents", final_plan_issued=300),
    "tribunal-order-missed": _journey("tribunal-order-not-followed", tribunal_ordered_plan=91),
    "phase-transfer-missed": _journey(
        "plan-contents", "post-16", final_plan_issued=600, post_16_move_due=10
    ),
    "reinstatement-request": _journey("exclusion", permanently_excluded=3),
    "review-panel-request": _journey("exclusion", permanently_excluded=20, reinstatement_decided=2),
    "nhs-complaint": _journey("health-or-care-only", became_aware=60),
}


def start_journey(client: Any, letter_type: str, answers: Answers | None = None) -> Answers:
    answers = answers or JOURNEYS[letter_type]
    session = client.session
    session[SESSION_KEY] = answers.to_session()
    session.save()
    return answers


def page_data(letter_type: str, page: str, details: dict[str, Any], facts: Facts) -> dict[str, str]:
    """What a visitor types on one page to give these details."""
    data: dict[str, str] = {}
    for name in page_fields(letter_type, facts, page):
        value = details.get(name)
        if value is None:
            continue
        kind = FIELDS[name].kind
        if kind == "date":
            day = date.fromisoformat(value)
            data |= {f"{name}-day": str(day.day), f"{name}-month": str(day.month)}
            data[f"{name}-year"] = str(day.year)
        elif kind in ("lines", "items"):
            data[name] = "\n".join(value)
        elif kind == "bool":
            if value:
                data[name] = "yes"
        else:
            data[name] = str(value)
    return data


def inline_error(html: str, field_id: str) -> str:
    match = re.search(
        rf'<p id="{field_id}-error" class="govuk-error-message">(.*?)</p>', html, re.S
    )
    return text_of(match.group(1)).removeprefix("Error: ") if match else ""


def ids(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


def draft_links(html: str) -> list[str]:
    """The letter types the result page offers, in page order."""
    return re.findall(r'data-letter="([a-z-]+)"', html)
