"""Declarative scenarios (OpenFisca style): each YAML file under scenarios/ lists cases with
`name`, `reference` (the source that justifies the expectation), `facts` (the contract's input)
and `expect` (a subset of the output that must hold).

expect keys:
  next_step: route id
  routes: {route id: status}
  deadlines: {deadline id: YYYY-MM-DD}
  deadline_status: {deadline id: upcoming | today | passed}
  met: {deadline id: YYYY-MM-DD}
  no_deadlines: [deadline id, ...]        must be absent
  warnings: [text, ...]                   each must appear within some warning
  no_warnings: true                       the assessment has no warnings
  why: {route id: text}                   text must appear in the route's reason
  local_authority: pack id actually used
  text: [phrase, ...]                     a route reason, warning or the next step has it (any case)
  no_text: [phrase, ...]                  no reason, warning, deadline rule or working has it
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from send_redress import DEADLINE_IDS, ROUTE_IDS, Assessment, assess, parse_facts

SCENARIO_DIR = Path(__file__).parent / "scenarios"
_EXPECT_KEYS = {
    "next_step",
    "routes",
    "deadlines",
    "deadline_status",
    "met",
    "no_deadlines",
    "warnings",
    "no_warnings",
    "why",
    "local_authority",
    "text",
    "no_text",
}


def load_scenarios() -> list[dict[str, Any]]:
    scenarios = []
    for path in sorted(SCENARIO_DIR.glob("*.yaml")):
        for scenario in yaml.safe_load(path.read_text("utf-8")):
            scenarios.append({**scenario, "file": path.name})
    return scenarios


SCENARIOS = load_scenarios()


def _as_input(facts: dict[str, Any]) -> Any:
    # Through JSON and parse_facts, exactly as the CLI reads a case.
    return json.loads(json.dumps(facts, default=lambda d: d.isoformat()))


def run(scenario: dict[str, Any]) -> Assessment:
    return assess(parse_facts(_as_input(scenario["facts"])))


def test_there_are_enough_scenarios() -> None:
    assert len(SCENARIOS) >= 60
    names = [s["name"] for s in SCENARIOS]
    assert len(names) == len(set(names)), "scenario names must be unique"


def test_every_route_and_deadline_is_covered() -> None:
    routes_seen = {r for s in SCENARIOS for r in s["expect"].get("routes", {})}
    routes_seen |= {s["expect"]["next_step"] for s in SCENARIOS if "next_step" in s["expect"]}
    deadlines_seen = {d for s in SCENARIOS for d in s["expect"].get("deadlines", {})}
    assert set(ROUTE_IDS) <= routes_seen
    assert set(DEADLINE_IDS) <= deadlines_seen


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["name"] for s in SCENARIOS])
def test_scenario(scenario: dict[str, Any]) -> None:
    assert scenario.get("reference"), "every scenario names the source that justifies it"
    expect = scenario["expect"]
    assert set(expect) <= _EXPECT_KEYS, f"unknown expect keys {set(expect) - _EXPECT_KEYS}"
    result = run(scenario)

    if "next_step" in expect:
        assert result.next_step == expect["next_step"]
    if "local_authority" in expect:
        assert result.local_authority == expect["local_authority"]
    statuses = {route.id: route.status for route in result.routes}
    for route_id, status in expect.get("routes", {}).items():
        assert statuses.get(route_id) == status, f"{route_id}: {result.route(route_id).why}"
    for route_id, text in expect.get("why", {}).items():
        assert text in result.route(route_id).why
    for deadline_id, due in expect.get("deadlines", {}).items():
        deadline = result.deadline(deadline_id)
        assert deadline is not None, f"{deadline_id} missing"
        assert deadline.due == _date(due), deadline.working
    for deadline_id, status in expect.get("deadline_status", {}).items():
        deadline = result.deadline(deadline_id)
        assert deadline is not None and deadline.status == status
    for deadline_id, met_on in expect.get("met", {}).items():
        deadline = result.deadline(deadline_id)
        assert deadline is not None and deadline.met_on == _date(met_on)
    for deadline_id in expect.get("no_deadlines", []):
        assert result.deadline(deadline_id) is None, f"{deadline_id} should not be listed"
    for text in expect.get("warnings", []):
        assert any(text in warning for warning in result.warnings), result.warnings
    if expect.get("no_warnings"):
        assert result.warnings == ()
    said = [route.why for route in result.routes] + [*result.warnings, result.next_step_text]
    for phrase in expect.get("text", []):
        assert any(phrase.lower() in line.lower() for line in said), said
    written = said + [d.working for d in result.deadlines] + [d.rule for d in result.deadlines]
    for phrase in expect.get("no_text", []):
        found = [line for line in written if phrase.lower() in line.lower()]
        assert not found, found


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)
