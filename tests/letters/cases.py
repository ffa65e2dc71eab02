"""One realistic case per letter type (the assess contract's input plus a "letter" object), and
what each letter must contain. Shared by the letter tests, the CLI tests and the benchmark."""

from __future__ import annotations

import copy
from typing import Any

SENDER = {
    "sender_name": "Alex Smith",
    "sender_address": ["1 High Street", "Bedford", "MK40 1AA"],
    "sender_email": "alex@example.com",
    "child_name": "Sam Smith",
    "child_date_of_birth": "2016-05-04",
}


def _case(concern: str, events: dict[str, str], letter: dict[str, Any], **facts: Any) -> dict:
    return {
        "today": "2027-02-01",
        "local_authority": "bedford",
        "setting": "maintained-school",
        "concern": concern,
        "events": [{"type": t, "date": d} for t, d in events.items()],
        **facts,
        "letter": {**SENDER, **letter},
    }


ISSUES = ["Sam's reading sessions stopped in October.", "Sam's support plan has not been reviewed."]
OUTCOMES = ["Restart the reading sessions three times a week.", "Review the plan with me."]

CASES: dict[str, dict[str, Any]] = {
    "raise-concern": _case(
        "support-in-school",
        {},
        {"school_name": "Oakfield Primary School", "issues": ISSUES, "outcomes": OUTCOMES},
    ),
    "school-complaint": _case(
        "support-in-school",
        {"raised-with-school": "2026-11-10"},
        {
            "school_name": "Oakfield Primary School",
            "issues": ISSUES,
            "outcomes": OUTCOMES,
            "response_date": "2027-02-19",
        },
    ),
    "governors-complaint": _case(
        "support-in-school",
        {"raised-with-school": "2026-10-01", "school-complaint-made": "2026-11-20"},
        {
            "school_name": "Oakfield Primary School",
            "issues": ISSUES,
            "why_not_settled": ["The headteacher did not answer the points I raised."],
            "outcomes": OUTCOMES,
            "copy_to_director": True,
        },
    ),
    "la-send-team": _case(
        "delay",
        {"assessment-requested": "2026-09-01"},
        {
            "issues": ["The council has not told me whether it will assess Sam."],
            "outcomes": OUTCOMES,
        },
    ),
    "la-complaint": _case(
        "delay",
        {"assessment-requested": "2026-09-01", "raised-with-local-authority": "2026-11-02"},
        {
            "issues": ["The council missed the legal time limit to decide on an assessment."],
            "injustice": ["Sam has waited five months without the help an assessment could bring."],
            "outcomes": ["Decide on the assessment now.", "Apologise."],
        },
    ),
    "request-assessment": _case(
        "support-in-school",
        {"raised-with-school": "2026-10-01"},
        {
            "school_name": "Oakfield Primary School",
            "needs": ["Sam cannot yet read simple words, two years behind his class."],
            "support_so_far": ["Small-group phonics since Year 2."],
        },
    ),
    "mediation-adviser": _case(
        "refused-assessment",
        {"assessment-requested": "2026-11-02", "decision-notice-sent": "2026-12-11"},
        {"mediation_choice": "mediation", "disagreement": ["The refusal to assess Sam's needs."]},
    ),
    "ombudsman-summary": _case(
        "plan-not-delivered",
        {
            "became-aware": "2026-09-15",
            "raised-with-local-authority": "2026-09-20",
            "la-complaint-made": "2026-10-05",
            "la-complaint-exhausted": "2026-12-20",
        },
        {
            "what_happened": [
                "Sam's plan gives him 10 hours of speech therapy a term. None has happened since September."
            ],
            "fault": ["The council did not arrange the therapy in section F of Sam's plan."],
            "injustice": ["Sam has lost a term of therapy and his speech has gone backwards."],
            "outcomes": ["Arrange the therapy now.", "Make up the lost sessions."],
        },
    ),
    "subject-access-request": _case(
        "support-in-school",
        {},
        {"sar_to": "school", "school_name": "Oakfield Primary School"},
    ),
    "letter-before-claim": _case(
        "plan-not-delivered",
        {"decision-notice-sent": "2026-12-15"},
        {
            "decision": "The council's failure since September 2026 to secure the speech therapy in section F of Sam's plan.",
            "grounds": ["The council must secure the provision in section F of the plan."],
            "outcomes": ["Secure the speech therapy within 14 days."],
            "information_requested": ["Records of the council's attempts to arrange the therapy."],
        },
    ),
    # Issue 14's letters: each case shows the clock the letter is about.
    "annual-review-overdue": _case(
        "plan-contents",
        {"final-plan-issued": "2025-11-03"},
        {"issues": ["Sam now needs help with speech and language."]},
    ),
    "reassessment-request": _case(
        "plan-contents",
        {"final-plan-issued": "2026-03-02"},
        {
            "needs": ["Sam was diagnosed with autism in December 2026."],
            "support_so_far": ["Reading sessions twice a week."],
            "enclosures": ["The paediatrician's report."],
        },
    ),
    "tribunal-order-missed": _case(
        "tribunal-order-not-followed",
        {"tribunal-ordered-plan": "2026-11-02"},
        {"reference": "EH123/26/00001"},
    ),
    "phase-transfer-missed": _case(
        "plan-contents",
        {"final-plan-issued": "2024-06-03", "post-16-move-due": "2027-06-01"},
        {"injustice": ["We do not know which college Sam will go to in June."]},
        setting="post-16",
    ),
    "reinstatement-request": _case(
        "exclusion",
        {"permanently-excluded": "2027-01-22"},
        {
            "school_name": "Oakfield Primary School",
            "issues": [
                "The school did not make the adjustments in Sam's plan before excluding him."
            ],
            "outcomes": ["Reinstate Sam straight away."],
        },
    ),
    "review-panel-request": _case(
        "exclusion",
        {"permanently-excluded": "2027-01-08", "reinstatement-decided": "2027-01-29"},
        {
            "school_name": "Oakfield Primary School",
            "grounds": ["The governors did not consider Sam's autism or the support in his plan."],
        },
    ),
    "nhs-complaint": _case(
        "health-or-care-only",
        {"became-aware": "2026-11-10"},
        {
            "health_body_name": "NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board",
            "issues": [
                "The speech and language therapy in section G of Sam's plan has not started."
            ],
            "outcomes": ["Start the therapy within 2 weeks."],
        },
    ),
}


def case(letter_type: str, **letter_changes: Any) -> dict[str, Any]:
    """A deep copy of a letter type's case, with some of the letter's details changed."""
    data = copy.deepcopy(CASES[letter_type])
    data["letter"].update(letter_changes)
    return data
