"""The result page and `send-redress assess --format json` agree on every shared example.

The examples live in `shared/examples/` beside the repository (../shared from its root, as in
CI). Each one's answers go into the session as the journey would store them, today is fixed to
the example's, and the page's next step, route statuses, deadlines (id, due date, status) and
warnings must equal the JSON printed by the real command, run in a subprocess.

The journey asks only about the events that bear on the chosen concern
(send_redress.EVENTS_BY_CONCERN), so an example's other events cannot be put in the session;
the comparison then shows they change none of these figures.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from send_redress import EVENTS_BY_CONCERN, load_content, today_in_london
from web.journey.answers import Answers
from web.journey.testing import assessment_figures, put_answers, result_figures

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = (ROOT / ".." / "shared" / "examples").resolve()
FILES = sorted(EXAMPLES.glob("*.json"))
CLI = Path(sys.executable).with_name("send-redress")

pytestmark = pytest.mark.django_db


def test_the_shared_examples_are_there():
    assert FILES, f"no examples in {EXAMPLES}: shared/ should be beside the repository"


def answers_for(example: dict[str, Any]) -> tuple[Answers, list[str]]:
    """The answers the journey would store for an example, and the events it cannot ask."""
    concern = example["concern"]
    council = example.get("local_authority")
    dates: dict[str, date] = {}
    for event in example.get("events", []):
        day = date.fromisoformat(event["date"])
        dates[event["type"]] = max(day, dates.get(event["type"], day))  # the latest counts
    asked = [e for e in EVENTS_BY_CONCERN[concern] if e in dates]
    answers = Answers(
        who="parent",
        council=council if load_content().local_authority(council) is not None else "england",
        setting=example.get("setting", "maintained-school"),
        concern=concern,
        events=tuple(asked),
        dates={e: dates[e] for e in asked},
    )
    return answers, sorted(set(dates) - set(asked))


def assess_with_the_cli(path: Path) -> dict[str, Any]:
    command = [str(CLI)] if CLI.exists() else [sys.executable, "-m", "send_redress.cli"]
    done = subprocess.run(
        [*command, "assess", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_the_result_page_agrees_with_the_cli(client, path):
    example = json.loads(path.read_text("utf-8"))
    answers, not_asked = answers_for(example)
    cli = assess_with_the_cli(path)
    today = date.fromisoformat(example.get("today") or today_in_london().isoformat())
    put_answers(client, answers)
    with override_settings(SEND_REDRESS_TODAY=today):
        response = client.get("/result")
    assert response.status_code == 200, response.get("Location")
    page = result_figures(response.content.decode())
    expected = assessment_figures(cli)
    assert cli["today"] == today.isoformat() and cli["concern"] == answers.concern
    assert cli["local_authority"] == answers.council and cli["setting"] == answers.setting
    assert page["next_step"] == expected["next_step"]
    assert page["routes"] == expected["routes"]
    assert page["deadlines"] == expected["deadlines"]
    assert page["warnings"] == expected["warnings"]
    assert len(page["routes"]) >= 13, "every route of the pack is on the page"
    if not_asked:
        print(f"{path.name}: the journey does not ask about {', '.join(not_asked)}")
