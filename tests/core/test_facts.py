"""Reading the contract's input into facts."""

from __future__ import annotations

from datetime import date

import pytest

from send_redress import Facts, FactsError, parse_facts


def test_the_latest_of_a_repeated_event_counts():
    facts = parse_facts({
        "today": "2027-05-01",
        "concern": "delay",
        "events": [
            {"type": "became-aware", "date": "2027-03-01"},
            {"type": "became-aware", "date": "2027-01-01"},
        ],
    })  # fmt: skip
    assert facts.date_of("became-aware") == date(2027, 3, 1)


def test_defaults():
    facts = parse_facts({"concern": "delay"}, default_today=date(2027, 1, 4))
    assert facts.today == date(2027, 1, 4)
    assert facts.setting == "maintained-school"
    assert facts.local_authority is None
    assert dict(facts.events) == {}


def test_unknown_fields_are_problems_not_ignored():
    with pytest.raises(FactsError) as error:
        parse_facts({"concern": "delay", "child_name": "Sam"})
    assert error.value.problems == ["child_name: unknown field (value 'Sam')"]


def test_an_event_on_today_is_allowed_and_one_after_is_not():
    base = {"today": "2027-01-04", "concern": "delay"}
    parse_facts({**base, "events": [{"type": "became-aware", "date": "2027-01-04"}]})
    with pytest.raises(FactsError):
        parse_facts({**base, "events": [{"type": "became-aware", "date": "2027-01-05"}]})


def test_facts_are_immutable_and_with_event_returns_a_copy():
    facts = Facts(concern="delay", today=date(2027, 1, 4))
    later = facts.with_event("became-aware", date(2027, 1, 1))
    assert not facts.has("became-aware") and later.has("became-aware")
    with pytest.raises(TypeError):
        facts.events["became-aware"] = date(2027, 1, 1)  # type: ignore[index]


def test_every_concern_asks_about_known_events_and_order_pairs_are_known():
    from send_redress import CONCERNS, EVENT_ORDER, EVENT_TYPES, EVENTS_BY_CONCERN

    assert set(EVENTS_BY_CONCERN) == set(CONCERNS)
    for events in EVENTS_BY_CONCERN.values():
        assert set(events) <= set(EVENT_TYPES) and len(events) == len(set(events))
    assert {e for pair in EVENT_ORDER for e in pair} <= set(EVENT_TYPES)


def test_only_a_planned_move_may_be_dated_after_today():
    facts = parse_facts(
        {
            "today": "2027-01-10",
            "concern": "placement-only",
            "events": [{"type": "phase-transfer-due", "date": "2027-09-01"}],
        }
    )
    assert facts.date_of("phase-transfer-due") == date(2027, 9, 1)
    with pytest.raises(FactsError) as caught:
        parse_facts(
            {
                "today": "2027-01-10",
                "concern": "placement-only",
                "events": [{"type": "decision-notice-sent", "date": "2027-09-01"}],
            }
        )
    assert caught.value.problems == ["events[0].date: 2027-09-01 is after today (2027-01-10)"]
