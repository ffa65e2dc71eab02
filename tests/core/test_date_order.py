"""The one list of date-order rules (registry.yaml `not_before`), as `date_order_problems`."""

from __future__ import annotations

from datetime import date

from send_redress import OrderProblem, date_order_problems, load_content


def test_a_decision_letter_before_the_request_is_one_problem_naming_both_dates() -> None:
    problems = date_order_problems(
        "refused-assessment",
        {"assessment-requested": date(2026, 9, 15), "decision-notice-sent": date(2026, 9, 14)},
    )
    assert problems == (
        OrderProblem(
            later="decision-notice-sent",
            later_date=date(2026, 9, 14),
            earlier="assessment-requested",
            earlier_date=date(2026, 9, 15),
        ),
    )


def test_the_same_day_is_in_order() -> None:
    day = date(2026, 9, 15)
    events = {"assessment-requested": day, "decision-notice-sent": day}
    assert date_order_problems("refused-assessment", events) == ()


def test_a_later_round_does_not_make_an_earlier_rounds_letter_wrong() -> None:
    """Round 1: request and decision; round 2: a new request. The first letter is after the
    first request, so nothing is out of order."""
    events = {
        "assessment-requested": [date(2025, 1, 6), date(2026, 1, 5)],
        "decision-notice-sent": [date(2025, 3, 3)],
    }
    assert date_order_problems("refused-assessment", events) == ()


def test_a_letter_before_every_request_is_a_problem_even_with_rounds() -> None:
    events = {
        "assessment-requested": [date(2025, 1, 6), date(2026, 1, 5)],
        "decision-notice-sent": [date(2024, 12, 2), date(2025, 3, 3)],
    }
    (problem,) = date_order_problems("refused-assessment", events)
    assert (problem.later_date, problem.earlier_date) == (date(2024, 12, 2), date(2025, 1, 6))


def test_decision_letter_rules_apply_only_where_there_is_an_appeal() -> None:
    """For a concern with no appeal, a "decision letter" may answer something else."""
    events = {"assessment-requested": date(2026, 9, 15), "decision-notice-sent": date(2026, 1, 1)}
    assert date_order_problems("delay", events) == ()


def test_every_rule_names_its_dates_in_words() -> None:
    """Each event in a rule has its own date name for the messages that cite both dates."""
    events = load_content().events
    in_rules = {
        e for event in events.values() for e in (event.id, *event.not_before) if event.not_before
    }
    assert all(events[e].date_name for e in in_rules)
