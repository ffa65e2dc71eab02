"""The law as it was: a rule applies to events from the day it took effect until it ends."""

from __future__ import annotations

from datetime import date

import msgspec

from send_redress import Facts, assess, load_content

DECISION = date(2027, 3, 1)
FACTS = Facts(
    concern="refused-plan", today=date(2027, 3, 10), events={"decision-notice-sent": (DECISION,)}
)


def _with_tribunal_clock(**changes: object):
    content = load_content()
    clock = msgspec.structs.replace(content.deadlines["tribunal-appeal"], **changes)
    return msgspec.structs.replace(content, deadlines={**content.deadlines, clock.id: clock})


def test_a_rule_in_force_on_the_day_of_the_decision_is_applied():
    assert assess(FACTS, _with_tribunal_clock(took_effect=DECISION)).deadline("tribunal-appeal")


def test_a_rule_that_takes_effect_after_the_decision_is_not_applied_today():
    content = _with_tribunal_clock(took_effect=date(2029, 9, 1))
    assert assess(FACTS, content).deadline("tribunal-appeal") is None
    assert assess(FACTS, content).deadline("mediation-adviser-contact") is not None


def test_a_rule_that_ended_before_the_decision_is_not_applied():
    content = _with_tribunal_clock(took_effect=date(2014, 9, 1), ends=DECISION)
    assert assess(FACTS, content).deadline("tribunal-appeal") is None


def test_a_rule_that_ends_after_the_decision_still_applies_to_it():
    content = _with_tribunal_clock(took_effect=date(2014, 9, 1), ends=date(2027, 3, 2))
    assert assess(FACTS, content).deadline("tribunal-appeal") is not None
